"""The sections of an EHC plan (SEND Regulations 2014, reg 12(1)) and the words the plan uses for
them. Plain Python: the quality checks, the renderers and the pages all read it.

Each section has a code (used in URLs and data: ``"a"`` … ``"h1"``, ``"h2"`` … ``"k"``), the letter
the Code of Practice gives it, a title for families and a hint for the person writing it.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Section:
    code: str
    letter: str
    title: str
    hint: str

    @property
    def heading(self) -> str:
        """ "Section B: Special educational needs"."""
        return f"Section {self.letter}: {self.title}"


SECTIONS: tuple[Section, ...] = (
    Section(
        "a",
        "A",
        "Views, interests and aspirations",
        "In the child's or young person's own words, with their parents' views, and a one-page "
        "profile.",
    ),
    Section("b", "B", "Special educational needs", "Each need, under one of the four broad areas."),
    Section("c", "C", "Health needs", "Health needs related to their special educational needs."),
    Section(
        "d",
        "D",
        "Social care needs",
        "Social care needs related to their special educational needs or disability.",
    ),
    Section(
        "e",
        "E",
        "Outcomes",
        "What the child or young person will achieve, with steps and by when. From Year 9, "
        "outcomes that prepare for adulthood.",
    ),
    Section(
        "f",
        "F",
        "Special educational provision",
        "What will be done, by whom, how often and for how long, for each need.",
    ),
    Section("g", "G", "Health provision", "Health care the needs reasonably require."),
    Section(
        "h1",
        "H1",
        "Social care provision under the Chronically Sick and Disabled Persons Act 1970",
        "Provision the council must make under section 2 of the 1970 Act.",
    ),
    Section(
        "h2",
        "H2",
        "Other social care provision",
        "Any other social care provision the needs reasonably require.",
    ),
    Section(
        "i",
        "I",
        "Placement",
        "The school, college or other setting named, and its type; or the type only.",
    ),
    Section(
        "j",
        "J",
        "Personal budget",
        "The provision a personal budget pays for, how it is used and any direct payments.",
    ),
    Section("k", "K", "Advice and information", "The advice and information the plan is based on."),
)

BY_CODE: dict[str, Section] = {section.code: section for section in SECTIONS}

#: Sections whose needs are rows (B, C, D) and whose provision is rows (F, G, H1, H2).
NEED_SECTIONS = ("b", "c", "d")
PROVISION_SECTIONS = ("f", "g", "h1", "h2")

#: A plan cannot be issued without these (reg 12(1): A, B, E, F and I must say something).
MANDATORY = ("a", "b", "e", "f", "i")

#: Health and social care sections: something in them, or a recorded reason why not.
NEEDS_CONTENT_OR_REASON = ("c", "d", "g", "h1", "h2")

#: What "empty" means for each of them, in the words a caseworker records.
NONE_REASON_EXAMPLES = {
    "c": "No health needs related to their special educational needs were identified.",
    "d": "No social care needs were identified.",
    "g": "No health provision is needed, as there are no health needs in section C.",
    "h1": "No provision under section 2 of the Chronically Sick and Disabled Persons Act 1970.",
    "h2": "No other social care provision is needed.",
}
