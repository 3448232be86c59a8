"""The access log: who looked at which child's record, when, and from where.

Changes to records are kept by django-simple-history (``history = HistoricalRecords()`` on each
domain model); this log keeps the reads. A row is written once and never changed: the model
refuses updates and deletes, and the admin offers neither.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone


class AuditRowImmutable(Exception):
    """Raised when code tries to change or remove an audit row."""


class AccessLogQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AuditRowImmutable("Access log rows cannot be changed")

    def delete(self):
        raise AuditRowImmutable("Access log rows cannot be deleted")


class AccessLog(models.Model):
    class Action(models.TextChoices):
        VIEW = "view", "Viewed"
        DOWNLOAD = "download", "Downloaded"
        EXPORT = "export", "Exported"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="access_log"
    )
    accessed_at = models.DateTimeField(default=timezone.now)
    ip_address = models.GenericIPAddressField("IP address", null=True, blank=True)
    user_agent = models.CharField(max_length=255, blank=True)
    action = models.CharField(max_length=10, choices=Action.choices, default=Action.VIEW)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("content_type", "object_id")
    child = models.ForeignKey(
        "people.Child",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="access_log",
        help_text="The child whose record this is, when it belongs to one.",
    )
    path = models.CharField(max_length=500)

    objects = AccessLogQuerySet.as_manager()

    class Meta:
        ordering = ["-accessed_at", "-pk"]
        verbose_name = "access log entry"
        verbose_name_plural = "access log"
        indexes = [
            models.Index(fields=["child", "-accessed_at"]),
            models.Index(fields=["content_type", "object_id", "-accessed_at"]),
            models.Index(fields=["user", "-accessed_at"]),
        ]

    def __str__(self) -> str:
        action = self.get_action_display().lower()
        return f"{self.user} {action} {self.content_type} {self.object_id}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AuditRowImmutable("Access log rows cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditRowImmutable("Access log rows cannot be deleted")
