"""Who has signed what (`handbook status`), into build/private/ only.

    build/private/acknowledgements.html   person x policy matrix with counts (for the Head/office)
    build/private/acknowledgements.csv    the same matrix for a spreadsheet
    build/private/checklists/<person>.pdf each person's own checklist of what they still must sign

The records are personal data: nothing here writes to build/site/ or build/print/.  The
command (commands/status.py) writes into a temporary folder and publishes it into
build/private/ only when it is complete, keeping what `handbook build --records` put there.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from generator.core.context import Context
from generator.core.csv_cells import csv_text
from generator.core.output import Output
from generator.core.templating import footer, render
from generator.features.checklists.content import checklist_parts
from generator.features.checklists.render import checklist_html, write_checklist
from generator.features.records.ledger import NEW_STARTER_DAYS, STATE_LABELS, STATE_ORDER, TO_SIGN, Cell, counts, matrix
from generator.features.records.model import Records, StaffMember
from generator.features.releases.versions import policy_version

from .resign import lead_with_changes

if TYPE_CHECKING:
    from generator.features.training.data import TrainingData as Handbook


def acknowledgements_csv(hb: Handbook, rows: list[tuple[StaffMember, dict[str, Cell]]]) -> str:
    policies = list(hb.policies.values())
    table = [["person id", "name", "roles", "start date"] + [p.id for p in policies] + ["still to sign"]]
    for member, cells in rows:
        to_sign = [pid for pid, c in cells.items() if c.state in TO_SIGN]
        table.append(
            [member.id, member.name, " ".join(member.roles), member.start_date.isoformat()]
            + [cells[p.id].state for p in policies]
            + [" ".join(to_sign)]
        )
    return csv_text(table)


def write_private(hb: Handbook, ctx: Context, records: Records, output: Output) -> list[str]:
    """Every private output of `handbook status` into the output's folder; returns the ids of
    people with a checklist to sign."""
    on = hb.as_of
    rows = matrix(hb, records, on)
    policies = [(p, policy_version(hb, p)) for p in hb.policies.values()]
    left = [m for m in records.staff.values() if m.leave_date is not None and m.leave_date <= on]
    html = render(
        "print/acknowledgements.html.j2",
        title=f"Acknowledgements: who has signed what ({hb.setting.name})",
        footer=footer("Private: acknowledgements", on, label="as of"),
        setting=hb.setting,
        roles=hb.roles,
        as_of=on,
        rows=rows,
        policies=policies,
        counts=counts(rows, [p.id for p, _ in policies]),
        labels=STATE_LABELS,
        order=STATE_ORDER,
        left=len(left),
        new_starter_days=NEW_STARTER_DAYS,
    )
    output.document(html, output.path("acknowledgements.html"))
    output.text(output.path("acknowledgements.csv"), acknowledgements_csv(hb, rows))
    pending = []
    for member, cells in rows:
        due = {pid for pid, c in cells.items() if c.state in TO_SIGN}
        if not due:
            continue
        parts, since_signed = lead_with_changes(hb, checklist_parts(hb, member.roles, due), cells)
        roles = ", ".join(hb.roles[r].name for r in member.roles)
        html = checklist_html(
            hb,
            ctx,
            roles,
            parts,
            member.roles,
            person_name=member.name,
            since_signed=since_signed,
            reference=f"Private: acknowledgement checklist for {member.name}",  # as a person reads it
        )
        write_checklist(output, html, output.path("checklists"), member.id)
        pending.append(member.id)
    return pending
