"""The demo's plans: every maintained plan has an issued final version whose content passes the
checks that matter (quantified provision, every need and outcome with provision behind it)."""

from datetime import date

import pytest

from openehcp.demo.generator import load_demo, wipe_case_data
from openehcp.plans import rendering, selectors
from openehcp.plans.models import EHCPlan, PlanVersion

TODAY = date(2026, 11, 27)


@pytest.fixture
def council(db):
    result = load_demo(children=40, seed=11, today=TODAY)
    yield result
    wipe_case_data()


def test_every_maintained_plan_has_an_issued_final_version(council):
    maintained = EHCPlan.objects.filter(ceased_on__isnull=True)
    assert maintained.exists()
    versions = PlanVersion.objects.filter(plan__in=maintained)
    assert versions.count() == maintained.count() == council.counts["plan versions"]
    assert not versions.exclude(status="issued").exists()
    assert not PlanVersion.objects.filter(plan__ceased_on__isnull=False).exists()


def test_demo_plans_are_specific_and_complete(council):
    for version in PlanVersion.objects.all()[:15]:
        loaded = selectors.load_version(version.pk)
        document = selectors.plan_document(loaded)
        report = selectors.quality_report(loaded, document)
        checks = {finding.check for finding in report.findings}
        assert not checks & {
            "unquantified",
            "need_without_provision",
            "outcome_without_provision",
            "outcome_without_time_frame",
            "empty_without_reason",
            "pfa_missing",
        }, report.findings
        assert selectors.issue_blockers(loaded, document) == []
        assert version.issued_on == version.plan.made_on


def test_a_demo_plan_renders(council):
    version = selectors.load_version(PlanVersion.objects.first().pk)
    assert rendering.render_pdf(selectors.plan_document(version)).startswith(b"%PDF")
