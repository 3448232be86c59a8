"""The README's "Who can do what" table says what the permission policy does."""

import pytest
from django.conf import settings

from openehcp.accounts import policy
from openehcp.accounts.models import Role
from tests import factories

pytestmark = pytest.mark.django_db

COLUMNS = {
    "See children's records": "view",
    "Change them": "change",
    "History tab": "view_history",
    "Reallocate cases": "manage_team",
    "Reports": "view_reports",
    "Import or export case history": "import",
    "Users and settings register": "administer",
    "Local Offer": "edit_local_offer",
    "Send advice or review reports": "submit",
}


def readme_table() -> dict[str, dict[str, str]]:
    text = (settings.BASE_DIR / "README.md").read_text()
    section = text.split("## Who can do what", 1)[1].split("\n## ", 1)[0]
    rows = [
        [cell.strip() for cell in line.strip().strip("|").split("|")]
        for line in section.splitlines()
        if line.startswith("|")
    ]
    header, _rule, *body = rows
    return {row[0]: dict(zip(header[1:], row[1:], strict=True)) for row in body}


def test_readme_table_names_every_role_and_action():
    table = readme_table()
    assert set(table) == {label for _, label in Role.choices}
    assert all(set(row) == set(COLUMNS) for row in table.values())


@pytest.mark.parametrize("role, label", Role.choices)
def test_readme_table_matches_the_policy(role, label):
    user = factories.UserFactory(role=role)
    row = readme_table()[label]
    for column, action in COLUMNS.items():
        assert (row[column] != "No" and not row[column].startswith("No ")) == policy.can(
            user, action
        ), f"{label}: {column}"
