"""The catalogue of rules: each deadline's source, its meaning in plain English, and what to do if
it is missed. The texts are shown on the public "Check EHC timescales" page and in the JSON of
the command.
"""

from __future__ import annotations

from .model import ExceptionReason, Rule

_R = ExceptionReason
#: regs 10(4), 13(3), 27(3): all four reasons.
_ASSESSMENT_EXCEPTIONS = frozenset(
    {_R.SCHOOL_CLOSURE, _R.EARLY_YEARS_CLOSURE, _R.PERSONAL_CIRCUMSTANCES, _R.ABSENCE_FROM_AREA}
)
#: reg 5(4): school/post-16 closure, personal circumstances, absence (no early-years limb).
_DECISION_EXCEPTIONS = frozenset(
    {_R.SCHOOL_CLOSURE, _R.PERSONAL_CIRCUMSTANCES, _R.ABSENCE_FROM_AREA}
)
#: reg 8(2): personal circumstances, absence, a missed appointment (no closure limb).
_ADVICE_EXCEPTIONS = frozenset(
    {_R.PERSONAL_CIRCUMSTANCES, _R.ABSENCE_FROM_AREA, _R.MISSED_APPOINTMENT}
)
#: reg 44(3) (and reg 45): personal circumstances, absence of 2 weeks or more.
_ORDER_EXCEPTIONS = frozenset({_R.PERSONAL_CIRCUMSTANCES, _R.ABSENCE_FROM_AREA})

SUPPORT = (
    "Get free, impartial advice from your local SEND information, advice and support service "
    "(SENDIASS) or IPSEA."
)
COUNCIL_LATE = (
    "The council has broken a legal time limit. Write to it asking when it will act. "
    + SUPPORT
    + " You can complain through the council's complaints procedure and then to the Local "
    "Government and Social Care Ombudsman; if the delay continues a solicitor can advise on a "
    "judicial review (a claim should be made promptly and within 3 months)."
)
APPEAL_RIGHTS = (
    " You can appeal to the First-tier Tribunal (SEND) against the decision once it is made; "
    "you must first contact a mediation adviser (not needed for an appeal only about the school "
    "or college named)."
)
ORDER_LATE = (
    "The council has not complied with the Tribunal's order in time. Write to it and to its "
    "Director of Children's Services. "
    + SUPPORT
    + " You can complain to the Local Government and Social Care Ombudsman or ask the Secretary "
    "of State for Education to direct the council; a solicitor can advise on judicial review."
)


def _rule(key: str, title: str, citation: str, summary: str, if_missed: str, **kw) -> Rule:
    return Rule(key, title, citation, summary, if_missed, **kw)


