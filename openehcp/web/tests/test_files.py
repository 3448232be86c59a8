"""Files written during a save are removed from storage when the transaction rolls back."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction

from openehcp.web.files import discard_on_rollback


class Boom(Exception):
    pass


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def write(name="letter.pdf") -> str:
    name = default_storage.save(name, ContentFile(b"%PDF-"))
    discard_on_rollback(default_storage, name)
    return name


@pytest.mark.django_db
def test_a_file_written_in_a_transaction_that_rolls_back_is_removed():
    with pytest.raises(Boom), transaction.atomic():
        name = write()
        assert default_storage.exists(name)
        raise Boom
    assert not default_storage.exists(name)


@pytest.mark.django_db
def test_a_file_written_in_an_inner_block_goes_when_the_outer_one_rolls_back():
    with pytest.raises(Boom), transaction.atomic():
        with transaction.atomic():
            name = write()
        kept = write("kept-until-the-end.pdf")
        raise Boom
    assert not default_storage.exists(name)
    assert not default_storage.exists(kept)


@pytest.mark.django_db
def test_an_inner_rollback_removes_only_its_own_files():
    with transaction.atomic():
        outer = write("outer.pdf")
        with pytest.raises(Boom), transaction.atomic():
            inner = write("inner.pdf")
            raise Boom
        assert not default_storage.exists(inner)
        assert default_storage.exists(outer)


@pytest.mark.django_db(transaction=True)
def test_a_committed_file_stays():
    with transaction.atomic():
        name = write()
    assert default_storage.exists(name)
    outside = write("outside-a-transaction.pdf")
    assert default_storage.exists(outside)
