"""The Local Offer team's pages: services, organisations and places, with their change history.
Open to whoever the policy lets ``edit_local_offer`` (Local Offer editors, the service leader)."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from openehcp.accounts.policy import require
from openehcp.web.forms import posted, show_model_errors
from openehcp.web.locking import EditConflict
from openehcp.web.pagination import paginate

from . import selectors, services
from .forms import (
    CommentForm,
    ConfirmForm,
    LocationForm,
    ManageFilterForm,
    OrganizationForm,
    RetireServiceForm,
    ServiceForm,
)
from .models import Comment, Location, Organization, Service, ServiceStatus
from .rules import age_range_label
from .taxonomy import NEEDS

PAGE_SIZE = 50


def editor_page(view):
    """Signed in, and allowed to edit the Local Offer (``accounts.policy``)."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        require(request.user, "edit_local_offer")
        return view(request, *args, **kwargs)

    return wrapper


NOT_SAVED = object()


def _save(form, save):
    """Run ``save`` for a valid form; show a conflict or the model's errors on the form.
    Returns what ``save`` returned, or ``NOT_SAVED`` when the form is to be shown again."""
    if not form.is_valid():
        return NOT_SAVED
    try:
        return save()
    except EditConflict as clash:
        form.show_conflict(clash)
    except ValidationError as error:
        show_model_errors(form, error)
    return NOT_SAVED


# --- Services --------------------------------------------------------------------------------


@editor_page
def service_list(request):
    today = timezone.localdate()
    filters = ManageFilterForm(request.GET or None)
    chosen = filters.cleaned_data if filters.is_valid() else {"q": "", "show": ""}
    found = selectors.manage_list(today=today, q=chosen["q"], show=chosen["show"])
    context = {
        "filters": filters,
        "review_due_count": selectors.review_due(
            Service.objects.exclude(status=ServiceStatus.DEFUNCT), today
        ).count(),
        "today": today,
    } | paginate(request, found, PAGE_SIZE)
    for service in context["page"]:
        service.review_due = service.status != ServiceStatus.DEFUNCT and service.is_review_due(
            today
        )
    return render(request, "localoffer/manage/service_list.html", context)


def _history(service: Service) -> list[dict]:
    """Each saved change to the service's own fields, newest first: who, when, what."""
    records = list(service.history.select_related("history_user").order_by("-history_date")[:50])
    rows = []
    for record, older in zip(records, [*records[1:], None], strict=True):
        if older is None:
            changed = "Added to the Local Offer"
        else:
            delta = record.diff_against(older)
            names = [
                Service._meta.get_field(change.field).verbose_name
                for change in delta.changes
                if change.field not in {"version", "changed_at", "changed_by", "last_modified"}
            ]
            changed = ", ".join(names).capitalize() if names else "Details of the service"
        user = record.history_user
        who = (user.get_full_name() or user.username) if user is not None else "System"
        rows.append({"when": record.history_date, "who": who, "what": changed})
    return rows


@editor_page
def service_detail(request, pk):
    service = get_object_or_404(selectors.with_parts(Service.objects.all()), pk=pk)
    today = timezone.localdate()
    return render(
        request,
        "localoffer/manage/service_detail.html",
        {
            "service": service,
            "ages": age_range_label(service.minimum_age, service.maximum_age),
            "review_due": service.is_review_due(today),
            "history": _history(service),
            "form": ConfirmForm(initial={"version": service.version}, auto_id=False),
        },
    )


def _service_initial(service: Service) -> dict:
    attributes = list(service.attributes.select_related("taxonomy_term__taxonomy"))
    contact = service.contacts.order_by("name").first()
    phone = contact.phones.order_by("number").first() if contact else None
    schedule = service.schedules.order_by("description").first()
    cost = service.cost_options.order_by("option").first()
    terms = [attribute.taxonomy_term for attribute in attributes]
    return {
        "name": service.name,
        "organization": service.organization_id,
        "description": service.description,
        "categories": [term.pk for term in terms if term.taxonomy.name != NEEDS],
        "needs": [term.pk for term in terms if term.taxonomy.name == NEEDS],
        "minimum_age": service.minimum_age,
        "maximum_age": service.maximum_age,
        "areas": list(service.service_areas.values_list("area_id", flat=True)),
        "locations": list(service.service_at_locations.values_list("location_id", flat=True)),
        "opening_times": schedule.description if schedule else "",
        "cost": cost.option if cost else "",
        "cost_amount": cost.amount if cost else None,
        "contact_name": contact.name if contact else "",
        "phone": phone.number if phone else "",
        "email": service.email,
        "url": service.url,
        "alert": service.alert,
        "version": service.version,
    }


