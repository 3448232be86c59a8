"""Writes to the Local Offer. Every change is kept by django-simple-history with who made it;
edits take the shared edit lock (``openehcp.web.locking``): a save after someone else's raises
``EditConflict`` and changes nothing.

Links (a service's types of help, areas and places) are added and removed one row at a time so
that each appears in the change history.
"""

from django.db import transaction
from django.utils import timezone

from openehcp.web.locking import stamp, take_lock

from .models import (
    Comment,
    Contact,
    CostOption,
    Organization,
    Phone,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    ServiceAttribute,
    ServiceStatus,
)

SERVICE_FIELDS = frozenset(
    {"name", "organization", "description", "minimum_age", "maximum_age", "email", "url", "alert"}
)
SERVICE_PARTS = frozenset(
    {"categories", "needs", "areas", "locations", "opening_times", "cost", "cost_amount"}
    | {"contact_name", "phone", "reviewed"}
)


def _save(record, user) -> None:
    record._history_user = user
    record.full_clean()
    record.save()


def _delete(record, user) -> None:
    record._history_user = user
    record.delete()


# --- Organisations and places ----------------------------------------------------------------


@transaction.atomic
def record_create(model, *, created_by, **fields):
    """Add an organisation or a place."""
    record = model(**fields)
    stamp(record, user=created_by)
    _save(record, created_by)
    return record


@transaction.atomic
def record_update(record, *, version, updated_by, **fields):
    """Change an organisation or a place, if nobody has saved it since ``version``."""
    record = take_lock(type(record), record.pk, version, user=updated_by, noun=record.name)
    for name, value in fields.items():
        setattr(record, name, value)
    _save(record, updated_by)
    return record


@transaction.atomic
def organization_retire(*, organization, version, retired_by) -> int:
    """The organisation no longer provides services: it leaves the Local Offer, and so does each
    of its services (marked defunct). Returns how many services were retired."""
    organization = take_lock(
        Organization, organization.pk, version, user=retired_by, noun=organization.name
    )
    organization.retired_on = timezone.localdate()
    _save(organization, retired_by)
    retired = 0
    for service in organization.services.exclude(status=ServiceStatus.DEFUNCT):
        service.status = ServiceStatus.DEFUNCT
        stamp(service, user=retired_by)
        service.version += 1
        _save(service, retired_by)
        retired += 1
    return retired


# --- Services --------------------------------------------------------------------------------


def _sync_links(service, model, field: str, wanted, user) -> None:
    """Make ``service``'s ``model`` rows link exactly to ``wanted`` (records of ``field``)."""
    wanted_ids = {record.pk for record in wanted}
    existing = {getattr(row, f"{field}_id"): row for row in model.objects.filter(service=service)}
    for key, row in existing.items():
        if key not in wanted_ids:
            _delete(row, user)
    for key in wanted_ids - set(existing):
        _save(model(service=service, **{f"{field}_id": key}), user)


def _sync_contact(service, name: str, phone: str, user) -> None:
    contact = service.contacts.order_by("name").first()
    if not (name or phone):
        if contact is not None:
            _delete(contact, user)
        return
    if contact is None:
        contact = Contact(service=service)
    if contact._state.adding or contact.name != name:
        contact.name = name
        _save(contact, user)
    number = contact.phones.order_by("number").first()
    if not phone:
        if number is not None:
            _delete(number, user)
    elif number is None:
        _save(Phone(contact=contact, number=phone), user)
    elif number.number != phone:
        number.number = phone
        _save(number, user)


def _sync_schedule(service, text: str, user) -> None:
    schedule = service.schedules.order_by("description").first()
    if not text:
        if schedule is not None:
            _delete(schedule, user)
    elif schedule is None:
        _save(Schedule(service=service, description=text), user)
    elif schedule.description != text:
        schedule.description = text
        _save(schedule, user)


