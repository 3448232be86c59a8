"""Test-wide set-up: tests run in OPENEHCP_MODE=test unless told otherwise."""

import os

os.environ.setdefault("OPENEHCP_MODE", "test")
