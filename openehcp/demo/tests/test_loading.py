"""Loading the demo: the same seed gives the same data; loading twice never duplicates; the
command prints what it loaded and refuses a production database."""

from datetime import date

import pytest
from django.core.management import CommandError, call_command

from openehcp.accounts.models import User
from openehcp.assessments.models import AdviceRequest, AssessmentRequest
from openehcp.demo.generator import load_demo
from openehcp.demo.models import DemoDataset
from openehcp.establishments.models import Establishment
from openehcp.people.models import Child, Contact
from openehcp.plans.models import EHCPlan
from openehcp.reviews.models import AnnualReview

TODAY = date(2026, 11, 27)


def _fingerprint() -> list:
    return [
        list(
            Child.objects.order_by("pk").values_list(
                "forename", "surname", "date_of_birth", "upn", "nhs_number", "postcode"
            )
        ),
        list(Contact.objects.order_by("pk").values_list("name", "email", "interpreter_language")),
        list(
            AssessmentRequest.objects.order_by("pk").values_list(
                "reference", "received_on", "decision_on", "draft_served_on", "final_issued_on"
            )
        ),
        list(AdviceRequest.objects.order_by("pk").values_list("advisor_type", "received_on")),
        list(EHCPlan.objects.order_by("pk").values_list("made_on", "ceased_on", "cease_reason")),
        list(AnnualReview.objects.order_by("pk").values_list("meeting_on", "decision_on")),
    ]


# -- determinism and idempotency ------------------------------------------------------------------


@pytest.mark.django_db
def test_same_seed_gives_the_same_data_and_another_seed_different_data():
    load_demo(children=40, seed=11, today=TODAY)
    first = _fingerprint()
    load_demo(children=40, seed=11, today=TODAY, reset=True)
    assert _fingerprint() == first
    load_demo(children=40, seed=12, today=TODAY, reset=True)
    assert _fingerprint() != first


@pytest.mark.django_db
def test_loading_twice_with_the_same_options_adds_nothing():
    first = load_demo(children=30, seed=3, today=TODAY)

    def counts():
        return (Child.objects.count(), AssessmentRequest.objects.count(), User.objects.count())

    before = counts()
    again = load_demo(children=30, seed=3, today=TODAY)
    assert again.skipped and not first.skipped
    assert counts() == before
    assert DemoDataset.objects.count() == 1


@pytest.mark.django_db
def test_loading_other_options_replaces_the_data_instead_of_adding_to_it():
    load_demo(children=30, seed=3, today=TODAY)
    load_demo(children=20, seed=3, today=TODAY)
    assert EHCPlan.objects.count() == 20
    assert DemoDataset.objects.count() == 1
    assert Establishment.objects.values("urn").distinct().count() == Establishment.objects.count()


@pytest.mark.django_db
def test_a_load_cut_short_is_wiped_by_the_next_one():
    load_demo(children=20, seed=3, today=TODAY)
    DemoDataset.objects.update(finished_at=None)
    result = load_demo(children=20, seed=3, today=TODAY)
    assert not result.skipped and EHCPlan.objects.count() == 20


@pytest.mark.django_db
def test_children_the_demo_did_not_load_are_kept_unless_reset_is_asked_for():
    load_demo(children=10, seed=3, today=TODAY)
    DemoDataset.objects.all().delete()
    with pytest.raises(ValueError, match="--reset"):
        load_demo(children=10, seed=3, today=TODAY)
    assert EHCPlan.objects.count() == 10
    load_demo(children=10, seed=3, today=TODAY, reset=True)
    assert EHCPlan.objects.count() == 10


# -- the command ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_command_prints_a_summary_and_the_demo_logins(capsys):
    call_command("demo", children=15, seed=5, today=TODAY)
    out = capsys.readouterr().out
    assert "rows/s" in out and "Demo logins" in out and "senco" in out
    call_command("demo", children=15, seed=5, today=TODAY)
    assert "already loaded" in capsys.readouterr().out
    assert EHCPlan.objects.count() == 15


@pytest.mark.django_db
def test_command_refuses_a_production_database(settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="demo and test databases"):
        call_command("demo", children=5)
    assert not Child.objects.exists()


@pytest.mark.django_db
def test_command_rejects_an_impossible_date():
    with pytest.raises(CommandError, match="--today"):
        call_command("demo", "--today", "2026-02-30")


@pytest.mark.django_db
def test_records_created_after_a_load_get_fresh_ids():
    load_demo(children=10, seed=3, today=TODAY)
    child = Child.objects.first()
    highest = Child.objects.order_by("-pk").first().pk
    new = Child.objects.create(
        forename="New", surname="Entry", date_of_birth=date(2015, 5, 5), caseworker=child.caseworker
    )
    assert new.pk > highest
    plan = EHCPlan.objects.create(child=new, made_on=TODAY)
    assert plan.pk > EHCPlan.objects.exclude(pk=plan.pk).order_by("-pk").first().pk
