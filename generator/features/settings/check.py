"""A setting's checks: conflicts between its local changes and the model's updates, and the
model release it adopted."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import TYPE_CHECKING

from generator.core.findings import Finding, Location
from generator.features.information.codes import RETENTION_PERIOD_UNSET
from generator.features.notice.check import statement_refs
from generator.features.notice.codes import VERSION_UNSET as NOTICE_VERSION_UNSET
from generator.features.policies.codes import (
    REGISTER_NEXT_REVIEW_UNSET,
    REGISTER_OWNER_UNSET,
    REGISTER_REVIEW_CYCLE_UNSET,
)
from generator.features.settings.codes import (
    ADOPTED_UNKNOWN_RELEASE,
    CHECKLIST_ON_REPLACED,
    CONFLICT,
    CONFLICT_REMOVED,
    NOTICE_ON_REPLACED,
    OWN_COPY_OF_MODEL_POLICY,
    RELEASE_NOT_ADOPTED,
)

if TYPE_CHECKING:
    from generator.features.settings.data import SettingsData as Handbook


def _quoted(text: str | None) -> str:
    return f"“{' '.join(text.split())}”" if text else "(none)"


def _from(node, folder) -> bool:
    """Whether a data file's node was read from this folder (the model's) or the setting's own."""
    source = node._source
    return source is not None and folder is not None and folder.resolve() in source.path.resolve().parents


def _drafted_on_replaced(hb: Handbook, replaced: set[str]) -> Iterable[Finding]:
    """Words drafted from the model's statements (checklist items, the notice's own words) may
    no longer hold once the setting words a statement its own way: say where to look."""
    project = hb.project
    for role_id, checklist in hb.checklists.items():
        if not _from(checklist, project.model_checklists_dir):
            continue  # the setting's own checklist: its words are its own to keep true
        for n, item in enumerate(checklist.items):
            for sid in item.based_on:
                if sid in replaced:
                    yield CHECKLIST_ON_REPLACED(
                        checklist.where("items", n, "id"),
                        f"'{item.id}' is based on {sid}, which this setting words its own way: check that the item "
                        f"still says only what the setting's words say; if not, give the setting its own "
                        f"checklists/{role_id}.yaml (settings/{hb.project.setting}/checklists/)",
                    )
    for notice in hb.notices.values():
        if not _from(notice, project.model_dir):
            continue
        for where, sid in statement_refs(notice):
            if sid in replaced:
                yield NOTICE_ON_REPLACED(
                    where,
                    f"the notice quotes {sid} here, which this setting words its own way: check that the notice's "
                    "own words beside the quote still hold",
                )


def own_copies(hb: Handbook) -> list[str]:
    """The ids of the model's policies this setting keeps a whole copy of (a file in its own
    folder that the loader read in place of the model's of the same name): the model's updates
    to them no longer reach it, and no conflict is reported, unlike a statement worded its own
    way in overrides.yaml."""
    model, own = hb.project.model_dir, hb.project.data_dir
    if hb.adopted is None or model is None:
        return []
    copies = []
    for pid, policy in hb.policies.items():
        source = policy._source.path if policy._source is not None else None
        if source is not None and source.is_relative_to(own) and (model / source.relative_to(own)).is_file():
            copies.append(pid)
    return copies


