"""Reads of children's records: lists filtered by the permission policy, duplicate checks, and
one child's record with everything its page shows, in a fixed number of queries."""

import datetime

from django.db.models import Prefetch, Q, QuerySet

from openehcp.accounts.policy import visible_children, visible_plans, visible_requests

from .identifiers import IdentifierError, clean_upn
from .models import Child, Contact


def find_possible_duplicates(
    forename: str, surname: str, date_of_birth: datetime.date | None, upn: str = ""
) -> QuerySet[Child]:
    """Children who may be the same person: the same UPN, or the same first name, last name
    (either case) and date of birth."""
    match = Q(pk__in=[])
    if forename and surname and date_of_birth:
        match |= Q(
            forename__iexact=forename.strip(),
            surname__iexact=surname.strip(),
            date_of_birth=date_of_birth,
        )
    if upn:
        try:
            match |= Q(upn=clean_upn(upn))
        except IdentifierError:
            match |= Q(upn=upn.strip().upper())
    return (
        Child.objects.filter(match, merged_into__isnull=True)
        .select_related("establishment", "caseworker")
        .order_by("surname", "forename", "pk")
    )


def child_list(user, *, query: str = "") -> QuerySet[Child]:
    """The children ``user`` may see, by surname, optionally narrowed by name or UPN."""
    children = visible_children(
        user,
        Child.objects.filter(merged_into__isnull=True).select_related(
            "establishment", "caseworker"
        ),
    )
    query = query.strip()
    if query:
        words = query.split()
        if len(words) == 1 and len(query) == 13 and query[1:12].isdigit():
            children = children.filter(upn=query.upper())
        else:
            for word in words:
                children = children.filter(
                    Q(forename__istartswith=word)
                    | Q(surname__istartswith=word)
                    | Q(preferred_name__istartswith=word)
                )
    return children.order_by("surname", "forename", "pk")


def child_record(user, pk: int) -> Child:
    """One child with contacts and the requests and plans ``user`` may see, for the record page.

    Raises ``Child.DoesNotExist`` when there is no such child.
    """
    from openehcp.assessments.models import AssessmentRequest
    from openehcp.plans.models import EHCPlan

    requests = visible_requests(user, AssessmentRequest.objects.order_by("-received_on"))
    plans = visible_plans(user, EHCPlan.objects.select_related("named_establishment"))
    return (
        Child.objects.select_related(
            "establishment",
            "establishment__linked_caseworker",
            "caseworker",
            "caseworker__team",
            "young_person_user",
        )
        .prefetch_related(
            Prefetch(
                "contacts",
                queryset=Contact.objects.select_related("user").order_by(
                    "-is_main_contact", "name"
                ),
            ),
            Prefetch("assessment_requests", queryset=requests, to_attr="visible_requests"),
            Prefetch("plans", queryset=plans, to_attr="visible_plans"),
        )
        .get(pk=pk)
    )
