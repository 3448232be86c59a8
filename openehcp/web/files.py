"""Files written during a save: removed from storage again when the save's transaction rolls back.

Storage is not part of the database transaction, so a file written before a later step raises
(or an edit conflict) would stay in storage with no record pointing at it. Django has
``transaction.on_commit`` but no on-rollback hook; what it does have is the list of commit
callbacks, which it drops when the transaction (or the savepoint the callback was registered in)
rolls back and empties once it has run them after a commit. ``save_file`` registers a small
keeper there: a commit marks the file kept, and a keeper dropped without having run (the
rollback) removes the file. CPython frees the keeper as soon as Django drops it, so the file goes
at the moment of the rollback; outside a transaction the callback runs at once and the file stays.

One limit: after a commit Django stops running the callbacks when a non-robust one raises, and
a keeper after it would then remove a file whose record was committed. Callbacks registered in
this project before a file is written must therefore be robust (``on_commit(..., robust=True)``)
or not raise.
"""

from __future__ import annotations

import logging
import weakref

from django.core.files.storage import Storage
from django.db import DEFAULT_DB_ALIAS, transaction
from django.db.models.fields.files import FieldFile

logger = logging.getLogger(__name__)


class _Keeper:
    """Lives in the connection's list of commit callbacks for as long as the file is pending."""

    def __init__(self, storage: Storage, name: str):
        self.state = {"kept": False}
        weakref.finalize(self, _discard, storage, name, self.state)

    def __call__(self) -> None:
        self.state["kept"] = True


def _discard(storage: Storage, name: str, state: dict) -> None:
    if state["kept"]:
        return
    try:
        storage.delete(name)
    except Exception:  # a failure to tidy up must not hide the error that rolled back
        logger.exception("Could not remove %s after the transaction rolled back", name)


def discard_on_rollback(storage: Storage, name: str, *, using: str = DEFAULT_DB_ALIAS) -> None:
    """Remove the stored file ``name`` if the current transaction rolls back."""
    transaction.on_commit(_Keeper(storage, name), using=using, robust=True)


def save_file(field_file: FieldFile, name: str, content, *, using: str = DEFAULT_DB_ALIAS) -> None:
    """Write ``content`` as the file of ``field_file`` (``FieldFile.save(save=False)``; save the
    record afterwards), removed again if the transaction rolls back."""
    field_file.save(name, content, save=False)
    discard_on_rollback(field_file.storage, field_file.name, using=using)
