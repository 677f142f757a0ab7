"""`handbook new DIR --name NAME --kind KIND`: the starter made for one kind of setting.

On top of the starter every project gets (commands/new.py), the kinds table
(generator/data/kinds.yaml) gives the roles a setting of this kind usually has, each with its
signing checklist; a publication scheme and the FOI words of the glossary only where the
Freedom of Information Act applies; and, for every kind, a starter training pack and a
commented staff records file with one example, to copy and fill in.  Every file is the
setting's to edit: nothing here is a fact about it beyond the kind it chose.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import yaml

from generator.core.clock import today
from generator.core.project import CHECKLISTS_DIR, DATA_DIR
from generator.core.voice import Voice
from generator.features.policies.kinds import CourseTemplate, Kind, KindsTable

ROLES_HEADER = """\
# yaml-language-server: $schema=../schemas/roles.schema.json
# The roles a {kind} usually has (the kinds table): rename, add or remove them to match who
# does what here. A policy statement names the roles that must read and sign it (`roles:` in
# policies/*.yaml); part_of: what applies to a wider role applies to this one too. Each role
# that is not a group gets a signing checklist (checklists/<role id>.yaml).
"""

CHECKLIST = """\
# yaml-language-server: $schema=../schemas/checklist.schema.json
# What this role acknowledges. By default the checklist holds every policy statement that
# names the role (or a wider role it is part of: roles.yaml); add items to say, in the first
# person, what a policy asks of this role, each based_on the statements it comes from:
#   items:
#     - id: ROLE-ACK-01
#       text: I ...
#       based_on: [POLICY-SECTION-01]
role: {role}
items: []
"""

STAFF = """\
# yaml-language-server: $schema=../schemas/records-staff.schema.json
# Staff records: who works here and in which roles. PERSONAL DATA: this folder (records/) is
# kept out of git (.gitignore) and never reaches the published handbook. `handbook status`
# and `handbook build --records records` read it.
#   id:          a short name for the person, used in signatures.yaml and training.yaml
#   name:        as it is printed on the private sign-in sheet
#   roles:       role ids from policy_data/roles.yaml
#   start_date:  YYYY-MM-DD
#   leave_date:  YYYY-MM-DD, or leave it out while they work here
# An example, to copy for each person (remove the # marks):
# staff:
#   - id: sam-example
#     name: Sam Example
#     roles: [{role}]
#     start_date: 2025-09-01
staff: []
"""

TRAINING = """\
# yaml-language-server: $schema=../schemas/training.schema.json
# A starter for the September training session, to copy to {data}/training/{year}-september.yaml
# once {policies}:
# it points at their statements by id, and `handbook check` reports an id that is not there.
# Everything below the policy is yours to plan; nothing is filled in for you.
year: {year}
title: Safeguarding and our policies, September {year}
session:
  date: null            # the day, when it is fixed: until then the pack shows "To be completed"
  when: null            # how your policy words the timing, e.g. "every September"
  led_by: {leader}      # the role id of who leads it (roles.yaml)
  place: null
policies:
  - POLICY-ID           # the id you gave with `handbook import FILE --id POLICY-ID`
# The courses staff take, in your words: the intervals below and records/training.yaml name a
# course by its id. Rename the titles, give each provider (e.g. your local safeguarding
# partnership); purpose says what it is: induction, september-session, whole-staff, dsl or other.
{courses}agenda:
  - title: Welcome, and why this session is every September
  - title: What has changed in our policies since last September
    detail: Statements added, removed or reworded since the version in force at last year's session.
  - title: 'Key points of each policy'
  - title: Training due this year and policies due for review
  - title: Re-read and sign
    detail: Everyone signs the sign-in sheet for the version of each policy covered today.
