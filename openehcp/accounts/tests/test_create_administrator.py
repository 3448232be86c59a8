import pytest
from django.core.management import CommandError, call_command

from openehcp.accounts.models import Role, User

pytestmark = pytest.mark.django_db


def test_opens_an_administrator_account(monkeypatch, capsys):
    monkeypatch.setenv("OPENEHCP_ADMIN_PASSWORD", "Lantern-Orchard-Velvet-71")
    call_command("create_administrator", "first.admin", "--email", "admin@council.example")
    user = User.objects.get(username="first.admin")
    assert user.role == Role.ADMINISTRATOR
    assert user.check_password("Lantern-Orchard-Velvet-71")
    assert "can now sign in" in capsys.readouterr().out


def test_refuses_a_weak_password_and_a_taken_username(monkeypatch):
    monkeypatch.setenv("OPENEHCP_ADMIN_PASSWORD", "password")
    with pytest.raises(CommandError, match="too common"):
        call_command("create_administrator", "first.admin", "--email", "a@council.example")
    monkeypatch.setenv("OPENEHCP_ADMIN_PASSWORD", "Lantern-Orchard-Velvet-71")
    call_command("create_administrator", "first.admin", "--email", "a@council.example")
    with pytest.raises(CommandError, match="already exists"):
        call_command("create_administrator", "First.Admin", "--email", "b@council.example")
