from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("assessments", "0002_initial")]

    operations = [
        migrations.AddField(
            model_name=model_name,
            name="transferred_in_on",
            field=models.DateField(
                blank=True,
                help_text="The day this council became responsible for a transferred-in case.",
                null=True,
                verbose_name="responsible from",
            ),
        )
        for model_name in ("assessmentrequest", "historicalassessmentrequest")
    ] + [
        migrations.AddField(
            model_name=model_name,
            name="issue_decision_reasons",
            field=models.TextField(blank=True),
        )
        for model_name in ("assessmentrequest", "historicalassessmentrequest")
    ]
