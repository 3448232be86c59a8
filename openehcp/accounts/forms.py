from django import forms
from django.contrib.auth.forms import PasswordChangeForm, SetPasswordForm
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from openehcp.establishments.models import Establishment
from openehcp.web.locking import LockedForm

from .models import Discipline, Role, Team, User
from .services import check_role_details, prepare_own_password

PASSWORD_HINT = (
    "Use at least 12 characters. Do not use a common password, only numbers, "
    "or something like your name or username."
)


class _OwnPassword:
    """A password the person chooses themselves: no longer temporary, recorded in the change
    history with ``change_reason``."""

    change_reason = ""

    def save(self, commit=True):
        prepare_own_password(self.user, reason=self.change_reason)
        return super().save(commit=commit)


class OwnPasswordChangeForm(_OwnPassword, PasswordChangeForm):
    change_reason = "Password changed"


class NewPasswordForm(_OwnPassword, SetPasswordForm):
    """Choose a new password (twice) without the old one: after an emailed reset link. The
    password rules (``AUTH_PASSWORD_VALIDATORS``) apply."""

    change_reason = "Password reset with an emailed link"
    error_messages = {
        "password_mismatch": "The passwords do not match. Enter the same password in both boxes"
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        first, second = self.fields["new_password1"], self.fields["new_password2"]
        first.label, first.help_text = "New password", PASSWORD_HINT
        first.error_messages["required"] = "Enter a new password"
        second.label, second.help_text = "Enter the new password again", ""
        second.error_messages["required"] = "Enter the new password again"


class TemporaryPasswordChangeForm(NewPasswordForm):
    """In place of a temporary password an administrator set, at the first sign-in after it."""

    change_reason = "Temporary password replaced"

    def clean_new_password1(self):
        password = self.cleaned_data["new_password1"]
        if self.user.check_password(password):
            raise ValidationError("Choose a password different from your temporary password")
        return password


class PasswordResetRequestForm(forms.Form):
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        help_text="The email address your account uses.",
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )


def temporary_password_field() -> forms.CharField:
    return forms.CharField(
        label="Temporary password",
        strip=False,
        help_text=PASSWORD_HINT
        + " Give it to the person securely: they must choose their own when they next sign in.",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": "Enter a temporary password"},
    )


class TemporaryPasswordForm(forms.Form):
    """An administrator sets a temporary password for a person."""

    password = temporary_password_field()

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        validate_password(password, self.user)
        return password


class TwoFactorCodeForm(forms.Form):
    """The 6-digit code from the person's authenticator app, checked against their device."""

    code = forms.CharField(
        label="Code from your authenticator app",
        max_length=10,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "spellcheck": "false",
                "class": "govuk-input--width-5",
            }
        ),
        error_messages={"required": "Enter the 6-digit code from your authenticator app"},
    )

    def __init__(self, *args, device, **kwargs):
        super().__init__(*args, **kwargs)
        self.device = device

    def clean_code(self):
        code = "".join(self.cleaned_data["code"].split())
        if not (code.isdigit() and len(code) == 6):
            raise ValidationError("Enter the code as 6 digits, like 123456")
        allowed, _ = self.device.verify_is_allowed()
        if not allowed:
            raise ValidationError(
                "You entered a wrong code too many times. Wait a minute, then try again"
            )
        if not self.device.verify_token(code):
            raise ValidationError("The code is not correct. Enter the code your app shows now")
        return code


def _role_detail_fields():
    return {
        "team": forms.ModelChoiceField(
            queryset=Team.objects.all(),
            required=False,
            label="Team",
            help_text="For caseworkers and team managers.",
            empty_label="Not in a team",
        ),
        "establishment": forms.ModelChoiceField(
            queryset=Establishment.objects.filter(is_open=True),
            required=False,
            label="School, college or provider",
            help_text="For setting staff: where they work.",
            empty_label="None",
        ),
        "discipline": forms.ChoiceField(
            choices=[("", "None"), *Discipline.choices],
            required=False,
            label="Discipline",
            help_text="For professionals giving advice.",
        ),
    }


class UserDetailsForm(forms.Form):
    first_name = forms.CharField(
        max_length=150,
        error_messages={"required": "Enter the person's first name"},
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    last_name = forms.CharField(
        max_length=150,
        error_messages={"required": "Enter the person's last name"},
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    email = forms.EmailField(
        label="Email address",
        error_messages={
            "required": "Enter the person's email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    role = forms.ChoiceField(
        choices=Role.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the person's role"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.update(_role_detail_fields())

    def clean(self):
        cleaned = super().clean()
        if "role" in cleaned:
            try:
                check_role_details(
                    role=cleaned["role"],
                    team=cleaned.get("team"),
                    establishment=cleaned.get("establishment"),
                    discipline=cleaned.get("discipline", ""),
                )
            except ValidationError as error:
                for field, messages in error.message_dict.items():
                    if field not in self.errors:
                        self.add_error(field, messages)
        return cleaned


class UserEditForm(UserDetailsForm, LockedForm):
    """Changing a person's details: carries the account's version (the shared edit lock)."""


class UserCreateForm(UserDetailsForm):
    username = forms.RegexField(
        regex=r"^[\w.@+-]+\Z",
        max_length=150,
        help_text="Letters, numbers and . @ + - _ only. The person signs in with it.",
        error_messages={
            "required": "Enter a username",
            "invalid": "Username must only include letters, numbers and . @ + - _",
        },
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    password = temporary_password_field()

    field_order = ["first_name", "last_name", "email", "username", "role"]

    def clean_username(self):
        username = self.cleaned_data["username"]
        if User.objects.filter(username__iexact=username).exists():
            raise ValidationError("An account with this username already exists")
        return username

    def clean(self):
        cleaned = super().clean()
        password = cleaned.get("password")
        if password:
            candidate = User(
                username=cleaned.get("username", ""),
                first_name=cleaned.get("first_name", ""),
                last_name=cleaned.get("last_name", ""),
                email=cleaned.get("email", ""),
            )
            try:
                validate_password(password, candidate)
            except ValidationError as error:
                self.add_error("password", error)
        return cleaned
