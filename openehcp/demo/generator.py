"""Load a synthetic council into the database: staff, settings and children with 5 years of cases.

``load_demo(children=3000, seed=..., years=5, today=...)`` is what ``openehcp demo`` runs. It is a
data loader, not a workflow: it writes the models directly with ``bulk_create`` in batches (no query
per row) and keeps only one batch of children in memory, so a load the size of England (about
640,000 children with plans) runs in constant memory. The data is what the services would have
recorded: every date in statutory order, an ``Activity`` for each step, ``EHCPlan.origin_request``
set for plans that came from a request.

The same seed, size, window and ``today`` give the same data, row for row.
"""

import math
import random
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth.hashers import make_password
from django.core.management.color import no_style
from django.db import connection, reset_queries, transaction
from django.utils import timezone

from openehcp.accounts.models import Role, Team, User
from openehcp.assessments.models import (
    Activity,
    AdviceRequest,
    AssessmentRequest,
    Consultation,
    TimescaleException,
)
from openehcp.establishments.models import Establishment, Phase, SettingType
from openehcp.people.models import Child, Contact
from openehcp.plans.models import EHCPlan
from openehcp.reviews.cohorts import next_transfer_year
from openehcp.reviews.models import AnnualReview
from openehcp.reviews.services import create_transfer_cohort

from . import disagreements, names, placements, plan_content, synthetic
from .cases import NEIGHBOURING_LAS, CaseBuilder, SettingsRegister, Staff
from .family_logins import link_family_logins
from .models import DemoDataset
from .submissions import prepare_submissions
from .users import (
    ASSESSMENT_TEAM,
    DEMO_LA_CODE,
    DEMO_PASSWORD,
    DEMO_SCHOOL_URN,
    REVIEW_TEAM,
    DemoLogin,
    ensure_demo_school,
    ensure_demo_users,
)

DEFAULT_SEED = 20140901
DEFAULT_CHILDREN = 3000
DEFAULT_YEARS = 5
BATCH_CHILDREN = 1000
CHILDREN_PER_CASEWORKER = 300
CASEWORKERS_PER_TEAM = 10
CHILDREN_PER_SETTING = 25

# Settings in a register of about 125 for 3,000 plans (§9.5 placements): (type, phase, group, count)
SETTING_MIX = (
    (SettingType.MAINSTREAM, Phase.PRIMARY, "primary", 58),
    (SettingType.MAINSTREAM, Phase.SECONDARY, "secondary", 16),
    (SettingType.RESOURCED_PROVISION, Phase.PRIMARY, "rp_primary", 5),
    (SettingType.RESOURCED_PROVISION, Phase.SECONDARY, "rp_secondary", 4),
    (SettingType.SPECIAL, Phase.ALL_THROUGH, "special", 8),
    (SettingType.INDEPENDENT_SPECIAL, Phase.ALL_THROUGH, "independent_special", 8),
    (SettingType.POST16, Phase.POST16, "post16", 6),
    (SettingType.EARLY_YEARS, Phase.EARLY_YEARS, "early_years", 10),
    (SettingType.ALTERNATIVE_PROVISION, Phase.SECONDARY, "ap", 3),
    (SettingType.OUT_OF_AREA, Phase.ALL_THROUGH, "out_of_area", 7),
)
SETTING_NAME_PATTERNS = {
    "primary": ("{stem} Primary School", "St {saint}'s C of E Primary School", "{stem} Academy"),
    "secondary": ("{stem} Academy", "{stem} High School", "{stem} School"),
    "rp_primary": ("{stem} Primary School (Language Base)", "{stem} Primary School (ASD Base)"),
    "rp_secondary": ("{stem} Academy (Resource Base)", "{stem} High School (SEN Unit)"),
    "special": ("{stem} School", "{stem} Special School", "{stem} Academy"),
    "independent_special": ("{stem} House School", "{stem} Hall School"),
    "post16": ("{stem} College", "{stem} Sixth Form College"),
    "early_years": ("{stem} Nursery", "{stem} Children's Centre Nursery", "{stem} Pre-School"),
    "ap": ("{stem} Learning Centre", "{stem} Pupil Referral Unit"),
    "out_of_area": ("{stem} School", "{stem} College"),
}
OUT_OF_AREA_DISTRICTS = ("BR1", "CR0", "ME14", "TN1", "RH1", "KT1", "DA1")
URN_BASE = int(DEMO_SCHOOL_URN) + 1  # the demo SENCO's school comes first


