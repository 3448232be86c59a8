"""Pages for children's records: the list, adding a child, the record, and changing it.

Every page asks the permission policy first and logs each view of a record in the access log.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from openehcp.accounts.policy import can, require, visible_children
from openehcp.audit.services import record_access
from openehcp.disagreements.models import Disagreement
from openehcp.web.forms import posted
from openehcp.web.locking import EditConflict
from openehcp.web.pagination import paginate

from . import selectors, services
from .ages import age_on, is_young_person
from .forms import (
    ChildForm,
    ChildSearchForm,
    ContactForm,
    EditChildForm,
    EditContactForm,
    NewChildForm,
)
from .models import Child, Contact

PAGE_SIZE = 50


def _form_errors_from(form, error: ValidationError) -> None:
    """Show a service's validation errors on the form's fields."""
    for field, messages_ in error.message_dict.items():
        target = field if field in form.fields else None
        if field == "establishment":
            target = "setting_urn"
        for message in messages_:
            form.add_error(target, message)


def _child_or_404(user, pk: int) -> Child:
    try:
        return selectors.child_record(user, pk)
    except Child.DoesNotExist as missing:
        raise Http404 from missing


@login_required
def child_list(request):
    require(request.user, "view")
    search = ChildSearchForm(request.GET or None)
    query = search.cleaned_data["q"] if search.is_valid() else ""
    children = selectors.child_list(request.user, query=query)
    return render(
        request,
        "people/child_list.html",
        {"search": search, "query": query, "can_create": can(request.user, "create")}
        | paginate(request, children, PAGE_SIZE),
    )


@login_required
@require_http_methods(["GET", "POST"])
def child_add(request):
    require(request.user, "create")
    duplicates, hidden_duplicates = [], 0
    if request.method == "POST":
        form = NewChildForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            found = list(
                selectors.find_possible_duplicates(
                    data["forename"], data["surname"], data["date_of_birth"], data["upn"]
                )
            )
            visible = set(
                visible_children(
                    request.user, Child.objects.filter(pk__in=[c.pk for c in found])
                ).values_list("pk", flat=True)
            )
            duplicates = [c for c in found if c.pk in visible]
            hidden_duplicates = len(found) - len(duplicates)
            seen = NewChildForm.fingerprint(found)
            if data["upn"] and any(c.upn == data["upn"] for c in found):
                form.add_error("upn", "Another child's record already has this UPN")
            elif found and not data["confirm_different"]:
                form.add_error(
                    "confirm_different",
                    "Check the records that may be the same child, then confirm this is a "
                    "different child",
                )
            elif found and data["checked"] != seen:
                form.add_error(
                    "confirm_different",
                    "A record with these details was added after you checked: check the records "
                    "again, then confirm this is a different child",
                )
            else:
                try:
                    child = services.child_create(created_by=request.user, **form.child_fields())
                except ValidationError as error:
                    _form_errors_from(form, error)
                else:
                    messages.success(request, f"{child.full_name}'s record has been added")
                    return redirect("people:detail", pk=child.pk)
            # The confirmation, if given next, is about the records shown now.
            form.data = form.data.copy()
            form.data["checked"] = seen
    else:
        initial = {}
        if request.user.role in {"caseworker", "team_manager"}:
            initial["caseworker"] = request.user.pk
        form = NewChildForm(initial=initial)
    return render(
        request,
        "people/child_add.html",
        {"form": form, "duplicates": duplicates, "hidden_duplicates": hidden_duplicates},
    )


@login_required
def child_detail(request, pk: int):
    child = _child_or_404(request.user, pk)
    require(request.user, "view", child)
    record_access(request, child)
    if child.merged_into_id:
        messages.info(request, "That record was a duplicate: this is the child's record now")
        return redirect("people:detail", pk=child.merged_into_id)
    today = timezone.localdate()
    contacts = [c for c in child.contacts.all() if can(request.user, "view", c)]
    return render(
        request,
        "people/child_detail.html",
        {
            "child": child,
            "age": age_on(child.date_of_birth, today),
            "young_person": is_young_person(child.date_of_birth, today),
            "young_person_contact": next(
                (c for c in contacts if c.relationship == Contact.Relationship.YOUNG_PERSON), None
            ),
            "contacts": contacts,
            "can_change": can(request.user, "change", child),
            "can_add": can(request.user, "create", child),
            "can_view_setting": child.establishment_id
            and can(request.user, "view", child.establishment),
            "can_view_disagreements": can(request.user, "view", Disagreement(child=child)),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def child_edit(request, pk: int):
    child = get_object_or_404(Child.objects.select_related("establishment", "caseworker"), pk=pk)
    require(request.user, "change", child)
    record_access(request, child)
    conflict = None
    if request.method == "POST":
        form = EditChildForm(request.POST)
        if form.is_valid():
            try:
                services.child_update(
                    child=child,
                    version=form.cleaned_data["version"],
                    updated_by=request.user,
                    **form.child_fields(),
                )
            except EditConflict as clash:
                current = Child.objects.select_related("establishment", "caseworker").get(
                    pk=child.pk
                )
                conflict = _conflict(form, current)
                form.show_conflict(clash)
            except ValidationError as error:
                _form_errors_from(form, error)
            else:
                messages.success(request, "The child's details have been saved")
                return redirect("people:detail", pk=child.pk)
    else:
        form = EditChildForm(initial=ChildForm.initial_for(child) | {"version": child.version})
    return render(
        request, "people/child_edit.html", {"form": form, "child": child, "conflict": conflict}
    )


def _conflict(form: ChildForm, current: Child) -> dict:
    """Each field where what the other person saved differs from what this person typed."""
    saved = ChildForm.initial_for(current)
    typed = ChildForm.initial_for(Child(**form.child_fields()))
    rows = [
        {
            "label": form.fields[name].label.removesuffix(" (optional)"),
            "saved": _display(current, name),
        }
        for name in saved
        if (typed[name] or "") != (saved[name] or "")
    ]
    return {"rows": rows}


def _display(child: Child, name: str) -> str:
    if name == "setting_urn":
        return str(child.establishment) if child.establishment_id else "Not in a setting"
    if name == "caseworker":
        return str(child.caseworker)
    display = getattr(child, f"get_{name}_display", None)
    value = display() if display else getattr(child, name)
    if hasattr(value, "strftime"):
        return f"{value:%-d %B %Y}"
    return str(value) if value not in ("", None) else "Not recorded"


def _contact_child(request, pk: int) -> Child:
    return get_object_or_404(Child.objects.select_related("caseworker"), pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def contact_add(request, pk: int):
    child = _contact_child(request, pk)
    require(request.user, "create", child)
    record_access(request, child)
    form = ContactForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.contact_add(child=child, added_by=request.user, **form.contact_fields())
        except ValidationError as error:
            _form_errors_from(form, error)
        else:
            messages.success(request, f"{form.cleaned_data['name']} has been added as a contact")
            return redirect("people:detail", pk=child.pk)
    return render(request, "people/contact_form.html", {"form": form, "child": child})


ALREADY_REMOVED = "That contact had already been removed"


def _contact(pk: int, contact_pk: int) -> Contact:
    return get_object_or_404(
        Contact.objects.select_related("child", "child__caseworker"), pk=contact_pk, child_id=pk
    )


@login_required
@require_http_methods(["GET", "POST"])
def contact_edit(request, pk: int, contact_pk: int):
    if request.method == "POST" and not Contact.objects.filter(pk=contact_pk, child_id=pk).exists():
        return _contact_removed(request, pk)
    contact = _contact(pk, contact_pk)
    require(request.user, "change", contact)
    record_access(request, contact)
    form = EditContactForm(posted(request), initial=EditContactForm.initial_for(contact))
    if request.method == "POST" and form.is_valid():
        try:
            services.contact_update(
                contact=contact,
                version=form.cleaned_data["version"],
                updated_by=request.user,
                **form.contact_fields(),
            )
        except EditConflict as clash:
            form.show_conflict(clash)
        except ValidationError as error:
            _form_errors_from(form, error)
        else:
            messages.success(request, f"{contact.name}'s details have been saved")
            return redirect("people:detail", pk=pk)
    return render(
        request,
        "people/contact_form.html",
        {"form": form, "child": contact.child, "contact": contact},
    )


def _contact_removed(request, pk: int):
    """The contact was removed while this person was changing it: say so, keep what they typed,
    and let them add it again."""
    child = _contact_child(request, pk)
    require(request.user, "create", child)
    form = EditContactForm(request.POST)
    if form.is_valid():
        form.show_conflict(EditConflict(model=Contact, noun="This contact"))
    return render(
        request,
        "people/contact_form.html",
        {"form": form, "child": child, "action": reverse("people:contact_add", args=[pk])},
    )


@login_required
@require_http_methods(["GET", "POST"])
def contact_remove(request, pk: int, contact_pk: int):
    if request.method == "POST" and not Contact.objects.filter(pk=contact_pk, child_id=pk).exists():
        # Removed already (by someone else, or this removal sent twice): say so, not a 404.
        require(request.user, "change", Contact(child=_contact_child(request, pk)))
        messages.info(request, ALREADY_REMOVED)
        return redirect("people:detail", pk=pk)
    contact = _contact(pk, contact_pk)
    require(request.user, "change", contact)
    record_access(request, contact)
    if request.method == "POST":
        name = contact.name
        if services.contact_remove(contact=contact, removed_by=request.user):
            messages.success(request, f"{name} has been removed from the contacts")
        else:
            messages.info(request, ALREADY_REMOVED)
        return redirect("people:detail", pk=pk)
    return render(
        request, "people/contact_remove.html", {"contact": contact, "child": contact.child}
    )
