"""The one place that decides "may this user do X to this record".

Views, commands, exports and the API ask ``can`` / ``require`` before they show or change a record,
and build their lists with ``visible_children`` / ``visible_requests`` / ``visible_plans`` (single
queryset filters, so a list of 10,000 children costs one query, not one per child).

Actions
    ``view``, ``change``, ``create``, ``view_history`` and ``manage_team`` are decided per record.
    ``create`` on a record means adding to it (an advice request to an assessment request, a
    document to a child's record); ``create`` without a record means starting a new case.
    ``submit`` is the one thing outsiders write: advice they were asked for (an ``AdviceRequest``)
    and a setting's report of a review meeting (an ``AnnualReview``).
    ``view_reports``, ``import``, ``administer`` and ``edit_local_offer`` are page-level: any
    record is not considered.

Rules (the README's "Who can do what" states the same table for people)
    - A user must be signed in and active; the Django ``is_superuser`` flag grants nothing here.
    - Caseworkers and team managers: the children of their own team (``child.caseworker.team`` is
      the user's team) and their own caseload: view, change, create, view history. Team managers
      also reallocate within their team (``manage_team``). Caseworkers see the history of their
      team's cases because they answer for them (complaints, subject access requests).
    - SEND service leader: every case, all actions; reports; import and export of case history.
    - Quality assurance officer: every case, read-only, with history; reports.
    - Panel member: read-only, the cases awaiting a panel decision - whether to assess (reg 5) or
      whether to issue a plan (reg 10) - and the child's own records while such a decision is due,
      except any mediation or appeal.
    - Administrator: user accounts and the settings register; never children's records in the
      case pages. Administrators also run bulk import and export of case history (a data-migration
      task), where every child exported is written to the access log.
    - Setting staff (SENCO): read-only, children whose current establishment is their own; of those
      children, the assessment requests, the EHC plan and annual reviews, advice asked of their
      setting and consultations with it, the plan documents, and the evidence sent with a request
      for their advice (reg 7). Never the council's internal records (exceptions, contacts,
      mediation and appeals).
      They submit (``submit``) advice asked of their setting or of them (regs 6-8), and the report
      of a review meeting of a child at their setting (reg 20(7)-(8)): the head or principal
      sends it.
    - Professionals giving advice: read-only, the children and requests they are asked to advise on
      (an ``AdviceRequest`` whose ``advisor_user`` is them), those advice requests, and the evidence
      the council must send them with the request (reg 7). They submit (``submit``) the advice
      asked of them, and no one else's (reg 8).
    - Local Offer editors: the Local Offer's services and organisations (``edit_local_offer``),
      with the SEND service leader; never children's records.
    - Parents, carers and young people: nothing in the staff pages. In the family portal
      (``family_children`` / ``require_family``) a parent or carer sees a child when a contact of
      that child is their own login with parental responsibility; from the end of compulsory
      school age the rights are the young person's own (CFA 2014 s83(2)), so the parent then sees
      the case only if the young person agreed (``Contact.young_person_agreed_access``). A young
      person sees the record whose ``young_person_user`` they are. Of the documents they see only
      those sent to the family (``family_documents``): letters to them and issued plans.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from openehcp.accounts.models import Role, Team, User
from openehcp.assessments.models import (
    Activity,
    AdviceRequest,
    AssessmentRequest,
    Consultation,
    Decision,
    Document,
    TimescaleException,
)
from openehcp.disagreements.models import Disagreement
from openehcp.establishments.models import Establishment
from openehcp.people.ages import school_leaving_date, still_of_compulsory_school_age_if_born_from
from openehcp.people.models import Child, Contact
from openehcp.plans.models import EHCPlan, PlanVersion
from openehcp.reviews.models import AnnualReview

RECORD_ACTIONS = frozenset({"view", "change", "create", "view_history", "manage_team", "submit"})
PAGE_ACTIONS = frozenset({"view_reports", "import", "administer", "edit_local_offer"})
ACTIONS = RECORD_ACTIONS | PAGE_ACTIONS

TEAM_ROLES = frozenset({Role.CASEWORKER, Role.TEAM_MANAGER})
EXTERNAL_ROLES = frozenset({Role.SETTING_STAFF, Role.PROFESSIONAL})

# What each role may do to children's cases: "team" (own team), "all", or "decision" (panel).
_CASE_SCOPE: dict[str, dict[str, str]] = {
    Role.CASEWORKER: {
        "view": "team",
        "change": "team",
        "create": "team",
        "view_history": "team",
    },
    Role.TEAM_MANAGER: {
        "view": "team",
        "change": "team",
        "create": "team",
        "view_history": "team",
        "manage_team": "team",
    },
    Role.SERVICE_LEADER: {
        "view": "all",
        "change": "all",
        "create": "all",
        "view_history": "all",
        "manage_team": "all",
    },
    Role.QA_OFFICER: {"view": "all", "view_history": "all"},
    Role.PANEL_MEMBER: {"view": "decision"},
}

# Who may do each action at all, when no record is in question (menus, list pages, new cases).
PAGE_RULES: dict[str, frozenset[str]] = {
    "view": frozenset(
        {
            Role.CASEWORKER,
            Role.TEAM_MANAGER,
            Role.SERVICE_LEADER,
            Role.QA_OFFICER,
            Role.PANEL_MEMBER,
            Role.SETTING_STAFF,
            Role.PROFESSIONAL,
        }
    ),
    "change": frozenset({Role.CASEWORKER, Role.TEAM_MANAGER, Role.SERVICE_LEADER}),
    "create": frozenset({Role.CASEWORKER, Role.TEAM_MANAGER, Role.SERVICE_LEADER}),
    "view_history": frozenset(
        {Role.CASEWORKER, Role.TEAM_MANAGER, Role.SERVICE_LEADER, Role.QA_OFFICER}
    ),
    "manage_team": frozenset({Role.TEAM_MANAGER, Role.SERVICE_LEADER}),
    # Advice (reg 8) and review reports (reg 20(7)-(8)) sent in by the people asked for them.
    "submit": frozenset({Role.SETTING_STAFF, Role.PROFESSIONAL}),
    "view_reports": frozenset({Role.TEAM_MANAGER, Role.SERVICE_LEADER, Role.QA_OFFICER}),
    # Bringing a council's case history in (and out) is a data-administration job.
    "import": frozenset({Role.SERVICE_LEADER, Role.ADMINISTRATOR}),
    "administer": frozenset({Role.ADMINISTRATOR}),
    # The Local Offer (CFA 2014 s30): its own editors, and the service leader who answers for it.
    "edit_local_offer": frozenset({Role.LOCAL_OFFER_EDITOR, Role.SERVICE_LEADER}),
}


def _is_active(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


# --- Assessment requests awaiting a panel decision ---------------------------------------------

_AT_DECISION_STAGE = Q(withdrawn_on__isnull=True, final_issued_on__isnull=True) & (
    Q(decision_to_assess="") | Q(decision_to_assess=Decision.YES, decision_to_issue="")
)


def _request_at_decision_stage(request: AssessmentRequest) -> bool:
    """Awaiting the decision whether to assess (reg 5) or whether to issue a plan (reg 10)."""
    if request.withdrawn_on or request.final_issued_on:
        return False
    if not request.decision_to_assess:
        return True
    return request.decision_to_assess == Decision.YES and not request.decision_to_issue


def _child_at_decision_stage(child_id) -> bool:
    return AssessmentRequest.objects.filter(_AT_DECISION_STAGE, child_id=child_id).exists()


# --- Record-level rules -----------------------------------------------------------------------


def _in_team(user, child: Child) -> bool:
    if child.caseworker_id == user.pk:
        return True
    return user.team_id is not None and child.caseworker.team_id == user.team_id


def _at_setting(user, child: Child) -> bool:
    return user.establishment_id is not None and child.establishment_id == user.establishment_id


def _advises_on(user, request: AssessmentRequest) -> bool:
    return request.advice_requests.filter(advisor_user=user).exists()


def _case_rule(user, action: str, child: Child, *, at_decision_stage, external) -> bool:
    """Council staff by scope; panel members while a decision is due; outsiders read-only.

    ``at_decision_stage`` and ``external`` are callables so their queries run only when needed.
    """
    role = user.role
    if role in EXTERNAL_ROLES:
        return action == "view" and external()
    scope = _CASE_SCOPE.get(role, {}).get(action)
    if scope == "all":
        return True
    if scope == "team":
        return _in_team(user, child)
    if scope == "decision":
        return at_decision_stage()
    return False


def _never() -> bool:
    return False


def _child(user, action, child: Child) -> bool:
    def external():
        if user.role == Role.SETTING_STAFF:
            return _at_setting(user, child)
        return AdviceRequest.objects.filter(request__child=child, advisor_user=user).exists()

    return _case_rule(
        user,
        action,
        child,
        at_decision_stage=lambda: _child_at_decision_stage(child.pk),
        external=external,
    )


def _assessment_request(user, action, request: AssessmentRequest) -> bool:
    def external():
        if user.role == Role.SETTING_STAFF:
            return _at_setting(user, request.child)
        return _advises_on(user, request)

    return _case_rule(
        user,
        action,
        request.child,
        at_decision_stage=lambda: _request_at_decision_stage(request),
        external=external,
    )


def _asked_for_advice(user, advice: AdviceRequest) -> bool:
    """The advice was asked of this person (``advisor_user``) or, for setting staff, of their
    setting for a child on its roll: they see it and give it (regs 6-8)."""
    if user.role not in EXTERNAL_ROLES:
        return False
    if advice.advisor_user_id is not None and advice.advisor_user_id == user.pk:
        return True
    return (
        user.role == Role.SETTING_STAFF
        and advice.establishment_id is not None
        and advice.establishment_id == user.establishment_id
        and _at_setting(user, advice.request.child)
    )


def _advice_request(user, action, advice: AdviceRequest) -> bool:
    if action == "submit":
        return _asked_for_advice(user, advice)
    return _case_rule(
        user,
        action,
        advice.request.child,
        at_decision_stage=lambda: _request_at_decision_stage(advice.request),
        external=lambda: _asked_for_advice(user, advice),
    )


def _consultation(user, action, consultation: Consultation) -> bool:
    def external():
        return (
            user.role == Role.SETTING_STAFF
            and consultation.establishment_id == user.establishment_id
            and _at_setting(user, consultation.request.child)
        )

    return _case_rule(
        user,
        action,
        consultation.request.child,
        at_decision_stage=lambda: _request_at_decision_stage(consultation.request),
        external=external,
    )


def _request_part(user, action, record) -> bool:
    """Records internal to the council's handling of a request (exceptions, activity notes)."""
    return _case_rule(
        user,
        action,
        record.request.child,
        at_decision_stage=lambda: _request_at_decision_stage(record.request),
        external=_never,
    )


