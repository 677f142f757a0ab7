"""Match a revised document's paragraphs to the policy's statements, and decide what each one is.

Order of matching, most certain first:
1. the id the paragraph carries (a bookmark from `handbook export`);
2. the same words;
3. two bullets joined into one, or one split in two (the joined text reads like the other);
4. similar words (rapidfuzz), best pairs first, above a threshold.
What is left in the document is new; what is left in the policy was removed.

The result is a plan: the document's sections in order, each mapped to a policy section (or
new), and each statement unchanged, reworded, moved, new, split from or merged into another.
Nothing is decided for the setting: a new statement's audience and roles stay unset.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from .blocks import clean
from .shape import section_code, slug
from .word_revision import RevisedBlock

SIMILAR = 70  # fuzz.ratio (0-100) above which a paragraph is the same statement reworded
JOINED = 85  # how closely two statements joined must read like one paragraph (and the reverse)
SAME_HEADING = 80
NEAR_EXACT = 95  # how closely a paragraph must read like a statement to take its id from another


@dataclass
class Old:
    """A statement of the policy as it stands."""

    id: str
    kind: str
    text: str
    section: int  # index in the policy's sections
    order: int  # position in the whole policy


@dataclass
class Planned:
    """One statement of the revised policy."""

    id: str
    kind: str
    text: str
    old: Old | None = None  # None: new
    reworded: bool = False
    moved: bool = False
    kind_changed: bool = False
    split_from: str | None = None  # for the new half of a split: the statement it came from
    merged: list[str] = field(default_factory=list)  # statements joined into this one
    how: str = "id"  # how it was matched: id, words, similar words, joined, split
    comments: list[int] = field(default_factory=list)


@dataclass
class PlannedSection:
    title: str
    old: int | None  # index of the policy section it continues, None: new
    id: str = ""
    statements: list[Planned] = field(default_factory=list)
    renamed: bool = False


@dataclass
class Plan:
    title: str
    title_changed: bool
    sections: list[PlannedSection]
    removed: list[Old]
    removed_sections: list[int]
    carried_ids: int  # how many paragraphs carried an id of this policy
    notes: list[str] = field(default_factory=list)

    def statements(self) -> list[Planned]:
        return [s for section in self.sections for s in section.statements]


def same_words(a: str, b: str) -> bool:
    return clean(a) == clean(b)


def _ratio(a: str, b: str) -> float:
    return fuzz.ratio(clean(a), clean(b))


class _Matcher:
    def __init__(self, olds: list[Old], blocks: list[RevisedBlock]):
        self.olds = olds
        self.blocks = blocks
        self.by_id = {o.id: o for o in olds}
        self.match: dict[int, Old] = {}  # block index -> old statement
        self.taken: set[str] = set()
        self.how: dict[int, str] = {}
        self.merged: dict[int, list[str]] = {}
        self.split_from: dict[int, str] = {}

    def free_olds(self) -> list[Old]:
        return [o for o in self.olds if o.id not in self.taken]

    def free_blocks(self) -> list[int]:
        return [i for i in range(len(self.blocks)) if i not in self.match and i not in self.split_from]

    def pair(self, index: int, old: Old, how: str) -> None:
        self.match[index] = old
        self.taken.add(old.id)
        self.how[index] = how

    def by_carried_id(self) -> None:
        for index, block in enumerate(self.blocks):
            carried = [i for i in block.ids if i in self.by_id and i not in self.taken]
            if not carried:
                continue
            self.pair(index, self.by_id[carried[0]], "id")
            for other in carried[1:]:  # two bullets joined in Word: both bookmarks in one paragraph
                self.taken.add(other)
                self.merged.setdefault(index, []).append(other)
        self._ids_back_to_their_words()

    def _ids_back_to_their_words(self) -> None:
        """A bookmark can leave its words: Enter at the start of a statement, and a sentence
        typed in the new paragraph above, may put the bookmark in the new paragraph.  When the
        paragraph that carries an id reads nothing like that statement, and a paragraph that
        carries none has its words (or nearly), the id goes with the words; the other
        paragraph is then new."""
        carriers = [index for index in self.match if index not in self.merged]
        for index in carriers:
            old = self.match[index]
            if _ratio(old.text, self.blocks[index].block.text) >= SIMILAR:
                continue
            free = [i for i in self.free_blocks() if i != index]
            best = max(free, key=lambda i: _ratio(old.text, self.blocks[i].block.text), default=None)
            if best is None or _ratio(old.text, self.blocks[best].block.text) < NEAR_EXACT:
                continue
            del self.match[index], self.how[index]
            self.pair(best, old, "words")

    def by_same_words(self) -> None:
        for index in self.free_blocks():
            text = self.blocks[index].block.text
            for old in self.free_olds():
                if same_words(old.text, text):
                    self.pair(index, old, "words")
                    break

    def joined_and_split(self) -> None:
        neighbours = {o.id: (self.olds[k + 1] if k + 1 < len(self.olds) else None) for k, o in enumerate(self.olds)}
        # A paragraph that reads like a statement and the one after it: two bullets joined.
        for index in range(len(self.blocks)):
            text = self.blocks[index].block.text
            old = self.match.get(index)
            candidates = [old] if old else self.free_olds()
            for first in candidates:
                second = neighbours.get(first.id)
                if second is None or second.id in self.taken or (old is None and first.id in self.taken):
                    continue
                joined = f"{first.text} {second.text}"
                if _ratio(joined, text) >= JOINED and _ratio(joined, text) > _ratio(first.text, text):
                    if old is None:
                        self.pair(index, first, "joined")
                    self.taken.add(second.id)
                    self.merged.setdefault(index, []).append(second.id)
                    break
        # A statement that reads like a paragraph and the one after it: one bullet split in two.
        for index in range(len(self.blocks) - 1):
            following = index + 1
            if following in self.match or following in self.split_from or index in self.split_from:
                continue
            pair_text = f"{self.blocks[index].block.text} {self.blocks[following].block.text}"
            old = self.match.get(index)
            candidates = [old] if old else self.free_olds()
            for first in candidates:
                if _ratio(first.text, pair_text) >= JOINED and _ratio(first.text, pair_text) > _ratio(
                    first.text, self.blocks[index].block.text
                ):
                    if old is None:
                        self.pair(index, first, "split")
                    self.split_from[following] = first.id
                    break

    def by_similar_words(self) -> None:
        blocks = self.free_blocks()
        olds = self.free_olds()
        if not blocks or not olds:
            return
        old_texts = [clean(o.text) for o in olds]
        scored = []
        for b, index in enumerate(blocks):
            text = clean(self.blocks[index].block.text)
            scored += [
                (score, b, o)
                for o, score in enumerate(fuzz.ratio(text, old, score_cutoff=SIMILAR) for old in old_texts)
                if score
            ]
        pairs = sorted(scored, key=lambda t: (-t[0], t[1], t[2]))
        used_b, used_o = set(), set()
        for _, b, o in pairs:
            if b in used_b or o in used_o:
                continue
            used_b.add(b)
            used_o.add(o)
            self.pair(blocks[b], olds[o], "similar words")


def _sections_of(blocks: list[RevisedBlock], current_title: str):
    """The document's title and its sections: (heading, [block indexes])."""
    title = None
    sections: list[tuple[str | None, list[int]]] = []
    for index, revised in enumerate(blocks):
        block = revised.block
        if block.kind == "title" and title is None and not sections:
            title = block.text
        elif block.kind in ("title", "heading"):
            if title is None and not sections and index + 1 < len(blocks) and blocks[index + 1].block.kind == "heading":
                title = block.text  # a title typed as a heading, above the first section's heading
            else:
                sections.append((block.text, []))
        else:
            if not sections:
                if re.search(r"(^|·\s*)Version\b", block.text):
                    continue  # the "setting · version" line, restyled
                sections.append((None, []))
            sections[-1][1].append(index)
    return title or current_title, sections


