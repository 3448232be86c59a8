"""Writes to children's records and their contacts. Forms, imports and the online request form all
come through here, so every identifier is checked again whatever the entry point.

``child_update``, ``contact_update`` and ``child_merge`` take the shared edit lock
(``openehcp.web.locking``): the caller passes the ``version`` it loaded, and a save after someone
else's raises ``EditConflict`` and changes nothing.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from openehcp.web.locking import mark_changed, take_lock

from .ages import age_on
from .identifiers import (
    IdentifierError,
    clean_nhs_number,
    clean_postcode,
    clean_uln,
    clean_upn,
)
from .models import Child, Contact

# The fields of a child's record that people may change through ``child_update``.
CHILD_FIELDS = frozenset(
    {
        "forename",
        "surname",
        "preferred_name",
        "date_of_birth",
        "sex",
        "upn",
        "uln",
        "upn_unknown_reason",
        "nhs_number",
        "address",
        "postcode",
        "ethnicity",
        "first_language",
        "home_la",
        "establishment",
        "ncy_offset",
        "primary_need",
        "secondary_need",
        "caseworker",
        "lead_professional",
        "possible_duplicate",
    }
)

CONTACT_FIELDS = frozenset(
    {
        "name",
        "relationship",
        "parental_responsibility",
        "email",
        "phone",
        "address",
        "postcode",
        "preferred_method",
        "interpreter_language",
        "accessible_format",
        "is_main_contact",
        "young_person_agreed_access",
    }
)

# The SEND duties run to the 25th birthday (CFA 2014 s83(2)).
OLDEST_AGE = 25

_CLEANERS = {
    "upn": clean_upn,
    "uln": clean_uln,
    "nhs_number": clean_nhs_number,
    "postcode": clean_postcode,
}


def record_noun(child: Child) -> str:
    """How a conflict names a child's record."""
    return f"{child.full_name}’s record"


def _clean_identifiers(fields: dict) -> dict:
    """Normalise each identifier present; collect every problem before raising."""
    errors = {}
    cleaned = dict(fields)
    for name, cleaner in _CLEANERS.items():
        value = (cleaned.get(name) or "").strip()
        if name not in cleaned:
            continue
        if not value:
            cleaned[name] = ""
            continue
        try:
            cleaned[name] = cleaner(value)
        except IdentifierError as error:
            errors[name] = str(error)
    if errors:
        raise ValidationError(errors)
    return cleaned


def _check_child(child: Child, *, new: bool) -> None:
    """Invariants of a child's record, checked on every write."""
    errors = {}
    today = timezone.localdate()
    if not child.forename.strip():
        errors["forename"] = "Enter the first name"
    if not child.surname.strip():
        errors["surname"] = "Enter the last name"
    if child.date_of_birth > today:
        errors["date_of_birth"] = "Date of birth must be today or in the past"
    elif new and age_on(child.date_of_birth, today) > OLDEST_AGE:
        errors["date_of_birth"] = "The SEND service supports children and young people up to 25"
    if child.secondary_need and child.secondary_need == child.primary_need:
        errors["secondary_need"] = "The secondary need must be different from the primary need"
    if child.upn and Child.objects.filter(upn=child.upn).exclude(pk=child.pk).exists():
        errors["upn"] = "Another child's record already has this UPN"
    if errors:
        raise ValidationError(errors)


def _save_child(child: Child) -> None:
    try:
        with transaction.atomic():
            child.save()
    except IntegrityError as error:
        # Two people entering the same UPN at the same moment: the unique constraint decides.
        raise ValidationError({"upn": "Another child's record already has this UPN"}) from error


