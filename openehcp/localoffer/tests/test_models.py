"""The Local Offer's records: the standard taxonomy every council starts with, and the database's
own check that ages are in order."""

import pytest
from django.db import IntegrityError, transaction

from openehcp.localoffer.models import Area, Taxonomy, TaxonomyTerm
from openehcp.localoffer.taxonomy import CATEGORIES, NEEDS, stable_id
from tests.factories import ServiceFactory

pytestmark = pytest.mark.django_db


def test_the_standard_taxonomies_are_loaded_with_the_same_ids_everywhere():
    categories = Taxonomy.objects.get(name=CATEGORIES)
    assert categories.pk == stable_id(CATEGORIES)
    top = set(
        TaxonomyTerm.objects.filter(taxonomy=categories, parent=None).values_list("name", flat=True)
    )
    assert {
        "Education",
        "Health",
        "Social care",
        "Short breaks",
        "Preparing for adulthood",
        "Information, advice and support",
    } <= top
    schools = TaxonomyTerm.objects.get(name="Schools")
    assert schools.parent.name == "Education"
    assert schools.pk == stable_id(CATEGORIES, "Education", "Schools")
    assert TaxonomyTerm.objects.filter(taxonomy__name=NEEDS).count() == 4
    assert Area.objects.filter(whole_council=True).count() == 1


def test_the_database_refuses_a_youngest_age_above_the_oldest():
    with pytest.raises(IntegrityError), transaction.atomic():
        ServiceFactory(minimum_age=12, maximum_age=5)


def test_review_due_follows_the_last_review(settings):
    service = ServiceFactory(assured_date=None)
    assert service.review_due_on is None
    assert service.is_review_due(service.created_at.date())
    assert service.is_public
