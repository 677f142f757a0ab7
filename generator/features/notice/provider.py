"""Who runs the setting, where the notice must name it: the data controller of a private
nursery (or an independent school's nursery) is its provider, the company, charity, committee
or person that runs it (the kinds table's `controller:`; setting.yaml's `run_by`, with its
company or charity number).  The full notice's first part and its first page both name it."""

from __future__ import annotations

from typing import Protocol

from generator.core.voice import Voice
from generator.features.policies.kinds import KnowsItsKinds, provider_is_controller
from generator.features.policies.model import Setting

# Kept out of the notice's LABELS (whose words every notice's document reference is made
# from), as the council's are: only these notices print them, and a translation may give its
# own under the same keys.  Spoken in the setting's voice ("the information I hold").
RUN_BY_LABELS: dict[str, str] = {
    # {run_by}: its name and number; {name}: its name alone (a person or a body: no "which")
    "controller.provider": '{setting} is run by {run_by}. In law, {name} is the "data controller": responsible for '
    "the information we hold about you and your child.",
    "controller.company_number": "company number",
    "controller.charity_number": "registered charity number",
    "controller.provider_unset": "the name of the company, charity, committee or person that runs {setting} "
    '(the "data controller"), with its company or charity number',
    "glance.run_by": "{setting} is run by {run_by}.",
    "glance.run_by_unset": "Run by",
}


class Speaks(Protocol):
    @property
    def voice(self) -> Voice: ...


class HasSetting(KnowsItsKinds, Protocol):
    @property
    def setting(self) -> Setting: ...


def names_who_runs_it(hb: HasSetting) -> bool:
    """Whether the notice names who runs the setting (the full notice's sentence, the first
    page's line, the words a translator is given): setting.yaml gives run_by, or the setting's
    kind has its provider for controller (then unset is "to be completed")."""
    return hb.setting.run_by is not None or provider_is_controller(hb)


def provider_labels(hb: Speaks, labels: dict[str, str]) -> dict[str, str]:
    """RUN_BY_LABELS in the setting's voice, or a translation's own words (in `labels`)."""
    return {key: labels.get(key, hb.voice.speak(words)) for key, words in RUN_BY_LABELS.items()}


def printed_keys(setting: Setting, controller_part: bool) -> list[str]:
    """The RUN_BY_LABELS a notice prints: the first page's short line, and (when the notice
    has a controller part) the full sentence with the numbers given, or what is to be completed."""
    if setting.run_by is None:
        return ["glance.run_by_unset"] + (["controller.provider_unset"] if controller_part else [])
    numbers = [f"controller.{field}" for field in ("company_number", "charity_number") if getattr(setting, field)]
    return ["glance.run_by"] + (["controller.provider", *numbers] if controller_part else [])


def run_by(setting: Setting, labels: dict[str, str], numbers: bool = True) -> str | None:
    """ "Little Acorns Ltd (company number 01234567)": who runs the setting as the notice names
    it (without the numbers: the first page's short line), or None while setting.yaml does not
    say."""
    if setting.run_by is None:
        return None
    given = [
        f"{labels[f'controller.{field}']} {value}"
        for field in ("company_number", "charity_number")
        if numbers and (value := getattr(setting, field))
    ]
    return setting.run_by + (f" ({', '.join(given)})" if given else "")
