"""The ``openehcp`` console script: Django's management commands under one name.

``openehcp serve``, ``openehcp migrate``, ``openehcp demo``, ``openehcp timeline ...`` and the
rest are the management commands of the project's apps.
"""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "openehcp.config.settings")
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        settings.INSTALLED_APPS  # noqa: B018 - reads the environment now, to report it plainly
    except ImproperlyConfigured as error:
        # A configuration mistake (no SECRET_KEY in production, a bad OPENEHCP_MODE) is the
        # operator's to fix: say what is wrong, without a traceback.
        sys.exit(f"openehcp: {error}")
    execute_from_command_line(["openehcp", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
