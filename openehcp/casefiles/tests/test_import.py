import csv
from datetime import date

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook, load_workbook

from openehcp.assessments.models import AssessmentRequest, TimescaleException
from openehcp.casefiles.exporter import export_cases
from openehcp.casefiles.format import COLUMNS
from openehcp.casefiles.importer import import_cases
from openehcp.casefiles.models import ImportedPerson
from openehcp.people.models import Child
from openehcp.plans.models import EHCPlan
from openehcp.reviews.models import AnnualReview
from tests.factories import (
    AssessmentRequestFactory,
    ChildFactory,
    EstablishmentFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 27)
HEADER = ",".join(COLUMNS)
# Two requests for Amira (a plan issued, later reviewed), one pending request for Leo.
GOOD = [
    "P1,Amira,Khan,2015-03-14,F,H801200001001,SW1A 1AA,ASD,R1,2024-01-08,parent,yes,"
    "2024-02-12,plan_issued,2024-05-20,,100001,,,2025-05-01",
    "P1,Amira,Khan,14/03/2015,F,H801200001001,SW1A 1AA,ASD,R2,2025-09-01,setting,no,"
    "2025-10-06,,,,100001,,,",
    "P2,Leo,Jones,2019-07-30,M,,M1 1AE,SLCN,R3,2026-10-01,health,,,,,personal_circumstances,"
    "100001,,,",
]


@pytest.fixture
def caseworker():
    return UserFactory(username="cw")


@pytest.fixture
def setting(caseworker):
    return EstablishmentFactory(urn="100001", linked_caseworker=caseworker)


def write(tmp_path, lines, *, name="cases.csv", encoding="utf-8", header=HEADER):
    path = tmp_path / name
    path.write_text("\n".join([header, *lines]) + "\n", encoding=encoding)
    return path


def run(path, **options):
    return import_cases(path, today=TODAY, **options)


def test_a_good_file_creates_people_requests_plans_and_reviews(tmp_path, setting):
    summary = run(write(tmp_path, GOOD))
    assert summary.problems == []
    assert summary.imported
    assert (summary.rows_read, summary.people_created, summary.requests_created) == (3, 2, 3)
    amira = ImportedPerson.objects.get(person_ref="P1").child
    assert amira.upn == "H801200001001"
    assert amira.caseworker == setting.linked_caseworker
    first = AssessmentRequest.objects.get(reference="R1")
    assert first.final_issued_on == date(2024, 5, 20)
    assert first.decision_to_assess == "yes"
    plan = EHCPlan.objects.get(origin_request=first)
    assert plan.made_on == date(2024, 5, 20) and plan.named_establishment == setting
    assert AnnualReview.objects.get(plan=plan).decision_on == date(2025, 5, 1)
    assert AssessmentRequest.objects.get(reference="R2").decision_to_assess == "no"
    leo_request = AssessmentRequest.objects.get(reference="R3")
    assert leo_request.is_open
    assert TimescaleException.objects.get(request=leo_request).reason == "personal_circumstances"
    activity = first.activities.get()
    assert (activity.kind, activity.occurred_on) == ("imported", date(2024, 1, 8))
    created = amira.history.get()
    assert (created.history_type, created.forename) == ("+", "Amira")
    assert created.history_change_reason == "Imported from case history file cases.csv"


def test_updates_from_a_corrected_file_are_kept_in_the_history(tmp_path, setting):
    run(write(tmp_path, GOOD))
    run(write(tmp_path, [line.replace("Khan", "Khan-Ali") for line in GOOD], name="fix.csv"))
    amira = ImportedPerson.objects.get(person_ref="P1").child
    assert [(h.history_type, h.surname) for h in amira.history.order_by("history_id")] == [
        ("+", "Khan"),
        ("~", "Khan-Ali"),
    ]


