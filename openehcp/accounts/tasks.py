"""Background tasks of the accounts app."""

import logging

from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django_tasks import task

logger = logging.getLogger(__name__)


@task()
def send_password_reset(email: str, domain: str, use_https: bool, welcome: bool = False) -> None:
    """Email a password reset link to each active account with this address; to nobody if there
    is none. Done in the worker so that the page answers in the same time either way, and so that
    the task's record holds the address asked about, never a link or token. ``welcome``: the
    account was just opened for the person (online access for a family), so the email says so
    and asks them to choose their password with the same link."""
    form = PasswordResetForm({"email": email})
    if not form.is_valid():
        return
    name = "account_opened" if welcome else "password_reset"
    form.save(
        domain_override=domain,
        use_https=use_https,
        subject_template_name=f"accounts/email/{name}_subject.txt",
        email_template_name=f"accounts/email/{name}.txt",
        extra_email_context={
            "council_name": settings.COUNCIL_NAME,
            "service_name": settings.SERVICE_NAME,
            "valid_minutes": settings.PASSWORD_RESET_TIMEOUT // 60,
        },
    )
    for user in form.get_users(email):
        logger.info("Password reset link emailed to user %s", user.pk)
