"""Indexes for the scorecard on other apps' tables (requests, plans, annual reviews).

- Counting the requests still open at each month's end reads only those whose outcome (plan
  issued, decision not to assess or not to issue, withdrawal) came after the range began: an
  expression index built from ``scorecard.outcome_on`` (so that the query's SQL and the indexed SQL
  are the same) lets the database skip the closed history.
- The monthly counts of requests received, plans issued and reviews decided read only the columns
  of these indexes, so PostgreSQL answers them from the index alone (an index-only scan).

Like the search indexes of ``workqueues`` they are made sure of after every ``migrate`` rather than
by a migration: on SQLite, Django rebuilds a table whenever its own app alters a column and keeps
only the indexes that app declares.
"""

from django.apps import apps as global_apps
from django.db import connections, models

INDEX_NAME = "rp_request_outcome_on"


def reporting_indexes() -> list[tuple[type[models.Model], models.Index]]:
    from .scorecard import outcome_on

    request = global_apps.get_model("assessments", "AssessmentRequest")
    review = global_apps.get_model("reviews", "AnnualReview")
    plan = global_apps.get_model("plans", "EHCPlan")
    return [
        (
            request,
            models.Index(
                outcome_on(),
                name=INDEX_NAME,
                # Every column the open-request counts read, so that PostgreSQL can answer them
                # from the index alone (other databases leave the included columns out).
                include=[
                    "received_on",
                    "is_reassessment",
                    "final_issued_on",
                    "withdrawn_on",
                    "decision_to_assess",
                    "decision_on",
                    "decision_to_issue",
                    "issue_decision_on",
                ],
            ),
        ),
        (
            request,
            models.Index(fields=["received_on", "is_reassessment"], name="rp_request_received"),
        ),
        (
            request,
            models.Index(
                fields=["final_issued_on", "received_on", "is_reassessment", "id"],
                name="rp_request_issued",
            ),
        ),
        (
            review,
            models.Index(fields=["meeting_on", "is_interim", "plan"], name="rp_review_meeting"),
        ),
        (review, models.Index(fields=["decision_on", "meeting_on"], name="rp_review_decision")),
        (plan, models.Index(fields=["made_on", "ceased_on"], name="rp_plan_made")),
    ]


def ensure_reporting_indexes(using: str = "default") -> list[str]:
    """Create whichever of the reporting indexes are missing; return the names of those created."""
    connection = connections[using]
    wanted = reporting_indexes()
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
    editor = connection.schema_editor()
    with connection.cursor() as cursor:
        for model, index in wanted:
            if index.name not in existing:
                cursor.execute(str(index.create_sql(model, editor)))
                created.append(index.name)
    return created


def ensure_after_migrate(sender, using="default", **kwargs):
    ensure_reporting_indexes(using)
