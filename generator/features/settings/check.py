"""A setting's checks: conflicts between its local changes and the model's updates, and the
model release it adopted."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable

from generator.core.findings import Finding, note, warning

if TYPE_CHECKING:
    from generator.pipeline.handbook import Handbook


def _quoted(text: str | None) -> str:
    return f"“{' '.join(text.split())}”" if text else "(none)"


def check(hb: Handbook) -> Iterable[Finding]:
    adopted = hb.adopted
    if adopted is None:
        return
    setting = hb.project.setting
    for change in adopted.conflicts:
        resolve = f"handbook resolve {change.id} --setting {setting}"
        if change.model_text is None:
            what = (f"conflict: the model no longer has {change.id}, which this setting replaced; "
                    f"the model's old words {_quoted(change.base_text)}; this setting's words {_quoted(change.text)} "
                    f"are not shown until you decide: {resolve} --take-model (leave it out), or --keep-ours --after ID "
                    "(keep the setting's words as its own statement, after statement ID)")
        elif change.kind == "removed":
            what = (f"conflict: the model changed {change.id}, which this setting removed; the model's old words "
                    f"{_quoted(change.base_text)}; its new words {_quoted(change.model_text)}; decide: {resolve} "
                    "--keep-ours (still leave it out), --take-model (show the model's new words) or --text \"...\"")
        else:
            what = (f"conflict: the model changed {change.id}, which this setting replaced; the model's old words "
                    f"{_quoted(change.base_text)}; its new words {_quoted(change.model_text)}; this setting's words "
                    f"{_quoted(change.text)} (shown until you decide); decide: {resolve} --keep-ours, --take-model "
                    "or --text \"...\"")
        yield warning(change.where, what)
    latest = adopted.latest_model_release()
    if latest is not None and (adopted.adopted is None or adopted.adopted < latest):
        since = f"adopted the release of {adopted.adopted}" if adopted.adopted else "records no model release adopted"
        yield note(
            adopted.where_adopted,
            f"the model's latest release is {latest}; this setting {since}. Statements it has not changed already "
            f"read as the model's; once any conflicts are resolved, record the adoption: "
            f"handbook resolve --setting {setting} --adopt",
        )
