"""Checking each row of a case-history file on its own (the checks between rows are in
``crossrows``).

Every problem is collected, not only the first, as ``Problem(line, column, message)``. A row that
passes becomes a ``CaseRow`` of typed values ready to save. No Django import.
"""

from dataclasses import dataclass
from datetime import date

from openehcp.people.identifiers import IdentifierError, clean_postcode, clean_upn

from .format import (
    CEASE_REASONS,
    DATE_COLUMNS,
    DECISIONS_TO_ASSESS,
    EXCEPTION_REASONS,
    MAX_TEXT,
    NEUTRALISED,
    OUTCOMES,
    REQUEST_SOURCES,
    SEN_NEEDS,
    SEXES,
    Problem,
    parse_date,
)


@dataclass(frozen=True)
class CaseRow:
    line: int
    person_ref: str
    forename: str
    surname: str
    date_of_birth: date
    sex: str
    upn: str
    postcode: str
    primary_need: str
    request_ref: str
    request_received: date
    request_source: str
    decision_to_assess: str
    decision_date: date | None
    outcome: str
    outcome_date: date | None
    timescale_exception: str
    setting_urn: str
    plan_ceased: date | None
    cease_reason: str
    last_review: date | None


def check_row(line: int, values: dict[str, object], *, today: date) -> tuple[CaseRow | None, list]:
    """Check one row; return the typed row (None if it has problems) and every problem found."""
    problems: list[Problem] = []

    def fail(column: str, message: str) -> None:
        problems.append(Problem(line, column, message))

    text: dict[str, str] = {}
    for column, value in values.items():
        if column in DATE_COLUMNS:
            continue
        if isinstance(value, str) and "\x00" in value:
            fail(column, "holds a NUL character; remove it")
            text[column] = ""
            continue
        if isinstance(value, str) and value.startswith("=") and len(value) > 1:
            fail(column, "holds a formula; enter the value itself")
            text[column] = ""
            continue
        cell = "" if value is None else str(value).strip()
        if isinstance(value, float) and value.is_integer():
            cell = str(int(value))
        if cell[:1] == "'" and cell[1:2] in NEUTRALISED:
            cell = cell[1:]  # written so by our own export, to stop spreadsheets running it
        text[column] = cell

    for column in ("person_ref", "forename", "surname", "request_ref"):
        if any(problem.column == column for problem in problems):
            continue
        if not text.get(column):
            fail(column, "is required")
        elif len(text[column]) > MAX_TEXT[column]:
            fail(column, f"must be {MAX_TEXT[column]} characters or fewer")

    dates: dict[str, date | None] = {}
    for column in DATE_COLUMNS:
        value = values.get(column)
        if value is None or (isinstance(value, str) and not value.strip()):
            dates[column] = None
            if column in ("date_of_birth", "request_received"):
                fail(column, "is required")
            continue
        if isinstance(value, str) and value.startswith("="):
            fail(column, "holds a formula; enter the date itself")
            dates[column] = None
            continue
        try:
            dates[column] = parse_date(value)
        except ValueError as error:
            fail(column, str(error))
            dates[column] = None
            continue
        if dates[column] > today:
            fail(column, "cannot be in the future")
            dates[column] = None

    sex = text.get("sex", "").upper()
    if sex and sex not in SEXES:
        fail("sex", "must be M or F, or blank")
    upn = text.get("upn", "")
    if upn:
        try:
            upn = clean_upn(upn)
        except IdentifierError as error:
            fail("upn", str(error))
    postcode = text.get("postcode", "")
    if postcode:
        try:
            postcode = clean_postcode(postcode)
        except IdentifierError as error:
            fail("postcode", str(error))
    need = text.get("primary_need", "").upper()
    if need and need not in SEN_NEEDS:
        fail("primary_need", "must be one of the SEN2 need codes: " + ", ".join(SEN_NEEDS))
    source = text.get("request_source", "").lower()
    if source and source not in REQUEST_SOURCES:
        fail("request_source", "must be one of " + " | ".join(REQUEST_SOURCES) + ", or blank")
    decision = text.get("decision_to_assess", "").lower()
    if decision and decision not in DECISIONS_TO_ASSESS:
        fail("decision_to_assess", "must be yes, no or withdrawn, or blank while pending")
    outcome = text.get("outcome", "").lower()
    if outcome and outcome not in OUTCOMES:
        fail("outcome", "must be plan_issued, not_issued or withdrawn, or blank while pending")
    exception = text.get("timescale_exception", "").lower()
    if exception and exception not in EXCEPTION_REASONS:
        fail("timescale_exception", "must be one of " + ", ".join(EXCEPTION_REASONS) + ", or blank")
    urn = text.get("setting_urn", "")
    if urn and not (urn.isdigit() and len(urn) == 6):
        fail("setting_urn", "must be a URN of 6 digits")
    cease_reason = text.get("cease_reason", "")
    if cease_reason and cease_reason not in CEASE_REASONS:
        fail("cease_reason", "must be a SEN2 cease reason code from 1 to 9")

    _check_story(fail, dates, decision=decision, outcome=outcome, cease_reason=cease_reason)

    if problems:
        return None, problems
    return (
        CaseRow(
            line=line,
            person_ref=text["person_ref"],
            forename=text["forename"],
            surname=text["surname"],
            date_of_birth=dates["date_of_birth"],
            sex=sex,
            upn=upn,
            postcode=postcode,
            primary_need=need,
            request_ref=text["request_ref"],
            request_received=dates["request_received"],
            request_source=source,
            decision_to_assess=decision,
            decision_date=dates["decision_date"],
            outcome=outcome,
            outcome_date=dates["outcome_date"],
            timescale_exception=exception,
            setting_urn=urn,
            plan_ceased=dates["plan_ceased"],
            cease_reason=cease_reason,
            last_review=dates["last_review"],
        ),
        [],
    )


