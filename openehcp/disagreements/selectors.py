"""Reading disagreements: a child's, and the open ones across the service (set-based: one query
for the rows the person may see, then the clock's dates for the ones still open)."""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import Q

from openehcp.accounts.policy import visible_children

from .deadlines import Overview, Stage, overview
from .models import Disagreement, MediationOutcome

#: Longer than any appeal window can run (2 months from the decision, or 1 month from the
#: certificate, then at most to the first working day after 31 August under HESC r.12), so a
#: disagreement older than this with no appeal is certainly closed and need not be read.
_WINDOW_BOUND_AFTER_DECISION = timedelta(days=130)
_WINDOW_BOUND_AFTER_CERTIFICATE = timedelta(days=70)


def for_child(child, *, today: date) -> list[Overview]:
    rows = Disagreement.objects.filter(child=child).select_related("request", "plan")
    return [overview(d, as_of=today) for d in rows]


def _maybe_open(today: date) -> Q:
    """A filter that keeps every disagreement that may still be open on ``today`` (and a few
    that are not: the clock decides those)."""
    no_appeal = Q(appeal_lodged_on__isnull=True)
    window_may_run = Q(decision_on__gte=today - _WINDOW_BOUND_AFTER_DECISION) | Q(
        certificate_on__gte=today - _WINDOW_BOUND_AFTER_CERTIFICATE
    )
    # As ``deadlines.in_mediation``: the time to appeal may run on from a certificate to come.
    mediating = Q(mediation_wanted=True, mediation_outcome="") | Q(
        adviser_contacted_on__isnull=False, certificate_on__isnull=True
    )
    waiting = (
        no_appeal & ~Q(mediation_outcome=MediationOutcome.AGREED) & (window_may_run | mediating)
    )
    in_appeal = Q(appeal_lodged_on__isnull=False, appeal_outcome="")
    order_open = ~Q(order="") & Q(order_complied_on__isnull=True)
    return waiting | in_appeal | order_open


def open_for(user, *, today: date, stage: str = "") -> list[Overview]:
    """The open disagreements of the children ``user`` may see, overdue first, then by the next
    deadline (those with none last), then oldest decision first; ``stage`` keeps one stage."""
    rows = (
        Disagreement.objects.filter(_maybe_open(today))
        .filter(child__in=visible_children(user).values("pk"))
        .select_related("child", "child__caseworker", "request", "plan")
    )
    overviews = [overview(d, as_of=today) for d in rows]
    wanted = [o for o in overviews if o.stage != Stage.CLOSED and (not stage or o.stage == stage)]
    far = date.max
    wanted.sort(
        key=lambda o: (
            not o.overdue,
            o.next_deadline.due if o.next_deadline else far,
            o.disagreement.decision_on,
            o.disagreement.pk,
        )
    )
    return wanted
