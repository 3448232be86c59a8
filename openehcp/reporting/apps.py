from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "openehcp.reporting"
    label = "reporting"
