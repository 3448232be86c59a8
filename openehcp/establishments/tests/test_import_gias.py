"""``openehcp import_gias``: the settings register from a GIAS all-data CSV, idempotent by URN."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from openehcp.establishments.models import Establishment, Phase, SettingType
from openehcp.establishments.services import establishment_update
from openehcp.web.locking import EditConflict
from tests.factories import EstablishmentFactory, UserFactory

pytestmark = pytest.mark.django_db

SAMPLE = Path(__file__).parent / "fixtures" / "edubasealldata_sample.csv"


def run(path=SAMPLE) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("import_gias", str(path), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_loads_the_settings_and_reports_each_rejected_row_by_line():
    out, err = run()
    assert out.strip() == "Created 12, updated 0, unchanged 0, rejected 5."
    assert err.splitlines() == [
        "Line 13: URN 140002 rejected: type of establishment “Miscellaneous” has no matching "
        "type of setting",
        "Line 14: URN 12345 rejected: Enter a URN of 6 digits, like 123456",
        "Line 15: URN 100001 rejected: the URN is already on line 2",
        "Line 17: URN 100010 rejected: Enter the setting's name",
        "Line 18: URN 100011 rejected: Enter a UKPRN of 8 digits, like 10001234",
    ]


@pytest.mark.parametrize(
    ("urn", "setting_type", "phase"),
    [
        ("100001", SettingType.MAINSTREAM, Phase.PRIMARY),
        ("100002", SettingType.MAINSTREAM, Phase.INFANT),
        ("100003", SettingType.MAINSTREAM, Phase.SECONDARY),
        ("100004", SettingType.SPECIAL, Phase.ALL_THROUGH),
        ("100005", SettingType.INDEPENDENT_SPECIAL, ""),
        ("130001", SettingType.POST16, Phase.POST16),
        ("100006", SettingType.ALTERNATIVE_PROVISION, ""),
        ("100007", SettingType.EARLY_YEARS, Phase.EARLY_YEARS),
        ("400001", SettingType.OUT_OF_AREA, Phase.PRIMARY),
        ("140001", SettingType.POST16, Phase.POST16),
    ],
)
def test_gias_types_map_to_our_types_of_setting(urn, setting_type, phase):
    run()
    entry = Establishment.objects.get(urn=urn)
    assert (entry.setting_type, entry.phase) == (setting_type, phase)


def test_fields_are_read_from_the_windows_1252_file():
    run()
    school = Establishment.objects.get(urn="100001")
    assert school.name == "St Mary’s Church of England Primary School"
    assert (school.la_code, school.postcode, school.is_open) == ("210", "SE15 4QN", True)
    college = Establishment.objects.get(urn="130001")
    assert college.ukprn == "10006077"
    assert not Establishment.objects.get(urn="100008").is_open
    assert Establishment.objects.get(urn="100009").postcode == ""


def test_running_it_again_changes_nothing():
    run()
    out, _ = run()
    assert out.strip() == "Created 0, updated 0, unchanged 12, rejected 5."
    assert Establishment.objects.count() == 12


def test_changes_in_gias_update_the_register_but_keep_the_linked_caseworker(tmp_path):
    caseworker = UserFactory()
    EstablishmentFactory(urn="100003", name="Old name", linked_caseworker=caseworker)
    out, _ = run()
    assert out.startswith("Created 11, updated 1,")
    entry = Establishment.objects.get(urn="100003")
    assert entry.name == "Camberwell Academy" and entry.linked_caseworker == caseworker
    assert entry.history.count() == 2


def test_a_utf8_file_saved_from_a_spreadsheet_also_loads(tmp_path):
    utf8 = tmp_path / "utf8.csv"
    utf8.write_bytes(b"\xef\xbb\xbf" + SAMPLE.read_bytes().decode("cp1252").encode("utf-8"))
    run(utf8)
    assert Establishment.objects.get(urn="100001").name.startswith("St Mary’s")


def test_a_file_without_the_gias_columns_is_refused(tmp_path):
    other = tmp_path / "other.csv"
    other.write_text("URN,Name\n100001,School\n")
    with pytest.raises(CommandError, match="not a GIAS establishments file"):
        run(other)
    assert not Establishment.objects.exists()


def test_a_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        run(tmp_path / "missing.csv")


def test_a_form_opened_before_an_import_that_changed_the_entry_reports_a_conflict():
    entry = EstablishmentFactory(urn="100001", name="Old name", la_code="210")
    loaded = entry.version
    run()
    entry.refresh_from_db()
    assert entry.version == loaded + 1
    with pytest.raises(EditConflict):
        establishment_update(
            establishment=entry, version=loaded, updated_by=UserFactory(), name="Typed"
        )
    entry.refresh_from_db()
    assert entry.name == "St Mary’s Church of England Primary School"
