import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, connection
from django.urls import reverse

from openehcp.accounts.models import Role
from openehcp.assessments.models import AssessmentRequest
from openehcp.audit.models import AccessLog
from openehcp.casefiles.models import ImportJob
from openehcp.casefiles.tests.test_import import GOOD, HEADER
from tests.factories import EstablishmentFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(client):
    user = UserFactory(role=Role.ADMINISTRATOR)
    client.force_login(user)
    return user


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def post(client, django_capture_on_commit_callbacks):
    """Upload, then run what waits for the commit (the import task; tests run tasks at once)."""

    def post(data):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("casefiles:index"), data)
        return client.get(response["Location"]) if response.status_code == 302 else response

    return post


@pytest.fixture
def setting():
    return EstablishmentFactory(urn="100001", linked_caseworker=UserFactory())


def upload(lines, name="cases.csv"):
    return SimpleUploadedFile(name, ("\n".join([HEADER, *lines]) + "\n").encode())


@pytest.mark.parametrize(
    "role",
    [Role.CASEWORKER, Role.TEAM_MANAGER, Role.QA_OFFICER, Role.SETTING_STAFF, Role.PARENT],
)
def test_only_administrators_and_leaders_may_import(client, role):
    client.force_login(UserFactory(role=role))
    assert client.get(reverse("casefiles:index")).status_code == 403
    assert client.get(reverse("casefiles:export", kwargs={"fmt": "csv"})).status_code == 403


def test_signed_out_visitors_are_sent_to_sign_in(client):
    response = client.get(reverse("casefiles:index"))
    assert response.status_code == 302 and "/account/sign-in" in response["Location"]


def test_uploading_a_good_file_imports_it_and_shows_the_summary(client, admin, setting, post):
    response = post({"file": upload(GOOD)})
    assert response.status_code == 200
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.DONE
    assert job.summary["requests_created"] == 3
    assert AssessmentRequest.objects.count() == 3
    assert b"Requests created" in response.content
    progress = client.get(reverse("casefiles:job_progress", kwargs={"pk": job.pk})).json()
    assert progress["finished"] and progress["done"] == 3


def test_an_upload_whose_job_cannot_be_saved_leaves_no_file(admin, tmp_path, post):
    def refuse(execute, sql, params, many, context):
        if sql.startswith("INSERT") and ImportJob._meta.db_table in sql:
            raise IntegrityError("the job could not be saved")
        return execute(sql, params, many, context)

    with pytest.raises(IntegrityError), connection.execute_wrapper(refuse):
        post({"file": upload(GOOD)})
    assert not [path for path in tmp_path.rglob("*") if path.is_file()]


def test_a_file_with_problems_lists_them_and_imports_nothing(admin, setting, post):
    lines = [GOOD[0], GOOD[1].replace("2025-09-01", "2025-02-30")]
    response = post({"file": upload(lines)})
    assert ImportJob.objects.get().status == ImportJob.Status.REJECTED
    assert b"line 3, request_received: &#x27;2025-02-30&#x27; is not a real date" in (
        response.content
    )
    assert not AssessmentRequest.objects.exists()


def test_import_the_valid_rows_offers_the_rejects_to_download(client, admin, setting, post):
    lines = [GOOD[0], GOOD[1].replace("2025-09-01", "2025-02-30")]
    post({"file": upload(lines), "skip_invalid": "on"})
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.DONE
    rejects = client.get(reverse("casefiles:job_file", kwargs={"pk": job.pk, "which": "rejects"}))
    body = b"".join(rejects.streaming_content).decode()
    assert "R2" in body and "R1" not in body


def test_only_csv_and_excel_files_are_accepted(client, admin):
    bad = SimpleUploadedFile("cases.pdf", b"%PDF-1.7")
    response = client.post(reverse("casefiles:index"), {"file": bad})
    assert b"The selected file must be a CSV or an Excel (.xlsx) file" in response.content
    assert b"govuk-error-summary" in response.content
    assert not ImportJob.objects.exists()


def test_export_downloads_the_case_history_and_logs_each_child(client, admin, setting, post):
    post({"file": upload(GOOD)})
    response = client.get(reverse("casefiles:export", kwargs={"fmt": "csv"}))
    body = b"".join(response.streaming_content).decode()
    assert body.splitlines()[0] == HEADER
    assert len(body.splitlines()) == 4
    logged = AccessLog.objects.filter(action=AccessLog.Action.EXPORT, user=admin)
    assert logged.values("child").distinct().count() == 2
