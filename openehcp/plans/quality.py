"""Quality checks a caseworker sees before issuing a plan: plain functions over plain data.

The checks look for what families, tribunals and inspectors most often find wrong in EHC plans:

- provision that is not quantified: vague words ("access to", "regular", "as required", "up to",
  "opportunities to", "support as appropriate") or no frequency or duration (CoP 9.69: section F
  is detailed and specific and normally quantified);
- needs that no provision meets, and outcomes with no provision behind them or no time frame;
- health and social care sections (C, D, G, H1, H2) left empty with no recorded reason;
- preparing-for-adulthood outcomes missing from Year 9 (reg 12(3));
- jargon and acronyms from the council's glossary;
- sections that are hard to read: the Flesch reading ease of each section, from the maintained
  ``textstat`` library, against a threshold (the "granny test": a grandparent can understand it).

``missing_sections`` is not advice but a rule: a plan cannot be issued while a mandatory section
(A, B, E, F, I) is empty or C, D, G, H1 or H2 has neither content nor a recorded reason.

Nothing here touches the database: ``selectors.plan_content`` builds a ``PlanContent``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import textstat

from .structure import BY_CODE, MANDATORY, NEED_SECTIONS, NEEDS_CONTENT_OR_REASON, SECTIONS

#: Words that promise help without saying how much (matched as whole words, any case).
UNQUANTIFIED_PHRASES = (
    "access to",
    "regular",
    "regularly",
    "as required",
    "as needed",
    "up to",
    "opportunities to",
    "support as appropriate",
)

#: Sections below this Flesch reading ease are flagged as hard to read. 60 to 70 is "plain
#: English"; most adults read 60 and above easily.
READING_EASE_THRESHOLD = 60.0

#: Shorter sections are not scored: the formulas say little about a sentence or two.
MIN_WORDS_TO_SCORE = 25

# textstat gives US school grades; a UK reading age is about the grade plus 5 years.
_GRADE_TO_AGE = 5

_BANDS = (  # (lowest reading ease, words for it), from the Flesch scale
    (90, "Very easy to read"),
    (80, "Easy to read"),
    (70, "Fairly easy to read"),
    (60, "Plain English"),
    (50, "Fairly hard to read"),
    (30, "Hard to read"),
    (float("-inf"), "Very hard to read"),
)


@dataclass(frozen=True)
class NeedRow:
    ref: str  #: "B1", "C2": the section letter and the row's number in it
    section: str
    text: str
    area: str = ""


@dataclass(frozen=True)
class OutcomeRow:
    ref: str
    text: str
    steps: str = ""
    time_frame: str = ""
    need_refs: tuple[str, ...] = ()
    preparing_for_adulthood: bool = False


@dataclass(frozen=True)
class ProvisionRow:
    ref: str
    section: str
    what: str
    who: str = ""
    frequency: str = ""
    duration: str = ""
    group_size: str = ""
    need_refs: tuple[str, ...] = ()
    outcome_refs: tuple[str, ...] = ()


@dataclass(frozen=True)
class PlanContent:
    """What the checks read of one plan version.

    ``texts`` holds every piece of prose of each section, by section code (``"a"`` … ``"k"``);
    ``none_reasons`` the recorded reason a health or social care section is empty;
    ``has_placement`` whether section I names a setting or a type; ``year_group`` the national
    curriculum year the child is in (Reception = 0), if known.
    """

    texts: Mapping[str, Sequence[str]] = field(default_factory=dict)
    needs: Sequence[NeedRow] = ()
    outcomes: Sequence[OutcomeRow] = ()
    provisions: Sequence[ProvisionRow] = ()
    none_reasons: Mapping[str, str] = field(default_factory=dict)
    has_placement: bool = False
    year_group: int | None = None

    def has_rows(self, section: str) -> bool:
        if section in NEED_SECTIONS:
            return any(n.section == section for n in self.needs)
        if section == "e":
            return bool(self.outcomes)
        return any(p.section == section for p in self.provisions)


@dataclass(frozen=True)
class Finding:
    check: str  #: one of ``CHECKS``
    section: str  #: section code
    message: str
    ref: str = ""  #: the row, like "F2", when the finding is about one row


#: Each check and the heading the quality panel gives its findings.
CHECKS = {
    "empty_without_reason": "Health and social care sections with no reason for being empty",
    "unquantified": "Provision that is not specific or quantified",
    "need_without_provision": "Needs with no provision",
    "outcome_without_provision": "Outcomes with no provision",
    "outcome_without_time_frame": "Outcomes with no time frame",
    "pfa_missing": "Preparing for adulthood",
    "jargon": "Jargon and acronyms",
    "hard_to_read": "Hard to read",
}


@dataclass(frozen=True)
class Readability:
    section: str
    words: int
    reading_ease: float | None  #: Flesch reading ease; None when too short to score
    grade: float | None  #: textstat's consensus US grade level
    band: str

    @property
    def reading_age(self) -> int | None:
        """About how old a reader needs to be (UK), from the grade."""
        return None if self.grade is None else round(self.grade) + _GRADE_TO_AGE

    @property
    def hard_to_read(self) -> bool:
        return self.reading_ease is not None and self.reading_ease < READING_EASE_THRESHOLD


@dataclass(frozen=True)
class QualityReport:
    findings: tuple[Finding, ...]
    readability: tuple[Readability, ...]

    @property
    def groups(self) -> list[tuple[str, str, list[Finding]]]:
        """(check, heading, findings) for each check that found something, in ``CHECKS`` order."""
        return [
            (check, heading, found)
            for check, heading in CHECKS.items()
            if (found := [f for f in self.findings if f.check == check])
        ]


# --- the checks ---------------------------------------------------------------------------------


def _phrase_pattern(phrase: str) -> re.Pattern:
    return re.compile(rf"(?<![\w-]){re.escape(phrase)}(?![\w-])", re.IGNORECASE)


_PHRASES = [(phrase, _phrase_pattern(phrase)) for phrase in UNQUANTIFIED_PHRASES]


def vague_phrases(text: str) -> list[str]:
    """The unquantified phrases in ``text``, in ``UNQUANTIFIED_PHRASES`` order."""
    return [phrase for phrase, pattern in _PHRASES if pattern.search(text or "")]


def unquantified_provision(provisions: Sequence[ProvisionRow]) -> list[Finding]:
    """Provision that uses vague words, or does not say how often or for how long."""
    findings = []
    for row in provisions:
        words = vague_phrases(" ".join((row.what, row.frequency, row.duration)))
        if words:
            quoted = ", ".join(f"‘{w}’" for w in words)
            findings.append(
                Finding(
                    "unquantified",
                    row.section,
                    f"{row.ref} says {quoted}: say exactly what will be done, how often and for "
                    "how long",
                    row.ref,
                )
            )
        missing = [
            label
            for label, value in (("how often", row.frequency), ("for how long", row.duration))
            if not value.strip()
        ]
        if missing:
            findings.append(
                Finding(
                    "unquantified",
                    row.section,
                    f"{row.ref} does not say {' or '.join(missing)}",
                    row.ref,
                )
            )
    return findings


def needs_without_provision(
    needs: Sequence[NeedRow], provisions: Sequence[ProvisionRow]
) -> list[Finding]:
    """Needs (B, C, D) that no provision is linked to."""
    met = {ref for row in provisions for ref in row.need_refs}
    return [
        Finding(
            "need_without_provision",
            need.section,
            f"{need.ref} has no provision to meet it: link provision to it",
            need.ref,
        )
        for need in needs
        if need.ref not in met
    ]


def outcomes_without_provision(
    outcomes: Sequence[OutcomeRow], provisions: Sequence[ProvisionRow]
) -> list[Finding]:
    """Outcomes that no provision is linked to."""
    served = {ref for row in provisions for ref in row.outcome_refs}
    return [
        Finding(
            "outcome_without_provision",
            "e",
            f"{outcome.ref} has no provision behind it: link provision to it",
            outcome.ref,
        )
        for outcome in outcomes
        if outcome.ref not in served
    ]


def outcomes_without_time_frame(outcomes: Sequence[OutcomeRow]) -> list[Finding]:
    """Outcomes that do not say by when."""
    return [
        Finding(
            "outcome_without_time_frame",
            "e",
            f"{outcome.ref} does not say by when it will be achieved",
            outcome.ref,
        )
        for outcome in outcomes
        if not outcome.time_frame.strip()
    ]


def _empty_without_reason(content: PlanContent, section: str) -> bool:
    return not content.has_rows(section) and not content.none_reasons.get(section, "").strip()


def empty_sections_without_reason(content: PlanContent) -> list[Finding]:
    """C, D, G, H1 and H2 with nothing in them and no recorded reason."""
    return [
        Finding(
            "empty_without_reason",
            section,
            f"{BY_CODE[section].heading} is empty: add to it, or record why there is nothing",
        )
        for section in NEEDS_CONTENT_OR_REASON
        if _empty_without_reason(content, section)
    ]


def preparing_for_adulthood(content: PlanContent) -> list[Finding]:
    """Reg 12(3): from Year 9 the plan includes outcomes that prepare for adulthood."""
    if content.year_group is None or content.year_group < 9:
        return []
    if any(o.preparing_for_adulthood for o in content.outcomes):
        return []
    return [
        Finding(
            "pfa_missing",
            "e",
            f"They are in Year {content.year_group}: from Year 9 the plan needs outcomes that "
            "prepare for adulthood (employment, independent living, friends and community, "
            "good health)",
        )
    ]


def _term_pattern(term: str) -> re.Pattern:
    """Acronyms in capitals match only in capitals ("EP", not "ep"); other terms in any case."""
    flags = 0 if term.isupper() else re.IGNORECASE
    return re.compile(rf"(?<![\w-]){re.escape(term)}(?![\w-])", flags)


def jargon(texts: Mapping[str, Sequence[str]], glossary: Mapping[str, str]) -> list[Finding]:
    """Glossary terms used in each section, with the plain-English words to use instead."""
    patterns = [(term, plain, _term_pattern(term)) for term, plain in sorted(glossary.items())]
    findings = []
    for section in SECTIONS:
        text = "\n".join(texts.get(section.code, ()))
        if not text:
            continue
        for term, plain, pattern in patterns:
            uses = len(pattern.findall(text))
            if uses:
                times = "once" if uses == 1 else f"{uses} times"
                findings.append(
                    Finding(
                        "jargon",
                        section.code,
                        f"{section.heading} uses ‘{term}’ {times}: say ‘{plain}’",
                    )
                )
    return findings


def band(reading_ease: float) -> str:
    """The Flesch scale's words for a reading ease score."""
    return next(label for lowest, label in _BANDS if reading_ease >= lowest)


