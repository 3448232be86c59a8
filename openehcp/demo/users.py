"""The demo council's sign-in accounts: one person per role, all with one shared password.

``ensure_demo_users()`` can be called any number of times (by ``openehcp demo``, by browser tests,
by a person setting up a laptop): it creates what is missing and puts back what was changed, and
never makes a second copy. The password is for the synthetic demo only and is printed by
``openehcp demo``; it passes the password validators in settings (12+ characters, not common).
"""

from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.db import transaction

from openehcp.accounts.models import Discipline, Role, Team, User
from openehcp.establishments.models import Establishment, Phase, SettingType

DEMO_PASSWORD = "Kettle-Harbour-Sunflower-58"

# The demo council: Southwark's real LA code so that UPNs carry a valid LA part. Every person,
# address and setting in the demo data is made up.
DEMO_LA_CODE = "210"
ASSESSMENT_TEAM = "Assessment team"
REVIEW_TEAM = "Review team"
DEMO_EMAIL_DOMAIN = "demo.openehcp.example"

# The school where the demo SENCO works; the generator keeps it in its register of settings.
DEMO_SCHOOL_URN = "921001"
DEMO_SCHOOL_NAME = "Larkspur Primary School"
DEMO_SCHOOL_POSTCODE = "SE15 4QN"


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str
    role_label: str
    full_name: str
    can_see: str


@dataclass(frozen=True)
class _DemoUser:
    username: str
    first_name: str
    last_name: str
    role: str
    team: str = ""
    discipline: str = ""
    at_demo_school: bool = False
    can_see: str = ""


DEMO_USERS: tuple[_DemoUser, ...] = (
    _DemoUser(
        "caseworker",
        "Priya",
        "Raman",
        Role.CASEWORKER,
        team=ASSESSMENT_TEAM,
        can_see="Children of the assessment team; their own workqueue of assessments",
    ),
    _DemoUser(
        "reviewer",
        "Tom",
        "Okafor",
        Role.CASEWORKER,
        team=REVIEW_TEAM,
        can_see="Children of the review team; annual reviews due and late",
    ),
    _DemoUser(
        "manager",
        "Helen",
        "Marsh",
        Role.TEAM_MANAGER,
        team=ASSESSMENT_TEAM,
        can_see="The assessment team's children and caseloads; can reallocate cases",
    ),
    _DemoUser(
        "leader",
        "Daniel",
        "Achterberg",
        Role.SERVICE_LEADER,
        can_see="Every child and case; scorecards and reports",
    ),
    _DemoUser(
        "qa",
        "Grace",
        "Mensah",
        Role.QA_OFFICER,
        can_see="Every child and case, read only, to audit the quality of plans",
    ),
    _DemoUser(
        "panel",
        "Iqbal",
        "Chowdhury",
        Role.PANEL_MEMBER,
        can_see="Cases awaiting a decision whether to assess or to issue a plan, read only",
    ),
    _DemoUser(
        "admin",
        "Fiona",
        "Gallagher",
        Role.ADMINISTRATOR,
        can_see="Users, teams and the settings register; no case records",
    ),
    _DemoUser(
        "parent",
        "Aisha",
        "Bello",
        Role.PARENT,
        can_see="Their child's case in the family portal (Your case): a draft plan to comment on",
    ),
    _DemoUser(
        "youngperson",
        "Jordan",
        "Whitfield",
        Role.YOUNG_PERSON,
        can_see="Their own case and EHC plan in the family portal (Your case), aged 17 or more",
    ),
    _DemoUser(
        "psychologist",
        "Eleanor",
        "Fairbairn",
        Role.PROFESSIONAL,
        discipline=Discipline.EDUCATIONAL_PSYCHOLOGY,
        can_see="Only children whose advice request is addressed to them; sends that advice "
        "(one request overdue, one due soon, some already sent)",
    ),
    _DemoUser(
        "senco",
        "Marcus",
        "Delaney",
        Role.SETTING_STAFF,
        at_demo_school=True,
        can_see=f"Only children at {DEMO_SCHOOL_NAME}; sends the advice asked of the school "
        "and the report of each review meeting held (two are waiting)",
    ),
    _DemoUser(
        "localoffer",
        "Nadia",
        "Haddad",
        Role.LOCAL_OFFER_EDITOR,
        can_see="The Local Offer's services, providers and places; no case records",
    ),
)

