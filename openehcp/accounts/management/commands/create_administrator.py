"""``openehcp create_administrator USERNAME --email EMAIL``: the first administrator of a new
installation, who then opens every other account from the Users page. The password is temporary,
like any an administrator sets: the administrator chooses their own at their first sign-in."""

import getpass
import os

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from openehcp.accounts.models import Role
from openehcp.accounts.services import create_user


class Command(BaseCommand):
    help = "Open an administrator account (the password is asked for, or read from "
    help += "OPENEHCP_ADMIN_PASSWORD)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--email", required=True)
        parser.add_argument("--first-name", default="")
        parser.add_argument("--last-name", default="")

    def handle(self, *args, username, email, first_name, last_name, **options):
        password = os.environ.get("OPENEHCP_ADMIN_PASSWORD")
        if not password:
            password = getpass.getpass("Password: ")
            if password != getpass.getpass("Password (again): "):
                raise CommandError("The passwords do not match")
        try:
            create_user(
                username=username,
                first_name=first_name,
                last_name=last_name,
                email=email,
                role=Role.ADMINISTRATOR,
                password=password,
            )
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from None
        self.stdout.write(
            f"Administrator {username} can now sign in, and must then choose a new password."
        )