def _sync_cost(service, option: str, amount, user) -> None:
    cost = service.cost_options.order_by("option").first()
    if not option and amount is None:
        if cost is not None:
            _delete(cost, user)
        return
    if cost is None:
        cost = CostOption(service=service)
    if cost._state.adding or (cost.option, cost.amount) != (option, amount):
        cost.option, cost.amount = option, amount
        _save(cost, user)


def _save_parts(service, user, parts: dict) -> None:
    _sync_links(
        service,
        ServiceAttribute,
        "taxonomy_term",
        [*parts["categories"], *parts.get("needs", [])],
        user,
    )
    _sync_links(service, ServiceArea, "area", parts["areas"], user)
    _sync_links(service, ServiceAtLocation, "location", parts.get("locations", []), user)
    _sync_contact(service, parts.get("contact_name", ""), parts.get("phone", ""), user)
    _sync_schedule(service, parts.get("opening_times", ""), user)
    _sync_cost(service, parts.get("cost", ""), parts.get("cost_amount"), user)


def _split(fields: dict) -> tuple[dict, dict]:
    unknown = set(fields) - SERVICE_FIELDS - SERVICE_PARTS
    if unknown:
        raise TypeError(f"A service has no {', '.join(sorted(unknown))}")
    own = {name: value for name, value in fields.items() if name in SERVICE_FIELDS}
    parts = {name: value for name, value in fields.items() if name in SERVICE_PARTS}
    return own, parts


def _mark_reviewed(service, user) -> None:
    service.assured_date = timezone.localdate()
    service.assurer_email = getattr(user, "email", "") or ""


@transaction.atomic
def service_create(*, created_by, **fields) -> Service:
    """Add a service to the Local Offer (active, so shown to the public at once)."""
    own, parts = _split(fields)
    service = Service(**own)
    if parts.pop("reviewed", False):
        _mark_reviewed(service, created_by)
    stamp(service, user=created_by)
    _save(service, created_by)
    _save_parts(service, created_by, parts)
    return service


@transaction.atomic
def service_update(*, service, version, updated_by, **fields) -> Service:
    own, parts = _split(fields)
    service = take_lock(Service, service.pk, version, user=updated_by, noun=service.name)
    for name, value in own.items():
        setattr(service, name, value)
    if parts.pop("reviewed", False):
        _mark_reviewed(service, updated_by)
    _save(service, updated_by)
    _save_parts(service, updated_by, parts)
    return service


@transaction.atomic
def service_set_status(*, service, version, status: str, changed_by) -> Service:
    """Take a service out of the public Local Offer (or put it back with ``active``)."""
    if status not in ServiceStatus.values:
        raise ValueError(f"Unknown status {status!r}")
    service = take_lock(Service, service.pk, version, user=changed_by, noun=service.name)
    service.status = status
    _save(service, changed_by)
    return service


@transaction.atomic
def service_mark_reviewed(*, service, version, reviewed_by) -> Service:
    """The provider confirmed the details are still right today (the yearly review)."""
    service = take_lock(Service, service.pk, version, user=reviewed_by, noun=service.name)
    _mark_reviewed(service, reviewed_by)
    _save(service, reviewed_by)
    return service


# --- Comments on the Local Offer (reg 55) ----------------------------------------------------


def _publish(comment: Comment, publish: bool) -> None:
    if not publish:
        comment.published_on = None
    elif comment.published_on is None:
        comment.published_on = timezone.localdate()


@transaction.atomic
def comment_create(*, created_by, publish: bool, **fields) -> Comment:
    comment = Comment(**fields)
    _publish(comment, publish)
    stamp(comment, user=created_by)
    _save(comment, created_by)
    return comment


@transaction.atomic
def comment_update(record: Comment, *, version, updated_by, publish: bool, **fields) -> Comment:
    comment = take_lock(Comment, record.pk, version, user=updated_by, noun="The comment")
    for name, value in fields.items():
        setattr(comment, name, value)
    _publish(comment, publish)
    _save(comment, updated_by)
    return comment