def check(hb: Handbook) -> Iterable[Finding]:
    adopted = hb.adopted
    if adopted is None:
        return
    setting = hb.project.setting
    for pid in own_copies(hb):
        source = hb.policies[pid]._source
        assert source is not None  # (own_copies found it by its source)
        yield OWN_COPY_OF_MODEL_POLICY(
            Location(hb.project.shown(source.path), 1, 1),
            f"this setting keeps its own copy of the model's policy '{pid}': the model's updates to it no "
            "longer reach this setting, and no conflict is reported when they come. To word statements its "
            f"own way and still follow the model, use overrides.yaml (replace, remove, add) and take this copy "
            "out; keep it only if the setting means to leave the model for this policy",
        )
    yield from _drafted_on_replaced(
        hb, {c.id for c in adopted.changes if c.kind == "replaced" and c.model_text is not None}
    )
    for change in adopted.conflicts:
        resolve = f"handbook resolve {change.id} --setting {setting}"
        texts = f"The model's words when this setting changed it: {_quoted(change.base_text)}"
        if change.model_text is None:
            yield CONFLICT_REMOVED(
                change.where,
                (
                    f"conflict on {change.id}: the model no longer has this statement, which this setting words its own way. "
                    f"{texts}; this setting's words: {_quoted(change.text)}. They are left out of the handbook until you "
                    f"decide: {resolve} --take-model (leave it out), or {resolve} --keep-ours --after ID (keep the setting's "
                    "words, after statement ID)"
                ),
            )
            continue
        ours = "left out" if change.kind == "removed" else _quoted(change.text)
        keeps = "leaves it out" if change.kind == "removed" else "shows the setting's words"
        yield CONFLICT(
            change.where,
            (
                f"conflict on {change.id}: the model changed a statement this setting "
                f"{'left out' if change.kind == 'removed' else 'words its own way'}. {texts}; the model's words now: "
                f"{_quoted(change.model_text)}; this setting's: {ours}. Until you decide, the handbook {keeps}. Decide with "
                f'{resolve} and --keep-ours, --take-model or --text "new words"'
            ),
        )
    latest = adopted.latest_model_release()
    releases = [r.id for r in adopted.model_releases]
    if adopted.adopted is not None and releases and adopted.adopted not in releases:
        # Its pages would say it adopted a release that never was ("the model's release of 1
        # January 2030"), and its conflicts are worked out from the wrong model words.
        yield ADOPTED_UNKNOWN_RELEASE(
            adopted.where_adopted,
            f"adopted: {adopted.adopted} is not a release of the model; its releases are "
            f"{', '.join(str(r) for r in releases)}: write the one this setting adopted (or run "
            f"handbook resolve --setting {setting} --adopt for the latest, once any conflicts are resolved)",
        )
        return
    if latest is not None and (adopted.adopted is None or adopted.adopted < latest):
        since = f"adopted the release of {adopted.adopted}" if adopted.adopted else "records no model release adopted"
        yield RELEASE_NOT_ADOPTED(
            adopted.where_adopted,
            f"the model's latest release is {latest}; this setting {since}. The handbook already shows the model's "
            f"newest words wherever this setting has not changed them; once any conflicts are resolved, record "
            f"that it adopted the release: "
            f"handbook resolve --setting {setting} --adopt",
        )


# Facts the model leaves unset that a setting gives in its overrides.yaml: the codes of the
# findings that report them, and the overrides.yaml key the setting answers them under.
_GIVEN_IN_OVERRIDES = {
    REGISTER_OWNER_UNSET.name: "documents",
    REGISTER_REVIEW_CYCLE_UNSET.name: "documents",
    REGISTER_NEXT_REVIEW_UNSET.name: "documents",
    RETENTION_PERIOD_UNSET.name: "retention",
    NOTICE_VERSION_UNSET.name: "notices",
}


def point_to_overrides(hb: Handbook, findings: list[Finding]) -> list[Finding]:
    """A "to be completed" in one of the model's files that the setting can fill itself says
    so: the model's file is the council's, the answer goes in the setting's overrides.yaml."""
    if hb.adopted is None or hb.project.model_dir is None:
        return findings
    model = hb.project.shown(hb.project.model_dir)
    out = []
    for finding in findings:
        key = _GIVEN_IN_OVERRIDES.get(finding.code)
        if key is not None and finding.location.file.startswith(model + "/"):
            finding = replace(
                finding,
                message=f"{finding.message} (this setting gives it in "
                f"settings/{hb.project.setting}/overrides.yaml, under {key}:)",
            )
        out.append(finding)
    return out
