"""The assessment as the family sees it: the clock's steps, each done, happening now, late, not
started or not needed."""

from datetime import date, timedelta

import pytest

from openehcp.assessments.models import AssessmentRequest, Decision
from openehcp.assessments.timeline import CASE_PREFETCH
from openehcp.portal import selectors
from tests.factories import AdviceRequestFactory, AssessmentRequestFactory

pytestmark = pytest.mark.django_db

RECEIVED = date(2026, 1, 5)


def steps(today, **facts):
    case = AssessmentRequestFactory(received_on=RECEIVED, **facts)
    case = AssessmentRequest.objects.prefetch_related(*CASE_PREFETCH).get(pk=case.pk)
    return [(s.state, s.due, s.done_on) for s in selectors.family_steps(case, today=today)]


def test_a_new_request_waits_for_the_decision_within_six_weeks():
    """reg 5(1): 6 weeks; reg 10: 16 weeks; reg 13(2): 20 weeks, from the request."""
    assert steps(RECEIVED + timedelta(days=3)) == [
        ("next", RECEIVED + timedelta(weeks=6), None),
        ("upcoming", None, None),
        ("upcoming", RECEIVED + timedelta(weeks=16), None),
        ("upcoming", None, None),
        ("upcoming", RECEIVED + timedelta(weeks=20), None),
    ]


def test_a_decision_not_made_in_six_weeks_is_late():
    state, due, _ = steps(RECEIVED + timedelta(weeks=7))[0]
    assert state == "late" and due == RECEIVED + timedelta(weeks=6)


def test_advice_is_gathered_when_every_advisor_has_replied():
    decided = RECEIVED + timedelta(days=30)
    case = AssessmentRequestFactory(
        received_on=RECEIVED, decision_to_assess=Decision.YES, decision_on=decided
    )
    AdviceRequestFactory(request=case, requested_on=decided, received_on=decided + timedelta(20))
    AdviceRequestFactory(request=case, requested_on=decided)
    case = AssessmentRequest.objects.prefetch_related(*CASE_PREFETCH).get(pk=case.pk)
    advice = selectors.family_steps(case, today=decided + timedelta(days=21))[1]
    assert advice.state == "next" and advice.due == decided + timedelta(weeks=6)
    case.advice_requests.filter(received_on__isnull=True).update(
        received_on=decided + timedelta(days=25)
    )
    case = AssessmentRequest.objects.prefetch_related(*CASE_PREFETCH).get(pk=case.pk)
    advice = selectors.family_steps(case, today=decided + timedelta(days=26))[1]
    assert advice.state == "done" and advice.done_on == decided + timedelta(days=25)


def test_a_refusal_leaves_the_later_steps_not_needed():
    rows = steps(
        RECEIVED + timedelta(weeks=8),
        decision_to_assess=Decision.NO,
        decision_on=RECEIVED + timedelta(days=35),
    )
    assert [state for state, *_ in rows] == ["done"] + ["not_needed"] * 4


def test_the_draft_plans_fifteen_days_run_from_the_day_it_is_sent():
    """reg 13(1): at least 15 days, beginning with the day the draft is served."""
    served = RECEIVED + timedelta(weeks=15)
    rows = steps(
        served + timedelta(days=3),
        decision_to_assess=Decision.YES,
        decision_on=RECEIVED + timedelta(days=30),
        decision_to_issue=Decision.YES,
        issue_decision_on=served - timedelta(days=3),
        draft_served_on=served,
    )
    assert rows[3] == ("next", served + timedelta(days=14), None)
    assert rows[4][0] == "upcoming"


def test_a_withdrawn_request_has_nothing_happening_now():
    rows = steps(RECEIVED + timedelta(days=10), withdrawn_on=RECEIVED + timedelta(days=5))
    assert "next" not in [state for state, *_ in rows]
