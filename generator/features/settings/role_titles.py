"""The model's role titles in a setting's words.

A setting that adopts a model may give its roles its own titles (its roles.yaml, same ids): a
children's centre calls the model's "Head Teacher" its "Centre manager".  The model's words
are written with the model's titles, so a statement that says "The Head Teacher is responsible
for child protection" is untrue of the centre, and nothing else notices.  Every statement of
the setting's handbook (the model's and its own) and every checklist item it prints is read
for the model's title of each role the setting names differently, and each is reported where
it is written, with the way to word it the setting's way (overrides.yaml `replace:`, whose
`model_text` then tells the setting when the model's words move on).  A model that writes
`{role:ID}` instead of a title is read with each setting's title (policies/setting_name.py),
and is never reported.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache, partial
from typing import TYPE_CHECKING, Any

from generator.core.findings import Finding, Location, Report
from generator.core.sources import load_model
from generator.features.policies.model import RolesFile
from generator.features.settings.codes import MODEL_ROLE_TITLE
from generator.features.settings.folding import REMEMBERED, Search, first_found, squeezed, squeezed_needle

if TYPE_CHECKING:
    from generator.features.settings.data import SettingsData as Handbook

ROLES_FILE = "roles.yaml"
# What texts() calls the words a setting changes by its own copy of the file, not overrides.yaml.
OWN_COPY = ("checklist item", "the notice", "the guide to information", "the retention schedule")
# Where a text is written, worked out only when a finding needs it: the checks read thousands
# of texts on every `serve` rebuild and report few (issue 31).
Where = Callable[[], Location]


def renamed_roles(hb: Handbook) -> dict[str, tuple[str, str]]:
    """Role id -> (the model's title, the setting's) for each role the setting names differently."""
    project = hb.project
    if project.model_dir is None:
        return {}
    path = project.model_dir / ROLES_FILE
    if not path.is_file():
        return {}
    # the model's own file is checked when the model is; here only its titles are wanted
    _, model_roles = load_model(path, RolesFile, project.shown(path), Report())
    if model_roles is None:
        return {}
    return {
        role.id: (role.name, hb.roles[role.id].name)
        for role in model_roles.roles
        if role.id in hb.roles and _words(role.name) != _words(hb.roles[role.id].name)
    }


def _words(text: str) -> str:
    return " ".join(text.split()).casefold()


@lru_cache(maxsize=256)
def _title_pattern(title: str) -> re.Pattern[str]:
    """The title as words, however the YAML wraps it and whatever its case."""
    return re.compile(r"\b" + r"\s+".join(map(re.escape, title.split())) + r"\b", re.IGNORECASE)


@lru_cache(maxsize=64)
def _searches(titles: tuple[str, ...]) -> tuple[Search, ...]:
    """Each title's regex, and its words, which squeezed() of a text holds wherever the regex
    could match (folding.py)."""
    return tuple((_title_pattern(t).search, squeezed_needle(t)) for t in titles)


@lru_cache(maxsize=REMEMBERED)
def _title_in(titles: tuple[str, ...], text: str) -> int | None:
    """Which of these titles the text names first, if any; remembered, and each regex run only
    where it could match (folding.py)."""
    found = first_found(_searches(titles), text, squeezed(text))
    return found[0] if found else None


def texts(hb: Handbook) -> Iterator[tuple[Where, str, str]]:
    """(where, what it is, its words) for every statement and checklist item of the handbook;
    `where()` says where the words are written (9,400 places at the bench's scale, each a walk
    up the file's positions: asked for only when something is found)."""
    for policy in hb.policies.values():
        for statement in policy.statements():
            yield partial(statement.where, "text"), statement.id, statement.text
    for notice in [*hb.notices.values(), *hb.translations]:
        for where, text in _node_texts(notice):
            yield where, f"the notice '{notice.id}'", text
    for checklist in hb.checklists.values():
        for n, item in enumerate(checklist.items):
            if item.text:
                yield partial(checklist.where, "items", n, "text"), f"checklist item {item.id}", item.text
    for entry in hb.retention.values():
        for where, text in _node_texts(entry):
            yield where, f"the retention schedule's entry '{entry.id}'", text
    if hb.publication_scheme is not None:
        for where, text in _node_texts(hb.publication_scheme):
            yield where, "the guide to information (publication-scheme.yaml)", text


def _node_texts(node: Any) -> Iterator[tuple[Where, str]]:
    """(where, words) for every text a data file's node holds, at any depth."""
    for name in type(node).model_fields:
        value = getattr(node, name)
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, str):
                yield partial(node.where, name), item
            elif hasattr(type(item), "model_fields"):
                yield from _node_texts(item)


def how_to_reword(setting: str | None, what: str) -> str:
    """What a setting does about model words that are not its own: a local change in its
    overrides.yaml, or, for a file it has no statement ids in, its own copy of the file."""
    if not what.startswith(OWN_COPY):
        return (
            f"word it this setting's way in settings/{setting}/overrides.yaml, under replace: "
            f"(id: {what}, text: the setting's words, model_text: the model's words now)"
        )
    return f"give this setting its own copy in its own words (settings/{setting}/, the same path as the model's)"


def check(hb: Handbook) -> Iterable[Finding]:
    if hb.adopted is None:
        return
    renamed = renamed_roles(hb)
    if not renamed:
        return
    # a longer title first: "Head Teacher and designated child protection staff" before "Head Teacher"
    patterns = sorted(renamed.items(), key=lambda kv: -len(kv[1][0]))
    titles = tuple(model for _role_id, (model, _ours) in patterns)
    setting = hb.project.setting
    for where, what, text in texts(hb):
        n = _title_in(titles, text)
        if n is None:
            continue
        role_id, (model, ours) = patterns[n]
        how = how_to_reword(setting, what)
        yield MODEL_ROLE_TITLE(
            where(),
            f"{what} says “{model}”, the model's title for the role '{role_id}', which this setting "
            f"calls “{ours}” (its roles.yaml): {how}, or have the model write {{role:{role_id}}} in its place",
        )  # one finding per text: its words need rewording once
