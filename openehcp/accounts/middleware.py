"""Before anything else, council staff complete two-factor authentication, and a person signed in
with a temporary password chooses their own."""

from django.conf import settings
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils.http import urlencode
from django_otp import user_has_device

# Pages a signed-in member of staff may reach before entering a code.
OPEN_PAGES = frozenset(
    {
        "accounts:login",
        "accounts:logout",
        "accounts:two_factor_setup",
        "accounts:two_factor_verify",
        "web:healthz",
        "web:accessibility",
        "web:privacy",
        # The public Local Offer: the same pages families see.
        "localoffer:directory",
        "localoffer:service",
        "localoffer:comments",
    }
)
# Apps that are public in full (the timescales checker and the Local Offer's Open Referral API).
OPEN_APPS = frozenset({"timescales", "oruk"})


def _is_open(path: str) -> bool:
    if path.startswith(settings.STATIC_URL):
        return True
    try:
        match = resolve(path)
    except Resolver404:
        return True  # the 404 page gives nothing away
    return match.view_name in OPEN_PAGES or match.app_name in OPEN_APPS


class StaffTwoFactorMiddleware:
    """When ``OPENEHCP_REQUIRE_STAFF_2FA`` is on, send signed-in council staff who have not entered
    a code in this session to set up an authenticator app, or to enter a code from it.

    Must come after ``django_otp.middleware.OTPMiddleware``, which adds ``user.is_verified``.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            settings.OPENEHCP_REQUIRE_STAFF_2FA
            and user.is_authenticated
            and user.is_council_staff
            and not user.is_verified()
            and not _is_open(request.path_info)
        ):
            step = "two_factor_verify" if user_has_device(user) else "two_factor_setup"
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse(f'accounts:{step}')}?{query}")
        return self.get_response(request)


# Pages a person signed in with a temporary password may reach before choosing their own.
PASSWORD_PAGES = frozenset({"accounts:password_change", "accounts:password_choose"})


def _is_open_with_temporary_password(path: str) -> bool:
    if _is_open(path):
        return True
    return resolve(path).view_name in PASSWORD_PAGES


class TemporaryPasswordMiddleware:
    """Send a person whose password an administrator set (``User.must_change_password``) to
    choose their own before any other page. Comes after ``StaffTwoFactorMiddleware``: staff
    enter their code first, so a temporary password alone never changes a password."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and user.must_change_password
            and not _is_open_with_temporary_password(request.path_info)
        ):
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse('accounts:password_choose')}?{query}")
        return self.get_response(request)