RULES: dict[str, Rule] = {
    r.key: r
    for r in (
        _rule(
            "decision_to_assess",
            "Decision whether to carry out an EHC needs assessment",
            "SEND Regulations 2014 reg 5(1); exceptions reg 5(4)",
            "The council must tell the family whether it will carry out an EHC needs assessment "
            "within 6 weeks of receiving the request.",
            COUNCIL_LATE + APPEAL_RIGHTS,
            exceptions=_DECISION_EXCEPTIONS,
        ),
        _rule(
            "advice",
            "Advice from a professional asked to contribute to the assessment",
            "SEND Regulations 2014 reg 8(1); exceptions reg 8(2)",
            "A service the council asks for advice (for example an educational psychologist, "
            "health or social care) must give it within 6 weeks of being asked.",
            "Ask the council to chase the advice and to tell you when it will arrive. The "
            "council's own 20-week limit for the final plan still applies. " + SUPPORT,
            responsible="advisor",
            exceptions=_ADVICE_EXCEPTIONS,
        ),
        _rule(
            "not_to_issue",
            "Notice if the council decides not to issue an EHC plan",
            "SEND Regulations 2014 reg 10(1); exceptions reg 10(4)",
            "If, after the assessment, the council decides not to issue an EHC plan it must tell "
            "the family, with its reasons and their right to appeal, within 16 weeks of the "
            "request.",
            COUNCIL_LATE + APPEAL_RIGHTS,
            exceptions=_ASSESSMENT_EXCEPTIONS,
        ),
        _rule(
            "representations",
            "Your comments on the draft EHC plan",
            "SEND Regulations 2014 reg 13(1)",
            "You have at least 15 days, beginning with the day the draft plan is served on you, to "
            "comment on it, ask for a meeting with the council and ask for a particular school or "
            "college to be named. The council must not finalise the plan before this period ends.",
            "Send your comments as soon as you can: the council should still consider them if it "
            "has not finalised the plan. If the final plan is wrong you can appeal against "
            "sections B, F and I. " + SUPPORT,
            responsible="family",
            window=True,
        ),
        _rule(
            "consultation_reply",
            "Reply from a school or college consulted about being named",
            "Children and Families Act 2014 s39(2)-(3); SEND Code of Practice chapter 9",
            "A school or college the council consults about being named in the plan should reply "
            "within 15 days. This is guidance, not a legal time limit; the council's 20-week "
            "limit does not stop.",
            "Ask the council to chase the school or college. The final plan is still due within "
            "20 weeks of the request. " + SUPPORT,
            responsible="setting",
            statutory=False,
        ),
        _rule(
            "final_plan",
            "Final EHC plan issued",
            "SEND Regulations 2014 reg 13(2); exceptions reg 13(3)",
            "The council must send the final EHC plan within 20 weeks of receiving the request "
            "(or of becoming responsible for the child or young person).",
            COUNCIL_LATE
            + " When the final plan arrives you can appeal against sections B, F and I.",
            exceptions=_ASSESSMENT_EXCEPTIONS,
        ),
        _rule(
            "reassessment_decision",
            "Decision whether to carry out a reassessment",
            "SEND Regulations 2014 reg 25(1)",
            "The council must tell the family whether it will reassess within 15 days of "
            "receiving the request.",
            COUNCIL_LATE + APPEAL_RIGHTS,
        ),
        _rule(
            "reassessment_plan",
            "Amended or replaced EHC plan after a reassessment",
            "SEND Regulations 2014 reg 27(2); exceptions reg 27(3)",
            "After deciding to reassess, the council must send the finalised amended or replaced "
            "plan within 14 weeks.",
            COUNCIL_LATE,
            exceptions=_ASSESSMENT_EXCEPTIONS,
        ),
        _rule(
            "review",
            "Annual review of the EHC plan",
            "Children and Families Act 2014 s44(1); SEND Regulations 2014 regs 18-20",
            "The council must review the EHC plan within 12 months of it being made and then "
            "within 12 months of each previous review.",
            COUNCIL_LATE,
        ),
        _rule(
            "early_review",
            "Earlier review for a child under 5",
            "SEND Code of Practice 9.178",
            "For a child under 5 the council should consider reviewing the plan every 3 to 6 "
            "months. This is guidance, not a legal time limit.",
            "Ask the council and the setting to arrange a review meeting. " + SUPPORT,
            statutory=False,
        ),
        _rule(
            "review_report",
            "Report of the review meeting",
            "SEND Regulations 2014 reg 20(7)-(8)",
            "The school or other setting must send a report of the review meeting to the council "
            "and everyone invited within 2 weeks of the meeting.",
            "Ask the school or setting for the report, and tell the council it is late. " + SUPPORT,
            responsible="setting",
        ),
        _rule(
            "review_decision",
            "Council's decision after the review",
            "SEND Regulations 2014 reg 20(10)",
            "Within 4 weeks of the review meeting the council must tell the family whether it "
            "will keep the plan as it is, amend it or cease it. If it will amend it, the proposed "
            "amendments should come with that decision.",
            COUNCIL_LATE
            + " If the council decides not to amend or to cease the plan, you can appeal.",
        ),
        _rule(
            "amendment_notice",
            "Proposed amendments sent after the review",
            "SEND Regulations 2014 reg 20(10) and reg 22(2); R (L) v Devon CC [2022] EWHC 493 "
            "(Admin)",
            "When a review leads to amendments, the notice of the proposed amendments is part of "
            "the council's decision and is due within 4 weeks of the review meeting.",
            COUNCIL_LATE,
        ),
        _rule(
            "amendment_representations",
            "Your comments on the proposed amendments",
            "SEND Regulations 2014 reg 22(2)(c)",
            "You have at least 15 days, beginning with the day the amendment notice is served on "
            "you, to comment, ask for a meeting and ask for a particular school or college.",
            "Send your comments as soon as you can: the council should still consider them if it "
            "has not finalised the amended plan. " + SUPPORT,
            responsible="family",
            window=True,
        ),
        _rule(
            "amended_plan",
            "Final amended EHC plan",
            "SEND Regulations 2014 reg 22(3); R (L) v Devon CC [2022] EWHC 493 (Admin)",
            "The council must send the final amended plan within 8 weeks of sending the notice "
            "of proposed amendments, and (after a review) no later than 12 weeks after the review "
            "meeting.",
            COUNCIL_LATE
            + " When the amended plan arrives you can appeal against sections B, F and I.",
        ),
        _rule(
            "phase_transfer_school",
            "Plan amended for a move to the next school phase",
            "SEND Regulations 2014 reg 18(1)(b)",
            "Before a child moves between school phases (for example into Reception, junior, "
            "middle or secondary school) the council must review the plan and amend it to name the "
            "next school before 15 February of the year of the move.",
            COUNCIL_LATE
            + " Once the amended plan names a school you can appeal against section I.",
        ),
        _rule(
            "phase_transfer_post16",
            "Plan amended for the move from secondary school to post-16",
            "SEND Regulations 2014 reg 18(1)(a)",
            "Before a young person moves from secondary school to a college or other post-16 "
            "institution the council must review the plan and amend it to name the institution "
            "before 31 March of the year of the move.",
            COUNCIL_LATE
            + " Once the amended plan names an institution you can appeal against section I.",
        ),
        _rule(
            "post16_move",
            "Plan amended for a move between post-16 institutions",
            "SEND Regulations 2014 reg 18(2)",
            "When a young person is to move from one post-16 institution to another at another "
            "time, the council must review and amend the plan at least 5 months before the move.",
            COUNCIL_LATE,
        ),
        _rule(
            "plan_transfer",
            "Plan passed to the new council after a move",
            "SEND Regulations 2014 reg 15(2)",
            "The old council must transfer the plan to the new council on the day of the move, or "
            "within 15 working days of learning of the move if it learned less than 15 working "
            "days before.",
            COUNCIL_LATE,
            responsible="old council",
        ),
        _rule(
            "transfer_notice",
            "New council tells the family about the transferred plan",
            "SEND Regulations 2014 reg 15(4)",
            "Within 6 weeks of the transfer the new council must tell the family the plan has "
            "transferred, whether it will assess, and when it will review the plan.",
            COUNCIL_LATE,
        ),
        _rule(
            "transfer_review",
            "First review by the new council",
            "SEND Regulations 2014 reg 15(5)",
            "The new council must review the plan within 12 months of it being made or last "
            "reviewed, or within 3 months of the transfer, whichever is later.",
            COUNCIL_LATE,
        ),
        _rule(
            "mediation_contact",
            "Contacting the mediation adviser",
            "Children and Families Act 2014 s55; SEND Regulations 2014 reg 33",
            "Before appealing (except about the school named only) the family contacts the "
            "mediation adviser named in the decision letter, within 2 months of the decision.",
            "Contact the mediation adviser straight away and ask for a certificate; the Tribunal "
            "can accept a late appeal if you explain why. " + SUPPORT,
            responsible="family",
            window=True,
        ),
        _rule(
            "mediation_certificate",
            "Mediation certificate issued",
            "SEND Regulations 2014 regs 33-35",
            "If the family does not want mediation, the mediation adviser must issue a "
            "certificate within 3 working days of being told.",
            "Ask the mediation adviser for the certificate. " + SUPPORT,
            responsible="mediation adviser",
        ),
        _rule(
            "mediation",
            "Mediation held",
            "SEND Regulations 2014 regs 36-37",
            "When the family wants mediation, it must take place within 30 days of the council "
            "being told.",
            "Ask the mediation adviser for a certificate so that you can appeal without waiting. "
            + SUPPORT,
        ),
        _rule(
            "mediation_certificate_after",
            "Certificate after mediation",
            "SEND Regulations 2014 reg 39",
            "The mediator must issue a certificate within 3 working days of the mediation.",
            "Ask the mediator for the certificate. " + SUPPORT,
            responsible="mediator",
        ),
        _rule(
            "appeal",
            "Last day to appeal to the First-tier Tribunal (SEND)",
            "Children and Families Act 2014 s51; Tribunal Procedure (First-tier Tribunal) (HESC) "
            "Rules 2008 r.20(1)(c) and r.12",
            "An appeal must reach the Tribunal within 2 months of the decision letter being sent, "
            "or 1 month from the date of the mediation certificate if that is later. A last day "
            "from 25 December to 1 January or in August moves to the first working day after; "
            "any other non-working day moves to the next working day.",
            "The Tribunal can accept a late appeal: send it as soon as possible and explain why it "
            "is late. " + SUPPORT,
            responsible="family",
            window=True,
        ),
        _rule(
            "review_decision_cease",
            "Council's decision to cease the plan after a review",
            "SEND Regulations 2014 reg 20(10); reg 31",
            "A decision to cease the plan after a review must be notified within 4 weeks of the "
            "review meeting, with the right to appeal; the plan continues until any appeal ends.",
            COUNCIL_LATE + APPEAL_RIGHTS,
        ),
    )
}