def test_an_update_by_import_records_who_imported_for_the_edit_lock(tmp_path, setting):
    """A form opened before the import reports a conflict naming who imported
    (``openehcp.web.locking``): the uploading user, else the command's caseworker."""
    run(write(tmp_path, GOOD))
    uploader = UserFactory()
    run(
        write(tmp_path, [line.replace("Khan", "Khan-Ali") for line in GOOD], name="fix.csv"),
        user=uploader,
    )
    amira = ImportedPerson.objects.get(person_ref="P1").child
    assert (amira.version, amira.changed_by) == (2, uploader) and amira.changed_at is not None
    run(write(tmp_path, GOOD, name="back.csv"), caseworker=setting.linked_caseworker)
    amira.refresh_from_db()
    assert (amira.version, amira.changed_by) == (3, setting.linked_caseworker)


def test_importing_the_same_file_twice_changes_nothing(tmp_path, setting):
    path = write(tmp_path, GOOD)
    run(path)
    again = run(path)
    assert again.imported
    assert (again.people_created, again.people_updated) == (0, 0)
    assert (again.requests_created, again.requests_updated) == (0, 0)
    assert Child.objects.count() == 2
    assert AssessmentRequest.objects.count() == 3
    assert AnnualReview.objects.count() == 1
    assert TimescaleException.objects.count() == 1


def test_a_corrected_file_updates_rows_by_request_ref(tmp_path, setting):
    run(write(tmp_path, GOOD))
    corrected = [line.replace("Jones", "Jones-Smith") for line in GOOD]
    corrected[2] = corrected[2].replace("personal_circumstances", "")
    summary = run(write(tmp_path, corrected, name="corrected.csv"))
    assert summary.people_updated == 1
    assert summary.requests_updated == 0
    assert ImportedPerson.objects.get(person_ref="P2").child.surname == "Jones-Smith"
    assert not TimescaleException.objects.exists()
    corrected[1] = corrected[1].replace(",no,2025-10-06,", ",yes,2025-10-06,")
    summary = run(write(tmp_path, corrected, name="corrected2.csv"))
    assert summary.requests_updated == 1
    assert AssessmentRequest.objects.get(reference="R2").decision_to_assess == "yes"


def test_every_problem_is_reported_with_its_line_and_nothing_is_imported(tmp_path, setting):
    bad = [
        GOOD[0],
        "P3,Zoe,,2016-01-01,X,X123456789875,NOTAPOSTCODE,ABC,R4,31/02/2023,friend,maybe,,,,,"
        "12345,,,",
        GOOD[2].replace("2019-07-30", "2019-07-31").replace("R3", "R1"),
    ]
    summary = run(write(tmp_path, bad))
    assert not summary.imported
    assert Child.objects.count() == 0
    problems = "\n".join(summary.problems)
    for expected in (
        "line 3, surname: is required",
        "line 3, sex: must be M or F",
        "line 3, upn: Enter a real UPN",
        "line 3, postcode: Enter a real postcode",
        "line 3, primary_need: must be one of the SEN2 need codes",
        "line 3, request_received: '31/02/2023' is not a real date",
        "line 3, request_source: must be one of parent",
        "line 3, decision_to_assess: must be yes, no or withdrawn",
        "line 3, setting_urn: must be a URN of 6 digits",
        "line 4, request_ref: R1 is already on line 2",
    ):
        assert expected in problems
    assert summary.rejected == 2


def test_the_same_person_with_another_date_of_birth_is_refused(tmp_path, setting):
    lines = [GOOD[0], GOOD[1].replace("14/03/2015", "15/03/2015")]
    summary = run(write(tmp_path, lines))
    assert summary.problems == [
        "line 3, date_of_birth: person_ref P1 has date of birth 2015-03-14 on line 2"
    ]


def test_two_people_with_one_upn_are_refused(tmp_path, setting):
    lines = [GOOD[0], GOOD[2].replace(",M,,", ",M,H801200001001,")]
    summary = run(write(tmp_path, lines))
    assert summary.problems == [
        "line 3, upn: H801200001001 is also the UPN of person_ref P1 on line 2"
    ]


