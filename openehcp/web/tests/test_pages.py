import pytest

pytestmark = pytest.mark.django_db


def test_healthz_reports_database_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_home_sends_anonymous_visitors_to_sign_in(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/account/sign-in")


@pytest.mark.parametrize("path", ["/accessibility", "/privacy"])
def test_statement_pages_are_public(client, path):
    assert client.get(path).status_code == 200
