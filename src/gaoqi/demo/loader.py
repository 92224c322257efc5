"""Write a generated district to the database: bulk inserts in one transaction, and its removal.

Each demo enterprise gets one ``FieldSource`` row (``reference`` ``demo-data:seed=N``) that records where
its file came from; the same row is how ``demo_data`` recognises demo data to refuse or replace.
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.db.models import Model, QuerySet

from gaoqi.core import audit
from gaoqi.demo.records import EnterpriseData, RegionRef, SegmentRef, TownRef
from gaoqi.enterprises.models import (
    Achievement,
    Certificate,
    Enterprise,
    FieldSource,
    FiscalYear,
    Incident,
    IPAsset,
    RDInstitution,
)
from gaoqi.enterprises.sort_keys import refresh_sort_keys
from gaoqi.reference.loading import read_fixture
from gaoqi.reference.models import Segment, TechField, Town

DEMO_REFERENCE = "demo-data"
BATCH = 2000
_CHILDREN = (
    (IPAsset, "ip_assets"),
    (Achievement, "achievements"),
    (RDInstitution, "institutions"),
    (Certificate, "certificates"),
    (Incident, "incidents"),
)


def region_from_database(region: str | None = None) -> RegionRef:
    """The towns, segments and high-tech subfields of ``region`` (default: the configured one)."""
    region = region or settings.GAOQI_REGION
    towns = tuple(TownRef(t.code, t.name) for t in Town.objects.filter(region=region))
    segments = tuple(SegmentRef(s.code, s.name) for s in Segment.objects.filter(region=region))
    fields = frozenset(TechField.objects.filter(parent__isnull=False).values_list("code", flat=True))
    return RegionRef(towns, segments, fields, name_prefix(read_fixture(f"regions/{region}")["name"]))


def name_prefix(region_name: str) -> str:
    """The short place name companies carry: 绍兴市柯桥区 → 绍兴柯桥.

    >>> name_prefix("绍兴市柯桥区")
    '绍兴柯桥'
    """
    short = region_name.replace("省", "").replace("市", "")
    return short[:-1] if short[-1:] in ("区", "县") else short


def demo_enterprises() -> QuerySet[Enterprise]:
    """The enterprises that ``demo_data`` wrote."""
    marked = FieldSource.objects.filter(reference__startswith=DEMO_REFERENCE).values("enterprise_id")
    return Enterprise.objects.filter(pk__in=marked)


def remove_demo_data() -> int:
    """Delete the demo enterprises with everything in their files; return how many there were."""
    enterprises = demo_enterprises()
    count = enterprises.count()
    with audit.suspended():
        enterprises.delete()
    return count


@transaction.atomic
def write_district(district: list[EnterpriseData], region: str, seed: int) -> list[int]:
    """Insert ``district`` with bulk inserts; return the new enterprise ids in district order."""
    towns = dict(Town.objects.filter(region=region).values_list("code", "id"))
    segments = dict(Segment.objects.filter(region=region).values_list("code", "id"))
    fields = dict(TechField.objects.values_list("code", "id"))
    rows = Enterprise.objects.bulk_create(
        [_enterprise_row(item, towns, segments, fields) for item in district], batch_size=BATCH
    )
    FiscalYear.objects.bulk_create(
        (
            FiscalYear(enterprise_id=row.pk, year=fiscal.year, **fiscal.figures)
            for row, item in zip(rows, district, strict=True)
            for fiscal in item.fiscal_years
        ),
        batch_size=BATCH,
    )
    for model, attribute in _CHILDREN:
        model.objects.bulk_create(
            (
                _child(model, row.pk, record)
                for row, item in zip(rows, district, strict=True)
                for record in getattr(item, attribute)
            ),
            batch_size=BATCH,
        )
    reference = f"{DEMO_REFERENCE}:seed={seed}"
    FieldSource.objects.bulk_create(
        (
            FieldSource(
                enterprise_id=row.pk,
                field="uscc",
                value=row.uscc,
                source_kind=FieldSource.Kind.IMPORT,
                reference=reference,
            )
            for row in rows
        ),
        batch_size=BATCH,
    )
    ids = [row.pk for row in rows]
    refresh_sort_keys(ids)  # bulk inserts send no signals: the list's keys of the new fiscal years
    return ids


def _enterprise_row(item: EnterpriseData, towns: dict, segments: dict, fields: dict) -> Enterprise:
    return Enterprise(
        uscc=item.uscc,
        name=item.name,
        former_names=list(item.former_names),
        registered_on=item.registered_on,
        town_id=towns[item.town_code],
        industry_code=item.industry_code,
        tech_field_id=fields.get(item.tech_field) if item.tech_field else None,
        segment_id=segments.get(item.segment_code) if item.segment_code else None,
        address=item.address,
        legal_representative=item.legal_representative,
        contact_name=item.contact_name,
        contact_phone=item.contact_phone,
        contact_email=item.contact_email,
        standards_drafted=item.standards_drafted,
        national_award_top3_5y=item.national_award_top3_5y,
        led_standard_5y=item.led_standard_5y,
        ic_or_mother_machine=item.ic_or_mother_machine,
        rd_management=item.rd_management,
        expert_points=item.expert_points,
    )


def _child(model: type[Model], enterprise_id: int, record: object) -> Model:
    values = dict(vars(record))
    if model is IPAsset:
        values["ip_class"] = IPAsset.CLASS_OF_KIND[values["kind"]]
    return model(enterprise_id=enterprise_id, **values)
