"""Two people editing the same record: the optimistic lock every editing form shares.

A record people edit inherits ``EditLocked``: a ``version`` and who last changed it, and when.
Its form (``LockedForm``) carries the version it was loaded with in a hidden input. The service
calls ``take_lock`` first thing inside its transaction: one conditional UPDATE bumps the version
and records the editor, only if the version is still the one the form was loaded with. The UPDATE
holds the row lock until the transaction ends, so two saves at the same moment are serialised and
the second one sees the first one's version. Otherwise ``EditConflict`` is raised, the transaction
rolls back and nothing is saved; ``LockedForm.show_conflict`` puts the GOV.UK error on the page,
keeps everything the person typed and carries the record's new version, so saving again (having
looked) replaces the other person's changes with theirs.

Writes that are not made through a form (a merge, a reallocation) move the version on with
``mark_changed`` so that a form loaded before them reports a conflict too.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone


class EditLocked(models.Model):
    """The optimistic lock of a record people edit, and who last changed it through a form."""

    version = models.PositiveIntegerField(default=1)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    changed_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        abstract = True


def _name(user) -> str:
    return (user.get_full_name() or user.get_username()) if user is not None else ""


def _when(moment) -> str:
    """ "2:05pm today" or "2:05pm on 3 March 2026", in the council's time zone."""
    local = timezone.localtime(moment)
    clock = f"{local:%-I:%M}{local:%p}".lower()
    if local.date() == timezone.localdate():
        return f"{clock} today"
    return f"{clock} on {local.day} {local:%B %Y}"


class EditConflict(Exception):
    """Someone saved (or removed) the record after the person loaded the form.

    ``model`` is the kind of record; ``noun`` names it ("Ada Lovelace's record", "Request
    EHC-2026-00042"); ``by`` and ``at`` are who changed it and when (when known);
    ``current_version`` is its version now (``None`` when it was removed); ``mine`` is True when
    the person saving made that change themselves, in another window or by saving twice.
    """

    def __init__(
        self, *, model=None, noun: str, by=None, at=None, current_version=None, mine=False
    ):
        self.model = model
        self.noun = noun
        self.by = by
        self.at = at
        self.current_version = current_version
        self.mine = mine
        super().__init__(self.message)

    @property
    def removed(self) -> bool:
        return self.current_version is None

    @property
    def message(self) -> str:
        noun = self.noun[:1].upper() + self.noun[1:]
        if self.removed:
            return (
                f"{noun} was removed while you were editing it. Your changes have not been saved."
            )
        when = f" at {_when(self.at)}" if self.at else ""
        if self.mine:
            return (
                f"{noun} was changed by you{when}, in another window or by saving twice, after "
                "this page was opened. These changes have not been saved: check them, then save "
                "again to replace what was saved."
            )
        who = f"by {_name(self.by)}" if self.by is not None else "by someone else"
        return (
            f"{noun} was changed {who}{when} while you were editing. Your changes have not been "
            "saved. Check what was changed, then save again to replace it with yours."
        )


def conflict(model: type[models.Model], pk, *, user, noun: str) -> EditConflict:
    """The ``EditConflict`` describing the record as it is now (or removed)."""
    row = (
        model._default_manager.filter(pk=pk)
        .select_related("changed_by")
        .only("version", "changed_at", "changed_by")
        .first()
    )
    if row is None:
        return EditConflict(model=model, noun=noun)
    mine = user is not None and row.changed_by_id == getattr(user, "pk", None)
    return EditConflict(
        model=model,
        noun=noun,
        by=row.changed_by,
        at=row.changed_at,
        current_version=row.version,
        mine=mine,
    )


def take_lock(
    model: type[models.Model],
    pk,
    version,
    *,
    user,
    noun: str,
    related=(),
    where: Q | None = None,
):
    """Claim the record for this save: bump ``version`` and record ``user`` and the time, only if
    the version is still ``version`` (and the record matches ``where``). Returns the record as
    stored, read again after the claim; raises ``EditConflict`` otherwise. Call it inside the
    transaction of the save."""
    rows = model._default_manager.filter(pk=pk, version=version)
    if where is not None:
        rows = rows.filter(where)
    if version is None or not rows.update(
        version=F("version") + 1, changed_by=user, changed_at=timezone.now()
    ):
        raise conflict(model, pk, user=user, noun=noun)
    return model._default_manager.select_related(*related).get(pk=pk)


def mark_changed(records, *, user, **changes) -> int:
    """Move the version of ``records`` (a queryset) on, with ``changes`` (field values) made
    without a form, so a form opened before them reports a conflict. Returns how many records
    changed."""
    return records.update(
        version=F("version") + 1, changed_by=user, changed_at=timezone.now(), **changes
    )


def stamp(record: EditLocked, *, user) -> None:
    """Record who is saving a new record (or one changed without a lock) before ``save()``."""
    record.changed_by = user
    record.changed_at = timezone.now()


class LockedForm(forms.Form):
    """A form that edits a record: it carries the version it was loaded with."""

    version = forms.IntegerField(
        widget=forms.HiddenInput,
        error_messages={
            "required": "This page is out of date: go back, open it again and make your changes",
            "invalid": "This page is out of date: go back, open it again and make your changes",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Last, so that the error summary's link for a form-wide error goes to a visible field.
        self.fields["version"] = self.fields.pop("version")

    def show_conflict(self, clash: EditConflict, *, field: str | None = "version") -> None:
        """Show the conflict above the form, keeping everything the person typed. The form now
        carries the record's current version (in ``field``), so saving again replaces the other
        change. ``field=None`` when the conflict was about another record than the form's."""
        if field and clash.current_version is not None:
            self.data = self.data.copy()
            self.data[self.add_prefix(field)] = str(clash.current_version)
        self.add_error(None, clash.message)
