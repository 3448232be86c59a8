"""The demo logins: one per role, idempotent, and every one can sign in with the shared password."""

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.urls import reverse

from openehcp.accounts.models import Role, Team, User
from openehcp.demo.users import (
    DEMO_PASSWORD,
    DEMO_SCHOOL_URN,
    DEMO_USERNAMES,
    DEMO_USERS,
    ensure_demo_users,
    logins_table,
)

pytestmark = pytest.mark.django_db


def test_one_demo_user_for_every_role():
    logins = ensure_demo_users()
    assert {login.role for login in logins} == set(Role.values)
    assert [login.username for login in logins] == list(DEMO_USERNAMES)
    caseworkers = User.objects.filter(role=Role.CASEWORKER)
    assert {u.team.function for u in caseworkers} == {
        Team.Function.ASSESSMENT,
        Team.Function.REVIEW,
    }
    senco = User.objects.get(username="senco")
    assert senco.establishment.urn == DEMO_SCHOOL_URN
    assert User.objects.get(username="psychologist").discipline == "educational_psychology"
    assert User.objects.get(username="manager").team.name == "Assessment team"
    defaults = {team.name: team.default_caseworker.username for team in Team.objects.all()}
    assert defaults == {"Assessment team": "caseworker", "Review team": "reviewer"}


def test_idempotent_and_repairs_changes():
    ensure_demo_users()
    user = User.objects.get(username="manager")
    user.set_password("something-else-entirely-9")
    user.role = Role.PARENT
    user.save()
    ensure_demo_users()
    assert User.objects.filter(username__in=DEMO_USERNAMES).count() == len(DEMO_USERNAMES)
    assert Team.objects.count() == 2
    user.refresh_from_db()
    assert user.role == Role.TEAM_MANAGER
    assert user.check_password(DEMO_PASSWORD)


def test_password_passes_the_validators_for_every_user():
    ensure_demo_users()
    for user in User.objects.filter(username__in=DEMO_USERNAMES):
        validate_password(DEMO_PASSWORD, user)


@pytest.mark.parametrize("username", DEMO_USERNAMES)
def test_every_demo_user_can_sign_in(client, username):
    ensure_demo_users()
    response = client.post(
        reverse("accounts:login"), {"username": username, "password": DEMO_PASSWORD}
    )
    assert response.status_code == 302, response.content[:500]
    assert int(client.session["_auth_user_id"]) == User.objects.get(username=username).pk


def test_logins_table_lists_everyone_and_the_password():
    table = logins_table(ensure_demo_users())
    for username in DEMO_USERNAMES:
        assert f"\n{username} " in table
    assert DEMO_PASSWORD in table


def test_readme_demo_logins_say_what_make_demo_prints():
    """The README's table and the table `make demo` prints give each login the same reach."""
    text = (settings.BASE_DIR / "README.md").read_text()
    section = text.split("## Demo data", 1)[1].split("\n## ", 1)[0]
    readme = {
        cells[0].strip("`"): cells[2]
        for line in section.splitlines()
        if line.startswith("| `")
        for cells in [[cell.strip() for cell in line.strip().strip("|").split("|")]]
    }
    assert readme == {login.username: login.can_see for login in DEMO_USERS}
