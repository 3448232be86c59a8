"""One synthetic child's story: who they are, what the council did and when.

``CaseBuilder.child(index)`` returns unsaved model instances for one child — the child, contacts,
a request for assessment with each statutory step, the EHC plan, its annual reviews — for the
generator to insert in bulk. Every step is simulated to the end and then cut at ``today``: what has
not happened yet is left blank, which gives open cases at every stage, some of them late.

The timings follow the law and the national figures (reference.md §2, §3, §7.4, §9):
- decision whether to assess within 6 weeks (reg 5(1)) for about 85% of requests (§9.2);
- advice due within 6 weeks of the request for it (reg 8(1)), chased when late;
- notice not to issue within 16 weeks (reg 10(1)), met for about a third (§9.2);
- the draft plan gives the family at least 15 days beginning with the day it is served (reg 13(1)),
  so the final plan is issued on day 15 after service at the earliest; settings consulted reply
  within 15 days (CoP 9.83) or later;
- the final plan within 20 weeks (reg 13(2)) for about half the plans in the latest year and more in
  earlier years (§9.3), about 6% with a recorded exception (reg 13(3), §9.3);
- an annual review at least every 12 months (CFA s44), the decision sent within 4 weeks of the
  meeting (reg 20(10)) for most; a backlog of late reviews in the latest year;
- ceasing with the SEN2 reasons in their national proportions (§7.4), at the end of the academic
  year in which a young person turns 25 at the latest (reason 1).
"""

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from openehcp.accounts.models import User
from openehcp.assessments.models import (
    Activity,
    AdviceRequest,
    AdvisorType,
    AssessmentRequest,
    Consultation,
    Decision,
    ExceptionReason,
    RequestSource,
    TimescaleException,
)
from openehcp.clock import national_curriculum_year
from openehcp.establishments.models import Establishment
from openehcp.people.models import Child, Contact
from openehcp.plans.models import CeaseReason, EHCPlan
from openehcp.reviews.models import AnnualReview

from . import names, synthetic
from .family import make_child, make_contacts
from .lifecycle import annual_reviews, cease
from .mixes import (
    AGE_AT_REQUEST,
    AGE_OF_OLDER_PLAN_CHILDREN,
    DAY,
    EXCEPTION_JUSTIFICATIONS,
    FIRST_EHC_PLANS,
    NEED_MIX_ALL_PLANS,
    NEED_MIX_NEW_PLANS,
    NEED_MIX_OLDER_PLANS,
    NEIGHBOURING_LAS,
    REASONS_BY_NEED,
    SOURCE_MIX,
    DaySampler,
    between,
    placement_group,
    weighted,
)

# Activity kinds, as the workflow services write them, so the case page shows the timeline.
RECEIVED = "request_received"
DECISION_TO_ASSESS = "decision_to_assess"
ADVICE_REQUESTED = "advice_requested"
ADVICE_CHASED = "advice_chased"
ADVICE_RECEIVED = "advice_received"
EXCEPTION_RECORDED = "exception_recorded"
DECISION_TO_ISSUE = "decision_to_issue"
DRAFT_SERVED = "draft_served"
REPRESENTATIONS = "representations"
CONSULTATION_SENT = "consultation_sent"
CONSULTATION_REPLY = "consultation_reply"
FINAL_ISSUED = "final_issued"
WITHDRAWN = "withdrawn"


@dataclass
class Staff:
    assessment_caseworkers: list[User]
    review_caseworkers: list[User]
    psychologist: User
    parent: User
    young_person: User
    by_id: dict[int, User] = field(default_factory=dict)


@dataclass
class SettingsRegister:
    """The settings by the kind of place a child of a given age might attend.

    The first setting of a group may be ``favoured``: the demo SENCO's school is a large primary
    that takes a bigger share of its children, so that login always has children to see.
    """

    by_group: dict[str, list[Establishment]]
    favoured: dict[str, float] = field(default_factory=dict)
    group_of: dict[int, str] = field(default_factory=dict)

    def __post_init__(self):
        self.group_of = {e.pk: group for group, settings in self.by_group.items() for e in settings}

    def pick(self, rng: random.Random, group: str) -> Establishment | None:
        choices = self.by_group.get(group)
        if not choices:
            return None
        if rng.random() < self.favoured.get(group, 0.0):
            return choices[0]
        return rng.choice(choices)