def _document(user, action, document: Document) -> bool:
    """Outsiders see plan documents (setting) and, under reg 7, the evidence sent with a request
    for their advice (supporting documents on that request); and the advice or report they sent
    themselves."""

    def external():
        if document.kind == Document.Kind.ADVICE and document.created_by_id == user.pk:
            return True
        if user.role == Role.SETTING_STAFF:
            if not _at_setting(user, document.child):
                return False
            if document.kind == Document.Kind.PLAN:
                return True
            return (
                document.kind == Document.Kind.SUPPORTING
                and document.request_id is not None
                and document.request.advice_requests.filter(
                    Q(establishment_id=user.establishment_id) | Q(advisor_user=user)
                ).exists()
            )
        return (
            document.kind == Document.Kind.SUPPORTING
            and document.request_id is not None
            and _advises_on(user, document.request)
        )

    def at_decision_stage():
        if document.request_id is not None:
            return _request_at_decision_stage(document.request)
        return _child_at_decision_stage(document.child_id)

    return _case_rule(
        user, action, document.child, at_decision_stage=at_decision_stage, external=external
    )


def _plan(user, action, plan: EHCPlan) -> bool:
    return _case_rule(
        user,
        action,
        plan.child,
        at_decision_stage=lambda: _child_at_decision_stage(plan.child_id),
        external=lambda: user.role == Role.SETTING_STAFF and _at_setting(user, plan.child),
    )