# The intervals your policy sets, compared by `handbook check` with {guidance}.
# For example, where a statement says staff are trained "every two years":
# intervals:
#   - course: {renewal}             # a course of courses: above
#     applies_to: all-staff
#     months: 24
#     source: POLICY-SEC-01          # the statement that says so
#     quote: every two years         # its words, exactly
#     guidance: whole-staff-renewal
# key_points: the statements everyone reads together, by id:
#   - policy: POLICY-ID
#     points:
#       - statement: POLICY-SEC-01
"""

FOI_TERMS = ("Freedom of Information", "Publication scheme")
# Starter entries rewritten for a kind (generator/templates/new_by_kind/): "without-kcsie.<file>"
# where the kinds table says Keeping children safe in education does not apply, then
# "<EYFS framework>.<file>" for the framework the kind follows (a childminder's own words).
BY_KIND = Path(__file__).resolve().parents[1] / "templates" / "new_by_kind"
EYFS_DOCUMENT = {"group": "eyfs-group", "childminder": "eyfs-childminders"}  # ids in guidance.yaml
# The starter's files rewritten by kind, and the line each of their entries starts with.
ENTRY_STARTS = {"glossary.yaml": "  - term: ", "retention.yaml": "  - id: "}
IRMS_FOR_SCHOOLS = '"written for schools: used here as a reference only"'
_KCSIE_CITE = re.compile(r"\{document: kcsie(?:, part: [^}]*)?\}(, )?")


def _squashed(text: str) -> str:
    """Words compared without case, hyphens or spaces: "Preschool" is "pre-school"."""
    return re.sub(r"[\W_]+", "", text).casefold()


def starter_noun(kind: Kind, name: str) -> tuple[str, str] | None:
    """The noun the starter's setting.yaml gives, with the comment that says where it came from,
    for a kind whose settings call themselves in more than one way (a nursery or a pre-school):
    the one whose word is in the setting's name, else the kind's usual one.  None for a kind
    with one noun, which needs none written (setting.yaml's noun: stays null, the kind's)."""
    if not kind.other_nouns:
        return None
    choices = ", ".join(f'"{n}"' for n in [kind.noun, *kind.other_nouns])
    for noun in kind.other_nouns:
        word = noun.split()[-1]
        if _squashed(word) in _squashed(name):
            return (
                noun,
                f"from the name, which says {word}: change it if the setting calls itself otherwise ({choices})",
            )
    others = " or ".join(n.split()[-1] for n in kind.other_nouns)
    return kind.noun, f"the name does not say {others}: change it if the setting calls itself otherwise ({choices})"


def starter_voice(kind: Kind, name: str) -> Voice:
    """The voice the starter's own words speak in: the noun its setting.yaml is given."""
    chosen = starter_noun(kind, name)
    return Voice(chosen[0] if chosen else kind.noun)


def write_kind(dest: Path, kind: Kind, table: KindsTable) -> None:
    data = dest / DATA_DIR
    roles = table.roles.get(kind.roles, [])
    if roles:
        body = yaml.safe_dump(
            {"roles": [r.model_dump(exclude_defaults=True) for r in roles]},
            sort_keys=False,
            allow_unicode=True,
            width=100,
        )
        (data / "roles.yaml").write_text(ROLES_HEADER.format(kind=kind.name) + body, encoding="utf-8")
        checklists = dest / CHECKLISTS_DIR
        for old in checklists.glob("*.yaml"):
            old.unlink()
        for role in roles:
            (checklists / f"{role.id}.yaml").write_text(CHECKLIST.format(role=role.id), encoding="utf-8")
    if not kind.foi_publication_scheme.applies:
        # Only a public authority publishes a guide to information (FOIA 2000 s.19).
        (data / "publication-scheme.yaml").unlink(missing_ok=True)
        glossary = data / "glossary.yaml"
        glossary.write_text(_without_terms(glossary.read_text(encoding="utf-8"), FOI_TERMS), encoding="utf-8")
    _write_for_kind(data, kind)
    _in_voice(dest, Voice(kind.noun))
    write_starters(dest, kind, [r.id for r in roles], dest / "schemas", courses=table.courses.get(kind.roles, []))


def _courses_yaml(courses: list[CourseTemplate]) -> str:
    """The pack's courses: block, one course a line (none: an empty list to fill in)."""
    if not courses:
        return "courses: []\n"
    rows = [
        yaml.safe_dump(
            c.model_dump(exclude_defaults=False), default_flow_style=True, sort_keys=False, width=10_000
        ).strip()
        for c in courses
    ]
    return "courses:\n" + "".join(f"  - {row}\n" for row in rows)


def write_starters(
    folder: Path,
    kind: Kind,
    role_ids: list[str],
    schemas: Path,
    data: str = "policy_data",
    policies: str = "the policies it covers are imported (`handbook import`)",
    courses: list[CourseTemplate] | None = None,
) -> None:
    """A starter training pack (folder/starter/, to copy into the data folder `data` once
    `policies`) and a commented staff records file with one example (folder/records/), for a
    project (`handbook new --kind`) or a setting of a model repository (`new-setting --kind`)."""
    ids = role_ids
    courses = courses or []
    # the kinds' starter roles that lead safeguarding; none of them (a model's own roles): a
    # placeholder `handbook check` reports once the pack is copied, never a guess
    leader = next(
        (r for r in ("designated-safeguarding-lead", "childminder", "manager", "head") if r in ids), "role-id"
    )
    worker = next((r for r in ids if r != "all-staff"), "all-staff")
    # the next September session from the project's date (HANDBOOK_DATE / --as-of): a pack made
    # in December plans the coming September, not the one just past
    on = today()
    year = on.year if on.month < 9 else on.year + 1
    guidance = (
        "Keeping children safe in education and the EYFS"
        if kind.kcsie.applies
        else "the EYFS safeguarding requirements (Keeping children safe in education does not apply to this kind)"
    )
    files = {
        folder / "starter" / "training-september.yaml": Voice(kind.noun).speak(
            TRAINING.format(
                year=year,
                leader=leader,
                guidance=guidance,
                data=data,
                policies=policies,
                courses=_courses_yaml(courses),
                renewal=next((c.id for c in courses if c.purpose == "whole-staff"), "COURSE-ID"),
            )
        ),
        folder / "records" / "staff.yaml": STAFF.format(role=worker),
    }
    for path, text in files.items():
        path.parent.mkdir(exist_ok=True)
        # the schema line points at the project's schemas/, wherever the file is
        path.write_text(text.replace("../schemas/", os.path.relpath(schemas, path.parent) + "/", 1), encoding="utf-8")


