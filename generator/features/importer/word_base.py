"""What `handbook export` wrote, kept inside the .docx, so `import --update` compares three texts.

The export puts a custom XML part in the package (customXml/itemN.xml, with its properties part,
related from the document as the standard's Custom XML Data Storage part): the policy's id,
version and fingerprint at export, its title, and each section's title and each statement's id,
kind and text as exported.  Word and LibreOffice keep such parts when they save a .docx; the
owner never sees it.

On update, for each statement: the base is the exported text, ours the policy file's text now,
theirs the Word copy's.  Unchanged in Word: the file's words stay (an edit made to the file since
the export is not undone).  Changed in Word only: Word's words, as before.  Changed in both, and
differently: a conflict, and nothing is written.  A statement added to the file since the export
stays; one removed from the file since stays removed unless Word changed it (a conflict).  A copy
exported before this record existed is read as before (`record is None`).
"""

from __future__ import annotations

import uuid
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from .merge import Old, Plan, Planned, same_words
from .results import Refused
from .word_revision import Revision

NAMESPACE = "urn:handbook:word-export:1"
_ITEM_PROPS = "http://schemas.openxmlformats.org/officeDocument/2006/customXmlDataProps"


@dataclass(frozen=True)
class ExportedStatement:
    kind: str
    text: str


@dataclass(frozen=True)
class ExportRecord:
    """The policy as it was exported."""

    policy_id: str
    version: str  # the version's record, e.g. "version 1 (released 2026-11-28)"
    fingerprint: str  # policy_fingerprint of the words exported
    title: str
    sections: dict[str, str]  # section id -> title
    statements: dict[str, ExportedStatement]  # statement id -> what was exported
    placed: dict[str, str] = field(default_factory=dict)  # statement id -> its section's id, as exported


@dataclass(frozen=True)
class Conflict:
    """A statement changed both in the Word copy and in the policy file since the export."""

    id: str
    exported: str
    now: str | None  # the file's text now; None: removed from the file since the export
    word: str | None  # the Word copy's text; None: deleted in the copy


class Conflicted(Refused):
    """Refused: the copy and the file changed the same statements (the whole message lists them)."""

    def __init__(self, source: Path, policy_id: str, record: ExportRecord, conflicts: list[Conflict]):
        self.conflicts = conflicts
        lines = [
            f"{source}: not merged, nothing written: {len(conflicts)} statement"
            f"{'s were' if len(conflicts) != 1 else ' was'} changed both in this Word copy and in the "
            f"policy file since the copy was exported ({record.version}):"
        ]
        for c in conflicts:
            lines.append(f"  {c.id}")
            lines.append(f"    {'exported:':<21}{c.exported}")
            lines.append(f"    {'the policy file now:':<21}{c.now if c.now is not None else '(removed from the file)'}")
            lines.append(f"    {'this Word copy:':<21}{c.word if c.word is not None else '(deleted in the copy)'}")
        lines.append(
            f"Export the policy afresh (handbook export {policy_id} --out FILE.docx --force), redo this copy's "
            "edits on the new export, and import that."
        )
        super().__init__("\n".join(lines))


# ---- writing the record (handbook export) ---------------------------------------------------


def add_record(document, policy, version_record: str, fingerprint: str) -> None:
    """Put the record of `policy` as exported into `document` (python-docx) as a custom XML part."""
    from docx.opc.constants import CONTENT_TYPE as CT
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part
    from lxml import etree

    root = etree.Element(f"{{{NAMESPACE}}}export", nsmap={None: NAMESPACE})  # type: ignore[dict-item]
    root.set("policy", policy.id)
    root.set("version", version_record)
    root.set("fingerprint", fingerprint)
    etree.SubElement(root, f"{{{NAMESPACE}}}title").text = policy.title
    for section in policy.sections:
        s = etree.SubElement(root, f"{{{NAMESPACE}}}section", id=section.id)
        etree.SubElement(s, f"{{{NAMESPACE}}}title").text = section.title
        for statement in section.statements:
            etree.SubElement(s, f"{{{NAMESPACE}}}statement", id=statement.id, kind=statement.kind).text = statement.text
    item_id = "{" + str(uuid.uuid5(uuid.NAMESPACE_URL, f"{NAMESPACE}:{policy.id}:{fingerprint}")).upper() + "}"
    props = etree.Element(f"{{{_ITEM_PROPS}}}datastoreItem", nsmap={"ds": _ITEM_PROPS})
    props.set(f"{{{_ITEM_PROPS}}}itemID", item_id)
    etree.SubElement(etree.SubElement(props, f"{{{_ITEM_PROPS}}}schemaRefs"), f"{{{_ITEM_PROPS}}}schemaRef").set(
        f"{{{_ITEM_PROPS}}}uri", NAMESPACE
    )

    def xml(element) -> bytes:
        return etree.tostring(element, xml_declaration=True, encoding="UTF-8", standalone=True)

    package = document.part.package
    name = package.next_partname("/customXml/item%d.xml")  # python-docx's template has an item1
    item = Part(name, CT.XML, xml(root), package)
    props_name = PackURI(name.replace("/item", "/itemProps"))
    item_props = Part(props_name, CT.OFC_CUSTOM_XML_PROPERTIES, xml(props), package)
    item.relate_to(item_props, RT.CUSTOM_XML_PROPS)
    document.part.relate_to(item, RT.CUSTOM_XML)


# ---- reading it back (handbook import --update) ---------------------------------------------


