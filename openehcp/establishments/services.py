"""Writes to the settings register. The pages and ``openehcp import_gias`` both come through
here, so URN, UKPRN, LA code and postcode are checked whatever the way in."""

import re

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from openehcp.accounts.models import Role
from openehcp.people.identifiers import IdentifierError, clean_postcode

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
    """Raise ``ValidationError`` (by field) unless the entry is fit to keep; the postcode is
    normalised. ``check_unique=False`` is for the GIAS import, which matches URNs itself."""
    errors = {}
    if not re.fullmatch(r"\d{6}", establishment.urn or ""):
        errors["urn"] = "Enter a URN of 6 digits, like 123456"
    elif (
        check_unique
        and Establishment.objects.filter(urn=establishment.urn)
        .exclude(pk=establishment.pk)
        .exists()
    ):
        errors["urn"] = "Another setting in the register already has this URN"
    if establishment.ukprn and not re.fullmatch(r"\d{8}", establishment.ukprn):
        errors["ukprn"] = "Enter a UKPRN of 8 digits, like 10001234"
    if not establishment.name.strip():
        errors["name"] = "Enter the setting's name"
    if establishment.setting_type not in SettingType.values:
        errors["setting_type"] = "Choose the type of setting"
    if establishment.phase and establishment.phase not in Phase.values:
        errors["phase"] = "Choose the phase of education"
    if establishment.la_code and not re.fullmatch(r"\d{3}", establishment.la_code):
        errors["la_code"] = "Enter an LA code of 3 digits, like 210"
    if establishment.postcode:
        try:
            establishment.postcode = clean_postcode(establishment.postcode)
        except IdentifierError as error:
            errors["postcode"] = str(error)
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
def establishment_update(*, establishment: Establishment, updated_by, **changes) -> Establishment:
    unknown = set(changes) - FIELDS
    if unknown:
        raise TypeError(f"establishment_update cannot change {', '.join(sorted(unknown))}")
    for name, value in changes.items():
        setattr(establishment, name, value)
    return _save(establishment, updated_by)
