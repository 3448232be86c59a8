"""Every role against every kind of record: what the permission policy allows and refuses.

The world: team A's caseworker holds a child ("ours") at Riverside school, with an assessment
request awaiting the decision whether to assess. Team B holds another child ("theirs") at Hillside
school, whose plan has been issued. The table below states, per role, what each action may do to
each of "our" records; "their" records are open only to roles that see every case.
"""

from datetime import date

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from openehcp.accounts import policy
from openehcp.accounts.models import Role
from openehcp.assessments.models import AdvisorType, Decision, Document
from openehcp.people.models import Child
from openehcp.plans.models import EHCPlan
from tests import factories

pytestmark = pytest.mark.django_db

ALL = {"view", "change", "create", "view_history", "manage_team"}
CASEWORK = {"view", "change", "create", "view_history"}
READ = {"view"}
#: Outsiders see, and send in, the advice or review report asked of them.
SUBMIT = {"view", "submit"}
NONE: set[str] = set()

CASE_KINDS = [
    "child",
    "request",
    "psychology_advice",
    "setting_advice",
    "consultation",
    "exception",
    "activity",
    "plan_document",
    "supporting_document",
    "letter",
    "plan",
    "review",
    "contact",
]


def case_table(**overrides):
    """Start from "nothing" for every kind of case record and apply ``overrides``."""
    table = dict.fromkeys(CASE_KINDS, NONE)
    table.update(overrides)
    return table


def same_for_all_cases(actions):
    return dict.fromkeys(CASE_KINDS, actions)


# What each role may do to "our" records (team A's child at Riverside, decision due).
OURS = {
    Role.CASEWORKER: same_for_all_cases(CASEWORK),
    Role.TEAM_MANAGER: same_for_all_cases(ALL),
    Role.SERVICE_LEADER: same_for_all_cases(ALL),
    Role.QA_OFFICER: same_for_all_cases({"view", "view_history"}),
    Role.PANEL_MEMBER: same_for_all_cases(READ),
    Role.ADMINISTRATOR: case_table(),
    Role.LOCAL_OFFER_EDITOR: case_table(),
    Role.SETTING_STAFF: case_table(
        child=READ,
        request=READ,
        setting_advice=SUBMIT,
        consultation=READ,
        plan_document=READ,
        supporting_document=READ,
        plan=READ,
        review=SUBMIT,
    ),
    Role.PROFESSIONAL: case_table(
        child=READ, request=READ, psychology_advice=SUBMIT, supporting_document=READ
    ),
    Role.PARENT: case_table(),
    Role.YOUNG_PERSON: case_table(),
}

# "Their" records (team B's child at Hillside, plan issued): only the roles that see everything.
THEIRS = {role: case_table() for role in OURS}
THEIRS[Role.SERVICE_LEADER] = same_for_all_cases(ALL)
THEIRS[Role.QA_OFFICER] = same_for_all_cases({"view", "view_history"})

# The settings register: Riverside is the setting staff's own school, Hillside is not.
ESTABLISHMENTS = {
    role: {"riverside": READ, "hillside": READ}
    for role in (
        Role.CASEWORKER,
        Role.TEAM_MANAGER,
        Role.SERVICE_LEADER,
        Role.QA_OFFICER,
        Role.PANEL_MEMBER,
        Role.LOCAL_OFFER_EDITOR,
    )
}
ESTABLISHMENTS[Role.ADMINISTRATOR] = {
    "riverside": {"view", "change", "create", "view_history"},
    "hillside": {"view", "change", "create", "view_history"},
}
ESTABLISHMENTS[Role.SETTING_STAFF] = {"riverside": READ, "hillside": NONE}
for _role in (Role.PROFESSIONAL, Role.PARENT, Role.YOUNG_PERSON):
    ESTABLISHMENTS[_role] = {"riverside": NONE, "hillside": NONE}