DEMO_USERNAMES = tuple(spec.username for spec in DEMO_USERS)


def ensure_demo_school() -> Establishment:
    """The demo SENCO's school, created once and kept by the generator's settings register."""
    school, _ = Establishment.objects.update_or_create(
        urn=DEMO_SCHOOL_URN,
        defaults={
            "name": DEMO_SCHOOL_NAME,
            "setting_type": SettingType.MAINSTREAM,
            "phase": Phase.PRIMARY,
            "la_code": DEMO_LA_CODE,
            "postcode": DEMO_SCHOOL_POSTCODE,
            "is_open": True,
        },
    )
    return school


def ensure_demo_teams() -> dict[str, Team]:
    teams = {}
    for name, function in (
        (ASSESSMENT_TEAM, Team.Function.ASSESSMENT),
        (REVIEW_TEAM, Team.Function.REVIEW),
    ):
        teams[name], _ = Team.objects.update_or_create(name=name, defaults={"function": function})
    return teams


@transaction.atomic
def ensure_demo_users() -> list[DemoLogin]:
    """Create (or put back) the demo teams, the demo school and one demo user per role.

    Idempotent: users are found by username and reset to their demo role, team, setting and the
    shared ``DEMO_PASSWORD``. Returns the logins in the order the README's table lists them.
    """
    teams = ensure_demo_teams()
    school = ensure_demo_school()
    logins, users = [], []
    for spec in DEMO_USERS:
        user, _ = User.objects.update_or_create(
            username=spec.username,
            defaults={
                "first_name": spec.first_name,
                "last_name": spec.last_name,
                "email": f"{spec.username}@{DEMO_EMAIL_DOMAIN}",
                "role": spec.role,
                "team": teams[spec.team] if spec.team else None,
                "establishment": school if spec.at_demo_school else None,
                "discipline": spec.discipline,
                "is_active": True,
                "is_staff": False,
                "is_superuser": False,
            },
        )
        users.append(user)
        logins.append(
            DemoLogin(
                username=spec.username,
                role=spec.role,
                role_label=Role(spec.role).label,
                full_name=user.get_full_name(),
                can_see=spec.can_see,
            )
        )
    _ensure_shared_password(users)
    _ensure_default_caseworkers(teams, users)
    return logins


def _ensure_default_caseworkers(teams: dict[str, Team], users: list[User]) -> None:
    """Each team's default caseworker receives new online requests whose setting has no linked
    caseworker: the team's demo caseworker."""
    for team in teams.values():
        caseworker = next(
            (user for user in users if user.team_id == team.pk and user.role == Role.CASEWORKER),
            None,
        )
        if caseworker and team.default_caseworker_id != caseworker.pk:
            team.default_caseworker = caseworker
            team.save(update_fields=["default_caseworker"])


def _ensure_shared_password(users: list[User]) -> None:
    """Give every demo user the demo password with one shared hash, so that checking it again
    costs one slow hash rather than one per user."""
    hashes = {user.password for user in users}
    if len(hashes) == 1 and users[0].check_password(DEMO_PASSWORD):
        return
    for user in users:
        validate_password(DEMO_PASSWORD, user)
    User.objects.filter(pk__in=[user.pk for user in users]).update(
        password=make_password(DEMO_PASSWORD)
    )


def logins_table(logins: list[DemoLogin]) -> str:
    """The demo logins as a plain-text table for the terminal."""
    rows = [("Username", "Role", "Can see")] + [
        (login.username, login.role_label, login.can_see) for login in logins
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(2)]
    lines = [f"{u:<{widths[0]}}  {r:<{widths[1]}}  {s}" for u, r, s in rows]
    lines.insert(1, "-" * (widths[0] + widths[1] + 4 + max(len(row[2]) for row in rows)))
    lines.append("")
    lines.append(f"Password for every demo user: {DEMO_PASSWORD}")
    return "\n".join(lines)
