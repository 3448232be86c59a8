"""The Open Referral UK 3.0 API, at /api/oruk/ (``oruk.py``)."""

from django.urls import path

from . import oruk

app_name = "oruk"
urlpatterns = [
    path("", oruk.api_details, name="api_details"),
    path("openapi.json", oruk.openapi, name="openapi"),
    path("services", oruk.services, name="services"),
    path("services/<str:pk>", oruk.service, name="service"),
    path("taxonomies", oruk.taxonomies, name="taxonomies"),
    path("taxonomies/<str:pk>", oruk.taxonomy, name="taxonomy"),
    path("taxonomy_terms", oruk.taxonomy_terms, name="taxonomy_terms"),
    path("taxonomy_terms/<str:pk>", oruk.taxonomy_term, name="taxonomy_term"),
    path("organizations", oruk.organizations, name="organizations"),
    path("organizations/<str:pk>", oruk.organization, name="organization"),
    path("service_at_locations", oruk.service_at_locations, name="service_at_locations"),
    path("service_at_locations/<str:pk>", oruk.service_at_location, name="service_at_location"),
]
