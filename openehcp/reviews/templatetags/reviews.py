"""``{% review_tag plan %}``: a plan's review status as a GOV.UK tag on other apps' pages (the
child's record, the plan's page), so a late review shows everywhere the plan does."""

from django import template
from django.template.loader import render_to_string
from django.utils import timezone

from openehcp.plans.models import EHCPlan

from .. import selectors

register = template.Library()


@register.simple_tag
def review_tag(plan: EHCPlan) -> str:
    """The next review's date and its tags (late, decision late, arranged, key year); nothing
    for a ceased plan. One query."""
    if not plan.is_maintained:
        return ""
    today = timezone.localdate()
    found = (
        selectors.review_schedule(EHCPlan.objects.filter(pk=plan.pk), today=today)
        .values(*selectors.ROW_FIELDS)
        .first()
    )
    if found is None:
        return ""
    row = selectors.schedule_rows([found], today=today)[0]
    return render_to_string("reviews/_review_tag.html", {"row": row})
