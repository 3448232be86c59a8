from base64 import b32encode

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from openehcp.accounts.policy import require
from openehcp.web.forms import posted, show_model_errors
from openehcp.web.locking import EditConflict

from . import services
from .forms import (
    PASSWORD_HINT,
    NewPasswordForm,
    OwnPasswordChangeForm,
    PasswordResetRequestForm,
    TemporaryPasswordChangeForm,
    TemporaryPasswordForm,
    TwoFactorCodeForm,
    UserCreateForm,
    UserEditForm,
)
from .models import User
from .ratelimit import rate_limit

USERS_PER_PAGE = 50


def locked_out(request, original_response=None, credentials=None):
    """django-axes' lockout response: the GOV.UK page, saying how long to wait (HTTP 429)."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(
        request,
        "accounts/locked_out.html",
        {"cooloff_minutes": minutes},
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )


def _next_url(request, default="web:home") -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse(default)


def _redirect_with_next(name: str, request):
    return redirect(f"{reverse(name)}?{urlencode({'next': _next_url(request)})}")


# --- Two-factor authentication ----------------------------------------------------------------


def _group(secret: str) -> str:
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_setup(request):
    """Link an authenticator app: scan the QR code (or type the key), then enter a code."""
    if user_has_device(request.user):
        return _redirect_with_next("accounts:two_factor_verify", request)
    device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(
            user=request.user, name="Authenticator app", confirmed=False
        )
    form = TwoFactorCodeForm(posted(request), device=device)
    if request.method == "POST" and form.is_valid():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        otp_login(request, device)
        messages.success(request, "Two-factor authentication is set up")
        return redirect(_next_url(request))
    qr_code = segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=2)
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "qr_code": qr_code,
            "secret": _group(b32encode(device.bin_key).decode()),
            "issuer": settings.OTP_TOTP_ISSUER,
            "next": _next_url(request),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_verify(request):
    """Ask for a code from the person's authenticator app once per sign-in."""
    device = TOTPDevice.objects.filter(user=request.user, confirmed=True).first()
    if device is None:
        return _redirect_with_next("accounts:two_factor_setup", request)
    form = TwoFactorCodeForm(posted(request), device=device)
    if request.method == "POST" and form.is_valid():
        otp_login(request, device)
        return redirect(_next_url(request))
    return render(
        request, "accounts/two_factor_verify.html", {"form": form, "next": _next_url(request)}
    )


@login_required
@require_GET
def account(request):
    """The signed-in person's own account: change password, set up two-factor authentication."""
    return render(
        request,
        "accounts/account.html",
        {"has_two_factor": user_has_device(request.user)},
    )


# --- Password change --------------------------------------------------------------------------


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    form_class = OwnPasswordChangeForm
    success_url = reverse_lazy("accounts:account")
    extra_context = {"password_hint": PASSWORD_HINT}

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, "Your password has been changed")
        return response


@login_required
@require_http_methods(["GET", "POST"])
def password_choose(request):
    """At the first sign-in after an administrator set the password: the person chooses their
    own before anything else (``TemporaryPasswordMiddleware`` sends them here)."""
    if not request.user.must_change_password:
        return redirect(_next_url(request))
    form = TemporaryPasswordChangeForm(request.user, posted(request))
    if request.method == "POST" and form.is_valid():
        form.save()
        update_session_auth_hash(request, form.user)
        messages.success(request, "Your password has been changed")
        return redirect(_next_url(request))
    return render(
        request, "accounts/password_choose.html", {"form": form, "next": _next_url(request)}
    )


# --- Password reset by email (signed out) ----------------------------------------------------


@method_decorator(rate_limit("password_reset"), name="post")
class PasswordResetView(auth_views.PasswordResetView):
    """Ask for a reset link. Whatever the address, the next page is the same."""

    template_name = "accounts/password_reset.html"
    form_class = PasswordResetRequestForm
    success_url = reverse_lazy("accounts:password_reset_sent")

    def form_valid(self, form):
        services.request_password_reset(
            email=form.cleaned_data["email"],
            domain=self.request.get_host(),
            use_https=self.request.is_secure(),
        )
        return redirect(self.success_url)


class PasswordResetSentView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_sent.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            valid_minutes=settings.PASSWORD_RESET_TIMEOUT // 60, **kwargs
        )


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """The emailed link: choose a new password. The link works once (the token is made from the
    password it replaces) and for ``PASSWORD_RESET_TIMEOUT``; the person is not signed in by it,
    so staff still enter their two-factor code at sign-in."""

    template_name = "accounts/password_reset_confirm.html"
    form_class = NewPasswordForm
    post_reset_login = False
    success_url = reverse_lazy("accounts:password_reset_complete")

    def get_user(self, uidb64):
        user = super().get_user(uidb64)
        return user if user is not None and user.is_active else None

    def form_valid(self, form):
        response = super().form_valid(form)
        services.finish_password_reset(user=form.user)
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