# User accounts and teams: team A's caseworker, team B's caseworker, the acting user, team A.
ADMIN_ACCOUNT = {"view", "change", "create", "view_history"}
ACCOUNTS = {
    Role.CASEWORKER: {"team_a_caseworker": NONE, "team_b_caseworker": NONE, "self": READ},
    Role.TEAM_MANAGER: {
        "team_a_caseworker": {"view", "manage_team"},
        "team_b_caseworker": NONE,
        "self": {"view", "manage_team"},
    },
    Role.SERVICE_LEADER: {
        "team_a_caseworker": {"view", "manage_team"},
        "team_b_caseworker": {"view", "manage_team"},
        "self": READ,
    },
    Role.ADMINISTRATOR: {
        "team_a_caseworker": ADMIN_ACCOUNT,
        "team_b_caseworker": ADMIN_ACCOUNT,
        "self": ADMIN_ACCOUNT,
    },
}
for _role in (
    Role.QA_OFFICER,
    Role.PANEL_MEMBER,
    Role.LOCAL_OFFER_EDITOR,
    Role.SETTING_STAFF,
    Role.PROFESSIONAL,
    Role.PARENT,
    Role.YOUNG_PERSON,
):
    ACCOUNTS[_role] = {"team_a_caseworker": NONE, "team_b_caseworker": NONE, "self": READ}

TEAMS = {
    Role.CASEWORKER: {"team_a": READ, "team_b": READ},
    Role.TEAM_MANAGER: {"team_a": {"view", "manage_team"}, "team_b": READ},
    Role.SERVICE_LEADER: {"team_a": {"view", "manage_team"}, "team_b": {"view", "manage_team"}},
    Role.QA_OFFICER: {"team_a": READ, "team_b": READ},
    Role.PANEL_MEMBER: {"team_a": READ, "team_b": READ},
    Role.LOCAL_OFFER_EDITOR: {"team_a": READ, "team_b": READ},
    Role.ADMINISTRATOR: {
        "team_a": {"view", "change", "create", "view_history"},
        "team_b": {"view", "change", "create", "view_history"},
    },
}
for _role in (Role.SETTING_STAFF, Role.PROFESSIONAL, Role.PARENT, Role.YOUNG_PERSON):
    TEAMS[_role] = {"team_a": NONE, "team_b": NONE}

# Page-level: may the role do this at all (menus, list pages, starting a new case)?
PAGES = {
    Role.CASEWORKER: {"view", "change", "create", "view_history"},
    Role.TEAM_MANAGER: {"view", "change", "create", "view_history", "manage_team", "view_reports"},
    Role.SERVICE_LEADER: {
        "view",
        "change",
        "create",
        "view_history",
        "manage_team",
        "view_reports",
        "import",
        "edit_local_offer",
    },
    Role.QA_OFFICER: {"view", "view_history", "view_reports"},
    Role.PANEL_MEMBER: {"view"},
    Role.ADMINISTRATOR: {"administer", "import"},
    Role.LOCAL_OFFER_EDITOR: {"edit_local_offer"},
    Role.SETTING_STAFF: {"view", "submit"},
    Role.PROFESSIONAL: {"view", "submit"},
    Role.PARENT: set(),
    Role.YOUNG_PERSON: set(),
}


def build_case(*, team, school, decided: bool, professional=None):
    """A child of ``team`` at ``school`` with one of each kind of case record."""
    child = factories.ChildFactory(
        caseworker=factories.UserFactory(role=Role.CASEWORKER, team=team), establishment=school
    )
    request = factories.AssessmentRequestFactory(child=child, received_on=date(2025, 1, 6))
    if decided:
        request.decision_to_assess = Decision.YES
        request.decision_on = date(2025, 2, 10)
        request.decision_to_issue = Decision.YES
        request.issue_decision_on = date(2025, 4, 1)
        request.draft_served_on = date(2025, 4, 7)
        request.final_issued_on = date(2025, 5, 19)
        request.save()
    plan = factories.EHCPlanFactory(child=child, made_on=date(2024, 3, 1))
    return {
        "child": child,
        "request": request,
        "psychology_advice": factories.AdviceRequestFactory(
            request=request, advisor_user=professional or factories.UserFactory(role="professional")
        ),
        "setting_advice": factories.AdviceRequestFactory(
            request=request, advisor_type=AdvisorType.SETTING, establishment=school
        ),
        "consultation": factories.ConsultationFactory(request=request, establishment=school),
        "exception": factories.TimescaleExceptionFactory(request=request),
        "activity": request.activities.create(
            occurred_on=date(2025, 1, 6), kind="received", description="Request received."
        ),
        "plan_document": factories.DocumentFactory(child=child, kind=Document.Kind.PLAN),
        "supporting_document": factories.DocumentFactory(
            child=child, request=request, kind=Document.Kind.SUPPORTING
        ),
        "letter": factories.DocumentFactory(child=child, request=request),
        "plan": plan,
        "review": factories.AnnualReviewFactory(plan=plan),
        "contact": factories.ContactFactory(child=child),
    }