@transaction.atomic
def child_create(
    *,
    forename: str,
    surname: str,
    date_of_birth: datetime.date,
    caseworker,
    created_by,
    preferred_name: str = "",
    sex: str = "",
    upn: str = "",
    uln: str = "",
    upn_unknown_reason: str = "",
    nhs_number: str = "",
    address: str = "",
    postcode: str = "",
    ethnicity: str = "",
    first_language: str = "",
    home_la: str = "",
    establishment=None,
    ncy_offset: int = 0,
    primary_need: str = "",
    secondary_need: str = "",
    lead_professional: str = "",
    possible_duplicate: bool = False,
) -> Child:
    """Record a new child or young person (0-25). Every child has a named caseworker."""
    fields = _clean_identifiers(
        {"upn": upn, "uln": uln, "nhs_number": nhs_number, "postcode": postcode}
    )
    child = Child(
        forename=forename.strip(),
        surname=surname.strip(),
        preferred_name=preferred_name.strip(),
        date_of_birth=date_of_birth,
        sex=sex,
        upn_unknown_reason=upn_unknown_reason,
        address=address.strip(),
        ethnicity=ethnicity,
        first_language=first_language,
        home_la=home_la,
        establishment=establishment,
        ncy_offset=ncy_offset,
        primary_need=primary_need,
        secondary_need=secondary_need,
        caseworker=caseworker,
        lead_professional=lead_professional.strip(),
        possible_duplicate=possible_duplicate,
        **fields,
    )
    _check_child(child, new=True)
    child._history_user = created_by
    _save_child(child)
    if child.establishment_id:
        from .placements import move_current_setting

        move_current_setting(child, child.establishment, on=timezone.localdate(), user=created_by)
    return child


@transaction.atomic
def child_update(*, child: Child, version: int, updated_by, **changes) -> Child:
    """Change a child's record, if nobody else has saved it since ``version`` was loaded.

    Raises ``EditConflict`` (nothing saved) when the stored version has moved on.
    """
    unknown = set(changes) - CHILD_FIELDS
    if unknown:
        raise TypeError(f"child_update cannot change {', '.join(sorted(unknown))}")
    child = take_lock(Child, child.pk, version, user=updated_by, noun=record_noun(child))
    changes = _clean_identifiers(changes)
    moved_from = child.establishment_id
    for name, value in changes.items():
        setattr(child, name, value.strip() if isinstance(value, str) else value)
    _check_child(child, new=False)
    child._history_user = updated_by
    _save_child(child)
    if child.establishment_id != moved_from:
        # A new setting attended from today: the placement history records the move.
        from .placements import move_current_setting

        move_current_setting(child, child.establishment, on=timezone.localdate(), user=updated_by)
    return child


def _check_contact(contact: Contact) -> None:
    errors = {}
    if not contact.name.strip():
        errors["name"] = "Enter the contact's name"
    method = contact.preferred_method
    if method == Contact.Method.EMAIL and not contact.email:
        errors["email"] = "Enter an email address, or choose another way to contact them"
    if method in {Contact.Method.PHONE, Contact.Method.TEXT} and not contact.phone:
        errors["phone"] = "Enter a phone number, or choose another way to contact them"
    if method == Contact.Method.POST and not (contact.address and contact.postcode):
        errors["address"] = "Enter an address and postcode, or choose another way to contact them"
    if errors:
        raise ValidationError(errors)


def _save_contact(contact: Contact, user) -> Contact:
    _check_contact(contact)
    if contact.is_main_contact:
        # One main contact per child: letters and notices go to them.
        Contact.objects.filter(child_id=contact.child_id, is_main_contact=True).exclude(
            pk=contact.pk
        ).update(is_main_contact=False)
    contact._history_user = user
    contact.save()
    return contact


@transaction.atomic
def contact_add(*, child: Child, added_by, **fields) -> Contact:
    """Add a parent, carer, the young person themselves or another person to contact. The same
    person cannot be added twice (the add button pressed twice adds them once)."""
    unknown = set(fields) - CONTACT_FIELDS
    if unknown:
        raise TypeError(f"contact_add cannot set {', '.join(sorted(unknown))}")
    fields = _clean_identifiers(fields)
    contact = Contact(child=child, **fields)
    # Serialise adds to one child's contacts, so two at the same moment see each other.
    Child.objects.select_for_update().only("pk").get(pk=child.pk)
    if Contact.objects.filter(
        child=child,
        name__iexact=contact.name.strip(),
        relationship=contact.relationship,
    ).exists():
        raise ValidationError(
            {"name": f"{contact.name.strip()} is already one of this child’s contacts"}
        )
    return _save_contact(contact, added_by)


@transaction.atomic
def contact_update(*, contact: Contact, version: int, updated_by, **changes) -> Contact:
    """Change a contact, if nobody else has saved it since ``version`` was loaded."""
    unknown = set(changes) - CONTACT_FIELDS
    if unknown:
        raise TypeError(f"contact_update cannot change {', '.join(sorted(unknown))}")
    contact = take_lock(
        Contact, contact.pk, version, user=updated_by, noun=f"{contact.name}’s contact record"
    )
    for name, value in _clean_identifiers(changes).items():
        setattr(contact, name, value)
    return _save_contact(contact, updated_by)