@editor_page
@require_http_methods(["GET", "POST"])
def service_add(request):
    form = ServiceForm(posted(request), new=True)
    service = _save(
        form, lambda: services.service_create(created_by=request.user, **form.record_fields())
    )
    if service is not NOT_SAVED:
        messages.success(request, f"{service.name} has been added to the Local Offer")
        return redirect("localoffer:service_detail", pk=service.pk)
    return render(request, "localoffer/manage/service_form.html", {"form": form})


@editor_page
@require_http_methods(["GET", "POST"])
def service_edit(request, pk):
    service = get_object_or_404(Service, pk=pk)
    form = ServiceForm(posted(request), initial=_service_initial(service))
    saved = _save(
        form,
        lambda: services.service_update(
            service=service,
            version=form.cleaned_data["version"],
            updated_by=request.user,
            **form.record_fields(),
        ),
    )
    if saved is not NOT_SAVED:
        messages.success(request, f"{saved.name} has been saved")
        return redirect("localoffer:service_detail", pk=saved.pk)
    return render(
        request, "localoffer/manage/service_form.html", {"form": form, "service": service}
    )


@editor_page
@require_http_methods(["GET", "POST"])
def service_retire(request, pk):
    service = get_object_or_404(Service, pk=pk)
    form = RetireServiceForm(posted(request), initial={"version": service.version})
    saved = _save(
        form,
        lambda: services.service_set_status(
            service=service,
            version=form.cleaned_data["version"],
            status=form.cleaned_data["status"],
            changed_by=request.user,
        ),
    )
    if saved is not NOT_SAVED:
        messages.success(request, f"{saved.name} is no longer in the public Local Offer")
        return redirect("localoffer:service_detail", pk=saved.pk)
    return render(
        request, "localoffer/manage/service_retire.html", {"form": form, "service": service}
    )


def _confirmed(request, service: Service, action, message: str):
    form = ConfirmForm(request.POST)
    if _save(form, lambda: action(form.cleaned_data["version"])) is not NOT_SAVED:
        messages.success(request, message)
    else:
        for error in form.non_field_errors() or form.errors.get("version", []):
            messages.error(request, error)
    return redirect("localoffer:service_detail", pk=service.pk)


@editor_page
@require_POST
def service_reviewed(request, pk):
    service = get_object_or_404(Service, pk=pk)
    return _confirmed(
        request,
        service,
        lambda version: services.service_mark_reviewed(
            service=service, version=version, reviewed_by=request.user
        ),
        f"{service.name} has been marked as checked today",
    )


@editor_page
@require_POST
def service_restore(request, pk):
    service = get_object_or_404(Service, pk=pk)
    return _confirmed(
        request,
        service,
        lambda version: services.service_set_status(
            service=service, version=version, status=ServiceStatus.ACTIVE, changed_by=request.user
        ),
        f"{service.name} is in the public Local Offer again",
    )


# --- Organisations ---------------------------------------------------------------------------


@editor_page
def organization_list(request):
    organizations = Organization.objects.annotate(
        active_services=Count("services", filter=Q(services__status=ServiceStatus.ACTIVE))
    ).order_by("retired_on", "name")
    return render(
        request,
        "localoffer/manage/organization_list.html",
        paginate(request, organizations, PAGE_SIZE),
    )


def _add_page(request, model, form_class, template: str, done: str, **initial):
    """Add an organisation or a place."""
    form = form_class(posted(request), new=True, initial=initial)
    record = _save(
        form,
        lambda: services.record_create(model, created_by=request.user, **form.record_fields()),
    )
    if record is not NOT_SAVED:
        messages.success(request, f"{record.name} has been added")
        return redirect(done)
    return render(request, template, {"form": form})


