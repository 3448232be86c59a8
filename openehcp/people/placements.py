"""A child's placements over time: recording a move, a dual registration, the end of a placement.

Every change takes the child's edit lock (``openehcp.web.locking``) and runs in one transaction:
a move ends the open main placement the day before the new one starts and opens the new one, and
``Child.establishment`` (the setting the child attends now) follows the main placement open today.
Either all of it is saved or none of it. The rules:

- a placement names a setting from the register or, with none, a type of setting;
- it ends on or after the day it starts, and starts on or after the child's birth;
- main placements never overlap (a child has one main registration at a time), nor do dual
  (subsidiary) ones: the DfE's SEN2 return has one placement of each rank (``PlacementRank``).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from openehcp.establishments.models import SettingType
from openehcp.web.locking import take_lock

from .models import Child, Placement
from .services import record_noun

DAY = datetime.timedelta(days=1)


@dataclass
class NewPlacement:
    """What a person records about a placement."""

    starts_on: datetime.date
    establishment: object = None
    setting_type: str = ""
    is_main: bool = True
    ends_on: datetime.date | None = None
    residential: str = ""
    work_based: str = ""


def _kind(is_main: bool) -> str:
    return "main placement" if is_main else "dual placement"


def _check(child: Child, placement: Placement) -> None:
    """The placement's own rules: a setting, dates in order. Every problem at once."""
    errors = {}
    if placement.establishment_id is None and not placement.setting_type:
        errors["establishment"] = "Choose a setting from the register, or a type of setting"
    elif placement.setting_type and placement.setting_type not in SettingType.values:
        errors["setting_type"] = "Choose a type of setting from the list"
    if placement.starts_on < child.date_of_birth:
        errors["starts_on"] = "The placement must start on or after the child’s date of birth"
    if placement.ends_on is not None and placement.ends_on < placement.starts_on:
        errors["ends_on"] = "The placement must end on or after the day it starts"
    if errors:
        raise ValidationError(errors)


def _clash(placement: Placement) -> Placement | None:
    """Another placement of the same rank that overlaps this one."""
    others = Placement.objects.filter(child_id=placement.child_id, is_main=placement.is_main)
    if placement.pk:
        others = others.exclude(pk=placement.pk)
    overlapping = Q(ends_on__isnull=True) | Q(ends_on__gte=placement.starts_on)
    if placement.ends_on is not None:
        overlapping &= Q(starts_on__lte=placement.ends_on)
    return others.filter(overlapping).select_related("establishment").first()


def _overlap_error(placement: Placement, other: Placement) -> ValidationError:
    until = f" to {other.ends_on:%-d %B %Y}" if other.ends_on else " with no end date"
    return ValidationError(
        {
            "starts_on": f"This overlaps the {_kind(other.is_main)} at {other.name} "
            f"(from {other.starts_on:%-d %B %Y}{until}): a child has one "
            f"{_kind(placement.is_main)} at a time"
        }
    )


def _sync_current(child: Child, today: datetime.date, *, left: bool = False) -> None:
    """Make ``Child.establishment`` the main placement open today. With none open today the
    record keeps its setting (a record from before the history was kept), unless ``left``: the
    main placement open today has just ended. A type of setting only is no setting."""
    open_today = (
        Placement.objects.filter(child=child, is_main=True, starts_on__lte=today)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
        .values_list("establishment_id", flat=True)
    )
    if not open_today and not left:
        return
    current = open_today.first()
    if child.establishment_id != current:
        child.establishment_id = current
        child.save(update_fields=["establishment", "updated_at"])


def _save(placement: Placement, user) -> Placement:
    placement._history_user = user
    placement.save()
    return placement


@transaction.atomic
def record_placement(
    *, child: Child, version: int, recorded_by, new: NewPlacement, today=None
) -> Placement:
    """Record a placement, if nobody has changed the child's record since ``version``.

    A new main placement that starts after an open main placement is a move: that placement ends
    the day before. Any other overlap with a placement of the same rank is refused. Raises
    ``EditConflict`` or ``ValidationError``; either way nothing is saved."""
    today = today or timezone.localdate()
    child = take_lock(Child, child.pk, version, user=recorded_by, noun=record_noun(child))
    placement = Placement(
        child=child,
        establishment=new.establishment,
        setting_type="" if new.establishment is not None else new.setting_type,
        is_main=new.is_main,
        starts_on=new.starts_on,
        ends_on=new.ends_on,
        residential=new.residential,
        work_based=new.work_based,
    )
    _check(child, placement)
    other = _clash(placement)
    if other is not None and other.ends_on is None and other.starts_on < placement.starts_on:
        other.ends_on = placement.starts_on - DAY  # the move: the old placement ends
        _save(other, recorded_by)
        other = _clash(placement)
    if other is not None:
        raise _overlap_error(placement, other)
    _save(placement, recorded_by)
    child._history_user = recorded_by
    _sync_current(child, today)
    return placement


