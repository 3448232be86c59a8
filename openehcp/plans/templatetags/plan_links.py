"""Links to a child's plan from other apps' pages, so those pages need one line each:

{% load plan_links %}{% case_plan_links %}    on the case page (uses ``case`` and the request)
{% child_plan_links %}                        on the child's record (uses ``child``)
"""

from django import template

from openehcp.accounts.policy import can
from openehcp.assessments.models import Decision

from ..models import PlanVersion, VersionStatus

register = template.Library()


@register.inclusion_tag("plans/includes/case_plan_links.html", takes_context=True)
def case_plan_links(context):
    """The plan of an assessment: its latest version, or "Start the plan" once the council has
    decided to issue one."""
    case, user = context["case"], context["request"].user
    versions = [
        v
        for v in PlanVersion.objects.filter(request=case).order_by("-number")
        if can(user, "view", v)
    ]
    working = next((v for v in versions if v.status == VersionStatus.DRAFT), None)
    can_start = (
        not versions
        and case.decision_to_issue == Decision.YES
        and not case.withdrawn_on
        and not case.final_issued_on
        and can(user, "change", case)
    )
    return {
        "case": case,
        "latest": working or (versions[0] if versions else None),
        "working": working,
        "can_start": can_start,
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("plans/includes/child_plan_links.html", takes_context=True)
def child_plan_links(context):
    """A link to the child's plans and their versions, when there is anything to see."""
    child = context["child"]
    has_plans = child.plans.exists() or PlanVersion.objects.filter(child=child).exists()
    return {"child": child, "has_plans": has_plans}
