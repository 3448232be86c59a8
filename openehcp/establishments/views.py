"""The settings register: council staff read it; administrators keep it (accounts.policy)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from openehcp.accounts.policy import can, require
from openehcp.web.forms import posted
from openehcp.web.locking import EditConflict
from openehcp.web.pagination import paginate

from . import selectors, services
from .forms import EditEstablishmentForm, EstablishmentForm, RegisterFilterForm
from .models import Establishment


def _show_service_errors(form, error: ValidationError) -> None:
    for field, field_messages in error.message_dict.items():
        for message in field_messages:
            form.add_error(field if field in form.fields else None, message)


@login_required
def register(request):
    # The whole register is for council staff (administrators keep it); setting staff open only
    # their own entry. An unsaved entry asks the policy about the register in general.
    require(request.user, "view", Establishment())
    filters = RegisterFilterForm(request.GET or None)
    chosen = filters.cleaned_data if filters.is_valid() else {"q": "", "setting_type": ""}
    entries = selectors.establishment_list(
        request.user, setting_type=chosen["setting_type"], query=chosen["q"]
    )
    return render(
        request,
        "establishments/register.html",
        {
            "filters": filters,
            "chosen": chosen,
            "can_add": can(request.user, "create", Establishment()),
        }
        | paginate(request, entries, 50),
    )


@login_required
def detail(request, pk: int):
    establishment = get_object_or_404(
        Establishment.objects.select_related("linked_caseworker"), pk=pk
    )
    require(request.user, "view", establishment)
    return render(
        request,
        "establishments/detail.html",
        {
            "establishment": establishment,
            "can_change": can(request.user, "change", establishment),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def add(request):
    require(request.user, "create", Establishment())
    form = EstablishmentForm(posted(request), initial={"is_open": True})
    if request.method == "POST" and form.is_valid():
        try:
            establishment = services.establishment_create(
                created_by=request.user, **form.establishment_fields()
            )
        except ValidationError as error:
            _show_service_errors(form, error)
        else:
            messages.success(request, f"{establishment.name} has been added to the register")
            return redirect("establishments:detail", pk=establishment.pk)
    return render(request, "establishments/form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def edit(request, pk: int):
    establishment = get_object_or_404(Establishment, pk=pk)
    require(request.user, "change", establishment)
    form = EditEstablishmentForm(
        posted(request), initial=EditEstablishmentForm.initial_for(establishment)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.establishment_update(
                establishment=establishment,
                version=form.cleaned_data["version"],
                updated_by=request.user,
                **form.establishment_fields(),
            )
        except EditConflict as clash:
            form.show_conflict(clash)
        except ValidationError as error:
            _show_service_errors(form, error)
        else:
            messages.success(request, f"{establishment.name} has been saved")
            return redirect("establishments:detail", pk=establishment.pk)
    return render(
        request, "establishments/form.html", {"form": form, "establishment": establishment}
    )
