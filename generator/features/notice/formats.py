"""The notice's "other formats and languages" line, made from what the setting really offers.

Large print is always offered, because every notice is also built as a large-print PDF
(render.py).  The languages named are those of the translation files present (a notice's
translations; for a translation, English and the other translations).  How to ask is the
setting's own contact from setting.yaml, "to be completed" until one is given.  Nothing else
is promised: a format or language that no file supports is never named.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from babel import Locale, UnknownLocaleError

from .model import Notice

if TYPE_CHECKING:
    from generator.features.notice.data import NoticeData as Handbook


def language_label(code: str, own_name: str) -> str:
    """ "বাংলা (Bangla)": the language's own name, which its readers recognise, then its English
    name from the Unicode CLDR (through Babel) for the staff who hand the copy over."""
    try:
        english = Locale.parse(code.replace("-", "_")).get_language_name("en")
    except (ValueError, UnknownLocaleError):
        english = None
    return own_name if not english or english == own_name else f"{own_name} ({english})"


def languages_offered(hb: Handbook, notice: Notice) -> list[str]:
    """The other languages this notice is printed in, from the translation files present."""
    english_id = notice.translation.of if notice.translation else notice.id
    others = [
        t.translation
        for t in hb.translations
        if t.translation is not None
        and t.translation.of == english_id
        and t.translation.language != (notice.translation.language if notice.translation else "en")
    ]
    names = [language_label(t.language, t.language_name) for t in sorted(others, key=lambda t: t.language)]
    if notice.translation and english_id in hb.notices:
        names.insert(0, "English")
    return names


def ask_contact(hb: Handbook) -> str | None:
    """How to ask the setting for another format: its own email and phone (setting.yaml), or
    None (to be completed).  Never an office or a person the data does not name."""
    setting = hb.setting
    return ", ".join(c for c in (setting.email, setting.phone) if c) or None


def other_formats(hb: Handbook, notice: Notice, labels: dict[str, str]) -> tuple[str, str | None]:
    """(the offer, the contact to ask; None: to be completed)."""
    languages = languages_offered(hb, notice)
    offer = labels["formats.offer"]
    if languages:
        offer += f", {labels['formats.or_in']} " + ", ".join(languages)
    return offer + ".", ask_contact(hb)
