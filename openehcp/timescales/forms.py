"""The "Check EHC timescales" question page: the dates a family or professional knows."""

from django import forms

from openehcp.web.forms import GovukDateField


def _date(label: str, error_name: str, hint: str = "", **kw) -> GovukDateField:
    return GovukDateField(
        label=label,
        error_name=error_name,
        required=False,
        help_text=hint or "For example, 27 3 2025",
        **kw,
    )


# (field, must not be before field) pairs, with the words the error message uses.
ORDER_CHECKS = (
    ("decision", "received", "the council received the request"),
    ("draft_served", "received", "the council received the request"),
    ("plan_issued", "received", "the council received the request"),
    ("plan_issued", "draft_served", "the draft plan was sent"),
    ("last_review", "plan_issued", "the final plan was issued"),
    ("amendment_notice", "review_meeting", "the review meeting"),
    ("certificate", "decision_letter", "the decision letter was sent"),
)


class TimescalesForm(forms.Form):
    """Every date is optional; at least one must be given."""

    received = _date(
        "When did the council receive the request for an EHC needs assessment?",
        "Date the request was received",
        "If you e-mailed the request, this is the day you sent it. For example, 6 1 2025",
    )
    decision = _date(
        "When did the council tell you whether it would carry out the assessment?",
        "Date of the decision whether to assess",
    )
    draft_served = _date(
        "When was the draft EHC plan sent to you?",
        "Date the draft plan was sent",
        "If it came by e-mail, the day it was sent. If it came by post, the day it arrived.",
    )
    plan_issued = _date("When was the final EHC plan issued?", "Date the final plan was issued")
    last_review = _date(
        "When was the last annual review meeting?",
        "Date of the last review meeting",
        "Leave this empty if the plan has not been reviewed yet",
    )
    review_meeting = _date(
        "When is or was the next annual review meeting?", "Date of the next review meeting"
    )
    amendment_notice = _date(
        "When were you sent the council's proposed amendments to the plan?",
        "Date the proposed amendments were sent",
    )
    decision_letter = _date(
        "When was the decision letter you might appeal against sent?",
        "Date the decision letter was sent",
        "For example, a refusal to assess, a refusal to issue a plan, a final or amended plan, "
        "or a decision to cease the plan",
    )
    certificate = _date(
        "When was your mediation certificate issued?", "Date of the mediation certificate"
    )
    date_of_birth = _date(
        "What is the child's or young person's date of birth?",
        "Date of birth",
        "We use it to work out when they change school and whether earlier reviews are "
        "recommended. For example, 31 3 2018",
        allow_future=False,
    )

    def clean(self):
        data = super().clean()
        if not self.errors and not any(data.get(name) for name in self.fields):
            self.add_error(
                "received",
                "Enter the date the council received the request, or another date you know",
            )
            return data
        for later, earlier, words in ORDER_CHECKS:
            if data.get(later) and data.get(earlier) and data[later] < data[earlier]:
                error_name = self.fields[later].error_name
                self.add_error(later, f"{error_name} must be the same as or after the date {words}")
        meeting = data.get("review_meeting")
        anchor = data.get("last_review") or data.get("plan_issued")
        if meeting and anchor and meeting <= anchor:
            self.add_error(
                "review_meeting",
                "Date of the next review meeting must be after the last review or the final plan",
            )
        born = data.get("date_of_birth")
        if born:
            for name in self.fields:
                value = data.get(name)
                if name != "date_of_birth" and value and value < born:
                    self.add_error(
                        name,
                        f"{self.fields[name].error_name} must be after the date of birth",
                    )
        return data
