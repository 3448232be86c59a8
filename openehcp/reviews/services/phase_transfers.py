"""Phase transfers (SEND Regulations 2014 reg 18): the cohort, the family's preference, the
consultations with settings; the new setting is named by amending the plan (``amendments``)
before 15 February, or 31 March for a move from secondary school to post-16."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from django.db import transaction
from django.utils import timezone

from openehcp import clock
from openehcp.establishments.models import Establishment
from openehcp.web.locking import stamp

from ..cohorts import cohort_phases, cohort_plans
from ..letters import MOVES
from ..models import PhaseTransfer, PlanActivity, SettingConsultation
from ..preference import new_key, token_for
from .common import (
    WorkflowError,
    check_date,
    lock,
    log_activity,
    long_date,
    require_maintained,
    write_letter,
)


@transaction.atomic
def create_transfer_cohort(
    *, year: int, user, rules: clock.ClockRules = clock.DEFAULT_RULES
) -> dict[str, int]:
    """List every child with a maintained plan who moves phase in September of ``year``, as a
    ``PhaseTransfer`` each (reg 18). Children already listed for that year are left as they are,
    so it can be run again as plans are made. Returns how many were added per phase."""
    added, log = {}, []
    today = timezone.localdate()
    for phase in cohort_phases():
        plans = cohort_plans(year, phase, rules=rules).exclude(phase_transfers__transfer_year=year)
        ids = list(plans.values_list("pk", flat=True))
        PhaseTransfer.objects.bulk_create(
            [PhaseTransfer(plan_id=pk, transfer_year=year, to_phase=phase) for pk in ids],
            ignore_conflicts=True,
        )
        added[phase] = len(ids)
        due = long_date(clock.phase_transfer_deadline(year, phase, rules).due)
        log += [
            PlanActivity(
                plan_id=pk,
                occurred_on=today,
                kind="phase_transfer_listed",
                description=f"Listed to move {MOVES[phase]} in September {year}: the plan must "
                f"name the new setting by {due} (regulation 18).",
                author=user,
            )
            for pk in ids
        ]
    PlanActivity.objects.bulk_create(log, batch_size=1000)
    return added


def _lock(transfer: PhaseTransfer, version: int, user) -> PhaseTransfer:
    transfer = lock(PhaseTransfer, transfer.pk, version, user, related=("plan__child",))
    require_maintained(transfer.plan)
    if transfer.amended_plan_issued_on:
        raise WorkflowError(
            f"The amended plan naming the new setting was issued on "
            f"{long_date(transfer.amended_plan_issued_on)}"
        )
    return transfer


@transaction.atomic
def send_preference_letter(
    *,
    transfer: PhaseTransfer,
    version: int,
    user,
    sent_on: date | None,
    link_for: Callable[[str], str],
) -> PhaseTransfer:
    """Write to the family about the move and ask for their preferred setting, with a link and a
    QR code to the online form (``link_for(token)`` gives the full web address)."""
    transfer = _lock(transfer, version, user)
    transfer.letter_sent_on = check_date(
        sent_on,
        noun="the date the letter was sent",
        field="sent_on",
        not_before=((transfer.plan.made_on, "the day the plan was made"),),
    )
    if not transfer.preference_key:
        transfer.preference_key = new_key()
    transfer.save()
    activity = log_activity(
        transfer.plan,
        kind="phase_transfer_letter",
        on=transfer.letter_sent_on,
        user=user,
        description=f"Wrote to the family about the move {MOVES[transfer.to_phase]} in "
        f"September {transfer.transfer_year}, asking for their preferred setting.",
        phase_transfer=transfer,
    )
    write_letter(
        "phase_transfer_preference",
        plan=transfer.plan,
        activity=activity,
        user=user,
        on=transfer.letter_sent_on,
        transfer=transfer,
        preference_link=link_for(token_for(transfer)),
    )
    return transfer


def _preference_text(transfer: PhaseTransfer) -> str:
    if transfer.preferred_establishment_id:
        return transfer.preferred_establishment.name
    return transfer.preference_other


@transaction.atomic
def record_preference(
    *,
    transfer: PhaseTransfer,
    version: int | None,
    user=None,
    establishment: Establishment | None,
    other: str = "",
    reasons: str = "",
    received_on: date | None = None,
) -> PhaseTransfer:
    """The family's preferred setting, from the online form (no user, no version: the family
    may change their answer until the plan is amended) or recorded by a caseworker."""
    online = user is None
    if online:
        transfer = (
            PhaseTransfer.objects.select_for_update().select_related("plan").get(pk=transfer.pk)
        )
        require_maintained(transfer.plan)
        if transfer.amended_plan_issued_on:
            raise WorkflowError("The new setting has already been named in the plan")
        transfer.version += 1
        stamp(transfer, user=None)
        received_on = timezone.localdate()
    else:
        transfer = _lock(transfer, version, user)
        received_on = check_date(
            received_on, noun="the date the family told us", field="received_on"
        )
    other = (other or "").strip()
    if establishment is None and not other:
        raise WorkflowError(
            "Enter the name of the school, college or setting you would like", field="setting"
        )
    transfer.preferred_establishment = establishment
    transfer.preference_other = "" if establishment else other[:200]
    transfer.preference_reasons = (reasons or "").strip()
    transfer.preference_received_on = received_on
    transfer.preference_online = online
    transfer.save()
    how = "through the online form" if online else "to their caseworker"
    description = f"The family said {how} that they would like {_preference_text(transfer)}."
    if transfer.preference_reasons:
        description += f"\nWhy: {transfer.preference_reasons}"
    log_activity(
        transfer.plan,
        kind="phase_transfer_preference",
        on=received_on,
        user=user,
        description=description,
        phase_transfer=transfer,
    )
    return transfer


@transaction.atomic
def consult_setting(
    *,
    transfer: PhaseTransfer,
    version: int,
    user,
    establishment: Establishment | None,
    sent_on: date | None,
) -> SettingConsultation:
    """Consult a setting about admitting the child before naming it (CFA s39, applied to
    amendments by reg 22); the Code of Practice gives it 15 days to reply."""
    transfer = _lock(transfer, version, user)
    if establishment is None:
        raise WorkflowError("Select the setting to consult", field="establishment")
    if transfer.consultations.filter(establishment=establishment).exists():
        raise WorkflowError(
            f"{establishment.name} has already been consulted", field="establishment"
        )
    sent_on = check_date(sent_on, noun="the date the consultation was sent", field="sent_on")
    consultation = SettingConsultation.objects.create(
        plan=transfer.plan, phase_transfer=transfer, establishment=establishment, sent_on=sent_on
    )
    log_activity(
        transfer.plan,
        kind="phase_transfer_consultation",
        on=sent_on,
        user=user,
        description=f"Consulted {establishment.name}. It should reply by "
        f"{long_date(sent_on + clock.CONSULTATION)}.",
        phase_transfer=transfer,
    )
    return consultation


@transaction.atomic
def record_consultation_reply(
    *,
    consultation: SettingConsultation,
    version: int,
    user,
    replied_on: date | None,
    can_meet_needs: bool | None,
    notes: str = "",
) -> SettingConsultation:
    """A consulted setting's reply: whether it can meet the child's needs."""
    transfer = _lock(consultation.phase_transfer, version, user)
    consultation = SettingConsultation.objects.select_related("establishment").get(
        pk=consultation.pk
    )
    if consultation.replied_on:
        raise WorkflowError(
            f"The reply was already recorded on {long_date(consultation.replied_on)}"
        )
    if can_meet_needs is None:
        raise WorkflowError("Select whether the setting can meet the needs", field="can_meet_needs")
    consultation.replied_on = check_date(
        replied_on,
        noun="the date of the reply",
        field="replied_on",
        not_before=((consultation.sent_on, "the day the consultation was sent"),),
    )
    consultation.can_meet_needs = can_meet_needs
    consultation.reply_notes = (notes or "").strip()
    consultation.save()
    answer = "can" if can_meet_needs else "cannot"
    log_activity(
        transfer.plan,
        kind="phase_transfer_consultation_reply",
        on=consultation.replied_on,
        user=user,
        description=f"{consultation.establishment.name} replied that it {answer} meet the needs.",
        phase_transfer=transfer,
    )
    return consultation
