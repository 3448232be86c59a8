"""Every appeal recorded on a ceasing record becomes a disagreement about ceasing linked to it,
so that the disagreement is the one record of the appeal (see ``openehcp.disagreements.ceasing``).

The appeal keeps its dates: registered becomes lodged; how it ended becomes the outcome and the
order (upheld: the plan continues; dismissed or withdrawn: the plan can cease), dated the day the
appeal ended. No mediation certificate was recorded before, so none is invented: the note says so.
"""

from django.db import migrations

NOTE = (
    "Recorded on the ceasing record before mediation and appeals had their own pages; "
    "no mediation certificate date was recorded then."
)


def forwards(apps, schema_editor):
    Cessation = apps.get_model("reviews", "Cessation")
    Disagreement = apps.get_model("disagreements", "Disagreement")
    rows = Cessation.objects.filter(
        appeal_lodged_on__isnull=False, decision="cease", decision_on__isnull=False
    ).select_related("plan")
    for cessation in rows:
        if Disagreement.objects.filter(cessation=cessation).exists():
            continue
        ended = cessation.appeal_outcome and cessation.appeal_ended_on
        outcome, order = {
            "upheld": ("upheld", "continue"),
            "dismissed": ("dismissed", "cease"),
        }.get(cessation.appeal_outcome, ("", ""))
        Disagreement.objects.create(
            child_id=cessation.plan.child_id,
            decision="cease",
            plan_id=cessation.plan_id,
            cessation=cessation,
            decision_on=cessation.decision_on,
            appeal_lodged_on=cessation.appeal_lodged_on,
            appeal_outcome=outcome if ended else "",
            order=order if ended else "",
            order_on=cessation.appeal_ended_on if ended else None,
            order_complied_on=(cessation.ceased_on or None) if ended and order == "cease" else None,
            notes=NOTE,
            created_by_id=cessation.created_by_id,
        )


def backwards(apps, schema_editor):
    Disagreement = apps.get_model("disagreements", "Disagreement")
    Disagreement.objects.filter(cessation__isnull=False, notes=NOTE).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("disagreements", "0002_cessation_link"),
        ("reviews", "0005_edit_lock_fields"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
