from django.apps import AppConfig
from django.core import checks


class AccountsConfig(AppConfig):
    name = "openehcp.accounts"
    label = "accounts"
    verbose_name = "People who use OpenEHCP"

    def ready(self):
        from .ratelimit import check_rates

        checks.register(check_rates)