def read_record(path: Path) -> ExportRecord | None:
    """The export's record in the .docx at `path` (already checked by package.check_docx), or
    None when it has none (exported before exports recorded their words, or rebuilt elsewhere)."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    with zipfile.ZipFile(path) as archive:
        for name in sorted(archive.namelist()):
            if not (name.startswith("customXml/") and name.endswith(".xml") and "/item" in name):
                continue
            try:
                root = etree.fromstring(archive.read(name), parser)
            except etree.XMLSyntaxError:
                continue
            if root.tag == f"{{{NAMESPACE}}}export":
                return _record_of(root)
    return None


def _record_of(root) -> ExportRecord:
    ns = f"{{{NAMESPACE}}}"
    sections: dict[str, str] = {}
    statements: dict[str, ExportedStatement] = {}
    placed: dict[str, str] = {}
    for section in root.iterfind(f"{ns}section"):
        sections[section.get("id", "")] = section.findtext(f"{ns}title") or ""
        for statement in section.iterfind(f"{ns}statement"):
            statements[statement.get("id", "")] = ExportedStatement(statement.get("kind", ""), statement.text or "")
            placed[statement.get("id", "")] = section.get("id", "")
    return ExportRecord(
        root.get("policy", ""),
        root.get("version", ""),
        root.get("fingerprint", ""),
        root.findtext(f"{ns}title") or "",
        sections,
        statements,
        placed,
    )


def restructured_since(policy, record: ExportRecord) -> list[str]:
    """How the policy file's sections changed since the copy was exported: a section added, or a
    statement moved to another section.  The three-way merge compares words, not places: a stale
    copy's order would put them back as they were, so such a copy is refused instead."""
    changes = [f"section '{s.id}' added" for s in policy.sections if s.id not in record.sections]
    for section in policy.sections:
        for statement in section.statements:
            was = record.placed.get(statement.id)
            if was is not None and was != section.id:
                changes.append(f"{statement.id} moved from section '{was}' to '{section.id}'")
    return changes


# ---- the three-way merge ---------------------------------------------------------------------


@dataclass
class Reconciled:
    kept: list[str] = field(default_factory=list)  # changed in the file since the export, not in Word
    conflicts: list[Conflict] = field(default_factory=list)


def reconcile(policy, plan: Plan, record: ExportRecord, revision: Revision) -> Reconciled:
    """Change `plan` (Word's text against the file's) so that only what the Word copy changed
    since the export is applied; return what the file keeps and what conflicts."""
    base = record.statements
    ours = {s.id: s for s in policy.statements()}
    done = Reconciled()
    if plan.title_changed and same_words(plan.title, record.title):
        plan.title, plan.title_changed = policy.title, False
    for section in plan.sections:
        exported = record.sections.get(section.id)
        if section.old is not None and section.renamed and exported is not None and same_words(section.title, exported):
            section.title, section.renamed = policy.sections[section.old].title, False

    # Statements the file removed since the export that the copy still has (as new paragraphs,
    # or matched by their words to another statement).
    carried = {b.block.text: b.ids for b in reversed(revision.blocks)}
    for section in plan.sections:
        for planned in list(section.statements):
            gone = [i for i in carried.get(planned.text, []) if i in base and i not in ours]
            if not gone:
                continue
            if not same_words(planned.text, base[gone[0]].text):
                done.conflicts.append(Conflict(gone[0], base[gone[0]].text, None, planned.text))
            section.statements.remove(planned)
            if planned.old is not None:
                plan.removed.append(planned.old)

    for planned in plan.statements():
        old, was = planned.old, base.get(planned.old.id) if planned.old else None
        if old is None or was is None:
            continue  # new in Word, or added to the file since the export: as before
        in_word = not same_words(planned.text, was.text)
        in_file = not same_words(old.text, was.text)
        if not in_word:
            if in_file:
                done.kept.append(old.id)
            planned.text, planned.reworded = old.text, False
        elif in_file and planned.reworded:
            done.conflicts.append(Conflict(old.id, was.text, old.text, planned.text))
        if planned.kind_changed and planned.kind == was.kind:
            planned.kind, planned.kind_changed = old.kind, False
            if old.id not in done.kept:
                done.kept.append(old.id)
        for joined in planned.merged:
            if joined in base and joined in ours and not same_words(ours[joined].text, base[joined].text):
                done.conflicts.append(Conflict(joined, base[joined].text, ours[joined].text, planned.text))

    for old in list(plan.removed):
        was = base.get(old.id)
        if was is None:  # added to the file since the export: it stays
            plan.removed.remove(old)
            _restore(plan, old)
            done.kept.append(old.id)
        elif not same_words(old.text, was.text):
            done.conflicts.append(Conflict(old.id, was.text, old.text, None))
    plan.sections = [s for s in plan.sections if s.statements]
    still_there = {s.old for s in plan.sections}
    plan.removed_sections = [n for n in range(len(policy.sections)) if n not in still_there]
    return done


def _restore(plan: Plan, old: Old) -> None:
    """Put back a statement the copy never had, where the file has it."""
    planned = Planned(old.id, old.kind, old.text, old)
    home = next((s for s in plan.sections if s.old == old.section), None)
    if home is None:
        earlier = [
            (s, k) for s in plan.sections for k, p in enumerate(s.statements) if p.old and p.old.order < old.order
        ]
        if earlier:
            section, k = earlier[-1]
            section.statements.insert(k + 1, planned)
            planned.moved = section.old != old.section
        elif plan.sections:
            plan.sections[0].statements.insert(0, planned)
            planned.moved = plan.sections[0].old != old.section
        return
    at = next(
        (k for k, p in enumerate(home.statements) if p.old and p.old.order > old.order),
        len(home.statements),
    )
    home.statements.insert(at, planned)
