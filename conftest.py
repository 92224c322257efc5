"""Suite-wide fixtures."""

from __future__ import annotations

import pytest
from django.conf import settings

DATABASE_FIXTURES = frozenset({"db", "transactional_db", "live_server"})


@pytest.fixture(autouse=True)
def reference_tables(request: pytest.FixtureRequest) -> None:
    """Give every database test the region's reference tables (towns, industries, fields, segments).

    Migrations load them once, but a transactional test ends by emptying every table; without this,
    whether a later test finds its towns would depend on the order the tests happen to run in.
    """
    if not (DATABASE_FIXTURES & set(request.fixturenames) or request.node.get_closest_marker("django_db")):
        return
    request.getfixturevalue("_django_db_helper")
    from gaoqi.reference.loading import load_all
    from gaoqi.reference.models import IndustryClass, Segment, TechField, Town

    if not Town.objects.exists():
        tables = {"town": Town, "segment": Segment, "industry": IndustryClass, "tech_field": TechField}
        load_all(settings.GAOQI_REGION, **tables)
