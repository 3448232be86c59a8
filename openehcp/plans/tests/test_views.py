"""The plan pages: who may see and write plans, the editor's GOV.UK forms and errors, the
quality panel, issuing, downloads in the access log, comparing versions, comments, glossary."""

import io
from datetime import timedelta

import docx
import pytest
from django.urls import reverse
from django.utils import timezone

from openehcp.accounts.models import Role
from openehcp.audit.models import AccessLog
from openehcp.plans import editing, selectors, services
from openehcp.plans.models import GlossaryTerm, Need, PlanComment, PlanVersion, Provision
from tests.factories import ContactFactory, EstablishmentFactory, UserFactory

from .factories import complete_plan, request_deciding_to_issue

pytestmark = pytest.mark.django_db


def today():
    return timezone.localdate()


def date_fields(name, day):
    return {f"{name}-day": day.day, f"{name}-month": day.month, f"{name}-year": day.year}


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture(autouse=True)
def glossary():
    """The seed migration's term the tests use, whatever emptied the table before."""
    GlossaryTerm.objects.get_or_create(
        term="SALT", defaults={"plain_english": "speech and language therapist (or therapy)"}
    )


@pytest.fixture
def case():
    case = request_deciding_to_issue()
    ContactFactory(child=case.child)
    return case


@pytest.fixture
def caseworker(case, client):
    client.force_login(case.child.caseworker)
    return case.child.caseworker


@pytest.fixture
def draft(case):
    return services.start_plan(request=case, version=case.version, user=case.child.caseworker)


def url(name, *args):
    return reverse(f"plans:{name}", args=args)


def fresh(version):
    return PlanVersion.objects.get(pk=version.pk)


# --- starting from the case page --------------------------------------------------------------


def test_case_page_offers_to_start_the_plan_and_starting_opens_it(client, case, caseworker):
    page = client.get(case.get_absolute_url()).content.decode()
    assert "Start the plan" in page
    response = client.post(url("start", case.reference), {"version": case.version})
    version = PlanVersion.objects.get(request=case)
    assert response.status_code == 302 and response.url == url("version", version.pk)
    page = client.get(case.get_absolute_url()).content.decode()
    assert "Work on the plan: version 1, draft plan" in page
    assert url("version", version.pk) in page


def test_child_record_links_to_the_plans(client, case, caseworker, draft):
    page = client.get(reverse("people:detail", args=[case.child.pk])).content.decode()
    assert url("child", case.child.pk) in page
    page = client.get(url("child", case.child.pk)).content.decode()
    assert f"Plan being drafted from request {case.reference}" in page
    assert "Continue with version 1 (draft plan, being drafted)" in page


# --- the editor ---------------------------------------------------------------------------------


def test_version_page_shows_the_quality_checks_and_what_blocks_issue(client, caseworker, draft):
    editing.save_provision(
        version=draft,
        lock=draft.version,
        user=caseworker,
        section="f",
        what="Regular access to a SALT as required",
    )
    page = client.get(url("version", draft.pk)).content.decode()
    assert "Check the plan before issuing it" in page
    assert "F1 says ‘access to’, ‘regular’, ‘as required’" in page
    assert "F1 does not say how often or for how long" in page
    assert "uses ‘SALT’ once: say ‘speech and language therapist (or therapy)’" in page
    assert "Before this version can be issued" in page
    assert "Section B: Special educational needs is empty" in page
    assert url("section", draft.pk, "f") in page


def test_adding_a_need_then_provision_linked_to_it(client, caseworker, draft):
    response = client.post(
        url("row_add", draft.pk, "b"),
        {"version": draft.version, "area": "communication", "text": "Finds it hard to listen."},
    )
    assert response.status_code == 302
    need = Need.objects.get(plan_version=draft)
    page = client.get(url("row_add", draft.pk, "f")).content.decode()
    assert "B1: Finds it hard to listen." in page
    client.post(
        url("row_add", draft.pk, "f"),
        {
            "version": fresh(draft).version,
            "what": "Listening games with a trained adult",
            "who": "Teaching assistant",
            "frequency": "Three times a week",
            "duration": "20 minutes, for a year",
            "needs": [need.pk],
        },
    )
    assert list(Provision.objects.get(plan_version=draft).needs.all()) == [need]


def test_a_missing_field_gives_a_govuk_error(client, caseworker, draft):
    response = client.post(url("row_add", draft.pk, "b"), {"version": draft.version, "text": ""})
    page = response.content.decode()
    assert page.count("There is a problem") == 1
    assert "Select the area of need" in page and "Describe the need" in page
    assert "<title>Error: " in page
    assert "govuk-form-group--error" in page