def _plan_version(user, action, version: PlanVersion) -> bool:
    """A version of a plan: as its plan, or before the plan is made as its assessment. Setting
    staff see issued versions only (the draft served and the final plan), never one being
    drafted; professionals see none."""

    def external():
        return (
            user.role == Role.SETTING_STAFF
            and version.is_issued
            and _at_setting(user, version.child)
        )

    def at_decision_stage():
        if version.plan_id is not None:
            return _child_at_decision_stage(version.child_id)
        return _request_at_decision_stage(version.request)

    return _case_rule(
        user, action, version.child, at_decision_stage=at_decision_stage, external=external
    )


def _annual_review(user, action, review: AnnualReview) -> bool:
    """As its plan; ``submit`` (the report of the meeting, reg 20(7)-(8)) is the head or
    principal's: staff of the setting the child attends."""
    if action == "submit":
        return user.role == Role.SETTING_STAFF and _at_setting(user, review.plan.child)
    return _plan(user, action, review.plan)


def _contact(user, action, contact: Contact) -> bool:
    return _case_rule(
        user,
        action,
        contact.child,
        at_decision_stage=lambda: _child_at_decision_stage(contact.child_id),
        external=_never,
    )


def _disagreement(user, action, disagreement: Disagreement) -> bool:
    """Mediation and appeals are the council's dealings with the family: its own staff only,
    never setting staff, advisers or panel members."""
    return _case_rule(user, action, disagreement.child, at_decision_stage=_never, external=_never)


