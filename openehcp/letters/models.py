"""Letters and notices the council sends, written from templates the council edits.

One ``LetterTemplate`` per kind of letter. Its subject and body use Django template syntax with
the placeholders listed in ``openehcp.letters.rendering.PLACEHOLDERS`` only; the rendering
module checks a template before it is saved and renders it with nothing else in reach.
"""

from django.db import models
from simple_history.models import HistoricalRecords

from openehcp.web.locking import EditLocked


class LetterKind(models.TextChoices):
    DECISION_TO_ASSESS = "decision_to_assess", "Decision to carry out an EHC needs assessment"
    DECISION_NOT_TO_ASSESS = (
        "decision_not_to_assess",
        "Decision not to carry out an EHC needs assessment",
    )
    ADVICE_REQUEST = "advice_request", "Request for advice"
    DECISION_NOT_TO_ISSUE = "decision_not_to_issue", "Decision not to issue an EHC plan"
    DRAFT_PLAN_COVERING = "draft_plan_covering", "Draft EHC plan covering letter"
    FINAL_PLAN_COVERING = "final_plan_covering", "Final EHC plan covering letter"
    REVIEW_DECISION = "review_decision", "Decision after an annual review: keep the plan as it is"
    AMENDMENT_NOTICE = "amendment_notice", "Notice of proposed amendments to an EHC plan"
    AMENDED_PLAN_COVERING = "amended_plan_covering", "Amended EHC plan covering letter"
    CEASE_INTENTION = "cease_intention", "Notice that the council is considering ceasing a plan"
    CEASE_DECISION = "cease_decision", "Decision to cease an EHC plan"
    PHASE_TRANSFER_PREFERENCE = (
        "phase_transfer_preference",
        "Moving to a new school or college: asking for the family's preference",
    )


#: Letters that must tell the family about mediation and their right to appeal to the First-tier
#: Tribunal (SEND): refusal to assess (reg 5(3)), decision not to issue a plan (reg 10(1)), and the
#: final plan, whose sections B, F and I can be appealed (CFA s51(2)(c); reg 13(2)); after a
#: review, a decision not to amend the plan (CFA s51(2)(e); reg 20(10)), the amended plan (CFA
#: s51(2)(c); reg 22(3)) and a decision to cease the plan (CFA s51(2)(f); reg 31(2)).
APPEALABLE_KINDS = frozenset(
    {
        LetterKind.DECISION_NOT_TO_ASSESS,
        LetterKind.DECISION_NOT_TO_ISSUE,
        LetterKind.FINAL_PLAN_COVERING,
        LetterKind.REVIEW_DECISION,
        LetterKind.AMENDED_PLAN_COVERING,
        LetterKind.CEASE_DECISION,
    }
)


class LetterTemplate(EditLocked):
    kind = models.CharField(max_length=30, choices=LetterKind.choices, unique=True)
    subject = models.CharField(max_length=200)
    body = models.TextField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["kind"]

    def __str__(self) -> str:
        return self.get_kind_display()

    @property
    def needs_appeal_rights(self) -> bool:
        return self.kind in APPEALABLE_KINDS
