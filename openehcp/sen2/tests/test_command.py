"""``openehcp sen2``: the XML file, the summary, --check, --json and the exit status."""

import io
import json

import pytest
from django.core.management import CommandError, call_command
from lxml import etree

pytestmark = pytest.mark.django_db

JSON_KEYS = {
    "year",
    "reference_date",
    "period_start",
    "la_number",
    "schema",
    "schema_validated",
    "schema_valid",
    "schema_errors",
    "counts",
    "problems",
}


def sen2(*args) -> tuple[int, str]:
    out = io.StringIO()
    try:
        call_command("sen2", *args, stdout=out)
    except SystemExit as exit:
        return exit.code, out.getvalue()
    return 0, out.getvalue()


def test_writes_the_xml_and_prints_a_summary(h, tmp_path):
    output = tmp_path / "sen2-2027.xml"
    status, out = sen2("--year", "2027", "--output", str(output))
    assert status == 0
    assert etree.parse(str(output)).findtext("Header/CollectionDetails/Year") == "2027"
    lines = out.splitlines()
    assert lines[0] == "SEN2 2027: census day 21 January 2027, events from 1 January 2026, LA 210"
    assert "  Persons: 11" in lines and "  Active plans: 6" in lines
    assert f"Written to {output}" in lines
    assert "Schema 2024: valid" in lines
    assert f"  child {h['refused'].pk}, Sex: sex not recorded" in lines


def test_check_prints_problems_only(h):
    status, out = sen2("--year", "2027", "--check")
    assert status == 0
    lines = out.splitlines()
    assert lines and all(line.startswith("child ") for line in lines)
    assert f"child {h['aged_26'].pk}, PersonBirthDate: " in "\n".join(lines)


def test_json_keys(h):
    status, out = sen2("--year", "2027", "--json")
    assert status == 0
    data = json.loads(out)
    assert set(data) == JSON_KEYS
    assert data["reference_date"] == "2027-01-21" and data["period_start"] == "2026-01-01"
    assert data["schema_valid"] is True and data["schema_errors"] == []
    assert set(data["counts"]) == {
        "persons",
        "requests",
        "assessments",
        "named_plans",
        "active_plans",
    }
    assert set(data["problems"][0]) == {
        "child_id",
        "reference",
        "name",
        "item",
        "message",
        "url",
    }


def test_exit_status_1_when_the_schema_fails(h, tmp_path):
    child = h["late_without_exception"]
    child.primary_need = ""
    child.save()
    status, out = sen2("--year", "2027", "--json")
    assert status == 1
    data = json.loads(out)
    assert data["schema_valid"] is False and len(data["schema_errors"]) == 1
    status, _ = sen2("--year", "2027", "--check")
    assert status == 1


def test_schema_2026_is_not_validated(h):
    status, out = sen2("--year", "2027", "--schema", "2026")
    assert status == 0
    assert "Schema 2026: not validated (no public schema)" in out.splitlines()


@pytest.mark.parametrize("args", [["--year", "1999"], ["--year", "2027", "--serial", "7"]])
def test_bad_arguments(args):
    with pytest.raises(CommandError):
        sen2(*args)
