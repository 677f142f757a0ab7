"""The one line editor (generator/core/yaml_lines.py), on YAML written every way a person or a
tool writes it: comments and blank lines between and inside entries, continuation lines that
begin with `#` inside quotes, plain text over several lines (with blank lines, which are line
breaks), single- and double-quoted text over several lines, block scalars (| > |- |+), flow
lists, empty values, trailing comments.

Each property builds such a document (remembering which lines each entry takes), makes one
edit and checks what a user would: the file loads with the strict loader and holds exactly the
old data with that one change, and every line outside the edited entry is byte for byte as it
was.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.core.findings import DataError
from generator.core.load import load_text
from generator.core.yaml_lines import EditRefused, LineEdits

PLAIN_WORDS = ["alpha", "beta", "gamma", "a#b", "x-y", "e.g.", "50%", "it's", "end."]
ANY_WORDS = PLAIN_WORDS + [
    "#",
    "#hash",
    "x: y",
    "tail:",
    "- dash",
    '"q"',
    "'s",
    "\\n",
    "[b]",
    "{c}",
    "&a",
    "*b",
    "!t",
    "%",
]
KEYS = ["id", "text", "model_text", "title", "owner", "reason", "note", "kind", "period"]
STYLES = ["plain", "plain-lines", "single", "double", "literal", "folded", "strip", "keep", "flow", "empty"]


@dataclass
class Doc:
    lines: list[str] = field(default_factory=list)
    scalars: dict[tuple, tuple[int, int]] = field(default_factory=dict)  # path -> (first, last) line
    lists: list[tuple] = field(default_factory=list)  # paths of lists of mappings

    @property
    def text(self) -> str:
        return "".join(line + "\n" for line in self.lines)


def _quoted(words: list[str], breaks: list[bool], indent: int, quote: str) -> list[str]:
    escape = (
        (lambda w: w.replace("'", "''")) if quote == "'" else (lambda w: w.replace("\\", "\\\\").replace('"', '\\"'))
    )
    lines, current = [], quote
    for word, wrap in zip(words, breaks):
        if wrap and current.strip(quote):
            lines.append(current)
            current = " " * indent  # a continuation line may begin with `#`: it is inside quotes
        current += ("" if current.strip() in ("", quote) else " ") + escape(word)
    return lines + [current + quote]


@st.composite
def scalar_lines(draw, indent: int) -> tuple[list[str], bool]:
    """The value's lines (the first follows `key:`) and whether a comment line may follow it at
    any indentation (not after a block scalar, where it would be the scalar's content)."""
    style = draw(st.sampled_from(STYLES))
    more = indent + 2
    if style in ("plain", "plain-lines"):
        words = draw(st.lists(st.sampled_from(PLAIN_WORDS), min_size=1, max_size=8))
        if style == "plain":
            return [" " + " ".join(words)], True
        lines = [" " + words[0]]
        for word in words[1:]:
            if draw(st.booleans()):
                lines.append("")  # a blank line inside plain text: a line break in the value
            lines.append(" " * more + word)
        return lines, True
    if style in ("single", "double"):
        words = draw(st.lists(st.sampled_from(ANY_WORDS), min_size=1, max_size=8))
        breaks = draw(st.lists(st.booleans(), min_size=len(words), max_size=len(words)))
        lines = _quoted(words, breaks, more, "'" if style == "single" else '"')
        return [" " + lines[0]] + lines[1:], True
    if style == "flow":
        return [" [" + ", ".join(draw(st.lists(st.sampled_from(["a", "b", "c1"]), max_size=3))) + "]"], True
    if style == "empty":
        return [""], True
    header = {"literal": "|", "folded": ">", "strip": "|-", "keep": "|+"}[style]
    body = draw(st.lists(st.sampled_from(ANY_WORDS + ["", "# not a comment"]), min_size=1, max_size=6))
    while not body[0].strip():
        body = body[1:] or ["word"]
    lines = [" " + header] + [(" " * more + line) if line else "" for line in body]
    return lines, False


@st.composite
def documents(draw) -> Doc:
    doc = Doc()

    def extras(indent: int, deep: bool) -> None:
        """Blank lines and comment lines between entries (deeper ones only where they cannot
        be a block scalar's content)."""
        for kind in draw(st.lists(st.sampled_from(["blank", "comment"]), max_size=2)):
            if kind == "blank":
                doc.lines.append("")
            else:
                column = draw(st.integers(0, indent + 4 if deep else indent))
                doc.lines.append(" " * column + "# " + draw(st.sampled_from(ANY_WORDS)))

    def mapping(path: tuple, indent: int, first_prefix: str | None, depth: int) -> None:
        keys = draw(st.lists(st.sampled_from(KEYS), min_size=1, max_size=4, unique=True))
        for n, key in enumerate(keys):
            prefix = first_prefix if n == 0 and first_prefix is not None else " " * indent
            kind = draw(st.sampled_from(["scalar", "scalar", "scalar", "map", "list"])) if depth < 2 else "scalar"
            if kind == "scalar":
                lines, deep = draw(scalar_lines(indent))
                if deep and lines[-1].strip() and draw(st.booleans()):
                    lines[-1] += "  # trailing " + draw(st.sampled_from(ANY_WORDS))
                first = len(doc.lines)
                doc.lines.append(prefix + key + ":" + lines[0])
                doc.lines += lines[1:]
                last = len(doc.lines) - 1
                if lines[0].strip() in ("|", ">", "|-"):  # its trailing blank lines are not its content
                    while doc.lines[last] == "" and last > first:
                        last -= 1
                doc.scalars[path + (key,)] = (first, last)
                if lines[0].strip() != "|+":  # (blank lines after |+ would be its content)
                    extras(indent, deep)
            elif kind == "map":
                doc.lines.append(prefix + key + ":")
                extras(indent, True)
                mapping(path + (key,), indent + 2, None, depth + 1)
            else:
                doc.lines.append(prefix + key + ":")
                doc.lists.append(path + (key,))
                for i in range(draw(st.integers(1, 3))):
                    mapping(path + (key, i), indent + 4, " " * (indent + 2) + "- ", depth + 1)

    if draw(st.booleans()):
        doc.lines.append("# yaml-language-server: $schema=x.json")
    mapping((), 0, None, 0)
    return doc


def load(text: str):
    return load_text(text, Path("t.yaml"), "t.yaml")


def at(data, path: tuple):
    for part in path:
        data = data[part]
    return data


NEW_VALUES = st.text(
    alphabet=st.one_of(st.characters(blacklist_categories=("Cs", "Cc")), st.sampled_from("#'\": -\n\t|>")),
    min_size=1,
    max_size=120,
)

SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)


