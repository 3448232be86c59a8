"""The access log: one INSERT per read, the child found for every kind of record, and rows that
nothing in the product can change or remove."""

import pytest
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.db.models import ProtectedError
from django.test import RequestFactory

from openehcp.audit.models import AccessLog, AuditRowImmutable
from openehcp.audit.services import record_access, record_bulk_access
from openehcp.establishments.models import Establishment
from openehcp.people.models import Child
from openehcp.reviews.models import AnnualReview
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def viewer():
    return factories.UserFactory()


def request_by(user, path="/children/1"):
    request = RequestFactory().get(
        path, REMOTE_ADDR="192.0.2.10", HTTP_USER_AGENT="Mozilla/5.0 (Test browser)"
    )
    request.user = user
    return request


def test_records_who_what_when_and_from_where(viewer):
    child = factories.ChildFactory()
    record_access(request_by(viewer, "/children/7?tab=plan"), child)
    entry = AccessLog.objects.get()
    assert entry.user == viewer
    assert entry.record == child
    assert entry.child == child
    assert entry.action == AccessLog.Action.VIEW
    assert entry.ip_address == "192.0.2.10"
    assert entry.user_agent == "Mozilla/5.0 (Test browser)"
    assert entry.path == "/children/7?tab=plan"
    assert entry.accessed_at is not None


@pytest.mark.parametrize(
    "factory_class, to_child",
    [
        (factories.AssessmentRequestFactory, lambda r: r.child),
        (factories.AdviceRequestFactory, lambda r: r.request.child),
        (factories.ConsultationFactory, lambda r: r.request.child),
        (factories.TimescaleExceptionFactory, lambda r: r.request.child),
        (factories.DocumentFactory, lambda r: r.child),
        (factories.EHCPlanFactory, lambda r: r.child),
        (factories.AnnualReviewFactory, lambda r: r.plan.child),
        (factories.ContactFactory, lambda r: r.child),
    ],
)
def test_finds_the_child_of_every_kind_of_record(
    viewer, factory_class, to_child, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    record = factory_class()
    fresh = type(record).objects.get(pk=record.pk)  # no related records loaded
    record_access(request_by(viewer), fresh)
    assert AccessLog.objects.get().child == to_child(record)


def test_record_of_no_child_is_logged_without_one(viewer):
    school = factories.EstablishmentFactory()
    record_access(request_by(viewer), school, action=AccessLog.Action.EXPORT)
    entry = AccessLog.objects.get()
    assert entry.child is None
    assert entry.content_type == ContentType.objects.get_for_model(Establishment)
    assert entry.action == "export"


@pytest.mark.parametrize("factory_class", [factories.ChildFactory, factories.AnnualReviewFactory])
def test_logging_a_read_costs_one_insert(viewer, factory_class, django_assert_num_queries):
    record = type(factory_class()).objects.get()
    ContentType.objects.get_for_model(record)  # the content type cache is warm in a server
    request = request_by(viewer)
    with django_assert_num_queries(1):
        record_access(request, record)


def test_unknown_action_is_refused(viewer):
    with pytest.raises(ValueError, match="action"):
        record_access(request_by(viewer), factories.ChildFactory(), action="print")


def test_a_row_cannot_be_changed(viewer):
    record_access(request_by(viewer), factories.ChildFactory())
    entry = AccessLog.objects.get()
    entry.path = "/somewhere-else"
    with pytest.raises(AuditRowImmutable):
        entry.save()
    with pytest.raises(AuditRowImmutable):
        AccessLog.objects.filter(pk=entry.pk).update(path="/somewhere-else")
    assert AccessLog.objects.get().path == "/children/1"


def test_a_row_cannot_be_deleted(viewer):
    record_access(request_by(viewer), factories.ChildFactory())
    entry = AccessLog.objects.get()
    with pytest.raises(AuditRowImmutable):
        entry.delete()
    with pytest.raises(AuditRowImmutable):
        AccessLog.objects.all().delete()
    assert AccessLog.objects.count() == 1


def test_admin_offers_no_way_to_add_change_or_delete_rows(viewer):
    model_admin = admin.site._registry[AccessLog]
    superuser = factories.UserFactory(role="administrator", is_superuser=True, is_staff=True)
    request = request_by(superuser, "/admin/audit/accesslog/")
    record_access(request_by(viewer), factories.ChildFactory())
    entry = AccessLog.objects.get()
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request, entry)
    assert not model_admin.has_delete_permission(request, entry)
    assert model_admin.has_view_permission(request, entry)


def test_a_child_with_logged_reads_cannot_be_deleted_from_under_the_log(viewer):
    child = factories.ChildFactory()
    record_access(request_by(viewer), child)
    with pytest.raises(ProtectedError):
        child.delete()


def test_bulk_access_logs_each_child_of_an_export(viewer, django_assert_max_num_queries):
    children = factories.ChildFactory.create_batch(3)
    factories.ChildFactory()  # not exported
    exported = Child.objects.filter(pk__in=[child.pk for child in children])
    ContentType.objects.get_for_model(Child)
    with django_assert_max_num_queries(2):
        written = record_bulk_access(request_by(viewer, "/case-history/export/json"), exported)
    assert written == 3
    entries = AccessLog.objects.all()
    assert {entry.child for entry in entries} == set(children)
    assert {entry.action for entry in entries} == {"export"}
    assert {entry.path for entry in entries} == {"/case-history/export/json"}


def test_bulk_access_finds_the_child_of_related_records(viewer):
    reviews = factories.AnnualReviewFactory.create_batch(2)
    record_bulk_access(
        request_by(viewer), AnnualReview.objects.all(), action=AccessLog.Action.DOWNLOAD
    )
    assert {entry.child for entry in AccessLog.objects.all()} == {r.plan.child for r in reviews}


def test_bulk_access_of_records_of_no_child(viewer):
    factories.EstablishmentFactory.create_batch(2)
    assert record_bulk_access(request_by(viewer), Establishment.objects.all()) == 2
    assert not AccessLog.objects.filter(child__isnull=False).exists()
