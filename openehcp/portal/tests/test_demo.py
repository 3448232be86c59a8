"""The demo's family logins see a case: ``parent`` a draft plan in its 15 days, ``youngperson``
their own plan at 17 or more."""

from datetime import date

import pytest

from openehcp.accounts.models import User
from openehcp.accounts.policy import family_children
from openehcp.demo.generator import load_demo
from openehcp.people.ages import age_on
from openehcp.plans.selectors import working_version
from openehcp.portal import selectors

TODAY = date(2026, 11, 27)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("children", [40, 200])
def test_demo_family_logins_see_their_case(children):
    load_demo(children=children, seed=5, today=TODAY)
    parent = User.objects.get(username="parent")
    (child,) = family_children(parent, today=TODAY)
    case = selectors.current_request(child)
    window = selectors.draft_window(case, today=TODAY)
    assert window is not None and window.is_open
    assert working_version(request=case) is not None

    young = User.objects.get(username="youngperson")
    (own,) = family_children(young, today=TODAY)
    assert age_on(own.date_of_birth, TODAY) >= 17
    assert selectors.current_plan(own, today=TODAY) is not None

    # Loading again with other options links them again, to the new data.
    load_demo(children=children - 10, seed=5, today=TODAY)
    assert family_children(parent, today=TODAY).count() == 1
    assert family_children(young, today=TODAY).count() == 1
