"""A corpus of broken data folders, derived from the bundled policy_data/ by walking it.

Each Variant mutates a copy of the project.  Nothing here is written by hand per key: the
required keys, date fields, ids and references are found by walking the data alongside the
models in generator.pipeline.handbook.SOURCES, so new data files and fields are covered as they arrive.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
import typing
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.core.load import load_yaml
from generator.core.sources import _inner_model
from generator.pipeline.handbook import SOURCES

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "policy_data"


@dataclass
class Variant:
    name: str
    file: str  # the file the message must name, relative to the project
    apply: Callable[[Path], None]  # mutates a copy of the project
    line: int | None = None  # the line the message must name, when known in advance
    line_of: tuple | None = None  # or: the line of this data path in the mutated file
    message: str = ""  # a regex the message must match
    extra_files: list[str] = field(default_factory=list)  # other files the message may name


def data_files() -> list[tuple[str, Any]]:
    """(path relative to the project, model) for every bundled data file."""
    out = []
    for kind in SOURCES.values():
        if kind.folder != "data":
            continue  # the corpus breaks the data folder; checklists have their own tests
        for path in sorted(DATA.glob(kind.pattern)):
            out.append((str(path.relative_to(REPO)), kind.model))
    return out


# libyaml's emitter where PyYAML has it: the same text as the pure-Python one (each variant's
# file was compared), about six times faster over the hundreds of variants.
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def _dump(data: Any) -> str:
    return yaml.dump(data, Dumper=_DUMPER, sort_keys=False, allow_unicode=True, width=10_000)


def _write_data(rel: str, data: Any) -> Callable[[Path], None]:
    return lambda root: (root / rel).write_text(_dump(data), encoding="utf-8")  # dumped lazily


def _write_text(rel: str, text: str | bytes) -> Callable[[Path], None]:
    if isinstance(text, bytes):
        return lambda root: (root / rel).write_bytes(text)
    return lambda root: (root / rel).write_text(text, encoding="utf-8")


def _set(data: Any, path: tuple, value: Any) -> Any:
    data = copy.deepcopy(data)
    target = data
    for part in path[:-1]:
        target = target[part]
    if value is _DELETE:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return data


_DELETE = object()


def _field_annotation(model, name):
    info = model.model_fields.get(name) if model else None
    return info


def walk(data: Any, model, path: tuple = ()) -> Iterator[tuple[tuple, Any, Any, Any]]:
    """Yield (path, value, model owning the key, field info) for every key in the data."""
    if isinstance(data, dict) and model is not None:
        for key, value in data.items():
            info = model.model_fields.get(key)
            if info is None:
                continue
            yield path + (key,), value, model, info
            inner = _inner_model(info.annotation)
            if isinstance(value, list):
                for i, item in enumerate(value):
                    yield from walk(item, inner, path + (key, i))
            elif isinstance(value, dict):
                yield from walk(value, inner, path + (key,))


def _generic(path: tuple) -> tuple:
    return tuple("*" if isinstance(p, int) else p for p in path)


def _mentions_date(annotation) -> bool:
    return annotation is dt.date or any(_mentions_date(a) for a in typing.get_args(annotation))


REFERENCE_FIELDS = {"roles", "part_of", "links", "owner"}  # fields that hold ids of other things
UNIQUE_ID_LISTS = {"roles", "documents", "sections", "statements"}  # lists whose ids must be unique


def data_variants() -> Iterator[Variant]:
    for rel, model in data_files():
        data = load_yaml(REPO / rel, rel).data
        seen_types: set = set()
        seen_dates: set = set()
        seen_missing: set = set()
        seen_refs: set = set()
        for path, value, owner, info in walk(data, model):
            key = path[-1]
            # 1. every required key of every kind of record, deleted in turn (the first and the
            # second record of each list: a statement's keys are deleted in its first statement
            # and its second, not in all sixty)
            generic = (_generic(path), any(isinstance(p, int) and p > 1 for p in path))
            if info.is_required() and generic not in seen_missing:
                seen_missing.add(generic)
                yield Variant(
                    f"missing:{rel}:{'/'.join(map(str, path))}",
                    rel,
                    _write_data(rel, _set(data, path, _DELETE)),
                    line_of=path[:-1],
                    message=rf"missing required key '{re.escape(key)}'",
                )
            # 2. a wrong type, once per field (not once per statement)
            if _generic(path) not in seen_types:
                seen_types.add(_generic(path))
                wrong = {"a": "mapping"} if not isinstance(value, dict) else ["a", "list"]
                yield Variant(
                    f"type:{rel}:{'/'.join(map(str, _generic(path)))}",
                    rel,
                    _write_data(rel, _set(data, path, wrong)),
                    line_of=path,
                )
            # 3. bad dates, once per date field
            if _mentions_date(info.annotation) and _generic(path) not in seen_dates:
                seen_dates.add(_generic(path))
                for bad in ("2026-02-30", "31/12/2026", "next spring", "2026-13-01", "20261301"):
                    yield Variant(
                        f"date:{rel}:{'/'.join(map(str, _generic(path)))}:{bad}",
                        rel,
                        _write_data(rel, _set(data, path, bad)),
                        line_of=path,
                        message=r"not a valid date",
                    )
            # 4. references to ids that do not exist
            if key in REFERENCE_FIELDS and owner.__name__ != "RolesFile" and _generic(path) not in seen_refs:
                seen_refs.add(_generic(path))
                targets = (
                    [path + (i,) for i in range(len(value))][-1:]
                    if isinstance(value, list)
                    else ([path] if value else [])
                )
                for target in targets:
                    yield Variant(
                        f"ref:{rel}:{'/'.join(map(str, target))}",
                        rel,
                        _write_data(rel, _set(data, target, "no-such-thing")),
                        line_of=target,
                        message=r"unknown .*'no-such-thing'",
                    )
            # 5. duplicate ids: the second item takes the first one's id
            if key in UNIQUE_ID_LISTS and isinstance(value, list) and len(value) > 1 and isinstance(value[0], dict):
                dup = _set(data, path + (1, "id"), value[0]["id"])
                yield Variant(
                    f"dupid:{rel}:{'/'.join(map(str, path))}",
                    rel,
                    _write_data(rel, dup),
                    line_of=path + (1, "id"),
                    message=r"duplicate .*id '",
                )
        # 6. a policy whose id is not in the register
        if "id" in data and rel.startswith("policy_data/policies/"):
            yield Variant(
                f"unregistered:{rel}",
                rel,
                _write_data(rel, _set(data, ("id",), "not-in-register")),
                line_of=("id",),
                message=r"unknown register entry 'not-in-register'",
            )


_KEY_LINE = re.compile(r"^(?P<indent> *)(?P<dash>- )?(?P<key>[a-z_]+): (?P<value>\S.*)$")


def _single_line_keys(lines: list[str]) -> list[int]:
    """Indexes of `key: value` lines whose value does not continue on the next line."""
    out = []
    for i, line in enumerate(lines):
        m = _KEY_LINE.match(line)
        if not m or i + 1 >= len(lines):
            continue
        column = len(m["indent"]) + (2 if m["dash"] else 0)
        following = lines[i + 1]
        if following.strip() and len(following) - len(following.lstrip(" ")) <= column:
            out.append(i)
    return out


def _spread(items: list, n: int) -> list:
    if len(items) <= n:
        return items
    return [items[round(k * (len(items) - 1) / (n - 1))] for k in range(n)]


def text_variants() -> Iterator[Variant]:
    for rel, _ in data_files():
        text = (REPO / rel).read_text(encoding="utf-8")
        lines = text.split("\n")
        keys = _single_line_keys(lines)
        for i in _spread(keys, 6):
            m = _KEY_LINE.match(lines[i])
            column = " " * (len(m["indent"]) + (2 if m["dash"] else 0))
            dup = lines[: i + 1] + [f"{column}{m['key']}: {m['value']}"] + lines[i + 1 :]
            yield Variant(
                f"dupkey:{rel}:{i + 1}",
                rel,
                _write_text(rel, "\n".join(dup)),
                line=i + 2,
                message=rf"duplicate key '{m['key']}'",
            )
        indented = [i for i in keys if lines[i].startswith(" ")]
        for i in _spread(indented, 4):
            tabbed = lines[:i] + ["\t" + lines[i].lstrip(" ")] + lines[i + 1 :]
            yield Variant(
                f"tab:{rel}:{i + 1}",
                rel,
                _write_text(rel, "\n".join(tabbed)),
                line=i + 1,
                message=r"use spaces, not tabs",
            )
        # a sibling key indented one space too far, or one too few
        siblings = [
            i
            for i in keys[:-1]
            if i + 1 in keys
            and _KEY_LINE.match(lines[i + 1])["dash"] is None
            and len(lines[i + 1]) - len(lines[i + 1].lstrip()) == len(lines[i]) - len(lines[i].lstrip())
            and not _KEY_LINE.match(lines[i])["dash"]
        ]
        for i in _spread(siblings, 3):
            deeper = lines[: i + 1] + [" " + lines[i + 1]] + lines[i + 2 :]
            yield Variant(
                f"indent+1:{rel}:{i + 2}", rel, _write_text(rel, "\n".join(deeper)), line=i + 2, message="YAML syntax"
            )
        for i in _spread([i for i in siblings if lines[i + 1].startswith(" ")], 3):
            shallower = lines[: i + 1] + [lines[i + 1][1:]] + lines[i + 2 :]
            yield Variant(f"indent-1:{rel}:{i + 2}", rel, _write_text(rel, "\n".join(shallower)), line=None, message="")
        # truncated in the middle of a key (as a crashed editor or a full disk leaves it)
        for i in _spread(keys[1:], 4):
            m = _KEY_LINE.match(lines[i])
            cut = "\n".join(lines[:i]) + "\n" + lines[i][: len(m["indent"]) + (2 if m["dash"] else 0) + 2]
            yield Variant(f"truncated:{rel}:{i + 1}", rel, _write_text(rel, cut))
        yield Variant(f"empty:{rel}", rel, _write_text(rel, ""), line=1, message="the file is empty")
        yield Variant(f"comments-only:{rel}", rel, _write_text(rel, "# nothing yet\n"), line=1, message="no data")
        yield Variant(
            f"binary:{rel}",
            rel,
            _write_text(rel, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))),
            line=3,
            message="not a text file",
        )
        middle = len(lines) // 2
        bad_utf8 = (
            ("\n".join(lines[:middle]) + "\n").encode() + b"title: caf\xe9\n" + "\n".join(lines[middle:]).encode()
        )
        yield Variant(f"latin1:{rel}", rel, _write_text(rel, bad_utf8), line=middle + 1, message="not valid UTF-8")
        yield Variant(f"list-not-mapping:{rel}", rel, _write_text(rel, "- just\n- a list\n"), line=1)
        yield Variant(f"scalar-not-mapping:{rel}", rel, _write_text(rel, "just some words\n"), line=1)


POLICY = "policy_data/policies/confidentiality.yaml"
SETTING = "policy_data/setting.yaml"

TAGS = [
    "!!python/object/apply:os.system ['touch pwned']",
    "!!python/object/new:subprocess.Popen [['touch', 'pwned']]",
    "!!python/name:os.system",
    "!!python/module:os",
    "!!binary aGVsbG8=",
    "!!set {a, b}",
    "!!omap [a: 1]",
    "!!timestamp 2026-01-01",
    "!local thing",
    "!<tag:example.com,2000:app/x> thing",
    "!!int forty",
    "!!bool maybe",
    "!!float lots",
]


def hostile_variants() -> Iterator[Variant]:
    setting = (REPO / SETTING).read_text(encoding="utf-8")
    line = setting.split("\n").index(next(l for l in setting.split("\n") if l.startswith("website:"))) + 1
    for tag in TAGS:
        yield Variant(
            f"tag:{tag.split()[0]}",
            SETTING,
            _write_text(
                SETTING,
                setting.replace(next(l for l in setting.split("\n") if l.startswith("website:")), f"website: {tag}"),
            ),
            line=line,
        )
    bomb = "a: &a ['lol','lol','lol','lol','lol','lol','lol','lol','lol']\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)}]\n"
        for i in range(9)
    )
    yield Variant("alias-bomb", SETTING, _write_text(SETTING, bomb), line=2, message="aliases")
    yield Variant(
        "merge-key", SETTING, _write_text(SETTING, setting + "\n<<: {name: x}\n"), message="merge keys|plain text"
    )
    yield Variant(
        "deep-flow",
        SETTING,
        _write_text(SETTING, setting + "\nwebsite2: " + "[" * 5000 + "]" * 5000 + "\n"),
        message="nest|deep",
    )
    deep_block = "".join(" " * (2 * i) + f"k{i}:\n" for i in range(300)) + " " * 600 + "v: 1\n"
    yield Variant("deep-block", SETTING, _write_text(SETTING, deep_block), message="nest|deep")
    yield Variant(
        "huge-int",
        SETTING,
        _write_text(SETTING, setting.replace("phone: null", "phone: " + "9" * 5000)),
        message="cannot read",
    )
    yield Variant(
        "nul-escape",
        SETTING,
        _write_text(SETTING, setting.replace("phone: null", 'phone: "a\\x00b"')),
        message="control or invalid character",
    )
    # libyaml refuses the escape itself; the pure-Python parser lets it through to our check.
    yield Variant(
        "surrogate-escape",
        SETTING,
        _write_text(SETTING, setting.replace("phone: null", 'phone: "\\ud800"')),
        message="control or invalid character|invalid Unicode character escape",
    )
    yield Variant("complex-key", SETTING, _write_text(SETTING, setting + "\n? [a, b]\n: c\n"), message="plain text")
    yield Variant("huge-string", POLICY, _huge_file, line=1, message="larger than")
    for path_id in ("../../escape", "/etc/passwd", "..", "ｅｖｉｌ", "evil\u202egpj.md", "con/../x", "a\\b", "évil"):
        policy = (REPO / POLICY).read_text(encoding="utf-8")
        yield Variant(
            f"path-id:{path_id!r}",
            POLICY,
            _write_text(
                POLICY,
                policy.replace(
                    "\nid: confidentiality\n",
                    f"\nid: {yaml.safe_dump(path_id, allow_unicode=True).split(chr(10))[0]}\n",
                    1,
                ),
            ),
            line=policy.split("\n").index("id: confidentiality") + 1,
            message="not a valid id",
        )
    yield Variant(
        "no-setting",
        "policy_data/setting.yaml",
        lambda root: (root / SETTING).unlink(),
        line=1,
        message="required file is missing",
    )
    # No policy at all is a new project's state (a warning); here the register still lists it.
    register = (REPO / "policy_data/register.yaml").read_text(encoding="utf-8").split("\n")
    yield Variant(
        "no-policies",
        "policy_data/register.yaml",
        lambda root: (root / POLICY).unlink(),
        line=register.index("    status: in-handbook") + 1,
        message="is marked in-handbook but neither",
    )


HUGE = 100 * 1024 * 1024


def _huge_file(root: Path) -> None:
    """A 100 MB policy (one huge string): written in chunks, never held in memory."""
    with open(root / POLICY, "w", encoding="utf-8") as out:
        out.write("id: confidentiality\ntitle: ")
        chunk = "x" * (1 << 20)
        for _ in range(100):
            out.write(chunk)
        out.write("\n")


def all_variants() -> list[Variant]:
    variants = [*data_variants(), *text_variants(), *hostile_variants()]
    names = [v.name for v in variants]
    assert len(names) == len(set(names)), "variant names must be unique"
    return variants
