"""Typed model of the policy data: the setting, roles, register and policies.

Built on core/model.py's Node, so unknown keys are rejected and every node knows where it is
written.  Facts the setting's documents do not give are ``None``: the checks report them and
print shows "to be completed".
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import ConfigDict, Field, PrivateAttr, field_validator, model_validator
from pydantic_core import PydanticCustomError

from generator.core.model import Node, Slug, StatementId, Text, private

Audience = Literal["staff", "parents", "public"]


class Contact(Node):
    # The descriptions are the help text of the JSON Schemas (an editor's hover) and of the desk's forms.
    name: Text | None = Field(None, description="The person's full name.")
    role: Text | None = Field(None, description="Their job title, or the service that provides them.")
    email: Text | None = Field(None, description="An email address to reach them.")
    phone: Text | None = Field(None, description="A phone number to reach them.")
    address: Text | None = Field(None, description="A postal address to write to them.")


class Setting(Node):
    """The setting itself (the data controller)."""

    id: Slug = Field(
        description="A short name for the setting in lower-case letters, digits and hyphens (it names files)."
    )
    name: Text = Field(description="The setting's name, as parents and staff know it.")
    # Which kind of setting it is: an id of the kinds table (generator/data/kinds.yaml), or a
    # list of them (a maintained nursery school that also runs a children's centre).  The
    # table's name of a kind is accepted too ("maintained nursery school"), as older projects
    # wrote it.  Unset: what depends on it is "to be completed".
    kind: Text | list[Text] | None = Field(
        None, description="Which kind of setting it is (or kinds): which laws and duties apply follows from it."
    )
    # What the handbook calls the setting in its own sentences ("the nursery", "the pre-school",
    # "the school", "the setting"); unset: the kind's usual word.
    noun: Text | None = Field(
        None,
        description='What the handbook calls the setting in its sentences, such as "the nursery"; blank: the kind\'s usual word.',
    )
    # england, wales, scotland or northern-ireland: the tool knows England's law only.
    nation: Literal["england", "wales", "scotland", "northern-ireland"] | None = Field(
        None, description="The nation of the UK the setting is in (the tool knows England's law only)."
    )
    address: Text | None = Field(None, description="The setting's postal address, printed on the parent notice.")
    phone: Text | None = Field(None, description="The setting's phone number.")
    email: Text | None = Field(None, description="The setting's email address.")
    website: Text | None = Field(None, description="The setting's website address.")
    local_authority: Text | None = Field(None, description="The local authority (council) the setting is in.")
    # Who runs the setting, where that is not the setting's own name: the legal person that is
    # the data controller (UK GDPR Art. 4(7), 13(1)(a)): a company, a charity, a pre-school's
    # committee, a sole trader or partnership.  The parent notice names it (notice/content.py);
    # for a kind whose controller is its provider (the kinds table's `controller:`), unset is
    # "to be completed".  A childminder is the controller in her own name, and a council's
    # centre names the council (local_authority).
    run_by: Text | None = Field(
        None,
        description="The legal name of the company, charity, committee or person that runs the setting "
        '(the data controller), such as "Little Acorns Ltd"; blank where it is the setting\'s own name.',
    )
    company_number: Text | None = Field(
        None, description="The company number at Companies House of the company that runs the setting, if it is one."
    )
    charity_number: Text | None = Field(
        None, description="The registered charity number of the charity that runs the setting, if it is one."
    )
    dpo: Contact = Field(
        default_factory=lambda: Contact.model_validate({}),
        description="The Data Protection Officer: who parents and staff can ask about their personal data.",
    )
    ico_registration: Text | None = Field(
        None, description="The setting's registration number with the Information Commissioner."
    )  # the setting's registration number with the regulator
    # The setting's own ways to take a data protection complaint (DPA 2018 s.164A, in force 19 June
    # 2026): the law asks it to make complaining easy, "by taking steps such as providing a
    # complaint form which can be completed electronically and by other means" (an example, not
    # a must); the notice prints the ones given here.
    complaints_email: Text | None = Field(None, description="An email address that takes data protection complaints.")
    complaints_form: Text | None = Field(None, description="The web address of an online complaints form.")
    handbook_contact: Text | None = Field(
        None, description="Who to ask about this handbook, or for it in another format (printed on the notice)."
    )
    # The public edition (build/public/) never publishes a draft unless the setting says so
    # here; a draft it publishes is marked as one on every page.
    publish_drafts: bool = Field(
        False,
        description="Whether the public edition also publishes documents not yet approved (each marked as a draft).",
    )


class RegulatorRenamed(Node):
    """The name the regulator takes on a day the law sets (the Data (Use and Access) Act 2025
    s.119: the Information Commission), with where that day was read.  Until a source gives the
    day, `in_force_from` stays unset and every output keeps the current name."""

    name: Text  # "Information Commission"
    in_force_from: dt.date | None = None  # None: not commenced, or not confirmed by a source
    website: Text | None = None  # the new addresses, once the source gives them
    complaint_page: Text | None = None
    source: Text  # where the commencement (or that it was not confirmed) was read
    checked: dt.date
    check_again_by: dt.date | None = None  # `handbook check` warns after this day while the day is unset


class Regulator(Node):
    """policy_data/regulator.yaml: the data protection regulator, named in one place so that one
    edit (the ICO becoming the Information Commission) updates every output.  With `renamed`,
    each output names it as it is called on the day it speaks of (a notice: the day it is
    issued), so a notice issued before the day keeps the old name and one issued after it the
    new one."""

    name: Text  # as parents read it, e.g. "Information Commissioner's Office"
    what_it_does: Text | None = None  # one plain sentence for the notice
    website: Text | None = None
    complaint_page: Text | None = None
    phone: Text | None = None
    address: Text | None = None
    address_source: Text | None = None  # required with an address: where it was read
    source: Text  # where these facts were read
    checked: dt.date  # when they were last checked
    note: Text | None = None
    renamed: RegulatorRenamed | None = None

    def on(self, day: dt.date) -> Regulator:
        """The regulator as named on `day`: the new name (and addresses) from the day it is in
        force, the current one before it or while that day is not known."""
        new = self.renamed
        if new is None or new.in_force_from is None or day < new.in_force_from:
            return self
        return self.model_copy(
            update={
                "name": new.name,
                "website": new.website or self.website,
                "complaint_page": new.complaint_page or self.complaint_page,
            }
        )


class Role(Node):
    id: Slug
    name: Text
    description: Text | None = None
    # Roles this one is also a member of: a safeguarding lead and the deputies
    # are both part of the group of the two, which is part of all staff; what applies to
    # a wider role applies here too.
    part_of: list[Slug] = Field(default_factory=list)
    # A group nobody holds on its own (a lead and the deputies together):
    # it gathers what is true of each of its member roles, and has no checklist of its own.
    group: bool = False
    source: Text | None = None  # which words of the policy name or imply this role


class RolesFile(Node):
    roles: list[Role] = Field(min_length=1)


# named-in-policy: a policy names it, but the setting has not said it holds it (a project started
# from another's policies with `handbook new --from` begins with these).
RegisterStatus = Literal["in-handbook", "held-by-centre", "named-in-policy"]
DocumentKind = Literal["policy", "procedure", "guidance", "notice", "scheme", "records", "code", "curriculum"]


class RegisterEntry(Node):
    """A policy or document in the setting's register, whether or not it is in the handbook yet."""

    id: Slug
    title: Text
    kind: DocumentKind
    status: RegisterStatus
    owner: Slug | None = None  # role id
    review_cycle_months: Annotated[int, Field(ge=1, le=120)] | None = None
    approved: dt.date | None = None
    last_reviewed: dt.date | None = None
    next_review: dt.date | None = None
    mentioned_as: Text | None = None  # the words the policy text uses for it
    note: Text | None = None


