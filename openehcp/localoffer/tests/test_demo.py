"""The demo Local Offer: about 60 services, the same for the same seed, loaded once."""

from collections import Counter
from datetime import date

import pytest

from openehcp.localoffer import selectors
from openehcp.localoffer.demo import load_local_offer
from openehcp.localoffer.models import Organization, Service, ServiceStatus, TaxonomyTerm
from openehcp.localoffer.taxonomy import CATEGORIES

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 27)


def test_the_demo_offer_covers_what_a_local_offer_must():
    assert load_local_offer(seed=1, today=TODAY) == 60
    assert Organization.objects.count() == 6
    statuses = Counter(Service.objects.values_list("status", flat=True))
    assert statuses[ServiceStatus.ACTIVE] == 57
    top = TaxonomyTerm.objects.filter(taxonomy__name=CATEGORIES, parent=None)
    for category in top:
        assert selectors.search(selectors.public_services(), category=category.pk).exists(), (
            category.name
        )
    due = selectors.review_due(Service.objects.all(), TODAY).count()
    assert 5 <= due <= 25


def test_the_same_seed_gives_the_same_offer_and_a_second_load_does_nothing():
    load_local_offer(seed=3, today=TODAY)
    first = sorted(Service.objects.values_list("pk", "name", "assured_date"))
    assert load_local_offer(seed=3, today=TODAY) == 0
    assert load_local_offer(seed=4, today=TODAY) == 60
    assert sorted(Service.objects.values_list("pk", "name", "assured_date")) != first
    load_local_offer(seed=3, today=TODAY)
    assert sorted(Service.objects.values_list("pk", "name", "assured_date")) == first