@pytest.fixture
def world(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    team_a = factories.TeamFactory(name="Assessment team A")
    team_b = factories.TeamFactory(name="Assessment team B")
    riverside = factories.EstablishmentFactory(name="Riverside Primary School")
    hillside = factories.EstablishmentFactory(name="Hillside Academy")
    professional = factories.UserFactory(role=Role.PROFESSIONAL)
    ours = build_case(team=team_a, school=riverside, decided=False, professional=professional)
    theirs = build_case(team=team_b, school=hillside, decided=True)
    users = {
        Role.CASEWORKER: factories.UserFactory(role=Role.CASEWORKER, team=team_a),
        Role.TEAM_MANAGER: factories.UserFactory(role=Role.TEAM_MANAGER, team=team_a),
        Role.SERVICE_LEADER: factories.UserFactory(role=Role.SERVICE_LEADER),
        Role.QA_OFFICER: factories.UserFactory(role=Role.QA_OFFICER),
        Role.PANEL_MEMBER: factories.UserFactory(role=Role.PANEL_MEMBER),
        Role.ADMINISTRATOR: factories.UserFactory(role=Role.ADMINISTRATOR),
        Role.LOCAL_OFFER_EDITOR: factories.UserFactory(role=Role.LOCAL_OFFER_EDITOR),
        Role.SETTING_STAFF: factories.UserFactory(role=Role.SETTING_STAFF, establishment=riverside),
        Role.PROFESSIONAL: professional,
        Role.PARENT: factories.UserFactory(role=Role.PARENT),
        Role.YOUNG_PERSON: factories.UserFactory(role=Role.YOUNG_PERSON),
    }
    return {
        "ours": ours,
        "theirs": theirs,
        "users": users,
        "establishments": {"riverside": riverside, "hillside": hillside},
        "accounts": {
            "team_a_caseworker": ours["child"].caseworker,
            "team_b_caseworker": theirs["child"].caseworker,
        },
        "teams": {"team_a": team_a, "team_b": team_b},
    }


def allowed(user, records):
    return {
        name: {action for action in sorted(policy.RECORD_ACTIONS) if policy.can(user, action, obj)}
        for name, obj in records.items()
    }


ROLES = list(OURS)


@pytest.mark.parametrize("role", ROLES)
def test_role_against_our_case_records(world, role):
    assert allowed(world["users"][role], world["ours"]) == OURS[role]


@pytest.mark.parametrize("role", ROLES)
def test_role_against_another_teams_case_records(world, role):
    assert allowed(world["users"][role], world["theirs"]) == THEIRS[role]


@pytest.mark.parametrize("role", ROLES)
def test_role_against_the_settings_register(world, role):
    assert allowed(world["users"][role], world["establishments"]) == ESTABLISHMENTS[role]


@pytest.mark.parametrize("role", ROLES)
def test_role_against_user_accounts(world, role):
    user = world["users"][role]
    accounts = dict(world["accounts"], self=user)
    assert allowed(user, accounts) == ACCOUNTS[role]


@pytest.mark.parametrize("role", ROLES)
def test_role_against_teams(world, role):
    assert allowed(world["users"][role], world["teams"]) == TEAMS[role]


@pytest.mark.parametrize("role", ROLES)
def test_page_level_actions(role):
    user = factories.UserFactory(role=role)
    assert {action for action in policy.ACTIONS if policy.can(user, action)} == PAGES[role]


@pytest.mark.parametrize("action", ["view_reports", "import", "administer", "edit_local_offer"])
def test_page_level_actions_ignore_the_record(world, action):
    leader = world["users"][Role.SERVICE_LEADER]
    child = world["theirs"]["child"]
    assert policy.can(leader, action, child) == policy.can(leader, action)


def test_caseworker_without_a_team_keeps_their_own_caseload():
    caseworker = factories.UserFactory(role=Role.CASEWORKER, team=None)
    own = factories.ChildFactory(caseworker=caseworker)
    other = factories.ChildFactory()
    assert policy.can(caseworker, "change", own)
    assert not policy.can(caseworker, "view", other)
    assert list(policy.visible_children(caseworker)) == [own]


def test_panel_member_loses_sight_once_the_council_decides_not_to_assess(world):
    panel = world["users"][Role.PANEL_MEMBER]
    request = world["ours"]["request"]
    assert policy.can(panel, "view", request)
    request.decision_to_assess = Decision.NO
    request.decision_on = date(2025, 2, 14)
    request.save()
    assert not policy.can(panel, "view", request)
    assert not policy.can(panel, "view", world["ours"]["child"])


def test_panel_member_sees_a_case_awaiting_the_decision_to_issue(world):
    panel = world["users"][Role.PANEL_MEMBER]
    request = world["ours"]["request"]
    request.decision_to_assess = Decision.YES
    request.decision_on = date(2025, 2, 10)
    request.save()
    assert policy.can(panel, "view", request)
    assert not policy.can(panel, "change", request)


def test_setting_staff_lose_sight_when_the_child_moves_school(world):
    senco = world["users"][Role.SETTING_STAFF]
    child = world["ours"]["child"]
    child.establishment = world["establishments"]["hillside"]
    child.save()
    assert not policy.can(senco, "view", child)
    assert not policy.can(senco, "view", world["ours"]["plan"])


def test_setting_staff_without_a_setting_see_no_child(world):
    senco = factories.UserFactory(role=Role.SETTING_STAFF, establishment=None)
    assert not policy.can(senco, "view", world["ours"]["child"])
    assert not policy.visible_children(senco).exists()


@pytest.mark.parametrize("role", ROLES)
def test_inactive_user_may_do_nothing(world, role):
    user = world["users"][role]
    user.is_active = False
    assert allowed(user, world["ours"]) == case_table()
    assert not any(policy.can(user, action) for action in policy.ACTIONS)
    assert not policy.visible_children(user).exists()


def test_signed_out_visitor_may_do_nothing(world):
    visitor = AnonymousUser()
    assert not policy.can(visitor, "view", world["ours"]["child"])
    assert not policy.can(visitor, "view")
    assert not policy.visible_requests(visitor).exists()


def test_superuser_flag_grants_nothing_beyond_the_role(world):
    admin = world["users"][Role.ADMINISTRATOR]
    admin.is_superuser = True
    assert not policy.can(admin, "view", world["ours"]["child"])


def test_require_raises_permission_denied_on_refusal(world):
    with pytest.raises(PermissionDenied):
        policy.require(world["users"][Role.ADMINISTRATOR], "view", world["ours"]["child"])
    policy.require(world["users"][Role.CASEWORKER], "change", world["ours"]["child"])


def test_unknown_action_is_a_programming_error(world):
    with pytest.raises(ValueError, match="Unknown action"):
        policy.can(world["users"][Role.SERVICE_LEADER], "delete", world["ours"]["child"])


def test_record_without_a_rule_is_a_programming_error(world):
    with pytest.raises(TypeError, match="no rule for"):
        policy.can(world["users"][Role.SERVICE_LEADER], "view", object())


# --- The list filters agree with can(), and cost one query -------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_visible_children_match_can_view(world, role, django_assert_max_num_queries):
    user = world["users"][role]
    children = Child.objects.all()
    expected = {child.pk for child in children if policy.can(user, "view", child)}
    with django_assert_max_num_queries(1):
        visible = {child.pk for child in policy.visible_children(user, Child.objects.all())}
    assert visible == expected


@pytest.mark.parametrize("role", ROLES)
def test_visible_requests_match_can_view(world, role, django_assert_max_num_queries):
    user = world["users"][role]
    requests = [world["ours"]["request"], world["theirs"]["request"]]
    expected = {request.pk for request in requests if policy.can(user, "view", request)}
    with django_assert_max_num_queries(1):
        visible = {request.pk for request in policy.visible_requests(user)}
    assert visible == expected


@pytest.mark.parametrize("role", ROLES)
def test_visible_plans_match_can_view(world, role, django_assert_max_num_queries):
    user = world["users"][role]
    plans = list(EHCPlan.objects.all())
    expected = {plan.pk for plan in plans if policy.can(user, "view", plan)}
    with django_assert_max_num_queries(1):
        visible = {plan.pk for plan in policy.visible_plans(user)}
    assert visible == expected


def test_visible_children_narrow_the_queryset_they_are_given(world):
    leader = world["users"][Role.SERVICE_LEADER]
    ours = world["ours"]["child"]
    narrowed = policy.visible_children(leader, Child.objects.filter(pk=ours.pk))
    assert list(narrowed) == [ours]


def test_visible_children_lists_each_child_once(world):
    professional = world["users"][Role.PROFESSIONAL]
    factories.AdviceRequestFactory(request=world["ours"]["request"], advisor_user=professional)
    assert policy.visible_children(professional).count() == 1
