"""Reads of the settings register."""

from django.db.models import Q, QuerySet

from openehcp.accounts.policy import visible_establishments

from .models import Establishment


def establishment_list(user, *, setting_type: str = "", query: str = "") -> QuerySet[Establishment]:
    """The register as ``user`` may see it, narrowed by type and by name or URN."""
    entries = visible_establishments(
        user, Establishment.objects.select_related("linked_caseworker")
    )
    if setting_type:
        entries = entries.filter(setting_type=setting_type)
    query = query.strip()
    if query.isdigit():
        entries = entries.filter(Q(urn=query) | Q(ukprn=query))
    elif query:
        entries = entries.filter(name__icontains=query)
    return entries.order_by("name", "urn")


def search_open_settings(query: str, *, limit: int = 20) -> list[Establishment]:
    """Open settings whose name contains the words typed, or whose URN is the number typed, for
    people asking for an assessment online (the register is public information, from GIAS)."""
    query = " ".join(query.split())
    if not query:
        return []
    entries = Establishment.objects.filter(is_open=True)
    if query.isdigit():
        entries = entries.filter(urn=query)
    else:
        for word in query.split():
            entries = entries.filter(name__icontains=word)
    return list(entries.order_by("name", "urn")[:limit])