def _check_story(fail, dates, *, decision: str, outcome: str, cease_reason: str) -> None:
    """The dates and outcomes must tell a possible story, in the order the law sets."""
    born, received = dates["date_of_birth"], dates["request_received"]
    decided, concluded = dates["decision_date"], dates["outcome_date"]
    ceased, reviewed = dates["plan_ceased"], dates["last_review"]
    if born and received:
        if received < born:
            fail("request_received", "is before the date of birth")
        elif _age_on(born, received) > 25:
            fail("date_of_birth", "makes the young person over 25 when the request was received")
    if decision and not decided:
        fail("decision_date", "is required when decision_to_assess is given")
    if decided and not decision:
        fail("decision_to_assess", "is required when decision_date is given")
    if decided and received and decided < received:
        fail("decision_date", "is before request_received")
    if outcome and not concluded:
        fail("outcome_date", "is required when outcome is given")
    if concluded and not outcome:
        fail("outcome", "is required when outcome_date is given")
    if outcome in ("plan_issued", "not_issued") and decision != "yes":
        fail("outcome", f"{outcome} needs decision_to_assess to be yes")
    if decision in ("no", "withdrawn") and outcome:
        fail("outcome", f"must be blank when decision_to_assess is {decision}")
    if concluded and received and concluded < received:
        fail("outcome_date", "is before request_received")
    if concluded and decided and concluded < decided:
        fail("outcome_date", "is before decision_date")
    if (ceased or cease_reason or reviewed) and outcome != "plan_issued":
        column = "plan_ceased" if ceased else "cease_reason" if cease_reason else "last_review"
        fail(column, "can only be given when outcome is plan_issued")
    if ceased and not cease_reason:
        fail("cease_reason", "is required when plan_ceased is given")
    if cease_reason and not ceased:
        fail("plan_ceased", "is required when cease_reason is given")
    if ceased and concluded and ceased < concluded:
        fail("plan_ceased", "is before the plan was issued (outcome_date)")
    if reviewed and concluded and reviewed < concluded:
        fail("last_review", "is before the plan was issued (outcome_date)")


def _age_on(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))
