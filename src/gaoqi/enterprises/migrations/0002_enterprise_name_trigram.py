"""On PostgreSQL, a trigram index for the Chinese name search (``name__icontains``: UPPER(name) LIKE).

Searches of three or more characters use it; other databases skip this migration's work. When the
``pg_trgm`` extension cannot be created (no privilege), the search still works, without the index.
"""

import logging

from django.db import DatabaseError, migrations, transaction

logger = logging.getLogger(__name__)
INDEX = "enterprise_name_trgm"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    try:
        with transaction.atomic(using=schema_editor.connection.alias):
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            schema_editor.execute(
                f"CREATE INDEX IF NOT EXISTS {INDEX} ON enterprises_enterprise USING gin (UPPER(name) gin_trgm_ops)"
            )
    except DatabaseError as error:
        logger.warning("企业名称三元组索引未创建（%s），名称搜索仍可使用。", error)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("enterprises", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