def match_revision(policy, blocks: list[RevisedBlock], ever_used: set[str]) -> Plan:
    """The revised policy.  `ever_used`: every statement id this policy (or any other) has had,
    in the file and in every release, so a new statement never reuses one."""
    olds = [Old(s.id, s.kind, s.text, n, 0) for n, section in enumerate(policy.sections) for s in section.statements]
    for order, old in enumerate(olds):
        old.order = order
    title, doc_sections = _sections_of(blocks, policy.title)
    statement_blocks = [i for _, indexes in doc_sections for i in indexes]
    ordered = [blocks[i] for i in statement_blocks]
    matcher = _Matcher(olds, ordered)
    matcher.by_carried_id()
    carried = len(matcher.match)
    matcher.by_same_words()
    matcher.joined_and_split()
    matcher.by_similar_words()

    position = {b: k for k, b in enumerate(statement_blocks)}
    chosen = _continued_sections(
        policy,
        doc_sections,
        {i: matcher.match[position[i]].section for i in statement_blocks if position[i] in matcher.match},
    )
    planned_sections: list[PlannedSection] = []
    for (heading, _), old_section in zip(doc_sections, chosen):
        if old_section is not None:
            old_title = policy.sections[old_section].title
            section = PlannedSection(
                heading or old_title,
                old_section,
                policy.sections[old_section].id,
                renamed=heading is not None and heading != old_title,
            )
        else:
            section = PlannedSection(heading or "Introduction", None)
        planned_sections.append(section)

    ids = _IdMaker(policy, ever_used)
    for section in planned_sections:
        if section.old is None:
            section.id = ids.section_id(section.title)
    for (_heading, indexes), section in zip(doc_sections, planned_sections):
        for i in indexes:
            k = position[i]
            block = ordered[k].block
            kind = "item" if block.kind == "item" else "paragraph"
            was = matcher.match.get(k)
            if was is None:
                planned = Planned("", kind, block.text, split_from=matcher.split_from.get(k), how="new")
            else:
                planned = Planned(
                    was.id,
                    kind,
                    block.text,
                    was,
                    reworded=not same_words(was.text, block.text),
                    kind_changed=kind != was.kind,
                    merged=matcher.merged.get(k, []),
                    how=matcher.how[k],
                )
                planned.moved = section.old != was.section
            planned.comments = ordered[k].comments
            section.statements.append(planned)
    _mark_reordered(planned_sections)
    for section in planned_sections:
        for planned in section.statements:
            if planned.old is None:
                planned.id = ids.next_statement_id(section)
    matched = {p.old.id for p in (s for sec in planned_sections for s in sec.statements) if p.old}
    merged_away = {m for sec in planned_sections for p in sec.statements for m in p.merged}
    removed = [o for o in olds if o.id not in matched and o.id not in merged_away]
    kept_sections = [s for s in planned_sections if s.statements]
    notes = [
        f"the heading {s.title!r} has no text under it, so it is not a section"
        for s in planned_sections
        if not s.statements
    ]
    still_there = {s.old for s in kept_sections}
    removed_sections = [n for n in range(len(policy.sections)) if n not in still_there]
    return Plan(title, title != policy.title, kept_sections, removed, removed_sections, carried, notes)


