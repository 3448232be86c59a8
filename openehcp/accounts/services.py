"""Changes to user accounts. The administrator's pages call these; so may a command or an import.

Each service checks the account's invariants again (forms are for people; these guard the data):
caseworkers and team managers belong to a team, setting staff to an establishment, professionals
have a discipline, and nobody else carries any of them.
"""

from axes.models import AccessAttempt
from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django_otp import devices_for_user

from openehcp.web.locking import take_lock

from . import ratelimit, tasks
from .models import Role, User

NEEDS_TEAM = frozenset({Role.CASEWORKER, Role.TEAM_MANAGER})


def check_role_details(*, role, team, establishment, discipline) -> None:
    """Raise ``ValidationError`` (keyed by field) unless the details fit the role."""
    errors = {}
    if role in NEEDS_TEAM and team is None:
        errors["team"] = "Select the team this person works in"
    if role not in NEEDS_TEAM and team is not None:
        errors["team"] = "Only caseworkers and team managers belong to a team"
    if role == Role.SETTING_STAFF and establishment is None:
        errors["establishment"] = "Select the school, college or provider this person works at"
    if role != Role.SETTING_STAFF and establishment is not None:
        errors["establishment"] = "Only setting staff are linked to a school or college"
    if role == Role.PROFESSIONAL and not discipline:
        errors["discipline"] = "Select the kind of advice this person gives"
    if role != Role.PROFESSIONAL and discipline:
        errors["discipline"] = "Only professionals giving advice have a discipline"
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def create_user(
    *,
    username: str,
    first_name: str,
    last_name: str,
    email: str,
    role: str,
    password: str,
    team=None,
    establishment=None,
    discipline: str = "",
) -> User:
    """Open an account. The password must pass the password rules (``AUTH_PASSWORD_VALIDATORS``)
    and is temporary: someone other than the person chose it, so they must choose their own when
    they first sign in (``TemporaryPasswordMiddleware``)."""
    check_role_details(role=role, team=team, establishment=establishment, discipline=discipline)
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": "An account with this username already exists"})
    user = User(
        username=username,
        first_name=first_name,
        last_name=last_name,
        email=email,
        role=role,
        team=team,
        establishment=establishment,
        discipline=discipline,
        must_change_password=True,
    )
    validate_password(password, user)
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    return user


@transaction.atomic
def update_user(
    *,
    user: User,
    version: int,
    by: User | None,
    first_name: str,
    last_name: str,
    email: str,
    role: str,
    team=None,
    establishment=None,
    discipline: str = "",
) -> User:
    """Change a person's name, email, role or where they work, if nobody else changed them
    since ``version`` was loaded (the shared edit lock: else ``EditConflict``, nothing saved)."""
    check_role_details(role=role, team=team, establishment=establishment, discipline=discipline)
    user = take_lock(User, user.pk, version, user=by, noun=f"{user}’s account")
    user.first_name = first_name
    user.last_name = last_name
    user.email = email
    user.role = role
    user.team = team
    user.establishment = establishment
    user.discipline = discipline
    user.full_clean(exclude=["password"])
    user.save()
    return user


@transaction.atomic
def deactivate_user(*, user: User, by: User) -> User:
    """Stop a person signing in; their records and history stay. Nobody deactivates themselves,
    so a council cannot lose its last administrator this way."""
    if user.pk == by.pk:
        raise ValidationError("You cannot deactivate your own account")
    user.is_active = False
    user.save(update_fields=["is_active"])
    return user


@transaction.atomic
def reactivate_user(*, user: User) -> User:
    user.is_active = True
    user.save(update_fields=["is_active"])
    return user


@transaction.atomic
def set_temporary_password(*, user: User, password: str, by: User | None = None) -> User:
    """An administrator gives a person a new password (they forgot theirs and cannot use the
    emailed link). It is temporary: the person chooses their own at their next sign-in. Their
    other sessions end, because the password they were signed in with has changed."""
    validate_password(password, user)
    user.set_password(password)
    user.must_change_password = True
    user._change_reason = "Temporary password set by an administrator"
    if by is not None:
        user._history_user = by
    user.save()
    return user


def prepare_own_password(user: User, *, reason: str) -> None:
    """Before saving a password the person chose themselves (changed, reset by email, or in
    place of a temporary one): it is no longer temporary, and the change history says how it
    was set and that the person did it. The caller sets the password and saves."""
    user.must_change_password = False
    user._change_reason = reason
    user._history_user = user


def request_password_reset(*, email: str, domain: str, use_https: bool) -> bool:
    """Ask the worker to email a reset link to the accounts with this address, if any. The same
    work whether or not there is one, so nothing tells the asker which addresses have accounts.
    At most ``OPENEHCP_RATE_LIMIT_PASSWORD_RESET_EMAIL`` emails an hour go to one address, so
    nobody can flood a person's inbox; over it, nothing is sent and the page says the same."""
    rate = ratelimit.rate_for("password_reset_email")
    address = email.strip().lower()
    if rate is not None and ratelimit.hit("password_reset_email", address, rate) > rate.count:
        return False
    tasks.send_password_reset.enqueue(email=email, domain=domain, use_https=use_https)
    return True


def finish_password_reset(*, user: User) -> None:
    """After a person set a new password from an emailed link: clear the failed sign-ins that
    locked their account. Safe: the lockout stops someone guessing the password, and the guesses
    it counted were against a password that no longer exists; only someone who can read the
    account's email gets here, and they chose the new password. Staff are still asked for their
    two-factor code when they sign in. Asking for a link unlocks nothing."""
    axes_reset(username=user.username)


def unlock_user(*, user: User) -> int:
    """Clear failed sign-in attempts so a locked-out person can sign in again at once."""
    return axes_reset(username=user.username)


@transaction.atomic
def reset_two_factor(*, user: User) -> int:
    """Remove a person's authenticator devices (a lost phone); they set up a new one when they
    next sign in. Returns the number of devices removed."""
    removed = 0
    for device in devices_for_user(user, confirmed=None):
        device.delete()
        removed += 1
    return removed


def locked_out_usernames(usernames=None) -> set[str]:
    """The usernames locked out now by repeated failed sign-ins (django-axes), in one query."""
    attempts = AccessAttempt.objects.filter(
        failures_since_start__gte=settings.AXES_FAILURE_LIMIT,
        attempt_time__gte=timezone.now() - settings.AXES_COOLOFF_TIME,
    )
    if usernames is not None:
        attempts = attempts.filter(username__in=usernames)
    return set(attempts.values_list("username", flat=True))
