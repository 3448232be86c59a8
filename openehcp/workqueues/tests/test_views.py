"""My work, the team view and case search as people use them: permissions first."""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from openehcp.accounts.models import Role
from openehcp.audit.models import AccessLog
from tests.factories import (
    AssessmentRequestFactory,
    ChildFactory,
    EHCPlanFactory,
    TeamFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def team():
    return TeamFactory()


@pytest.fixture
def caseworker(team):
    return UserFactory(role=Role.CASEWORKER, team=team, first_name="Casey", last_name="Worker")


@pytest.fixture
def manager(team):
    return UserFactory(role=Role.TEAM_MANAGER, team=team, first_name="Morgan", last_name="Lead")


def days_ago(n):
    return timezone.localdate() - timedelta(days=n)


def overdue_request(caseworker, surname="Overdue"):
    child = ChildFactory(caseworker=caseworker, surname=surname)
    return AssessmentRequestFactory(child=child, received_on=days_ago(50))


# --- My work ----------------------------------------------------------------------------------


def test_my_work_sends_anonymous_visitors_to_sign_in(client):
    response = client.get("/workqueue/")
    assert response.status_code == 302
    assert response["Location"].startswith("/account/sign-in")


def test_my_work_lists_the_caseworkers_own_steps_most_urgent_first(client, caseworker):
    late = overdue_request(caseworker, surname="Latecase")
    soon = ChildFactory(caseworker=caseworker, surname="Sooncase")
    AssessmentRequestFactory(child=soon, received_on=days_ago(35))
    overdue_request(UserFactory(role=Role.CASEWORKER), surname="Elsewhere")
    client.force_login(caseworker)
    response = client.get("/workqueue/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Latecase" in html and "Sooncase" in html and "Elsewhere" not in html
    assert html.index("Latecase") < html.index("Sooncase")
    assert "govuk-tag--red" in html and "Overdue" in html
    assert "Due soon" in html
    assert late.get_absolute_url() in html
    assert not AccessLog.objects.exists()  # a list is not an access to a record


def test_my_work_filters_by_step_and_shows_the_filter_as_a_removable_tag(client, caseworker):
    overdue_request(caseworker, surname="Assessme")
    plan_child = ChildFactory(caseworker=caseworker, surname="Reviewme")
    EHCPlanFactory(child=plan_child, made_on=days_ago(360))
    client.force_login(caseworker)
    response = client.get("/workqueue/", {"kind": "review_due"})
    html = response.content.decode()
    assert "Reviewme" in html and "Assessme" not in html
    assert "Selected filters" in html and "moj-filter__tag" in html


def test_my_work_rejects_an_unknown_filter_with_a_govuk_error(client, caseworker):
    client.force_login(caseworker)
    response = client.get("/workqueue/", {"kind": "nonsense"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Error: My work" in html
    assert "govuk-error-summary" in html and "Choose steps from the list" in html


def test_my_work_runs_a_fixed_number_of_queries(client, caseworker, django_assert_max_num_queries):
    for n in range(15):
        overdue_request(caseworker, surname=f"Child{n}")
    client.force_login(caseworker)
    with django_assert_max_num_queries(8):
        assert client.get("/workqueue/").status_code == 200


@pytest.mark.parametrize("role", [Role.SETTING_STAFF, Role.PARENT, Role.QA_OFFICER])
def test_my_work_is_for_people_who_hold_cases(client, role):
    client.force_login(UserFactory(role=role))
    assert client.get("/workqueue/").status_code == 403


# --- team view --------------------------------------------------------------------------------


def test_team_view_shows_each_caseworkers_caseload_and_overdue_counts(client, caseworker, manager):
    overdue_request(caseworker)
    overdue_request(caseworker, surname="Another")
    ChildFactory(caseworker=caseworker)
    client.force_login(manager)
    response = client.get("/workqueue/team/")
    assert response.status_code == 200
    loads = {load.user: load for load in response.context["caseloads"]}
    assert loads[caseworker].children == 3
    assert loads[caseworker].open_requests == 2
    assert loads[caseworker].overdue == 2
    assert loads[manager].children == 0
    assert "Casey Worker" in response.content.decode()


@pytest.mark.parametrize("role", [Role.CASEWORKER, Role.SETTING_STAFF, Role.QA_OFFICER])
def test_team_view_is_refused_to_people_who_do_not_manage_a_team(client, role):
    client.force_login(UserFactory(role=role))
    assert client.get("/workqueue/team/").status_code == 403


def test_a_service_leader_chooses_which_team_to_see(client, caseworker):
    other = UserFactory(role=Role.CASEWORKER)
    client.force_login(UserFactory(role=Role.SERVICE_LEADER))
    response = client.get("/workqueue/team/", {"team": other.team_id})
    assert [load.user for load in response.context["caseloads"]] == [other]
    assert "Show team" in response.content.decode()


def test_a_manager_cannot_open_another_teams_caseload(client, manager):
    stranger = UserFactory(role=Role.CASEWORKER)
    client.force_login(manager)
    assert client.get(f"/workqueue/team/caseworkers/{stranger.pk}/").status_code == 403


def test_a_manager_reallocates_selected_children_in_bulk(client, caseworker, manager, team):
    colleague = UserFactory(role=Role.CASEWORKER, team=team, first_name="Kit", last_name="Other")
    first, second, stays = (ChildFactory(caseworker=caseworker) for _ in range(3))
    client.force_login(manager)
    page = client.get(f"/workqueue/team/caseworkers/{caseworker.pk}/")
    assert page.status_code == 200
    assert 'data-module="moj-multi-select"' in page.content.decode()
    response = client.post(
        f"/workqueue/team/caseworkers/{caseworker.pk}/",
        {"children": [first.pk, second.pk], "to_caseworker": colleague.pk},
        follow=True,
    )
    assert "2 children reallocated to Kit Other" in response.content.decode()
    for child in (first, second, stays):
        child.refresh_from_db()
    assert first.caseworker == second.caseworker == colleague
    assert stays.caseworker == caseworker
    assert first.history.first().history_user == manager


def test_reallocation_without_a_selection_shows_errors_and_moves_nothing(
    client, caseworker, manager
):
    child = ChildFactory(caseworker=caseworker)
    client.force_login(manager)
    response = client.post(f"/workqueue/team/caseworkers/{caseworker.pk}/", {})
    html = response.content.decode()
    assert "Select the children to reallocate" in html
    assert 'href="#id_children"' in html and 'id="id_children"' in html
    assert "Choose who takes on the selected children" in html
    child.refresh_from_db()
    assert child.caseworker == caseworker


def test_a_caseworker_cannot_reallocate(client, caseworker, team):
    colleague = UserFactory(role=Role.CASEWORKER, team=team)
    child = ChildFactory(caseworker=colleague)
    client.force_login(caseworker)
    response = client.post(
        f"/workqueue/team/caseworkers/{colleague.pk}/",
        {"children": [child.pk], "to_caseworker": caseworker.pk},
    )
    assert response.status_code == 403
    child.refresh_from_db()
    assert child.caseworker == colleague


# --- search -----------------------------------------------------------------------------------


def test_search_finds_the_teams_children_and_links_to_record_and_case(client, caseworker, team):
    colleague = UserFactory(role=Role.CASEWORKER, team=team)
    child = ChildFactory(caseworker=colleague, surname="Fairweather")
    request = AssessmentRequestFactory(child=child, reference="EHC-SEARCH-1")
    ChildFactory(surname="Fairweather")  # another team's
    client.force_login(caseworker)
    response = client.get("/workqueue/search/", {"q": "fairw"})
    assert response.status_code == 200
    assert list(response.context["page"]) == [child]
    html = response.content.decode()
    assert f"/children/{child.pk}/" in html and request.get_absolute_url() in html
    assert "1 result" in html
    assert not AccessLog.objects.exists()


def test_search_never_shows_setting_staff_children_elsewhere(client):
    senco = UserFactory(role=Role.SETTING_STAFF)
    here = ChildFactory(surname="Nguyen", establishment=senco.establishment)
    ChildFactory(surname="Nguyen")
    client.force_login(senco)
    response = client.get("/workqueue/search/", {"q": "nguyen"})
    assert list(response.context["page"]) == [here]


def test_search_results_are_paginated(client, caseworker):
    for n in range(30):
        ChildFactory(caseworker=caseworker, surname=f"Pagewood{n:02d}")
    client.force_login(caseworker)
    response = client.get("/workqueue/search/", {"q": "pagewood", "page": 2})
    assert [c.surname for c in response.context["page"]] == [
        f"Pagewood{n:02d}" for n in range(25, 30)
    ]
    assert "govuk-pagination" in response.content.decode()


def test_search_rejects_a_very_long_query(client, caseworker):
    client.force_login(caseworker)
    response = client.get("/workqueue/search/", {"q": "x" * 101})
    assert "Search for 100 characters or fewer" in response.content.decode()


def test_search_is_refused_to_parents(client):
    client.force_login(UserFactory(role=Role.PARENT))
    assert client.get("/workqueue/search/", {"q": "smith"}).status_code == 403


# --- home and navigation ----------------------------------------------------------------------


def test_navigation_offers_each_page_to_whoever_may_use_it(client, caseworker, manager):
    client.force_login(caseworker)
    html = client.get("/workqueue/").content.decode()
    assert 'href="/workqueue/"' in html and 'href="/workqueue/search/"' in html
    assert 'href="/workqueue/team/"' not in html
    client.force_login(manager)
    html = client.get("/").content.decode()
    assert 'href="/workqueue/team/"' in html


def test_search_says_when_it_shows_names_that_only_resemble_the_query(client, caseworker):
    child = ChildFactory(caseworker=caseworker, surname="Richardson")
    client.force_login(caseworker)
    response = client.get("/workqueue/search/", {"q": "richarson"})
    html = response.content.decode()
    if connection.vendor == "postgresql":
        assert list(response.context["page"]) == [child]
        assert "No names match “richarson” exactly" in html
    else:
        assert "No children you can see match “richarson”" in html