def test_a_known_person_given_another_childs_upn_is_refused_not_a_crash(tmp_path, setting):
    run(write(tmp_path, GOOD))  # P1 has the UPN H801200001001; P2 has none
    lines = [GOOD[2].replace(",M,,", ",M,H801200001001,")]
    summary = run(write(tmp_path, lines, name="again.csv"))
    assert summary.problems == ["line 2, upn: is already recorded for another child"]
    assert not summary.imported
    assert Child.objects.filter(upn="H801200001001").count() == 1


def test_a_nul_character_in_a_cell_is_a_problem_not_a_crash(tmp_path, setting):
    lines = [GOOD[0], GOOD[2].replace("Leo", "Le\x00o")]
    summary = run(write(tmp_path, lines))
    assert summary.problems == ["line 3, forename: holds a NUL character; remove it"]
    assert not summary.imported


def test_dates_out_of_order_are_refused(tmp_path, setting):
    line = GOOD[0].replace("2024-02-12,plan_issued,2024-05-20", "2024-02-12,plan_issued,2024-02-01")
    summary = run(write(tmp_path, [line]))
    assert "line 2, outcome_date: is before decision_date" in summary.problems


def test_skip_invalid_imports_the_good_rows_and_writes_rejects_beside_a_report(tmp_path, setting):
    lines = [GOOD[0], "P9,Bad,Row,not-a-date,,,,,R9,2024-01-01,,,,,,,,,,", GOOD[2]]
    summary = run(write(tmp_path, lines), skip_invalid=True)
    assert summary.imported
    assert (summary.requests_created, summary.rejected) == (2, 1)
    with open(tmp_path / summary.rejects_file, encoding="utf-8") as handle:
        rejected = list(csv.DictReader(handle))
    assert [(row["line"], row["request_ref"]) for row in rejected] == [("3", "R9")]
    report = (tmp_path / summary.report_file).read_text()
    assert "line 3, date_of_birth: 'not-a-date' is not a date" in report


def test_dry_run_checks_and_counts_but_saves_nothing(tmp_path, setting):
    summary = run(write(tmp_path, GOOD), dry_run=True)
    assert (summary.people_created, summary.requests_created) == (2, 3)
    assert not summary.imported
    assert not Child.objects.exists()


def test_a_database_error_leaves_the_database_as_it_was(tmp_path, setting, monkeypatch):
    from openehcp.casefiles import importer

    def fail(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(importer._Writer, "_save_plans", fail)
    with pytest.raises(RuntimeError):
        run(write(tmp_path, GOOD))
    assert not Child.objects.exists()
    assert not AssessmentRequest.objects.exists()


def test_windows_1252_semicolons_bom_and_blank_lines_are_read_with_warnings(tmp_path, setting):
    lines = [GOOD[2].replace("Leo", "Léo").replace(",", ";"), "", ";;;"]
    path = write(tmp_path, lines, encoding="cp1252", header=HEADER.replace(",", ";"))
    summary = run(path)
    assert summary.imported, summary.problems
    assert ImportedPerson.objects.get(person_ref="P2").child.forename == "Léo"
    assert any("Windows-1252" in warning for warning in summary.warnings)
    assert any("semicolons" in warning for warning in summary.warnings)
    bom = tmp_path / "bom.csv"
    bom.write_bytes("\ufeff".encode() + path.read_bytes().decode("cp1252").encode())
    assert run(bom).imported


def test_an_empty_file_and_a_missing_required_column_are_refused(tmp_path, setting):
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    assert run(empty).problems == ["The file is empty"]
    header = HEADER.replace("request_ref,", "reference,")
    summary = run(write(tmp_path, GOOD, header=header))
    assert summary.problems == ["line 1, header: The required column 'request_ref' is missing"]
    only_header = write(tmp_path, [], name="only.csv")
    assert run(only_header).problems == ["The file has a header but no rows"]


def test_unknown_columns_are_ignored_with_a_warning(tmp_path, setting):
    lines = [line + ",extra" for line in GOOD]
    summary = run(write(tmp_path, lines, header=HEADER + ",notes"))
    assert summary.imported
    assert summary.warnings == ["line 1, header: Columns not in the format were ignored: notes"]


def test_very_long_cells_are_refused_not_truncated(tmp_path, setting):
    line = GOOD[2].replace("Leo", "L" * 10_000)
    summary = run(write(tmp_path, [line]))
    assert summary.problems == ["line 2, forename: must be 100 characters or fewer"]


def test_unknown_settings_and_missing_caseworkers_are_reported(tmp_path, caseworker):
    no_setting = GOOD[2].replace(",100001,", ",,")
    summary = run(write(tmp_path, [GOOD[0].replace("100001", "999999"), no_setting]))
    assert "line 2, setting_urn: no setting with URN 999999 in the settings register" in (
        summary.problems
    )
    assert any(
        problem.startswith("line 3, setting_urn: no caseworker") for problem in summary.problems
    )
    assert not Child.objects.exists()
    summary = run(write(tmp_path, [no_setting], name="two.csv"), caseworker=caseworker)
    assert summary.imported


def test_excel_files_import_and_formulas_are_refused(tmp_path, setting):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(COLUMNS))
    for line in GOOD:
        sheet.append([value or None for value in line.split(",")])
    sheet.append(["P5", "=A1", "Smith", date(2016, 5, 5)] + [None] * 4 + ["R5", date(2024, 1, 1)])
    path = tmp_path / "cases.xlsx"
    workbook.save(path)
    summary = run(path)
    assert summary.problems == ["line 5, forename: holds a formula; enter the value itself"]
    summary = run(path, skip_invalid=True)
    assert summary.imported and summary.requests_created == 3