@dataclass
class LoadResult:
    dataset: DemoDataset
    logins: list[DemoLogin]
    counts: dict[str, int]
    seconds: float
    skipped: bool = False
    summary: dict[str, object] = field(default_factory=dict)

    @property
    def rows(self) -> int:
        return sum(self.counts.values())

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.seconds if self.seconds else 0.0


# -- wiping ------------------------------------------------------------------------------------


def _case_models() -> list:
    """Child and every model that refers to it, directly or through other case records, with
    their history tables: what ``--reset`` empties. Users and settings stay."""
    found: list = []
    queue = [Child]
    while queue:
        model = queue.pop(0)
        if model in found:
            continue
        found.append(model)
        for relation in model._meta.get_fields(include_hidden=True):
            if relation.auto_created and not relation.concrete and relation.related_model:
                queue.append(relation.related_model)
        history = getattr(model, "history", None)
        if history is not None and hasattr(history, "model"):
            queue.append(history.model)
    return found


@transaction.atomic
def wipe_case_data() -> dict[str, int]:
    """Delete every child and everything recorded about children, and the demo load records.

    "Everything" includes the access log of those records and their change history: both refer to
    children that no longer exist. Deletes table by table in SQL (no per-row signals), so it is fast
    at any size; foreign keys are checked at commit. Only for demo and test databases: the command
    refuses in production mode.
    """
    deleted = {}
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for model in [*reversed(_case_models()), DemoDataset]:
            cursor.execute(f"DELETE FROM {quote(model._meta.db_table)}")  # noqa: S608
            deleted[model._meta.label] = cursor.rowcount
    return deleted


# -- staff and settings ------------------------------------------------------------------------


