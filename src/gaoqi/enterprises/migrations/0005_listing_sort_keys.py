"""The list's sort keys on the enterprise row, filled from the stored data, and an index per sort of a
town; on PostgreSQL also the descending sales, score, tier and verdict orders (NULLS LAST, which SQLite's
indexes lack).
"""

from django.db import migrations, models

from gaoqi.enterprises.sort_keys import sort_key_values

DESCENDING = {  # the columns after the town
    "enterprise_town_sales_desc": "list_sales DESC NULLS LAST, uscc, list_verdict",
    "enterprise_town_score_desc": "list_score_max DESC NULLS LAST, list_score_min DESC NULLS LAST, uscc, list_verdict",
    "enterprise_town_tier_desc": "list_tier DESC NULLS LAST, uscc, list_verdict",
    "enterprise_town_verdict_desc": "list_verdict DESC NULLS LAST, uscc",
}


def fill_sort_keys(apps, schema_editor):
    """One set-based UPDATE over every enterprise."""
    keys = sort_key_values(
        apps.get_model("enterprises", "Evaluation"), apps.get_model("enterprises", "FiscalYear")
    )
    apps.get_model("enterprises", "Enterprise").objects.update(**keys)


def create_descending(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name, columns in DESCENDING.items():
            schema_editor.execute(f"CREATE INDEX {name} ON enterprises_enterprise (town_id, {columns})")


def drop_descending(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name in DESCENDING:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("enterprises", "0004_holdings_versioned"),
        ("reference", "0002_load_reference_data"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="enterprise",
            name="enterprise_town_name",
        ),
        migrations.AddField(
            model_name="enterprise",
            name="list_sales",
            field=models.DecimalField(
                decimal_places=4,
                editable=False,
                max_digits=18,
                null=True,
                verbose_name="最近年度销售收入（万元）",
            ),
        ),
        migrations.AddField(
            model_name="enterprise",
            name="list_score_max",
            field=models.PositiveSmallIntegerField(
                editable=False, null=True, verbose_name="最新创新评分上限"
            ),
        ),
        migrations.AddField(
            model_name="enterprise",
            name="list_score_min",
            field=models.PositiveSmallIntegerField(
                editable=False, null=True, verbose_name="最新创新评分下限"
            ),
        ),
        migrations.AddField(
            model_name="enterprise",
            name="list_tier",
            field=models.CharField(editable=False, max_length=16, null=True, verbose_name="最新梯队"),
        ),
        migrations.AddField(
            model_name="enterprise",
            name="list_verdict",
            field=models.CharField(editable=False, max_length=16, null=True, verbose_name="最新高企测评结论"),
        ),
        migrations.AddField(
            model_name="enterprise",
            name="list_year",
            field=models.PositiveSmallIntegerField(editable=False, null=True, verbose_name="最近年度"),
        ),
        migrations.RunPython(fill_sort_keys, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="enterprise",
            index=models.Index(fields=["town", "name", "uscc", "list_verdict"], name="enterprise_town_name"),
        ),
        migrations.AddIndex(
            model_name="enterprise",
            index=models.Index(fields=["town", "uscc", "list_verdict"], name="enterprise_town_uscc"),
        ),
        migrations.AddIndex(
            model_name="enterprise",
            index=models.Index(
                fields=["town", "industry_code", "uscc", "list_verdict"], name="enterprise_town_industry"
            ),
        ),
        migrations.AddIndex(
            model_name="enterprise",
            index=models.Index(fields=["town", "list_verdict", "uscc"], name="enterprise_town_verdict"),
        ),
        migrations.AddIndex(
            model_name="enterprise",
            index=models.Index(
                fields=["town", "list_tier", "uscc", "list_verdict"], name="enterprise_town_tier"
            ),
        ),
        migrations.AddIndex(
            model_name="enterprise",
            index=models.Index(
                fields=["town", "list_sales", "uscc", "list_verdict"], name="enterprise_town_sales"
            ),
        ),
        migrations.AddIndex(
            model_name="enterprise",
            index=models.Index(
                fields=["town", "list_score_max", "list_score_min", "uscc", "list_verdict"],
                name="enterprise_town_score",
            ),
        ),
        migrations.RunPython(create_descending, drop_descending),
    ]
