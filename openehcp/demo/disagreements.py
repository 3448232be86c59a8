"""Disagreements in the demo: a few families dispute a decision, go to mediation or appeal.

Added to each child's rows after their story is told, from the child's own random stream (seeded
by the child, like the plan's content), so the rest of the demo is the same with or without it.
Rates in the spirit of the national figures (reference.md §4.3, §9.2, §9.6): about 2-4% of
appealable decisions lead to mediation, fewer to an appeal registered with the Tribunal (3.2% of
decisions in 2024); most refusals to assess are the decisions disputed. Every step is dated by
the law's order (regs 33-39, HESC r.20, regs 44-45) and cut at ``today``; the appeal is lodged
within the clock's window, and the council complies with most orders in time.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from openehcp import clock
from openehcp.assessments.models import Decision
from openehcp.disagreements.models import (
    AppealableDecision,
    AppealOutcome,
    Disagreement,
    MediationOutcome,
    OrderKind,
)

INSERT_ORDER = (("disagreements", Disagreement),)

#: How often each decision is disputed (the family contacts a mediation adviser).
DISPUTED = {
    AppealableDecision.NOT_TO_ASSESS: 0.11,
    AppealableDecision.NOT_TO_ISSUE: 0.12,
    AppealableDecision.PLAN_CONTENTS: 0.03,
    AppealableDecision.NAMED_SETTING: 0.012,
}
MEDIATION_WANTED = 0.65
APPEAL_AFTER_CERTIFICATE = 0.55
OUTCOMES = (
    (AppealOutcome.UPHELD, 0.45),
    (AppealOutcome.PARTLY_UPHELD, 0.1),
    (AppealOutcome.DISMISSED, 0.05),
    (AppealOutcome.WITHDRAWN, 0.2),
    (AppealOutcome.CONCEDED, 0.2),
)
ORDER_FOR = {
    AppealableDecision.NOT_TO_ASSESS: OrderKind.ASSESS,
    AppealableDecision.NOT_TO_ISSUE: OrderKind.MAKE_PLAN,
    AppealableDecision.PLAN_CONTENTS: OrderKind.AMEND,
    AppealableDecision.NAMED_SETTING: OrderKind.AMEND_PLACEMENT,
}


def _rng(child) -> random.Random:
    return random.Random(f"disagreement|{child.surname}|{child.forename}|{child.date_of_birth}")


def _days(rng: random.Random, low: int, high: int) -> timedelta:
    return timedelta(days=rng.randint(low, high))


def _choice(rng: random.Random, weighted) -> str:
    roll, total = rng.random(), 0.0
    for value, weight in weighted:
        total += weight
        if roll < total:
            return value
    return weighted[-1][0]


def _decisions(rows) -> list[tuple[str, date, dict]]:
    """The child's appealable decisions the demo knows of: (kind, notice date, link)."""
    request, plan, found = rows.request, rows.plan, []
    if request is not None:
        if request.decision_to_assess == Decision.NO and request.decision_on:
            found.append(
                (AppealableDecision.NOT_TO_ASSESS, request.decision_on, {"request": request})
            )
        if request.decision_to_issue == Decision.NO and request.issue_decision_on:
            found.append(
                (AppealableDecision.NOT_TO_ISSUE, request.issue_decision_on, {"request": request})
            )
    if plan is not None and plan.origin_request is not None and not plan.transferred_in_on:
        found.append((AppealableDecision.PLAN_CONTENTS, plan.made_on, {"plan": plan}))
        found.append((AppealableDecision.NAMED_SETTING, plan.made_on, {"plan": plan}))
    return found


def add_rows(rows, buckets: dict[str, list], *, today: date) -> None:
    """Add the child's disagreements, if any, to the buckets."""
    rng = _rng(rows.child)
    for kind, decided, link in _decisions(rows):
        if rng.random() < DISPUTED[kind]:
            disagreement = _story(rng, rows.child, kind, decided, link, today)
            if disagreement is not None:
                buckets["disagreements"].append(disagreement)
                return  # one disagreement a child is plenty for a demo


def _story(rng, child, kind, decided: date, link: dict, today: date) -> Disagreement | None:
    contacted = decided + _days(rng, 7, 55)
    if contacted > today:
        return None
    d = Disagreement(
        child=child, decision=kind, decision_on=decided, adviser_contacted_on=contacted, **link
    )
    d.mediation_wanted = rng.random() < MEDIATION_WANTED
    if d.mediation_wanted:
        d.council_told_on = contacted + _days(rng, 1, 4)
        held = d.council_told_on + _days(rng, 12, 40)  # a few beyond the 30 days (reg 37)
        if held > today:
            return d
        d.mediation_on = held
        d.mediation_outcome = _choice(
            rng,
            (
                (MediationOutcome.AGREED, 0.45),
                (MediationOutcome.NOT_AGREED, 0.45),
                (MediationOutcome.WITHDRAWN, 0.1),
            ),
        )
        certificate = held + _days(rng, 1, 3)
    else:
        certificate = contacted + _days(rng, 1, 4)
    if certificate > today:
        return d
    d.certificate_on = certificate
    if d.mediation_outcome == MediationOutcome.AGREED or rng.random() > APPEAL_AFTER_CERTIFICATE:
        return d
    last_day = clock.appeal_deadline(decided, certificate).due
    lodged = min(certificate + _days(rng, 3, 28), last_day)
    if lodged > today:
        return d
    d.appeal_lodged_on = lodged
    d.tribunal_reference = f"EH{rng.randint(100, 999)}/{lodged:%y}/{rng.randint(1, 99999):05d}"
    d.response_due_on = lodged + _days(rng, 35, 45)
    d.hearing_on = lodged + _days(rng, 140, 180)
    outcome = _choice(rng, OUTCOMES)
    ended = (
        lodged + _days(rng, 30, 100)
        if outcome in (AppealOutcome.CONCEDED, AppealOutcome.WITHDRAWN)
        else d.hearing_on + _days(rng, 7, 21)
    )
    if ended > today:
        return d
    d.appeal_outcome = outcome
    if outcome in (AppealOutcome.DISMISSED, AppealOutcome.WITHDRAWN):
        return d
    d.order, d.order_on = ORDER_FOR[kind], ended
    steps = clock.tribunal_order_deadlines(ended, d.order, unopposed=d.unopposed)
    window = (max(step.due for step in steps) - ended).days
    done = ended + timedelta(days=round(window * rng.uniform(0.5, 1.25)))
    d.order_complied_on = done if done <= today else None
    return d