def _as_sentences(pieces: Sequence[str]) -> str:
    """Join a section's pieces so each ends a sentence (rows are often written without a full
    stop, and would otherwise read as one very long sentence)."""
    parts = []
    for piece in pieces:
        piece = piece.strip()
        if piece:
            parts.append(piece if piece[-1] in ".!?" else f"{piece}.")
    return " ".join(parts)


def readability(texts: Mapping[str, Sequence[str]]) -> list[Readability]:
    """Flesch reading ease and a grade level of each section with text (textstat 0.7.3)."""
    results = []
    for section in SECTIONS:
        text = _as_sentences(texts.get(section.code, ()))
        if not text:
            continue
        words = textstat.lexicon_count(text)
        if words < MIN_WORDS_TO_SCORE:
            results.append(Readability(section.code, words, None, None, "Too short to score"))
            continue
        ease = float(textstat.flesch_reading_ease(text))
        grade = float(textstat.text_standard(text, float_output=True))
        results.append(Readability(section.code, words, round(ease, 1), grade, band(ease)))
    return results


def hard_to_read(scores: Sequence[Readability]) -> list[Finding]:
    return [
        Finding(
            "hard_to_read",
            score.section,
            f"{BY_CODE[score.section].heading} scores {score.reading_ease:.0f} for reading ease "
            f"({score.band.lower()}); aim for {READING_EASE_THRESHOLD:.0f} or more with shorter "
            "sentences and everyday words",
        )
        for score in scores
        if score.hard_to_read
    ]


