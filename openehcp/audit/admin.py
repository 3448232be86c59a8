from django.contrib import admin

from .models import AccessLog


@admin.register(AccessLog)
class AccessLogAdmin(admin.ModelAdmin):
    """Read-only: the access log is evidence, so nobody may add, change or delete a row here."""

    list_display = ["accessed_at", "user", "action", "content_type", "object_id", "ip_address"]
    list_filter = ["action", "content_type"]
    date_hierarchy = "accessed_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
