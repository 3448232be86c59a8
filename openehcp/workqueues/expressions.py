"""The SQL expressions that case search matches on, shared by the search and its indexes.

The migration that creates the search indexes builds them from these same functions, so a change
here that would stop the index being used shows up as a new migration to write.
"""

from django.db.models import CharField
from django.db.models import Value as V
from django.db.models.functions import Concat, Lower, Upper

# Name columns matched by prefix on SQLite, each through an index on its lower-cased value.
PREFIX_COLUMNS = ("forename", "preferred_name", "surname")


def full_name_expression():
    """The lower-cased "forename preferred-name surname" that the trigram index covers."""
    return Lower(
        Concat("forename", V(" "), "preferred_name", V(" "), "surname", output_field=CharField())
    )


def prefix_expression(column: str):
    """A lower-cased name column, as indexed for prefix matches on SQLite."""
    return Lower(column)


def reference_expression():
    """A request's reference in capitals, so "ehc-2024" finds "EHC-2024-00012"."""
    return Upper("reference")
