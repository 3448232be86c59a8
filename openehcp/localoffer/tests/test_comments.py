"""Comments on the Local Offer and the council's response, published for everyone (SEND
Regulations 2014, reg 55)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from openehcp.accounts.models import Role
from openehcp.localoffer.models import Comment
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def comment_data(**changes) -> dict:
    data = {
        "received_on-day": "3",
        "received_on-month": "11",
        "received_on-year": "2026",
        "comment": "The directory did not list any holiday clubs for teenagers.",
        "response": "",
    }
    data.update(changes)
    return data


@pytest.fixture
def editor(client):
    user = UserFactory(role=Role.LOCAL_OFFER_EDITOR)
    client.force_login(user)
    return user


def test_only_editors_keep_the_comments(client):
    client.force_login(UserFactory(role=Role.CASEWORKER))
    assert client.get(reverse("localoffer:comment_list")).status_code == 403
    assert client.get(reverse("localoffer:comment_add")).status_code == 403


def test_a_comment_is_public_only_once_published_with_a_response(client, editor):
    url = reverse("localoffer:comment_add")
    response = client.post(url, comment_data(publish="on"))
    assert response.context["form"].errors["response"] == [
        "Enter what we did before publishing the comment"
    ]
    missing = client.post(url, comment_data(**{"received_on-day": "", "comment": ""}))
    assert set(missing.context["form"].errors) == {"received_on", "comment"}
    client.post(url, comment_data())
    comment = Comment.objects.get()
    assert comment.published_on is None
    assert comment.history.get().history_user == editor
    public = client.get(reverse("localoffer:comments"))
    assert list(public.context["page"]) == []

    client.post(
        reverse("localoffer:comment_edit", args=[comment.pk]),
        comment_data(
            response="We added the Youth club for young people with SEND.",
            publish="on",
            version="1",
        ),
    )
    comment.refresh_from_db()
    assert comment.published_on == timezone.localdate()
    client.logout()
    page = client.get(reverse("localoffer:comments")).content.decode()
    assert "You told us in November 2026" in page
    assert "We added the Youth club" in page


def test_an_old_page_cannot_overwrite_a_newer_save(client, editor):
    client.post(reverse("localoffer:comment_add"), comment_data())
    comment = Comment.objects.get()
    edit = reverse("localoffer:comment_edit", args=[comment.pk])
    client.post(edit, comment_data(comment="First change", version="1"))
    response = client.post(edit, comment_data(comment="Second change", version="1"))
    assert "changed by you" in response.context["form"].non_field_errors()[0]
    comment.refresh_from_db()
    assert comment.comment == "First change"
