"""The council's glossary of jargon: terms the quality checks flag in plans, with the plain
English to use instead. Team managers, the service leader and administrators keep it (the same
people who keep the council's letters)."""

from django.db import IntegrityError, transaction

from openehcp.accounts.policy import can
from openehcp.web.locking import stamp, take_lock

from .models import GlossaryTerm
from .services import PlanError


def may_edit(user) -> bool:
    return can(user, "administer") or can(user, "manage_team")


@transaction.atomic
def save_term(
    *, user, term: str, plain_english: str, entry: GlossaryTerm | None = None, version=None
) -> GlossaryTerm:
    """Add a term, or change one (``entry``, with the ``version`` its form was loaded with: the
    shared edit lock, ``EditConflict`` when someone else changed or removed it since)."""
    term = " ".join((term or "").split())
    plain_english = " ".join((plain_english or "").split())
    if not term:
        raise PlanError("Enter the jargon or acronym", field="term")
    if not plain_english:
        raise PlanError("Enter the plain English to use instead", field="plain_english")
    clash = GlossaryTerm.objects.filter(term__iexact=term)
    if entry is not None:
        clash = clash.exclude(pk=entry.pk)
    if clash.exists():
        raise PlanError(f"‘{term}’ is already in the glossary", field="term")
    if entry is None:
        entry = GlossaryTerm(term=term, plain_english=plain_english)
        stamp(entry, user=user)
        try:
            with transaction.atomic():
                entry.save()
        except IntegrityError:
            raise PlanError(f"‘{term}’ is already in the glossary", field="term") from None
        return entry
    entry = take_lock(GlossaryTerm, entry.pk, version, user=user, noun=f"The term ‘{entry.term}’")
    entry.term, entry.plain_english = term, plain_english
    entry.save()
    return entry


@transaction.atomic
def remove_term(*, user, entry: GlossaryTerm) -> bool:
    """Remove the term; ``False`` when it had already gone (removed by someone else, or the same
    removal sent twice)."""
    deleted, _ = GlossaryTerm.objects.filter(pk=entry.pk).delete()
    return deleted > 0