def _continued_sections(policy, doc_sections, old_section_of: dict[int, int]) -> list[int | None]:
    """Which policy section each document section continues (None: a new one).  A heading with
    the same words as a section's title is that section; otherwise the section most of its
    statements came from (a renamed heading); otherwise a heading that reads much the same."""
    chosen: list[int | None] = [None] * len(doc_sections)
    claimed: set[int] = set()

    def claim(k: int, n: int) -> None:
        chosen[k] = n
        claimed.add(n)

    for k, (heading, _) in enumerate(doc_sections):
        for n, section in enumerate(policy.sections):
            if heading is not None and n not in claimed and same_words(section.title, heading):
                claim(k, n)
                break
    for k, (heading, indexes) in enumerate(doc_sections):
        if chosen[k] is not None:
            continue
        votes = Counter(old_section_of[i] for i in indexes if i in old_section_of)
        for candidate, _ in votes.most_common():
            if candidate not in claimed:
                claim(k, candidate)
                break
        if chosen[k] is None and heading is not None:
            free = [n for n in range(len(policy.sections)) if n not in claimed]
            best = max(free, key=lambda n: _ratio(policy.sections[n].title, heading), default=None)
            if best is not None and _ratio(policy.sections[best].title, heading) >= SAME_HEADING:
                claim(k, best)
        if chosen[k] is None and heading is None and 0 not in claimed:
            claim(k, 0)  # text above the first heading: the first section, as exported
    return chosen


