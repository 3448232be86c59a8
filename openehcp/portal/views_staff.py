"""The caseworker's side of the family portal: give a contact online access (from the child's
record, ``/children/<id>/contacts/<id>/online-access/``)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from openehcp.accounts.policy import require
from openehcp.audit.services import record_access
from openehcp.people.models import Contact

from . import services


@login_required
@require_http_methods(["GET", "POST"])
def give_online_access(request, pk: int, contact_pk: int):
    """Confirm, then open (or link) the contact's portal account and email them a link to
    choose their password. Needs ``change`` on the contact (the caseworker's team)."""
    contact = get_object_or_404(
        Contact.objects.select_related("child", "child__caseworker", "user"),
        pk=contact_pk,
        child_id=pk,
    )
    require(request.user, "change", contact)
    record_access(request, contact)
    problem = services.access_problem(contact)
    if request.method == "POST" and not problem:
        try:
            user, created = services.give_online_access(
                contact=contact,
                by=request.user,
                domain=request.get_host(),
                use_https=request.is_secure(),
            )
        except services.PortalError as error:
            problem = error.message
        else:
            if created:
                messages.success(
                    request,
                    f"{contact.name} can now see the case online: we emailed {contact.email} a "
                    "link to choose a password",
                )
            else:
                messages.success(
                    request,
                    f"{contact.name} can now see the case online with their existing account "
                    f"({user.username})",
                )
            return redirect("people:detail", pk=pk)
    return render(
        request,
        "portal/staff/online_access.html",
        {"contact": contact, "child": contact.child, "problem": problem},
        status=400 if request.method == "POST" and problem else 200,
    )