def _order_rule(key: str, title: str, citation: str, summary: str, *, immediate: bool) -> Rule:
    return Rule(
        key,
        title,
        citation,
        summary,
        ORDER_LATE,
        exceptions=frozenset() if immediate else _ORDER_EXCEPTIONS,
        absence_min_days=14,
    )


ORDER_RULES: dict[tuple[str, bool], Rule] = {}
for _unopposed in (False, True):
    _source = (
        "SEND Regulations 2014 reg 45 (as substituted by SI 2015/359)"
        if _unopposed
        else "SEND Regulations 2014 reg 44(2) (as amended by SI 2015/359); exceptions reg 44(3)"
    )
    _from = (
        "the council told the Tribunal it would not oppose the appeal"
        if _unopposed
        else "the Tribunal's order"
    )
    for _key, _title, _summary, _immediate in (
        (
            "order_notify",
            "Family told the assessment will go ahead",
            f"Within 2 weeks of {_from} the council must tell the family it will carry out the "
            "assessment or reassessment.",
            False,
        ),
        (
            "order_not_to_issue",
            "Notice if no plan will be issued after the ordered assessment",
            f"If after the assessment the council decides a plan is not needed, it must say "
            f"so with reasons within 10 weeks of {_from}.",
            False,
        ),
        (
            "order_plan",
            "Final plan after the ordered assessment",
            f"If a plan is needed, the final plan is due within 14 weeks of {_from}.",
            False,
        ),
        (
            "order_draft",
            "Draft plan after an order to make a plan",
            f"The council must issue a draft plan within 5 weeks of {_from}.",
            False,
        ),
        (
            "order_final_plan",
            "Final plan after an order to make a plan",
            f"The council must issue the final plan within 11 weeks of {_from}.",
            False,
        ),
        (
            "order_amended_plan",
            "Amended plan after the appeal",
            f"The council must issue the amended plan within 5 weeks of {_from}.",
            False,
        ),
        (
            "order_amended_placement",
            "Plan amended to name the school or college",
            f"When only the school or college named changes, the amended plan is due within "
            f"2 weeks of {_from}.",
            False,
        ),
        (
            "order_continue",
            "Plan continued",
            f"The council must continue to maintain the plan immediately after {_from}.",
            True,
        ),
        (
            "order_cease",
            "Plan ceased after the appeal was dismissed",
            "When the Tribunal dismisses an appeal against ceasing, the council ceases the plan "
            "immediately.",
            True,
        ),
    ):
        ORDER_RULES[(_key, _unopposed)] = _order_rule(
            _key, _title, _source, _summary, immediate=_immediate
        )
