"""The public online request form, end to end with the test client: one question per page, save
and return, uploads checked by content, the reference number and the confirmation email."""

import datetime
import io
import re
import zipfile

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from openehcp.accounts.models import Team
from openehcp.assessments import online_request
from openehcp.assessments.models import (
    Activity,
    AssessmentRequest,
    Document,
    OnlineRequestDraft,
    OnlineRequestUpload,
)
from openehcp.people.models import Child, Contact
from tests.factories import ChildFactory, EstablishmentFactory, TeamFactory, UserFactory

pytestmark = pytest.mark.django_db

BASE = "/assessments/request/"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def default_caseworker():
    caseworker = UserFactory()
    team = caseworker.team
    team.default_caseworker = caseworker
    team.save()
    return caseworker


@pytest.fixture
def school():
    linked = UserFactory()
    return EstablishmentFactory(
        name="Larkspur Primary School", urn="921001", linked_caseworker=linked
    )


def answer(client, slug, data, follow=False):
    return client.post(f"{BASE}{slug}/", data, follow=follow)


def dob_data(born: datetime.date) -> dict:
    return {
        "date_of_birth-day": str(born.day),
        "date_of_birth-month": str(born.month),
        "date_of_birth-year": str(born.year),
    }


BORN = datetime.date(2017, 5, 4)


def walk_to_documents(client, *, source="parent", setting="921001", born=BORN):
    assert answer(client, "who", {"source": source})["Location"] == f"{BASE}name/"
    assert (
        answer(client, "name", {"forename": "Maya", "surname": "Okoro"})["Location"]
        == f"{BASE}date-of-birth/"
    )
    assert answer(client, "date-of-birth", dob_data(born))["Location"] == f"{BASE}address/"
    response = answer(
        client,
        "address",
        {"address_line_1": "12 Lime Street", "town": "London", "postcode": "se15 4qn"},
    )
    assert response["Location"] == f"{BASE}setting/"
    response = client.post(f"{BASE}setting/", {"setting": setting, "q": "larkspur"})
    assert response["Location"] == f"{BASE}needs/"
    assert (
        answer(client, "needs", {"needs": "Maya does not speak in class."})["Location"]
        == f"{BASE}support/"
    )
    response = answer(client, "support", {"support": "Speech and language therapy weekly."})
    if source in {"parent", "young_person"}:
        assert response["Location"] == f"{BASE}contact/"
    else:
        assert response["Location"] == f"{BASE}parent/"
        response = answer(
            client, "parent", {"parent_name": "Ada Okoro", "parent_phone": "07700 900123"}
        )
        assert response["Location"] == f"{BASE}contact/"
    contact = {"requester_name": "Ada Okoro", "requester_email": "ada@family.example"}
    if source not in {"parent", "young_person"}:
        contact |= {
            "organisation": "SENCO, Larkspur Primary",
            "requester_name": "Sam Senco",
            "requester_email": "senco@school.example",
        }
    response = answer(client, "contact", contact)
    assert response["Location"] == f"{BASE}documents/"


def test_start_page_is_public_and_links_to_the_first_question(client):
    response = client.get(BASE)
    assert response.status_code == 200
    assert f'href="{BASE}who/"' in response.content.decode()