def test_export_then_import_into_an_empty_database_reproduces_the_rows(tmp_path, setting):
    run(write(tmp_path, GOOD))
    exported = tmp_path / "export.csv"
    assert export_cases(exported) == 3
    first_rows = exported.read_text(encoding="utf-8")
    EHCPlan.objects.all().delete()
    AssessmentRequest.objects.all().delete()
    Child.objects.all().delete()
    summary = run(exported)
    assert summary.imported and summary.requests_created == 3
    again = tmp_path / "again.csv"
    export_cases(again)
    assert again.read_text(encoding="utf-8") == first_rows


def test_export_neutralises_cells_a_spreadsheet_would_run(tmp_path, setting):
    child = ChildFactory(forename="=HYPERLINK(1)", surname="@SUM", establishment=setting)
    AssessmentRequestFactory(child=child, reference="R7", received_on=date(2026, 1, 5))
    exported = tmp_path / "export.csv"
    export_cases(exported)
    row = next(csv.DictReader(exported.open(encoding="utf-8")))
    assert row["forename"] == "'=HYPERLINK(1)"
    assert row["surname"] == "'@SUM"
    xlsx = tmp_path / "export.xlsx"
    export_cases(xlsx)
    cells = list(load_workbook(xlsx).active.iter_rows(min_row=2, values_only=True))[0]
    assert cells[1] == "'=HYPERLINK(1)"
    AssessmentRequest.objects.all().delete()
    Child.objects.all().delete()
    assert run(exported).imported
    assert Child.objects.get().forename == "=HYPERLINK(1)"


def test_the_command_reports_problems_and_exits_non_zero(tmp_path, setting, capsys):
    path = write(tmp_path, [GOOD[0].replace("2015-03-14", "2015-13-14")])
    with pytest.raises(CommandError, match="Nothing was imported: 1 problem"):
        call_command("import", "cases", str(path))
    assert "line 2, date_of_birth: '2015-13-14' is not a real date" in capsys.readouterr().err
    good = write(tmp_path, GOOD, name="good.csv")
    call_command("import", "cases", str(good))
    out = capsys.readouterr().out
    assert "Rows read: 3" in out and "Requests created: 3" in out
    call_command("export", "cases", str(tmp_path / "out.csv"))
    assert "Exported 3 rows" in capsys.readouterr().out


def filler(count, start=10):
    """Rows of other people between the rows a test is about."""
    return [
        f"P{n},Filler,Row,2015-01-01,,,,,RF{n},2024-01-08,,,,,,,100001,,,"
        for n in range(start, start + count)
    ]


