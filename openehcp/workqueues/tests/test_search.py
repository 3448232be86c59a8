"""Case search: by name, UPN, reference and setting; never a child the user may not see."""

import pytest
from django.db import connection

from openehcp.accounts.models import Role
from openehcp.people.models import Child
from openehcp.workqueues.indexes import ensure_search_indexes, search_indexes
from openehcp.workqueues.search import (
    name_aliases,
    name_matches,
    search,
    search_children,
    terms_of,
)
from tests.factories import (
    AssessmentRequestFactory,
    ChildFactory,
    EstablishmentFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

UPN = "A123456789012"  # a well-formed UPN shape; search does not validate the check letter


@pytest.fixture
def caseworker():
    return UserFactory(role=Role.CASEWORKER)


def child_of(caseworker, **kwargs):
    return ChildFactory(caseworker=caseworker, **kwargs)


def found(user, query):
    return list(search_children(user, query))


def test_words_are_lower_cased_and_stripped_of_punctuation():
    assert terms_of("  Smith, JO (Riverside) ") == ["smith", "jo", "riverside"]


def test_single_letters_are_ignored_so_a_stray_initial_does_not_match_everyone():
    assert terms_of("j smith") == ["smith"]


def test_finds_a_child_by_the_start_of_the_surname_whatever_the_case(caseworker):
    child = child_of(caseworker, forename="Jo", surname="Smithson")
    child_of(caseworker, forename="Jo", surname="Brown")
    assert found(caseworker, "SMITH") == [child]


def test_finds_a_child_by_forename_or_preferred_name(caseworker):
    child = child_of(caseworker, forename="Alexandra", preferred_name="Sasha", surname="Khan")
    assert found(caseworker, "alex") == [child]
    assert found(caseworker, "sasha") == [child]


def test_every_word_must_match(caseworker):
    jo_smith = child_of(caseworker, forename="Jo", surname="Smith")
    child_of(caseworker, forename="Sam", surname="Smith")
    assert found(caseworker, "jo smith") == [jo_smith]


def test_finds_a_child_by_upn(caseworker):
    child = child_of(caseworker, upn=UPN)
    child_of(caseworker)
    assert found(caseworker, UPN.lower()) == [child]


def test_finds_a_child_by_the_reference_of_a_request_or_its_start(caseworker):
    child = child_of(caseworker)
    other = child_of(caseworker)
    AssessmentRequestFactory(child=child, reference="EHC-2025-00417")
    AssessmentRequestFactory(child=other, reference="EHC-2024-00001")
    assert found(caseworker, "ehc-2025-00417") == [child]
    assert found(caseworker, "EHC-2025") == [child]


def test_finds_children_by_setting_name_or_urn(caseworker):
    riverside = EstablishmentFactory(name="Meadowbank Academy", urn="654321")
    at_riverside = child_of(caseworker, surname="Patel", establishment=riverside)
    child_of(caseworker, surname="Patel")
    assert found(caseworker, "meadowbank") == [at_riverside]
    assert found(caseworker, "654321") == [at_riverside]
    assert found(caseworker, "patel meadow") == [at_riverside]


def test_results_are_in_surname_order_and_carry_the_latest_reference(caseworker):
    b = child_of(caseworker, forename="Kim", surname="Bell")
    a = child_of(caseworker, forename="Kim", surname="Abbott")
    AssessmentRequestFactory(child=a, reference="EHC-OLD", received_on="2023-01-10")
    AssessmentRequestFactory(child=a, reference="EHC-NEW", received_on="2025-03-01")
    results = found(caseworker, "kim")
    assert results == [a, b]
    assert results[0].latest_reference == "EHC-NEW"
    assert results[1].latest_reference is None


def test_an_empty_query_finds_nothing(caseworker):
    child_of(caseworker)
    assert found(caseworker, "  ") == []


def test_a_caseworker_never_finds_another_teams_child(caseworker):
    mine = child_of(caseworker, surname="Jones")
    ChildFactory(surname="Jones", upn=UPN)  # another team's caseworker
    assert found(caseworker, "jones") == [mine]
    assert found(caseworker, UPN) == []


def test_setting_staff_find_only_children_at_their_setting():
    senco = UserFactory(role=Role.SETTING_STAFF)
    here = ChildFactory(surname="Jones", establishment=senco.establishment)
    ChildFactory(surname="Jones")
    assert found(senco, "jones") == [here]


def test_a_parent_finds_nothing():
    ChildFactory(surname="Jones")
    assert found(UserFactory(role=Role.PARENT), "jones") == []


def test_a_mistyped_name_is_found_by_resemblance_on_postgresql_only(caseworker):
    """Trigram word similarity on PostgreSQL, when nothing matches as typed; SQLite matches name
    prefixes only."""
    child = child_of(caseworker, forename="Jo", surname="Richardson")
    child_of(caseworker, forename="Jo", surname="Brown")
    ChildFactory(surname="Richardson")  # another team's: never offered
    result = search(caseworker, "richarson")
    if connection.vendor == "postgresql":
        assert (list(result.children), result.count, result.resembling) == ([child], 1, True)
    else:
        assert (list(result.children), result.count, result.resembling) == ([], 0, False)


def test_an_exact_match_is_not_mixed_with_resemblances(caseworker):
    child = child_of(caseworker, surname="Richardson")
    child_of(caseworker, surname="Richards")
    result = search(caseworker, "richardson")
    assert (list(result.children), result.count, result.resembling) == ([child], 1, False)


def test_search_indexes_exist_after_migrate_and_are_recreated_if_dropped():
    assert ensure_search_indexes() == []
    _, index = search_indexes(connection.vendor)[0]
    with connection.cursor() as cursor:
        cursor.execute(f"DROP INDEX {connection.ops.quote_name(index.name)}")
    assert ensure_search_indexes() == [index.name]


def _plan(queryset) -> str:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("EXPLAIN " + sql, params)
        else:
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        return " ".join(str(row) for row in cursor.fetchall())


def test_the_name_condition_uses_its_index():
    names = (
        Child.objects.alias(**name_aliases()).filter(name_matches("smith")).order_by().values("pk")
    )
    index = "wq_child_name_trgm" if connection.vendor == "postgresql" else "wq_child_surname_lower"
    assert index in _plan(names)


def test_the_whole_search_leaves_merged_records_out_without_hiding_the_name_indexes(caseworker):
    """SQLite keeps no statistics: a plain "merged_into IS NULL" would draw it to that index.
    PostgreSQL's statistics know nearly no record is merged, so it gets the plain condition."""
    child_of(caseworker, surname="Smith")
    leader = UserFactory(role=Role.SERVICE_LEADER)
    search = search_children(leader, "smith").order_by().values("pk")
    if connection.vendor == "postgresql":
        assert '"people_child"."merged_into_id" IS NULL' in str(search.query)
    else:
        assert "wq_child_surname_lower" in _plan(search)
