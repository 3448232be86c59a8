"""Editing the sections of a version being drafted, one function per kind of change.

Each function takes the version, the ``lock`` its form was loaded with (``PlanVersion.version``)
and the user; takes the optimistic lock (``services.lock_version``: a stale form raises
``PlanConflict`` and saves nothing; an issued version raises ``PlanError``); checks the data again
(imports and other apps do not go through the forms); and saves, in one transaction.

    save_views(version=v, lock=3, user=u, child_views="I like trains", ...)
    save_need(version=v, lock=4, user=u, section="b", area="communication", text="...")
    save_provision(version=v, lock=5, user=u, section="f", what="...", needs=[need], ...)
    remove_row(version=v, lock=6, user=u, row=need)
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from django.db import transaction

from openehcp.establishments.models import Establishment, SettingType

from .models import (
    AdviceItem,
    AreaOfNeed,
    BudgetItem,
    Need,
    Outcome,
    PfaArea,
    PlanVersion,
    Provision,
)
from .selectors import NONE_REASON_FIELDS
from .services import PlanError, lock_version
from .structure import NEED_SECTIONS, PROVISION_SECTIONS

VIEWS_FIELDS = (
    "child_views",
    "family_views",
    "interests",
    "aspirations",
    "profile_admired",
    "profile_important",
    "profile_support",
)


def _text(value: str | None) -> str:
    return (value or "").replace("\r\n", "\n").strip()


def _required(value: str | None, message: str, field: str) -> str:
    value = _text(value)
    if not value:
        raise PlanError(message, field=field)
    return value


def _own(version: PlanVersion, rows: Iterable, noun: str, field: str) -> list:
    """Rows to link to must belong to the same version."""
    rows = list(rows or ())
    if any(row.plan_version_id != version.pk for row in rows):
        raise PlanError(f"Choose {noun} from this version of the plan", field=field)
    return rows


def _row_of(version: PlanVersion, row, model):
    if row is None:
        return model(plan_version=version)
    if not isinstance(row, model) or row.plan_version_id != version.pk:
        raise PlanError("That row is not part of this version of the plan")
    return model.objects.get(pk=row.pk)


@transaction.atomic
def save_views(*, version: PlanVersion, lock: int, user, **views: str) -> PlanVersion:
    """Section A: the child's or young person's views in their own words, their family's, their
    interests and aspirations, and the one-page profile (reg 12(1)(a))."""
    unknown = set(views) - set(VIEWS_FIELDS)
    if unknown:
        raise TypeError(f"Not parts of section A: {sorted(unknown)}")
    version = lock_version(version, lock, user)
    for name in VIEWS_FIELDS:
        if name in views:
            setattr(version, name, _text(views[name]))
    version.save()
    return version


@transaction.atomic
def save_none_reason(*, version: PlanVersion, lock: int, user, section: str, reason: str):
    """Why section C, D, G, H1 or H2 has nothing in it ("no health needs were identified")."""
    if section not in NONE_REASON_FIELDS:
        raise PlanError("Only sections C, D, G, H1 and H2 record a reason for being empty")
    version = lock_version(version, lock, user)
    setattr(version, NONE_REASON_FIELDS[section], _text(reason))
    version.save()
    return version


@transaction.atomic
def save_placement(
    *,
    version: PlanVersion,
    lock: int,
    user,
    urn: str = "",
    placement_type: str = "",
    notes: str = "",
) -> PlanVersion:
    """Section I: the setting named, by its URN in the settings register, and its type; or only
    the type of setting (reg 12(1)(i))."""
    urn = _text(urn)
    establishment = None
    if urn:
        establishment = Establishment.objects.filter(urn=urn).first()
        if establishment is None:
            raise PlanError(
                f"There is no setting with URN {urn} in the settings register", field="urn"
            )
    placement_type = placement_type or (establishment.setting_type if establishment else "")
    if not placement_type:
        raise PlanError("Enter the setting's URN, or select the type of setting", field="urn")
    if placement_type not in SettingType.values:
        raise PlanError("Select the type of setting", field="placement_type")
    version = lock_version(version, lock, user)
    version.placement = establishment
    version.placement_type = placement_type
    version.placement_notes = _text(notes)
    version.save()
    return version


@transaction.atomic
def save_budget_none(*, version: PlanVersion, lock: int, user, reason: str) -> PlanVersion:
    """Section J with no personal budget: say so ("The family did not ask for one")."""
    version = lock_version(version, lock, user)
    version.budget_none = _text(reason)
    version.save()
    return version


@transaction.atomic
def save_need(
    *,
    version: PlanVersion,
    lock: int,
    user,
    section: str,
    text: str,
    area: str = "",
    need: Need | None = None,
) -> Need:
    """A need in section B (with its broad area of need, CoP 6.28), C or D."""
    if section not in NEED_SECTIONS:
        raise PlanError("Needs belong in section B, C or D")
    text = _required(text, "Describe the need", "text")
    if section == "b" and area not in AreaOfNeed.values:
        raise PlanError("Select the area of need", field="area")
    version = lock_version(version, lock, user)
    row = _row_of(version, need, Need)
    row.section, row.text, row.area = section, text, area if section == "b" else ""
    row.save()
    return row


@transaction.atomic
def save_outcome(
    *,
    version: PlanVersion,
    lock: int,
    user,
    text: str,
    steps: str = "",
    time_frame: str = "",
    needs: Iterable[Need] = (),
    preparing_for_adulthood: bool = False,
    pfa_area: str = "",
    outcome: Outcome | None = None,
) -> Outcome:
    """An outcome (section E), the needs it addresses, the steps towards it and by when; from
    Year 9, whether it prepares for adulthood and in which area (reg 12(3))."""
    text = _required(text, "Describe the outcome", "text")
    if pfa_area and pfa_area not in PfaArea.values:
        raise PlanError("Select the area of adult life", field="pfa_area")
    if preparing_for_adulthood and not pfa_area:
        raise PlanError("Select the area of adult life it prepares for", field="pfa_area")
    needs = _own(version, needs, "the needs", "needs")
    version = lock_version(version, lock, user)
    row = _row_of(version, outcome, Outcome)
    row.text, row.steps, row.time_frame = text, _text(steps), _text(time_frame)
    row.preparing_for_adulthood = bool(preparing_for_adulthood or pfa_area)
    row.pfa_area = pfa_area
    row.save()
    row.needs.set(needs)
    return row


@transaction.atomic
def save_provision(
    *,
    version: PlanVersion,
    lock: int,
    user,
    section: str,
    what: str,
    who: str = "",
    frequency: str = "",
    duration: str = "",
    group_size: str = "",
    needs: Iterable[Need] = (),
    outcomes: Iterable[Outcome] = (),
    provision: Provision | None = None,
) -> Provision:
    """Provision in section F, G, H1 or H2: what, who provides it, how often, for how long and in
    what group, and the needs and outcomes it serves. Vague or unquantified provision is saved
    (a draft is a draft) and flagged by the quality checks."""
    if section not in PROVISION_SECTIONS:
        raise PlanError("Provision belongs in section F, G, H1 or H2")
    what = _required(what, "Describe the provision", "what")
    needs = _own(version, needs, "the needs", "needs")
    outcomes = _own(version, outcomes, "the outcomes", "outcomes")
    version = lock_version(version, lock, user)
    row = _row_of(version, provision, Provision)
    row.section, row.what = section, what
    row.who, row.frequency = _text(who), _text(frequency)
    row.duration, row.group_size = _text(duration), _text(group_size)
    row.save()
    row.needs.set(needs)
    row.outcomes.set(outcomes)
    return row


@transaction.atomic
def save_budget_item(
    *,
    version: PlanVersion,
    lock: int,
    user,
    provision_covered: str,
    how_used: str = "",
    direct_payment: bool = False,
    amount: Decimal | None = None,
    item: BudgetItem | None = None,
) -> BudgetItem:
    """Section J: provision a personal budget pays for, how, whether by direct payment, and the
    amount a year (CFA s49)."""
    provision_covered = _required(
        provision_covered, "Enter the provision the budget pays for", "provision_covered"
    )
    if amount is not None and amount < 0:
        raise PlanError("The amount must be £0 or more", field="amount")
    version = lock_version(version, lock, user)
    row = _row_of(version, item, BudgetItem)
    row.provision_covered, row.how_used = provision_covered, _text(how_used)
    row.direct_payment, row.amount = bool(direct_payment), amount
    row.save()
    return row


@transaction.atomic
def save_advice_item(
    *,
    version: PlanVersion,
    lock: int,
    user,
    title: str = "",
    dated: date | None = None,
    advice_request=None,
    document=None,
    item: AdviceItem | None = None,
) -> AdviceItem:
    """Section K: advice from the assessment (an ``AdviceRequest``) or another document on the
    child's record, or any other information, by title."""
    if advice_request is not None and advice_request.request.child_id != version.child_id:
        raise PlanError("Choose advice from this child's assessment", field="advice_request")
    if document is not None and document.child_id != version.child_id:
        raise PlanError("Choose a document from this child's record", field="document")
    if not _text(title):
        if advice_request is not None:
            title = f"{advice_request.get_advisor_type_display()}: {advice_request.advisor_name}"
        elif document is not None:
            title = document.title
    title = _required(title, "Enter the title of the advice or information", "title")
    if dated is None:
        dated = (advice_request.received_on if advice_request else None) or (
            document.created_at.date() if document else None
        )
    version = lock_version(version, lock, user)
    row = _row_of(version, item, AdviceItem)
    row.title, row.dated = title[:200], dated
    row.advice_request, row.document = advice_request, document
    row.save()
    return row


@transaction.atomic
def remove_row(*, version: PlanVersion, lock: int, user, row) -> None:
    """Remove a need, outcome, provision, budget or advice row (and its links) from the draft."""
    model = type(row)
    if model not in (Need, Outcome, Provision, BudgetItem, AdviceItem):
        raise TypeError(f"Not a row of a plan section: {model.__name__}")
    version = lock_version(version, lock, user)
    _row_of(version, row, model).delete()
