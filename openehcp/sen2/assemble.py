"""Assemble the SEN2 return for a collection year from the case record (no web, no XML).

``build_return(year)`` reads the children, requests, plans, plan versions and reviews in a handful
of queries and returns a ``Sen2Return``: the header and one ``Person`` per child in scope, each with
the rows of modules 2 to 5 in the DfE's order. ``openehcp.sen2.xml`` writes it out;
``openehcp.sen2.checks`` lists what a data team fixes before sending it.

What is in scope (the DfE guide's coverage, read as dates): every request received on or before
the census day that was open at some point in the period (from 1 January of the year before to the
census day) or whose plan is active on the census day or ceased in the period; and every plan
active on the census day or ceased in the period. Events after the census day have not happened
yet. Requests to reassess an existing plan are not requests for an EHC needs assessment in SEN2's
sense and are left out.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from django.conf import settings
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from openehcp.assessments.models import AssessmentRequest, Decision, TimescaleException
from openehcp.disagreements.models import AppealableDecision, Disagreement
from openehcp.establishments.models import Establishment
from openehcp.people.models import Child, Placement
from openehcp.plans.models import EHCPlan, PlanVersion, VersionStatus
from openehcp.plans.sections import BudgetItem
from openehcp.reviews.models import AnnualReview

from . import codes
from .census import Period

Y, N, A, W, H = (
    codes.OUTCOME_YES,
    codes.OUTCOME_NO,
    codes.OUTCOME_PENDING,
    codes.OUTCOME_WITHDRAWN,
    codes.OUTCOME_HISTORICAL,
)
SOFTWARE_CODE = "OpenEHCP"


@dataclass
class Header:
    year: int
    reference_date: date
    lea: str
    software_code: str
    release: str
    serial: str
    created: datetime
    dmo: str
    dco: str
    dsco: str = ""


@dataclass
class Setting:
    """A placement (module 4b ``PlanDetail``, or module 5b ``PlacementDetail`` with dates)."""

    rank: int = 1
    urn: str = ""
    ukprn: str = ""
    sen_setting: str = ""
    sen_setting_other: str = ""
    sen_unit: str = "0"
    resourced_provision: str = "0"
    entry_date: date | None = None
    leaving_date: date | None = None
    residential: str = ""
    work_based: str = ""
    name: str = ""

    @property
    def is_named(self) -> bool:
        return bool(self.urn or self.ukprn or self.sen_setting)


@dataclass
class NamedPlan:
    """Module 4a: the plan, its section I setting, personal budget and ceasing."""

    plan_id: int
    start_date: date
    details: list[Setting]
    pb: str = ""
    residential: str = ""
    work_based: str = ""
    cease_date: date | None = None
    cease_reason: str = ""


@dataclass
class Assessment:
    """Module 3."""

    outcome: str
    outcome_date: date | None = None
    mediation: str = ""
    tribunal: str = ""
    other_mediation: str = ""
    other_tribunal: str = ""
    week20: str = ""
    named_plan: NamedPlan | None = None


@dataclass
class Need:
    type: str
    rank: int


@dataclass
class ActivePlan:
    """Module 5a-c: a plan maintained on the census day."""

    plan_id: int
    placements: list[Setting]
    needs: list[Need]
    transfer_la: str = ""
    review_meeting: date | None = None
    review_outcome: str = ""
    last_review: date | None = None


@dataclass
class RequestRow:
    """Module 2: one request for an EHC needs assessment (or, for a plan transferred in, the row
    that carries it: outcome H, no request details)."""

    request_id: int | None
    reference: str
    outcome: str
    received_date: date | None = None
    request_source: str = ""
    rya: str = ""
    outcome_date: date | None = None
    mediation: str = ""
    tribunal: str = ""
    exported: str = ""
    assessment: Assessment | None = None
    active_plan: ActivePlan | None = None


@dataclass
class Person:
    """Module 1."""

    child_id: int
    surname: str
    forename: str
    birth_date: date
    sex: str
    ethnicity: str
    postcode: str
    upn: str = ""
    uln: str = ""
    upn_unknown: str = ""
    requests: list[RequestRow] = field(default_factory=list)


@dataclass
class Sen2Return:
    period: Period
    header: Header
    persons: list[Person]

    def counts(self) -> dict[str, int]:
        """How many of each module's records the return holds."""
        rows = [row for person in self.persons for row in person.requests]
        assessments = [row.assessment for row in rows if row.assessment]
        return {
            "persons": len(self.persons),
            "requests": len(rows),
            "assessments": len(assessments),
            "named_plans": sum(1 for a in assessments if a.named_plan),
            "active_plans": sum(1 for row in rows if row.active_plan),
        }