def test_parent_request_end_to_end(client, school, default_caseworker):
    walk_to_documents(client)
    upload = SimpleUploadedFile("therapy report.pdf", PDF, content_type="application/pdf")
    response = client.post(f"{BASE}documents/", {"documents": [upload], "upload": "1"})
    assert response["Location"] == f"{BASE}documents/"
    assert "therapy report.pdf" in client.get(f"{BASE}documents/").content.decode()
    assert client.post(f"{BASE}documents/", {})["Location"] == f"{BASE}check/"

    check = client.get(f"{BASE}check/").content.decode()
    for text in (
        "Maya Okoro",
        "4 May 2017",
        "Larkspur Primary School",
        "SE15 4QN",
        "therapy report.pdf",
    ):
        assert text in check

    response = client.post(f"{BASE}check/")
    assert response["Location"] == f"{BASE}sent/"
    case = AssessmentRequest.objects.get()
    assert re.fullmatch(rf"EHC-{timezone.localdate().year}-00001", case.reference)
    assert case.via_online_form and case.source == "parent"
    assert case.received_on == timezone.localdate()
    child = case.child
    assert (child.forename, child.postcode, child.establishment) == ("Maya", "SE15 4QN", school)
    assert child.caseworker == school.linked_caseworker
    assert not child.possible_duplicate
    parent = child.contacts.get()
    assert parent.is_main_contact and parent.email == "ada@family.example"
    document = Document.objects.get()
    assert (document.title, document.content_type, document.request) == (
        "therapy report.pdf",
        "application/pdf",
        case,
    )
    assert "Maya does not speak in class." in case.reasons
    assert not OnlineRequestDraft.objects.exists()

    sent = client.get(f"{BASE}sent/").content.decode()
    assert case.reference in sent and "ada@family.example" in sent
    (email,) = mail.outbox
    assert email.to == ["ada@family.example"] and case.reference in email.subject
    assert case.reference in email.body


def test_a_request_for_a_child_not_in_a_setting_goes_to_the_team_default(
    client, default_caseworker
):
    walk_to_documents(client, setting="none")
    client.post(f"{BASE}check/")
    child = Child.objects.get()
    assert child.establishment is None and child.caseworker == default_caseworker


def test_a_setting_asks_and_names_the_parent(client, school, default_caseworker):
    walk_to_documents(client, source="setting")
    client.post(f"{BASE}check/")
    case = AssessmentRequest.objects.get()
    assert case.source == "setting" and case.requester_name == "Sam Senco"
    assert "SENCO, Larkspur Primary" in case.reasons
    parent = case.child.contacts.get()
    assert (parent.name, parent.relationship, parent.preferred_method) == (
        "Ada Okoro",
        "parent",
        "phone",
    )


def test_one_matching_child_gets_the_request_on_their_record(client, school, default_caseworker):
    known = ChildFactory(forename="MAYA", surname="okoro", date_of_birth=BORN)
    walk_to_documents(client)
    client.post(f"{BASE}check/")
    case = AssessmentRequest.objects.get()
    assert case.child == known and Child.objects.count() == 1
    assert Activity.objects.filter(request=case, kind="online_request_matched").exists()


def test_two_matching_children_make_a_new_record_flagged_for_triage(
    client, school, default_caseworker
):
    ChildFactory(forename="Maya", surname="Okoro", date_of_birth=BORN)
    ChildFactory(forename="Maya", surname="Okoro", date_of_birth=BORN)
    walk_to_documents(client)
    client.post(f"{BASE}check/")
    case = AssessmentRequest.objects.get()
    assert case.child.possible_duplicate and Child.objects.count() == 3


def test_a_young_person_asks_for_themselves_and_is_their_own_main_contact(
    client, school, default_caseworker
):
    born = timezone.localdate().replace(year=timezone.localdate().year - 18)
    walk_to_documents(client, source="young_person", born=born)
    client.post(f"{BASE}check/")
    contact = Contact.objects.get()
    assert contact.relationship == Contact.Relationship.YOUNG_PERSON and contact.is_main_contact


def test_a_child_cannot_ask_as_a_young_person(client):
    answer(client, "who", {"source": "young_person"})
    answer(client, "name", {"forename": "Maya", "surname": "Okoro"})
    response = answer(client, "date-of-birth", dob_data(BORN))
    assert response.status_code == 200
    assert (
        "You can ask for yourself once you are over compulsory school age"
        in response.content.decode()
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"date_of_birth-day": "31", "date_of_birth-month": "2", "date_of_birth-year": "2017"},
            "Date of birth must be a real date",
        ),
        (
            {"date_of_birth-day": "", "date_of_birth-month": "", "date_of_birth-year": ""},
            "Enter the date of birth",
        ),
        (
            {"date_of_birth-day": "1", "date_of_birth-month": "1", "date_of_birth-year": "1990"},
            "Date of birth must be within the last 26 years",
        ),
    ],
)
def test_impossible_dates_get_govuk_errors_and_keep_what_was_typed(client, data, message):
    answer(client, "who", {"source": "parent"})
    response = answer(client, "date-of-birth", data)
    html = response.content.decode()
    assert response.status_code == 200 and message in html
    assert re.search(r"<title>\s*Error:", html)
    assert "govuk-error-summary" in html
    if data["date_of_birth-year"]:
        assert f'value="{data["date_of_birth-year"]}"' in html