def _ensure_staff(children: int, logins: list[DemoLogin]) -> Staff:
    """About 10 caseworkers (more for a bigger load) in assessment and review teams around the demo
    logins, and a manager for every team; the same names whatever the seed."""
    count = max(10, math.ceil(children / CHILDREN_PER_CASEWORKER))
    assessment_count = max(4, round(count * 0.4))
    review_count = count - assessment_count
    demo = {
        user.username: user
        for user in User.objects.filter(username__in=[x.username for x in logins])
    }

    def team_name(base: str, number: int) -> str:
        return base if number == 1 else f"{base} {number}"

    specs = []  # (username, first, last, role, team name)
    for function_base, how_many in (
        (ASSESSMENT_TEAM, assessment_count),
        (REVIEW_TEAM, review_count),
    ):
        for position in range(1, how_many):
            number = len(specs) + 1
            if number <= len(names.CASEWORKER_NAMES):
                first, last = names.CASEWORKER_NAMES[number - 1]
                username = f"{first}.{last}".lower()
            else:
                first, last = (
                    names.CASEWORKER_NAMES[number % len(names.CASEWORKER_NAMES)][0],
                    f"Officer{number}",
                )
                username = f"caseworker{number:05d}"
            specs.append(
                (
                    username,
                    first,
                    last,
                    Role.CASEWORKER,
                    team_name(function_base, position // CASEWORKERS_PER_TEAM + 1),
                )
            )
        for team_number in range(
            2 if function_base == ASSESSMENT_TEAM else 1, how_many // CASEWORKERS_PER_TEAM + 2
        ):
            name = team_name(function_base, team_number)
            slug = name.lower().replace(" ", ".")
            specs.append((f"manager.{slug}", "Team", f"Manager ({name})", Role.TEAM_MANAGER, name))

    team_names = {spec[4] for spec in specs} | {ASSESSMENT_TEAM, REVIEW_TEAM}
    existing_teams = {team.name: team for team in Team.objects.filter(name__in=team_names)}
    new_teams = [
        Team(
            name=name,
            function=Team.Function.ASSESSMENT
            if name.startswith(ASSESSMENT_TEAM)
            else Team.Function.REVIEW,
        )
        for name in sorted(team_names - set(existing_teams))
    ]
    Team.objects.bulk_create(new_teams)
    teams = {team.name: team for team in Team.objects.filter(name__in=team_names)}

    existing = {
        user.username: user for user in User.objects.filter(username__in=[s[0] for s in specs])
    }
    to_create, to_update = [], []
    password = make_password(DEMO_PASSWORD) if len(existing) < len(specs) else ""
    for username, first, last, role, team in specs:
        user = existing.get(username)
        if user is None:
            to_create.append(
                User(
                    username=username,
                    first_name=first,
                    last_name=last,
                    email=f"{username}@council.example",
                    role=role,
                    team=teams[team],
                    password=password,
                )
            )
        elif user.role != role or user.team_id != teams[team].pk or not user.is_active:
            user.role, user.team, user.is_active = role, teams[team], True
            to_update.append(user)
    User.objects.bulk_create(to_create, batch_size=500)
    User.objects.bulk_update(to_update, ["role", "team", "is_active"], batch_size=500)
    users = {
        user.username: user for user in User.objects.filter(username__in=[s[0] for s in specs])
    }

    def caseworkers(base: str) -> list[User]:
        return [users[s[0]] for s in specs if s[3] == Role.CASEWORKER and s[4].startswith(base)]

    staff = Staff(
        assessment_caseworkers=[demo["caseworker"], *caseworkers(ASSESSMENT_TEAM)],
        review_caseworkers=[demo["reviewer"], *caseworkers(REVIEW_TEAM)],
        psychologist=demo["psychologist"],
        parent=demo["parent"],
        young_person=demo["youngperson"],
    )
    staff.by_id = {
        user.pk: user for user in [*staff.assessment_caseworkers, *staff.review_caseworkers]
    }
    return staff


def _ensure_settings(children: int, staff: Staff, rng: random.Random) -> SettingsRegister:
    """About 125 settings for 3,000 plans (one per 25 children for bigger loads), each with a
    6-digit URN and a linked caseworker from the review team. The demo SENCO's school is the first
    primary school."""
    total = max(sum(mix[3] for mix in SETTING_MIX), math.ceil(children / CHILDREN_PER_SETTING))
    scale = total / sum(mix[3] for mix in SETTING_MIX)
    demo_school = ensure_demo_school()
    wanted = []  # (urn, group, Establishment fields)
    number = 0
    for setting_type, phase, group, share in SETTING_MIX:
        for _ in range(max(1, round(share * scale))):
            urn = f"{URN_BASE + number:06d}"
            number += 1
            stem = names.SETTING_STEMS[(number * 7) % len(names.SETTING_STEMS)]
            if number > len(names.SETTING_STEMS):
                stem = f"{stem} {rng.choice(('Park', 'Green', 'Vale', 'Hill', 'Fields', 'Bridge'))}"
            pattern = rng.choice(SETTING_NAME_PATTERNS[group])
            name = pattern.format(stem=stem, saint=rng.choice(names.SAINTS))
            if group == "out_of_area":
                la_code, district = rng.choice(NEIGHBOURING_LAS), rng.choice(OUT_OF_AREA_DISTRICTS)
            else:
                la_code, district = DEMO_LA_CODE, rng.choice(names.NEIGHBOURHOODS)[1]
            fields = {
                "name": name,
                "setting_type": setting_type,
                "phase": phase,
                "la_code": la_code,
                "postcode": synthetic.postcode(rng, district),
                "ukprn": f"10{rng.randint(0, 999999):06d}" if group == "post16" else "",
                "is_open": True,
            }
            wanted.append((urn, group, fields))
    existing = {e.urn: e for e in Establishment.objects.filter(urn__in=[w[0] for w in wanted])}
    to_create, to_update, by_group = [], [], {}
    linked = staff.review_caseworkers
    for position, (urn, group, fields) in enumerate(wanted):
        establishment = existing.get(urn)
        fields["linked_caseworker"] = linked[position % len(linked)]
        if establishment is None:
            establishment = Establishment(urn=urn, **fields)
            to_create.append(establishment)
        else:
            for key, value in fields.items():
                setattr(establishment, key, value)
            to_update.append(establishment)
        by_group.setdefault(group, []).append(establishment)
    Establishment.objects.bulk_create(to_create, batch_size=500)
    Establishment.objects.bulk_update(
        to_update,
        [
            "name",
            "setting_type",
            "phase",
            "la_code",
            "postcode",
            "ukprn",
            "is_open",
            "linked_caseworker",
        ],
        batch_size=500,
    )
    demo_school.linked_caseworker = linked[0]
    demo_school.save(update_fields=["linked_caseworker"])
    by_group["primary"].insert(0, demo_school)
    return SettingsRegister(by_group=by_group, favoured={"primary": 0.05})


# -- the load ----------------------------------------------------------------------------------

INSERT_ORDER = (
    ("children", Child),
    ("contacts", Contact),
    ("requests", AssessmentRequest),
    ("advice requests", AdviceRequest),
    ("exceptions", TimescaleException),
    ("consultations", Consultation),
    ("activities", Activity),
    ("plans", EHCPlan),
    ("annual reviews", AnnualReview),
    *plan_content.INSERT_ORDER,
    *disagreements.INSERT_ORDER,
    *placements.INSERT_ORDER,
)


class BulkWriter:
    """Insert unsaved model instances fast: primary keys are allocated here (after the highest in
    each table), so parents need no round trip before their children, and each table's rows go in
    one ``COPY`` (PostgreSQL) or ``executemany`` (SQLite) per batch. ``finish()`` moves
    PostgreSQL's id sequences past the new rows.
    """

    def __init__(self):
        self.now = timezone.now()
        self.next_pk: dict = {}
        self.plans: dict = {}

    def _plan(self, model):
        plan = self.plans.get(model)
        if plan is None:
            ops = connection.ops
            fields = [f for f in model._meta.concrete_fields]
            columns = ", ".join(ops.quote_name(f.column) for f in fields)
            marks = ", ".join(["%s"] * len(fields))
            table = ops.quote_name(model._meta.db_table)
            if connection.vendor == "postgresql":
                sql = f"COPY {table} ({columns}) FROM STDIN"
            else:
                sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"
            steps = []  # (attname, adapter, constant): a constant for auto_now(_add) stamps
            for f in fields:
                kind = f.get_internal_type()
                if kind == "DateTimeField" and (f.auto_now or f.auto_now_add):
                    steps.append((f.attname, None, ops.adapt_datetimefield_value(self.now)))
                elif kind == "DateTimeField":
                    steps.append((f.attname, ops.adapt_datetimefield_value, None))
                elif kind == "DateField":
                    steps.append((f.attname, ops.adapt_datefield_value, None))
                else:
                    steps.append((f.attname, None, None))
            relations = [(f.attname, f) for f in fields if f.is_relation]
            plan = self.plans[model] = (sql, steps, relations)
        return plan

    def assign_pks(self, model, objects: list) -> None:
        if model not in self.next_pk:
            highest = model.objects.order_by("-pk").values_list("pk", flat=True).first()
            self.next_pk[model] = (highest or 0) + 1
        pk = self.next_pk[model]
        for obj in objects:
            obj.pk = pk
            pk += 1
        self.next_pk[model] = pk

    def insert(self, model, objects: list) -> None:
        if not objects:
            return
        self.assign_pks(model, objects)
        sql, steps, relations = self._plan(model)
        rows = []
        for obj in objects:
            values = obj.__dict__
            for attname, relation in relations:
                if values.get(attname) is None:
                    related = relation.get_cached_value(obj, default=None)
                    if related is not None:
                        values[attname] = related.pk
            row = []
            for attname, adapt, constant in steps:
                if constant is not None:
                    row.append(constant)
                    continue
                value = values[attname]
                row.append(adapt(value) if adapt is not None and value is not None else value)
            rows.append(row)
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(sql) as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                cursor.executemany(sql, rows)

    def finish(self) -> None:
        sql = connection.ops.sequence_reset_sql(no_style(), list(self.next_pk))
        if sql:
            with connection.cursor() as cursor:
                for statement in sql:
                    cursor.execute(statement)


def _insert(writer: BulkWriter, batch: list, counts: Counter, today: date) -> None:
    buckets = {label: [] for label, _ in INSERT_ORDER}
    for rows in batch:
        buckets["children"].append(rows.child)
        buckets["contacts"].extend(rows.contacts)
        if rows.request is not None:
            buckets["requests"].append(rows.request)
        buckets["advice requests"].extend(rows.advice)
        buckets["exceptions"].extend(rows.exceptions)
        buckets["consultations"].extend(rows.consultations)
        buckets["activities"].extend(rows.activities)
        if rows.plan is not None:
            buckets["plans"].append(rows.plan)
        buckets["annual reviews"].extend(rows.reviews)
        plan_content.add_rows(rows, buckets, today=today)
        disagreements.add_rows(rows, buckets, today=today)
        placements.add_rows(rows, buckets, today=today)
    with transaction.atomic():
        for label, model in INSERT_ORDER:
            writer.insert(model, buckets[label])
            counts[label] += len(buckets[label])
    reset_queries()  # DEBUG keeps every query; a big load must not keep them all


def load_demo(
    *,
    children: int = DEFAULT_CHILDREN,
    seed: int = DEFAULT_SEED,
    years: int = DEFAULT_YEARS,
    today: date | None = None,
    reset: bool = False,
    progress: Callable[[str], None] | None = None,
) -> LoadResult:
    """Load the demo council with ``children`` children who have (or had) an EHC plan.

    Idempotent: when the same parameters were loaded before, nothing is loaded again. Otherwise (or
    with ``reset``) the case data is wiped first. Raises ``ValueError`` when the database holds
    children that no demo load made, unless ``reset`` is given.
    """
    if children < 1 or children > synthetic.MAX_CHILDREN // 2:
        raise ValueError(f"children must be between 1 and {synthetic.MAX_CHILDREN // 2:,}")
    if years < 1 or years > 10:
        raise ValueError("years must be between 1 and 10")
    today = today or timezone.localdate()
    started = time.perf_counter()
    logins = ensure_demo_users()
    previous = DemoDataset.objects.filter(finished_at__isnull=False).first()
    if (
        not reset
        and previous is not None
        and not DemoDataset.objects.filter(finished_at__isnull=True).exists()
        and previous.same_parameters(seed=seed, children_with_plans=children, years=years)
    ):
        return LoadResult(
            dataset=previous, logins=logins, counts=dict(previous.counts), seconds=0.0, skipped=True
        )
    if not reset and not DemoDataset.objects.exists() and Child.objects.exists():
        raise ValueError(
            "This database holds children that the demo did not load. "
            "Run with --reset to delete them and load the demo data."
        )
    if reset or DemoDataset.objects.exists():
        wipe_case_data()

    rng = random.Random(seed)
    staff = _ensure_staff(children, logins)
    register = _ensure_settings(children, staff, random.Random(seed + 1))
    dataset = DemoDataset.objects.create(
        seed=seed, children_with_plans=children, years=years, today=today
    )
    builder = CaseBuilder(
        rng=rng, today=today, years=years, la_code=DEMO_LA_CODE, staff=staff, register=register
    )

    counts: Counter = Counter()
    summary = _Summary(today, builder.window_start)
    writer = BulkWriter()
    batch, plans_made, index = [], 0, 0
    last_report = time.perf_counter()
    while plans_made < children:
        rows = builder.child(index)
        index += 1
        if rows.plan is not None:
            plans_made += 1
        summary.add(rows)
        batch.append(rows)
        if len(batch) >= BATCH_CHILDREN:
            _insert(writer, batch, counts, today)
            batch = []
            if progress and time.perf_counter() - last_report > 10:
                elapsed = time.perf_counter() - started
                progress(
                    f"{plans_made:,} of {children:,} children with plans; "
                    f"{sum(counts.values()):,} rows, {sum(counts.values()) / elapsed:,.0f} rows/s"
                )
                last_report = time.perf_counter()
    _insert(writer, batch, counts, today)
    writer.finish()
    # The cohort moving phase next September (reg 18), as a review team lists it each autumn.
    cohort = create_transfer_cohort(year=next_transfer_year(today), user=None)
    counts["phase transfers"] = sum(cohort.values())
    # The family portal's demo logins: a parent in a draft plan's 15 days, a young person of 17+.
    link_family_logins(today=today)
    # The professional's and the SENCO's demo logins: advice and review reports to send.
    prepare_submissions(today=today)

    seconds = time.perf_counter() - started
    dataset.counts = dict(counts)
    dataset.finished_at = timezone.now()
    dataset.save(update_fields=["counts", "finished_at"])
    return LoadResult(
        dataset=dataset,
        logins=logins,
        counts=dict(counts),
        seconds=seconds,
        summary=summary.as_dict(staff, register),
    )


class _Summary:
    """Running figures for the report at the end of a load (kept as counters, not rows)."""

    def __init__(self, today: date, window_start: date):
        self.today = today
        self.window_start = window_start
        self.maintained = 0
        self.ceased = Counter()
        self.open_requests = 0
        self.final_in_year = Counter()
        self.on_time_in_year = Counter()
        self.decisions = Counter()

    def add(self, rows) -> None:
        plan, request = rows.plan, rows.request
        if plan is not None:
            if plan.ceased_on:
                self.ceased[plan.cease_reason] += 1
            else:
                self.maintained += 1
        if request is None:
            return
        if request.is_open:
            self.open_requests += 1
        if request.decision_to_assess and request.received_on >= self.window_start:
            self.decisions[request.decision_to_assess] += 1
        if request.final_issued_on:
            year = request.final_issued_on.year
            self.final_in_year[year] += 1
            if (request.final_issued_on - request.received_on).days <= 140:
                self.on_time_in_year[year] += 1

    def as_dict(self, staff: Staff, register: SettingsRegister) -> dict[str, object]:
        decided = sum(self.decisions.values())
        return {
            "maintained plans": self.maintained,
            "ceased plans": sum(self.ceased.values()),
            "open requests": self.open_requests,
            "requests decided in the window that were agreed": (
                f"{self.decisions['yes'] / decided:.0%}" if decided else "-"
            ),
            "final plans within 20 weeks": ", ".join(
                f"{year}: {self.on_time_in_year[year] / self.final_in_year[year]:.0%}"
                for year in sorted(self.final_in_year)
                if year >= self.today.year - 5
            ),
            "caseworkers": len(staff.assessment_caseworkers) + len(staff.review_caseworkers),
            "settings": sum(len(group) for group in register.by_group.values()),
        }