def _valid(doc: Doc):
    try:
        return load(doc.text)
    except DataError:  # a duplicate key across a generated list item and so on: not a document
        return None


@SETTINGS
@given(documents(), st.data(), NEW_VALUES)
def test_replacing_any_value_changes_that_value_and_no_other_line(doc: Doc, data, value: str):
    loaded = _valid(doc)
    if loaded is None or not doc.scalars:
        return
    path = data.draw(st.sampled_from(sorted(doc.scalars, key=str)))
    first, last = doc.scalars[path]
    edits = LineEdits(doc.text, loaded)
    edits.set_value(path, value)
    new = edits.text()
    reloaded = load(new).data
    assert at(reloaded, path) == value
    expected = load(doc.text).data
    at(expected, path[:-1])[path[-1]] = value
    assert reloaded == expected
    old_lines, new_lines = doc.text.splitlines(keepends=True), new.splitlines(keepends=True)
    after = len(old_lines) - last - 1
    assert new_lines[:first] == old_lines[:first]
    assert new_lines[len(new_lines) - after :] == old_lines[last + 1 :]
    # the key's own line keeps what stood before the key ("- " of a list item, the indent)
    assert new_lines[first].startswith(old_lines[first][: len(old_lines[first]) - len(old_lines[first].lstrip(" -"))])