@transaction.atomic
def end_placement(
    *, child: Child, version: int, placement_id: int, ends_on, ended_by, today=None
) -> Placement:
    """End (or change the end of) one of the child's placements."""
    today = today or timezone.localdate()
    child = take_lock(Child, child.pk, version, user=ended_by, noun=record_noun(child))
    placement = (
        Placement.objects.select_related("establishment")
        .filter(child=child, pk=placement_id)
        .first()
    )
    if placement is None:
        raise ValidationError({"placement": "That placement is no longer on the child’s record"})
    was_open = placement.open_on(today)
    placement.ends_on = ends_on
    _check(child, placement)
    other = _clash(placement)
    if other is not None:
        raise _overlap_error(placement, other)
    _save(placement, ended_by)
    child._history_user = ended_by
    _sync_current(child, today, left=placement.is_main and was_open)
    return placement


def move_current_setting(child: Child, establishment, *, on: datetime.date, user) -> None:
    """The child's record now names ``establishment`` (or none) as the setting attended: end the
    open main placement the day before ``on`` and open one at ``establishment`` from ``on``. A
    main placement that itself started on ``on`` is corrected instead. Called inside the
    transaction (and lock) of the change to the child's record; it does not touch
    ``Child.establishment``, which the caller sets."""
    open_main = (
        Placement.objects.filter(child=child, is_main=True, ends_on__isnull=True)
        .order_by("-starts_on")
        .first()
    )
    if open_main is not None and open_main.establishment_id == getattr(establishment, "pk", None):
        return
    if open_main is not None and open_main.starts_on >= on:
        if establishment is None:
            open_main._history_user = user
            open_main.delete()
        else:
            open_main.establishment, open_main.setting_type = establishment, ""
            _save(open_main, user)
        return
    if open_main is not None:
        open_main.ends_on = on - DAY
        _save(open_main, user)
    if establishment is not None:
        _save(Placement(child=child, establishment=establishment, starts_on=on), user)


def move_settings_in_bulk(children: list[Child], *, on: datetime.date, user) -> None:
    """``move_current_setting`` for many children at once (an import): ``children`` carry their
    new ``establishment_id``; each whose open main placement names another setting has it ended
    the day before ``on`` and a new one opened, in a handful of queries."""
    from simple_history.utils import bulk_create_with_history, bulk_update_with_history

    wanted = {child.pk: child.establishment_id for child in children}
    open_mains = {
        placement.child_id: placement
        for placement in Placement.objects.filter(
            child_id__in=list(wanted), is_main=True, ends_on__isnull=True
        ).order_by("child_id", "starts_on")
    }
    ended, new = [], []
    for child_id, establishment_id in wanted.items():
        current = open_mains.get(child_id)
        if current is not None and current.establishment_id == establishment_id:
            continue
        if current is not None and current.starts_on >= on and establishment_id is not None:
            current.establishment_id = establishment_id  # a correction on the same day
            ended.append(current)
            continue
        if current is not None:
            current.ends_on = max(on - DAY, current.starts_on)
            ended.append(current)
        if establishment_id is not None:
            new.append(
                Placement(child_id=child_id, establishment_id=establishment_id, starts_on=on)
            )
    if ended:
        bulk_update_with_history(ended, Placement, ["ends_on", "establishment"], default_user=user)
    if new:
        bulk_create_with_history(new, Placement, default_user=user)


def history(child: Child) -> list[Placement]:
    """The child's placements, latest first."""
    return list(child.placements.select_related("establishment").order_by("-starts_on", "-is_main"))


__all__ = [
    "NewPlacement",
    "end_placement",
    "history",
    "move_current_setting",
    "move_settings_in_bulk",
    "record_placement",
]
