"""The link printed on a phase transfer letter, for the family's preferred setting.

The link carries a token made of the transfer's id and a random key stored on the transfer,
signed with the site's secret (``django.core.signing``): it cannot be guessed or changed, and
giving the transfer a new key stops an old link working. Nobody signs in to use it.
"""

from __future__ import annotations

import secrets

from django.core import signing

from .models import PhaseTransfer

SALT = "openehcp.reviews.phase-transfer-preference"


def new_key() -> str:
    return secrets.token_urlsafe(16)


def token_for(transfer: PhaseTransfer) -> str:
    if not transfer.preference_key:
        raise ValueError("the transfer has no preference key yet")
    return signing.Signer(salt=SALT).sign(f"{transfer.pk}.{transfer.preference_key}")


def transfer_for(token: str) -> PhaseTransfer | None:
    """The transfer a token is for, if the signature and the key are good and the amended plan
    is not issued yet (then the choice is made and the form closes)."""
    try:
        value = signing.Signer(salt=SALT).unsign(token or "")
    except signing.BadSignature:
        return None
    pk, _, key = value.partition(".")
    if not pk.isdigit() or not key:
        return None
    transfer = (
        PhaseTransfer.objects.select_related("plan__child")
        .filter(pk=int(pk), preference_key=key, plan__ceased_on__isnull=True)
        .first()
    )
    if transfer is None or transfer.amended_plan_issued_on is not None:
        return None
    return transfer
