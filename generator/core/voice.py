"""Who speaks when the handbook speaks for the setting, and how.

A nursery, a school or a centre speaks as "we" and is spoken of as "the nursery"; a childminder
works alone or with an assistant or two, and speaks for herself: "I keep ...", "Contact me".
Which of the two a setting is comes from its noun (setting.yaml's `noun:`, else its kind's in
generator/data/kinds.yaml): the noun "I" is the first person singular.

Templates and label tables never choose between the two themselves: they use the few phrases
here (`voice.we`, `voice.our`, `voice.does("keeps")`, `voice.staff` ...), and `speak` turns
the package's own "we" sentences (the notice's labels) into the setting's voice.  Words quoted
from the setting's own policies are never passed through it: they stay as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markupsafe import Markup, escape

FIRST_PERSON = "I"

# First person plural -> singular, longest first: "are we" before "we", "ours" before "our".
_SINGULAR = [
    (r"\bare we\b", "am I"),
    (r"\bAre we\b", "Am I"),
    (r"\bwe are\b", "I am"),
    (r"\bWe are\b", "I am"),
    (r"\bwe're\b", "I'm"),
    (r"\bWe're\b", "I'm"),
    (r"\bwe were\b", "I was"),
    (r"\bWe were\b", "I was"),
    (r"\bwe\b", "I"),
    (r"\bWe\b", "I"),
    (r"\bourselves\b", "myself"),
    (r"\bOurselves\b", "Myself"),
    (r"\bours\b", "mine"),
    (r"\bOurs\b", "Mine"),
    (r"\bour\b", "my"),
    (r"\bOur\b", "My"),
    (r"\bus\b", "me"),
    (r"\bUs\b", "Me"),
]
_SINGULAR_RE = [(re.compile(pattern), word) for pattern, word in _SINGULAR]
# The handbook's phrases that speak of a staff team, and a childminder's words for each: she
# may work alone, or with assistants (EYFS statutory framework for childminders, section 3).
PHRASES: dict[str, tuple[str, str]] = {
    "staff": ("staff", "anyone who works with me"),
    "Staff": ("Staff", "Me and anyone working with me"),  # an audience badge on a policy page
    "a member of staff": ("a member of staff", "anyone"),
    "the member of staff": ("the member of staff", "anyone else"),
    "the setting's": ("the setting's", "my"),
    "a disabled member of staff": ("a disabled member of staff", "a disabled person"),
    "staff who use": ("staff who use", "anyone who works with me and uses"),
    "the office can tell": ("the office can tell", "I can tell"),
    "The office copies it there": ("The office copies it there", "I copy it there"),
    "whole-staff child protection training": ("whole-staff child protection training", "child protection training"),
    "staff handbook": ("staff handbook", "handbook"),
    "the staff handbook": ("the staff handbook", "this handbook"),
    "the office gives you": ("The office gives you", "I give you"),
    "that staff and parents meet": (
        "that staff and parents meet",
        "that parents and anyone who works with me come across",
    ),
    "contains staff names": ("contains staff names", "contains the names of the people trained"),
    "staff are trained": ("staff are trained", "training is renewed"),
    "it names staff": ("it names staff", "it names the people trained"),
    "Staff who started earlier": ("Staff who started earlier", "People working with me who started earlier"),
}
_IRREGULAR = {"is": "am", "has": "have", "does": "do", "was": "was"}


def base_form(verb: str) -> str:
    """The verb that follows "I", from the one that follows "the nursery": keeps -> keep,
    publishes -> publish, carries -> carry, is -> am."""
    if verb in _IRREGULAR:
        return _IRREGULAR[verb]
    if verb.endswith("ies") and len(verb) > 4:
        return verb[:-3] + "y"
    if re.search(r"(ss|sh|ch|x|z|o)es$", verb):
        return verb[:-2]
    return verb.removesuffix("s")


@dataclass(frozen=True)
class Voice:
    noun: str  # "the nursery"; "I" for a setting that speaks for itself (a childminder)
    # The role id that is the setting herself (the kinds table's `own_role`: a childminder's
    # "childminder"), so that what that role does is said "I run ..."; None: no role is.
    own_role: str | None = None

    @property
    def singular(self) -> bool:
        return self.noun.strip() == FIRST_PERSON

    def speak(self, text: str) -> str:
        """The package's own "we" words in this setting's voice (never a policy's words)."""
        if not self.singular or not text:
            return text
        for pattern, word in _SINGULAR_RE:
            text = pattern.sub(word, text)
        return text

    # The first person, for the setting speaking (the notice, the public pages).
    @property
    def we(self) -> str:
        return self.speak("we")

    @property
    def We(self) -> str:
        return self.speak("We")

    @property
    def us(self) -> str:
        return self.speak("us")

    @property
    def our(self) -> str:
        return self.speak("our")

    @property
    def Our(self) -> str:
        return self.speak("Our")

    @property
    def we_are(self) -> str:
        return self.speak("we are")

    # The setting spoken of (the handbook's pages): "the nursery keeps" / "I keep".
    def does(self, verb: str) -> str:
        return f"{FIRST_PERSON} {base_form(verb)}" if self.singular else f"{self.noun} {verb}"

    def it_does(self, verb: str) -> str:
        """The setting again, as a pronoun: "it has" / "I have"."""
        return f"{FIRST_PERSON} {base_form(verb)}" if self.singular else f"it {verb}"

    @property
    def object(self) -> str:
        """After a preposition or verb: "to the nursery" / "to me"."""
        return "me" if self.singular else self.noun

    @property
    def leader(self) -> str:
        """Who a request goes to: "the person who leads the nursery" / "me"."""
        return "me" if self.singular else f"the person who leads {self.noun}"

    @property
    def its(self) -> str:
        return "my" if self.singular else "its"

    @property
    def possessive(self) -> Markup:
        """ "the nursery's" / "my" (the apostrophe is ours, the noun the setting's: escaped)."""
        if self.singular:
            return Markup("my")
        return escape(self.noun) + Markup("'" if self.noun.endswith("s") else "'s")

    def is_itself(self, role_id: str | None) -> bool:
        """Whether this role is the setting speaking for herself: a childminder's own role leads
        the session as "I run this session", never "the childminder runs" (a nursery's manager
        is a role of the nursery, spoken of in the third person)."""
        return self.singular and role_id is not None and role_id == self.own_role

    # The people who work there: a childminder may have no staff at all.
    def say(self, phrase: str) -> str:
        """One of PHRASES in this setting's voice (an unknown phrase is our mistake: KeyError)."""
        team, alone = PHRASES[phrase]
        return alone if self.singular else team

    def __str__(self) -> str:
        return self.noun
