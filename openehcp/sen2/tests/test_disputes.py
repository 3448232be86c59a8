"""SEN2 mediation and Tribunal items (RequestMediation, RequestTribunal, AssessmentMediation,
AssessmentTribunal, OtherMediation, OtherTribunal) from the disagreements recorded: 1 when
mediation was held, or an appeal registered, in the period about the decision the item is about;
0 otherwise, where that decision is in the row. Small hand-built histories for the 2027 return
(period 1 January 2026 to the census day, 21 January 2027)."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from lxml import etree

from openehcp.assessments.models import Decision
from openehcp.disagreements.models import AppealableDecision, Disagreement
from openehcp.sen2.assemble import build_return
from openehcp.sen2.xml import schema_errors, to_xml
from tests.factories import AssessmentRequestFactory, EHCPlanFactory

pytestmark = pytest.mark.django_db

YEAR = 2027


def _refused(received: date, decided: date):
    return AssessmentRequestFactory(
        received_on=received, decision_to_assess=Decision.NO, decision_on=decided
    )


def _dispute(decision, *, request=None, plan=None, decided, mediation=None, appeal=None):
    child = (request or plan).child
    return Disagreement.objects.create(
        child=child,
        decision=decision,
        request=request,
        plan=plan,
        decision_on=decided,
        adviser_contacted_on=decided,
        mediation_wanted=mediation is not None,
        council_told_on=decided if mediation else None,
        mediation_on=mediation,
        certificate_on=(mediation or decided) if appeal else None,
        appeal_lodged_on=appeal,
    )


def _rows(child):
    tree = etree.fromstring(to_xml(build_return(YEAR)))
    (person,) = [p for p in tree.iter("Person") if p.findtext("Surname") == child.surname]
    return person.findall("Requests")


def _items(element, *names):
    return tuple(element.findtext(name) for name in names)


def test_mediation_and_appeal_about_a_refusal_to_assess_are_the_requests():
    request = _refused(date(2026, 3, 2), date(2026, 4, 10))
    _dispute(
        AppealableDecision.NOT_TO_ASSESS,
        request=request,
        decided=date(2026, 4, 10),
        mediation=date(2026, 5, 20),
        appeal=date(2026, 6, 10),
    )
    (row,) = _rows(request.child)
    assert _items(row, "RequestOutcome", "RequestMediation", "RequestTribunal") == ("N", "1", "1")


def test_a_refusal_not_disputed_is_0_and_an_undecided_request_has_no_items():
    refused = _refused(date(2026, 3, 2), date(2026, 4, 10))
    pending = AssessmentRequestFactory(received_on=date(2026, 11, 2))
    (row,) = _rows(refused.child)
    assert _items(row, "RequestMediation", "RequestTribunal") == ("0", "0")
    (row,) = _rows(pending.child)
    assert _items(row, "RequestOutcome", "RequestMediation", "RequestTribunal") == ("A", None, None)


def test_mediation_about_not_issuing_a_plan_is_the_assessments():
    request = AssessmentRequestFactory(
        received_on=date(2026, 2, 2),
        decision_to_assess=Decision.YES,
        decision_on=date(2026, 3, 10),
        decision_to_issue=Decision.NO,
        issue_decision_on=date(2026, 5, 20),
    )
    _dispute(
        AppealableDecision.NOT_TO_ISSUE,
        request=request,
        decided=date(2026, 5, 20),
        mediation=date(2026, 7, 1),
    )
    (row,) = _rows(request.child)
    assert _items(row, "RequestMediation", "RequestTribunal") == ("0", "0")
    assessment = row.find("Assessment")
    assert _items(assessment, "AssessmentOutcome", "AssessmentMediation", "AssessmentTribunal") == (
        "N",
        "1",
        "0",
    )


def test_a_plans_appeal_is_other_and_counts_only_events_in_the_period():
    """Mediation held before the period is not this year's; an appeal registered after the
    census day has not happened yet."""
    request = AssessmentRequestFactory(
        received_on=date(2025, 1, 6),
        decision_to_assess=Decision.YES,
        decision_on=date(2025, 2, 10),
        decision_to_issue=Decision.YES,
        issue_decision_on=date(2025, 2, 10),
        final_issued_on=date(2025, 6, 2),
    )
    plan = EHCPlanFactory(child=request.child, origin_request=request, made_on=date(2025, 6, 2))
    _dispute(
        AppealableDecision.PLAN_CONTENTS,
        plan=plan,
        decided=date(2025, 6, 2),
        mediation=date(2025, 7, 15),
        appeal=date(2026, 2, 3),
    )
    (row,) = _rows(request.child)
    assessment = row.find("Assessment")
    assert _items(assessment, "OtherMediation", "OtherTribunal") == ("0", "1")
    Disagreement.objects.update(appeal_lodged_on=date(2027, 2, 1))
    (row,) = _rows(request.child)
    assert _items(row.find("Assessment"), "OtherMediation", "OtherTribunal") == ("0", "0")


def test_the_return_with_these_items_passes_the_schema():
    request = _refused(date(2026, 3, 2), date(2026, 4, 10))
    _dispute(
        AppealableDecision.NOT_TO_ASSESS,
        request=request,
        decided=date(2026, 4, 10),
        appeal=date(2026, 5, 1),
    )
    assert schema_errors(to_xml(build_return(YEAR))) == []


def test_disputes_are_read_in_one_query_however_many_there_are():
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            build_return(YEAR)
        return len(captured)

    first = _refused(date(2026, 3, 2), date(2026, 4, 10))
    _dispute(
        AppealableDecision.NOT_TO_ASSESS,
        request=first,
        decided=date(2026, 4, 10),
        mediation=date(2026, 5, 1),
    )
    one = queries()
    for day in (3, 4, 5):
        request = _refused(date(2026, 3, day), date(2026, 4, 10))
        _dispute(
            AppealableDecision.NOT_TO_ASSESS,
            request=request,
            decided=date(2026, 4, 10),
            mediation=date(2026, 5, 1),
        )
    assert queries() == one
