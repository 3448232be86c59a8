"""Two versions of a plan compared section by section, word by word (``difflib``).

Each section of each version is read as its lines of words (``document.section_lines``: every
field a family sees, with row references like "F2"); the words of the two versions are matched
with ``difflib.SequenceMatcher``; the earlier version's column shows the words removed, the later
one's the words added. Paragraph breaks are kept.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from .document import PlanDocument, section_lines
from .structure import SECTIONS, Section

_TOKEN = re.compile(r"\n|[^\s]+")
BREAK = "\n"


@dataclass(frozen=True)
class Piece:
    kind: str  #: "same", "added" or "removed"
    text: str


@dataclass(frozen=True)
class SectionDiff:
    section: Section
    before: tuple[tuple[Piece, ...], ...]  #: paragraphs of the earlier version
    after: tuple[tuple[Piece, ...], ...]  #: paragraphs of the later version
    changed: bool


def _paragraphs(tokens: list[tuple[str, str]]) -> tuple[tuple[Piece, ...], ...]:
    """(kind, token) → paragraphs of pieces, runs of one kind merged."""
    paragraphs: list[tuple[Piece, ...]] = []
    current: list[Piece] = []
    for kind, token in tokens:
        if token == BREAK:
            if current:
                paragraphs.append(tuple(current))
            current = []
            continue
        if current and current[-1].kind == kind:
            current[-1] = Piece(kind, f"{current[-1].text} {token}")
        else:
            current.append(Piece(kind, token))
    if current:
        paragraphs.append(tuple(current))
    return tuple(paragraphs)


def diff_words(before: str, after: str):
    """The words of ``before`` (same or removed) and of ``after`` (same or added), as
    paragraphs of pieces."""
    old, new = _TOKEN.findall(before), _TOKEN.findall(after)
    left: list[tuple[str, str]] = []
    right: list[tuple[str, str]] = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            left.extend(("same", t) for t in old[i1:i2])
            right.extend(("same", t) for t in new[j1:j2])
            continue
        left.extend(("removed", t) for t in old[i1:i2])
        right.extend(("added", t) for t in new[j1:j2])
    return _paragraphs(left), _paragraphs(right)


def compare(earlier: PlanDocument, later: PlanDocument) -> list[SectionDiff]:
    """Every section of two versions, side by side."""
    before, after = section_lines(earlier), section_lines(later)
    diffs = []
    for section in SECTIONS:
        old = BREAK.join(before[section.code])
        new = BREAK.join(after[section.code])
        left, right = diff_words(old, new)
        diffs.append(
            SectionDiff(section, left, right, changed=_TOKEN.findall(old) != _TOKEN.findall(new))
        )
    return diffs
