"""``openehcp timeline <form> ...``: a case's statutory deadlines as one JSON object.

    openehcp timeline assessment --received 2025-01-06 [--exception REASON:START:END[:ASKED]]...
    openehcp timeline advice --requested DATE [--received DATE] [--exception ...]
    openehcp timeline draft --sent DATE [--served DATE]
    openehcp timeline review --plan-issued DATE [--last-review DATE] [--meeting DATE]
                             [--date-of-birth DATE] [--inclusive]
    openehcp timeline amendment --notice-sent DATE [--served DATE] [--meeting DATE]
    openehcp timeline phase-transfer --year 2027 --to secondary|post16|primary|junior|middle
                                     [--inclusive]
    openehcp timeline appeal --decision DATE [--certificate DATE]

Every form accepts ``--as-of DATE``. The object has each deadline's due date under its key
(``final_plan_due``: "2025-05-26"), ``act_by`` (key -> last working day on or before), and
``deadlines`` (the full detail: rule, citation, what to do if missed). With ``--as-of`` or
``--exception`` it also has ``time_limit_applies`` and ``status`` (key -> value). Bad input exits
non-zero with one line naming the argument.
"""

from __future__ import annotations

import argparse
import json
from datetime import date

from django.core.management.base import BaseCommand, CommandError, CommandParser

from openehcp import clock
from openehcp.clock import CaseFacts, ClockRules, Deadline, ExceptionPeriod, ExceptionReason

REASONS = ", ".join(r.value for r in ExceptionReason)


class OneLineParser(CommandParser):
    """Argument errors as one line (no usage dump) from the console, CommandError otherwise."""

    def error(self, message):
        if self.called_from_command_line:
            self.exit(2, f"{self.prog}: error: {message}\n")
        raise CommandError(f"Error: {message}")


