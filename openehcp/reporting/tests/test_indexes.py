"""The scorecard's indexes on other apps' tables are there after ``migrate``."""

import pytest
from django.db import connection

from openehcp.reporting.indexes import ensure_reporting_indexes, reporting_indexes

pytestmark = pytest.mark.django_db


def test_reporting_indexes_exist_after_migrate_and_are_not_made_twice():
    with connection.cursor() as cursor:
        for model, index in reporting_indexes():
            names = connection.introspection.get_constraints(cursor, model._meta.db_table)
            assert index.name in names
    assert ensure_reporting_indexes() == []