# --- reading the record ---------------------------------------------------------------------------


def _by_reference(period: Period, request: AssessmentRequest) -> dict:
    """The request's steps as they stood on the census day."""
    on = period.by_reference
    decision_on = on(request.decision_on)
    issue_on = on(request.issue_decision_on)
    return {
        "assess": request.decision_to_assess if decision_on else "",
        "decision_on": decision_on,
        "issue": request.decision_to_issue if issue_on else "",
        "issue_on": issue_on,
        "final_on": on(request.final_issued_on),
        "withdrawn_on": on(request.withdrawn_on),
    }


def _closed_on(steps: dict) -> date | None:
    """The day the request's case ended (plan issued, refused, not issued, withdrawn)."""
    ends = [steps["final_on"], steps["withdrawn_on"]]
    if steps["assess"] == Decision.NO:
        ends.append(steps["decision_on"])
    if steps["issue"] == Decision.NO:
        ends.append(steps["issue_on"])
    ends = [day for day in ends if day]
    return min(ends) if ends else None


def _plan_in_scope(period: Period, plan: EHCPlan) -> bool:
    return _plan_active(period, plan) or plan.ceased_on in period


def _plan_active(period: Period, plan: EHCPlan) -> bool:
    started = plan.transferred_in_on or plan.made_on
    return started <= period.reference and (
        plan.ceased_on is None or plan.ceased_on > period.reference
    )


def _same_setting(one: Setting, other: Setting) -> bool:
    if one.urn or other.urn:
        return one.urn == other.urn
    return (one.ukprn, one.sen_setting, one.sen_setting_other) == (
        other.ukprn,
        other.sen_setting,
        other.sen_setting_other,
    )


def _setting(establishment, *, rank: int = 1, placement_type: str = "") -> Setting:
    if establishment is not None:
        sen_unit, resourced = codes.indicators(establishment.setting_type)
        return Setting(
            rank=rank,
            urn=establishment.urn,
            ukprn=establishment.ukprn,
            sen_unit=sen_unit,
            resourced_provision=resourced,
            name=establishment.name,
        )
    if placement_type:
        from openehcp.establishments.models import SettingType

        sen_unit, resourced = codes.indicators(placement_type)
        label = SettingType(placement_type).label if placement_type in SettingType.values else ""
        return Setting(
            rank=rank,
            sen_setting=codes.setting_without_urn(placement_type),
            sen_setting_other=label if codes.setting_without_urn(placement_type) == "OTH" else "",
            sen_unit=sen_unit,
            resourced_provision=resourced,
            name=label,
        )
    return Setting(rank=rank)


@dataclass(slots=True)
class _Placed:
    """A placement as the return reads it (a row, not a model instance: many at council scale)."""

    child_id: int
    establishment_id: int | None
    setting_type: str
    is_main: bool
    starts_on: date
    ends_on: date | None
    residential: str
    work_based: str
    establishment: Establishment | None = None

    def open_on(self, day: date) -> bool:
        return self.starts_on <= day and (self.ends_on is None or self.ends_on >= day)


