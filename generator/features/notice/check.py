"""The parent fair processing notice: complete under UK GDPR, parent-facing only, readable.

Completeness follows the ICO "right to be informed" checklist (16 elements, with its
conditional rules).  A missing or unset element is a warning (the notice prints "To be
completed" in its place, and `handbook build --strict` fails on it); a broken reference or a
staff-only statement is an error, because it would print something wrong.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from generator.core.clock import long_date
from generator.core.findings import Finding, Location
from generator.features.notice.codes import (
    APPROPRIATE_POLICY_DOCUMENT,
    ARTICLE9_UNSET,
    BASIS_UNSET,
    CATEGORY_MISSING,
    CATEGORY_UNKNOWN_RECORD,
    COMPLAINTS_CONTACT_UNSET,
    COMPLAINTS_TEXT_UNSET,
    CONTROLLER_CONTACT_UNSET,
    CONTROLLER_NAMED_TWICE,
    CONTROLLER_PROVIDER_UNSET,
    DPO_CONTACT_UNSET,
    DPO_LEFT_OUT,
    ELEMENT_EMPTY,
    ELEMENT_MISSING,
    ELEMENT_TEXT_UNSET,
    GLANCE_TOO_LONG,
    HARD_TO_READ,
    INTERESTS_UNSET,
    NOT_FOR_PARENTS,
    OTHER_FORMATS_IGNORED,
    PART_EMPTY,
    PUBLIC_TASK_NOT_PUBLIC_AUTHORITY,
    RECIPIENTS_BY_LAW_UNSET,
    REGULATOR_ADDRESS_UNSOURCED,
    REGULATOR_CONTACT_UNSET,
    REGULATOR_MISSING,
    REGULATOR_RENAME_UNCHECKED,
    REGULATOR_TEXT_UNSET,
    RETENTION_UNSET,
    RIGHTS_MISSING,
    TRANSLATION_ID,
    TRANSLATION_OF_UNKNOWN,
    TRANSLATION_STALE,
    UNKNOWN_RETENTION,
    UNKNOWN_STATEMENT,
    VERSION_UNSET,
)
from generator.features.policies.checks.references import unknown, unknown_statement
from generator.features.policies.kinds import council_is_controller, provider_is_controller

from .content import census_named, lead_ins, needs_dpo_part, notice_view
from .glance import LIMIT_WORDS
from .glance import TARGET as GLANCE_TARGET
from .model import RIGHTS, Notice
from .provider import names_who_runs_it
from .readability import TARGET
from .translation_files import stale_against

# The words that say the setting is the data controller (not a named third party's "controller"),
# in the notice's own text under its controller heading.
CONTROLLER_WORDS = re.compile(
    r"\bdata\s+controllers?\b|\b(?:we|us)\s+(?:are\s+|is\s+)?(?:the\s+)?controllers?\b"
    r"|\bresponsible\s+for\s+(?:all\s+)?(?:(?:the|your|any)\s+)?(?:personal\s+)?(?:information|data)\b",
    re.IGNORECASE,
)

if TYPE_CHECKING:
    from generator.features.notice.content import NoticeViewsData as Handbook

# ICO checklist element number -> (name, the notice field that covers it)
ELEMENTS: dict[int, tuple[str, str]] = {
    1: ("the name and contact details of the setting, the controller", "controller"),
    2: ("the name and contact details of the setting's representative", "representative"),
    3: ("the contact details of the Data Protection Officer", "dpo"),
    4: ("the purposes of the processing", "purposes"),
    5: ("the lawful basis for each purpose, and the Article 9 condition for sensitive information", "purposes"),
    6: ("the legitimate interests, where that is the basis", "purposes"),
    7: ("the categories of personal data", "categories"),
    8: ("the recipients or categories of recipients", "recipients"),
    9: ("transfers outside the UK, and their safeguards", "transfers"),
    10: ("retention periods: how long information is kept", "retention"),
    11: ("the rights of access, rectification, erasure, restriction, objection and portability", "rights"),
    12: ("the right to withdraw consent at any time", "withdraw_consent"),
    13: ("the right to complain, to the setting first and then to the data protection regulator", "complaints"),
    14: ("the source of the data", "sources"),
    15: ("whether providing the data is required, and what happens if it is not", "requirement"),
    16: ("automated decision-making, including profiling", "automated_decisions"),
}


def element(number: int) -> str:
    return f"element {number} ({ELEMENTS[number][0]})"


def _where(notice, *path) -> Location:
    return notice.where(*path)


def _missing(notice, number: int, why: str = "") -> Finding:
    field = ELEMENTS[number][1]
    part = getattr(notice, field, None)
    if part is not None:  # there, but empty (a new project's starter notice)
        return ELEMENT_EMPTY(
            part.where("heading"), f"to be completed: {element(number)}{why}: '{field}:' lists nothing yet"
        )
    return ELEMENT_MISSING(
        _where(notice, "id"),
        f"to be completed: the notice '{notice.id}' is missing {element(number)}{why}; add '{field}:'",
    )


def statement_refs(notice):
    """(location, statement id) for every statement the notice quotes."""
    for _name, part in notice.parts():
        for i, sid in enumerate(part.statements):
            yield part.where("statements", i), sid
        for item in getattr(part, "items", []):
            for i, sid in enumerate(getattr(item, "statements", [])):
                yield item.where("statements", i), sid


def references(hb: Handbook, notice: Notice) -> Iterable[Finding]:
    statements = hb.statements_by_id()
    intros = lead_ins(hb)
    for loc, sid in statement_refs(notice):
        statement = statements.get(sid)
        if statement is None:
            yield UNKNOWN_STATEMENT(
                loc,
                unknown_statement(
                    hb,
                    sid,
                    statements,
                    "the notice quotes it: give the setting its own notices/ file without the quote, or keep the statement",
                ),
            )
            continue
        # A quoted list item is printed under the paragraph that introduces it: both must be for parents.
        for quoted in filter(None, (statement, statements.get(intros.get(sid, "")))):
            if "parents" not in quoted.audience:
                audience = ", ".join(quoted.audience) or "not decided yet"
                printed_with = f" (printed with {sid}, which it introduces)" if quoted is not statement else ""
                yield NOT_FOR_PARENTS(
                    loc,
                    f"{quoted.id} is not for parents (audience: {audience}){printed_with}; only statements "
                    "whose audience includes 'parents' may be quoted in the notice",
                )
    if notice.retention:
        for i, record_id in enumerate(notice.retention.records):
            if record_id not in hb.retention:
                yield UNKNOWN_RETENTION(
                    notice.retention.where("records", i),
                    unknown("retention entry", record_id, hb.retention) + " (add it to retention.yaml)",
                )


def records_held(hb: Handbook) -> dict[str, list]:
    """Retention record id -> the policy statements that say the setting holds it (their
    `retention:`), in reading order."""
    held: dict[str, list] = {}
    for policy in hb.policies.values():
        for statement in policy.statements():
            for record_id in statement.retention:
                held.setdefault(record_id, []).append(statement)
    return held


def categories_cover_what_is_held(hb: Handbook, notice: Notice) -> Iterable[Finding]:
    """Element 7: the categories of information are at least what the policies say the setting
    holds.  A record a statement names that no category covers is reported, with the statement
    (never added to the notice by the tool: the setting words its categories)."""
    part = notice.categories
    if part is None:
        return
    covered: set[str] = set()
    for item in part.items:
        for i, record_id in enumerate(item.records):
            if record_id not in hb.retention:
                yield CATEGORY_UNKNOWN_RECORD(
                    item.where("records", i),
                    unknown("retention entry", record_id, hb.retention) + " (add it to retention.yaml)",
                )
            covered.add(record_id)
    for record_id, statements in records_held(hb).items():
        if record_id in covered or record_id not in hb.retention:
            continue  # an unknown id is reported by the policy checks
        first = statements[0]
        said = ", ".join(s.id for s in statements)
        where = first.where("retention")
        yield CATEGORY_MISSING(
            part.where("items") if part.items else part.where("heading"),
            f"{element(7)}: the policies say the setting holds '{hb.retention[record_id].record}' ({said}, "
            f"{where.file}:{where.line}: “{_short(first.text)}”), but no category of the notice covers it: "
            f"if the notice should name it, add '{record_id}' to the records: of the category that covers it (or a new one)",
        )


def _short(text: str, words: int = 12) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")


def completeness(hb: Handbook, notice: Notice) -> Iterable[Finding]:
    s = hb.setting
    # 1: the controller, with some way to contact it
    if notice.controller is None:
        yield _missing(notice, 1)
    elif not (s.address or s.phone or s.email):
        yield CONTROLLER_CONTACT_UNSET(
            notice.controller.where("heading"),
            f"to be completed: {element(1)}: setting.yaml gives no address, phone or email",
        )
    # 1: the controller's identity: a private nursery's is who runs it (the kinds table), a
    # company, charity, committee or person whose legal name may not be the setting's.
    if notice.controller is not None and notice.translation is None and s.run_by is None and provider_is_controller(hb):
        yield CONTROLLER_PROVIDER_UNSET(
            s.where("run_by"),
            f"to be completed: {element(1)}: setting.yaml's run_by: does not name the company, charity, committee "
            f"or person that runs {s.name} (the data controller), with its company_number: or charity_number:",
        )
    # The notice names who runs the setting as the data controller; the part's own words print
    # after that sentence, and a model's "this makes us the data controller" then names a second.
    if (
        notice.controller is not None
        and notice.translation is None
        and names_who_runs_it(hb)
        and not council_is_controller(hb)  # (the council's sentence replaces the part's own words)
        and CONTROLLER_WORDS.search(notice.controller.text or "")
    ):
        already = (
            f"that {s.name} is run by {s.run_by}, and that {s.run_by} is the “data controller”"
            if s.run_by
            else f"who runs {s.name} as the “data controller” (to be completed in setting.yaml's run_by:)"
        )
        yield CONTROLLER_NAMED_TWICE(
            notice.controller.where("text"),
            f"under “{notice.controller.heading}”, the notice already prints {already}, responsible for the "
            f"information; these words, printed after it, say so again, as if {s.name} itself were: delete those "
            "sentences and keep only what they add (or set text: null)",
        )
    # 3: the DPO's contact details, "where applicable" (Art. 13(1)(b)): a public authority must
    # have a DPO (the kinds table); a setting that need not have one and names none leaves it out.
    if not needs_dpo_part(hb):
        if notice.dpo is not None:
            yield DPO_LEFT_OUT(
                notice.dpo.where("heading"),
                f"{element(3)} is left out of the notice: this kind of setting need not have a "
                "Data Protection Officer and setting.yaml names none (the kinds table, generator/data/kinds.yaml)",
            )
    elif notice.dpo is None:
        yield _missing(notice, 3)
    elif not (s.dpo.email or s.dpo.phone or s.dpo.address):
        yield DPO_CONTACT_UNSET(
            notice.dpo.where("heading"), f"to be completed: {element(3)}: setting.yaml gives no contact for the DPO"
        )
    # 4, 5, 6: purposes and their lawful bases
    purposes = notice.purposes.items if notice.purposes else []
    if not purposes:
        yield _missing(notice, 4)
    # The kinds table's Freedom of Information duty is the tool's word for a public authority
    # (FOIA 2000 Schedule 1; DPA 2018 s.7 takes its meaning); an unset kind assumes nothing.
    public_authority = hb.duty("foi_publication_scheme")
    for p in purposes:
        if p.lawful_basis is None:
            yield BASIS_UNSET(
                p.where("lawful_basis"), f"to be completed: {element(5)}: purpose '{p.id}' has no lawful basis"
            )
        elif p.lawful_basis == "public-task" and public_authority is False:
            # UK GDPR Article 6(1)(e), with 6(3): official authority, or a task in the public
            # interest, laid down by law; the ICO: "most relevant to public authorities, but it can
            # apply to any organisation that exercises official authority or carries out tasks in
            # the public interest".  A private nursery's returns rest on Childcare Act 2006 s.99.
            yield PUBLIC_TASK_NOT_PUBLIC_AUTHORITY(
                p.where("lawful_basis"),
                f"purpose '{p.id}' uses public-task, which is for public bodies such as councils and state "
                "schools (UK GDPR Article 6(1)(e)), and this kind of setting is not one. A private nursery's "
                "returns to the local authority (funded hours, the early years census) are a legal duty "
                "(Childcare Act 2006 s.99 and its regulations): change lawful_basis to legal-obligation. Keep "
                "public-task only if a law gives the setting this task, and name that law in lawful_basis_source",
            )
        if (needs := _needs_policy_document(p.article9_condition)) is not None:
            yield APPROPRIATE_POLICY_DOCUMENT(
                p.where("article9_condition"),
                f"purpose '{p.id}' relies on the Data Protection Act 2018, Schedule 1, paragraph {needs}: that "
                "condition is met only while the setting keeps an appropriate policy document (Schedule 1, "
                "Part 4), saying how it follows the data protection principles for this information and how "
                "long it keeps it",
            )
        if p.special_category and p.article9_condition is None:
            yield ARTICLE9_UNSET(
                p.where("article9_condition"),
                f"to be completed: {element(5)}: purpose '{p.id}' uses sensitive information but names no Article 9 condition",
            )
        if p.lawful_basis == "legitimate-interests" and p.legitimate_interests is None:
            yield INTERESTS_UNSET(
                p.where("legitimate_interests"),
                f"to be completed: {element(6)}: purpose '{p.id}' relies on legitimate interests but does not say what they are",
            )
    # Article 14: data from anyone but the parent makes categories (7) and sources (14) required
    from_others = any(not src.from_parent for src in (notice.sources.items if notice.sources else []))
    if notice.sources is None or not notice.sources.items:
        yield _missing(notice, 14)
    if notice.categories is None or not notice.categories.items:
        yield _missing(notice, 7, " (required because information comes from others)" if from_others else "")
    # 8, 10, 11, 13: always
    if notice.recipients is None or not notice.recipients.items:
        yield _missing(notice, 8)
    elif notice.recipients.required_by_law is None and notice.translation is None:
        yield RECIPIENTS_BY_LAW_UNSET(
            notice.recipients.where("items"),
            f"to be completed: {element(8)}: who the law requires the "
            "setting to share information with (required_by_law:), such as the local authority, "
            f"{census_named(hb)}, Ofsted where relevant",
        )
    if notice.retention is None or not notice.retention.records:
        yield _missing(notice, 10)
    else:
        unset = [r for r in notice.retention.records if r in hb.retention and hb.retention[r].period is None]
        if unset:
            yield RETENTION_UNSET(
                notice.retention.where("records"),
                f"to be completed: {element(10)}: retention.yaml gives no period for {', '.join(unset)}",
            )
    if notice.rights is None:
        yield _missing(notice, 11)
    else:
        listed = {r.right for r in notice.rights.items}
        absent = [r for r in RIGHTS if r not in listed]
        if absent:
            yield RIGHTS_MISSING(
                notice.rights.where("items"),
                f"to be completed: {element(11)}: the right(s) of {', '.join(absent)} are not listed",
            )
    yield from _complaints(hb, notice)
    # 12: when consent is a basis (photographs)
    if any(p.lawful_basis == "consent" for p in purposes):
        if notice.withdraw_consent is None:
            yield _missing(notice, 12, " (required because consent is a lawful basis)")
    # 9, 15, 16: the notice must say, even if the answer is "none"
    for number in (9, 15, 16):
        part = getattr(notice, ELEMENTS[number][1])
        if part is None:
            yield _missing(notice, number)
        elif part.text is None:
            yield ELEMENT_TEXT_UNSET(part.where("text"), f"to be completed: {element(number)}")
    # Every part that has a heading but no words of its own and nothing else to show
    for name, part in notice.parts():
        # (not those whose empty list is reported as a missing element above)
        if part.text is None and name not in (
            "transfers",
            "requirement",
            "automated_decisions",
            "complaints",
            "purposes",
            "categories",
            "sources",
            "recipients",
            "retention",
        ):
            if not (
                getattr(part, "items", None)
                or part.statements
                or name in ("controller", "dpo")
                or getattr(part, "records", None)
            ):
                yield PART_EMPTY(part.where("text"), f"to be completed: the notice's '{name}' part says nothing")
    if notice.other_formats is not None:
        # It used to be free text, and promised formats and languages nothing supported.
        yield OTHER_FORMATS_IGNORED(
            _where(notice, "other_formats"),
            "other_formats: is not printed: the line offering the notice in "
            "large print and other languages is made from what the setting offers (the large-print copy, the "
            "translations in notices/, the contact in setting.yaml); remove this line",
        )
    if notice.version is None or notice.issued is None:
        yield VERSION_UNSET(
            _where(notice, "version"), f"to be completed: the notice '{notice.id}' has no version number and issue date"
        )


def _complaints(hb: Handbook, notice: Notice) -> Iterable[Finding]:
    """Element 13 (DPA 2018 s.164A, in force 19 June 2026): complain to the setting first, by the
    email address or online form setting.yaml gives, then to the regulator named in
    regulator.yaml.  The law asks the setting to make complaining easy, "by taking steps such as
    providing a complaint form which can be completed electronically and by other means": a
    form is an example, not a must."""
    part = notice.complaints
    if part is None:
        yield _missing(notice, 13)
        return
    if part.text is None:
        yield COMPLAINTS_TEXT_UNSET(
            part.where("text"), f"to be completed: {element(13)}: how to complain to the setting"
        )
    s = hb.setting
    if not (s.complaints_email or s.complaints_form):
        yield COMPLAINTS_CONTACT_UNSET(
            s.where("complaints_email") if "complaints_email" in s.model_fields_set else s.where("name"),
            f"to be completed: {element(13)}: setting.yaml gives no complaints_email or complaints_form, so the "
            "notice gives parents no way to complain to the setting; the law asks the setting to make complaining "
            "easy, for example with a complaint form that can be filled in electronically and by other means "
            "(Data Protection Act 2018 s.164A)",
        )
    if part.regulator_text is None:
        yield REGULATOR_TEXT_UNSET(
            part.where("heading"),
            f"to be completed: {element(13)}: the notice does not say that parents can then complain to the regulator (add regulator_text:)",
        )
    regulator = hb.regulator
    if regulator is None:
        yield REGULATOR_MISSING(
            part.where("heading"),
            f"to be completed: {element(13)}: regulator.yaml is missing (the regulator's name and contact details)",
        )
    elif regulator.address and not regulator.address_source:
        yield REGULATOR_ADDRESS_UNSOURCED(
            regulator.where("address"),
            "the regulator's address has no address_source: say where it was read, or leave it out",
        )
    elif not (regulator.complaint_page or regulator.website or regulator.phone):
        yield REGULATOR_CONTACT_UNSET(
            regulator.where("name"),
            f"to be completed: {element(13)}: regulator.yaml gives no web address or phone number",
        )
    renamed = regulator.renamed if regulator is not None else None
    if (
        regulator is not None
        and renamed is not None
        and renamed.in_force_from is None
        and renamed.check_again_by
        and hb.as_of > renamed.check_again_by
    ):
        yield REGULATOR_RENAME_UNCHECKED(
            renamed.where("in_force_from"),
            f"check again: whether the regulator is now called the {renamed.name} (the day is not recorded; "
            f"checked {long_date(renamed.checked)}, to be checked again by {long_date(renamed.check_again_by)}); "
            f"until it is, every output names the {regulator.name}",
        )


def translations(hb: Handbook) -> Iterable[Finding]:
    # (The policy quotes are not printed for parents, so a translation needs no text for them.)
    for tr_notice in hb.translations:
        tr = tr_notice.translation
        if tr is None:
            continue
        english = hb.notices.get(tr.of)
        if english is None:
            yield TRANSLATION_OF_UNKNOWN(tr_notice.where("translation", "of"), unknown("notice", tr.of, hb.notices))
            continue
        if tr_notice.id != english.id:
            yield TRANSLATION_ID(tr_notice.where("id"), f"a translation keeps the English notice's id '{english.id}'")
        if (stale := stale_against(hb, tr_notice)) is not None:
            field, made_from, now = stale
            yield TRANSLATION_STALE(
                tr_notice.where("translation", field),
                f"stale translation ({tr.language}): the English notice has changed since it was translated "
                f"(translated from {made_from[:12]}, English is now {now[:12]}); have it translated again "
                f"(export it: each entry comes marked fuzzy, to check against the English), or, if its words still say the same, set {field}: {now}",
            )


def check(hb: Handbook) -> Iterable[Finding]:
    for notice in [*hb.notices.values(), *hb.translations]:
        yield from references(hb, notice)
    for notice in hb.notices.values():
        yield from completeness(hb, notice)
        yield from categories_cover_what_is_held(hb, notice)
    yield from translations(hb)


def check_readability(hb: Handbook) -> Iterable[Finding]:
    """Warn when a parent notice is hard to read.  Only warns, and only about print, so the
    MkDocs hook skips it (see checks.PRINT_ONLY): scoring loads a large dictionary."""
    for notice in hb.notices.values():
        view = notice_view(hb, notice)
        glance = view.glance_readability
        if glance.words > LIMIT_WORDS or glance.score < GLANCE_TARGET:
            yield GLANCE_TOO_LONG(
                notice.where("id"),
                f"the notice '{notice.id}': its first page (at a glance) has {glance.words} words (aim for {LIMIT_WORDS} or "
                f"fewer) and a Flesch reading ease of {glance.score:.1f} (aim for {GLANCE_TARGET:.0f}); it is made from the "
                "first sentence of each category, purpose and recipient: keep those short",
            )
        result = view.readability
        if result.scored and result.score < TARGET:
            words, where, sentence = result.longest[0]
            yield HARD_TO_READ(
                notice.where("id"),
                f"the notice '{notice.id}' is hard to read: Flesch reading ease {result.score:.1f}, aim for "
                f"{TARGET:.0f} or more; its longest sentence ({words} words, {where}) begins "
                f'"{" ".join(sentence.split()[:8])}..."',
            )


# DPA 2018 Schedule 1: the employment condition (Part 1, paragraph 1(1)(b)) and the substantial
# public interest conditions of Part 2 (paragraph 5(1): "except as otherwise provided") are met
# only while the controller has an appropriate policy document; of them, the ones the desk's
# pick-list offers (generator/data/lawful-bases.yaml): paragraphs 1, 6, 8 and 18.
_POLICY_DOCUMENT_PARAGRAPHS = {"1", "6", "8", "18"}
_SCHEDULE_1_PARAGRAPH = re.compile(r"Schedule 1,? (?:Part \d+,? )?paragraph (\d+)\b", re.IGNORECASE)


def _needs_policy_document(condition: str | None) -> str | None:
    """The Schedule 1 paragraph a purpose's Article 9 condition names, when it is one that
    needs an appropriate policy document; None otherwise (or with no condition)."""
    found = _SCHEDULE_1_PARAGRAPH.search(condition or "")
    return found.group(1) if found and found.group(1) in _POLICY_DOCUMENT_PARAGRAPHS else None