def test_a_bad_postcode_is_refused(client):
    answer(client, "who", {"source": "parent"})
    response = answer(
        client, "address", {"address_line_1": "1 Road", "town": "Leeds", "postcode": "LS1"}
    )
    assert "Enter a real postcode" in response.content.decode()


def test_each_page_has_one_h1_and_questions_need_a_session(client):
    response = client.get(f"{BASE}who/")
    assert response.content.decode().count("<h1") == 1
    response = client.get(f"{BASE}needs/")
    assert response["Location"] == BASE


def test_setting_search_by_name_or_urn(client, school):
    EstablishmentFactory(name="Closed Primary", is_open=False)
    answer(client, "who", {"source": "parent"})
    html = client.get(f"{BASE}setting/", {"q": "larkspur"}).content.decode()
    assert "Larkspur Primary School (URN 921001)" in html
    assert (
        "Larkspur Primary School" in client.get(f"{BASE}setting/", {"q": "921001"}).content.decode()
    )
    assert "Closed Primary" not in client.get(f"{BASE}setting/", {"q": "closed"}).content.decode()
    response = client.post(f"{BASE}setting/", {"setting": "999999", "q": "larkspur"})
    assert "Select the school, college or nursery" in response.content.decode()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("virus.exe", b"MZ...", "The selected file must be a PDF, Word document, JPG or PNG"),
        (
            "fake.pdf",
            b"<html>not a pdf</html>",
            "The selected file must be a PDF, Word document, JPG or PNG",
        ),
        (
            "fake.docx",
            b"PK\x03\x04 not really a zip",
            "The selected file must be a PDF, Word document, JPG or PNG",
        ),
        ("empty.pdf", b"", "The selected file is empty"),
    ],
)
def test_uploads_are_checked_by_type_and_content(client, name, content, message):
    answer(client, "who", {"source": "parent"})
    upload = SimpleUploadedFile(name, content)
    response = client.post(f"{BASE}documents/", {"documents": [upload], "upload": "1"})
    assert response.status_code == 200 and message in response.content.decode()
    assert not OnlineRequestUpload.objects.exists()


def test_uploads_over_the_size_limit_are_refused(client, monkeypatch):
    monkeypatch.setattr("openehcp.assessments.uploads.MAX_UPLOAD_BYTES", 10)
    answer(client, "who", {"source": "parent"})
    upload = SimpleUploadedFile("big.pdf", PDF)
    response = client.post(f"{BASE}documents/", {"documents": [upload], "upload": "1"})
    assert "The selected file must be smaller than 10MB" in response.content.decode()


def test_word_documents_and_images_are_accepted_and_can_be_removed(client):
    answer(client, "who", {"source": "parent"})
    files = [
        SimpleUploadedFile("letter.docx", docx_bytes()),
        SimpleUploadedFile("photo.png", b"\x89PNG\r\n\x1a\n" + b"0" * 20),
        SimpleUploadedFile("scan.jpg", b"\xff\xd8\xff\xe0" + b"0" * 20),
    ]
    client.post(f"{BASE}documents/", {"documents": files, "upload": "1"})
    uploads = list(OnlineRequestUpload.objects.all())
    assert [u.content_type for u in uploads] == [
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "image/png",
        "image/jpeg",
    ]
    client.post(f"{BASE}documents/{uploads[0].pk}/remove/")
    assert OnlineRequestUpload.objects.count() == 2


