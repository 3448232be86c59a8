from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate


class WorkqueuesConfig(AppConfig):
    name = "openehcp.workqueues"
    label = "workqueues"

    def ready(self):
        from .indexes import ensure_after_migrate

        # This app has no models, so Django sends it no post_migrate signal of its own: listen for
        # the one sent for the app that owns the children's table (sent after all migrations).
        post_migrate.connect(
            ensure_after_migrate,
            sender=apps.get_app_config("people"),
            dispatch_uid="workqueues-search-indexes",
        )
