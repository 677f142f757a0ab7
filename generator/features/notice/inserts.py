"""What the staff handbook's hand-written pages say about other formats, from the same data as
the notice's own offer (formats.py): the markers a page in docs/ writes and the words the site
puts in their place (site/plugin.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from markupsafe import Markup, escape

from generator.core.fragments import to_be_completed
from generator.core.templating import md

from .content import english_labels
from .formats import ask_contact, other_formats

if TYPE_CHECKING:
    from generator.features.notice.content import NoticeViewsData as Handbook


# Hand-written pages (docs/, such as the accessibility statement) name these markers instead of
# writing the offer or the contact themselves; the site fills them in from the data
# (site/plugin.py), so the staff handbook and the notice say the same.
OTHER_FORMATS_MARKER = "<!-- handbook: other formats -->"
CONTACT_MARKER = "<!-- handbook: contact -->"


def handbook_inserts(hb: Handbook) -> dict[str, str]:
    """Each marker's Markdown: the formats really made, and the contact to ask (or the marker
    "To be completed"), in the setting's voice."""
    voice = hb.voice
    contact = ask_contact(hb)
    # md(): the data's words reach the page's Markdown as text (HTML and Markdown both escaped)
    ask = (
        md(contact) or Markup("")
        if contact
        else to_be_completed(None, "who to ask, and how", hb.setting.where("email"))
    )
    labels = english_labels(hb)
    lines = [
        escape(voice.speak("If you need a policy in another format, ask us: ")) + ask + Markup(". "),
        escape(
            "Any page of this handbook prints on A4 paper from the browser, and can be zoomed to 400% on "
            "screen; the policies are not made in large print or in other languages."
        ),
    ]
    for notice in hb.notices.values():
        offer, _ = other_formats(hb, notice, labels)
        lines.append(
            Markup(" The notice “") + (md(notice.title) or "") + Markup("” says: “") + (md(offer) or "") + Markup("”")
        )
    return {OTHER_FORMATS_MARKER: str(Markup("").join(lines)), CONTACT_MARKER: str(ask)}
