"""Case search: find a child by name, UPN, assessment reference or education setting.

Every word typed must match something about the child: a name, the UPN, the reference of one of the
child's requests for assessment, or the setting the child attends (its name or URN). "Smith
Riverside" finds the children called Smith at Riverside Primary.

The search is built for a council of tens of thousands of children and never reads the whole table
when it can avoid it:

- On PostgreSQL names are matched with the ``pg_trgm`` extension: a trigram GIN index over the
  lower-cased full name answers "contains" matches; when nothing matches as typed, the search
  runs again by word similarity, so a mistyped name ("Richarson") still finds Richardson.
- On SQLite (the embedded database for demos and small installs) names are matched by prefix
  ("Smi" finds Smith), each name column through its own lower-cased expression index, queried as a
  range so the index is used.

The indexes are created by this app's migrations from the expressions defined here, so the query
and its index cannot drift apart.

The result is filtered by the permission policy (``visible_children``) before anything else, so a
search never shows a child the user may not see. A list of results is not an access to a child's
record: the access log is written when a record is opened, not for each row of a list.
"""

import re
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, Lower

from openehcp.accounts.policy import visible_children, visible_requests
from openehcp.assessments.models import AssessmentRequest
from openehcp.establishments.models import Establishment
from openehcp.people.models import Child

from .expressions import (
    PREFIX_COLUMNS,
    full_name_expression,
    prefix_expression,
    reference_expression,
)

MAX_TERMS = 6
MIN_TERM_LENGTH = 2
# Above this many settings matching one word, the word is not used to match settings ("school").
MAX_SETTINGS_PER_TERM = 300
# A reference matching more children than this is too short to search by.
MAX_CHILDREN_PER_REFERENCE = 500
# At most this many children are offered for a mistyped name.
MAX_RESEMBLING = 200

UPN_PATTERN = re.compile(r"^[A-Z]\d{11}[0-9A-Z]$")
URN_PATTERN = re.compile(r"^\d{6}$")
# The highest code point: "abc" <= x < "abc" + TOP is exactly "x starts with abc" in binary order.
TOP = "\U0010ffff"


def terms_of(query: str) -> list[str]:
    """The words of a query, lower-cased, without punctuation around them, at most ``MAX_TERMS``."""
    words = [word.strip(".,;:'\"()") for word in query.lower().split()]
    return [word for word in words if len(word) >= MIN_TERM_LENGTH][:MAX_TERMS]


def _uses_trigrams() -> bool:
    return connection.vendor == "postgresql"


def name_aliases() -> dict:
    """The indexed name expressions that ``name_matches`` compares, to ``alias()`` on children."""
    if _uses_trigrams():
        return {"search_name": full_name_expression()}
    return {f"prefix_{column}": prefix_expression(column) for column in PREFIX_COLUMNS}


def name_matches(term: str, *, fuzzy: bool = False) -> Q:
    """A child's names match one word (on children aliased with ``name_aliases``): contain it on
    PostgreSQL, start with it elsewhere. ``fuzzy`` (PostgreSQL): resemble it instead, by trigram
    word similarity, to find a mistyped name."""
    if _uses_trigrams():
        if fuzzy:
            from django.contrib.postgres.lookups import TrigramWordSimilar

            return Q(TrigramWordSimilar(full_name_expression(), term))
        return Q(search_name__contains=term)
    condition = Q()
    for column in PREFIX_COLUMNS:
        condition |= Q(**{f"prefix_{column}__gte": term, f"prefix_{column}__lt": term + TOP})
    return condition


def _matching_settings(term: str) -> list[int]:
    settings = Establishment.objects.annotate(search_name=Lower("name"))
    if URN_PATTERN.match(term):
        settings = settings.filter(urn=term)
    else:
        settings = settings.filter(search_name__contains=term)
    ids = list(settings.order_by().values_list("id", flat=True)[: MAX_SETTINGS_PER_TERM + 1])
    return [] if len(ids) > MAX_SETTINGS_PER_TERM else ids


