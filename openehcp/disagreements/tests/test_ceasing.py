"""The disagreement about ceasing is the one record of the appeal against ceasing: recording it
links the ceasing record, keeps its appeal fields in step, moves the day the plan may end (reg
31(3)), and the reviews page leads to it. Existing appeals on ceasing records are carried over."""

import importlib
from datetime import timedelta

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.urls import reverse

from openehcp import clock
from openehcp.accounts.models import Role
from openehcp.disagreements import services
from openehcp.disagreements.models import Disagreement
from openehcp.portal.tests.factories import decide_ceasing, issued_plan, propose_ceasing, today
from openehcp.reviews import services as review_services
from openehcp.reviews.models import AppealOutcome, Cessation
from openehcp.reviews.services.ceasing import earliest_end
from openehcp.reviews.services.common import WorkflowError
from tests.factories import ChildFactory, UserFactory

pytestmark = pytest.mark.django_db


def decided(days_ago: int = 20) -> Cessation:
    cessation = decide_ceasing(propose_ceasing(issued_plan(ChildFactory(), made_days_ago=400)))
    Cessation.objects.filter(pk=cessation.pk).update(decision_on=today() - timedelta(days=days_ago))
    return Cessation.objects.select_related("plan__child").get(pk=cessation.pk)


def disagree(cessation, **steps) -> Disagreement:
    return services.record_disagreement(
        child=cessation.plan.child,
        user=cessation.plan.child.caseworker,
        decision="cease",
        plan=cessation.plan,
        decision_on=cessation.decision_on,
        **steps,
    )


def change(d: Disagreement, **steps) -> Disagreement:
    return services.update_disagreement(
        disagreement=d, version=d.version, user=d.child.caseworker, **steps
    )


def test_a_disagreement_about_ceasing_links_the_decision_and_copies_the_appeal():
    cessation = decided()
    d = disagree(
        cessation,
        adviser_contacted_on=cessation.decision_on + timedelta(days=2),
        mediation_wanted=False,
        certificate_on=cessation.decision_on + timedelta(days=4),
        appeal_lodged_on=cessation.decision_on + timedelta(days=10),
    )
    assert d.cessation == cessation
    before = cessation.version
    cessation.refresh_from_db()
    assert cessation.appeal_lodged_on == d.appeal_lodged_on
    assert cessation.version > before  # a ceasing form opened before is refused
    assert earliest_end(cessation) is None  # not while the appeal runs

    change(d, appeal_outcome="upheld", order="continue", order_on=today() - timedelta(days=1))
    cessation.refresh_from_db()
    assert cessation.appeal_outcome == AppealOutcome.UPHELD
    assert cessation.appeal_ended_on == today() - timedelta(days=1)
    assert not cessation.is_open  # the plan continues
    assert cessation.history.first().appeal_outcome == AppealOutcome.UPHELD


def test_a_withdrawn_appeal_lets_the_plan_cease_from_the_day_it_ended():
    cessation = decided(days_ago=40)
    d = disagree(
        cessation,
        adviser_contacted_on=cessation.decision_on + timedelta(days=2),
        mediation_wanted=False,
        certificate_on=cessation.decision_on + timedelta(days=4),
        appeal_lodged_on=cessation.decision_on + timedelta(days=10),
    )
    ended = today() - timedelta(days=3)
    change(d, appeal_outcome="withdrawn", order="cease", order_on=ended)
    cessation.refresh_from_db()
    assert (cessation.appeal_outcome, cessation.appeal_ended_on) == (AppealOutcome.DISMISSED, ended)
    assert earliest_end(cessation) == ended


def test_a_mediation_certificate_moves_the_first_day_the_plan_may_end():
    """HESC Rules r.20: 1 month from the certificate when that is later; reg 31(3)."""
    cessation = decided(days_ago=50)
    without = earliest_end(cessation)
    certificate = today() - timedelta(days=1)
    disagree(
        cessation,
        adviser_contacted_on=cessation.decision_on + timedelta(days=20),
        mediation_wanted=True,
        council_told_on=cessation.decision_on + timedelta(days=20),
        mediation_on=cessation.decision_on + timedelta(days=45),
        mediation_outcome="not_agreed",
        certificate_on=certificate,
    )
    cessation.refresh_from_db()
    assert earliest_end(cessation) == clock.earliest_cease_date(cessation.decision_on, certificate)
    assert earliest_end(cessation) > without


