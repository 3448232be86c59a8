"""The rules a disagreement's dates and outcomes must keep, as plain functions (no web, no
database): the order of the steps, which steps need which, and which Tribunal orders fit which
decision. ``problems`` returns every broken rule at once, by field, so a form can show them all.
"""

from __future__ import annotations

from datetime import date

from .models import (
    NO_CERTIFICATE_NEEDED,
    REQUEST_DECISIONS,
    AppealableDecision,
    AppealOutcome,
    Disagreement,
    MediationOutcome,
    OrderKind,
)

D = AppealableDecision

#: What the Tribunal can order, or the council concede, for each decision appealed against
#: (reg 43 says what the Tribunal may order; regs 44-45 what the council then does).
ORDERS_FOR: dict[str, frozenset[str]] = {
    D.NOT_TO_ASSESS: frozenset({OrderKind.ASSESS}),
    D.NOT_TO_ISSUE: frozenset({OrderKind.MAKE_PLAN, OrderKind.ASSESS}),
    D.PLAN_CONTENTS: frozenset({OrderKind.AMEND, OrderKind.AMEND_PLACEMENT}),
    D.NAMED_SETTING: frozenset({OrderKind.AMEND_PLACEMENT}),
    D.NOT_TO_REASSESS: frozenset({OrderKind.ASSESS}),
    D.NOT_TO_AMEND: frozenset({OrderKind.AMEND, OrderKind.AMEND_PLACEMENT}),
    D.CEASE: frozenset({OrderKind.CONTINUE, OrderKind.CONTINUE_AND_AMEND, OrderKind.CEASE}),
}

#: Outcomes after which the council has something to carry out.
ORDER_OUTCOMES = frozenset(
    {AppealOutcome.UPHELD, AppealOutcome.PARTLY_UPHELD, AppealOutcome.CONCEDED}
)


