"""Default letters for annual reviews, amendments, phase transfers and ceasing, in plain English.

The review decision letter (keep the plan as it is) gives the right to appeal against a refusal to
amend after a review (CFA s51(2)(e); reg 20(10)); the amended plan's letter the right to appeal
against sections B, F and I (CFA s51(2)(c); reg 22(3)); the decision to cease the right to appeal
against ceasing (CFA s51(2)(f); reg 31(2)). The amendment notice gives the family at least 15
days, beginning with the day it is served, to comment and ask for a setting (reg 22(2)). The
notice of intention to cease opens the consultation reg 31(1) requires.
"""

from django.db import migrations

CONTACT = """# Contact us

Your caseworker is {{ caseworker.name }}. You can email them at {{ caseworker.email }}. Please quote the reference {{ request.reference }} when you contact us.

You can get free, impartial information and advice from your local SEND information, advice and support service (SENDIASS).

Yours sincerely,
{{ caseworker.name }}
SEND caseworker, {{ council.name }}"""

APPEAL = """You have the right to appeal to the First-tier Tribunal (Special Educational Needs and Disability), an independent tribunal that hears appeals against council decisions about special educational needs.

Before you can appeal, you must contact a mediation adviser to find out about mediation. You do not have to take part in mediation, but you will need the certificate the mediation adviser gives you when you register your appeal. Mediation is free.

You must register your appeal by {{ appeal.deadline }}. This is 2 months from the date of this letter. If you get a mediation certificate later than 1 month before that date, you have 1 month from the date of the certificate instead.

You can find out how to appeal at www.gov.uk/special-educational-needs-disability-tribunal."""

DEFAULTS = [
    (
        "review_decision",
        "Annual review of {{ child.name }}'s EHC plan: our decision",
        """Dear {{ recipient.name }},

Thank you for taking part in the annual review of {{ child.name }}'s education, health and care (EHC) plan. The review meeting was held on {{ review.meeting_on }}.

# Our decision

On {{ decision.date }} we decided to keep {{ child.name }}'s EHC plan as it is, without changes.

{{ decision.reasons }}

{{ child.setting }} will keep providing the support set out in the plan, and we will review it again within 12 months of the meeting.

# If you disagree with this decision

Please talk to {{ caseworker.name }} first: we may be able to resolve your concerns. You can also use our disagreement resolution service at any time. It is free and independent of the council.

"""
        + APPEAL
        + "\n\n"
        + CONTACT,
    ),
    (
        "amendment_notice",
        "We propose to amend {{ child.name }}'s EHC plan",
        """Dear {{ recipient.name }},

We enclose {{ child.name }}'s current education, health and care (EHC) plan. {% if review.meeting_on %}After the annual review meeting on {{ review.meeting_on }}, we{% else %}We{% endif %} propose to amend the plan as follows.

# The changes we propose

{{ amendment.proposed_changes }}

# What you can do now

You have until {{ amendment.comments_by }} to:

- tell us what you think of the proposed changes
- ask to meet us to talk about them
- ask for a particular school, college or other setting to be named in the plan

We will consider what you tell us. If we go ahead, we will send you the final amended plan by {{ amendment.amended_plan_due }} at the latest. If we decide not to amend the plan after all, we will tell you by then and say why.

"""
        + CONTACT,
    ),
    (
        "amended_plan_covering",
        "{{ child.name }}'s amended EHC plan",
        """Dear {{ recipient.name }},

We enclose {{ child.name }}'s amended education, health and care (EHC) plan, issued on {{ plan.issued_on }}. It names {% if plan.named_setting %}{{ plan.named_setting }}{% else %}the type of setting {{ child.name }} will attend{% endif %}.

We have also sent the amended plan to the setting named in it and to the health service that commissions health provision for {{ child.name }}.

# If you disagree with the amended plan

Please talk to {{ caseworker.name }} first: we may be able to resolve your concerns. You can also use our disagreement resolution service at any time. It is free and independent of the council.

You can appeal about the description of {{ child.name }}'s special educational needs (section B), the special educational provision (section F) and the school or other setting named (section I).

"""
        + APPEAL
        + "\n\n"
        + CONTACT,
    ),
    (
        "cease_intention",
        "We are considering ceasing {{ child.name }}'s EHC plan",
        """Dear {{ recipient.name }},

We are writing to tell you that we are considering ceasing to maintain {{ child.name }}'s education, health and care (EHC) plan, which was made on {{ plan.made_on }}.

# Why

{{ cease.reason }}

# What you can do now

Before we decide, we want to hear your views and {{ child.name }}'s views. We are also asking {{ child.setting }} for its views. Please contact {{ caseworker.name }} to tell us what you think, or to ask for a meeting.

We have not made a decision yet. While we consider it, the plan stays in place and {{ child.name }} keeps the support it sets out. If we decide to cease the plan, we will write to you with our reasons and tell you about your right to appeal.

"""
        + CONTACT,
    ),
    (
        "cease_decision",
        "We have decided to cease {{ child.name }}'s EHC plan",
        """Dear {{ recipient.name }},

On {{ decision.date }} we decided to cease to maintain {{ child.name }}'s education, health and care (EHC) plan.

# Why we made this decision

{{ cease.reason }}

{{ decision.reasons }}

# What happens now

The plan stays in place while you can appeal. If you do not appeal, it will end no earlier than {{ cease.earliest_end }}. If you appeal, it stays in place until the appeal is decided.

# If you disagree with this decision

Please talk to {{ caseworker.name }} first: we may be able to resolve your concerns. You can also use our disagreement resolution service at any time. It is free and independent of the council.

"""
        + APPEAL
        + "\n\n"
        + CONTACT,
    ),
    (
        "phase_transfer_preference",
        "{{ child.name }}'s move to a new school or college in September {{ transfer.year }}",
        """Dear {{ recipient.name }},

{{ child.name }} is due to move {{ transfer.phase|lower }} in September {{ transfer.year }}. The law says we must review {{ child.name }}'s education, health and care (EHC) plan and amend it to name the new school, college or setting by {{ transfer.amend_by }}.

# Tell us which school or college you would like

Please tell us the school, college or setting you would like {{ child.name }} to go to, and why. It takes about 5 minutes. You can use the web address below or scan the QR code on this letter with your phone's camera:

{{ transfer.preference_link }}

You do not need an account. If you would rather tell us another way, contact {{ caseworker.name }}.

# What happens next

We will ask the setting you prefer whether it can meet {{ child.name }}'s needs, and we will talk to you about the setting to be named. We will then send you the amended plan.

"""
        + CONTACT,
    ),
]


def load_defaults(apps, schema_editor):
    LetterTemplate = apps.get_model("letters", "LetterTemplate")
    for kind, subject, body in DEFAULTS:
        LetterTemplate.objects.get_or_create(kind=kind, defaults={"subject": subject, "body": body})


def remove_defaults(apps, schema_editor):
    LetterTemplate = apps.get_model("letters", "LetterTemplate")
    LetterTemplate.objects.filter(kind__in=[kind for kind, _, _ in DEFAULTS]).delete()


class Migration(migrations.Migration):
    dependencies = [("letters", "0003_review_and_plan_letter_kinds")]

    operations = [migrations.RunPython(load_defaults, remove_defaults)]
