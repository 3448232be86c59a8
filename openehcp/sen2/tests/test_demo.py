"""The demo council's return: every schema error is one the checks list, and once the data team
fixes what they list, the return is valid."""

import io

import pytest
from django.core.management import call_command

from openehcp.people.models import Child
from openehcp.sen2.report import run

pytestmark = pytest.mark.django_db


def test_demo_return_is_valid_once_the_listed_problems_are_fixed():
    call_command("demo", "--children", "120", "--today", "2026-11-27", stdout=io.StringIO())
    result = run(2026)
    counts = result.sen2.counts()
    assert counts["persons"] > 90 and counts["active_plans"] > 60
    assert counts["requests"] >= counts["assessments"] >= counts["named_plans"]
    # The demo records no need for about 1 plan in 60, as national data does: the schema
    # refuses those active plans, and the checks name each of them.
    no_need = {p.child_id for p in result.problems if p.item == "SENneed"}
    assert len(result.schema_errors) == len(no_need)
    Child.objects.filter(pk__in=no_need).update(primary_need="OTH")
    fixed = run(2026)
    assert fixed.schema_errors == []
    # Children with no UPN or ULN carry the reason (UN1 under 6, UN8 otherwise).
    assert {p.item for p in fixed.problems} <= {"PostCode", "Sex", "EntryDate"}
    reasons = {person.upn_unknown for person in fixed.sen2.persons if not person.upn}
    assert reasons <= {"", "UN1", "UN8"} and reasons - {""}
