"""Seed the council's glossary with common SEND jargon and plain-English alternatives. The council
edits the list afterwards (Plans > Glossary); removing this migration's terms is left to it."""

from django.db import migrations

TERMS = [
    ("SALT", "speech and language therapist (or therapy)"),
    ("SLT", "speech and language therapist (or therapy)"),
    ("OT", "occupational therapist (or therapy)"),
    ("EP", "educational psychologist"),
    ("SENCO", "the teacher who leads on special educational needs at the school"),
    ("SENDCo", "the teacher who leads on special educational needs at the school"),
    ("TA", "teaching assistant"),
    ("LSA", "learning support assistant"),
    ("ELSA", "emotional literacy support assistant: a trained teaching assistant who helps "
     "with feelings"),
    ("ASD", "autism"),
    ("ASC", "autism"),
    ("ADHD", "attention deficit hyperactivity disorder (say what it means for them)"),
    ("SEMH", "social, emotional and mental health"),
    ("SLCN", "speech, language and communication needs"),
    ("SpLD", "specific learning difficulty, such as dyslexia"),
    ("MLD", "moderate learning difficulty"),
    ("CAMHS", "the children's mental health service"),
    ("LAC", "child in care"),
    ("KS2", "Key Stage 2 (Years 3 to 6)"),
    ("KS3", "Key Stage 3 (Years 7 to 9)"),
    ("1:1", "one-to-one (one adult with them)"),
    ("differentiated", "changed to suit them"),
    ("differentiation", "changing work to suit them"),
    ("scaffolding", "step-by-step help"),
    ("interventions", "extra help sessions"),
    ("sensory diet", "planned activities that help them feel calm and alert"),
    ("dysregulated", "upset or overwhelmed"),
    ("emotional regulation", "managing their feelings"),
    ("executive functioning", "planning, organising and remembering"),
    ("multi-agency", "several services working together"),
    ("universal provision", "help every pupil gets"),
    ("targeted support", "extra help for a small group"),
    ("access arrangements", "changes to how they sit tests, such as extra time"),
    ("fine motor skills", "using their hands and fingers, for example to write"),
    ("gross motor skills", "moving their body, for example running and balancing"),
]


def seed(apps, schema_editor):
    GlossaryTerm = apps.get_model("plans", "GlossaryTerm")
    existing = set(GlossaryTerm.objects.values_list("term", flat=True))
    GlossaryTerm.objects.bulk_create(
        [GlossaryTerm(term=term, plain_english=plain) for term, plain in TERMS if term not in existing]
    )


class Migration(migrations.Migration):
    dependencies = [("plans", "0002_plan_versions_and_sections")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
