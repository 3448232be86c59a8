"""Writes of the reporting app: a leader's commentary on the monthly board report."""

from django.db import transaction

from .models import BoardReportCommentary, BoardReportSection
from .months import Month


@transaction.atomic
def save_commentary(*, month: Month, texts: dict[str, str], author) -> None:
    """Keep the commentary for each section of ``month``'s board report (blank clears it)."""
    sections = set(BoardReportSection.values)
    unknown = set(texts) - sections
    if unknown:
        raise ValueError(f"unknown board report sections: {sorted(unknown)}")
    for section, text in texts.items():
        BoardReportCommentary.objects.update_or_create(
            month=month.first,
            section=section,
            defaults={"text": text.strip(), "author": author},
        )
