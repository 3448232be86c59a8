"""Indexes for case search on the tables of other apps (children, requests for assessment).

They are built from the expressions in ``expressions.py``, so the search's SQL and the indexed SQL
are the same, and they are made sure of after every ``migrate`` rather than by a migration of their
own: on SQLite, Django rebuilds a table whenever another app alters one of its columns and keeps
only the indexes that app declares, which would silently drop these. PostgreSQL gets trigram GIN
indexes (extension ``pg_trgm``, which a database owner may create); other databases get
lower-cased expression indexes for prefix matching.
"""

from django.apps import apps as global_apps
from django.db import connections, models

from .expressions import (
    PREFIX_COLUMNS,
    full_name_expression,
    prefix_expression,
    reference_expression,
)


def search_indexes(vendor: str) -> list[tuple[type[models.Model], models.Index]]:
    child = global_apps.get_model("people", "Child")
    request = global_apps.get_model("assessments", "AssessmentRequest")
    if vendor == "postgresql":
        from django.contrib.postgres.indexes import GinIndex, OpClass

        return [
            (
                child,
                GinIndex(
                    OpClass(full_name_expression(), name="gin_trgm_ops"),
                    name="wq_child_name_trgm",
                ),
            ),
            (
                request,
                GinIndex(
                    OpClass(reference_expression(), name="gin_trgm_ops"),
                    name="wq_request_reference_trgm",
                ),
            ),
        ]
    return [
        (child, models.Index(prefix_expression(column), name=f"wq_child_{column}_lower"))
        for column in PREFIX_COLUMNS
    ] + [(request, models.Index(reference_expression(), name="wq_request_reference_upper"))]


def ensure_search_indexes(using: str = "default") -> list[str]:
    """Create whichever search indexes are missing; return the names of those created."""
    connection = connections[using]
    wanted = search_indexes(connection.vendor)
    created = []
    with connection.cursor() as cursor:
        tables = set(connection.introspection.table_names(cursor))
        if any(model._meta.db_table not in tables for model, _ in wanted):
            return created
        existing = {
            name
            for model, _ in wanted
            for name in connection.introspection.get_constraints(cursor, model._meta.db_table)
        }
    missing = [(model, index) for model, index in wanted if index.name not in existing]
    if not missing:
        return created
    # The statements are run directly rather than inside ``schema_editor()``, which SQLite refuses
    # inside a transaction (as in tests, or when called from a data migration).
    editor = connection.schema_editor()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        for model, index in missing:
            cursor.execute(str(index.create_sql(model, editor)))
            created.append(index.name)
    return created


def ensure_after_migrate(sender, using="default", **kwargs):
    ensure_search_indexes(using)
