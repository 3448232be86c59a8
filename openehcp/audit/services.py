"""Writing the access log. Every view that shows a child's record calls ``record_access``."""

from axes.helpers import get_client_ip_address
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Subquery
from django.utils import timezone

from openehcp.people.models import Child

from .models import AccessLog

# Foreign keys that lead from a record towards the child it belongs to, tried in this order.
_LINKS_TO_CHILD = ("child", "request", "plan")


def _link_to_child(model):
    """The foreign key on ``model`` that leads to its child, if any."""
    for name in _LINKS_TO_CHILD:
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if field.many_to_one:
            return field
    return None


def _child_lookup(model) -> str | None:
    """The lookup from ``model`` to its child's id, e.g. ``"request__child"``."""
    field = _link_to_child(model)
    if field is None:
        return None
    if field.related_model is Child:
        return field.attname
    parent_lookup = _child_lookup(field.related_model)
    return f"{field.name}__{parent_lookup}" if parent_lookup else None


def _child_id(obj):
    """The id of the child ``obj`` belongs to: a value when it is known without a query, else a
    subquery that the INSERT itself evaluates; ``None`` for records of no child."""
    if isinstance(obj, Child):
        return obj.pk
    field = _link_to_child(type(obj))
    if field is None:
        return None
    if field.related_model is Child:
        return getattr(obj, field.attname)
    if field.is_cached(obj):
        return _child_id(getattr(obj, field.name))
    parent_id = getattr(obj, field.attname)
    lookup = _child_lookup(field.related_model)
    if parent_id is None or lookup is None:
        return None
    parents = field.related_model._default_manager.filter(pk=parent_id)
    return Subquery(parents.values(lookup)[:1])


def record_access(request, obj, *, action: str = AccessLog.Action.VIEW) -> None:
    """Log that the signed-in user viewed, downloaded or exported ``obj``: one INSERT.

    Call it in every view that shows a child's record or case, after the permission check.
    """
    if action not in AccessLog.Action.values:
        raise ValueError(f"Unknown access log action {action!r}")
    AccessLog.objects.create(
        user=request.user,
        ip_address=get_client_ip_address(request),
        user_agent=request.META.get("HTTP_USER_AGENT", "")[:255],
        action=action,
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        child_id=_child_id(obj),
        path=request.get_full_path()[:500],
    )


def record_bulk_access(request, records, *, action: str = AccessLog.Action.EXPORT) -> int:
    """Log one read of every record in the queryset ``records`` (an export or a bulk download):
    one SELECT for the ids, then INSERTs in batches. Returns the number of rows written."""
    if action not in AccessLog.Action.values:
        raise ValueError(f"Unknown access log action {action!r}")
    model = records.model
    lookup = "pk" if model is Child else _child_lookup(model)
    pairs = records.values_list("pk", lookup) if lookup else records.values_list("pk", "pk")
    content_type = ContentType.objects.get_for_model(model)
    common = {
        "user": request.user,
        "ip_address": get_client_ip_address(request),
        "user_agent": request.META.get("HTTP_USER_AGENT", "")[:255],
        "action": action,
        "content_type": content_type,
        "path": request.get_full_path()[:500],
        "accessed_at": timezone.now(),
    }
    rows = [
        AccessLog(object_id=pk, child_id=child_id if lookup else None, **common)
        for pk, child_id in pairs
    ]
    AccessLog.objects.bulk_create(rows, batch_size=1000)
    return len(rows)
