"""The fixed periods of the SEND statutory clock, as plain constants.

Every other part of OpenEHCP (workqueue and scorecard SQL, reminders, the SEN2 return) reads its
numbers from here, so that a period is written down once. ``timedelta`` constants are the
periods counted in calendar days from an event that is itself excluded ("within 6 weeks of
receiving the request": the request day is day 0, the last day is the same weekday 6 weeks
later). ``*_DAYS`` / ``*_MONTHS`` / ``*_WORKING_DAYS`` integers are for the periods that are not
plain day counts.
"""

from datetime import timedelta

# --- EHC needs assessment (Children and Families Act 2014 s36-s39; SEND Regulations 2014 regs 3-14)
#: reg 5(1): notify the decision whether to assess within 6 weeks of receiving the request.
DECISION_TO_ASSESS = timedelta(weeks=6)
#: reg 8(1): a body asked for advice or co-operation provides it within 6 weeks of the request.
ADVICE = timedelta(weeks=6)
#: reg 10(1): notice of a decision not to issue a plan within 16 weeks of the request.
NOT_TO_ISSUE = timedelta(weeks=16)
#: reg 13(2): the final plan within 20 weeks of the request.
FINAL_PLAN = timedelta(weeks=20)
#: regs 13(1)(a), 22(2)(c): "at least 15 days, beginning with the day on which [it] was served".
REPRESENTATIONS_DAYS = 15
#: The day of service is day 1, so the last day of the period is the day of service + 14.
REPRESENTATIONS = timedelta(days=REPRESENTATIONS_DAYS - 1)
#: CFA s39(2) with the Code of Practice (chapter 9): a consulted setting should reply in 15 days.
CONSULTATION_DAYS = 15
CONSULTATION = timedelta(days=CONSULTATION_DAYS)

# --- Reassessment (regs 24-27)
#: reg 24(1): notify whether the council will reassess within 15 days of receiving the request.
REASSESSMENT_DECISION_DAYS = 15
REASSESSMENT_DECISION = timedelta(days=REASSESSMENT_DECISION_DAYS)
#: reg 27(2): the amended or replaced plan within 14 weeks of deciding to reassess.
REASSESSMENT_PLAN = timedelta(weeks=14)

# --- Annual review (CFA s44; regs 18-21)
#: CFA s44(1): a review within each period of 12 months.
REVIEW_MONTHS = 12
#: SEND Code of Practice 9.178: consider reviewing every 3-6 months for a child under 5 (default 6).
UNDER_FIVE_REVIEW_MONTHS = 6
#: reg 20(7)-(8): the review report within 2 weeks of the meeting.
REVIEW_REPORT = timedelta(weeks=2)
#: reg 20(10): the council's decision to maintain, amend or cease within 4 weeks of the meeting.
REVIEW_DECISION = timedelta(weeks=4)

# --- Amending a plan (regs 22 and 28; R (L) v Devon CC [2022] EWHC 493 (Admin))
#: reg 22(3): the final amended plan within 8 weeks of sending the amendment notice.
AMENDED_PLAN = timedelta(weeks=8)
#: Devon: after a review the amendment notice is part of the reg 20(10) decision, due 4 weeks after.
AMENDMENT_NOTICE = timedelta(weeks=4)
#: Devon: so the amended plan is due at most 12 weeks after the review meeting.
AMENDED_PLAN_AFTER_MEETING = AMENDMENT_NOTICE + AMENDED_PLAN

# --- Phase transfer (reg 18)
#: reg 18(1)(b): school phase transfers - before 15 February of the calendar year of transfer.
PHASE_TRANSFER_SCHOOL = (2, 15)
#: reg 18(1)(a): secondary school to post-16 - before 31 March of the calendar year of transfer.
PHASE_TRANSFER_POST16 = (3, 31)
#: reg 18(2): between post-16 institutions at another time - at least 5 months before the move.
POST16_MOVE_MONTHS = 5

# --- Transfer between councils (reg 15)
#: reg 15(2): the old council transfers the plan within 15 working days of learning of the move.
TRANSFER_OLD_LA_WORKING_DAYS = 15
#: reg 15(4): the new council tells the family within 6 weeks of the transfer.
TRANSFER_NOTICE = timedelta(weeks=6)
#: reg 15(5)(b): review within 3 months of the transfer (or the 12-month period, if later).
TRANSFER_REVIEW_MONTHS = 3

# --- Mediation (CFA s53-s55; regs 32-42) and appeal (HESC Rules 2008 r.20, r.12)
#: reg 33: the family contacts the mediation adviser within 2 months of the decision.
MEDIATION_CONTACT_MONTHS = 2
#: regs 34-35, 39: the mediation adviser issues a certificate within 3 working days.
MEDIATION_CERTIFICATE_WORKING_DAYS = 3
#: reg 37: mediation takes place within 30 days of the council being told it is wanted.
MEDIATION = timedelta(days=30)
#: HESC r.20(1)(c): appeal within 2 months of the decision notice being sent ...
APPEAL_MONTHS = 2
#: ... or 1 month from the date the mediation certificate was issued, whichever is later.
APPEAL_AFTER_CERTIFICATE_MONTHS = 1

# --- Tribunal orders (reg 44, as amended by SI 2015/359) and unopposed appeals (reg 45)
#: reg 44(2)(b), 45(3): tell the family the assessment or reassessment will be made within 2 weeks.
ORDER_NOTIFY_ASSESSMENT = timedelta(weeks=2)
#: reg 44(2)(b)(i), 45(3A)(a): notice that no plan will be issued within 10 weeks.
ORDER_NOT_TO_ISSUE = timedelta(weeks=10)
#: reg 44(2)(b)(ii), 45(3A)(b): the final plan after an ordered assessment within 14 weeks.
ORDER_PLAN_AFTER_ASSESSMENT = timedelta(weeks=14)
#: reg 44(2)(c): a draft plan within 5 weeks of an order to make and maintain a plan ...
ORDER_DRAFT_PLAN = timedelta(weeks=5)
#: ... and the final plan within 11 weeks.
ORDER_FINAL_PLAN = timedelta(weeks=11)
#: reg 44(2), 45(4): an amended plan (needs, provision) within 5 weeks.
ORDER_AMEND = timedelta(weeks=5)
#: reg 44(2), 45(5): an amended plan changing only the school or institution named within 2 weeks.
ORDER_AMEND_PLACEMENT = timedelta(weeks=2)

# --- The statutory exceptions (regs 5(4), 8(2), 10(4), 13(3), 27(3), 44(3))
#: A closure must last a continuous period of at least 4 weeks ...
CLOSURE_MIN = timedelta(weeks=4)
#: ... and the window runs from 1 week before it closes to 1 week before it re-opens.
CLOSURE_LEAD = timedelta(weeks=1)
#: Absence from the area for a continuous period of at least 4 weeks during the period.
ABSENCE_MIN = timedelta(weeks=4)
#: reg 44(3): for tribunal orders the absence need only be 2 weeks.
ORDER_ABSENCE_MIN = timedelta(weeks=2)
