from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "openehcp.audit"
    label = "audit"
    verbose_name = "Audit: change history and access log"