def _mark_reordered(sections: list[PlannedSection]) -> None:
    """Statements out of their old order (not explained by others coming or going) moved: the
    longest run in the old order stays, the rest moved."""
    kept = [p for section in sections for p in section.statements if p.old is not None]
    orders = [p.old.order for p in kept if p.old is not None]
    # Longest increasing subsequence, O(n log n).
    tails: list[int] = []
    tails_at: list[int] = []
    previous = [-1] * len(orders)
    for k, value in enumerate(orders):
        at = bisect.bisect_left(tails, value)
        if at == len(tails):
            tails.append(value)
            tails_at.append(k)
        else:
            tails[at] = value
            tails_at[at] = k
        previous[k] = tails_at[at - 1] if at else -1
    in_order: set[int] = set()
    k = tails_at[-1] if tails_at else -1
    while k >= 0:
        in_order.add(k)
        k = previous[k]
    for k, planned in enumerate(kept):
        if k not in in_order:
            planned.moved = True


class _IdMaker:
    """New ids: PREFIX-CODE-NN with the next number after any ever used for that section code."""

    def __init__(self, policy, ever_used: set[str]):
        self.policy = policy
        self.used = set(ever_used) | {s.id for s in policy.statements()}
        stems = Counter(s.id.rsplit("-", 1)[0] for s in policy.statements())
        self.prefix = Counter(s.id.split("-")[0] for s in policy.statements()).most_common(1)[0][0]
        self.codes = {stem.split("-", 1)[1] for stem in stems if "-" in stem}
        self.codes |= {u.split("-")[1] for u in self.used if u.startswith(self.prefix + "-") and u.count("-") >= 2}
        self.section_stem: dict[int, str] = {}
        for n, section in enumerate(policy.sections):
            counted = Counter(s.id.rsplit("-", 1)[0] for s in section.statements)
            self.section_stem[n] = counted.most_common(1)[0][0]
        self.new_stems: dict[int, str] = {}  # id(PlannedSection) -> stem
        self.section_ids = {s.id for s in policy.sections}

    def section_id(self, title: str) -> str:
        base = slug(title)
        sid, n = base, 2
        while sid in self.section_ids:
            sid, n = f"{base}-{n}", n + 1
        self.section_ids.add(sid)
        return sid

    def _stem(self, section: PlannedSection) -> str:
        if section.old is not None:
            return self.section_stem[section.old]
        key = id(section)
        if key not in self.new_stems:
            code = section_code(section.title, self.codes)
            self.codes.add(code)
            self.new_stems[key] = f"{self.prefix}-{code}"
        return self.new_stems[key]

    def next_statement_id(self, section: PlannedSection) -> str:
        stem = self._stem(section)
        numbers = [
            int(u.rsplit("-", 1)[1]) for u in self.used if u.rsplit("-", 1)[0] == stem and u.rsplit("-", 1)[1].isdigit()
        ]
        if numbers:
            number = max(numbers) + 1
        else:  # a new section: 00 for a paragraph that opens a list ("we aim to:"), as on import
            statements = section.statements
            opens_list = len(statements) > 1 and statements[0].kind == "paragraph" and statements[1].kind == "item"
            number = 0 if opens_list else 1
        new_id = f"{stem}-{number:02d}"
        self.used.add(new_id)
        return new_id
