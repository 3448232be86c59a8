"""``openehcp scorecard``: JSON with the agreed keys, a readable table, CSV and Excel files."""

import csv
import json
import os
import re
import subprocess
import sys
from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import load_workbook

from openehcp.accounts.models import Role
from openehcp.assessments.models import Decision
from tests.factories import AssessmentRequestFactory, UserFactory

pytestmark = pytest.mark.django_db

REQUIRED_KEYS = [
    "month",
    "requests_received",
    "plans_issued",
    "plans_issued_excluding_exceptions",
    "issued_within_20_weeks",
    "percent_within_20_weeks",
    "cumulative_percent_within_20_weeks",
    "open_over_30_weeks",
    "open_over_52_weeks",
    "plans_ceased",
]


def run(*args) -> str:
    out = StringIO()
    call_command("scorecard", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def history():
    AssessmentRequestFactory(
        received_on=date(2021, 10, 1),
        decision_to_assess=Decision.YES,
        decision_on=date(2021, 11, 1),
        final_issued_on=date(2022, 1, 20),  # 111 days
    )
    AssessmentRequestFactory(
        received_on=date(2021, 6, 1),
        decision_to_assess=Decision.YES,
        decision_on=date(2021, 7, 1),
        final_issued_on=date(2022, 2, 1),  # 245 days
    )
    AssessmentRequestFactory(received_on=date(2022, 2, 28))


def test_json_has_the_agreed_keys_and_numbers(history):
    document = json.loads(run("--from", "2022-01", "--to", "2022-12", "--json"))
    months = document["months"]
    assert len(months) == 12
    assert set(REQUIRED_KEYS) <= set(months[0])
    assert list(months[0])[: len(REQUIRED_KEYS)] == REQUIRED_KEYS
    january, february = months[0], months[1]
    assert january["month"] == "2022-01"
    assert january["plans_issued"] == 1
    assert january["percent_within_20_weeks"] == 100.0
    assert february["plans_issued"] == 1
    assert february["requests_received"] == 1
    assert february["percent_within_20_weeks"] == 0.0
    assert february["cumulative_percent_within_20_weeks"] == 50.0
    assert months[2]["percent_within_20_weeks"] is None
    assert months[2]["cumulative_percent_within_20_weeks"] == 50.0


def test_table_without_json_is_readable(history):
    text = run("--from", "2022-01", "--to", "2022-02")
    lines = text.strip().splitlines()
    assert lines[0].split()[:3] == ["Month", "Received", "Issued"]
    assert lines[1].split()[0] == "2022-01"
    assert lines[2].split()[:3] == ["2022-02", "1", "1"]


def test_csv_and_excel_files(history, tmp_path):
    csv_path, xlsx_path = tmp_path / "card.csv", tmp_path / "card.xlsx"
    run("--from", "2022-01", "--to", "2022-03", "--csv", str(csv_path), "--xlsx", str(xlsx_path))
    rows = list(csv.DictReader(csv_path.open(encoding="utf-8")))
    assert [row["month"] for row in rows] == ["2022-01", "2022-02", "2022-03"]
    assert rows[1]["cumulative_percent_within_20_weeks"] == "50.0"
    assert rows[2]["percent_within_20_weeks"] == ""
    sheet = load_workbook(xlsx_path).active
    assert sheet["A1"].value == "month"
    assert sheet["B3"].value == 1  # February's requests received, as a number


@pytest.mark.parametrize(
    ("first", "last", "message"),
    [
        ("2022-13", "2022-12", "the month must be 01 to 12"),
        ("2022-1", "2022-12", "write it as YYYY-MM"),
        ("2022-12", "2022-01", "before it starts"),
        ("2010-01", "2022-12", "too long"),
    ],
)
def test_bad_months_are_refused(first, last, message):
    with pytest.raises(CommandError, match=message):
        run("--from", first, "--to", last)


def test_bad_month_gives_a_one_line_error_and_a_non_zero_exit(tmp_path):
    env = {**os.environ, "OPENEHCP_MODE": "test", "OPENEHCP_VAR_DIR": str(tmp_path)}
    env.pop("DATABASE_URL", None)
    result = subprocess.run(
        [sys.executable, "-m", "openehcp", "scorecard", "--from", "2022-00", "--to", "2022-12"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert result.returncode != 0
    assert result.stdout == ""
    assert result.stderr.strip().splitlines() == [
        "CommandError: '2022-00' is not a month: the month must be 01 to 12"
    ]


def test_on_the_demo_data_the_json_and_the_scorecard_page_agree(client):
    """The issue's "done when": ``openehcp scorecard --json`` and the dashboard show the same
    figures for every measure and month, on the synthetic demo council."""
    call_command("demo", children=120, seed=11, today=date(2025, 7, 15), verbosity=0)
    months = json.loads(run("--from", "2024-07", "--to", "2025-06", "--json"))["months"]
    assert sum(month["plans_issued"] for month in months) > 0

    client.force_login(UserFactory(role=Role.SERVICE_LEADER))
    html = client.get(
        reverse("reporting:scorecard"), {"from_month": "2024-07", "to_month": "2025-06"}
    ).content.decode()
    compared = 0
    for key, row in re.findall(r'data-measure="(\w+)">(.*?)</tr>', html, re.S):
        cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        assert len(cells) == len(months), key
        for month, cell in zip(months, cells, strict=True):
            shown = re.sub(r"<span class=\"app-change\">.*", "", cell, flags=re.S)
            shown = re.sub(r"<[^>]+>", "", shown).strip()
            expected = "–no figure" if month[key] is None else str(month[key])
            assert shown == expected, (key, month["month"], shown, month[key])
            compared += 1
    assert compared >= 12 * 10