@dataclass
class ChildRows:
    """Unsaved rows for one child, in the order they can be inserted."""

    child: Child
    contacts: list[Contact] = field(default_factory=list)
    request: AssessmentRequest | None = None
    advice: list[AdviceRequest] = field(default_factory=list)
    exceptions: list[TimescaleException] = field(default_factory=list)
    consultations: list[Consultation] = field(default_factory=list)
    activities: list[Activity] = field(default_factory=list)
    plan: EHCPlan | None = None
    reviews: list[AnnualReview] = field(default_factory=list)


class CaseBuilder:
    def __init__(
        self,
        *,
        rng: random.Random,
        today: date,
        years: int,
        la_code: str,
        staff: Staff,
        register: SettingsRegister,
    ):
        self.rng = rng
        self.today = today
        self.window_start = today - timedelta(days=round(365.25 * years))
        self.years = years
        self.la_code = la_code
        self.staff = staff
        self.register = register
        self.days = DaySampler(self.window_start, today)
        self.reference_counters: dict[int, int] = {}
        self.parent_linked = False
        self.young_person_linked = False

    def _new_child(self, index: int, date_of_birth: date, need: str) -> "ChildRows":
        child, heritage, home_language = make_child(
            self.rng,
            index=index,
            date_of_birth=date_of_birth,
            need=need,
            today=self.today,
            la_code=self.la_code,
        )
        contacts = make_contacts(self.rng, child, heritage, home_language)
        return ChildRows(child=child, contacts=contacts)

    def _date_of_birth(self, age: int, on: date) -> date:
        return on - timedelta(days=int((age + self.rng.random()) * 365.25))

    def _setting_for(
        self, age: int, need: str, previous: Establishment | None
    ) -> Establishment | None:
        group = placement_group(self.rng, age, need)
        if previous is not None and self.register.group_of.get(previous.pk) == group:
            return previous
        return self.register.pick(self.rng, group)

    # -- the stories ----------------------------------------------------------------------------

    def child(self, index: int) -> ChildRows:
        """One child: a request in the window (about 69%), an older plan (28%) or a plan
        transferred in from another council (3%)."""
        story = self.rng.random()
        if story < 0.69:
            return self._requested_in_window(index)
        if story < 0.97:
            return self._older_plan(index)
        return self._transferred_in(index)

    def _reference(self, received: date) -> str:
        count = self.reference_counters.get(received.year, 0) + 1
        self.reference_counters[received.year] = count
        return f"EHC-{received.year}-{count:05d}"

    def _requested_in_window(self, index: int) -> ChildRows:
        rng = self.rng
        received = self.days.sample(rng)
        max_age_at_request = min(24, 25 - (self.today - received).days // 366)
        low, high = weighted(rng, AGE_AT_REQUEST)
        age = rng.randint(min(low, max_age_at_request), min(high, max_age_at_request))
        date_of_birth = max(
            self._date_of_birth(age, received), self.today - timedelta(days=int(25.9 * 365.25))
        )
        need = weighted(rng, NEED_MIX_NEW_PLANS)
        rows = self._new_child(index, date_of_birth, need)
        child = rows.child
        setting_then = self._setting_for(age, need, None)
        self._assessment(rows, received=received, setting_then=setting_then, detailed=True)
        age_now = synthetic.age_on(date_of_birth, self.today)
        plan = rows.plan
        if plan is not None:
            child.establishment = self._setting_for(age_now, need, plan.named_establishment)
            plan.named_establishment = child.establishment
            self._maintain(rows, first_review_due=plan.made_on + timedelta(days=365))
        else:
            child.establishment = self._setting_for(age_now, need, setting_then)
        self._allocate(rows)
        return rows

    def _older_plan(self, index: int) -> ChildRows:
        rng = self.rng
        low, high = weighted(rng, AGE_OF_OLDER_PLAN_CHILDREN)
        age_now = rng.randint(max(low, self.years + 3), max(high, self.years + 3))
        date_of_birth = self._date_of_birth(min(age_now, 25), self.today)
        need = weighted(rng, NEED_MIX_OLDER_PLANS)
        rows = self._new_child(index, date_of_birth, need)
        child = rows.child
        earliest = max(
            date_of_birth + timedelta(days=2 * 366), FIRST_EHC_PLANS + timedelta(days=160)
        )
        made_on = between(rng, earliest, self.window_start - DAY)
        age_then = synthetic.age_on(date_of_birth, made_on)
        setting_then = self._setting_for(age_then, need, None)
        self._assessment(
            rows,
            received=max(made_on - timedelta(days=self._days_to_final(made_on)), FIRST_EHC_PLANS),
            setting_then=setting_then,
            detailed=False,
            final_on=made_on,
        )
        child.establishment = self._setting_for(age_now, need, setting_then)
        rows.plan.named_establishment = child.establishment
        self._maintain(rows, first_review_due=rows.plan.made_on + timedelta(days=365))
        self._allocate(rows)
        return rows

    def _transferred_in(self, index: int) -> ChildRows:
        rng = self.rng
        transferred_on = self.days.sample(rng)
        age = rng.randint(4, 19)
        date_of_birth = self._date_of_birth(age, transferred_on)
        need = weighted(rng, NEED_MIX_ALL_PLANS)
        rows = self._new_child(index, date_of_birth, need)
        child = rows.child
        made_on = transferred_on - timedelta(days=rng.randint(120, 1500))
        made_on = max(made_on, date_of_birth + timedelta(days=2 * 366), FIRST_EHC_PLANS)
        age_now = synthetic.age_on(date_of_birth, self.today)
        child.establishment = self._setting_for(age_now, need, None)
        rows.plan = EHCPlan(
            child=child,
            made_on=made_on,
            transferred_from_la=rng.choice(NEIGHBOURING_LAS),
            transferred_in_on=transferred_on,
            named_establishment=child.establishment,
        )
        anniversary = made_on + timedelta(days=365)
        while anniversary < transferred_on:
            anniversary += timedelta(days=365)
        # reg 15(5): review by the later of 12 months from the plan and 3 months from the transfer.
        self._maintain(rows, first_review_due=max(anniversary, transferred_on + timedelta(days=91)))
        self._allocate(rows)
        return rows

    # -- the assessment --------------------------------------------------------------------------

    def _on_time_share(self, day: date) -> float:
        """Share of final plans within 20 weeks: about 60% in the earliest years, falling to about
        46% in the latest (§9.3)."""
        years_ago = (self.today - day).days / 365.25
        return max(0.46, min(0.61, 0.46 + 0.035 * years_ago))

    def _days_to_final(self, final_on: date) -> int:
        """Days from request to final plan: within 140 days (20 weeks) for the on-time share, and a
        long tail for the rest (some over a year, as in §9.3)."""
        rng = self.rng
        if rng.random() < self._on_time_share(final_on):
            return int(rng.triangular(95, 140, 134))
        return 141 + min(int(rng.expovariate(1 / 85)), 330)

    def _assessment(
        self,
        rows: ChildRows,
        *,
        received: date,
        setting_then: Establishment | None,
        detailed: bool,
        final_on: date | None = None,
    ) -> None:
        """Simulate the request to its end, then keep only what happened by ``today``."""
        rng = self.rng
        child = rows.child
        today = self.today
        age = synthetic.age_on(child.date_of_birth, received)
        source = weighted(
            rng,
            {
                s: (w if s != RequestSource.YOUNG_PERSON or age >= 16 else 0)
                * (1 if s != RequestSource.SETTING or setting_then else 0)
                for s, w in SOURCE_MIX.items()
            },
        )
        main_contact = rows.contacts[0]
        requester_name, requester_email = self._requester(source, child, main_contact, setting_then)
        request = AssessmentRequest(
            reference=self._reference(received),
            child=child,
            received_on=received,
            source=source,
            requester_name=requester_name,
            requester_email=requester_email,
            reasons=REASONS_BY_NEED[child.primary_need],
            via_online_form=source in {RequestSource.PARENT, RequestSource.YOUNG_PERSON}
            and rng.random() < 0.45,
            transferred_from_la=rng.choice(NEIGHBOURING_LAS)
            if detailed and rng.random() < 0.01
            else "",
        )
        rows.request = request
        events: list[tuple[date, str, str]] = []
        if detailed:
            events.append(
                (
                    received,
                    RECEIVED,
                    f"Request received from the {RequestSource(source).label.lower()}.",
                )
            )

        # Outcome, decided up front; pre-window requests all led to a plan.
        outcome = "plan"
        if detailed:
            roll = rng.random()
            if roll < 0.03:
                outcome = "withdrawn_before_decision"
            elif roll < 0.35:
                outcome = "refused"
            else:
                roll = rng.random()
                outcome = "withdrawn" if roll < 0.03 else "not_to_issue" if roll < 0.095 else "plan"

        if outcome == "withdrawn_before_decision":
            withdrawn = received + timedelta(days=rng.randint(4, 38))
            if withdrawn <= today:
                request.withdrawn_on = withdrawn
                request.withdrawal_reason = "The family asked to withdraw the request."
                events.append((withdrawn, WITHDRAWN, "Request withdrawn at the family's wish."))
            self._activities(rows, events)
            return

        decided_after = rng.randint(18, 42) if rng.random() < 0.85 else rng.randint(43, 84)
        decision_on = received + timedelta(days=decided_after)
        if outcome == "refused":
            if decision_on <= today:
                request.decision_to_assess = Decision.NO
                request.decision_on = decision_on
                request.panel_recommendation = (
                    "Not to assess: needs can be met through SEN support."
                )
                request.decision_reasons = (
                    "The evidence shows progress with the support in place; the setting should "
                    "use its notional SEN budget and outreach advice. Appeal rights explained."
                )
                events.append(
                    (
                        decision_on,
                        DECISION_TO_ASSESS,
                        "Decided not to assess; letter sent with appeal rights.",
                    )
                )
            self._activities(rows, events)
            return

        # Agreed to assess: work out the timeline backwards from the final plan.
        exception_days = 0
        if outcome == "plan" and detailed and rng.random() < 0.065:
            exception_days = rng.randint(28, 70)
        if final_on is None:
            to_final = self._days_to_final(received + timedelta(days=140))
            final_on = received + timedelta(days=to_final + exception_days)
        advice_on = decision_on + timedelta(days=rng.randint(0, 5))
        draft_on = final_on - timedelta(days=15 + rng.randint(0, 12))
        issue_on = draft_on - timedelta(days=rng.randint(2, 9))
        issue_on = max(issue_on, advice_on + timedelta(days=24))
        draft_on = max(draft_on, issue_on + timedelta(days=2))
        final_on = max(final_on, draft_on + timedelta(days=15))
        withdrawn_on = None
        if outcome == "withdrawn":
            withdrawn_on = between(rng, decision_on + timedelta(days=7), final_on - DAY)
        if outcome == "not_to_issue":
            # reg 10(1): notice within 16 weeks; met for about a third (§9.2).
            days = rng.randint(70, 112) if rng.random() < 0.35 else rng.randint(113, 170)
            issue_on = max(received + timedelta(days=days), advice_on + timedelta(days=24))

        def happened(day: date | None) -> bool:
            return (
                day is not None and day <= today and (withdrawn_on is None or day <= withdrawn_on)
            )

        if happened(decision_on):
            request.decision_to_assess = Decision.YES
            request.decision_on = decision_on
            if detailed:
                request.panel_recommendation = (
                    "Agree to assess: the evidence shows the child may need a plan."
                )
                request.decision_reasons = (
                    "Needs may require provision beyond SEN support (CFA s36(8))."
                )
                events.append(
                    (
                        decision_on,
                        DECISION_TO_ASSESS,
                        "Decided to assess; letter sent to the family.",
                    )
                )
        if detailed and happened(advice_on):
            self._advice(
                rows,
                request,
                advice_on=advice_on,
                issue_on=issue_on,
                setting=setting_then,
                happened=happened,
                events=events,
            )
        if detailed and exception_days:
            self._exception(
                rows,
                request,
                decision_on=decision_on,
                final_on=final_on,
                days=exception_days,
                happened=happened,
                events=events,
            )
        if happened(issue_on):
            request.issue_decision_on = issue_on
            if outcome == "not_to_issue":
                request.decision_to_issue = Decision.NO
                events.append(
                    (
                        issue_on,
                        DECISION_TO_ISSUE,
                        "Decided not to issue a plan; notice sent with appeal rights.",
                    )
                )
            else:
                request.decision_to_issue = Decision.YES
                if detailed:
                    events.append((issue_on, DECISION_TO_ISSUE, "Decided to issue a plan."))
        if outcome == "not_to_issue":
            self._activities(rows, events)
            return

        preferred = self._setting_for(age, child.primary_need, setting_then)
        named = preferred
        if happened(draft_on):
            request.draft_served_on = draft_on
            if detailed:
                events.append(
                    (
                        draft_on,
                        DRAFT_SERVED,
                        "Draft plan served; 15 days for comments and a preferred setting.",
                    )
                )
                representations_on = draft_on + timedelta(days=rng.randint(4, 14))
                if (
                    rng.random() < 0.8
                    and representations_on < final_on
                    and happened(representations_on)
                ):
                    request.representations_received_on = representations_on
                    request.preferred_establishment = preferred
                    events.append(
                        (
                            representations_on,
                            REPRESENTATIONS,
                            "The family's comments and preferred setting received.",
                        )
                    )
                named = self._consult(
                    rows,
                    request,
                    preferred,
                    draft_on=draft_on,
                    final_on=final_on,
                    age=age,
                    happened=happened,
                    events=events,
                )
            else:
                request.preferred_establishment = preferred
        if happened(final_on):
            request.final_issued_on = final_on
            request.named_establishment = named
            if detailed:
                events.append((final_on, FINAL_ISSUED, "Final EHC plan issued."))
            rows.plan = EHCPlan(
                child=child, origin_request=request, made_on=final_on, named_establishment=named
            )
        if withdrawn_on is not None and withdrawn_on <= today:
            request.withdrawn_on = withdrawn_on
            request.withdrawal_reason = rng.choice(
                (
                    "The family moved to another council's area.",
                    "The family asked to withdraw; needs now met at the new setting.",
                    "The young person asked to withdraw the request.",
                )
            )
            events.append((withdrawn_on, WITHDRAWN, "Request withdrawn."))
        self._activities(rows, events)

    def _requester(self, source, child, main_contact, setting) -> tuple[str, str]:
        rng = self.rng
        if source == RequestSource.PARENT:
            return main_contact.name, main_contact.email
        if source == RequestSource.YOUNG_PERSON:
            return f"{child.forename} {child.surname}", ""
        if source == RequestSource.SETTING:
            return f"SENCO, {setting.name}", f"senco@{setting.urn}.school.example"
        if source == RequestSource.HEALTH:
            return rng.choice(names.PROFESSIONALS), "paediatrics@nhs-trust.example"
        if source == RequestSource.SOCIAL_CARE:
            return rng.choice(names.SOCIAL_WORKERS), "childrens.services@council.example"
        return (
            f"{rng.choice(names.SPECIALIST_TEACHERS)}, specialist teacher",
            "sendsupport@council.example",
        )

    def _advice(self, rows, request, *, advice_on, issue_on, setting, happened, events) -> None:
        """reg 6(1): advice from the family, the setting, health, an EP, social care; preparing for
        adulthood from Year 9; a qualified teacher for hearing or vision needs."""
        rng = self.rng
        advisors = [
            (AdvisorType.FAMILY, rows.contacts[0].name, None),
            (AdvisorType.EDUCATIONAL_PSYCHOLOGY, None, None),
            (AdvisorType.HEALTH, rng.choice(names.PROFESSIONALS), None),
            (AdvisorType.SOCIAL_CARE, rng.choice(names.SOCIAL_WORKERS), None),
        ]
        if setting is not None:
            advisors.append((AdvisorType.SETTING, f"SENCO, {setting.name}", setting))
        year_group = national_curriculum_year(rows.child.date_of_birth, advice_on)
        if year_group + rows.child.ncy_offset >= 9:
            advisors.append(
                (AdvisorType.PREPARING_FOR_ADULTHOOD, rng.choice(names.PFA_ADVISERS), None)
            )
        if rows.child.primary_need in {"HI", "VI", "MSI"}:
            advisors.append(
                (AdvisorType.HEARING_VISION, rng.choice(names.SPECIALIST_TEACHERS), None)
            )
        window = (issue_on - advice_on).days
        for advisor_type, advisor_name, establishment in advisors:
            advisor_user = None
            if advisor_type == AdvisorType.EDUCATIONAL_PSYCHOLOGY:
                if rng.random() < 1 / 6:
                    advisor_user = self.staff.psychologist
                    advisor_name = advisor_user.get_full_name()
                else:
                    advisor_name = rng.choice(names.EDUCATIONAL_PSYCHOLOGISTS)
            took = (
                rng.randint(7, 20)
                if advisor_type == AdvisorType.FAMILY
                else rng.randint(18, max(19, window - 1))
            )
            received_on = advice_on + timedelta(days=min(took, window - 1))
            chased_on = None
            if (received_on - advice_on).days > 42:
                chased_on = advice_on + timedelta(days=43 + rng.randint(0, 4))
            advice = AdviceRequest(
                request=request,
                advisor_type=advisor_type,
                advisor_name=advisor_name,
                advisor_email=f"{advisor_type.replace('_', '.')}@advice.example",
                advisor_user=advisor_user,
                establishment=establishment,
                requested_on=advice_on,
                last_chased_on=chased_on if happened(chased_on) else None,
                received_on=received_on if happened(received_on) else None,
                summary="Advice received and shared with the family."
                if happened(received_on)
                else "",
            )
            rows.advice.append(advice)
            if advice.last_chased_on:
                events.append(
                    (
                        chased_on,
                        ADVICE_CHASED,
                        f"Chased {AdvisorType(advisor_type).label.lower()}: over 6 weeks.",
                    )
                )
            if advice.received_on:
                events.append(
                    (
                        received_on,
                        ADVICE_RECEIVED,
                        f"{AdvisorType(advisor_type).label} received from {advisor_name}.",
                    )
                )
        events.append(
            (
                advice_on,
                ADVICE_REQUESTED,
                f"Advice requested from {len(advisors)} advisors; due in 6 weeks.",
            )
        )

    def _exception(self, rows, request, *, decision_on, final_on, days, happened, events) -> None:
        """reg 13(3): the 20-week limit does not apply for a recorded reason and period."""
        rng = self.rng
        reason = rng.choices(
            (
                ExceptionReason.PERSONAL_CIRCUMSTANCES,
                ExceptionReason.SCHOOL_CLOSURE,
                ExceptionReason.ABSENCE_FROM_AREA,
                ExceptionReason.MISSED_APPOINTMENT,
            ),
            weights=(45, 25, 15, 15),
        )[0]
        advice = None
        setting_advice = [a for a in rows.advice if a.advisor_type == AdvisorType.SETTING]
        if reason == ExceptionReason.SCHOOL_CLOSURE and setting_advice:
            advice = setting_advice[0]
        elif reason == ExceptionReason.MISSED_APPOINTMENT:
            advice = next(
                (a for a in rows.advice if a.advisor_type == AdvisorType.EDUCATIONAL_PSYCHOLOGY),
                None,
            )
        if advice is None and reason in {
            ExceptionReason.SCHOOL_CLOSURE,
            ExceptionReason.MISSED_APPOINTMENT,
        }:
            reason = ExceptionReason.PERSONAL_CIRCUMSTANCES
        if reason == ExceptionReason.SCHOOL_CLOSURE:
            # reg 5(4)(a)/10(4)(a): advice asked from a week before a closure of 4 weeks or more;
            # the period runs from the first day closed to the day it re-opens.
            starts_on = advice.requested_on + timedelta(days=rng.randint(0, 7))
            ends_on = starts_on + timedelta(days=max(28, days))
        elif advice is not None:
            # reg 8(2)(c): an appointment missed during the 6 weeks for the advice.
            starts_on = advice.requested_on + timedelta(days=rng.randint(7, 21))
            ends_on = starts_on + timedelta(days=days)
        else:
            starts_on = decision_on + timedelta(days=rng.randint(3, 30))
            ends_on = starts_on + timedelta(days=days)
        ends_on = min(ends_on, final_on - DAY)
        if reason == ExceptionReason.SCHOOL_CLOSURE and (ends_on - starts_on).days < 28:
            reason, advice = ExceptionReason.PERSONAL_CIRCUMSTANCES, None
        if not happened(starts_on) or ends_on < starts_on:
            return
        rows.exceptions.append(
            TimescaleException(
                request=request,
                reason=reason,
                starts_on=starts_on,
                ends_on=ends_on,
                advice_request=advice,
                justification=EXCEPTION_JUSTIFICATIONS[reason],
            )
        )
        events.append(
            (
                starts_on,
                EXCEPTION_RECORDED,
                f"Exception to the 20-week limit: {ExceptionReason(reason).label.lower()}.",
            )
        )

    def _consult(self, rows, request, preferred, *, draft_on, final_on, age, happened, events):
        """CFA s39: consult the preferred setting (and sometimes a second); name one that can meet
        the child's needs."""
        rng = self.rng
        candidates = [preferred] if preferred is not None else []
        if rng.random() < 0.3:
            other = self._setting_for(age, rows.child.primary_need, None)
            if other is not None and other not in candidates:
                candidates.append(other)
        named = None
        for position, establishment in enumerate(candidates):
            sent_on = draft_on + timedelta(days=rng.randint(0, 3))
            replied_on = min(sent_on + timedelta(days=rng.randint(5, 24)), final_on - DAY)
            reply = Consultation.Reply.CAN_MEET
            if named is None and position == 0 and len(candidates) > 1 and rng.random() < 0.5:
                reply = Consultation.Reply.CANNOT_MEET
            if not happened(sent_on):
                continue
            consultation = Consultation(
                request=request, establishment=establishment, sent_on=sent_on
            )
            events.append((sent_on, CONSULTATION_SENT, f"Consulted {establishment.name}."))
            if happened(replied_on):
                consultation.replied_on = replied_on
                consultation.reply = reply
                consultation.reply_notes = (
                    "Can meet needs with the provision in section F."
                    if reply == Consultation.Reply.CAN_MEET
                    else "Cannot meet needs: the year group is full and lacks specialist staff."
                )
                events.append(
                    (
                        replied_on,
                        CONSULTATION_REPLY,
                        f"{establishment.name}: {reply.label.lower()}.",
                    )
                )
            if reply == Consultation.Reply.CAN_MEET and named is None:
                named = establishment
            rows.consultations.append(consultation)
        return named if named is not None else preferred

    def _activities(self, rows: ChildRows, events: list) -> None:
        rows.activities = [
            Activity(request=rows.request, occurred_on=day, kind=kind, description=text)
            for day, kind, text in sorted(events, key=lambda event: event[0])
        ]

    # -- the plan once made ----------------------------------------------------------------------

    def _maintain(self, rows: ChildRows, *, first_review_due: date) -> None:
        plan = rows.plan
        cease(self.rng, plan, today=self.today)
        rows.reviews = annual_reviews(
            self.rng, plan, first_review_due=first_review_due, today=self.today
        )
        if plan.ceased_on and plan.cease_reason != CeaseReason.NEEDS_MET_WITHOUT_PLAN:
            rows.child.establishment = None  # left education, moved away or died

    def _allocate(self, rows: ChildRows) -> None:
        """Every child has a named caseworker: the assessment team while there is no plan, then the
        linked caseworker of the child's setting in the review team."""
        rng = self.rng
        child = rows.child
        if rows.plan is None:
            caseworker = rng.choice(self.staff.assessment_caseworkers)
        elif child.establishment is not None and child.establishment.linked_caseworker_id:
            caseworker = self.staff.by_id[child.establishment.linked_caseworker_id]
        else:
            caseworker = rng.choice(self.staff.review_caseworkers)
        child.caseworker = caseworker
        for activity in rows.activities:
            activity.author_id = caseworker.pk
        for exception in rows.exceptions:
            exception.recorded_by_id = caseworker.pk
        for review in rows.reviews:
            review.recorded_by_id = caseworker.pk
        if rows.request is not None:
            rows.request.created_by_id = caseworker.pk
        plan = rows.plan
        if plan is not None and plan.ceased_on is None:
            age = synthetic.age_on(child.date_of_birth, self.today)
            if not self.young_person_linked and 17 <= age <= 24:
                child.forename, child.surname = "Jordan", "Whitfield"
                child.young_person_user = self.staff.young_person
                self.young_person_linked = True
            elif (
                not self.parent_linked
                and 5 <= age <= 15
                and rows.request is not None
                and rows.advice
            ):
                child.surname = "Bello"
                contact = rows.contacts[0]
                contact.name = "Aisha Bello"
                contact.relationship = Contact.Relationship.MOTHER
                contact.email = "parent@demo.openehcp.example"
                contact.user = self.staff.parent
                self.parent_linked = True
