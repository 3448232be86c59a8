import pytest

from . import histories


@pytest.fixture
def h():
    """The hand-built histories of ``histories.build()``, by name."""
    return histories.build()