def _children_with_reference(user, term: str) -> list[int]:
    """The children with a request (one the user may see) whose reference starts with the word;
    none when more than ``MAX_CHILDREN_PER_REFERENCE`` do ("EHC-2" is not a search)."""
    upper = term.upper()
    references = visible_requests(user, AssessmentRequest.objects.all()).alias(
        search_reference=reference_expression()
    )
    if _uses_trigrams():
        references = references.filter(search_reference__startswith=upper)
    else:
        references = references.filter(
            search_reference__gte=upper, search_reference__lt=upper + TOP
        )
    ids = list(
        references.order_by()
        .values_list("child_id", flat=True)
        .distinct()[: MAX_CHILDREN_PER_REFERENCE + 1]
    )
    return [] if len(ids) > MAX_CHILDREN_PER_REFERENCE else ids


def _term_condition(user, term: str) -> Q:
    """Everything one word may match. The references and settings it names are looked up first
    (small indexed queries), so the condition on children is a plain OR of indexed tests that
    the database can answer from its indexes together (a subquery inside the OR would make it
    test every child)."""
    upper = term.upper()
    condition = Q(pk__in=[])
    if any(ch.isalpha() for ch in term):
        condition |= name_matches(term)
    if UPN_PATTERN.match(upper):
        condition |= Q(upn=upper)
    if any(ch.isdigit() for ch in term) and len(term) >= 3:
        children = _children_with_reference(user, term)
        if children:
            condition |= Q(pk__in=children)
    settings = _matching_settings(term)
    if settings:
        condition |= Q(establishment_id__in=settings)
    return condition


def _resembling(user, terms: list[str]) -> list[int]:
    """PostgreSQL, when nothing matches as typed and every word has letters: the children whose
    names resemble every word (at most ``MAX_RESEMBLING``). The similarity test is costly on each
    row and the planner cannot tell, so the trigram index is required for this one query."""
    children = _searchable(user)
    for term in terms:
        children = children.filter(name_matches(term, fuzzy=True))
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
        return list(children.order_by().values_list("pk", flat=True)[:MAX_RESEMBLING])


@dataclass(frozen=True)
class SearchResult:
    """The children found (a queryset to page through), how many, and whether they were found by
    resemblance because nothing matched as typed."""

    children: QuerySet[Child]
    count: int
    resembling: bool = False


def search(user, query: str) -> SearchResult:
    """Search, counting the matches once: when nothing matches as typed and every word has letters,
    PostgreSQL looks for names that resemble the words instead."""
    terms = terms_of(query)
    children = search_children(user, query)
    count = children.count()
    if (
        count == 0
        and terms
        and _uses_trigrams()
        and all(any(ch.isalpha() for ch in term) for term in terms)
    ):
        resembling = _ordered(user, _searchable(user).filter(pk__in=_resembling(user, terms)))
        return SearchResult(resembling, resembling.count(), resembling=True)
    return SearchResult(children, count)


def _searchable(user) -> QuerySet[Child]:
    """The children ``user`` may see, not merged into another record, with the name aliases."""
    if _uses_trigrams():
        children = Child.objects.filter(merged_into__isnull=True)
    else:
        # SQLite keeps no statistics, so it would take "merged_into IS NULL" (true of nearly every
        # row) for the most selective condition and walk that index; compare through an
        # expression it cannot index, so the name indexes are used.
        children = Child.objects.alias(not_merged=Coalesce("merged_into_id", Value(0))).filter(
            not_merged=0
        )
    return visible_children(user, children.alias(**name_aliases()))


def _ordered(user, children: QuerySet[Child]) -> QuerySet[Child]:
    latest = visible_requests(user, AssessmentRequest.objects.filter(child=OuterRef("pk")))
    latest = latest.order_by("-received_on", "-pk")
    return (
        children.select_related("establishment", "caseworker")
        .annotate(latest_reference=Subquery(latest.values("reference")[:1]))
        # Sorted on an expression no index holds, so that the database finds the (few) matches
        # through the name index and sorts them, rather than walking every child in surname order
        # looking for the first page's matches.
        .order_by(Lower("surname"), Lower("forename"), "pk")
    )


def search_children(user, query: str) -> QuerySet[Child]:
    """The children the user may see that match every word of ``query`` as typed, surname first.

    Each child carries ``latest_reference``: the reference of its most recent request for
    assessment that the user may see (``None`` if none), so the results page can link to the case
    without a query per row. Records merged into another are left out.
    """
    terms = terms_of(query)
    if not terms:
        return Child.objects.none()
    children = _searchable(user)
    for term in terms:
        children = children.filter(_term_condition(user, term))
    return _ordered(user, children)
