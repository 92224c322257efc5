"""The normalised input tables: the contract between the readers (``inputs``) and the rules.

Money is Int64 yuan, head counts Int64 ten-thousandths of a person (see docs/engine-design.md).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl

from gaoqi.policy.errors import RecordError

MONEY_SCALE = 10_000  # units per 万元: one unit is one yuan
HEADCOUNT_SCALE = 10_000  # units per person

ENTERPRISE_SCHEMA: dict[str, pl.DataType] = {
    "idx": pl.UInt32(),
    "uscc": pl.String(),
    "name": pl.String(),
    "registered_on": pl.Date(),
    "industry_code": pl.String(),
    "section": pl.String(),
    "tech_field": pl.String(),
    "town": pl.String(),
    "ip_class1": pl.Int32(),
    "ip_class2": pl.Int32(),
    "ip_self_developed": pl.Boolean(),
    "achievements_3y": pl.Int32(),
    "standards_drafted": pl.Boolean(),
    "rdm_system": pl.Int8(),
    "rdm_institution": pl.Int8(),
    "rdm_incentives": pl.Int8(),
    "rdm_talent": pl.Int8(),
    "expert_advancement": pl.Int8(),
    "expert_core_support": pl.Int8(),
    "expert_acquisition": pl.Int8(),
    "expert_standards": pl.Int8(),
    "expert_transformation": pl.Int8(),
    "major_incident_1y": pl.Boolean(),
    "rd_institution": pl.String(),
    "hnte_issued_on": pl.Date(),
    "tech_sme_registered": pl.List(pl.Int32()),
    "national_award_top3_5y": pl.Boolean(),
    "led_standard_5y": pl.Boolean(),
    "ic_or_mother_machine": pl.Boolean(),
}

MONEY_FIELDS: tuple[str, ...] = (
    "sales_revenue",
    "total_revenue",
    "hitech_revenue",
    "rd_personnel",
    "rd_direct",
    "rd_depreciation",
    "rd_amortization",
    "rd_design",
    "rd_trials",
    "rd_entrusted_domestic",
    "rd_entrusted_overseas",
    "rd_other",
    "rd_total",
    "rd_domestic",
    "ded_five",
    "ded_other",
    "ded_entrusted_domestic",
    "ded_entrusted_overseas",
    "net_assets",
    "total_assets",
    "cost_total",
)
HEADCOUNT_FIELDS: tuple[str, ...] = ("employees", "scitech_staff")

YEAR_SCHEMA: dict[str, pl.DataType] = {
    "idx": pl.UInt32(),
    "year": pl.Int32(),
    **{name: pl.Int64() for name in MONEY_FIELDS},
    **{name: pl.Int64() for name in HEADCOUNT_FIELDS},
}


@dataclass(frozen=True)
class InputTables:
    """Validated enterprises (one row each, in input order) and their fiscal years (one row each)."""

    enterprises: pl.DataFrame
    years: pl.DataFrame

    def __post_init__(self) -> None:
        _check_schema("enterprises", self.enterprises, ENTERPRISE_SCHEMA)
        _check_schema("years", self.years, YEAR_SCHEMA)

    @classmethod
    def empty(cls) -> InputTables:
        """Tables with the right columns and no rows."""
        return cls(pl.DataFrame(schema=ENTERPRISE_SCHEMA), pl.DataFrame(schema=YEAR_SCHEMA))


@dataclass(frozen=True)
class InputBatch:
    """What a reader returns: the valid records as tables, and the rejected ones as errors."""

    tables: InputTables
    errors: list[RecordError] = field(default_factory=list)
    size: int = 0  # records read, valid or not


def strictly_ascending(values: pl.Series) -> bool:
    """Whether ``values`` has no null and each value is above the one before (then all are distinct:
    no hashing needed to tell)."""
    return values.null_count() == 0 and bool((values[1:] > values[:-1]).all())


def years_in_order(years: pl.DataFrame) -> bool:
    """Whether the years are strictly ascending by enterprise, then year (Series comparisons: they
    run directly, without a query plan or a combined key)."""
    idx, year = years["idx"], years["year"]
    after, before = slice(1, None), slice(None, -1)
    ascending = (idx[after] > idx[before]) | ((idx[after] == idx[before]) & (year[after] > year[before]))
    return bool(ascending.all(ignore_nulls=True))


def _check_schema(label: str, frame: pl.DataFrame, schema: dict[str, pl.DataType]) -> None:
    actual = dict(frame.schema)
    if actual != schema:
        missing = sorted(set(schema) - set(actual))
        extra = sorted(set(actual) - set(schema))
        wrong = sorted(name for name in set(schema) & set(actual) if actual[name] != schema[name])
        raise TypeError(f"{label} table schema: missing={missing} extra={extra} wrong={wrong}")
