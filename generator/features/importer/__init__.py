"""The importer, as a library: a Word, PDF, web page, text or Markdown policy read into a policy
file that needs only review; a policy exported to Word; a revised Word document merged back.
The words are kept as written; what a document cannot tell (who each statement is for, which
roles must read it, owner and review dates) is left unset for a person to decide, and
`handbook check` reports it until they do.

Nothing in the importer prints, exits or returns an exit code: each entry point returns a
result, or raises `Refused` with one line saying why nothing was written.  The commands
(generator/commands/import_policy.py, export_policy.py) print the results; the desk shows them.
The project's data is loaded by the normal loader (`pipeline.handbook.load_handbook`, a layer
above this one, so the caller loads it) and handed in, as a `Handbook` or, for a first import,
as `Known`.  A desk request, for example:

    handbook, _ = load_handbook(project)
    draft = read_policy(project, upload, "sun-protection", Known.of(handbook))
    ...show draft.text and draft.notes; on "save": write_draft(draft)
    plan = plan_update(handbook, "confidentiality", revised_docx)
    ...show plan.reworded, plan.added, plan.removed, plan.moved; on "merge": apply_update(plan)

Entry points (all importable from `generator.features.importer`):

- ``read_policy(project, source, policy_id, known=None, *, out_dir=None, prefix=None,
  title=None, keep_lines=False, replace=False) -> PolicyDraft``: read a document as a new
  policy.  ``draft.text`` is the policy file (YAML, review list at its top), ``draft.notes``
  what could not be kept (Findings, level note), ``draft.register_yaml()`` the register
  entries to suggest.  ``known = Known.of(handbook)`` after ``handbook, _ =
  load_handbook(project)``, or ``Known.unloaded(project, exc.findings)`` when that raised
  DataError (the import then goes on without the setting's name and register);
  ``generator.commands.import_policy.known_data(project)`` does both.
- ``write_draft(draft, replace=False) -> None``: write it, validated, by one rename.
- ``register_entry.add_to_register(project, draft) -> bool``: list the new policy in
  register.yaml (its own entry, through the line editor, only if the whole register still
  validates; ``Refused`` with the register untouched otherwise); ``own_register_lines(draft)``
  and ``mentioned_register_lines(draft)`` give the entries to offer as lines.  The desk and
  `handbook import` both call it after ``write_draft``.
- ``plan_update(handbook, policy_id, docx_path) -> UpdatePlan``: a revised Word document
  matched to the policy: ``plan.reworded`` (with word differences), ``plan.added``,
  ``plan.removed``, ``plan.moved``, sections renamed/new/removed, ``plan.references`` (what
  else names a removed statement), ``plan.notes``, and ``plan.updated`` (the file to write).
- ``apply_update(plan) -> bool``: write it (False: nothing changed); refused if the policy
  file changed after the plan was made.
- ``export_policy(handbook, policy_id, out, replace=False) -> Exported``: the policy as a
  .docx whose paragraphs carry their statement ids as bookmarks (``refuse_output(out,
  replace)`` checks the path alone, before loading the data).
- ``Refused``: the one-line refusal every entry point raises.
"""

from __future__ import annotations

from .policy_draft import Known, PolicyDraft, read_policy, write_draft
from .results import Refused
from .update import UpdatePlan, apply_update, plan_update
from .word_export import Exported, export_policy, refuse_output

__all__ = [
    "Exported",
    "Known",
    "PolicyDraft",
    "Refused",
    "UpdatePlan",
    "apply_update",
    "export_policy",
    "plan_update",
    "read_policy",
    "refuse_output",
    "write_draft",
]
