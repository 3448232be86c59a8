"""The pages as people use them: who may see and change a child's disagreements, the deadlines
shown from the clock, the step forms, the service's list and its download, and the access log."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from openehcp import clock
from openehcp.accounts.models import Role
from openehcp.audit.models import AccessLog
from openehcp.disagreements.models import Disagreement
from tests.factories import ChildFactory, EHCPlanFactory, EstablishmentFactory, UserFactory

from .factories import DisagreementFactory, refused_request

pytestmark = pytest.mark.django_db

TODAY = date.today()


@pytest.fixture
def disagreement():
    return DisagreementFactory(decision_on=TODAY - timedelta(days=10))


def _logged(user, record) -> bool:
    return AccessLog.objects.filter(user=user, object_id=record.pk).exists()


def test_caseworker_sees_the_childs_disagreements_with_the_clocks_deadlines(client, disagreement):
    caseworker = disagreement.child.caseworker
    client.force_login(caseworker)
    response = client.get(reverse("disagreements:child", args=[disagreement.child.pk]))
    assert response.status_code == 200
    assert "Record a disagreement" in response.text
    response = client.get(disagreement.get_absolute_url())
    assert response.status_code == 200
    contact = clock.mediation_deadlines(disagreement.decision_on)[0]
    appeal = clock.appeal_deadline(disagreement.decision_on)
    assert contact.rule.if_missed in response.text.replace("&#x27;", "'")
    assert f"{appeal.due:%A} {appeal.due.day} {appeal.due:%B %Y}" in response.text
    assert appeal.rule.title in response.text
    assert _logged(caseworker, disagreement)


def test_the_date_to_comply_with_a_tribunal_order_is_shown(client, disagreement):
    """reg 44(2)(b): after an order to assess, the final plan within 14 weeks of the order."""
    order_on = TODAY - timedelta(days=3)
    Disagreement.objects.filter(pk=disagreement.pk).update(
        adviser_contacted_on=disagreement.decision_on,
        mediation_wanted=False,
        certificate_on=disagreement.decision_on + timedelta(days=1),
        appeal_lodged_on=disagreement.decision_on + timedelta(days=2),
        appeal_outcome="upheld",
        order="assess",
        order_on=order_on,
    )
    client.force_login(disagreement.child.caseworker)
    response = client.get(disagreement.get_absolute_url())
    due = max(d.due for d in clock.tribunal_order_deadlines(order_on, "assess"))
    assert f"must carry out the order by <strong>{due:%A} {due.day} {due:%B %Y}" in response.text
    assert clock.ORDER_RULES[("order_notify", False)].if_missed in response.text.replace(
        "&#x27;", "'"
    )


def test_another_teams_caseworker_is_refused(client, disagreement):
    stranger = UserFactory(role=Role.CASEWORKER)
    client.force_login(stranger)
    for url in (
        reverse("disagreements:child", args=[disagreement.child.pk]),
        disagreement.get_absolute_url(),
        reverse("disagreements:step", args=[disagreement.pk, "mediation"]),
        reverse("disagreements:new", args=[disagreement.child.pk]),
    ):
        assert client.get(url).status_code == 403
    assert not _logged(stranger, disagreement)


def test_setting_staff_of_the_childs_own_setting_see_no_disagreement(client, disagreement):
    """They may read the child's case, but mediation and appeals are the council's own dealings."""
    child = disagreement.child
    child.establishment = EstablishmentFactory()
    child.save()
    senco = UserFactory(role=Role.SETTING_STAFF, establishment=child.establishment)
    client.force_login(senco)
    record = client.get(reverse("people:detail", args=[child.pk]))
    assert record.status_code == 200
    assert reverse("disagreements:child", args=[child.pk]) not in record.text
    for url in (
        reverse("disagreements:child", args=[child.pk]),
        disagreement.get_absolute_url(),
    ):
        assert client.get(url).status_code == 403


def test_quality_assurance_reads_but_cannot_change(client, disagreement):
    qa = UserFactory(role=Role.QA_OFFICER)
    client.force_login(qa)
    response = client.get(disagreement.get_absolute_url())
    assert response.status_code == 200
    assert "Change" not in response.text
    step = reverse("disagreements:step", args=[disagreement.pk, "mediation"])
    assert client.get(step).status_code == 403
    assert client.post(step, {"version": 1}).status_code == 403
    response = client.get(reverse("disagreements:child", args=[disagreement.child.pk]))
    assert "Record a disagreement" not in response.text


def test_caseworkers_and_qa_do_not_get_the_service_list(client):
    for role in (Role.CASEWORKER, Role.QA_OFFICER, Role.ADMINISTRATOR):
        client.force_login(UserFactory(role=role))
        assert client.get(reverse("disagreements:list")).status_code == 403
        assert client.get(reverse("disagreements:list_csv")).status_code == 403


def _date(prefix: str, day: date) -> dict:
    return {f"{prefix}-day": day.day, f"{prefix}-month": day.month, f"{prefix}-year": day.year}


def test_recording_a_disagreement_about_a_plan_step_by_step(client):
    plan = EHCPlanFactory(made_on=TODAY - timedelta(days=40))
    caseworker = plan.child.caseworker
    client.force_login(caseworker)
    response = client.post(
        reverse("disagreements:new", args=[plan.child.pk]),
        {"decision": "plan_contents", "plan": plan.pk, **_date("decision_on", plan.made_on)},
    )
    d = Disagreement.objects.get()
    assert response.status_code == 302 and response.url == d.get_absolute_url()
    step = reverse("disagreements:step", args=[d.pk, "mediation"])
    response = client.post(
        step,
        {
            "version": d.version,
            **_date("adviser_contacted_on", TODAY - timedelta(days=30)),
            "mediation_wanted": "yes",
            **_date("council_told_on", TODAY - timedelta(days=29)),
            "mediation_outcome": "none",
        },
    )
    assert response.status_code == 302
    d.refresh_from_db()
    assert d.mediation_wanted is True and d.council_told_on == TODAY - timedelta(days=29)
    # The council must arrange mediation within 30 days of being told (reg 37).
    response = client.get(d.get_absolute_url())
    assert "Mediation held" in response.text
    # The family contacted the adviser within the 2 months (reg 33): done, not "period ended".
    assert "Done on time" in response.text and "Period ended" not in response.text


def test_an_appeal_without_a_certificate_is_refused_on_the_form(client, disagreement):
    client.force_login(disagreement.child.caseworker)
    response = client.post(
        reverse("disagreements:step", args=[disagreement.pk, "appeal"]),
        {"version": disagreement.version, **_date("appeal_lodged_on", TODAY)},
    )
    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert "mediation certificate first" in response.text
    disagreement.refresh_from_db()
    assert disagreement.appeal_lodged_on is None


def test_a_second_editor_is_told_and_keeps_what_they_typed(client, disagreement):
    client.force_login(disagreement.child.caseworker)
    url = reverse("disagreements:step", args=[disagreement.pk, "decision"])
    first = {
        "version": 1,
        "decision": "not_to_assess",
        "request": disagreement.request.pk,
        **_date("decision_on", disagreement.decision_on),
    }
    assert client.post(url, {**first, "notes": "Mine"}).status_code == 302
    response = client.post(url, {**first, "notes": "Theirs"})
    assert response.status_code == 200
    assert "while you were editing" in response.text or "changed by you" in response.text
    assert "Theirs" in response.text
    disagreement.refresh_from_db()
    assert disagreement.notes == "Mine"


def test_service_list_shows_the_teams_open_disagreements_overdue_first(client):
    manager = UserFactory(role=Role.TEAM_MANAGER)
    worker = UserFactory(role=Role.CASEWORKER, team=manager.team)
    mine = ChildFactory(caseworker=worker, surname="Ours")
    overdue = DisagreementFactory(
        request=refused_request(child=mine),
        decision_on=TODAY - timedelta(days=60),
        adviser_contacted_on=TODAY - timedelta(days=50),
        mediation_wanted=True,
        council_told_on=TODAY - timedelta(days=45),  # mediation was due 15 days ago
    )
    later = DisagreementFactory(
        request=refused_request(child=mine), decision_on=TODAY - timedelta(days=5)
    )
    DisagreementFactory(decision_on=TODAY - timedelta(days=5))  # another team's child
    client.force_login(manager)
    response = client.get(reverse("disagreements:list"))
    assert response.status_code == 200
    text = response.text
    assert text.count("Ours") == 2
    assert text.index(overdue.get_absolute_url()) < text.index(later.get_absolute_url())
    assert "Overdue" in text
    response = client.get(reverse("disagreements:list"), {"stage": "mediation"})
    assert overdue.get_absolute_url() in response.text
    assert later.get_absolute_url() not in response.text
    response = client.get(reverse("disagreements:list_csv"))
    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode().splitlines()
    assert len(lines) == 3 and ",yes," in lines[1]
    assert AccessLog.objects.filter(user=manager, action="export").count() == 2


def test_child_record_links_to_its_disagreements(client, disagreement):
    client.force_login(disagreement.child.caseworker)
    response = client.get(reverse("people:detail", args=[disagreement.child.pk]))
    assert reverse("disagreements:child", args=[disagreement.child.pk]) in response.text


def test_mediation_running_past_two_months_stays_on_the_service_list(client):
    """Until the certificate is issued the family's time to appeal can still run (1 month from
    the certificate, HESC r.20), so the disagreement is still open."""
    leader = UserFactory(role=Role.SERVICE_LEADER)
    d = DisagreementFactory(
        decision_on=TODAY - timedelta(days=200),
        adviser_contacted_on=TODAY - timedelta(days=150),
        mediation_wanted=True,
        council_told_on=TODAY - timedelta(days=149),
    )
    closed = DisagreementFactory(decision_on=TODAY - timedelta(days=200))
    client.force_login(leader)
    response = client.get(reverse("disagreements:list"))
    assert d.get_absolute_url() in response.text
    assert closed.get_absolute_url() not in response.text


def test_changes_show_on_the_childs_history_page(client, disagreement):
    caseworker = disagreement.child.caseworker
    client.force_login(caseworker)
    url = reverse("disagreements:step", args=[disagreement.pk, "appeal"])
    Disagreement.objects.filter(pk=disagreement.pk).update(
        adviser_contacted_on=disagreement.decision_on, certificate_on=disagreement.decision_on
    )
    response = client.post(url, {"version": 1, **_date("appeal_lodged_on", TODAY)})
    assert response.status_code == 302
    response = client.get(reverse("audit:child_history", args=[disagreement.child.pk]))
    assert "Disagreement: Refusal to carry out an EHC needs assessment" in response.text
