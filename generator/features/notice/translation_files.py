"""A notice's words out to a translator (gettext PO, through Babel) and back in.

Every entry is one piece of text a parent reads, found by walking the notice model (free-text
fields only: ids, dates, enums and statement references are not words) and keeping the fields
the printed notice actually shows; then the notice's fixed words (labels) and the names of the
retention records it lists.  Each entry's msgctxt is its place in the translation's YAML
(``purposes.items[1].purpose``, ``translation.labels.tbc``), so an entry is found again on
import however the PO file was reordered.

Nothing here produces translated words: the PO's msgstr comes from a person, or from the
translation file a person made earlier.  A translation records the English it was made from
(``source_fingerprint``); when the English changes afterwards the check warns and every printed
translation says first, boxed at the top of its first page, that it was made from an earlier
English version (``translation_mark``).  With ``--partial``, words not yet translated stay in
English, listed in ``translation.untranslated``, and the box says that parts are still in English.
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import io
import json
import re
import types
import typing
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from babel import Locale, UnknownLocaleError
from babel.messages.catalog import Catalog
from babel.messages.pofile import PoFileError, read_po, write_po
from pydantic import BaseModel

from generator.core.findings import Finding
from generator.features.notice.codes import TRANSLATION_UNTRANSLATED

from .content import SETTING, controller_labels, english_labels, notice_fingerprint, notice_view
from .model import Notice

if TYPE_CHECKING:
    from generator.features.notice.content import NoticeViewsData as Handbook

# `{name}` in English words is a placeholder (as policy words write `{setting}`), not a word to
# translate: a translation that drops one is refused.
PLACEHOLDER = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*\}")

# The words an out-of-step translation says first, in English (the tool writes no
# other language); a translator may give them in the translation's language as labels too.
MARKS: dict[str, str] = {
    "translation_stale": "Translated from an earlier version of the English notice: ask us for the current one",
    "translation_untranslated": "Some parts of this translation are still in English",
}

# What a field is for, for the translator's comment (a field not named here says its path).
PURPOSE: dict[str, str] = {
    "title": "The notice's title.",
    "introduction": "The first paragraph: what the notice is about.",
    "other_formats": "The line telling parents they can ask for the notice in another format or language.",
    "heading": "A heading, written as a question a parent asks.",
    "text": "The notice's own plain words under a heading.",
    "purpose": "One reason we hold information about a child.",
    "name": "One item of a list.",
    "why": "Why we share with this recipient (printed after its name, in the same sentence).",
    "required_by_law": "Who the law requires us to share information with.",
    "regulator_text": "The sentence saying parents can then complain to the data protection regulator.",
    "article9_condition": "The legal condition that lets us use health information.",
    "legitimate_interests": "Our legitimate interests, where they are the lawful basis.",
    "language_name": "The name of your language, written in your language (printed with the notice's title).",
}
ADVICE = "Parents read this: keep it short and plain."


@dataclass
class Entry:
    path: tuple  # in the translation's YAML, e.g. ("purposes", "items", 1, "purpose")
    english: str
    comments: list[str] = field(default_factory=list)

    @property
    def context(self) -> str:
        return shown(self.path)

    @property
    def placeholders(self) -> list[str]:
        return sorted(set(PLACEHOLDER.findall(self.english)))


def shown(path: Iterable[Any]) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


# --- which words are translated ------------------------------------------------------------


def _free_text(annotation: Any, metadata: Iterable[Any] = ()) -> bool:
    """A plain text field (Text): a str without a pattern (ids and slugs have one), not a
    Literal (an enum)."""
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        return any(_free_text(a) for a in typing.get_args(annotation) if a is not type(None))
    if origin is typing.Annotated:
        base, *more = typing.get_args(annotation)
        return _free_text(base, more)
    return annotation is str and not any(getattr(m, "pattern", None) for m in metadata)


def _text_fields(node: BaseModel, path: tuple = ()) -> Iterable[tuple[tuple, str]]:
    """(path, words) of every free-text field set in the model tree (the translation block is
    the translation's own)."""
    for name, info in type(node).model_fields.items():
        value = getattr(node, name)
        if name == "translation" or value is None:
            continue
        if isinstance(value, BaseModel):
            yield from _text_fields(value, path + (name,))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                if isinstance(item, BaseModel):
                    yield from _text_fields(item, path + (name, index))
        elif isinstance(value, str) and _free_text(info.annotation, info.metadata):
            yield path + (name,), value


def _printed_strings(value: Any) -> Iterable[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _printed_strings(v)
    elif isinstance(value, (list, tuple)):
        for v in value:
            yield from _printed_strings(v)
    elif hasattr(value, "__dataclass_fields__"):
        for name in value.__dataclass_fields__:
            yield from _printed_strings(getattr(value, name))


def entries(hb: Handbook, english: Notice) -> list[Entry]:
    """Every piece of text of the English notice a parent reads, in reading order of the file."""
    view = notice_view(hb, english)
    printed = [s for s in _printed_strings(view) if s]
    out: list[Entry] = []
    for path, words in _text_fields(english):
        # Only words the printed notice shows: a field kept for staff (where a lawful basis was
        # read) is not the translator's work.  (It prints {setting} as the setting's name.)
        if not any(words.replace(SETTING, hb.setting.name) in s for s in printed):
            continue
        out.append(
            Entry(path, words, [hb.voice.speak(PURPOSE.get(path[-1], f"Text of the notice ({shown(path)}).")), ADVICE])
        )
    out.append(Entry(("translation", "language_name"), "English", [PURPOSE["language_name"]]))
    for key, words in view.labels.items():
        out.append(
            Entry(
                ("translation", "labels", key),
                words,
                [f"Fixed words the notice prints ({key}); short, like a form's label."]
                + (
                    [
                        "Also printed inside a sentence, after the words for “You can ask to” and in a list of rights: "
                        "write it as it reads there (its capitals are printed as you write them)."
                    ]
                    if key.startswith("right.")
                    else []
                ),
            )
        )
    # Who runs the setting (or the council's sentence): kept out of LABELS, so only a notice
    # that prints them offers them.
    for key, words in controller_labels(hb, english).items():
        out.append(
            Entry(
                ("translation", "labels", key),
                words,
                [f"Fixed words the notice prints about who runs the setting ({key})."],
            )
        )
    for key, words in MARKS.items():  # in the setting's voice, as the English mark prints them
        out.append(
            Entry(
                ("translation", "labels", key),
                hb.voice.speak(words),
                ["Printed in a box at the top of the notice when it applies, under the English words."],
            )
        )
    # (No policy statements: the printed notice quotes none since issue 27; the staff page does.)
    for record_id, entry in _retention_rows(hb, english):
        out.append(
            Entry(
                ("translation", "records", record_id),
                entry.record,
                ["The name of a record in the table of how long we keep information."],
            )
        )
        if entry.period:  # (one not set prints "To be completed", in the translation's own words)
            out.append(
                Entry(
                    ("translation", "periods", record_id),
                    entry.period,
                    [f"How long we keep {entry.record!r}, in the same table."],
                )
            )
    for e in out:
        for name in e.placeholders:
            e.comments.append(f"Keep {name} exactly as written: a placeholder, not a word to translate.")
    return out


def english_words(hb: Handbook, english: Notice) -> str:
    """The fingerprint of the English words a translator is given for this notice (entries):
    what a translation is made from, and all that can make it stale."""
    words = [(e.context, e.english) for e in entries(hb, english)]
    return hashlib.sha256(json.dumps(words, ensure_ascii=False).encode("utf-8")).hexdigest()


def stale_against(hb: Handbook, notice: Notice) -> tuple[str, str, str] | None:
    """For a translation whose English words changed since it was made: (the field that records
    what it was made from, what it records, what the English is now); None while it is current.
    One made before `source_words` was recorded is measured by the whole English notice."""
    tr = notice.translation
    english = hb.notices.get(tr.of) if tr is not None else None
    if tr is None or english is None:
        return None
    if tr.source_words is not None:
        now = english_words(hb, english)
        return None if tr.source_words == now else ("source_words", tr.source_words, now)
    now = notice_fingerprint(hb, english)
    return None if tr.source_fingerprint == now else ("source_fingerprint", tr.source_fingerprint, now)


def _stored_at(entry: Entry) -> tuple:
    """Where a translation file keeps an entry's words: at its path, but a retention period by
    its English words (Translation.periods), so a period changed since is never printed in its
    old translation."""
    return ("translation", "periods", entry.english) if entry.path[:2] == ("translation", "periods") else entry.path


def _retention_rows(hb: Handbook, english: Notice) -> list[tuple[str, Any]]:
    """The retention schedule's entries the notice's table prints, by record id."""
    if english.retention is None:
        return []
    return [(r, hb.retention[r]) for r in english.retention.records if hb.retention.get(r) is not None]


def _at(data: Any, path: tuple) -> Any:
    for part in path:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def direction_of(language: str) -> str:
    """Right to left or not, from the Unicode CLDR data Babel carries (never guessed)."""
    return "rtl" if Locale.parse(language.replace("-", "_")).character_order == "right-to-left" else "ltr"


def translation_of(hb: Handbook, notice_id: str, language: str) -> Notice | None:
    return next(
        (
            t
            for t in hb.translations
            if t.translation is not None and t.translation.of == notice_id and t.translation.language == language
        ),
        None,
    )


# --- export --------------------------------------------------------------------------------


def export_catalog(hb: Handbook, english: Notice, language: str) -> tuple[Catalog, int, int]:
    """The PO catalog for `language`: (catalog, entries pre-filled, of them fuzzy).  Words come
    only from an existing translation file (a person's); an out-of-date one's are fuzzy."""
    made = dt.datetime.combine(hb.as_of, dt.time(), dt.UTC)  # the build's date, not the clock's
    catalog = Catalog(
        locale=language.replace("-", "_"),
        project=english.id,
        version=str(english.version or "draft"),
        copyright_holder=hb.setting.name,
        charset="utf-8",
        fuzzy=False,
        creation_date=made,
        revision_date=made,
        header_comment=(
            f"# {english.title}: {hb.setting.name}'s notice for parents and carers, for translation.\n"
            "# Translate each msgstr; keep {placeholders} as they are. msgctxt says where the text goes:\n"
            "# do not change it. An entry marked fuzzy was translated from an earlier English text:\n"
            "# check it against the English (msgid), then remove the fuzzy flag."
        ),
    )
    existing = translation_of(hb, english.id, language)
    words = existing._source.data if existing is not None and existing._source is not None else None
    old = existing.translation if existing is not None else None
    stale = existing is not None and stale_against(hb, existing) is not None
    kept_english = set(old.untranslated) if old is not None else set()
    filled = fuzzy = 0
    for entry in entries(hb, english):
        string = ""
        if words is not None and entry.context not in kept_english:
            found = _at(words, _stored_at(entry))
            string = found.strip() if isinstance(found, str) else ""
        flags = ["python-brace-format"] if entry.placeholders else []
        if string:
            filled += 1
            if stale:  # the English changed since: the translator checks each one again
                flags.append("fuzzy")
                fuzzy += 1
        catalog.add(entry.english, string, context=entry.context, auto_comments=entry.comments, flags=flags)
    return catalog, filled, fuzzy


def po_text(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_po(out, catalog, width=0, omit_header=False)  # width 0: no re-wrapping of long words
    return out.getvalue()


# --- reading a PO file strictly -------------------------------------------------------------

_STRING = r'"(?:[^"\\]|\\.)*"'
_LINE = re.compile(rf"^\s*(?:(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+{_STRING}|{_STRING})\s*$")


class BadPo(Exception):
    """One line: file:line: what is wrong."""


def read_catalog(path: Path, shown_name: str) -> Catalog:
    """The PO file's catalog; BadPo for a line Babel would guess at (it reads an unterminated
    string as if it ended one character early, silently)."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise BadPo(f"{shown_name}: cannot be read ({exc.strerror})") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        bad_line = raw[: exc.start].count(b"\n") + 1
        raise BadPo(f"{shown_name}:{bad_line}: not UTF-8 text (save the PO file as UTF-8)") from None
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if stripped and not stripped.startswith("#") and not _LINE.match(line):
            raise BadPo(
                f"{shown_name}:{number}: not a PO line (a keyword and a quoted string, or a quoted string): {stripped[:60]}"
            )
    try:
        return read_po(io.BytesIO(text.encode("utf-8")), abort_invalid=True)
    except PoFileError as exc:
        raise BadPo(f"{shown_name}:{getattr(exc, 'lineno', 0) + 1}: {exc}") from None
    except (ValueError, UnknownLocaleError) as exc:
        raise BadPo(f"{shown_name}: {exc}") from None


# --- import --------------------------------------------------------------------------------


@dataclass
class Imported:
    data: dict  # the translation file's data
    language: str
    translated: int
    kept_english: list[str]  # msgctxt of the entries still in English (--partial)


def import_catalog(hb: Handbook, english: Notice, catalog: Catalog, shown_name: str, partial: bool) -> Imported:
    """The translation file's data from a translator's catalog; BadPo with one line per refused
    entry (file:line: msgctxt: why) when it cannot be imported as asked."""
    if catalog.locale is None:
        raise BadPo(
            f"{shown_name}:1: the PO header's Language is missing, or is no language the Unicode CLDR data knows "
            "(export again with handbook translate export)"
        )
    language = str(catalog.locale).replace("_", "-")
    if catalog.locale.language == "en":  # as export refuses it: it would print as a translation of itself
        raise BadPo(
            f"{shown_name}:1: the PO header's Language is {language}, English: a translation is into another language"
        )
    wanted = {e.context: e for e in entries(hb, english)}
    always: list[str] = []  # refused whatever the options
    unfinished: list[tuple[str, str]] = []  # (msgctxt, why): refused unless --partial
    words: dict[str, str] = {}
    seen: set[str] = set()
    for message in catalog:
        if not message.id:
            continue  # the header
        where = f"{shown_name}:{message.lineno}"
        context = message.context or ""
        entry = wanted.get(context)
        if entry is None:
            what = "has no msgctxt" if not context else f"msgctxt {context!r} is not a text of notice {english.id}"
            always.append(f"{where}: {what} (export this notice again and translate that file)")
            continue
        seen.add(context)
        string = message.string if isinstance(message.string, str) else ""
        if message.id != entry.english:
            unfinished.append((context, f"{where}: {context}: the English has changed since this file was exported"))
        elif not string.strip():
            unfinished.append((context, f"{where}: {context}: not translated"))
        elif message.fuzzy:
            unfinished.append(
                (
                    context,
                    f"{where}: {context}: marked fuzzy (check it against the English, then remove the fuzzy flag)",
                )
            )
        else:
            missing = [p for p in entry.placeholders if p not in string]
            if missing:
                always.append(
                    f"{where}: {context}: the translation drops {', '.join(missing)}; keep it exactly as in the English"
                )
            # one the English does not have would be printed as typed, braces and all
            if unknown := sorted(set(PLACEHOLDER.findall(string)) - set(entry.placeholders)):
                always.append(
                    f"{where}: {context}: the translation has {', '.join(unknown)}, which the English does not: "
                    "only the English's own {...} names are read in; take it out"
                )
            words[context] = string.strip()
    for context in wanted:
        if context not in seen:
            unfinished.append((context, f"{shown_name}: {context}: not in the file"))
    if "translation.language_name" not in words:
        always.append(
            f"{shown_name}: translation.language_name: the name of the language is needed (it is printed with the title)"
        )
    problems = always + ([] if partial else [why for _, why in unfinished])
    if problems:
        raise BadPo("\n".join(problems))
    return Imported(
        _translation_data(hb, english, language, words, wanted),
        language,
        len(words),
        sorted({c for c, _ in unfinished}),
    )


def _translation_data(
    hb: Handbook, english: Notice, language: str, words: dict[str, str], wanted: dict[str, Entry]
) -> dict:
    """The English notice's data with the translated words in place; words not translated stay
    English and are listed in translation.untranslated (so the printed notice says so first)."""
    assert english._source is not None  # a loaded notice keeps its file
    data = copy.deepcopy(english._source.data)
    data.pop("translation", None)
    existing = translation_of(hb, english.id, language)
    old = existing.translation if existing is not None else None
    block: dict[str, Any] = {
        "of": english.id,
        "language": language,
        "language_name": words["translation.language_name"],
        "direction": old.direction if old is not None else direction_of(language),
        "source_fingerprint": notice_fingerprint(hb, english),
        "source_words": english_words(hb, english),
    }
    # The translation's own dictionaries: translated policy statements, record names and fixed
    # words.  Statements the PO file no longer carries keep their earlier translation.
    tables: dict[str, dict[str, str]] = {
        "quotes": dict(old.quotes) if old is not None else {},
        "records": {},
        "periods": {},
        "labels": {},
    }
    untranslated: list[str] = []
    given: set[tuple[str, str]] = set()  # (table, key) given words by this file
    for context, entry in wanted.items():
        translated = words.get(context)
        if translated is None:
            untranslated.append(context)
        if entry.path[0] == "translation":
            stored = _stored_at(entry)
            table, key = (stored[1], stored[2]) if len(stored) == 3 else ("", "")  # (language_name: the block's)
            if table in tables:
                if translated is not None:
                    tables[table][key] = translated
                    given.add((table, key))
                elif (table, key) not in given:  # not translated: the English is printed (and said first);
                    tables[table].pop(key, None)  # but two records may keep one period: one translated keeps it
            continue
        target = data
        for part in entry.path[:-1]:
            target = target[part]
        target[entry.path[-1]] = translated if translated is not None else entry.english
    block.update({name: table for name, table in tables.items() if table})
    if untranslated:
        block["untranslated"] = untranslated
    data["translation"] = block
    return data


HEADER = """\
# yaml-language-server: $schema=../../schemas/notice.schema.json
# A translation of notice {id} into {name} ({language}), imported from a translator's PO file
# by `handbook translate import`. To change its words, export it again
# (handbook translate export {id} --language {language} --out FILE.po), have the file
# translated, and import it. An import changes only the words when that is all that changed
# (comments kept); when the English gained or lost parts, the file is written whole again.
# source_fingerprint: the English it was made from; source_words: the English words it was given.
# When those change, `handbook check` warns and the printed translation says first that it was
# made from an earlier English version.
"""


def translation_yaml(imported: Imported) -> str:
    block = imported.data["translation"]
    head = HEADER.format(id=block["of"], name=block["language_name"], language=imported.language)
    return head + yaml.safe_dump(
        imported.data, allow_unicode=True, sort_keys=False, width=100, default_flow_style=False
    )


# --- what a printed translation says, and the check -----------------------------------------


def still_in_english(hb: Handbook, notice: Notice) -> list[str]:
    """Where a translation is still in English (msgctxt): what it lists as untranslated, and
    whatever its English prints from outside the notice's own text that it gives no words for
    (a fixed label, who runs the setting, a retention record's name or period), as a
    translation made before those words were offered, or edited since, does not."""
    tr = notice.translation
    english = hb.notices.get(tr.of) if tr is not None else None
    if tr is None or english is None:
        return []
    labels = [*english_labels(hb), *controller_labels(hb, english)]
    missing = [f"translation.labels.{key}" for key in labels if not tr.labels.get(key)]
    for record_id, entry in _retention_rows(hb, english):
        if not tr.records.get(record_id):
            missing.append(f"translation.records.{record_id}")
        if entry.period and not tr.periods.get(entry.period):
            missing.append(f"translation.periods.{record_id}")
    return [*tr.untranslated, *(m for m in missing if m not in tr.untranslated)]


def translation_mark(hb: Handbook, notice: Notice) -> list[tuple[str, str | None, str]]:
    """What a translation out of step with its English says before anything else, boxed at
    the top of its first page: made from an earlier English version, or parts still in
    English.  In English (the tool writes no other language), then in the translator's words
    for it when the translation gives them: [(lang, dir, words)]."""
    tr = notice.translation
    english = hb.notices.get(tr.of) if tr is not None else None
    if tr is None or english is None:
        return []
    keys = []
    if stale_against(hb, notice) is not None:
        keys.append("translation_stale")
    if still_in_english(hb, notice):
        keys.append("translation_untranslated")
    said: list[tuple[str, str | None, str]] = []
    for key in keys:
        said.append(("en", "ltr", hb.voice.speak(MARKS[key]) + "."))
        if tr.labels.get(key):
            said.append((tr.language, None, tr.labels[key]))
    return said


def check(hb: Handbook) -> Iterable[Finding]:
    for tr_notice in hb.translations:
        tr = tr_notice.translation
        if tr is None:
            continue
        english = still_in_english(hb, tr_notice)
        if english:
            yield TRANSLATION_UNTRANSLATED(
                tr_notice.where("translation", "untranslated" if tr.untranslated else "labels"),
                f"translation ({tr.language}) has {len(english)} entries still in English "
                f"({', '.join(english[:3])}{', ...' if len(english) > 3 else ''}); "
                "the printed translation says first that parts are still in English",
            )


# --- writing over an existing translation file ------------------------------------------------


def line_edited(path: Path, shown_name: str, wanted: dict) -> str | None:
    """The existing translation file with only its changed words rewritten, through the
    project's line editor (comments and layout kept), or None when the change is more than
    words (the English gained or lost an item, an entry went back to English): then the file
    is written whole."""
    from generator.core.load import load_text
    from generator.core.yaml_lines import EditRefused, LineEdits

    try:
        edits = LineEdits.read(path, shown_name)
        _edit(edits, (), copy.deepcopy(edits.expected), wanted)
        text = edits.text()
    except EditRefused:
        return None
    return text if load_text(text, path, shown_name).data == wanted else None


def _edit(edits: Any, path: tuple, old: Any, new: Any) -> None:
    from generator.core.yaml_lines import EditRefused

    if isinstance(old, dict) and isinstance(new, dict):
        if set(old) - set(new):
            raise EditRefused("a key to remove")
        for key, value in new.items():
            if key in old:
                _edit(edits, path + (key,), old[key], value)
            elif isinstance(value, str):
                edits.set_value(path + (key,), value)
            else:
                raise EditRefused("a new block")
    elif isinstance(old, list) and isinstance(new, list):
        if len(old) != len(new):
            raise EditRefused("a list changed")
        for index, (a, b) in enumerate(zip(old, new)):
            if isinstance(a, (dict, list)):
                _edit(edits, path + (index,), a, b)
            elif a != b:
                raise EditRefused("a list changed")
    elif old != new:
        if not isinstance(new, str):
            raise EditRefused("not a text")
        edits.set_value(path, new)
