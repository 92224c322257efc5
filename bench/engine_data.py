"""Deterministic synthetic enterprises for the engine benchmark, in both Parquet inputs of ``read_input``.

``layout/``: the platform's import layout (docs/engine-input-layout.md), ``enterprises.parquet`` and
``years.parquet``,
English column names, amounts and head counts as ``Decimal(18, 4)`` (万元, persons), dates as
``Date``, yes/no as ``Boolean``, ``tech_sme_registered`` as ``List(Int32)``. Every enterprise has the
three fiscal years before the assessment date; half give R&D by category, half as totals; a third
give the super-deduction measure. All values are valid, so no record is rejected.
``layout-wide/``: the same tables with every amount and head count as ``Decimal(38, 4)`` (what many
tools write for a Decimal by default: 16 bytes a value in the file).
``normalised/``: the same enterprises as the engine's normalised tables (``write_tables``, LZ4), which
``read_input`` reads without decoding; ``normalised-zstd/``: the same files zstd-compressed (Polars'
default codec), to show what the codec costs.

Random numbers are seeded hashes of the row number (Polars ``hash``), so the data is the same on
every run with the same Polars version (the cache key includes it).
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from decimal import Decimal
from pathlib import Path

import polars as pl
import polars.selectors as cs

VERSION = 4  # bump when the generated data changes, to refresh the cache
AS_OF = dt.date(2025, 6, 30)
YEARS = (2022, 2023, 2024)
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_PREFIX = "91330603"  # legal person, enterprise, Keqiao
INDUSTRIES = ("C1713", "C1810", "C2811", "C2614", "C3511", "C3911", "I6510", "M7320", "F5123", "C1610")
TOWNS = ("柯桥街道", "柯岩街道", "华舍街道", "湖塘街道", "齐贤街道", "钱清街道", "平水镇", "漓渚镇")
FIELDS = ("4.3", "8.4", "8.5", "1.1", "7.7", None)
INSTITUTIONS = ("none", "enterprise", "municipal", "provincial", "national")
RDM = {"system": 6, "institution": 6, "incentives": 4, "talent": 4}
EXPERT = {"advancement": 8, "core_support": 8, "acquisition": 6, "standards": 2, "transformation": 30}
RD_PARTS = ("personnel", "direct", "depreciation", "amortization", "design", "trials")
RD_SHARES = (30, 20, 10, 5, 5, 10, 10, 4, 6)  # % of R&D: the six, entrusted domestic/overseas, other


class Draws:
    """Seeded uniform draws over a row-number column, one fresh stream per call."""

    def __init__(self, row: pl.Expr, seed: int) -> None:
        self.row, self.seed = row, seed

    def _next(self) -> pl.Expr:
        self.seed += 1
        return self.row.hash(self.seed)

    def integers(self, low: int, high: int) -> pl.Expr:
        """Integers in ``[low, high)``."""
        return (self._next() % (high - low)).cast(pl.Int64) + low

    def chance(self, probability: float) -> pl.Expr:
        """True with ``probability``."""
        return self._next() % 1_000_000 < int(probability * 1_000_000)

    def choice(self, values: tuple[str | None, ...]) -> pl.Expr:
        """One of the texts ``values`` (uniformly)."""
        mapping = dict(enumerate(values))
        return self.integers(0, len(values)).replace_strict(mapping, return_dtype=pl.String)


def wan(units: pl.Expr) -> pl.Expr:
    """Integer ten-thousandths (yuan, or 1/10,000 person) as an exact ``Decimal(18, 4)``."""
    return (units.cast(pl.Decimal(18, 0)) * pl.lit(Decimal("0.0001"))).cast(pl.Decimal(18, 4))


def uscc(serial: pl.Expr) -> pl.Expr:
    """A valid 统一社会信用代码 per serial number (check digit per GB 32100-2015)."""
    digits = [(serial // 10**power) % 10 for power in range(8, -1, -1)]
    weights = [pow(3, position, 31) for position in range(17)]
    fixed = sum(
        USCC_ALPHABET.index(char) * weight for char, weight in zip(USCC_PREFIX, weights, strict=False)
    )
    total = (
        pl.sum_horizontal(digit * weight for digit, weight in zip(digits, weights[8:], strict=True)) + fixed
    )
    check = ((31 - total % 31) % 31).replace_strict(dict(enumerate(USCC_ALPHABET)), return_dtype=pl.String)
    return pl.concat_str(pl.lit(USCC_PREFIX), serial.cast(pl.String).str.zfill(9), check)


def _points(draw: Draws, top: int) -> pl.Expr:
    return pl.when(~draw.chance(0.4)).then(draw.integers(0, top + 1).cast(pl.Int8))


def enterprises(count: int) -> pl.DataFrame:
    """The enterprise sheet: one row per enterprise."""
    row = pl.int_range(count, dtype=pl.Int64)
    draw = Draws(row, 1)
    today = (AS_OF - dt.date(1970, 1, 1)).days
    class1 = pl.when(draw.chance(0.4)).then(draw.integers(1, 3)).otherwise(0)
    class2 = draw.integers(0, 8)
    registrations = draw.integers(0, 3)
    columns = {
        "uscc": uscc(row + 1),
        "name": pl.format("基准测试企业{}", row),
        "registered_on": (today - 365 - draw.integers(0, 6000)).cast(pl.Int32).cast(pl.Date),
        "industry_code": draw.choice(INDUSTRIES),
        "tech_field": draw.choice(FIELDS),
        "town": draw.choice(TOWNS),
        "ip_class1": class1.cast(pl.Int32),
        "ip_class2": class2.cast(pl.Int32),
        "ip_self_developed": (class1 + class2 > 0) & draw.chance(0.7),
        "achievements_3y": draw.integers(0, 20).cast(pl.Int32),
        "standards_drafted": draw.chance(0.3),
        **{f"rdm_{key}": _points(draw, top) for key, top in RDM.items()},
        **{f"expert_{key}": _points(draw, top) for key, top in EXPERT.items()},
        "major_incident_1y": draw.chance(0.02),
        "rd_institution": draw.choice(INSTITUTIONS),
        "hnte_issued_on": pl.when(draw.chance(0.3)).then(
            (today - draw.integers(-200, 1400)).cast(pl.Int32).cast(pl.Date)
        ),
        "tech_sme_registered": pl.concat_list(
            pl.when(registrations >= 2).then(pl.lit(2023, pl.Int32)),
            pl.when(registrations >= 1).then(pl.lit(2024, pl.Int32)),
        ).list.drop_nulls(),
        "national_award_top3_5y": draw.chance(0.01),
        "led_standard_5y": draw.chance(0.02),
        "ic_or_mother_machine": draw.chance(0.03),
    }
    return pl.select(**columns)


def years(count: int) -> pl.DataFrame:
    """The yearly sheet: three fiscal years per enterprise (amounts drawn in yuan)."""
    row = pl.int_range(count * len(YEARS), dtype=pl.Int64)
    enterprise = row // len(YEARS)
    draw, per_enterprise = Draws(row, 100), Draws(enterprise, 200)
    sales = draw.integers(1_000_000, 3_000_000_000)
    total = sales + sales * draw.integers(0, 20) // 100
    rd = sales * draw.integers(0, 900) // 10_000
    by_category = per_enterprise.chance(0.5)
    with_deduction = per_enterprise.chance(0.33)
    employees = draw.integers(5, 800) * 10_000 + pl.when(draw.chance(0.3)).then(
        draw.integers(0, 10_000)
    ).otherwise(0)
    parts = (*RD_PARTS, "entrusted_domestic", "entrusted_overseas", "other")
    five = rd * draw.integers(60, 100) // 100
    columns = {
        "uscc": uscc(enterprise + 1),
        "year": (pl.lit(YEARS[0]) + row % len(YEARS)).cast(pl.Int32),
        "sales_revenue": wan(sales),
        "total_revenue": wan(total),
        "hitech_revenue": wan(total * draw.integers(0, 101) // 100),
        **{
            f"rd_{name}": pl.when(by_category).then(wan(rd * share // 100))
            for name, share in zip(parts, RD_SHARES, strict=True)
        },
        "rd_total": pl.when(~by_category).then(wan(rd)),
        "rd_domestic": pl.when(~by_category).then(wan(rd * draw.integers(50, 101) // 100)),
        "ded_five": pl.when(with_deduction).then(wan(five)),
        "ded_other": pl.when(with_deduction).then(wan(five // 12)),
        "ded_entrusted_domestic": pl.when(with_deduction).then(wan(rd // 20)),
        "ded_entrusted_overseas": pl.when(with_deduction).then(wan(rd // 30)),
        "net_assets": wan(sales * draw.integers(-10, 80) // 100),
        "total_assets": wan(sales * draw.integers(50, 300) // 100),
        "cost_total": wan(sales * draw.integers(50, 110) // 100),
        "employees": wan(employees),
        "scitech_staff": wan(employees * draw.integers(0, 45) // 100),
    }
    return pl.select(**columns)


def ensure(directory: Path, count: int) -> Path:
    """Generate the data set of ``count`` enterprises under ``directory`` unless already cached."""
    target = directory / f"engine-{count}"
    stamp = target / "meta.json"
    meta = {"version": VERSION, "count": count, "as_of": AS_OF.isoformat(), "polars": pl.__version__}
    if stamp.exists() and json.loads(stamp.read_text()) == meta:
        return target
    from gaoqi.policy import read_input
    from gaoqi.policy.inputs import write_tables

    layout, wide = target / "layout", target / "layout-wide"
    for directory in (layout, wide):
        directory.mkdir(parents=True, exist_ok=True)
    enterprises(count).write_parquet(layout / "enterprises.parquet")
    years(count).write_parquet(layout / "years.parquet")
    shutil.copyfile(layout / "enterprises.parquet", wide / "enterprises.parquet")
    pl.scan_parquet(layout / "years.parquet").with_columns(cs.decimal().cast(pl.Decimal(38, 4))).sink_parquet(
        wide / "years.parquet"
    )
    batch = read_input(layout)
    if batch.errors:
        raise ValueError(f"generated records rejected: {batch.errors[:3]}")
    write_tables(batch.tables, target / "normalised")
    (target / "normalised-zstd").mkdir(exist_ok=True)
    for part in ("enterprises", "years"):
        pl.read_parquet(target / "normalised" / f"{part}.parquet").write_parquet(
            target / "normalised-zstd" / f"{part}.parquet", compression="zstd"
        )
    stamp.write_text(json.dumps(meta))
    return target


if __name__ == "__main__":  # python -m bench.engine_data DIRECTORY COUNT: generate, print the path
    import sys

    print(json.dumps({"path": str(ensure(Path(sys.argv[1]), int(sys.argv[2])))}))
