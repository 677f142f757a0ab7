"""The FOI guide to information: all seven classes of the ICO model scheme, each item complete."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from generator.core.findings import Finding, Location
from generator.features.information.codes import (
    PUBLICATION_ADOPTED_UNSET,
    PUBLICATION_CLASS_EMPTY,
    PUBLICATION_CLASS_MISSING,
    PUBLICATION_CLASS_TWICE,
    PUBLICATION_ITEM_INCOMPLETE,
    PUBLICATION_NOT_APPLICABLE,
    PUBLICATION_SCHEME_MISSING,
    PUBLICATION_UNCONFIRMED,
    PUBLICATION_UNKNOWN_DOCUMENT,
)
from generator.features.information.publication import CLASSES
from generator.features.policies.checks.references import unknown

if TYPE_CHECKING:
    from generator.features.information.data import InformationData as Handbook

ITEM_FACTS = {"how_to_get": "where to get it", "format": "format", "charge": "charge"}


def check(hb: Handbook) -> Iterable[Finding]:
    scheme = hb.publication_scheme
    if scheme is None:
        if "foi-publication-scheme" in hb.register:
            yield PUBLICATION_SCHEME_MISSING(
                Location(hb.project.shown(hb.project.data_dir / "publication-scheme.yaml")),
                "to be completed: the register lists a publication scheme but publication-scheme.yaml is missing",
            )
        return
    if hb.duty("foi_publication_scheme") is False:
        # Only a public authority has a publication scheme (FOIA 2000 s.19 and Schedule 1).
        yield PUBLICATION_NOT_APPLICABLE(
            scheme.where("classes"),
            "publication-scheme.yaml is not published: the Freedom of Information Act applies to "
            "public authorities, and this kind of setting is not one (the kinds table, generator/data/kinds.yaml)",
        )
        return
    seen: dict[str, object] = {}
    for cls in scheme.classes:
        if cls.id in seen:
            yield PUBLICATION_CLASS_TWICE(cls.where("id"), f"class '{cls.id}' is listed twice")
        seen[cls.id] = cls
        if not cls.items and cls.note is None:
            yield PUBLICATION_CLASS_EMPTY(
                cls.where("items"), f"class '{cls.id}' is empty: say so in a note (why, and until when)"
            )
        for item in cls.items:
            if item.document and item.document not in hb.register:
                yield PUBLICATION_UNKNOWN_DOCUMENT(
                    item.where("document"), unknown("register entry", item.document, hb.register)
                )
            if item.published_source is None:
                yield PUBLICATION_UNCONFIRMED(
                    item.where("title"),
                    f"to be confirmed by the setting: whether '{item.title}' is published; no source says so "
                    "(set published_source: to the words that say it is, or take it off the guide)",
                )
            missing = [what for field, what in ITEM_FACTS.items() if getattr(item, field) is None]
            if missing:
                yield PUBLICATION_ITEM_INCOMPLETE(
                    item.where("title"), f"to be completed: '{item.title}' has no {', '.join(missing)}"
                )
    for class_id, title in CLASSES.items():
        if class_id not in seen:
            yield PUBLICATION_CLASS_MISSING(
                scheme.where("classes"),
                f"the ICO model scheme's class '{class_id}' ({title}) is missing; list it, with a note if it is empty",
            )
    if scheme.adopted is None:
        yield PUBLICATION_ADOPTED_UNSET(
            scheme.where("adopted"), "to be completed: when the setting adopted the model publication scheme"
        )