# --- User administration (administrators) -----------------------------------------------------


@login_required
@require_GET
def user_list(request):
    require(request.user, "administer")
    users = User.objects.select_related("team", "establishment").order_by(
        "-is_active", "last_name", "first_name", "username"
    )
    page = Paginator(users, USERS_PER_PAGE).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    locked = services.locked_out_usernames([account.username for account in page.object_list])
    for account in page.object_list:
        account.is_locked = account.username in locked
    return render(request, "accounts/user_list.html", {"page": page})


@login_required
@require_http_methods(["GET", "POST"])
def user_create(request):
    require(request.user, "administer")
    form = UserCreateForm(posted(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.create_user(
                username=data["username"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                email=data["email"],
                role=data["role"],
                password=data["password"],
                team=data["team"],
                establishment=data["establishment"],
                discipline=data["discipline"],
            )
        except ValidationError as error:
            show_model_errors(form, error)
        else:
            messages.success(request, f"Account created for {user}")
            return redirect("accounts:user_detail", pk=user.pk)
    return render(request, "accounts/user_form.html", {"form": form, "creating": True})


@login_required
@require_GET
def user_detail(request, pk):
    account = get_object_or_404(User.objects.select_related("team", "establishment"), pk=pk)
    require(request.user, "administer")
    require(request.user, "view", account)
    account.is_locked = bool(services.locked_out_usernames([account.username]))
    return render(
        request,
        "accounts/user_detail.html",
        {"account": account, "has_two_factor": user_has_device(account, confirmed=None)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def user_edit(request, pk):
    account = get_object_or_404(User, pk=pk)
    require(request.user, "administer")
    require(request.user, "change", account)
    initial = {
        "first_name": account.first_name,
        "last_name": account.last_name,
        "email": account.email,
        "role": account.role,
        "team": account.team_id,
        "establishment": account.establishment_id,
        "discipline": account.discipline,
        "version": account.version,
    }
    form = UserEditForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.update_user(
                user=account,
                version=data["version"],
                by=request.user,
                first_name=data["first_name"],
                last_name=data["last_name"],
                email=data["email"],
                role=data["role"],
                team=data["team"],
                establishment=data["establishment"],
                discipline=data["discipline"],
            )
        except EditConflict as clash:
            form.show_conflict(clash)
        except ValidationError as error:
            show_model_errors(form, error)
        else:
            messages.success(request, f"Account updated for {account}")
            return redirect("accounts:user_detail", pk=account.pk)
    return render(
        request, "accounts/user_form.html", {"form": form, "creating": False, "account": account}
    )


@login_required
@require_http_methods(["GET", "POST"])
def user_deactivate(request, pk):
    account = get_object_or_404(User, pk=pk)
    require(request.user, "administer")
    require(request.user, "change", account)
    error = ""
    if request.method == "POST":
        try:
            services.deactivate_user(user=account, by=request.user)
        except ValidationError as problem:
            error = problem.messages[0]
        else:
            messages.success(request, f"{account} can no longer sign in")
            return redirect("accounts:user_detail", pk=account.pk)
    return render(
        request,
        "accounts/user_deactivate.html",
        {"account": account, "error": error},
        status=400 if error else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def user_set_password(request, pk):
    """Give a person a temporary password (they forgot theirs and cannot use the emailed link)."""
    account = get_object_or_404(User, pk=pk)
    require(request.user, "administer")
    require(request.user, "change", account)
    form = TemporaryPasswordForm(posted(request), user=account)
    if request.method == "POST" and form.is_valid():
        services.set_temporary_password(
            user=account, password=form.cleaned_data["password"], by=request.user
        )
        messages.success(request, f"{account} must choose a new password when they next sign in")
        return redirect("accounts:user_detail", pk=account.pk)
    return render(request, "accounts/user_password.html", {"form": form, "account": account})


def _account_action(request, pk, action, message):
    account = get_object_or_404(User, pk=pk)
    require(request.user, "administer")
    require(request.user, "change", account)
    action(user=account)
    messages.success(request, message.format(account=account))
    return redirect("accounts:user_detail", pk=account.pk)


@login_required
@require_POST
def user_reactivate(request, pk):
    return _account_action(request, pk, services.reactivate_user, "{account} can sign in again")


@login_required
@require_POST
def user_unlock(request, pk):
    return _account_action(
        request, pk, services.unlock_user, "{account} is unlocked and can sign in now"
    )


@login_required
@require_POST
def user_reset_two_factor(request, pk):
    return _account_action(
        request,
        pk,
        services.reset_two_factor,
        "{account} will set up two-factor authentication again when they next sign in",
    )
