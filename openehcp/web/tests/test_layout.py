"""The base layout: header, service navigation, the user's name and role, footer, page titles."""

import pytest
from django.test import RequestFactory
from pytest_django.asserts import assertContains, assertInHTML, assertNotContains

from openehcp.accounts.models import Role
from openehcp.web import navigation
from openehcp.web.navigation import NavEntry, navigation_for
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def caseworker(client):
    user = UserFactory(role=Role.CASEWORKER, first_name="Priya", last_name="Raman")
    client.force_login(user)
    return user


def test_every_page_has_skip_link_council_header_phase_banner_and_footer(client, settings):
    settings.COUNCIL_NAME = "Example Borough Council"
    response = client.get("/account/sign-in")
    assertContains(
        response,
        '<a href="#main-content" class="govuk-skip-link" data-module="govuk-skip-link">'
        "Skip to main content</a>",
        html=True,
    )
    assertContains(response, 'id="main-content"')
    assertInHTML(
        '<a href="/" class="govuk-generic-header__homepage-link">Example Borough Council</a>',
        response.text,
    )
    assertContains(response, "govuk-phase-banner")
    assertContains(
        response,
        '<a class="govuk-footer__link" href="/accessibility">Accessibility statement</a>',
        html=True,
    )
    assertContains(
        response, '<a class="govuk-footer__link" href="/privacy">Privacy notice</a>', html=True
    )
    # The council is not GOV.UK: no crown, no GOV.UK logotype.
    assertNotContains(response, "govuk-header__logotype")
    assertNotContains(response, "govuk-footer__crown")


def test_people_not_signed_in_see_no_navigation_and_no_account(client):
    response = client.get("/account/sign-in")
    assertNotContains(response, 'id="navigation"')
    assertNotContains(response, "Sign out")


def test_signed_in_user_sees_their_name_role_and_sign_out(client, caseworker):
    response = client.get("/")
    assertContains(response, "Priya Raman")
    assertInHTML('<span class="app-account__role">Caseworker</span>', response.text)
    assertContains(response, 'action="/account/sign-out"')
    assertContains(response, "csrfmiddlewaretoken")


def test_sign_out_is_a_post_that_ends_the_session(client, caseworker):
    response = client.post("/account/sign-out")
    assert response.status_code == 302
    assert client.get("/").status_code == 302


def test_home_is_marked_as_the_current_page(client, caseworker):
    assertInHTML(
        """
        <li class="govuk-service-navigation__item govuk-service-navigation__item--active">
          <a class="govuk-service-navigation__link" href="/" aria-current="page">
            <strong class="govuk-service-navigation__active-fallback">Home</strong>
          </a>
        </li>
        """,
        client.get("/").text,
    )


def test_home_is_not_current_on_other_pages(client, caseworker):
    html = client.get("/privacy").text
    assertInHTML(
        '<li class="govuk-service-navigation__item">'
        '<a class="govuk-service-navigation__link" href="/">Home</a></li>',
        html,
    )
    assert "aria-current" not in html


def test_entries_are_shown_only_to_the_users_their_predicate_allows(monkeypatch):
    monkeypatch.setattr(
        navigation,
        "ENTRIES",
        [
            NavEntry("Home", "web:home"),
            NavEntry("Privacy", "web:privacy", lambda user: user.role == Role.SERVICE_LEADER),
        ],
    )
    request = RequestFactory().get("/privacy")
    request.user = UserFactory.build(role=Role.CASEWORKER)
    assert [item["label"] for item in navigation_for(request)] == ["Home"]
    request.user = UserFactory.build(role=Role.SERVICE_LEADER)
    assert navigation_for(request) == [
        {"label": "Home", "href": "/", "current": ""},
        {"label": "Privacy", "href": "/privacy", "current": "page"},
    ]


def test_an_entry_is_the_current_section_on_pages_below_it(monkeypatch):
    monkeypatch.setattr(navigation, "ENTRIES", [NavEntry("Account", "accounts:login")])
    request = RequestFactory().get("/account/sign-in/help")
    request.user = UserFactory.build()
    assert navigation_for(request)[0]["current"] == "true"


def test_only_the_closest_entry_is_current(monkeypatch):
    monkeypatch.setattr(
        navigation,
        "ENTRIES",
        [NavEntry("Account", "accounts:login"), NavEntry("Privacy", "web:privacy")],
    )
    monkeypatch.setattr(
        navigation, "reverse", {"accounts:login": "/a/", "web:privacy": "/a/b/"}.get
    )
    request = RequestFactory().get("/a/b/c")
    request.user = UserFactory.build()
    assert [item["current"] for item in navigation_for(request)] == ["", "true"]
    request = RequestFactory().get("/a/b/")
    request.user = UserFactory.build()
    assert [item["current"] for item in navigation_for(request)] == ["", "page"]
    request = RequestFactory().get("/a/x")
    request.user = UserFactory.build()
    assert [item["current"] for item in navigation_for(request)] == ["true", ""]


def test_two_or_more_entries_get_the_mobile_menu_button(client, caseworker, monkeypatch):
    monkeypatch.setattr(
        navigation,
        "ENTRIES",
        [NavEntry("Home", "web:home"), NavEntry("Privacy", "web:privacy")],
    )
    assertContains(client.get("/"), "govuk-js-service-navigation-toggle")


def test_page_title_starts_with_error_when_the_form_has_errors(client):
    UserFactory(username="someone")
    response = client.post("/account/sign-in", {"username": "someone", "password": "wrong"})
    assert response.status_code == 200
    assert "<title>Error: Sign in – OpenEHCP" in response.text
    ok = client.get("/account/sign-in")
    assert "<title>Sign in – OpenEHCP" in ok.text


def test_signing_in_through_the_form_reaches_home(client):
    UserFactory(username="someone")
    response = client.post(
        "/account/sign-in", {"username": "someone", "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == "/"
    assertContains(response, "Home")
