"""The default letters, in plain English, that a council then edits to suit its own service.

The appeal rights paragraphs follow what the law requires the council to tell the family: reg 5(3)
(decision not to assess), reg 10(1) (decision not to issue a plan) and reg 13(2) with CFA s51 (the
final plan: sections B, F and I can be appealed). Before most appeals the family must contact a
mediation adviser (CFA s55); the appeal deadline is 2 months from the letter, or 1 month from the
mediation certificate if later (HESC Procedure Rules r.20).
"""

from django.db import migrations

DEFAULTS = [
    (
        "decision_to_assess",
        "We will carry out an EHC needs assessment for {{ child.name }}",
        """Dear {{ recipient.name }},

We have decided to carry out an education, health and care (EHC) needs assessment for {{ child.name }}, born {{ child.date_of_birth }}. We received the request on {{ request.received_on }} and made this decision on {{ decision.date }}.

# What happens next

We will ask for advice about {{ child.name }}'s needs from the people who know them, including an educational psychologist, health and social care services and {{ child.setting }}. We will also ask for your views and for {{ child.name }}'s own views, wishes and feelings.

Each person we ask for advice must normally reply within 6 weeks. When we have their advice, we will decide whether {{ child.name }} needs an EHC plan.

If we decide to issue a plan, we will send you a draft first so that you can comment on it and tell us which school or college you would like to be named. The law says the final plan must normally be issued by {{ deadlines.final_plan_due }}, 20 weeks after we received the request.

# Contact us

Your caseworker is {{ caseworker.name }}. You can email them at {{ caseworker.email }}. Please quote the reference {{ request.reference }} when you contact us.

You can get free, impartial information and advice from your local SEND information, advice and support service (SENDIASS).

Yours sincerely,
{{ caseworker.name }}
SEND caseworker, {{ council.name }}""",
    ),
    (
        "decision_not_to_assess",
        "We will not carry out an EHC needs assessment for {{ child.name }}",
        """Dear {{ recipient.name }},

We received a request for an education, health and care (EHC) needs assessment for {{ child.name }}, born {{ child.date_of_birth }}, on {{ request.received_on }}. On {{ decision.date }} we decided not to carry out an assessment.

# Why we made this decision

{{ decision.reasons }}

# Support for {{ child.name }}

{{ child.setting }} should continue to meet {{ child.name }}'s needs through SEN support, using its own resources and advice from specialists where needed. We can tell you about the support available in our local offer.

# If you disagree with this decision

Please talk to {{ caseworker.name }} first: we may be able to resolve your concerns. You can also use our disagreement resolution service at any time. It is free and independent of the council.

You have the right to appeal to the First-tier Tribunal (Special Educational Needs and Disability), an independent tribunal that hears appeals against council decisions about special educational needs.

Before you can appeal, you must contact a mediation adviser to find out about mediation. You do not have to take part in mediation, but you will need the certificate the mediation adviser gives you when you register your appeal. Mediation is free.

You must register your appeal by {{ appeal.deadline }}. This is 2 months from the date of this letter. If you get a mediation certificate later than 1 month before that date, you have 1 month from the date of the certificate instead.

You can find out how to appeal at www.gov.uk/special-educational-needs-disability-tribunal.

# Contact us

Your caseworker is {{ caseworker.name }}. You can email them at {{ caseworker.email }}. Please quote the reference {{ request.reference }} when you contact us.

You can get free, impartial information and advice from your local SEND information, advice and support service (SENDIASS).

Yours sincerely,
{{ caseworker.name }}
SEND caseworker, {{ council.name }}""",
    ),
    (
        "advice_request",
        "Request for advice: EHC needs assessment for {{ child.name }} ({{ request.reference }})",
        """Dear {{ recipient.name }},

We are carrying out an education, health and care (EHC) needs assessment for {{ child.name }}, born {{ child.date_of_birth }}, who attends {{ child.setting }}.

We are asking you for {{ advice.type|lower }}. Please tell us about {{ child.name }}'s special educational needs, the provision that would meet them, and the outcomes it should help them achieve. Please write in plain English that the family can understand.

The law says that you must give your advice within 6 weeks of our request (regulation 8 of the Special Educational Needs and Disability Regulations 2014). We asked on {{ advice.requested_on }}, so please send your advice by {{ advice.due_on }}.

If you cannot give your advice by then, please tell us why as soon as you can.

Please quote the reference {{ request.reference }} and send your advice to {{ caseworker.name }} at {{ caseworker.email }}.

Yours sincerely,
{{ caseworker.name }}
SEND caseworker, {{ council.name }}""",
    ),
    (
        "decision_not_to_issue",
        "We will not issue an EHC plan for {{ child.name }}",
        """Dear {{ recipient.name }},

Thank you for taking part in the education, health and care (EHC) needs assessment for {{ child.name }}. On {{ decision.date }} we decided not to issue an EHC plan.

# Why we made this decision

{{ decision.reasons }}

We will send you copies of the advice we gathered during the assessment. {{ child.setting }} can use it to plan the support {{ child.name }} gets through SEN support.

# If you disagree with this decision

Please talk to {{ caseworker.name }} first: we may be able to resolve your concerns. You can also use our disagreement resolution service at any time. It is free and independent of the council.

You have the right to appeal to the First-tier Tribunal (Special Educational Needs and Disability), an independent tribunal that hears appeals against council decisions about special educational needs.

Before you can appeal, you must contact a mediation adviser to find out about mediation. You do not have to take part in mediation, but you will need the certificate the mediation adviser gives you when you register your appeal. Mediation is free.

You must register your appeal by {{ appeal.deadline }}. This is 2 months from the date of this letter. If you get a mediation certificate later than 1 month before that date, you have 1 month from the date of the certificate instead.

You can find out how to appeal at www.gov.uk/special-educational-needs-disability-tribunal.

# Contact us

Your caseworker is {{ caseworker.name }}. You can email them at {{ caseworker.email }}. Please quote the reference {{ request.reference }} when you contact us.

You can get free, impartial information and advice from your local SEND information, advice and support service (SENDIASS).

Yours sincerely,
{{ caseworker.name }}
SEND caseworker, {{ council.name }}""",
    ),
    (
        "draft_plan_covering",
        "Draft EHC plan for {{ child.name }}: please tell us what you think",
        """Dear {{ recipient.name }},

We enclose the draft education, health and care (EHC) plan for {{ child.name }}, which we sent you on {{ draft.served_on }}.

# What you can do now

Please read the draft plan carefully. You can:

- tell us what you think of it and ask us to change it
- ask to meet us to talk about it
- tell us which school, college or other setting you would like to be named in the plan
- ask for a personal budget for some of the provision

Please tell us by {{ draft.comments_by }}. You have at least 15 days, beginning with the day we sent the draft. Section I of the draft plan, which will name the school or college, is left blank until we have heard from you.

If you ask for a particular school or college, we must consult it and name it in the plan unless it would be unsuitable for {{ child.name }}'s age, ability, aptitude or special educational needs, or it would not be compatible with the efficient education of others or the efficient use of resources.

We must issue the final plan by {{ deadlines.final_plan_due }}.

# Contact us

Your caseworker is {{ caseworker.name }}. You can email them at {{ caseworker.email }}. Please quote the reference {{ request.reference }} when you contact us.

You can get free, impartial information and advice from your local SEND information, advice and support service (SENDIASS).

Yours sincerely,
{{ caseworker.name }}
SEND caseworker, {{ council.name }}""",
    ),
    (
        "final_plan_covering",
        "The final EHC plan for {{ child.name }}",
        """Dear {{ recipient.name }},

We enclose the final education, health and care (EHC) plan for {{ child.name }}, issued on {{ plan.issued_on }}. The plan names {{ plan.named_setting }} as the school, college or other setting {{ child.name }} will attend.

We have also sent the plan to {{ plan.named_setting }} and to the health commissioning body.

We will review the plan with you at least once every 12 months.

# Your right to appeal

You can appeal against the description of {{ child.name }}'s special educational needs (section B), the special educational provision (section F) and the school, college or other setting named in the plan, or the type of setting if none is named (section I). If you only want to appeal about the setting named in section I, you do not need to contact a mediation adviser first.

# If you disagree with this decision

Please talk to {{ caseworker.name }} first: we may be able to resolve your concerns. You can also use our disagreement resolution service at any time. It is free and independent of the council.

You have the right to appeal to the First-tier Tribunal (Special Educational Needs and Disability), an independent tribunal that hears appeals against council decisions about special educational needs.

Before you can appeal, you must contact a mediation adviser to find out about mediation. You do not have to take part in mediation, but you will need the certificate the mediation adviser gives you when you register your appeal. Mediation is free.

You must register your appeal by {{ appeal.deadline }}. This is 2 months from the date of this letter. If you get a mediation certificate later than 1 month before that date, you have 1 month from the date of the certificate instead.

You can find out how to appeal at www.gov.uk/special-educational-needs-disability-tribunal.

# Contact us

Your caseworker is {{ caseworker.name }}. You can email them at {{ caseworker.email }}. Please quote the reference {{ request.reference }} when you contact us.

You can get free, impartial information and advice from your local SEND information, advice and support service (SENDIASS).

Yours sincerely,
{{ caseworker.name }}
SEND caseworker, {{ council.name }}""",
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
    dependencies = [("letters", "0001_initial")]

    operations = [migrations.RunPython(load_defaults, remove_defaults)]