# The starter's words that speak of an office and a staff team (docs/how-to-use.md).
TEAM_PHRASES = ("the office can tell", "The office copies it there")


def _in_voice(dest: Path, voice: Voice) -> None:
    """The starter's own words in the setting's voice: a childminder's notice asks "Who am I?"
    and says "Tell me first"; her how-to page has no office.  (Only words of this package: the
    setting's policies are imported later, and stay as written.)"""
    if not voice.singular:
        return
    for notice in (dest / DATA_DIR / "notices").glob("*.yaml"):
        notice.write_text(voice.speak(notice.read_text(encoding="utf-8")), encoding="utf-8")
    how_to = dest / "docs" / "how-to-use.md"
    if how_to.is_file():
        text = how_to.read_text(encoding="utf-8")
        for phrase in TEAM_PHRASES:
            text = text.replace(phrase, voice.say(phrase))
        how_to.write_text(text, encoding="utf-8")


def _write_for_kind(data: Path, kind: Kind) -> None:
    """The starter glossary and retention schedule in words true of this kind: where KCSIE does
    not apply, its entries cite the EYFS framework the kind follows (or are left out); a
    childminder's speak of a childminder, not of a staff team."""
    variants = (["without-kcsie"] if kind.kcsie.applies is False else []) + [kind.eyfs.framework]
    for file_name, start in ENTRY_STARTS.items():
        target = data / file_name
        text = target.read_text(encoding="utf-8")
        for variant in variants:
            override = BY_KIND / f"{variant}.{file_name}"
            if override.is_file():
                text = _overridden(text, override.read_text(encoding="utf-8"), start)
        if kind.kcsie.applies is False and file_name == "retention.yaml":
            # Not a school (KCSIE is the schools' guidance): the IRMS toolkit is written for
            # schools, and no IRMS schedule for early years settings was found to cite instead.
            text = text.replace("{document: irms-toolkit}", "{document: irms-toolkit, part: " + IRMS_FOR_SCHOOLS + "}")
        if kind.kcsie.applies is False:  # the other sources an entry cites stay
            text = re.sub(r"(?m)^( +cites: .*)$", lambda m: _KCSIE_CITE.sub("", m.group(1)).replace(", ]", "]"), text)
        # the EYFS framework this kind follows, where an entry cites the other one
        own = EYFS_DOCUMENT[kind.eyfs.framework]
        for other in set(EYFS_DOCUMENT.values()) - {own}:
            text = text.replace(f"{{document: {other}", f"{{document: {own}")
        text = text.replace("EYFS_FRAMEWORK", own)
        target.write_text(text, encoding="utf-8")


def _overridden(text: str, override: str, start: str) -> str:
    """`text` with each entry of `override` in place of its entry of the same first line, the
    entries its `omit:` names (by that first line's value) left out, and an entry of `override`
    that `text` does not have in its alphabetical place (the starter's entries are in order)."""

    def key(entry: str) -> str:
        return entry.split("\n", 1)[0]

    omit = {f"{start}{name}" for name in (yaml.safe_load(override) or {}).get("omit", [])}
    pattern = rf"(?m)^(?={re.escape(start)})"
    replacements = {key(e): e for e in re.split(pattern, override)[1:]}
    entries = re.split(pattern, text)
    known = {key(e) for e in entries[1:]}
    added = sorted((k for k in replacements if k not in known), key=str.casefold)
    kept = [entries[0]]
    for entry in entries[1:]:
        while added and added[0].casefold() < key(entry).casefold():
            kept.append(replacements[added.pop(0)].rstrip("\n") + "\n\n")
        if key(entry) in omit:
            continue
        new = replacements.get(key(entry), entry)
        # in the entry's place, with the blank line that followed it
        kept.append(new.rstrip("\n") + entry[len(entry.rstrip("\n")) :])
    kept += [replacements[k].rstrip("\n") + "\n" for k in added]
    return "".join(kept)


def _without_terms(text: str, terms: tuple[str, ...]) -> str:
    """The glossary without the entries for these terms (each entry runs from its `- term:` line
    to the next entry), its comments and layout otherwise kept."""
    entries = re.split(r"(?m)^(?=  - term: )", text)
    keep = [e for e in entries if not any(e.startswith(f"  - term: {t}\n") for t in terms)]
    return "".join(keep)
