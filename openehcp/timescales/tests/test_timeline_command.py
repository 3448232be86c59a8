"""``openehcp timeline``: every form of the issue, its JSON keys, and one-line errors."""

import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command


def timeline(*args):
    out = StringIO()
    call_command("timeline", *args, stdout=out)
    return json.loads(out.getvalue())


def test_assessment_prints_the_three_statutory_dates():
    out = timeline("assessment", "--received", "2025-01-06")
    assert out["decision_to_assess_due"] == "2025-02-17"
    assert out["notice_not_to_issue_due"] == "2025-04-28"
    assert out["final_plan_due"] == "2025-05-26"
    assert out["act_by"]["final_plan_due"] == "2025-05-23"  # spring bank holiday
    assert "status" not in out and "time_limit_applies" not in out
    rule = {d["key"]: d for d in out["deadlines"]}["final_plan_due"]
    assert rule["citation"].startswith("SEND Regulations 2014 reg 13(2)")


def test_assessment_for_a_family_that_moved_in_counts_from_becoming_responsible():
    out = timeline("assessment", "--became-responsible", "2025-03-03")
    assert out["final_plan_due"] == "2025-07-21"


def test_assessment_with_exceptions_and_as_of_adds_limit_and_status():
    out = timeline(
        "assessment",
        "--received",
        "2025-06-02",
        "--exception",
        "school_closure:2025-07-23:2025-09-03:2025-07-18",
        "--exception",
        "personal_circumstances:2025-11-01:2025-11-05",
        "--as-of",
        "2025-08-01",
    )
    assert out["as_of"] == "2025-08-01"
    assert out["time_limit_applies"] == {
        "decision_to_assess_due": True,
        "notice_not_to_issue_due": False,
        "final_plan_due": False,
    }
    assert out["status"] == {
        "decision_to_assess_due": "missed",
        "notice_not_to_issue_due": "pending",
        "final_plan_due": "pending",
    }
    assert out["final_plan_due"] == "2025-10-20"  # lifted, never moved


def test_assessment_with_recorded_steps_is_met_or_missed():
    out = timeline(
        "assessment",
        "--received",
        "2025-01-06",
        "--decision",
        "2025-02-10",
        "--draft-served",
        "2025-04-01",
        "--plan-issued",
        "2025-06-02",
        "--as-of",
        "2025-07-01",
    )
    assert "notice_not_to_issue_due" not in out  # a draft was served
    assert out["status"] == {
        "decision_to_assess_due": "met",
        "representations_due": "met",  # the family had its full 15 days
        "final_plan_due": "missed",
    }


def test_advice():
    out = timeline("advice", "--requested", "2026-03-23", "--as-of", "2026-05-05")
    assert out["advice_due"] == "2026-05-04"
    assert out["status"] == {"advice_due": "missed"}


def test_advice_with_a_missed_appointment():
    out = timeline(
        "advice",
        "--requested",
        "2025-02-03",
        "--exception",
        "missed_appointment:2025-02-20:2025-02-20",
    )
    assert out["time_limit_applies"] == {"advice_due": False}


def test_draft():
    assert timeline("draft", "--sent", "2025-03-03")["representations_due"] == "2025-03-17"
    posted = timeline("draft", "--sent", "2025-03-03", "--served", "2025-03-05")
    assert posted["representations_due"] == "2025-03-19"


def test_review_without_and_with_a_meeting():
    out = timeline("review", "--plan-issued", "2024-02-29")
    assert out["review_due"] == "2025-02-27"
    assert out["reading"] == "strict"
    assert "report_due" not in out
    out = timeline(
        "review",
        "--plan-issued",
        "2023-06-10",
        "--last-review",
        "2024-05-20",
        "--meeting",
        "2025-05-12",
        "--date-of-birth",
        "2012-01-01",
        "--as-of",
        "2025-05-20",
    )
    assert (out["review_due"], out["report_due"], out["decision_due"]) == (
        "2025-05-19",
        "2025-05-26",
        "2025-06-09",
    )
    assert out["status"]["review_due"] == "met"


def test_review_inclusive_reading_and_under_five():
    out = timeline(
        "review", "--plan-issued", "2025-01-10", "--date-of-birth", "2022-06-01", "--inclusive"
    )
    assert (out["review_due"], out["early_review_due"]) == ("2026-01-10", "2025-07-10")


