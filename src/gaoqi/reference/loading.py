"""Load the reference fixtures into the database (idempotent upserts).

National tables (GB/T 4754-2017 industries, high-tech fields) come from ``fixtures/*.json``; a region's
towns and segments from ``fixtures/regions/<region>.json``. Adding a district is adding one file.
The functions take the model classes so that a data migration can pass its historical models.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

FIXTURES = Path(__file__).resolve().parent / "fixtures"


class UnknownRegionError(LookupError):
    """No fixture file exists for the configured region."""


@cache
def read_fixture(name: str) -> dict[str, Any]:
    """The parsed JSON fixture ``name`` (a path relative to the fixtures folder, without ``.json``)."""
    path = FIXTURES / f"{name}.json"
    if not path.is_file():
        raise UnknownRegionError(_("找不到参考数据文件：%(path)s") % {"path": path})
    return json.loads(path.read_text(encoding="utf-8"))


def available_regions() -> list[str]:
    """Names of the regions that have a fixture file."""
    return sorted(path.stem for path in (FIXTURES / "regions").glob("*.json"))


def load_industries(industry_model: Any) -> None:
    """Upsert the GB/T 4754-2017 sections and divisions."""
    for section in read_fixture("industries")["sections"]:
        parent, _created = industry_model.objects.update_or_create(
            code=section["code"], defaults={"name": section["name"], "level": "section", "parent": None}
        )
        for number, name in section["divisions"].items():
            industry_model.objects.update_or_create(
                code=f"{section['code']}{number}",
                defaults={"name": name, "level": "division", "parent": parent},
            )


def load_tech_fields(field_model: Any) -> None:
    """Upsert the 8 high-tech fields and their 52 subfields."""
    order = 0
    for field in read_fixture("tech_fields")["fields"]:
        order += 1
        parent, _created = field_model.objects.update_or_create(
            code=field["code"], defaults={"name": field["name"], "parent": None, "sort_order": order}
        )
        for number, name in enumerate(field["subfields"], start=1):
            order += 1
            field_model.objects.update_or_create(
                code=f"{field['code']}.{number}",
                defaults={"name": name, "parent": parent, "sort_order": order},
            )


def load_region(region: str, town_model: Any, segment_model: Any) -> None:
    """Upsert the towns and local industry segments of ``region``."""
    data = read_fixture(f"regions/{region}")
    for order, town in enumerate(data["towns"], start=1):
        town_model.objects.update_or_create(
            code=town["code"],
            defaults={"region": region, "name": town["name"], "kind": town["kind"], "sort_order": order},
        )
    for order, segment in enumerate(data["segments"], start=1):
        segment_model.objects.update_or_create(
            region=region,
            code=segment["code"],
            defaults={"name": segment["name"], "source": segment.get("source", ""), "sort_order": order},
        )


def load_all(region: str, *, town: Any, segment: Any, industry: Any, tech_field: Any) -> None:
    """Upsert every reference table for ``region``."""
    load_industries(industry)
    load_tech_fields(tech_field)
    load_region(region, town, segment)