def _establishment(user, action, establishment: Establishment) -> bool:
    """The settings register: council staff read it, administrators keep it, a setting's own
    staff see their own entry."""
    role = user.role
    if action == "view":
        if role == Role.SETTING_STAFF:
            return establishment.pk == user.establishment_id
        return user.is_council_staff
    if action in {"change", "create", "view_history"}:
        return role == Role.ADMINISTRATOR
    return False


def _manages_member(user, member: User) -> bool:
    if member.role not in TEAM_ROLES:
        return False
    if user.role == Role.SERVICE_LEADER:
        return True
    return (
        user.role == Role.TEAM_MANAGER
        and user.team_id is not None
        and member.team_id == user.team_id
    )


def _user(user, action, other: User) -> bool:
    """Accounts: administrators manage them; everyone sees their own; managers see their team."""
    role = user.role
    if action == "view":
        return role == Role.ADMINISTRATOR or other.pk == user.pk or _manages_member(user, other)
    if action in {"change", "create", "view_history"}:
        return role == Role.ADMINISTRATOR
    if action == "manage_team":
        return _manages_member(user, other)
    return False


def _team(user, action, team: Team) -> bool:
    role = user.role
    if action == "view":
        return user.is_council_staff
    if action in {"change", "create", "view_history"}:
        return role == Role.ADMINISTRATOR
    if action == "manage_team":
        return role == Role.SERVICE_LEADER or (
            role == Role.TEAM_MANAGER and team.pk == user.team_id
        )
    return False


_RULES = {
    Child: _child,
    AssessmentRequest: _assessment_request,
    AdviceRequest: _advice_request,
    Consultation: _consultation,
    TimescaleException: _request_part,
    Activity: _request_part,
    Document: _document,
    EHCPlan: _plan,
    PlanVersion: _plan_version,
    AnnualReview: _annual_review,
    Contact: _contact,
    Disagreement: _disagreement,
    Establishment: _establishment,
    User: _user,
    Team: _team,
}