def test_the_plan_cannot_cease_while_mediation_runs():
    cessation = decided(days_ago=80)
    disagree(
        cessation,
        adviser_contacted_on=cessation.decision_on + timedelta(days=20),
        mediation_wanted=True,
    )
    cessation.refresh_from_db()
    assert earliest_end(cessation) is None
    with pytest.raises(WorkflowError, match="mediation"):
        review_services.record_plan_ceased(
            cessation=cessation,
            version=cessation.version,
            user=cessation.plan.child.caseworker,
            ceased_on=today(),
        )


def test_the_decision_date_must_be_the_ceasing_decision_s():
    cessation = decided()
    with pytest.raises(ValidationError) as refused:
        services.record_disagreement(
            child=cessation.plan.child,
            user=cessation.plan.child.caseworker,
            decision="cease",
            plan=cessation.plan,
            decision_on=cessation.decision_on - timedelta(days=1),
        )
    assert "decision_on" in refused.value.message_dict
    assert not Disagreement.objects.exists()


def test_correcting_the_decision_unlinks_the_ceasing_record_and_clears_its_copy():
    cessation = decided()
    d = disagree(
        cessation,
        adviser_contacted_on=cessation.decision_on + timedelta(days=1),
        mediation_wanted=False,
        certificate_on=cessation.decision_on + timedelta(days=2),
        appeal_lodged_on=cessation.decision_on + timedelta(days=3),
    )
    change(d, decision="not_to_amend")
    cessation.refresh_from_db()
    d.refresh_from_db()
    assert d.cessation is None
    assert cessation.appeal_lodged_on is None


def test_appeals_recorded_on_ceasing_records_become_linked_disagreements():
    migration = importlib.import_module("openehcp.disagreements.migrations.0003_cessation_appeals")
    cessation = decided(days_ago=100)
    lodged, ended = cessation.decision_on + timedelta(days=30), today() - timedelta(days=2)
    Cessation.objects.filter(pk=cessation.pk).update(
        appeal_lodged_on=lodged, appeal_ended_on=ended, appeal_outcome=AppealOutcome.DISMISSED
    )
    running = decided(days_ago=60)
    Cessation.objects.filter(pk=running.pk).update(appeal_lodged_on=today() - timedelta(days=9))
    untouched = decided(days_ago=10)

    migration.forwards(apps, None)
    migration.forwards(apps, None)  # once only

    d = Disagreement.objects.get(cessation=cessation)
    assert (d.decision, d.plan, d.decision_on) == ("cease", cessation.plan, cessation.decision_on)
    assert (d.appeal_lodged_on, d.appeal_outcome, d.order, d.order_on) == (
        lodged,
        "dismissed",
        "cease",
        ended,
    )
    assert "no mediation certificate" in d.notes
    open_appeal = Disagreement.objects.get(cessation=running)
    assert (open_appeal.appeal_outcome, open_appeal.order, open_appeal.order_on) == ("", "", None)
    assert not Disagreement.objects.filter(cessation=untouched).exists()
    assert Disagreement.objects.count() == 2


def test_the_reviews_page_leads_to_the_disagreement_for_the_appeal(client):
    cessation = decided()
    caseworker = cessation.plan.child.caseworker
    client.force_login(caseworker)
    go = reverse("reviews:cease_appeal", args=[cessation.pk])
    new = reverse("disagreements:new", args=[cessation.plan.child_id])
    page = client.get(reverse("reviews:plan", args=[cessation.plan.pk])).text
    assert go in page
    response = client.get(go)
    assert response.url == f"{new}?cessation={cessation.pk}"
    form = client.get(response.url).context["form"]
    assert form.initial == {
        "decision": "cease",
        "plan": cessation.plan_id,
        "decision_on": cessation.decision_on,
    }
    d = disagree(cessation)
    assert client.get(go).url == d.get_absolute_url()
    assert (
        d.get_absolute_url() in client.get(reverse("reviews:plan", args=[cessation.plan.pk])).text
    )


def test_only_council_staff_are_led_to_the_appeal(client):
    cessation = decided()
    client.force_login(UserFactory(role=Role.SETTING_STAFF))
    assert client.get(reverse("reviews:cease_appeal", args=[cessation.pk])).status_code in (
        403,
        404,
    )