def test_clashes_far_apart_are_reported_on_the_later_line_naming_the_first(
    tmp_path, setting, monkeypatch
):
    from openehcp.casefiles import crossrows

    monkeypatch.setattr(crossrows, "BATCH", 3)  # the keys reach the table in several batches
    lines = [
        GOOD[0],  # line 2: P1, born 2015-03-14, UPN H801200001001, R1
        *filler(10),
        GOOD[1].replace("14/03/2015", "15/03/2015"),  # line 13: P1 born another day
        *filler(10, start=30),
        GOOD[2].replace(",M,,", ",M,H801200001001,"),  # line 24: P2 with P1's UPN
        *filler(10, start=50),
        GOOD[2].replace("R3", "R1").replace("P2,", "P3,"),  # line 35: R1 again
        GOOD[2].replace("R3", "R1").replace("P2,", "P4,"),  # line 36: and again
    ]
    summary = run(write(tmp_path, lines))
    assert summary.problems == [
        "line 13, date_of_birth: person_ref P1 has date of birth 2015-03-14 on line 2",
        "line 24, upn: H801200001001 is also the UPN of person_ref P1 on line 2",
        "line 35, request_ref: R1 is already on line 2",
        "line 36, request_ref: R1 is already on line 2",
    ]
    assert summary.rejected == 4 and not summary.imported
    assert not Child.objects.exists()


def test_the_first_row_named_is_the_first_that_passes_its_own_checks(tmp_path, setting):
    lines = [
        GOOD[2].replace("M1 1AE", "NOTAPOSTCODE"),  # line 2: refused on its own
        GOOD[2].replace("R3", "R4"),  # line 3: the first good row of P2 and R4
        GOOD[2].replace("R3", "R5").replace("2019-07-30", "2019-07-31"),
        GOOD[2].replace("R3", "R4"),
    ]
    summary = run(write(tmp_path, lines))
    assert summary.problems == [
        "line 2, postcode: Enter a real postcode, like SW1A 1AA",
        "line 4, date_of_birth: person_ref P2 has date of birth 2019-07-30 on line 3",
        "line 5, request_ref: R4 is already on line 3",
    ]


def test_a_person_spread_over_batches_is_counted_once(tmp_path, setting, monkeypatch):
    from openehcp.casefiles import importer

    monkeypatch.setattr(importer, "BATCH", 1)  # each row is saved by its own batch
    run(write(tmp_path, GOOD))
    corrected = [line.replace("Khan", "Khan-Ali") for line in GOOD]
    summary = run(write(tmp_path, corrected, name="corrected.csv"))
    assert (summary.people_created, summary.people_updated) == (0, 1)
    # Only the first row saved for a person counts: Leo's first row is refused (its setting is
    # not in the register) and his second, changed, is saved, so he counts as updated.
    leo = GOOD[2].replace("Jones", "Jones-Smith")
    lines = [leo.replace(",100001,", ",999999,"), leo.replace("R3", "R6"), *corrected[:2]]
    summary = run(write(tmp_path, lines, name="leo.csv"), skip_invalid=True)
    assert (summary.people_updated, summary.requests_created, summary.rejected) == (1, 1, 1)
    # Amira's first row is saved unchanged, so her later changed row does not count her again.
    lines = [corrected[0], GOOD[1].replace("Khan", "Khan-Jones")]
    summary = run(write(tmp_path, lines, name="amira.csv"))
    assert summary.people_updated == 0 and summary.imported
    assert ImportedPerson.objects.get(person_ref="P1").child.surname == "Khan-Jones"


def test_an_import_rolled_back_leaves_no_rows_behind_for_the_next(tmp_path, setting, monkeypatch):
    from openehcp.casefiles import importer

    path = write(tmp_path, GOOD)
    assert run(path, dry_run=True).problems == []
    with monkeypatch.context() as patch:
        patch.setattr(importer._Writer, "_save_plans", lambda *args: 1 / 0)
        with pytest.raises(ZeroDivisionError):
            run(path)
    summary = run(path)
    assert summary.imported and summary.problems == []
    assert summary.requests_created == 3