class RegisterFile(Node):
    # Empty in a new project (`handbook new`): its policies are added as they are imported.
    documents: list[RegisterEntry] = Field(default_factory=list)


class ReviewNote(Node):
    """A problem in a statement's words, kept for the policy's owner to fix at the next review.

    The policy's words are never changed by the tool: a note says what is wrong, why, and how
    it could read, beside the text.  Notes are not part of the fingerprint (see fingerprint.py).
    """

    words: Text | None = None  # the words it is about, exactly as in the text (None: the whole statement)
    problem: Text  # what is wrong
    why: Text  # why it matters, with the source that says so
    suggestion: Text | None = None  # a suggested wording for the owner to consider


def _unset_allowed_in_schema(schema: dict[str, Any]) -> None:
    """In the JSON Schema too, `audience:` and `roles:` may be left empty (to be reviewed)."""
    for name in ("audience", "roles"):
        field = schema["properties"][name]
        schema["properties"][name] = {
            "anyOf": [field, {"type": "null"}],
            "description": "leave empty until a person decides",
        }


class Statement(Node):
    """One paragraph or list item of a policy, with a stable id others can point at."""

    model_config = ConfigDict(**Node.model_config, json_schema_extra=_unset_allowed_in_schema)

    id: StatementId
    kind: Literal["paragraph", "item"] = "item"
    text: Text
    audience: list[Audience]  # at least one; see _unset_until_reviewed
    roles: list[Slug] = Field(default_factory=list)
    note: Text | None = None  # an editor's note, e.g. a typo corrected in the source
    retention: list[Slug] = Field(default_factory=list)  # retention.yaml entries for the records it is about
    review_notes: list[ReviewNote] = Field(default_factory=list)  # for the next review; never change the text

    # `audience:` or `roles:` written with no value (null) means "not decided yet": a statement
    # brought in by `handbook import`, waiting for a person.  It reads as an empty list, so
    # nothing reaches parents or a role's checklist by accident, and `handbook check` reports
    # it until filled.  An explicitly empty audience ([]) is still an error, as before.
    _to_review: tuple[str, ...] = PrivateAttr(default=())

    @field_validator("audience", "roles", mode="before")
    @classmethod
    def _unset_reads_as_empty(cls, value: Any, info: Any) -> Any:
        if value is None:
            return []
        if info.field_name == "audience" and value == []:
            raise PydanticCustomError(
                "too_short",
                "List should have at least 1 item after validation, not 0",
                {"field_type": "List", "min_length": 1, "actual_length": 0},
            )
        return value

    @model_validator(mode="wrap")
    @classmethod
    def _unset_until_reviewed(cls, data: Any, handler: Any) -> Statement:
        unset: tuple[str, ...] = ()
        if isinstance(data, dict):
            unset = tuple(key for key in ("audience", "roles") if key in data and data[key] is None)
        statement = handler(data)
        # A statement made from data starts with () (its default): most are reviewed, and the
        # write costs more than the check, once per statement of every load.
        if unset or not isinstance(data, dict):
            statement._to_review = unset
        return statement

    def to_review(self) -> tuple[str, ...]:
        """The fields left unset for a person to decide (empty once reviewed)."""
        unset: tuple[str, ...] = private(self, "_to_review")
        return unset