def can(user, action: str, obj=None) -> bool:
    """May ``user`` do ``action`` to ``obj`` (or, with no ``obj``, to anything of the kind)?"""
    if action not in ACTIONS:
        raise ValueError(f"Unknown action {action!r}; expected one of {sorted(ACTIONS)}")
    if not _is_active(user):
        return False
    if obj is None or action in PAGE_ACTIONS:
        return user.role in PAGE_RULES[action]
    rule = _RULES.get(type(obj))
    if rule is None:
        raise TypeError(f"The permission policy has no rule for {type(obj).__name__}")
    return rule(user, action, obj)


def require(user, action: str, obj=None) -> None:
    """Raise ``PermissionDenied`` (the 403 page) unless ``can(user, action, obj)``."""
    if not can(user, action, obj):
        raise PermissionDenied


# --- Lists: one filter each, matching ``can(user, "view", record)`` ---------------------------


def _child_filter(user, prefix: str = "") -> Q | None:
    """A filter on Child (reached through ``prefix``) for the children ``user`` may see;
    ``None`` means every child, ``Q(pk__in=[])`` none."""
    none = Q(pk__in=[])
    if not _is_active(user):
        return none
    role = user.role
    scope = _CASE_SCOPE.get(role, {}).get("view")
    if scope == "all":
        return None
    if scope == "team":
        mine = Q(**{f"{prefix}caseworker_id": user.pk})
        if user.team_id is None:
            return mine
        return mine | Q(**{f"{prefix}caseworker__team_id": user.team_id})
    if scope == "decision":
        return Q(
            Exists(
                AssessmentRequest.objects.filter(
                    _AT_DECISION_STAGE, child_id=OuterRef(f"{prefix}pk")
                )
            )
        )
    if role == Role.SETTING_STAFF and user.establishment_id is not None:
        return Q(**{f"{prefix}establishment_id": user.establishment_id})
    if role == Role.PROFESSIONAL:
        return Q(
            Exists(
                AdviceRequest.objects.filter(
                    request__child_id=OuterRef(f"{prefix}pk"), advisor_user=user
                )
            )
        )
    return none


def _filtered(qs, condition: Q | None):
    return qs if condition is None else qs.filter(condition)


def visible_children(user, qs=None):
    """The children ``user`` may see, as a filter on ``qs`` (default: all children)."""
    if qs is None:
        qs = Child.objects.all()
    return _filtered(qs, _child_filter(user))


def visible_requests(user, qs=None):
    """The assessment requests ``user`` may see, as a filter on ``qs``."""
    if qs is None:
        qs = AssessmentRequest.objects.all()
    if not _is_active(user):
        return qs.none()
    if user.role == Role.PANEL_MEMBER:
        return qs.filter(_AT_DECISION_STAGE)
    if user.role == Role.PROFESSIONAL:
        return qs.filter(
            Exists(AdviceRequest.objects.filter(request_id=OuterRef("pk"), advisor_user=user))
        )
    return _filtered(qs, _child_filter(user, "child__"))


def visible_plans(user, qs=None):
    """The EHC plans ``user`` may see, as a filter on ``qs``."""
    if qs is None:
        qs = EHCPlan.objects.all()
    if not _is_active(user) or user.role == Role.PROFESSIONAL:
        return qs.none()
    if user.role == Role.PANEL_MEMBER:
        return qs.filter(
            Exists(
                AssessmentRequest.objects.filter(_AT_DECISION_STAGE, child_id=OuterRef("child_id"))
            )
        )
    return _filtered(qs, _child_filter(user, "child__"))


