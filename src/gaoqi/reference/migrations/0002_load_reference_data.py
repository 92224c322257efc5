"""Load the national reference tables and the towns and segments of ``settings.GAOQI_REGION``."""

from django.conf import settings
from django.db import migrations

from gaoqi.reference.loading import load_all


def load(apps, schema_editor):
    load_all(
        settings.GAOQI_REGION,
        town=apps.get_model("reference", "Town"),
        segment=apps.get_model("reference", "Segment"),
        industry=apps.get_model("reference", "IndustryClass"),
        tech_field=apps.get_model("reference", "TechField"),
    )


class Migration(migrations.Migration):
    dependencies = [("reference", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