@SETTINGS
@given(documents(), st.data())
def test_setting_a_value_to_null_keeps_every_other_line(doc: Doc, data):
    loaded = _valid(doc)
    if loaded is None or not doc.scalars:
        return
    path = data.draw(st.sampled_from(sorted(doc.scalars, key=str)))
    first, last = doc.scalars[path]
    edits = LineEdits(doc.text, loaded)
    edits.set_plain(path, "null")
    new = edits.text()
    expected = load(doc.text).data
    at(expected, path[:-1])[path[-1]] = None
    assert load(new).data == expected
    old_lines, new_lines = doc.text.splitlines(keepends=True), new.splitlines(keepends=True)
    assert new_lines[:first] == old_lines[:first]
    assert new_lines[first + 1 :] == old_lines[last + 1 :]


@SETTINGS
@given(documents(), st.data())
def test_removing_a_list_item_removes_only_its_lines(doc: Doc, data):
    loaded = _valid(doc)
    top_lists = [p for p in doc.lists if len(p) == 1]
    if loaded is None or not top_lists:
        return
    key = data.draw(st.sampled_from(top_lists))[0]
    index = data.draw(st.integers(0, len(loaded.data[key]) - 1))
    edits = LineEdits(doc.text, loaded)
    edits.delete_item(key, index)
    new = edits.text()
    expected = load(doc.text).data
    del expected[key][index]
    assert load(new).data == expected
    old_lines = doc.text.splitlines(keepends=True)
    remaining = iter(old_lines)
    for line in new.splitlines(keepends=True):  # what is left is the old lines, in order
        assert line == f"{key}: []\n" or line in remaining


@SETTINGS
@given(documents(), st.data(), NEW_VALUES)
def test_appending_a_list_item_adds_lines_and_changes_none(doc: Doc, data, value: str):
    loaded = _valid(doc)
    top_lists = [p[0] for p in doc.lists if len(p) == 1]
    key = data.draw(st.sampled_from(top_lists + ["added"]))
    if loaded is None or (key == "added" and key in loaded.data):
        return
    edits = LineEdits(doc.text, loaded)
    edits.append_item(key, [("id", "NEW-01"), ("text", value), ("audience", None)])
    new = edits.text()
    expected = load(doc.text).data
    expected.setdefault(key, []).append({"id": "NEW-01", "text": value, "audience": None})
    assert load(new).data == expected
    remaining = iter(new.splitlines(keepends=True))
    for line in doc.text.splitlines(keepends=True):  # every old line is still there, in order
        assert line in remaining


def test_a_continuation_line_that_begins_with_a_hash_is_part_of_the_value():
    text = (
        "replace:\n  - id: A\n    text: 'our words, which\n      # wrap at a hash'\n"
        "    # why we changed it\n\n    model_text: the model's\n      words\n  - id: B\n    text: kept\n"
    )
    edits = LineEdits(text, load(text))
    edits.set_value(("replace", 0, "text"), "new words")
    edits.set_value(("replace", 0, "model_text"), "the model's new words")
    assert edits.text() == (
        "replace:\n  - id: A\n    text: new words\n    # why we changed it\n\n"
        "    model_text: the model's new words\n  - id: B\n    text: kept\n"
    )


def test_crlf_files_keep_their_line_endings():
    text = "a: 1\r\n# note\r\nb: one\r\n  two\r\n\r\nc: 3\r\n"
    edits = LineEdits(text, load(text))
    edits.set_value(("b",), "three")
    assert edits.text() == "a: 1\r\n# note\r\nb: three\r\n\r\nc: 3\r\n"


def test_an_edit_that_would_not_read_back_is_refused():
    """A flow list's items cannot be removed line by line: refused, not half done."""
    text = "replace: [{id: A}, {id: B}]\n"
    edits = LineEdits(text, load(text))
    with pytest.raises(EditRefused, match="flow style"):
        edits.delete_item("replace", 0)


NESTED = """\
# a notice, its parts holding lists
purposes:                 # element 4
  heading: Why?
  items:
    - id: one
      purpose: The first.   # a note on the first
    # a comment between items
    - id: two
      purpose: The second.
  # after the items
categories:
  heading: What?
  items: []
  # a worked example, commented out:
  # items:
  #   - name: x
"""


