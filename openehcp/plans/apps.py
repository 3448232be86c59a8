from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "openehcp.plans"
    label = "plans"
    verbose_name = "EHC plans"