def check_plan(content: PlanContent, glossary: Mapping[str, str]) -> QualityReport:
    """Every check, in the order the quality panel shows them."""
    scores = readability(content.texts)
    findings = [
        *empty_sections_without_reason(content),
        *unquantified_provision(content.provisions),
        *needs_without_provision(content.needs, content.provisions),
        *outcomes_without_provision(content.outcomes, content.provisions),
        *outcomes_without_time_frame(content.outcomes),
        *preparing_for_adulthood(content),
        *jargon(content.texts, glossary),
        *hard_to_read(scores),
    ]
    return QualityReport(tuple(findings), tuple(scores))


# --- the rule for issuing -----------------------------------------------------------------------

_MANDATORY_MESSAGES = {
    "a": "add the child's or young person's views, interests or aspirations",
    "b": "add at least one special educational need",
    "e": "add at least one outcome",
    "f": "add the special educational provision",
    "i": "name the setting, or the type of setting",
}


def missing_sections(content: PlanContent) -> list[Finding]:
    """Why the plan cannot be issued yet (reg 12(1)): each mandatory section that is empty, and
    each health or social care section with neither content nor a recorded reason."""
    missing = []
    for code in MANDATORY:
        if code == "a":
            empty = not any(t.strip() for t in content.texts.get("a", ()))
        elif code == "i":
            empty = not content.has_placement
        else:
            empty = not content.has_rows(code)
        if empty:
            missing.append(
                Finding(
                    "missing",
                    code,
                    f"{BY_CODE[code].heading} is empty: {_MANDATORY_MESSAGES[code]}",
                )
            )
    for code in NEEDS_CONTENT_OR_REASON:
        if _empty_without_reason(content, code):
            missing.append(
                Finding(
                    "missing",
                    code,
                    f"{BY_CODE[code].heading} is empty: add to it, or record why there is nothing",
                )
            )
    return missing
