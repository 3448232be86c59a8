"""The Local Offer's standard taxonomies and the whole-area service area (``taxonomy.py``)."""

from django.db import migrations


def load(apps, schema_editor):
    from openehcp.localoffer.taxonomy import load_standard_taxonomies

    load_standard_taxonomies(
        apps.get_model("localoffer", "Taxonomy"),
        apps.get_model("localoffer", "TaxonomyTerm"),
        apps.get_model("localoffer", "Area"),
    )


class Migration(migrations.Migration):
    dependencies = [("localoffer", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
