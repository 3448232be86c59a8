"""Prepared queries: compiled once per shape, the changing values bound at each run."""

from datetime import date

import pytest
from django.db.models import DateField, IntegerField

from openehcp.accounts.models import Team
from openehcp.workqueues.prepared import Prepared, Slot

pytestmark = pytest.mark.django_db


def test_slots_and_fixed_values_keep_their_places_and_literal_percents_survive():
    prepared = Prepared.from_sql(
        "SELECT %s, WQSLOT(today), strftime('%%d', x), %s WHERE y = WQSLOT(team)", ["a", 7]
    )
    assert prepared.sql == "SELECT %s, %s, strftime('%%d', x), %s WHERE y = %s"
    assert prepared.params == ((False, "a"), (True, "today"), (False, 7), (True, "team"))
    bound = prepared.bind(today=date(2025, 1, 2), team=3)
    assert bound[0] == "a" and bound[2] == 7 and bound[3] == 3
    assert str(bound[1])[:10] == "2025-01-02"


def test_a_queryset_compiled_once_runs_with_each_runs_values():
    red = Team.objects.create(name="Red", function=Team.Function.ASSESSMENT)
    blue = Team.objects.create(name="Blue", function=Team.Function.REVIEW)
    queryset = Team.objects.filter(pk=Slot("team", IntegerField())).values("name").order_by()
    prepared = Prepared.from_sql(*queryset.query.sql_with_params())
    assert prepared.fetch(team=red.pk)[1] == [("Red",)]
    assert prepared.fetch(team=blue.pk)[1] == [("Blue",)]


def test_wrapping_adds_placeholders_before_and_after():
    Team.objects.create(name="Red", function=Team.Function.ASSESSMENT)
    inner = Team.objects.annotate(d=Slot("day", DateField())).values("name", "d").order_by()
    prepared = Prepared.from_sql(*inner.query.sql_with_params()).wrap(
        "SELECT t.name, %s FROM (", ") t WHERE t.name = WQSLOT(name)", params_before=["x"]
    )
    names, rows = prepared.fetch(day=date(2025, 1, 2), name="Red")
    assert len(names) == 2
    assert rows[0][0] == "Red" and rows[0][1] == "x"
