"""Indexes that let the enterprise list count and filter by town, verdict and tier from the indexes alone."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("enterprises", "0002_enterprise_name_trigram"),
        ("reference", "0002_load_reference_data"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="evaluation",
            name="evaluation_hnte_verdict",
        ),
        migrations.RemoveIndex(
            model_name="evaluation",
            name="evaluation_tier",
        ),
        migrations.AddIndex(
            model_name="enterprise",
            index=models.Index(fields=["town", "id"], name="enterprise_town_id"),
        ),
        migrations.AddIndex(
            model_name="evaluation",
            index=models.Index(
                fields=["is_latest", "hnte_verdict", "enterprise"], name="evaluation_hnte_verdict"
            ),
        ),
        migrations.AddIndex(
            model_name="evaluation",
            index=models.Index(fields=["is_latest", "tier", "enterprise"], name="evaluation_tier"),
        ),
    ]