def advice_asked_of(user, qs=None):
    """The advice requests ``user`` was asked to give (``can(user, "submit", advice)``), as a
    filter on ``qs``: a professional's own, and for setting staff also those asked of their
    setting for a child on its roll."""
    if qs is None:
        qs = AdviceRequest.objects.all()
    if not _is_active(user) or user.role not in EXTERNAL_ROLES:
        return qs.none()
    asked = Q(advisor_user=user)
    if user.role == Role.SETTING_STAFF and user.establishment_id is not None:
        asked |= Q(
            establishment_id=user.establishment_id,
            request__child__establishment_id=user.establishment_id,
        )
    return qs.filter(asked)


def visible_establishments(user, qs=None):
    """The settings register entries ``user`` may see (matching ``_establishment``): all for
    council staff, their own setting for setting staff, none for anyone else."""
    if qs is None:
        qs = Establishment.objects.all()
    if not _is_active(user):
        return qs.none()
    if user.is_council_staff:
        return qs
    if user.role == Role.SETTING_STAFF and user.establishment_id is not None:
        return qs.filter(pk=user.establishment_id)
    return qs.none()


# --- The family portal: parents, carers and young people, their own case only --------------------

FAMILY_ROLES = frozenset({Role.PARENT, Role.YOUNG_PERSON})


def family_children(user, *, today=None):
    """The children whose case ``user`` may see in the family portal, as one queryset.

    A parent or carer: children with a contact that is their own login (``Contact.user``) with
    parental responsibility. From the day after the school leaving date the rights are the young
    person's own (CFA 2014 s83(2)): the parent then needs the young person's agreement
    (``young_person_agreed_access`` on that contact). A young person: their own record
    (``Child.young_person_user``). Nobody else, and no inactive account.
    """
    qs = Child.objects.filter(merged_into__isnull=True)
    if not _is_active(user) or user.role not in FAMILY_ROLES:
        return qs.none()
    if user.role == Role.YOUNG_PERSON:
        return qs.filter(young_person_user=user)
    born_from = still_of_compulsory_school_age_if_born_from(today or timezone.localdate())
    return qs.filter(
        Exists(
            Contact.objects.filter(
                Q(young_person_agreed_access=True) | Q(child__date_of_birth__gte=born_from),
                child_id=OuterRef("pk"),
                user=user,
                parental_responsibility=True,
            )
        )
    )


def rights_are_the_young_persons(child: Child, *, today=None) -> bool:
    """Past compulsory school age (CFA 2014 s83(2)): the young person decides, not the parent."""
    return school_leaving_date(child.date_of_birth) < (today or timezone.localdate())


def can_family_see(user, child: Child) -> bool:
    return family_children(user).filter(pk=child.pk).exists()


def require_family(user, child: Child) -> None:
    """Raise ``PermissionDenied`` (the 403 page) unless ``user`` may see ``child`` in the family
    portal."""
    if not can_family_see(user, child):
        raise PermissionDenied


def family_disagreements(user, child: Child):
    """The disagreements (mediation and appeals) of ``child`` for ``user`` who may see the child
    in the family portal: the family's own dealings with the council, so they see each one -
    through the portal's family-facing selector, which never shows the council's notes. The
    staff rule (``_disagreement``) is unchanged: no one outside the council's staff reads them
    on the staff pages."""
    if not can_family_see(user, child):
        return Disagreement.objects.none()
    return Disagreement.objects.filter(child=child)


def family_documents(user, child: Child):
    """The documents of ``child`` sent to the family, for ``user`` who may see the child: the
    letters to them (not a request for advice, which goes to the advisor), the draft plan served
    and each issued plan's PDF and Word files; and what they sent themselves. Never advice
    reports (nothing records that the council shared them) nor internal documents. Plan
    documents are only ever written for the draft served, the final plan and issued versions."""
    if not can_family_see(user, child):
        return Document.objects.none()
    return (
        Document.objects.filter(child=child)
        .filter(
            (Q(kind=Document.Kind.LETTER) & ~Q(activities__kind="advice_requested"))
            | Q(kind=Document.Kind.PLAN)
            | Q(created_by=user)
        )
        .distinct()
    )
