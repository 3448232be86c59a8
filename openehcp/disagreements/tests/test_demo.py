"""The demo council's disagreements: a realistic handful, each keeping every rule."""

from datetime import date

import pytest

from openehcp.accounts.models import Team, User
from openehcp.assessments.models import AssessmentRequest
from openehcp.demo.generator import load_demo, wipe_case_data
from openehcp.disagreements.models import Disagreement
from openehcp.disagreements.rules import problems
from openehcp.establishments.models import Establishment
from openehcp.plans.models import EHCPlan

TODAY = date(2026, 11, 27)


@pytest.fixture(scope="module")
def council(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        yield load_demo(children=600, seed=11, today=TODAY)
        wipe_case_data()
        User.objects.all().delete()
        Establishment.objects.all().delete()
        Team.objects.all().delete()


@pytest.mark.django_db
def test_a_few_decisions_go_to_mediation_and_fewer_to_the_tribunal(council):
    decisions = (
        AssessmentRequest.objects.exclude(decision_to_assess="").count()
        + EHCPlan.objects.filter(origin_request__isnull=False).count()
    )
    mediations = Disagreement.objects.filter(mediation_on__isnull=False).count()
    appeals = Disagreement.objects.filter(appeal_lodged_on__isnull=False).count()
    assert council.counts["disagreements"] == Disagreement.objects.count()
    assert 0.01 * decisions <= mediations <= 0.05 * decisions
    assert 0 < appeals < mediations + appeals
    assert appeals <= 0.03 * decisions
    assert Disagreement.objects.exclude(order="").exists()


@pytest.mark.django_db
def test_every_demo_disagreement_keeps_the_rules(council):
    for disagreement in Disagreement.objects.select_related("request", "plan"):
        assert problems(disagreement, today=TODAY) == {}, disagreement.pk
