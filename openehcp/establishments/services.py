"""Writes to the settings register. The pages and ``openehcp import_gias`` both come through
here, so URN, UKPRN, LA code and postcode are checked whatever the way in. A change through the
pages takes the shared edit lock (``openehcp.web.locking``)."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from openehcp.accounts.models import Role
from openehcp.people.identifiers import (
    IdentifierError,
    clean_la_code,
    clean_postcode,
    clean_ukprn,
    clean_urn,
)
from openehcp.web.locking import take_lock

from .models import Establishment, Phase, SettingType

FIELDS = frozenset(
    {
        "urn",
        "ukprn",
        "name",
        "setting_type",
        "phase",
        "la_code",
        "postcode",
        "linked_caseworker",
        "is_open",
    }
)

CASEWORKER_ROLES = frozenset({Role.CASEWORKER, Role.TEAM_MANAGER})


def check_establishment(establishment: Establishment, *, check_unique: bool = True) -> None:
    """Raise ``ValidationError`` (by field) unless the entry is fit to keep; the codes and the
    postcode are normalised (``openehcp.people.identifiers``). ``check_unique=False`` is for
    the GIAS import, which matches URNs itself."""
    errors = {}
    cleaners = {
        "urn": clean_urn,
        "ukprn": clean_ukprn,
        "la_code": clean_la_code,
        "postcode": clean_postcode,
    }
    for name, cleaner in cleaners.items():
        value = getattr(establishment, name) or ""
        if not value and name != "urn":
            continue
        try:
            setattr(establishment, name, cleaner(value))
        except IdentifierError as error:
            errors[name] = str(error)
    if (
        "urn" not in errors
        and check_unique
        and Establishment.objects.filter(urn=establishment.urn)
        .exclude(pk=establishment.pk)
        .exists()
    ):
        errors["urn"] = "Another setting in the register already has this URN"
    if not establishment.name.strip():
        errors["name"] = "Enter the setting's name"
    if establishment.setting_type not in SettingType.values:
        errors["setting_type"] = "Choose the type of setting"
    if establishment.phase and establishment.phase not in Phase.values:
        errors["phase"] = "Choose the phase of education"
    caseworker = establishment.linked_caseworker
    if caseworker is not None and (
        caseworker.role not in CASEWORKER_ROLES or not caseworker.is_active
    ):
        errors["linked_caseworker"] = "The linked caseworker must be an active caseworker"
    if errors:
        raise ValidationError(errors)


def _save(establishment: Establishment, user) -> Establishment:
    establishment.name = establishment.name.strip()
    check_establishment(establishment)
    establishment._history_user = user
    try:
        with transaction.atomic():
            establishment.save()
    except IntegrityError as error:
        raise ValidationError(
            {"urn": "Another setting in the register already has this URN"}
        ) from error
    return establishment


@transaction.atomic
def establishment_create(*, created_by, **fields) -> Establishment:
    """Add a school, college or other setting to the register."""
    unknown = set(fields) - FIELDS
    if unknown:
        raise TypeError(f"establishment_create cannot set {', '.join(sorted(unknown))}")
    return _save(Establishment(**fields), created_by)


@transaction.atomic
def establishment_update(
    *, establishment: Establishment, version: int, updated_by, **changes
) -> Establishment:
    """Change an entry, if nobody else (or the GIAS import) saved it since ``version`` was loaded:
    else ``EditConflict``, nothing saved."""
    unknown = set(changes) - FIELDS
    if unknown:
        raise TypeError(f"establishment_update cannot change {', '.join(sorted(unknown))}")
    establishment = take_lock(
        Establishment,
        establishment.pk,
        version,
        user=updated_by,
        noun=f"The entry for {establishment.name}",
    )
    for name, value in changes.items():
        setattr(establishment, name, value)
    return _save(establishment, updated_by)