class _Plans:
    """What the return needs of each plan in scope, read in bulk."""

    def __init__(self, period: Period, plans):
        """``plans``: a query of the plans (it may hold more than the plans in the return), so
        the versions and reviews are read with a subquery, not a list of ids."""
        self.period = period
        self.versions: dict[int, list[PlanVersion]] = defaultdict(list)
        budget = BudgetItem.objects.filter(plan_version=OuterRef("pk"))
        for version in (
            PlanVersion.objects.filter(
                plan__in=plans.values("pk"),
                status=VersionStatus.ISSUED,
                issued_on__lte=period.reference,
            )
            .only("plan", "issued_on", "number", "placement", "placement_type")
            .annotate(has_budget=Exists(budget))
            .order_by("plan_id", "issued_on", "number")
        ):
            self.versions[version.plan_id].append(version)
        self.reviews: dict[int, AnnualReview] = {}
        for review in (
            AnnualReview.objects.filter(
                plan__in=plans.values("pk"),
                is_interim=False,
                meeting_on__gte=period.starts,
                meeting_on__lte=period.reference,
            )
            .only("plan", "meeting_on", "decision_on", "outcome")
            .order_by("plan_id", "meeting_on", "pk")
        ):
            self.reviews[review.plan_id] = review  # the latest meeting wins
        # The placements of the plans' children that were open at some point in the period, in
        # one query: the history before the period is not read.
        self.placements: dict[int, list[_Placed]] = defaultdict(list)
        for row in (
            Placement.objects.filter(
                child__in=plans.values("child"), starts_on__lte=period.reference
            )
            .exclude(ends_on__lt=period.starts)
            .values_list(*_PLACEMENT_FIELDS)
            .order_by("child_id", "starts_on", "pk")
        ):
            self.placements[row[0]].append(_Placed(*row))

    def _placement_on(self, child_id: int, day: date, *, main: bool) -> _Placed | None:
        """The child's main (or dual) placement open on ``day``, if any."""
        found = None
        for placement in self.placements.get(child_id, ()):
            if placement.is_main is main and placement.open_on(day):
                found = placement
        return found

    def _as_setting(self, placement: _Placed, rank: int) -> Setting:
        setting = _setting(
            placement.establishment, rank=rank, placement_type=placement.setting_type
        )
        setting.entry_date = placement.starts_on
        setting.leaving_date = self.period.by_reference(placement.ends_on)
        setting.residential = placement.residential
        setting.work_based = placement.work_based
        return setting

    def attended(self, child_id: int) -> list[Setting]:
        """Module 5b from the placement history: the main placement (rank 1) and any dual one
        (rank 2) open on the census day; with no main placement open then, the latest main
        placement that ended in the period, with its leaving date. Empty when the history holds
        nothing for the period."""
        day = self.period.reference
        main = self._placement_on(child_id, day, main=True)
        if main is None:
            ended = [p for p in self.placements.get(child_id, ()) if p.is_main]
            main = ended[-1] if ended else None
        dual = self._placement_on(child_id, day, main=False)
        return [
            self._as_setting(placement, rank)
            for rank, placement in enumerate((p for p in (main, dual) if p is not None), start=1)
        ]

    def current_version(self, plan: EHCPlan) -> PlanVersion | None:
        versions = self.versions.get(plan.pk)
        return versions[-1] if versions else None

    def section_i(self, plan: EHCPlan, request: AssessmentRequest | None) -> Setting:
        """The setting the plan names (section I) as the census day found it."""
        version = self.current_version(plan)
        if version is not None and (version.placement_id or version.placement_type):
            return _setting(version.placement, placement_type=version.placement_type)
        if plan.named_establishment_id:
            return _setting(plan.named_establishment)
        if request is not None and request.named_establishment_id:
            return _setting(request.named_establishment)
        return Setting()

    def named_since(self, plan: EHCPlan, urn: str) -> date | None:
        """The day the plan first named the setting in its latest unbroken run of versions that
        name it; the plan's start when no issued version says otherwise."""
        since = None
        for version in self.versions.get(plan.pk, []):
            named = version.placement.urn if version.placement_id else ""
            if named == urn:
                since = since or version.issued_on
            else:
                since = None
        if since is None and plan.named_establishment_id and plan.named_establishment.urn == urn:
            since = plan.transferred_in_on or plan.made_on
        return since

    def named_plan(self, plan: EHCPlan, request: AssessmentRequest | None) -> NamedPlan:
        version = self.current_version(plan)
        ceased = self.period.by_reference(plan.ceased_on)
        detail = self.section_i(plan, request)
        named = NamedPlan(
            plan_id=plan.pk,
            start_date=plan.made_on,
            details=[detail],
            pb=codes.flag(version.has_budget) if version is not None else "",
            cease_date=ceased,
            cease_reason=plan.cease_reason if ceased else "",
        )
        # PlanRes, PlanWBP: the main placement on the census day (or the day the plan ceased),
        # when it is at the setting section I names.
        attending = self._placement_on(plan.child_id, ceased or self.period.reference, main=True)
        if attending is not None and _same_setting(self._as_setting(attending, 1), detail):
            named.residential = attending.residential
            named.work_based = attending.work_based
        return named

    def _without_history(self, plan: EHCPlan, request: AssessmentRequest | None) -> Setting:
        """With no placement recorded for the period (a record from before the history was
        kept): the setting the child's record names, or else section I, entered on the day the
        plan first named it."""
        child = plan.child
        if child.establishment_id:
            placement = _setting(child.establishment)
            placement.entry_date = self.named_since(plan, child.establishment.urn)
            return placement
        placement = self.section_i(plan, request)
        placement.entry_date = (
            self.named_since(plan, placement.urn)
            if placement.urn
            else plan.transferred_in_on or plan.made_on
        )
        return placement

    def active_plan(self, plan: EHCPlan, request: AssessmentRequest | None) -> ActivePlan:
        child = plan.child
        placements = self.attended(child.pk) or [self._without_history(plan, request)]
        ranked = ((codes.need(child.primary_need), 1), (codes.need(child.secondary_need), 2))
        needs = [Need(type=code, rank=rank) for code, rank in ranked if code]
        review = self.reviews.get(plan.pk)
        decided = self.period.by_reference(review.decision_on) if review else None
        return ActivePlan(
            plan_id=plan.pk,
            placements=placements,
            needs=needs,
            transfer_la=plan.transferred_from_la if plan.transferred_in_on in self.period else "",
            review_meeting=review.meeting_on if review else None,
            review_outcome=review.outcome if decided else "",
            last_review=decided,
        )