def test_a_stale_save_is_refused_and_keeps_what_was_typed(client, caseworker, draft):
    loaded = draft.version
    editing.save_views(version=draft, lock=loaded, user=caseworker, child_views="Theirs")
    response = client.post(
        url("section", draft.pk, "a"), {"version": loaded, "child_views": "Mine, typed here"}
    )
    page = response.content.decode()
    assert "EHC plan was changed by you at " in page
    assert "Mine, typed here" in page
    assert fresh(draft).child_views == "Theirs"
    assert f'value="{fresh(draft).version}"' in page


def test_section_i_by_urn(client, caseworker, draft):
    EstablishmentFactory(urn="123456", name="Hillside Special School", setting_type="special")
    response = client.post(
        url("section", draft.pk, "i"), {"version": draft.version, "urn": "999999"}
    )
    assert "There is no setting with URN 999999" in response.content.decode()
    client.post(url("section", draft.pk, "i"), {"version": draft.version, "urn": "123456"})
    assert fresh(draft).placement.name == "Hillside Special School"


def test_removing_a_row(client, caseworker, draft):
    need = editing.save_need(
        version=draft, lock=draft.version, user=caseworker, section="c", text="Asthma"
    )
    assert (
        "Remove the need C1?"
        in client.get(url("row_remove", draft.pk, "c", need.pk)).content.decode()
    )
    client.post(url("row_remove", draft.pk, "c", need.pk), {"version": fresh(draft).version})
    assert not Need.objects.filter(pk=need.pk).exists()


# --- issuing, downloads, comparing -------------------------------------------------------------


def test_issue_is_refused_with_the_reasons_on_the_page(client, caseworker, draft):
    page = client.get(url("issue", draft.pk)).content.decode()
    assert "You cannot issue this version yet" in page
    assert "Section A: Views, interests and aspirations is empty" in page
    response = client.post(
        url("issue", draft.pk), {"version": draft.version, **date_fields("issued_on", today())}
    )
    assert "You cannot issue this version yet" in response.content.decode()
    assert not fresh(draft).is_issued


def test_issue_then_download_and_compare(client, case, caseworker, draft):
    complete_plan(draft)
    case.refresh_from_db()
    response = client.post(
        url("issue", draft.pk),
        {
            "version": fresh(draft).version,
            "case_version": case.version,
            **date_fields("issued_on", today()),
        },
    )
    assert response.status_code == 302
    assert fresh(draft).is_issued

    pdf = client.get(url("download", draft.pk, "pdf"))
    assert pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
    word = client.get(url("download", draft.pk, "docx"))
    paragraphs = [
        p.text for p in docx.Document(io.BytesIO(b"".join(word.streaming_content))).paragraphs
    ]
    assert "Section F: Special educational provision" in paragraphs
    assert AccessLog.objects.filter(action="download", object_id=draft.pk).count() == 2

    final = selectors.working_version(request=case)
    editing.save_views(
        version=final, lock=final.version, user=caseworker, child_views="I like trains and buses."
    )
    page = client.get(url("compare"), {"from": draft.pk, "with": final.pk}).content.decode()
    assert "Compare versions 1 and 2" in page
    assert '<ins class="app-diff__added"><span class="govuk-visually-hidden">added: </span>' in page
    assert (
        '<del class="app-diff__removed"><span class="govuk-visually-hidden">removed: </span>'
        in page
    )


def test_a_draft_downloads_as_rendered_now(client, caseworker, draft):
    response = client.get(url("download", draft.pk, "pdf"))
    assert response.content.startswith(b"%PDF")
    assert "draft.pdf" in response["Content-Disposition"]


def test_an_issued_version_cannot_be_edited_through_the_pages(client, caseworker, draft):
    complete_plan(draft)
    services.issue_version(
        version=draft, lock=fresh(draft).version, user=caseworker, issued_on=today()
    )
    response = client.get(url("section", draft.pk, "a"))
    assert response.status_code == 302 and response.url == url("version", draft.pk)
    response = client.post(url("section", draft.pk, "a"), {"version": 99, "child_views": "x"})
    assert response.status_code == 302
    assert fresh(draft).child_views != "x"


# --- comments -----------------------------------------------------------------------------------


