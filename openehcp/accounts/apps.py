from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "openehcp.accounts"
    label = "accounts"
    verbose_name = "People who use OpenEHCP"