class _Disputes:
    """The mediation held and the appeals registered with the Tribunal in the period, by what
    they were about, read in one query: a refusal to assess is the request's (``RequestMediation``,
    ``RequestTribunal``), a decision not to issue a plan the assessment's (``AssessmentMediation``,
    ``AssessmentTribunal``), anything about a plan (its contents or setting, reassessing, amending,
    ceasing) the plan's assessment row's "other" items (``OtherMediation``, ``OtherTribunal``)."""

    def __init__(self, period: Period):
        self.requests: dict[int, set[str]] = defaultdict(set)
        self.assessments: dict[int, set[str]] = defaultdict(set)
        self.plans: dict[int, set[str]] = defaultdict(set)
        held = Q(mediation_on__gte=period.starts, mediation_on__lte=period.reference)
        lodged = Q(appeal_lodged_on__gte=period.starts, appeal_lodged_on__lte=period.reference)
        for decision, request_id, plan_id, mediation_on, lodged_on in Disagreement.objects.filter(
            held | lodged
        ).values_list("decision", "request_id", "plan_id", "mediation_on", "appeal_lodged_on"):
            items = {
                item
                for item, day in (("mediation", mediation_on), ("tribunal", lodged_on))
                if day in period
            }
            if decision == AppealableDecision.NOT_TO_ASSESS and request_id:
                self.requests[request_id] |= items
            elif decision == AppealableDecision.NOT_TO_ISSUE and request_id:
                self.assessments[request_id] |= items
            elif plan_id:
                self.plans[plan_id] |= items

    def flag(self, row: RequestRow) -> None:
        """Set the row's yes/no items where the decision they are about is in the row: the
        request's once it is decided (Y or N), the assessment's once decided, and the "other"
        items where the row carries a plan."""
        if row.request_id is not None and row.outcome in (Y, N):
            items = self.requests.get(row.request_id, ())
            row.mediation = codes.flag("mediation" in items)
            row.tribunal = codes.flag("tribunal" in items)
        assessment = row.assessment
        if assessment is None:
            return
        if row.request_id is not None and assessment.outcome in (Y, N):
            items = self.assessments.get(row.request_id, ())
            assessment.mediation = codes.flag("mediation" in items)
            assessment.tribunal = codes.flag("tribunal" in items)
        if assessment.named_plan is not None:
            items = self.plans.get(assessment.named_plan.plan_id, ())
            assessment.other_mediation = codes.flag("mediation" in items)
            assessment.other_tribunal = codes.flag("tribunal" in items)


def _request_row(
    period: Period,
    request: AssessmentRequest,
    plan: EHCPlan | None,
    plans: _Plans,
    exceptions: set[int],
) -> RequestRow:
    steps = _by_reference(period, request)
    row = RequestRow(
        request_id=request.pk,
        reference=request.reference,
        outcome=A,
        received_date=request.received_on,
        request_source=codes.request_source(request.source),
        rya=codes.flag(request.in_youth_accommodation),
    )
    if steps["final_on"] and steps["final_on"] < period.starts:
        row.outcome = H
        row.assessment = Assessment(outcome=H)
    elif steps["assess"] == Decision.YES:
        row.outcome, row.outcome_date = Y, steps["decision_on"]
        row.assessment = _assessment(steps, request, exceptions)
    elif steps["assess"] == Decision.NO:
        row.outcome, row.outcome_date = N, steps["decision_on"]
    elif steps["withdrawn_on"]:
        row.outcome = W
    if plan is not None and row.assessment and row.assessment.outcome in (Y, H):
        if plan.made_on <= period.reference:
            row.assessment.named_plan = plans.named_plan(plan, request)
        if _plan_active(period, plan):
            row.active_plan = plans.active_plan(plan, request)
    return row