def iso_date(text: str) -> date:
    """A YYYY-MM-DD date that exists."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"'{text}' is not a real date in the form YYYY-MM-DD"
        ) from None


def year(text: str) -> int:
    if not text.isdigit() or len(text) != 4:
        raise argparse.ArgumentTypeError(f"'{text}' is not a 4-digit year")
    return int(text)


def exception_period(text: str) -> ExceptionPeriod:
    """REASON:START:END, or REASON:START:END:ADVICE_REQUESTED for the closure reasons."""
    parts = text.split(":")
    if len(parts) not in (3, 4):
        raise argparse.ArgumentTypeError(
            f"'{text}' must be REASON:START:END (dates YYYY-MM-DD; a closure may add "
            ":ADVICE_REQUESTED)"
        )
    try:
        reason = ExceptionReason(parts[0].strip().lower())
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"unknown reason '{parts[0]}' (use one of: {REASONS})"
        ) from None
    start, end = iso_date(parts[1]), iso_date(parts[2])
    if end < start:
        raise argparse.ArgumentTypeError(f"end {end} is before start {start} in '{text}'")
    asked = iso_date(parts[3]) if len(parts) == 4 else None
    if asked is not None and reason not in (
        ExceptionReason.SCHOOL_CLOSURE,
        ExceptionReason.EARLY_YEARS_CLOSURE,
    ):
        raise argparse.ArgumentTypeError(
            f"only a closure takes a fourth date (the day advice was asked for) in '{text}'"
        )
    return ExceptionPeriod(reason, start, end, asked)


def _not_before(later: date | None, earlier: date | None, later_name: str, earlier_name: str):
    if later is not None and earlier is not None and later < earlier:
        raise CommandError(f"{later_name} {later} is before {earlier_name} {earlier}")


class Command(BaseCommand):
    help = "Print a case's statutory SEND deadlines as JSON (ISO dates)."
    # A pure computation: it needs neither the database nor the URL configuration.
    requires_system_checks: list[str] = []

    def create_parser(self, prog_name, subcommand, **kwargs):
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.__class__ = OneLineParser
        return parser

    def add_arguments(self, parser):
        forms = parser.add_subparsers(
            dest="form", required=True, metavar="FORM", parser_class=OneLineParser
        )

        def form(name, help_text):
            sub = forms.add_parser(name, help=help_text, description=help_text)
            sub.add_argument("--as-of", type=iso_date, metavar="DATE", help="status as of DATE")
            return sub

        assessment = form("assessment", "EHC needs assessment: 6, 16 and 20 weeks (regs 5-13)")
        start = assessment.add_mutually_exclusive_group(required=True)
        start.add_argument("--received", type=iso_date, metavar="DATE", help="request received")
        start.add_argument(
            "--became-responsible",
            type=iso_date,
            metavar="DATE",
            help="the council became responsible (family moved in, CFA s24)",
        )
        assessment.add_argument("--decision", type=iso_date, metavar="DATE")
        assessment.add_argument("--draft-served", type=iso_date, metavar="DATE")
        assessment.add_argument("--plan-issued", type=iso_date, metavar="DATE")
        assessment.add_argument(
            "--exception",
            type=exception_period,
            action="append",
            default=[],
            metavar="REASON:START:END",
            help=f"a recorded exception (repeatable); REASON is one of {REASONS}; "
            "for a closure START is the first day closed and END the day it re-opens, "
            "and :ADVICE_REQUESTED may follow",
        )

        advice = form("advice", "Advice requested from a professional: 6 weeks (reg 8)")
        advice.add_argument("--requested", type=iso_date, metavar="DATE", required=True)
        advice.add_argument("--received", type=iso_date, metavar="DATE")
        advice.add_argument(
            "--exception", type=exception_period, action="append", default=[], metavar="R:S:E"
        )

        draft = form("draft", "Draft plan: at least 15 days for comments (reg 13(1))")
        draft.add_argument("--sent", type=iso_date, metavar="DATE", required=True)
        draft.add_argument("--served", type=iso_date, metavar="DATE", help="if not the day sent")

        review = form("review", "Annual review (CFA s44; reg 20)")
        review.add_argument("--plan-issued", type=iso_date, metavar="DATE", required=True)
        review.add_argument("--last-review", type=iso_date, metavar="DATE")
        review.add_argument("--meeting", type=iso_date, metavar="DATE")
        review.add_argument("--date-of-birth", type=iso_date, metavar="DATE")
        review.add_argument(
            "--inclusive", action="store_true", help="12 months end on the anniversary"
        )

        amendment = form("amendment", "Amending a plan (reg 22; R (L) v Devon CC)")
        amendment.add_argument("--notice-sent", type=iso_date, metavar="DATE", required=True)
        amendment.add_argument("--served", type=iso_date, metavar="DATE")
        amendment.add_argument("--meeting", type=iso_date, metavar="DATE")

        phase = form("phase-transfer", "Phase transfer (reg 18)")
        phase.add_argument("--year", type=year, required=True, help="calendar year of the move")
        phase.add_argument("--to", choices=[p.value for p in clock.Phase], required=True)
        phase.add_argument(
            "--inclusive", action="store_true", help="by 15 February / 31 March, not before"
        )

        appeal = form("appeal", "First-tier Tribunal appeal (HESC Rules r.20, r.12)")
        appeal.add_argument("--decision", type=iso_date, metavar="DATE", required=True)
        appeal.add_argument("--certificate", type=iso_date, metavar="DATE")

    def handle(self, *args, **options):
        form = options["form"]
        as_of = options["as_of"]
        builder = getattr(self, "_" + form.replace("-", "_"))
        deadlines, extra = builder(options, as_of)
        show_status = as_of is not None or bool(options.get("exception"))
        self.stdout.write(json.dumps(render(deadlines, as_of, extra, show_status), indent=2))

    def _assessment(self, o, as_of):
        start = o["received"] or o["became_responsible"]
        start_name = "--received" if o["received"] else "--became-responsible"
        for name in ("decision", "draft_served", "plan_issued"):
            _not_before(o[name], start, "--" + name.replace("_", "-"), start_name)
        facts = CaseFacts(
            received_on=o["received"],
            became_responsible_on=o["became_responsible"],
            decision_on=o["decision"],
            draft_served_on=o["draft_served"],
            plan_issued_on=o["plan_issued"],
            exceptions=tuple(o["exception"]),
        )
        return clock.assessment_deadlines(facts, as_of=as_of), {}

    def _advice(self, o, as_of):
        _not_before(o["received"], o["requested"], "--received", "--requested")
        deadline = clock.advice_due(
            o["requested"],
            received_on=o["received"],
            exceptions=tuple(o["exception"]),
            as_of=as_of,
        )
        return (deadline,), {}

    def _draft(self, o, as_of):
        _not_before(o["served"], o["sent"], "--served", "--sent")
        return (clock.representations_due(o["served"] or o["sent"], as_of=as_of),), {}

    def _review(self, o, as_of):
        _not_before(o["last_review"], o["plan_issued"], "--last-review", "--plan-issued")
        anchor = o["last_review"] or o["plan_issued"]
        if o["meeting"] is not None and o["meeting"] <= anchor:
            raise CommandError(f"--meeting {o['meeting']} must be after {anchor}")
        _not_before(o["plan_issued"], o["date_of_birth"], "--plan-issued", "--date-of-birth")
        rules = ClockRules(review_reading="inclusive" if o["inclusive"] else "strict")
        deadlines = clock.review_deadlines(
            o["plan_issued"],
            last_review_on=o["last_review"],
            meeting_on=o["meeting"],
            date_of_birth=o["date_of_birth"],
            as_of=as_of,
            rules=rules,
        )
        return deadlines, {"reading": rules.review_reading}

    def _amendment(self, o, as_of):
        _not_before(o["served"], o["notice_sent"], "--served", "--notice-sent")
        _not_before(o["notice_sent"], o["meeting"], "--notice-sent", "--meeting")
        deadlines = clock.amendment_deadlines(
            o["notice_sent"], served_on=o["served"], meeting_on=o["meeting"], as_of=as_of
        )
        return deadlines, {}

    def _phase_transfer(self, o, as_of):
        rules = ClockRules(phase_transfer_reading="inclusive" if o["inclusive"] else "strict")
        deadline = clock.phase_transfer_deadline(o["year"], o["to"], rules, as_of=as_of)
        born_from, born_to = clock.transfer_cohort(o["year"], o["to"], rules)
        extra = {
            "reading": rules.phase_transfer_reading,
            "transfer_cohort": {"born_from": born_from.isoformat(), "born_to": born_to.isoformat()},
        }
        return (deadline,), extra

    def _appeal(self, o, as_of):
        _not_before(o["certificate"], o["decision"], "--certificate", "--decision")
        deadline = clock.appeal_deadline(o["decision"], o["certificate"], as_of=as_of)
        return (deadline,), {}


def render(
    deadlines: tuple[Deadline, ...], as_of: date | None, extra: dict, show_status: bool
) -> dict:
    """One JSON object: due dates by key, act-by dates, and the full detail of each deadline."""
    out: dict = {d.key: d.due.isoformat() for d in deadlines}
    out["act_by"] = {d.key: d.act_by.isoformat() for d in deadlines}
    if as_of is not None:
        out["as_of"] = as_of.isoformat()
    if show_status:
        out["time_limit_applies"] = {d.key: d.time_limit_applies for d in deadlines}
        out["status"] = {d.key: (str(d.status) if d.status else None) for d in deadlines}
    out.update(extra)
    out["deadlines"] = [d.as_dict() for d in deadlines]
    return out
