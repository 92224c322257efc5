"""The engine bridge: the enterprise file as the engine's normalised input tables and contract records.

``build_tables`` reads a queryset of enterprises with a fixed number of ``.values()`` queries (one for
the enterprises, one for their fiscal years, one per related table aggregated in the database) and
returns ``gaoqi.policy.InputTables`` (money Int64 yuan, head counts Int64 ten-thousandths). The values
the engine takes as facts (``ip``, ``achievements_3y``, ``rd_institution``, ``major_incident_1y``, the
HNTE certificate, tech-SME registrations) are derived here from the file as of a date, with the periods
taken from the parameters in force for ``settings.GAOQI_REGION``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import polars as pl
from django.conf import settings
from django.db.models import Case, Count, IntegerField, Max, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce, ExtractYear

from gaoqi.enterprises.models import (
    Achievement,
    Certificate,
    Enterprise,
    FiscalYear,
    Incident,
    IPAsset,
    RDInstitution,
)
from gaoqi.enterprises.models.fiscal import DEDUCTION_FIELDS, RD_CATEGORY_FIELDS, RD_TOTAL_FIELDS
from gaoqi.policy import InputTables, ParameterSet, load_parameters
from gaoqi.policy.tables import ENTERPRISE_SCHEMA, HEADCOUNT_FIELDS, MONEY_FIELDS, YEAR_SCHEMA

SCALE = 10_000  # yuan per 万元, and ten-thousandths per person
RDM_KEYS = ("system", "institution", "incentives", "talent")
EXPERT_KEYS = ("advancement", "core_support", "acquisition", "standards", "transformation")
INSTITUTION_LEVELS = ("none", "enterprise", "municipal", "provincial", "national")
CLASS_I_KINDS = tuple(kind for kind, ip_class in IPAsset.CLASS_OF_KIND.items() if ip_class == "I")
CLASS_II_KINDS = tuple(kind for kind, ip_class in IPAsset.CLASS_OF_KIND.items() if ip_class == "II")
IDENTITY_COLUMNS = {
    "uscc": "uscc",
    "name": "name",
    "registered_on": "registered_on",
    "industry_code": "industry_code",
    "tech_field": "tech_field__code",
    "town": "town__name",
    "standards_drafted": "standards_drafted",
    "national_award_top3_5y": "national_award_top3_5y",
    "led_standard_5y": "led_standard_5y",
    "ic_or_mother_machine": "ic_or_mother_machine",
    **{f"rdm_{key}": f"rd_management__{key}" for key in RDM_KEYS},
    **{f"expert_{key}": f"expert_points__{key}" for key in EXPERT_KEYS},
}


@dataclass(frozen=True)
class EngineInput:
    """Input tables for the engine and, by ``idx``, the primary key of each enterprise row."""

    tables: InputTables
    enterprise_ids: list[int]


def build_tables(
    enterprises: QuerySet[Enterprise], as_of: dt.date, params: ParameterSet | None = None
) -> EngineInput:
    """The engine's input tables for ``enterprises`` (in queryset order) as the file stood on ``as_of``.

    ``params`` (default: those in force on ``as_of`` for the region) give the incident look-back period.
    """
    params = params or load_parameters(as_of, region=settings.GAOQI_REGION)
    lookback = dt.timedelta(days=int(str(params.value("hnte.incident_lookback_days", as_of))))
    frame = _identity_frame(enterprises)
    ids = frame["id"].to_list()
    idx = frame.select("id", pl.int_range(pl.len(), dtype=pl.UInt32).alias("idx"))
    scope = enterprises.values("pk")
    for facts in (
        _ip_frame(scope, as_of),
        _achievement_frame(scope, as_of),
        _institution_frame(scope, as_of),
        _incident_frame(scope, as_of, lookback),
        _certificate_frame(scope, as_of),
    ):
        frame = frame.join(facts, on="id", how="left")
    tables = InputTables(
        enterprises=frame.join(idx, on="id").with_columns(_fact_defaults()).select(_cast(ENTERPRISE_SCHEMA)),
        years=_year_frame(scope, idx),
    )
    return EngineInput(tables, ids)


def _cast(schema: dict[str, pl.DataType]) -> list[pl.Expr]:
    return [pl.col(name).cast(dtype) for name, dtype in schema.items()]


def _rows(queryset: QuerySet, schema: Mapping[str, Any]) -> pl.DataFrame:
    """The rows of ``queryset.values_list(...)`` (in ``schema``'s column order) as a DataFrame."""
    return pl.DataFrame(list(queryset), schema=schema, orient="row")


def _identity_frame(enterprises: QuerySet[Enterprise]) -> pl.DataFrame:
    points = {name: pl.Int64() for name in IDENTITY_COLUMNS if name.startswith(("rdm_", "expert_"))}
    schema = {
        "id": pl.Int64(),
        **{name: ENTERPRISE_SCHEMA[name] for name in IDENTITY_COLUMNS if name not in points},
        **points,
    }
    lookups = ["pk", *(IDENTITY_COLUMNS[name] for name in schema if name != "id")]
    frame = _rows(enterprises.values_list(*lookups), schema)
    return frame.with_columns(pl.col("industry_code").str.slice(0, 1).alias("section"))


def _ip_frame(scope: QuerySet, as_of: dt.date) -> pl.DataFrame:
    """Valid IP supporting the main products on ``as_of``; a class II item counts until the year after
    it served an HNTE application (one use only)."""
    counted = IPAsset.objects.filter(
        Q(granted_on__isnull=True) | Q(granted_on__lte=as_of),
        Q(expires_on__isnull=True) | Q(expires_on__gt=as_of),
        enterprise__in=scope,
        status=IPAsset.Status.VALID,
        supports_main_product=True,
    ).filter(
        Q(kind__in=CLASS_I_KINDS)
        | Q(kind__in=CLASS_II_KINDS) & (Q(hnte_used_year__isnull=True) | Q(hnte_used_year__gte=as_of.year))
    )
    rows = (
        counted.values("enterprise_id")
        .annotate(
            ip_class1=Count("pk", filter=Q(kind__in=CLASS_I_KINDS)),
            ip_class2=Count("pk", filter=Q(kind__in=CLASS_II_KINDS)),
            self_developed=Count("pk", filter=Q(acquisition=IPAsset.Acquisition.SELF_DEVELOPED)),
        )
        .values_list("enterprise_id", "ip_class1", "ip_class2", "self_developed")
    )
    frame = _rows(rows, {"id": pl.Int64, "ip_class1": pl.Int64, "ip_class2": pl.Int64, "n": pl.Int64})
    return frame.select("id", "ip_class1", "ip_class2", (pl.col("n") > 0).alias("ip_self_developed"))


def _achievement_frame(scope: QuerySet, as_of: dt.date) -> pl.DataFrame:
    """Achievements transformed in the three calendar years before the year of ``as_of``."""
    rows = (
        Achievement.objects.filter(enterprise__in=scope, year__gte=as_of.year - 3, year__lt=as_of.year)
        .values("enterprise_id")
        .annotate(n=Count("pk"))
        .values_list("enterprise_id", "n")
    )
    return _rows(rows, {"id": pl.Int64, "achievements_3y": pl.Int64})


def _institution_frame(scope: QuerySet, as_of: dt.date) -> pl.DataFrame:
    """The highest level of an R&D institution recognised by ``as_of``."""
    rank = Case(
        *(When(level=level, then=Value(i)) for i, level in enumerate(INSTITUTION_LEVELS) if i),
        default=Value(0),
        output_field=IntegerField(),
    )
    rows = (
        RDInstitution.objects.filter(
            Q(recognised_on__isnull=True) | Q(recognised_on__lte=as_of), enterprise__in=scope
        )
        .values("enterprise_id")
        .annotate(rank=Max(rank))
        .values_list("enterprise_id", "rank")
    )
    frame = _rows(rows, {"id": pl.Int64, "rank": pl.Int64})
    levels = dict(enumerate(INSTITUTION_LEVELS))
    return frame.select(
        "id", pl.col("rank").replace_strict(levels, return_dtype=pl.String).alias("rd_institution")
    )


def _incident_frame(scope: QuerySet, as_of: dt.date, lookback: dt.timedelta) -> pl.DataFrame:
    """Whether a major safety or quality accident, or a serious environmental violation, happened in the
    ``lookback`` period up to ``as_of``."""
    disqualifying = Q(
        kind__in=(Incident.Kind.SAFETY, Incident.Kind.QUALITY), severity=Incident.Severity.MAJOR
    ) | Q(kind=Incident.Kind.ENVIRONMENT, severity__in=(Incident.Severity.MAJOR, Incident.Severity.SERIOUS))
    rows = (
        Incident.objects.filter(
            disqualifying,
            enterprise__in=scope,
            occurred_on__gte=as_of - lookback,
            occurred_on__lte=as_of,
        )
        .values("enterprise_id")
        .annotate(n=Count("pk"))
        .values_list("enterprise_id", "n")
    )
    return _rows(rows, {"id": pl.Int64, "n": pl.Int64}).select(
        "id", (pl.col("n") > 0).alias("major_incident_1y")
    )


def _certificate_frame(scope: QuerySet, as_of: dt.date) -> pl.DataFrame:
    """The issue date of the latest HNTE certificate by ``as_of``; the years of tech-SME registration."""
    certificates = Certificate.objects.filter(enterprise__in=scope)
    hnte = (
        certificates.filter(kind=Certificate.Kind.HNTE, issued_on__lte=as_of)
        .values("enterprise_id")
        .annotate(issued=Max("issued_on"))
        .values_list("enterprise_id", "issued")
    )
    tech_sme = (
        certificates.filter(kind=Certificate.Kind.TECH_SME)
        .annotate(registered=Coalesce("year", ExtractYear("issued_on")))
        .filter(registered__lte=as_of.year)
        .values_list("enterprise_id", "registered")
        .distinct()
    )
    registered = (
        _rows(tech_sme, {"id": pl.Int64, "year": pl.Int32})
        .sort("id", "year")
        .group_by("id", maintain_order=True)
        .agg(pl.col("year").alias("tech_sme_registered"))
    )
    return _rows(hnte, {"id": pl.Int64, "hnte_issued_on": pl.Date}).join(
        registered, on="id", how="full", coalesce=True
    )


def _fact_defaults() -> list[pl.Expr]:
    """What an empty related table means: no IP, no achievements, no institution, no incident."""
    return [
        pl.col("ip_class1", "ip_class2", "achievements_3y").fill_null(0),
        pl.col("ip_self_developed", "major_incident_1y").fill_null(False),
        pl.col("rd_institution").fill_null("none"),
        pl.col("tech_sme_registered").fill_null(pl.lit([], dtype=pl.List(pl.Int32))),
    ]


def _year_frame(scope: QuerySet, idx: pl.DataFrame) -> pl.DataFrame:
    """One row per fiscal year; R&D categories, when any is given, replace the given totals."""
    amounts = (*MONEY_FIELDS, *HEADCOUNT_FIELDS)
    schema = {"id": pl.Int64(), "year": pl.Int32(), **{name: pl.Decimal(38, 4) for name in amounts}}
    rows = (
        FiscalYear.objects.filter(enterprise__in=scope)
        .order_by()
        .values_list("enterprise_id", "year", *amounts)
    )
    frame = _rows(rows, schema).with_columns((pl.col(name) * SCALE).cast(pl.Int64) for name in amounts)
    has_categories = pl.any_horizontal(pl.col(name).is_not_null() for name in RD_CATEGORY_FIELDS)
    has_deduction = pl.any_horizontal(pl.col(name).is_not_null() for name in DEDUCTION_FIELDS)
    frame = frame.with_columns(
        *(pl.when(has_categories).then(pl.col(name).fill_null(0)) for name in RD_CATEGORY_FIELDS),
        *(pl.when(has_categories).then(None).otherwise(pl.col(name)).alias(name) for name in RD_TOTAL_FIELDS),
        *(pl.when(has_deduction).then(pl.col(name).fill_null(0)) for name in DEDUCTION_FIELDS),
    )
    return frame.join(idx, on="id").sort("idx", "year").select(_cast(YEAR_SCHEMA))


def records_from_tables(tables: InputTables) -> list[dict[str, Any]]:
    """The tables as contract records (JSON types; amounts in 万元 as exact-repr floats), in ``idx`` order."""
    years = _years_as_records(tables.years)
    records = []
    for row in tables.enterprises.sort("idx").iter_rows(named=True):
        record = {
            name: row[name]
            for name in (*IDENTITY_COLUMNS, "achievements_3y", "major_incident_1y", "rd_institution")
            if not name.startswith(("rdm_", "expert_"))
        }
        record["registered_on"] = row["registered_on"].isoformat()
        record["fiscal_years"] = years.get(row["idx"], [])
        record["ip"] = {
            "class1": row["ip_class1"],
            "class2": row["ip_class2"],
            "self_developed": row["ip_self_developed"],
        }
        record["rd_management"] = _points(row, "rdm_", RDM_KEYS)
        record["expert"] = _points(row, "expert_", EXPERT_KEYS)
        issued = row["hnte_issued_on"]
        record["hnte_certificate"] = {"issued_on": issued.isoformat()} if issued else None
        record["tech_sme_registered"] = row["tech_sme_registered"]
        records.append(record)
    return records


def _points(row: dict[str, Any], prefix: str, keys: tuple[str, ...]) -> dict[str, int] | None:
    """The expert points that are known, or ``None`` when none is."""
    known = {key: row[prefix + key] for key in keys if row[prefix + key] is not None}
    return known or None


def _years_as_records(years: pl.DataFrame) -> dict[int, list[dict[str, Any]]]:
    """Fiscal-year objects of the contract grouped by ``idx``; null values are left out."""
    plain = (*MONEY_FIELDS, *HEADCOUNT_FIELDS)
    flat = [name for name in plain if name not in {*RD_CATEGORY_FIELDS, *DEDUCTION_FIELDS}]
    frame = years.with_columns((pl.col(name) / SCALE) for name in plain)
    grouped: dict[int, list[dict[str, Any]]] = {}
    for row in frame.iter_rows(named=True):
        item: dict[str, Any] = {"year": row["year"]}
        rd = {name.removeprefix("rd_"): row[name] for name in RD_CATEGORY_FIELDS if row[name] is not None}
        deduction = {
            name.removeprefix("ded_"): row[name] for name in DEDUCTION_FIELDS if row[name] is not None
        }
        if rd:
            item["rd"] = rd
        if deduction:
            item["deduction_rd"] = deduction
        item.update({name: row[name] for name in flat if row[name] is not None})
        grouped.setdefault(row["idx"], []).append(item)
    return grouped


def to_record(enterprise: Enterprise, as_of: dt.date) -> dict[str, Any]:
    """The contract's JSON record of one enterprise on ``as_of`` (for ``gaoqi explain``, plans, what-if)."""
    return records_from_tables(build_tables(Enterprise.objects.filter(pk=enterprise.pk), as_of).tables)[0]
