"""Pages where the council edits the letters OpenEHCP writes.

Team managers, the SEND service leader and administrators may edit letters: the policy's
``manage_team`` (managers and the service leader) or ``administer`` (administrators).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from openehcp.accounts.policy import can
from openehcp.web.locking import EditConflict

from .forms import LetterTemplateForm
from .models import LetterTemplate
from .rendering import PLACEHOLDERS, LetterTemplateError, render_letter, sample_values
from .services import update_template


def _require_editor(user) -> None:
    if not (can(user, "administer") or can(user, "manage_team")):
        raise PermissionDenied


@login_required
@require_GET
def template_list(request):
    _require_editor(request.user)
    return render(
        request,
        "letters/template_list.html",
        {"templates": LetterTemplate.objects.select_related("changed_by")},
    )


@login_required
@require_http_methods(["GET", "POST"])
def template_edit(request, kind):
    _require_editor(request.user)
    template = get_object_or_404(LetterTemplate, kind=kind)
    preview = None
    if request.method == "POST":
        form = LetterTemplateForm(request.POST)
        if form.is_valid():
            try:
                update_template(
                    template=template,
                    version=form.cleaned_data["version"],
                    user=request.user,
                    subject=form.cleaned_data["subject"],
                    body=form.cleaned_data["body"],
                )
            except EditConflict as clash:
                form.show_conflict(clash)
            except LetterTemplateError as error:
                form.add_error("body", str(error))
            else:
                messages.success(request, f"{template.get_kind_display()} letter saved")
                return redirect("letters:template_list")
    else:
        form = LetterTemplateForm(
            initial={
                "subject": template.subject,
                "body": template.body,
                "version": template.version,
            }
        )
        preview = render_letter(template.subject, template.body, sample_values())
    return render(
        request,
        "letters/template_edit.html",
        {
            "template": template,
            "form": form,
            "placeholders": PLACEHOLDERS.items(),
            "preview": preview,
        },
    )
