"""The ``openehcp`` console script: Django's management commands under one name.

``openehcp serve``, ``openehcp migrate``, ``openehcp demo``, ``openehcp timeline ...`` and the
rest are the management commands of the project's apps.
"""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "openehcp.config.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["openehcp", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
