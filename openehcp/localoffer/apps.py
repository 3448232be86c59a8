from django.apps import AppConfig


class LocalOfferConfig(AppConfig):
    name = "openehcp.localoffer"
    label = "localoffer"
    verbose_name = "Local Offer (public directory and Open Referral UK API)"