@pytest.mark.parametrize(
    "edit, want",
    [
        (lambda e: e.delete_item(("purposes", "items"), 0), {"purposes": ["two"]}),
        (lambda e: e.delete_item(("purposes", "items"), 1), {"purposes": ["one"]}),
        (
            lambda e: e.append_item(("purposes", "items"), [("id", "three"), ("purpose", "x: y")]),
            {"purposes": ["one", "two", "three"]},
        ),
        (
            lambda e: e.append_item(("categories", "items"), [("name", "Names # and more")]),
            {"categories": ["Names # and more"]},
        ),
        (lambda e: e.append_item(("categories", "other"), [("name", "A new list")]), {"other": ["A new list"]}),
        (lambda e: e.add_mapping("transfers", [("heading", "Abroad?"), ("text", "No.")]), {"transfers": "Abroad?"}),
    ],
)
def test_items_of_nested_lists_are_added_and_removed_keeping_every_comment(edit, want):
    edits = LineEdits(NESTED, load_text(NESTED, Path("n.yaml"), "n.yaml"))
    edit(edits)
    text = edits.text()  # reads back as intended, or EditRefused
    data = load_text(text, Path("n.yaml"), "n.yaml").data
    if "purposes" in want:
        assert [i["id"] for i in data["purposes"]["items"]] == want["purposes"]
    if "categories" in want:
        assert [i["name"] for i in data["categories"]["items"]] == want["categories"]
    if "other" in want:
        assert data["categories"]["other"] == [{"name": "A new list"}]
    if "transfers" in want:
        assert data["transfers"] == {"heading": "Abroad?", "text": "No."}
    # Every comment stays, but those inside the removed item and the comment lines indented
    # under it that follow (the line editor's rule for a removed item).
    gone = {"one": ["# a note on the first", "# a comment between items"], "two": []}
    removed = [c for name, comments in gone.items() if name not in want.get("purposes", [name]) for c in comments]
    for line in NESTED.splitlines():
        if "#" in line and not any(c in line for c in removed):
            assert line in text.splitlines(), (line, text)


def _marks(node, found: list) -> list:
    """Every node's kind, tag, value (for a scalar), extent and block/flow style, in order:
    what the line editor takes from the composer."""
    import yaml

    scalar = isinstance(node, yaml.ScalarNode)
    found.append(
        (
            type(node).__name__,
            node.tag,
            node.value if scalar else None,
            (node.start_mark.index, node.start_mark.line, node.start_mark.column),
            (node.end_mark.index, node.end_mark.line, node.end_mark.column),
            (node.style or None) if scalar else bool(node.flow_style),
        )
    )
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            _marks(key, found)
            _marks(value, found)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            _marks(item, found)
    return found


def test_libyamls_composer_gives_the_line_editor_the_same_marks():
    """The line editor composes with libyaml when PyYAML has it (yaml_lines.COMPOSER): every
    bundled data file, and a text with characters outside the Basic Multilingual Plane (marks
    count characters, not bytes), gives the same nodes and marks as the pure-Python composer."""
    import yaml

    from generator.core import yaml_lines

    if yaml_lines.COMPOSER is yaml.SafeLoader:
        pytest.skip("PyYAML was built without libyaml: the line editor uses the pure-Python composer")
    repo = Path(__file__).resolve().parent.parent
    files = [
        *repo.glob("policy_data/**/*.yaml"),
        *repo.glob("checklists/*.yaml"),
        *repo.glob("tests/fixtures/**/*.yaml"),
    ]
    texts = {p.relative_to(repo).as_posix(): p.read_text(encoding="utf-8") for p in files}
    texts["astral"] = 'name: "Tŷ Bach 𝄞 ☃"\nitems:\n  - a: |\n      ŷ 𝄞\n    b: [x, "𝄞"]\n'
    assert len(texts) > 12
    for name, text in texts.items():
        python = _marks(yaml.compose(text, Loader=yaml.SafeLoader), [])
        assert _marks(yaml.compose(text, Loader=yaml_lines.COMPOSER), []) == python, name
