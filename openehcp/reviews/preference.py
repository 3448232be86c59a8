"""The link printed on a phase transfer letter, for the family's preferred setting.

The link carries a token made of the transfer's id, a random key stored on the transfer and an
HMAC of both with the site's secret (``django.utils.crypto.salted_hmac``): it cannot be guessed
or changed, and giving the transfer a new key stops an old link working. Nobody signs in to use
it. The token is letters and digits and dots only, so a person can type it from the letter
without wondering whether a hyphen at the end of a line belongs to it.
"""

from __future__ import annotations

import secrets

from django.utils.crypto import constant_time_compare, salted_hmac

from .models import PhaseTransfer

SALT = "openehcp.reviews.phase-transfer-preference"
#: 128 bits of the HMAC, as hexadecimal.
SIGNATURE_LENGTH = 32


def new_key() -> str:
    return secrets.token_hex(8)


def _signature(pk: int, key: str) -> str:
    return salted_hmac(SALT, f"{pk}.{key}", algorithm="sha256").hexdigest()[:SIGNATURE_LENGTH]


def token_for(transfer: PhaseTransfer) -> str:
    if not transfer.preference_key:
        raise ValueError("the transfer has no preference key yet")
    key = transfer.preference_key
    return f"{transfer.pk}.{key}.{_signature(transfer.pk, key)}"


def transfer_for(token: str) -> PhaseTransfer | None:
    """The transfer a token is for, if the signature and the key are good and the amended plan
    is not issued yet (then the choice is made and the form closes)."""
    pk, _, rest = (token or "").partition(".")
    key, _, signature = rest.partition(".")
    if not pk.isdigit() or not key or not signature:
        return None
    if not constant_time_compare(signature, _signature(int(pk), key)):
        return None
    transfer = (
        PhaseTransfer.objects.select_related("plan__child")
        .filter(pk=int(pk), preference_key=key, plan__ceased_on__isnull=True)
        .first()
    )
    if transfer is None or transfer.amended_plan_issued_on is not None:
        return None
    return transfer
