"""Writes of the reporting app: a leader's commentary on the monthly board report."""

from django.db import IntegrityError, transaction

from openehcp.web.locking import conflict, stamp, take_lock

from .models import BoardReportCommentary, BoardReportSection
from .months import Month


def commentary_noun(section: str) -> str:
    """How a conflict names the commentary on one section."""
    return f"The commentary on ‘{BoardReportSection(section).label}’"


@transaction.atomic
def save_commentary(*, month: Month, changes: dict[str, tuple[str, int]], author) -> None:
    """Keep the commentary the person changed, by section of ``month``'s board report: ``(text,
    version)``, the version being the one the page showed (0 for none yet). Blank clears it.

    All or nothing, under the shared edit lock (``openehcp.web.locking``): a section someone
    else saved after the page was opened raises ``EditConflict`` and nothing is saved. Sections
    the person left as they were are not in ``changes``, so two leaders can write different
    sections at the same time.
    """
    unknown = set(changes) - set(BoardReportSection.values)
    if unknown:
        raise ValueError(f"unknown board report sections: {sorted(unknown)}")
    for section, (text, version) in changes.items():
        noun = commentary_noun(section)
        row = BoardReportCommentary.objects.filter(month=month.first, section=section).first()
        if row is None and not version:
            row = BoardReportCommentary(month=month.first, section=section, text=text.strip())
            stamp(row, user=author)
            try:
                with transaction.atomic():
                    row.save()
            except IntegrityError:
                # Someone else wrote the first commentary on this section a moment ago.
                taken = BoardReportCommentary.objects.get(month=month.first, section=section)
                raise conflict(BoardReportCommentary, taken.pk, user=author, noun=noun) from None
            continue
        if row is None:
            raise conflict(BoardReportCommentary, None, user=author, noun=noun)
        row = take_lock(BoardReportCommentary, row.pk, version, user=author, noun=noun)
        row.text = text.strip()
        row.save()
