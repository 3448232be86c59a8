"""The family's own disagreement in the portal ("Mediation and appeal"): the dates that matter
to them, from the clock, in plain words - contacting the mediation adviser, the certificate, the
last day to appeal counted from the certificate when that is later, the hearing, and the day the
council must carry out the Tribunal's order - and never the council's notes. Refused for another
family's child and for staff; each disagreement shown is in the access log."""

from datetime import timedelta

import pytest
from django.utils import timezone

from openehcp import clock
from openehcp.accounts.models import Role
from openehcp.accounts.policy import family_disagreements
from openehcp.audit.models import AccessLog
from openehcp.disagreements import services as disagreement_services
from openehcp.disagreements.deadlines import comply_by
from openehcp.disagreements.models import Disagreement
from openehcp.disagreements.tests.factories import DisagreementFactory, refused_request
from openehcp.portal import selectors
from tests.factories import UserFactory

from .factories import decide_ceasing, issued_plan, parent_of, propose_ceasing, url, young_person

pytestmark = pytest.mark.django_db

SECRET = "Internal: the family's solicitor is difficult."


def today():
    return timezone.localdate()


def long(day) -> str:
    return f"{day.day} {day:%B %Y}"


def refused(child, *, days_ago: int = 10, **steps) -> Disagreement:
    """The family disputes the refusal to assess, sent ``days_ago`` days ago."""
    request = refused_request(child=child, decision_on=today() - timedelta(days=days_ago))
    return DisagreementFactory(
        request=request, child=child, decision_on=request.decision_on, notes=SECRET, **steps
    )


def page(client, child) -> str:
    response = client.get(url("case", child))
    assert response.status_code == 200
    return response.content.decode()


def section(text: str) -> str:
    return text.split('id="mediation-and-appeal"')[1]


def test_no_section_without_a_disagreement(client, family):
    _, child = family
    assert "Mediation and appeal" not in page(client, child)


def test_the_dates_to_contact_the_adviser_and_appeal_come_from_the_clock(client, family):
    parent, child = family
    d = refused(child)
    text = section(page(client, child))
    contact = clock.mediation_deadlines(d.decision_on)[0]
    appeal = clock.appeal_deadline(d.decision_on)
    assert "The decision not to carry out an EHC needs assessment" in text
    assert f"By <strong>{long(contact.due)}</strong>" in text
    assert f"By <strong>{long(appeal.due)}</strong>" in text
    assert "Time to appeal" in text
    assert clock.rules.SUPPORT in text
    assert SECRET not in text and "solicitor" not in text
    assert AccessLog.objects.filter(user=parent, object_id=d.pk, path=url("case", child)).exists()


def test_after_a_certificate_the_appeal_is_counted_from_it(client, family):
    """HESC Rules r.20: 1 month from the certificate when that is later than 2 months."""
    _, child = family
    decided = today() - timedelta(days=55)
    certificate = today() - timedelta(days=2)
    d = refused(
        child,
        days_ago=55,
        adviser_contacted_on=decided + timedelta(days=5),
        mediation_wanted=True,
        council_told_on=decided + timedelta(days=6),
        mediation_on=decided + timedelta(days=30),
        mediation_outcome="not_agreed",
        certificate_on=certificate,
    )
    text = section(page(client, child))
    appeal = clock.appeal_deadline(d.decision_on, certificate)
    assert appeal.due > clock.appeal_deadline(d.decision_on).due
    assert f"By <strong>{long(appeal.due)}</strong>" in text
    assert "1 month from your mediation certificate" in text
    assert f"Done on {long(certificate)}" in text
    assert f"Done on {long(decided + timedelta(days=30))}" in text  # the mediation
    assert "No agreement" in text


def test_a_passed_date_says_what_the_family_can_do(client, family):
    _, child = family
    refused(child, days_ago=200)
    text = section(page(client, child))
    assert "Date passed" in text
    assert clock.appeal_deadline(today()).rule.if_missed.split(":")[0] in text


def test_the_hearing_and_after_an_order_the_day_the_council_must_carry_it_out(client, family):
    _, child = family
    decided = today() - timedelta(days=120)
    d = refused(
        child,
        days_ago=120,
        adviser_contacted_on=decided + timedelta(days=3),
        mediation_wanted=False,
        certificate_on=decided + timedelta(days=5),
        appeal_lodged_on=decided + timedelta(days=20),
        tribunal_reference="EH123/45/67",
        hearing_on=today() - timedelta(days=10),
        appeal_outcome="upheld",
        order="assess",
        order_on=today() - timedelta(days=3),
    )
    text = section(page(client, child))
    assert f"On {long(d.hearing_on)}" in text
    assert "EH123/45/67" in text
    assert "The Tribunal agreed with you (appeal upheld)" in text
    assert "The council carries out the Tribunal’s decision" in text
    assert f"By <strong>{long(comply_by(d))}</strong>" in text
    assert "The council is carrying out the Tribunal’s decision" in text


def test_ceasing_counts_the_appeal_from_the_certificate_and_points_to_the_section(client, family):
    _, child = family
    cessation = decide_ceasing(propose_ceasing(issued_plan(child)))
    decided = cessation.decision_on
    disagreement_services.record_disagreement(
        child=child,
        user=child.caseworker,
        decision="cease",
        plan=cessation.plan,
        decision_on=decided,
        adviser_contacted_on=decided,
        mediation_wanted=False,
        certificate_on=decided,
    )
    text = page(client, child)
    ceasing = text.split("Ceasing")[1].split('id="mediation-and-appeal"')[0]
    # A certificate the same day: 2 months from the decision is still the later date.
    assert f"until <strong>{long(clock.appeal_deadline(decided, decided).due)}</strong>" in ceasing
    assert 'href="#mediation-and-appeal"' in ceasing
    assert "The decision to stop (cease) the EHC plan" in section(text)


def test_ceasing_while_mediation_runs_has_no_end_date(client, family):
    _, child = family
    cessation = decide_ceasing(propose_ceasing(issued_plan(child)))
    disagreement_services.record_disagreement(
        child=child,
        user=child.caseworker,
        decision="cease",
        plan=cessation.plan,
        decision_on=cessation.decision_on,
        adviser_contacted_on=cessation.decision_on,
        mediation_wanted=True,
    )
    text = page(client, child)
    assert "while mediation goes on" in text
    assert "cannot end before" not in text


def test_a_young_person_sees_their_own(client):
    user, child = young_person()
    refused(child)
    client.force_login(user)
    assert "Mediation and appeal" in page(client, child)


def test_another_familys_disagreement_is_refused(client, family):
    parent, child = family
    _, other = parent_of()
    theirs = refused(other)
    assert client.get(url("case", other)).status_code == 404
    assert not family_disagreements(parent, other).exists()
    assert selectors.disagreements_of(parent, other) == []
    # On their own child's page, nothing of the other family's.
    refused(child)
    assert theirs.pk not in [d.pk for d in selectors.disagreements_of(parent, child)]
    assert not AccessLog.objects.filter(user=parent, object_id=theirs.pk).exists()


def test_staff_get_no_family_view_of_disagreements(client):
    _, child = parent_of()
    refused(child)
    caseworker = UserFactory(role=Role.CASEWORKER)
    assert not family_disagreements(caseworker, child).exists()
    client.force_login(caseworker)
    assert client.get(url("case", child)).status_code == 403