def test_comments_are_recorded_and_answered(client, caseworker, draft):
    client.post(
        url("comments", draft.pk),
        {
            "source": "parent",
            "made_by": "Jo Parent",
            "section": "h2",
            "text": "Please add swimming.",
            **date_fields("received_on", today()),
        },
    )
    comment = PlanComment.objects.get(plan_version=draft)
    page = client.get(url("comments", draft.pk)).content.decode()
    assert "From Jo Parent (parent or carer)" in page and "Waiting for an answer" in page
    assert "Section H2: Other social care provision" in page
    client.post(
        url("comment_answer", draft.pk, comment.pk),
        {"status": "accepted", "response": "Added swimming to H2."},
    )
    comment.refresh_from_db()
    assert comment.status == "accepted" and comment.resolved_by == caseworker


# --- who may do what ----------------------------------------------------------------------------


@pytest.mark.parametrize("name,args", [("version", ()), ("comments", ()), ("download", ("pdf",))])
def test_another_teams_caseworker_is_refused(client, draft, name, args):
    client.force_login(UserFactory(role=Role.CASEWORKER))
    assert client.get(url(name, draft.pk, *args)).status_code == 403


def test_another_teams_caseworker_cannot_start_or_edit(client, case, draft):
    client.force_login(UserFactory(role=Role.CASEWORKER))
    assert client.get(url("section", draft.pk, "a")).status_code == 403
    assert client.post(url("row_add", draft.pk, "b"), {"version": 1}).status_code == 403
    assert client.get(url("issue", draft.pk)).status_code == 403
    assert client.post(url("start", case.reference), {"version": case.version}).status_code == 403
    assert client.get(url("child", case.child.pk)).status_code == 403


def test_qa_officer_reads_but_does_not_write(client, draft):
    client.force_login(UserFactory(role=Role.QA_OFFICER))
    page = client.get(url("version", draft.pk)).content.decode()
    assert "Check the plan before issuing it" in page
    assert "Issue this version" not in page
    assert client.get(url("section", draft.pk, "a")).status_code == 403
    assert client.post(url("comments", draft.pk), {"source": "parent"}).status_code == 403


def test_setting_staff_see_issued_versions_of_their_pupils_only(client, case, draft):
    senco = UserFactory(role=Role.SETTING_STAFF, establishment=case.child.establishment)
    client.force_login(senco)
    assert client.get(url("version", draft.pk)).status_code == 403
    complete_plan(draft)
    services.issue_version(
        version=draft, lock=fresh(draft).version, user=case.child.caseworker, issued_on=today()
    )
    assert client.get(url("version", draft.pk)).status_code == 200
    assert client.get(url("download", draft.pk, "pdf")).status_code == 200
    final = selectors.working_version(request=case)
    assert client.get(url("version", final.pk)).status_code == 403
    other = UserFactory(role=Role.SETTING_STAFF)
    client.force_login(other)
    assert client.get(url("version", draft.pk)).status_code == 403


def test_professionals_see_no_plans(client, draft):
    client.force_login(UserFactory(role=Role.PROFESSIONAL))
    assert client.get(url("version", draft.pk)).status_code == 403


def test_viewing_a_version_is_in_the_access_log(client, caseworker, draft):
    client.get(url("version", draft.pk))
    entry = AccessLog.objects.get(object_id=draft.pk, action="view")
    assert entry.child_id == draft.child_id


def test_glossary_is_kept_by_managers(client, case):
    manager = UserFactory(role=Role.TEAM_MANAGER)
    client.force_login(manager)
    assert "SALT" in client.get(url("glossary")).content.decode()
    client.post(url("glossary_add"), {"term": "PECS", "plain_english": "picture cards"})
    term = GlossaryTerm.objects.get(term="PECS")
    response = client.post(url("glossary_add"), {"term": "pecs", "plain_english": "again"})
    assert "‘pecs’ is already in the glossary" in response.content.decode()
    client.post(url("glossary_remove", term.pk))
    assert not GlossaryTerm.objects.filter(term="PECS").exists()
    client.force_login(case.child.caseworker)
    assert client.get(url("glossary")).status_code == 403


def test_removing_a_glossary_term_twice_says_it_had_already_gone(client):
    client.force_login(UserFactory(role=Role.TEAM_MANAGER))
    term = GlossaryTerm.objects.get(term="SALT")
    first = client.post(url("glossary_remove", term.pk), follow=True)
    assert "‘SALT’ removed from the glossary" in first.content.decode()
    second = client.post(url("glossary_remove", term.pk), follow=True)
    assert second.redirect_chain == [(url("glossary"), 302)]
    page = second.content.decode()
    assert "That term had already been removed from the glossary" in page
    assert "govuk-notification-banner" in page
    assert client.get(url("glossary_remove", term.pk)).status_code == 404


