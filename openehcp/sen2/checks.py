"""Pre-submission checks: what a data team fixes in the record before sending the SEN2 return.

Beyond the schema, these are the DfE's rules as public sources state them (the DfE's numbered
validation rules are not published in a form we could read) and the common faults of person-level
returns: a missing UPN with no reason, a plan that names no setting, an active plan with no type of
need, dates out of order, people over 25, the same person twice. Each problem names the child, the
SEN2 item and what is wrong, in words a caseworker can act on.
"""

from collections import defaultdict
from dataclasses import asdict, dataclass

from django.urls import reverse

from openehcp.people.ages import age_on

from .assemble import ActivePlan, Assessment, Person, RequestRow, Sen2Return

OLDEST_AGE = 25  # a plan can be maintained to the end of the academic year the person turns 25


@dataclass(frozen=True)
class Problem:
    child_id: int | None
    reference: str
    item: str
    message: str
    name: str = ""

    @property
    def url(self) -> str:
        return reverse("people:detail", args=[self.child_id]) if self.child_id else ""

    def as_line(self) -> str:
        """``child 12, UPN: message`` (``return`` for the header)."""
        return f"{self.reference}, {self.item}: {self.message}"

    def as_dict(self) -> dict:
        return asdict(self) | {"url": self.url}


def _child_reference(person: Person) -> str:
    return f"child {person.child_id}"


def _name(person: Person) -> str:
    return f"{person.forename} {person.surname}"


def _header_problems(sen2: Sen2Return) -> list[Problem]:
    header = sen2.header
    problems = []
    if not (len(header.lea) == 3 and header.lea.isdigit()):
        problems.append(
            Problem(None, "return", "LEA", "set OPENEHCP_LA_NUMBER to the council's 3-digit code")
        )
    for item, value, setting in (
        ("DMO", header.dmo, "OPENEHCP_SEN2_DMO"),
        ("DCO", header.dco, "OPENEHCP_SEN2_DCO"),
    ):
        if value not in {"Y", "N", "R"}:
            problems.append(Problem(None, "return", item, f"set {setting} to Y, N or R"))
    if not sen2.persons:
        problems.append(Problem(None, "return", "Persons", "nobody is in scope for this year"))
    return problems


def _person_problems(sen2: Sen2Return, person: Person) -> list[Problem]:
    ref = _child_reference(person)
    problems = []

    def add(item: str, message: str) -> None:
        problems.append(Problem(person.child_id, ref, item, message, _name(person)))

    if not person.upn and not person.uln and not person.upn_unknown:
        add("UPNunknown", "no UPN or ULN and no reason recorded why it is not known")
    if not person.postcode:
        add("PostCode", "no postcode recorded")
    if person.sex == "U":
        add("Sex", "sex not recorded")
    if person.birth_date > sen2.period.reference:
        add("PersonBirthDate", "date of birth is after the census day")
    elif age_on(person.birth_date, sen2.period.reference) > OLDEST_AGE:
        age = age_on(person.birth_date, sen2.period.reference)
        if any(row.active_plan for row in person.requests):
            add("PersonBirthDate", f"aged {age} on the census day with a plan still maintained")
        else:
            add("PersonBirthDate", f"aged {age} on the census day")
    for row in person.requests:
        problems += _request_problems(person, row)
    active = [row for row in person.requests if row.active_plan]
    if len(active) > 1:
        add("ActivePlans", f"{len(active)} plans maintained on the census day: keep one")
    return problems


def _request_problems(person: Person, row: RequestRow) -> list[Problem]:
    ref = f"{_child_reference(person)} ({row.reference})"
    problems = []

    def add(item: str, message: str) -> None:
        problems.append(Problem(person.child_id, ref, item, message, _name(person)))

    if row.received_date and row.received_date < person.birth_date:
        add("ReceivedDate", "request received before the date of birth")
    if row.outcome_date and row.received_date and row.outcome_date < row.received_date:
        add("RequestOutcomeDate", "decision whether to assess is before the request")
    if row.assessment:
        _assessment_problems(row, row.assessment, add)
    if row.active_plan:
        _active_plan_problems(row.active_plan, add)
    return problems


def _assessment_problems(row: RequestRow, assessment: Assessment, add) -> None:
    if assessment.outcome_date:
        if row.received_date and assessment.outcome_date < row.received_date:
            add("AssessmentOutcomeDate", "assessment outcome is before the request")
        if row.outcome_date and assessment.outcome_date < row.outcome_date:
            add("AssessmentOutcomeDate", "assessment outcome is before the decision to assess")
    plan = assessment.named_plan
    if plan is None:
        return
    for detail in plan.details:
        if not detail.is_named:
            add("PlanDetail", "the plan names no setting or type of setting (section I)")
    if plan.cease_date and plan.cease_date < plan.start_date:
        add("CeaseDate", "plan ceased before it started")


def _active_plan_problems(plan: ActivePlan, add) -> None:
    if not any(need.rank == 1 for need in plan.needs):
        add("SENneed", "no primary type of need recorded for a maintained plan")
    for placement in plan.placements:
        if not placement.is_named:
            add("PlacementDetail", "no setting attended and none named in the plan")
        if placement.entry_date is None:
            # OpenEHCP takes the start of a placement from the plan that named the setting.
            where = placement.name or "the setting"
            add(
                "EntryDate",
                f"the record says the child attends {where}, which the plan has never named: "
                "correct the record or amend the plan",
            )
    if plan.last_review and plan.review_meeting and plan.last_review < plan.review_meeting:
        add("LastReview", "review decision is before the review meeting")


def _duplicate_problems(sen2: Sen2Return) -> list[Problem]:
    problems = []
    groups = defaultdict(list)
    for person in sen2.persons:
        key = (person.surname.casefold(), person.forename.casefold(), person.birth_date)
        groups[key].append(person)
        if person.upn:
            groups[("upn", person.upn)].append(person)
    for key, people in groups.items():
        if len(people) < 2:
            continue
        what = "the same UPN" if key[0] == "upn" else "the same name and date of birth"
        others = ", ".join(_child_reference(p) for p in people)
        for person in people:
            problems.append(
                Problem(
                    person.child_id,
                    _child_reference(person),
                    "Person",
                    f"possible duplicate: {others} have {what}",
                    _name(person),
                )
            )
    return problems


def problems(sen2: Sen2Return) -> list[Problem]:
    """Every problem in the return, the header's first, then person by person."""
    found = _header_problems(sen2)
    for person in sen2.persons:
        found += _person_problems(sen2, person)
    found += _duplicate_problems(sen2)
    return found