def _long(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


class _Problems(dict):
    def add(self, field: str, message: str) -> None:
        self.setdefault(field, message)  # the first problem of a field is the one to fix first

    def not_before(self, field: str, value, earlier, what: str) -> None:
        if value is not None and earlier is not None and value < earlier:
            self.add(field, f"{what} ({_long(earlier)})")

    def needs(self, field: str, value, required, message: str) -> None:
        if value not in (None, "") and required in (None, ""):
            self.add(field, message)


def problems(d: Disagreement, *, today: date) -> dict[str, str]:
    """Every rule ``d`` breaks, as ``{field: message}`` (empty when it keeps them all)."""
    p = _Problems()
    _decision(p, d)
    for field in (
        "decision_on",
        "adviser_contacted_on",
        "council_told_on",
        "mediation_on",
        "certificate_on",
        "appeal_lodged_on",
        "order_on",
        "order_complied_on",
    ):
        value = getattr(d, field)
        if value is not None and value > today:
            p.add(field, "The date must be today or in the past")
    _mediation(p, d)
    _appeal(p, d)
    _order(p, d)
    return dict(p)


def _decision(p: _Problems, d: Disagreement) -> None:
    if d.decision in REQUEST_DECISIONS:
        if d.request is None:
            p.add("request", "Choose the request for assessment the decision was about")
        elif d.request.child_id != d.child_id:
            p.add("request", "Choose one of this child's requests")
        elif d.decision == D.NOT_TO_ASSESS and d.request.decision_to_assess != "no":
            p.add("request", "That request has no decision not to assess recorded")
        elif d.decision == D.NOT_TO_ISSUE and d.request.decision_to_issue != "no":
            p.add("request", "That request has no decision not to issue a plan recorded")
        else:
            p.not_before(
                "decision_on",
                d.decision_on,
                d.request.received_on,
                "The decision cannot be before the request was received",
            )
        if d.plan is not None:
            p.add("plan", "A decision about a request is not about a plan: leave the plan out")
    elif d.decision:
        if d.plan is None:
            p.add("plan", "Choose the EHC plan the decision was about")
        elif d.plan.child_id != d.child_id:
            p.add("plan", "Choose one of this child's plans")
        else:
            p.not_before(
                "decision_on",
                d.decision_on,
                d.plan.made_on,
                "The decision cannot be before the plan was made",
            )
        if d.request is not None and d.request.child_id != d.child_id:
            p.add("request", "Choose one of this child's requests")
        ceasing = d.cessation if d.decision == D.CEASE else None
        if ceasing is not None and ceasing.decision_on and d.decision_on != ceasing.decision_on:
            p.add(
                "decision_on",
                f"The decision to cease this plan was sent on {_long(ceasing.decision_on)}: "
                "enter that date",
            )


def _mediation(p: _Problems, d: Disagreement) -> None:
    """reg 33: the family contacts the mediation adviser after the decision and says whether they
    want mediation; regs 34-39: the certificate, and the mediation within 30 days of the council
    being told."""
    p.not_before(
        "adviser_contacted_on",
        d.adviser_contacted_on,
        d.decision_on,
        "The mediation adviser cannot be contacted before the decision was sent",
    )
    p.needs(
        "mediation_wanted",
        d.mediation_wanted,
        d.adviser_contacted_on,
        "Enter the day the family contacted the mediation adviser first",
    )
    wanted_message = "Only when the family wants mediation: choose Yes for mediation wanted"
    for field in ("council_told_on", "mediation_on"):
        if getattr(d, field) is not None and d.mediation_wanted is not True:
            p.add(field, wanted_message)
    if d.mediation_outcome and d.mediation_wanted is not True:
        p.add("mediation_outcome", wanted_message)
    p.not_before(
        "council_told_on",
        d.council_told_on,
        d.adviser_contacted_on,
        "The council cannot be told before the family contacted the mediation adviser",
    )
    p.not_before(
        "mediation_on",
        d.mediation_on,
        d.council_told_on or d.adviser_contacted_on,
        "Mediation cannot be held before the council was told the family wants it",
    )
    if d.mediation_outcome in (MediationOutcome.AGREED, MediationOutcome.NOT_AGREED):
        p.needs(
            "mediation_outcome",
            d.mediation_outcome,
            d.mediation_on,
            "Enter when mediation was held",
        )
    p.needs(
        "certificate_on",
        d.certificate_on,
        d.adviser_contacted_on,
        "Enter the day the family contacted the mediation adviser first",
    )
    p.not_before(
        "certificate_on",
        d.certificate_on,
        d.adviser_contacted_on,
        "The certificate cannot be before the family contacted the mediation adviser",
    )


def _appeal(p: _Problems, d: Disagreement) -> None:
    """CFA s55: a certificate before the appeal, except one only about the school or institution
    named (section I); HESC r.20: the appeal follows the decision."""
    if d.appeal_lodged_on is not None:
        p.not_before(
            "appeal_lodged_on",
            d.appeal_lodged_on,
            d.decision_on,
            "The appeal cannot be before the decision was sent",
        )
        if d.certificate_on is None and d.decision not in NO_CERTIFICATE_NEEDED:
            p.add(
                "appeal_lodged_on",
                "An appeal needs a mediation certificate first (Children and Families Act 2014 "
                "s55), unless it is only about the school or college named: enter the "
                "certificate's date",
            )
        p.not_before(
            "appeal_lodged_on",
            d.appeal_lodged_on,
            d.certificate_on,
            "The appeal cannot be before the mediation certificate",
        )
    needs_appeal = "Enter the day the appeal was lodged first"
    for field in ("tribunal_reference", "response_due_on", "hearing_on", "appeal_outcome"):
        p.needs(field, getattr(d, field), d.appeal_lodged_on, needs_appeal)
    for field in ("response_due_on", "hearing_on"):
        p.not_before(
            field, getattr(d, field), d.appeal_lodged_on, "This cannot be before the appeal"
        )


def _order(p: _Problems, d: Disagreement) -> None:
    """regs 44-45: what the council must do after the Tribunal's order or after conceding."""
    outcome = d.appeal_outcome
    if outcome in ORDER_OUTCOMES and not d.order:
        p.add("order", "Choose what the council must now do")
    if d.order:
        # An appeal against ceasing dismissed, or withdrawn, lets the plan cease (reg 44(2)(a)).
        ceasing_dismissed = (
            outcome in (AppealOutcome.DISMISSED, AppealOutcome.WITHDRAWN)
            and d.decision == D.CEASE
            and d.order == OrderKind.CEASE
        )
        if outcome not in ORDER_OUTCOMES and not ceasing_dismissed:
            p.add(
                "order",
                "Only an appeal upheld, partly upheld or conceded (or an appeal against ceasing "
                "dismissed or withdrawn) leaves the council something to do",
            )
        elif d.order not in ORDERS_FOR.get(d.decision, frozenset()):
            p.add("order", "That is not something the Tribunal orders for this kind of decision")
        elif d.unopposed and d.order == OrderKind.CEASE:
            p.add(
                "order",
                "When the council does not oppose an appeal against ceasing, the plan continues",
            )
        if d.order_on is None:
            p.add(
                "order_on",
                "Enter the date of the order"
                if not d.unopposed
                else "Enter the day the council told the Tribunal it would not oppose the appeal",
            )
    elif d.order_on is not None:
        p.add("order_on", "Choose what the council must do first")
    p.not_before(
        "order_on", d.order_on, d.appeal_lodged_on, "The order cannot be before the appeal"
    )
    p.needs(
        "order_complied_on", d.order_complied_on, d.order_on, "Enter the date of the order first"
    )
    p.not_before(
        "order_complied_on",
        d.order_complied_on,
        d.order_on,
        "The order cannot be carried out before it was made",
    )