def test_compare_needs_two_versions_of_the_same_child(client, caseworker, draft):
    other = complete_plan(
        services.start_plan(
            request=(c := request_deciding_to_issue()), version=c.version, user=c.child.caseworker
        )
    )
    assert client.get(url("compare"), {"from": draft.pk, "with": other.pk}).status_code == 404
    assert client.get(url("compare"), {"from": draft.pk, "with": "x"}).status_code == 404
    same = client.get(url("compare"), {"from": draft.pk, "with": draft.pk})
    assert same.status_code == 302 and same.url == url("child", draft.child_id)


def test_dates_in_the_future_are_refused_on_the_issue_page(client, case, caseworker, draft):
    complete_plan(draft)
    case.refresh_from_db()
    response = client.post(
        url("issue", draft.pk),
        {
            "version": fresh(draft).version,
            "case_version": case.version,
            **date_fields("issued_on", today() + timedelta(days=3)),
        },
    )
    assert "must be today or in the past" in response.content.decode()


def test_a_stale_case_on_the_issue_page_is_a_govuk_error(client, case, caseworker, draft):
    complete_plan(draft)
    stale = case.version
    case.refresh_from_db()
    response = client.post(
        url("issue", draft.pk),
        {
            "version": fresh(draft).version,
            "case_version": stale,
            **date_fields("issued_on", today()),
        },
    )
    page = response.content.decode()
    assert f"Request {case.reference} was changed by " in page
    assert f'name="case_version" value="{case.version}"' in page
    assert not fresh(draft).is_issued


def test_the_glossary_is_seeded_with_common_send_jargon():
    terms = set(GlossaryTerm.objects.values_list("term", flat=True))
    assert {"SALT", "OT", "EP", "SENCO", "TA", "LSA", "ELSA", "ASD", "SEMH", "SLCN"} <= terms
    assert "differentiated" in terms


def test_two_people_writing_the_same_section_the_second_is_told(client, caseworker, draft):
    colleague = UserFactory(team=caseworker.team, first_name="Kim", last_name="Colleague")
    other = client.__class__()
    other.force_login(colleague)
    loaded = draft.version
    for person in (client, other):
        page = person.get(url("section", draft.pk, "a")).content.decode()
        assert f'name="version" value="{loaded}"' in page
    assert (
        other.post(
            url("section", draft.pk, "a"), {"version": loaded, "child_views": "Kim's words"}
        ).status_code
        == 302
    )
    response = client.post(
        url("section", draft.pk, "a"), {"version": loaded, "child_views": "My words"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert f"Version {draft.number} of " in page and "was changed by Kim Colleague at " in page
    assert "My words" in page
    assert fresh(draft).child_views == "Kim's words"


def test_a_comment_recorded_twice_by_a_double_click_is_recorded_once(client, caseworker, draft):
    data = {"source": "parent", "text": "Add swimming.", **date_fields("received_on", today())}
    assert client.post(url("comments", draft.pk), data).status_code == 302
    response = client.post(url("comments", draft.pk), data)
    assert "This comment has already been recorded" in response.content.decode()
    assert PlanComment.objects.filter(plan_version=draft).count() == 1


def test_a_glossary_term_changed_meanwhile_keeps_what_was_typed(client, case):
    client.force_login(UserFactory(role=Role.TEAM_MANAGER))
    term = GlossaryTerm.objects.get(term="SALT")
    other = client.__class__()
    other.force_login(UserFactory(role=Role.SERVICE_LEADER, first_name="Kim", last_name="Lead"))
    data = {"term": "SALT", "version": term.version}
    assert (
        other.post(url("glossary_edit", term.pk), data | {"plain_english": "speech therapy"})
    ).status_code == 302
    response = client.post(url("glossary_edit", term.pk), data | {"plain_english": "mine"})
    page = response.content.decode()
    assert "The term ‘SALT’ was changed by Kim Lead at " in page and 'value="mine"' in page
    term.refresh_from_db()
    assert term.plain_english == "speech therapy"
    # Removed meanwhile: told so, with what was typed, and offered to add it again.
    removed_pk = term.pk
    term.delete()
    gone = client.post(url("glossary_edit", removed_pk), data | {"plain_english": "mine"})
    page = gone.content.decode()
    assert gone.status_code == 200
    assert "This term was removed while you were editing it" in page and 'value="mine"' in page
    assert f'action="{url("glossary_add")}"' in page
