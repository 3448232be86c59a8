from django.apps import AppConfig


class PortalConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "openehcp.portal"
    verbose_name = "Family and young person portal"