def _assessment(steps: dict, request: AssessmentRequest, exceptions: set[int]) -> Assessment:
    if steps["final_on"]:
        # Week20: do exceptions to the 20-week limit apply (regs 13(3), 5(4), 8(2), 10(4))?
        # Any exception recorded on the request, as the scorecard reads it.
        return Assessment(
            outcome=Y,
            outcome_date=steps["final_on"],
            week20=codes.flag(request.pk in exceptions),
        )
    if steps["issue"] == Decision.NO:
        return Assessment(outcome=N, outcome_date=steps["issue_on"])
    if steps["withdrawn_on"]:
        return Assessment(outcome=W)
    if steps["issue"] == Decision.YES:
        return Assessment(outcome=Y)  # to be issued: no date until the plan is
    return Assessment(outcome=A)


def _transferred_row(
    period: Period, plan: EHCPlan, request: AssessmentRequest | None, plans: _Plans
) -> RequestRow:
    """A plan with no request of ours in the return (transferred in, or made after a
    reassessment): outcome H, with the named plan and, if maintained, the active plan.
    ``request`` is the plan's origin request, if it has one."""
    row = RequestRow(
        request_id=None,
        reference=f"plan {plan.pk}",
        outcome=H,
        assessment=Assessment(outcome=H, named_plan=plans.named_plan(plan, request)),
    )
    if _plan_active(period, plan):
        row.active_plan = plans.active_plan(plan, request)
    return row


def _person(child) -> Person:
    return Person(
        child_id=child.pk,
        surname=child.surname,
        forename=child.forename,
        birth_date=child.date_of_birth,
        sex=codes.sex(child.sex),
        ethnicity=codes.ethnicity(child.ethnicity),
        postcode=child.postcode.replace(" ", ""),
        upn=child.upn,
        uln=child.uln,
        upn_unknown="" if child.upn else codes.upn_unknown(child.upn_unknown_reason),
    )


def header(period: Period, *, serial: str = "001", now: datetime | None = None) -> Header:
    from importlib.metadata import PackageNotFoundError, version

    try:
        release = version("openehcp")
    except PackageNotFoundError:  # pragma: no cover - running from a checkout without install
        release = ""
    now = now or timezone.now()
    if timezone.is_aware(now):
        now = timezone.localtime(now).replace(tzinfo=None)
    created = now.replace(microsecond=0)
    return Header(
        year=period.year,
        reference_date=period.reference,
        lea=settings.OPENEHCP_LA_NUMBER,
        software_code=SOFTWARE_CODE,
        release=release,
        serial=serial,
        created=created,
        dmo=settings.OPENEHCP_SEN2_DMO,
        dco=settings.OPENEHCP_SEN2_DCO,
        dsco=settings.OPENEHCP_SEN2_DSCO,
    )