class Section(Node):
    id: Slug
    title: Text
    statements: list[Statement] = Field(min_length=1)


# What the public edition (build/public/) shows of a policy: `part`, its statements for parents
# or the public, saying that the staff-only ones are left out; `whole`, the policy only when
# every statement is for parents or the public (otherwise nothing, and `handbook check` says
# why); `no`, nothing.  Staff-only statements are never published.
PublicChoice = Literal["part", "whole", "no"]


class Policy(Node):
    id: Slug  # must match an in-handbook entry of the register
    title: Text
    public: PublicChoice = "part"
    links: list[Slug] = Field(default_factory=list)  # register ids the policy refers to
    sections: list[Section] = Field(min_length=1)
    _statements: tuple | None = PrivateAttr(default=None)

    @field_validator("public", mode="before")
    @classmethod
    def _no_unquoted(cls, value: Any) -> Any:
        """YAML reads a bare `public: no` as false: it means "no"."""
        return "no" if value is False else value

    def statements(self) -> list[Statement]:
        kept = private(self, "_statements")
        if kept is None:  # frozen model: compute once
            kept = self._statements = tuple(s for section in self.sections for s in section.statements)
        return list(kept)


def policy_document_id(policy_id: str) -> str:
    """How approvals.yaml names a policy: policy/confidentiality."""
    return f"policy/{policy_id}"
