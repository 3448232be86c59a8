from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "openehcp.reviews"
    label = "reviews"
    verbose_name = "Annual reviews, amendments, phase transfers and ceasing"
