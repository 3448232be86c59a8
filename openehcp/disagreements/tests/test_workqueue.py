"""My work lists the council's own steps in a disagreement: mediation to arrange (reg 37) and a
Tribunal order to carry out (regs 44-45), each due on the clock's date, worked out in SQL."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from openehcp import clock
from openehcp.disagreements.deadlines import comply_by
from openehcp.disagreements.models import Disagreement, OrderKind
from openehcp.workqueues.kinds import Window, WorkFilters
from openehcp.workqueues.selectors import WorkItem, work_items

from .factories import DisagreementFactory

pytestmark = pytest.mark.django_db

TODAY = date.today()
EVERYTHING = WorkFilters(kinds=frozenset({"mediation_due", "order_due"}), window=Window.ALL)


def _items(caseworker) -> list[WorkItem]:
    rows = work_items(caseworker=caseworker, today=TODAY, filters=EVERYTHING)
    return [WorkItem.from_row(row, today=TODAY) for row in rows]


def test_mediation_to_arrange_is_due_30_days_after_the_council_is_told():
    told = TODAY - timedelta(days=40)
    d = DisagreementFactory(
        decision_on=told - timedelta(days=5),
        adviser_contacted_on=told - timedelta(days=1),
        mediation_wanted=True,
        council_told_on=told,
    )
    (item,) = _items(d.child.caseworker)
    expected = clock.mediation_deadlines(
        d.decision_on,
        adviser_contacted_on=d.adviser_contacted_on,
        mediation_wanted=True,
        council_told_on=told,
    )[-1]
    assert item.kind.key == "mediation_due" and item.due == expected.due
    assert item.overdue
    assert item.url == reverse("disagreements:detail", args=[d.pk])
    Disagreement.objects.filter(pk=d.pk).update(mediation_on=TODAY - timedelta(days=1))
    assert _items(d.child.caseworker) == []


@pytest.mark.parametrize("order", OrderKind.values)
def test_each_kind_of_order_is_due_on_the_clocks_last_day(order):
    order_on = TODAY - timedelta(days=10)
    d = DisagreementFactory(
        decision="cease"
        if order in ("cease", "continue", "continue_and_amend")
        else "not_to_assess",
        appeal_lodged_on=order_on - timedelta(days=60),
        appeal_outcome="dismissed" if order == "cease" else "upheld",
        order=order,
        order_on=order_on,
    )
    (item,) = _items(d.child.caseworker)
    assert item.kind.key == "order_due"
    assert item.due == comply_by(d)
    assert item.due == max(s.due for s in clock.tribunal_order_deadlines(order_on, order))
    Disagreement.objects.filter(pk=d.pk).update(order_complied_on=TODAY)
    assert _items(d.child.caseworker) == []


def test_my_work_page_links_the_order_to_its_disagreement(client):
    d = DisagreementFactory(
        appeal_lodged_on=TODAY - timedelta(days=60),
        appeal_outcome="upheld",
        order="assess",
        order_on=TODAY - timedelta(days=100),
    )
    client.force_login(d.child.caseworker)
    response = client.get(reverse("workqueues:my_work"), {"window": "all"})
    assert response.status_code == 200
    assert "Tribunal order to carry out" in response.text
    assert reverse("disagreements:detail", args=[d.pk]) in response.text
