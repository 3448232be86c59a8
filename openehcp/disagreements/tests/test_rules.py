"""The rules a disagreement keeps (CFA 2014 s51-s55; HESC Rules r.20; regs 44-45), checked by the
services: all or nothing, every problem named by field."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from openehcp.disagreements import services
from openehcp.disagreements.models import AppealableDecision, Disagreement
from openehcp.web.locking import EditConflict
from tests.factories import EHCPlanFactory, UserFactory

from .factories import DisagreementFactory, refused_request

pytestmark = pytest.mark.django_db

TODAY = date.today()


def _errors(call) -> dict:
    with pytest.raises(ValidationError) as raised:
        call()
    return raised.value.message_dict


def test_refusal_to_assess_is_recorded_against_the_refused_request():
    request = refused_request()
    user = request.child.caseworker
    d = services.record_disagreement(
        child=request.child,
        user=user,
        decision=AppealableDecision.NOT_TO_ASSESS,
        request=request,
        decision_on=request.decision_on,
    )
    assert d.created_by == user and d.changed_by == user
    assert d.history.count() == 1


def test_a_request_with_no_refusal_cannot_be_disputed_as_a_refusal_to_assess():
    request = refused_request()
    request.decision_to_assess = "yes"
    request.save()
    errors = _errors(
        lambda: services.record_disagreement(
            child=request.child,
            user=request.child.caseworker,
            decision=AppealableDecision.NOT_TO_ASSESS,
            request=request,
            decision_on=request.decision_on,
        )
    )
    assert errors == {"request": ["That request has no decision not to assess recorded"]}
    assert not Disagreement.objects.exists()


def test_another_childs_plan_is_refused():
    request = refused_request()
    other_plan = EHCPlanFactory()
    errors = _errors(
        lambda: services.record_disagreement(
            child=request.child,
            user=request.child.caseworker,
            decision=AppealableDecision.PLAN_CONTENTS,
            plan=other_plan,
            decision_on=TODAY,
        )
    )
    assert errors["plan"] == ["Choose one of this child's plans"]


def _update(d, **changes):
    return services.update_disagreement(
        disagreement=d, version=d.version, user=d.child.caseworker, **changes
    )


def test_dates_must_follow_each_other():
    d = DisagreementFactory()
    errors = _errors(
        lambda: _update(
            d,
            adviser_contacted_on=d.decision_on - timedelta(days=1),
            mediation_wanted=True,
            council_told_on=d.decision_on - timedelta(days=2),
        )
    )
    assert set(errors) == {"adviser_contacted_on", "council_told_on"}
    assert "before the decision was sent" in errors["adviser_contacted_on"][0]


def test_future_dates_are_refused():
    d = DisagreementFactory()
    errors = _errors(lambda: _update(d, adviser_contacted_on=TODAY + timedelta(days=1)))
    assert errors == {"adviser_contacted_on": ["The date must be today or in the past"]}


def test_an_appeal_needs_a_mediation_certificate_first():
    """CFA 2014 s55: no appeal without a mediation adviser's certificate."""
    d = DisagreementFactory()
    errors = _errors(lambda: _update(d, appeal_lodged_on=d.decision_on + timedelta(days=10)))
    assert "mediation certificate first" in errors["appeal_lodged_on"][0]
    d.refresh_from_db()
    assert d.appeal_lodged_on is None and d.version == 1  # nothing half-saved


def test_an_appeal_only_about_the_setting_named_needs_no_certificate():
    """CFA 2014 s55: not for an appeal only about the school or institution named in section I."""
    plan = EHCPlanFactory(made_on=TODAY - timedelta(days=30))
    d = services.record_disagreement(
        child=plan.child,
        user=plan.child.caseworker,
        decision=AppealableDecision.NAMED_SETTING,
        plan=plan,
        decision_on=plan.made_on,
    )
    d = _update(d, appeal_lodged_on=TODAY - timedelta(days=2))
    assert d.appeal_lodged_on == TODAY - timedelta(days=2)


def test_mediation_steps_need_the_family_to_want_mediation():
    d = DisagreementFactory()
    errors = _errors(
        lambda: _update(
            d,
            adviser_contacted_on=d.decision_on + timedelta(days=3),
            mediation_wanted=False,
            mediation_on=d.decision_on + timedelta(days=10),
        )
    )
    assert list(errors) == ["mediation_on"]


def test_an_upheld_appeal_needs_what_the_council_must_do_and_when():
    d = DisagreementFactory(
        adviser_contacted_on=TODAY - timedelta(days=30),
        mediation_wanted=False,
        certificate_on=TODAY - timedelta(days=28),
        appeal_lodged_on=TODAY - timedelta(days=20),
    )
    errors = _errors(lambda: _update(d, appeal_outcome="upheld"))
    assert errors == {"order": ["Choose what the council must now do"]}
    errors = _errors(lambda: _update(d, appeal_outcome="upheld", order="make_plan"))
    # A refusal to assess: the Tribunal orders an assessment, not a plan.
    assert errors["order"] == [
        "That is not something the Tribunal orders for this kind of decision"
    ]
    d = _update(d, appeal_outcome="upheld", order="assess", order_on=TODAY - timedelta(days=1))
    assert d.order == "assess"


def test_a_withdrawn_appeal_leaves_nothing_to_do():
    d = DisagreementFactory(
        adviser_contacted_on=TODAY - timedelta(days=30),
        mediation_wanted=False,
        certificate_on=TODAY - timedelta(days=28),
        appeal_lodged_on=TODAY - timedelta(days=20),
    )
    errors = _errors(lambda: _update(d, appeal_outcome="withdrawn", order="assess", order_on=TODAY))
    assert "leaves the council something to do" in errors["order"][0]


def test_conceding_an_appeal_against_ceasing_cannot_cease_the_plan():
    """reg 45: an unopposed appeal against ceasing means the plan continues."""
    plan = EHCPlanFactory(made_on=TODAY - timedelta(days=400))
    d = Disagreement.objects.create(
        child=plan.child,
        plan=plan,
        decision=AppealableDecision.CEASE,
        decision_on=TODAY - timedelta(days=60),
        adviser_contacted_on=TODAY - timedelta(days=50),
        mediation_wanted=False,
        certificate_on=TODAY - timedelta(days=48),
        appeal_lodged_on=TODAY - timedelta(days=40),
    )
    errors = _errors(lambda: _update(d, appeal_outcome="conceded", order="cease", order_on=TODAY))
    assert "plan continues" in errors["order"][0] or "leaves the council" in errors["order"][0]


def test_a_stale_form_is_refused_and_nothing_is_saved():
    d = DisagreementFactory()
    _update(d, notes="First")
    other = UserFactory()
    with pytest.raises(EditConflict):
        services.update_disagreement(disagreement=d, version=1, user=other, notes="Second")
    d.refresh_from_db()
    assert d.notes == "First"