def test_amendment_with_the_devon_cap():
    out = timeline("amendment", "--notice-sent", "2025-03-03")
    assert (out["representations_due"], out["amended_plan_due"]) == ("2025-03-17", "2025-04-28")
    out = timeline("amendment", "--notice-sent", "2025-03-03", "--meeting", "2025-01-06")
    assert out["amended_plan_due"] == "2025-03-31"
    assert out["amendment_notice_due"] == "2025-02-03"


@pytest.mark.parametrize(
    ("to", "due"),
    [
        ("secondary", "2027-02-14"),
        ("primary", "2027-02-14"),
        ("junior", "2027-02-14"),
        ("middle", "2027-02-14"),
        ("post16", "2027-03-30"),
    ],
)
def test_phase_transfer(to, due):
    out = timeline("phase-transfer", "--year", "2027", "--to", to)
    assert out["amended_plan_due"] == due


def test_phase_transfer_inclusive_and_cohort():
    out = timeline("phase-transfer", "--year", "2027", "--to", "secondary", "--inclusive")
    assert out["amended_plan_due"] == "2027-02-15"
    assert out["transfer_cohort"] == {"born_from": "2015-09-01", "born_to": "2016-08-31"}


def test_appeal():
    assert timeline("appeal", "--decision", "2025-06-15")["appeal_due"] == "2025-09-01"
    out = timeline("appeal", "--decision", "2025-10-01", "--certificate", "2025-11-29")
    assert out["appeal_due"] == "2026-01-02"


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (("assessment", "--received", "2025-02-30"), "--received"),
        (("assessment", "--received", "06/01/2025"), "--received"),
        (
            (
                "assessment",
                "--received",
                "2025-01-06",
                "--exception",
                "holiday:2025-01-01:2025-02-01",
            ),
            "--exception",
        ),
        (
            (
                "assessment",
                "--received",
                "2025-01-06",
                "--exception",
                "absence_from_area:2025-03-01:2025-02-01",
            ),
            "--exception",
        ),
        (
            (
                "assessment",
                "--received",
                "2025-01-06",
                "--exception",
                "absence_from_area:2025-03-01",
            ),
            "--exception",
        ),
        (("assessment", "--received", "2025-01-06", "--decision", "2024-12-01"), "--decision"),
        (("assessment",), "--received"),
        (("review", "--plan-issued", "2025-01-06", "--meeting", "2024-01-01"), "--meeting"),
        (("review", "--plan-issued", "2025-01-06", "--last-review", "2024-01-01"), "--last-review"),
        (("amendment", "--notice-sent", "2025-01-01", "--meeting", "2025-02-01"), "--notice-sent"),
        (("phase-transfer", "--year", "27", "--to", "secondary"), "--year"),
        (("phase-transfer", "--year", "2027", "--to", "college"), "--to"),
        (("appeal", "--decision", "2025-06-15", "--certificate", "2025-06-01"), "--certificate"),
        (("draft", "--sent", "2025-13-01"), "--sent"),
        (("advice", "--requested", "2025-02-03", "--received", "2025-01-01"), "--received"),
    ],
)
def test_bad_input_is_a_command_error_naming_the_argument(args, named):
    with pytest.raises(CommandError) as error:
        call_command("timeline", *args, stdout=StringIO())
    message = str(error.value)
    assert named in message
    assert "\n" not in message


def console(*args):
    script = Path(sys.executable).with_name("openehcp")
    env = {**os.environ, "OPENEHCP_MODE": "test"}
    return subprocess.run(
        [str(script), "timeline", *args], capture_output=True, text=True, env=env, timeout=60
    )


def test_the_console_script_prints_one_json_object():
    result = console("assessment", "--received", "2025-01-06", "--as-of", "2025-03-01")
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["final_plan_due"] == "2025-05-26"
    assert out["status"]["decision_to_assess_due"] == "missed"


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (("assessment", "--received", "2025-02-30"), "--received"),
        (("review", "--plan-issued", "2025-01-06", "--meeting", "2024-01-01"), "--meeting"),
    ],
)
def test_the_console_script_fails_in_one_line_without_a_traceback(args, named):
    result = console(*args)
    assert result.returncode != 0
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and named in lines[0]
    assert "Traceback" not in result.stderr


def test_a_closure_without_an_advice_date_counts_when_its_window_overlaps_the_period():
    # Window 16 July - 27 August 2025: after the decision was due (14 July), inside the others.
    summer = "school_closure:2025-07-23:2025-09-03"
    out = timeline("assessment", "--received", "2025-06-02", "--exception", summer)
    assert out["time_limit_applies"] == {
        "decision_to_assess_due": True,
        "notice_not_to_issue_due": False,
        "final_plan_due": False,
    }
