from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "openehcp.demo"
    label = "demo"
    verbose_name = "Synthetic demo data"