@transaction.atomic
def contact_remove(*, contact: Contact, removed_by) -> bool:
    """Remove the contact; ``False`` when it had already gone (removed by someone else, or the
    same removal sent twice). The row lock makes two removals at once remove it once."""
    contact = Contact.objects.select_for_update().filter(pk=contact.pk).first()
    if contact is None:
        return False
    contact._history_user = removed_by
    contact.delete()
    return True


@transaction.atomic
def child_merge(*, duplicate: Child, version: int, into: Child, merged_by) -> Child:
    """Fold a duplicate record into the existing one.

    Every case record that hangs off the duplicate (requests, documents, contacts, plans...) moves
    to ``into``; each moved request notes the merge. The duplicate itself is kept, marked as
    merged, so the access log and the change history still name the record people saw.
    ``version`` is the duplicate's, as the page showed it: a merge after someone else changed
    (or merged) the duplicate raises ``EditConflict``.
    """
    from openehcp.assessments.models import Activity

    if duplicate.pk == into.pk:
        raise ValidationError("A record cannot be merged into itself")
    duplicate = take_lock(Child, duplicate.pk, version, user=merged_by, noun=record_noun(duplicate))
    into = Child.objects.select_for_update(of=("self",)).get(pk=into.pk)
    if duplicate.merged_into_id or into.merged_into_id:
        raise ValidationError("This record has already been merged")
    moved_requests = list(duplicate.assessment_requests.values_list("pk", flat=True))
    for relation in Child._meta.related_objects:
        if relation.one_to_many and relation.related_model._meta.app_label != "audit":
            relation.related_model._default_manager.filter(
                **{relation.field.name: duplicate}
            ).update(**{relation.field.name: into})
    Activity.objects.bulk_create(
        Activity(
            request_id=pk,
            occurred_on=timezone.localdate(),
            kind="record_merged",
            description=(
                f"Moved to the record of {into.full_name} (born {into.date_of_birth:%-d %B %Y}): "
                "the child had been entered twice."
            ),
            author=merged_by,
        )
        for pk in moved_requests
    )
    duplicate.merged_into = into
    duplicate.possible_duplicate = False
    duplicate._history_user = merged_by
    duplicate.save()
    mark_changed(Child.objects.filter(pk=into.pk), user=merged_by)
    into.refresh_from_db()
    return into


@transaction.atomic
def reallocate(*, children, to_caseworker, by) -> int:
    """Give ``children`` a new named caseworker in one go (a manager rebalancing a team).

    ``by`` must be allowed to manage the team of every child and of ``to_caseworker`` (the
    permission policy's ``manage_team``), or nothing changes. The new caseworker must be an
    active caseworker or team manager. Each moved record's version moves on, so a form loaded
    before the move reports a conflict, and its change history names ``by``. Returns how many
    children changed caseworker.
    """
    from django.core.exceptions import PermissionDenied
    from simple_history.utils import bulk_update_with_history

    from openehcp.accounts.policy import TEAM_ROLES, can

    if not (to_caseworker.is_active and to_caseworker.role in TEAM_ROLES):
        raise ValidationError({"to_caseworker": "Choose an active caseworker or team manager"})
    if not can(by, "manage_team", to_caseworker):
        raise PermissionDenied
    ids = {child.pk for child in children}
    if not ids:
        raise ValidationError({"children": "Select the children to reallocate"})
    records = list(
        Child.objects.select_for_update(of=("self",))
        .select_related("caseworker")
        .filter(pk__in=ids, merged_into__isnull=True)
    )
    if len(records) != len(ids):
        raise ValidationError({"children": "A selected record no longer exists or was merged"})
    if not all(can(by, "manage_team", child) for child in records):
        raise PermissionDenied
    moving = [child for child in records if child.caseworker_id != to_caseworker.pk]
    now = timezone.now()
    for child in moving:
        child.caseworker = to_caseworker
        child.version += 1
        child.updated_at = child.changed_at = now
        child.changed_by = by
    bulk_update_with_history(
        moving,
        Child,
        ["caseworker", "version", "updated_at", "changed_at", "changed_by"],
        default_user=by,
        default_change_reason=f"Reallocated to {to_caseworker}",
    )
    return len(moving)