def build_return(year: int, *, serial: str = "001", now: datetime | None = None) -> Sen2Return:
    """The SEN2 return for collection ``year`` (census day in January of ``year``).

    Each query reads only the columns the return uses (a model instance per row is most of the
    time at council scale), and the related rows are read with subqueries rather than lists of
    ids."""
    period = Period.for_year(year)
    in_period = AssessmentRequest.objects.filter(
        received_on__lte=period.reference,
        is_reassessment=False,
        child__merged_into__isnull=True,
    )
    requests = list(in_period.only(*_REQUEST_FIELDS).order_by("child_id", "received_on", "pk"))
    plans_by_request: dict[int, EHCPlan] = {}
    candidates = EHCPlan.objects.filter(
        child__merged_into__isnull=True, made_on__lte=period.reference
    ).exclude(ceased_on__lt=period.starts)
    plans = [plan for plan in candidates.only(*_PLAN_FIELDS) if _plan_in_scope(period, plan)]
    for plan in plans:
        if plan.origin_request_id:
            plans_by_request[plan.origin_request_id] = plan
    plan_data = _Plans(period, candidates)
    _share_related(requests, plans, plan_data, in_period, candidates)
    exceptions = set(
        TimescaleException.objects.filter(request__in=in_period.values("pk")).values_list(
            "request_id", flat=True
        )
    )
    disputes = _Disputes(period)

    persons: dict[int, Person] = {}
    rows_for_plans: set[int] = set()
    for request in requests:
        plan = plans_by_request.get(request.pk)
        closed = _closed_on(_by_reference(period, request))
        if plan is None and closed is not None and closed < period.starts:
            continue  # finished before the period, with no plan in the return
        row = _request_row(period, request, plan, plan_data, exceptions)
        disputes.flag(row)
        if plan is not None and (row.active_plan or row.assessment and row.assessment.named_plan):
            rows_for_plans.add(plan.pk)
        person = persons.get(request.child_id) or persons.setdefault(
            request.child_id, _person(request.child)
        )
        person.requests.append(row)
    transferred = [plan for plan in plans if plan.pk not in rows_for_plans]
    origins = {
        request.pk: request
        for request in AssessmentRequest.objects.filter(
            pk__in=[plan.origin_request_id for plan in transferred if plan.origin_request_id]
        )
        .select_related("named_establishment")
        .only("named_establishment", *(f"named_establishment__{name}" for name in _SETTING_FIELDS))
    }
    for plan in transferred:
        person = persons.get(plan.child_id) or persons.setdefault(
            plan.child_id, _person(plan.child)
        )
        request = origins.get(plan.origin_request_id)
        row = _transferred_row(period, plan, request, plan_data)
        disputes.flag(row)
        person.requests.append(row)

    ordered = sorted(persons.values(), key=lambda p: (p.surname, p.forename, p.child_id))
    return Sen2Return(period=period, header=header(period, serial=serial, now=now), persons=ordered)


def _share_related(requests, plans, plan_data: _Plans, in_period, candidates) -> None:
    """Read the children and settings the rows point to once each and give every row the same
    instance (select_related would make one per row: most of the time at council scale)."""
    children = {
        child.pk: child
        for child in Child.objects.filter(
            Q(pk__in=in_period.values("child")) | Q(pk__in=candidates.values("child"))
        ).only(*_CHILD_FIELDS)
    }
    versions = [version for rows in plan_data.versions.values() for version in rows]
    ids = {child.establishment_id for child in children.values()}
    ids |= {request.named_establishment_id for request in requests}
    ids |= {plan.named_establishment_id for plan in plans}
    ids |= {version.placement_id for version in versions}
    placements = [placement for rows in plan_data.placements.values() for placement in rows]
    ids |= {placement.establishment_id for placement in placements}
    ids.discard(None)
    settings_by_id = Establishment.objects.only(*_SETTING_FIELDS).in_bulk(ids)

    def share(rows, field: str, objects: dict) -> None:
        for row in rows:
            key = getattr(row, f"{field}_id")
            if key is not None:
                setattr(row, field, objects[key])

    share(children.values(), "establishment", settings_by_id)
    share(requests, "child", children)
    share(requests, "named_establishment", settings_by_id)
    share(plans, "child", children)
    share(plans, "named_establishment", settings_by_id)
    share(versions, "placement", settings_by_id)
    share(placements, "establishment", settings_by_id)


#: The columns the return reads (``.only()``): anything else left deferred would cost a query
#: per row, so a new item read here must be added here.
_REQUEST_FIELDS = (
    "child",
    "reference",
    "received_on",
    "source",
    "in_youth_accommodation",
    "decision_to_assess",
    "decision_on",
    "decision_to_issue",
    "issue_decision_on",
    "final_issued_on",
    "withdrawn_on",
    "named_establishment",
)
_PLAN_FIELDS = (
    "child",
    "made_on",
    "transferred_in_on",
    "transferred_from_la",
    "ceased_on",
    "cease_reason",
    "named_establishment",
    "origin_request",
)
_CHILD_FIELDS = (
    "surname",
    "forename",
    "date_of_birth",
    "sex",
    "ethnicity",
    "postcode",
    "upn",
    "uln",
    "upn_unknown_reason",
    "primary_need",
    "secondary_need",
    "establishment",
)
#: In the order of ``_Placed``'s fields.
_PLACEMENT_FIELDS = (
    "child_id",
    "establishment_id",
    "setting_type",
    "is_main",
    "starts_on",
    "ends_on",
    "residential",
    "work_based",
)
#: What ``_setting`` reads of an establishment.
_SETTING_FIELDS = ("urn", "ukprn", "setting_type", "name")
