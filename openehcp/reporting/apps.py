from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate


class ReportingConfig(AppConfig):
    name = "openehcp.reporting"
    label = "reporting"

    def ready(self):
        from .indexes import ensure_after_migrate

        # After every migrate (sent for the app that owns the requests' table).
        post_migrate.connect(
            ensure_after_migrate,
            sender=apps.get_app_config("assessments"),
            dispatch_uid="reporting-indexes",
        )