def test_an_upload_whose_save_fails_leaves_no_file(tmp_path, monkeypatch):
    draft, _ = online_request.draft_start()

    def fail(*args):
        raise RuntimeError("the draft could not be saved")

    monkeypatch.setattr(online_request, "draft_save", fail)
    upload = SimpleUploadedFile("report.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    with pytest.raises(RuntimeError):
        online_request.draft_add_upload(draft, upload, "application/pdf", "report.pdf")
    assert not draft.uploads.exists()
    assert not [path for path in tmp_path.rglob("*") if path.is_file()]


def test_save_and_return_by_the_emailed_link(client, school, default_caseworker):
    answer(client, "who", {"source": "parent"})
    response = answer(client, "name", {"forename": "Maya", "surname": "Okoro", "save_later": "1"})
    assert response["Location"] == f"{BASE}save/"
    response = client.post(f"{BASE}save/", {"email": "ada@family.example"})
    assert response["Location"] == f"{BASE}saved/"
    (email,) = mail.outbox
    link = re.search(r"http://testserver(/assessments/request/return/\S+/)", email.body).group(1)
    expires = timezone.localtime(OnlineRequestDraft.objects.get().expires_at)
    assert f"{expires:%-d %B %Y}" in client.get(f"{BASE}saved/").content.decode()

    client.logout()  # a new browser: no session
    assert client.get(f"{BASE}date-of-birth/")["Location"] == BASE
    response = client.get(link)
    assert response["Location"] == f"{BASE}date-of-birth/"
    html = client.get(f"{BASE}name/").content.decode()
    assert 'value="Maya"' in html and 'value="Okoro"' in html


def test_the_token_is_not_stored_in_the_clear(client):
    answer(client, "who", {"source": "parent"})
    token = client.session[online_request.SESSION_KEY]
    draft = OnlineRequestDraft.objects.get()
    assert draft.token_hash != token and token not in str(draft.answers)


def test_expired_drafts_cannot_be_resumed_and_are_deleted_with_their_files(client):
    answer(client, "who", {"source": "parent"})
    client.post(
        f"{BASE}documents/", {"documents": [SimpleUploadedFile("a.pdf", PDF)], "upload": "1"}
    )
    token = client.session[online_request.SESSION_KEY]
    upload = OnlineRequestUpload.objects.get()
    storage, path = upload.file.storage, upload.file.name
    OnlineRequestDraft.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    response = client.get(f"{BASE}return/{token}/")
    assert response.status_code == 404 and "This link has expired" in response.content.decode()
    assert online_request.purge_expired_drafts() == 1
    assert not storage.exists(path)


def test_drafts_expire_28_days_after_the_last_save(client):
    answer(client, "who", {"source": "parent"})
    draft = OnlineRequestDraft.objects.get()
    remaining = draft.expires_at - timezone.now()
    assert datetime.timedelta(days=27, hours=23) < remaining <= datetime.timedelta(days=28)


def test_change_link_from_check_answers_returns_to_check(client, school, default_caseworker):
    walk_to_documents(client)
    response = client.post(f"{BASE}name/?change=1", {"forename": "Maya", "surname": "Okoro-Smith"})
    assert response["Location"] == f"{BASE}check/"
    # Changing who is asking adds the parent question, so it comes next.
    response = client.post(f"{BASE}who/?change=1", {"source": "health"})
    assert response["Location"] == f"{BASE}parent/"


def test_no_caseworker_to_receive_it_keeps_the_answers(client):
    walk_to_documents(client, setting="none")
    response = client.post(f"{BASE}check/")
    assert response.status_code == 503
    assert OnlineRequestDraft.objects.exists() and not AssessmentRequest.objects.exists()


def test_unused_team_without_default_is_skipped():
    TeamFactory(name="A team")
    caseworker = UserFactory()
    Team.objects.filter(pk=caseworker.team_id).update(default_caseworker=caseworker, name="B team")
    assert online_request.allocate_caseworker(None) == caseworker