def _edit_page(request, record, form_class, template: str, done: str):
    """Change an organisation or a place, under the edit lock."""
    form = form_class(posted(request), initial=form_class.initial_for(record))
    saved = _save(
        form,
        lambda: services.record_update(
            record,
            version=form.cleaned_data["version"],
            updated_by=request.user,
            **form.record_fields(),
        ),
    )
    if saved is not NOT_SAVED:
        messages.success(request, f"{saved.name} has been saved")
        return redirect(done)
    return render(request, template, {"form": form, "record": record})


@editor_page
@require_http_methods(["GET", "POST"])
def organization_add(request):
    return _add_page(
        request,
        Organization,
        OrganizationForm,
        "localoffer/manage/organization_form.html",
        "localoffer:organization_list",
    )


@editor_page
@require_http_methods(["GET", "POST"])
def organization_edit(request, pk):
    return _edit_page(
        request,
        get_object_or_404(Organization, pk=pk),
        OrganizationForm,
        "localoffer/manage/organization_form.html",
        "localoffer:organization_list",
    )


@editor_page
@require_http_methods(["GET", "POST"])
def organization_retire(request, pk):
    organization = get_object_or_404(Organization, pk=pk, retired_on__isnull=True)
    form = ConfirmForm(posted(request), initial={"version": organization.version})
    retired = _save(
        form,
        lambda: services.organization_retire(
            organization=organization,
            version=form.cleaned_data["version"],
            retired_by=request.user,
        ),
    )
    if retired is not NOT_SAVED:
        messages.success(
            request,
            f"{organization.name} has left the Local Offer, with {retired} "
            f"service{'' if retired == 1 else 's'}",
        )
        return redirect("localoffer:organization_list")
    return render(
        request,
        "localoffer/manage/organization_retire.html",
        {
            "form": form,
            "organization": organization,
            "services": organization.services.exclude(status=ServiceStatus.DEFUNCT),
        },
    )


# --- Places ----------------------------------------------------------------------------------


@editor_page
def location_list(request):
    locations = Location.objects.annotate(service_count=Count("services")).order_by("name")
    return render(
        request, "localoffer/manage/location_list.html", paginate(request, locations, PAGE_SIZE)
    )


@editor_page
@require_http_methods(["GET", "POST"])
def location_add(request):
    return _add_page(
        request,
        Location,
        LocationForm,
        "localoffer/manage/location_form.html",
        "localoffer:location_list",
        location_type=Location.Type.PHYSICAL,
    )


@editor_page
@require_http_methods(["GET", "POST"])
def location_edit(request, pk):
    return _edit_page(
        request,
        get_object_or_404(Location, pk=pk),
        LocationForm,
        "localoffer/manage/location_form.html",
        "localoffer:location_list",
    )


# --- Comments on the Local Offer (reg 55) ----------------------------------------------------


@editor_page
def comment_list(request):
    return render(
        request,
        "localoffer/manage/comment_list.html",
        paginate(request, Comment.objects.all(), PAGE_SIZE),
    )


@editor_page
@require_http_methods(["GET", "POST"])
def comment_add(request):
    form = CommentForm(posted(request), new=True)
    saved = _save(
        form, lambda: services.comment_create(created_by=request.user, **form.record_fields())
    )
    if saved is not NOT_SAVED:
        messages.success(request, "The comment has been saved")
        return redirect("localoffer:comment_list")
    return render(request, "localoffer/manage/comment_form.html", {"form": form})


@editor_page
@require_http_methods(["GET", "POST"])
def comment_edit(request, pk):
    comment = get_object_or_404(Comment, pk=pk)
    form = CommentForm(posted(request), initial=CommentForm.initial_for(comment))
    saved = _save(
        form,
        lambda: services.comment_update(
            comment,
            version=form.cleaned_data["version"],
            updated_by=request.user,
            **form.record_fields(),
        ),
    )
    if saved is not NOT_SAVED:
        messages.success(request, "The comment has been saved")
        return redirect("localoffer:comment_list")
    return render(request, "localoffer/manage/comment_form.html", {"form": form, "record": comment})
