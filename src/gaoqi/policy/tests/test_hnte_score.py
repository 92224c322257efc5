"""HNTE innovation score ranges: IP, transformation, growth bands and their edge readings.

Expected ranges come from 工作指引 三（七） and the engine contract's readings.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from gaoqi.policy.evaluate import evaluate_tables
from gaoqi.policy.params import load_parameters
from gaoqi.policy.tests.support import enterprise, tables, year

AS_OF = dt.date(2025, 6, 1)


def score(years: list[dict[str, Any]] | None = None, params: Any = None, **fields: Any) -> dict[str, Any]:
    years = years if years is not None else [year(2022), year(2023), year(2024)]
    return evaluate_tables(tables([enterprise(0, **fields)], years), AS_OF, params=params).to_dicts()[0]


def span(row: dict[str, Any], item: str) -> tuple[int, int]:
    return row[f"score_{item}_min"], row[f"score_{item}_max"]


@pytest.mark.parametrize(
    ("class1", "class2", "expected"),
    [
        (1, 0, (7, 8)),
        (0, 5, (5, 6)),
        (0, 4, (3, 4)),
        (0, 3, (3, 4)),
        (0, 2, (1, 2)),
        (0, 1, (1, 2)),
        (0, 0, (0, 0)),
    ],
)
def test_ip_quantity_bands(class1: int, class2: int, expected: tuple[int, int]) -> None:
    assert span(score(ip_class1=class1, ip_class2=class2), "ip_quantity") == expected


def test_ip_acquisition_and_standards_bands() -> None:
    own = score(ip_self_developed=True, standards_drafted=True)
    assert span(own, "ip_acquisition") == (1, 6) and span(own, "ip_standards") == (1, 2)
    bought = score(ip_self_developed=False, standards_drafted=False)
    assert span(bought, "ip_acquisition") == (1, 3) and span(bought, "ip_standards") == (0, 0)
    nothing = score(ip_class1=0, ip_class2=0, ip_self_developed=False)
    assert span(nothing, "ip_acquisition") == (0, 0)


def test_unknown_ip_ranges_over_the_whole_scale() -> None:
    row = score(ip_class1=None, ip_class2=None, ip_self_developed=None, standards_drafted=None)
    assert span(row, "ip_quantity") == (0, 8)
    assert span(row, "ip_acquisition") == (0, 6)
    assert span(row, "ip_standards") == (0, 2)
    assert span(row, "ip") == (0, 30)  # 8 + 8 + 8 + 6 + 2 = 32, capped


def test_ip_total_is_capped_at_30() -> None:
    row = score(
        expert_advancement=8,
        expert_core_support=8,
        expert_acquisition=6,
        expert_standards=2,
        standards_drafted=True,
    )
    assert span(row, "ip") == (30, 30)  # 8 + 8 + 7..8 + 6 + 2 = 31..32, capped


@pytest.mark.parametrize(
    ("total", "expected"),
    [
        (15, (25, 30)),
        (14, (19, 24)),
        (12, (19, 24)),
        (9, (13, 18)),
        (6, (7, 12)),
        (3, (1, 6)),
        (1, (1, 6)),
        (0, (0, 0)),
    ],
)
def test_transformation_bands_by_annual_average(total: int, expected: tuple[int, int]) -> None:
    assert span(score(achievements_3y=total), "transformation") == expected


def test_transformation_unknown_and_expert_point() -> None:
    assert span(score(achievements_3y=None), "transformation") == (0, 30)
    assert span(score(achievements_3y=15, expert_transformation=27), "transformation") == (27, 27)


def sales_years(first: Any, second: Any, third: Any) -> list[dict[str, Any]]:
    return [
        year(2022, sales_revenue=first),
        year(2023, sales_revenue=second),
        year(2024, sales_revenue=third),
    ]


@pytest.mark.parametrize(
    ("third", "expected"),
    [
        # Y1 = Y2 = 100: rate = (Y3 − 100) / 200
        (170, (9, 10)),  # exactly 35 %
        ("169.9999", (7, 8)),
        (150, (7, 8)),  # exactly 25 %
        (130, (5, 6)),  # exactly 15 %
        (110, (3, 4)),  # exactly 5 %: band D by the body table
        ("109.9999", (1, 2)),
        ("100.0001", (1, 2)),
        (100, (0, 0)),  # zero growth
        (80, (0, 0)),
    ],
)
def test_sales_growth_band_edges(third: Any, expected: tuple[int, int]) -> None:
    assert span(score(sales_years(100, 100, third)), "sales_growth") == expected


def test_growth_band_d_switch_reads_the_annex() -> None:
    params = load_parameters(AS_OF)
    bands = [dict(row) for row in params["hnte_score.growth_bands"]]
    bands[3]["inclusive"] = False
    annex = params.with_overrides({"hnte_score.growth_bands": bands})
    assert span(score(sales_years(100, 100, 110), params=annex), "sales_growth") == (1, 2)


def test_growth_rate_value_and_year_one_zero_reading() -> None:
    row = score(sales_years(100, 100, 110))
    assert row["score_sales_growth_rate"] == pytest.approx(0.05)
    later = score(sales_years(0, 100, 120))  # Y3 / Y2 − 1 = 20 %
    assert later["score_sales_growth_rate"] == pytest.approx(0.2)
    assert span(later, "sales_growth") == (5, 6)


def test_growth_zero_and_negative_bases() -> None:
    assert span(score(sales_years(100, 0, 500)), "sales_growth") == (0, 0)
    negative = score([year(2022, net_assets=-10), year(2023, net_assets=100), year(2024, net_assets=200)])
    assert span(negative, "net_asset_growth") == (0, 0)
    assert negative["score_net_asset_growth_review"] is True


def test_growth_with_two_and_one_operating_years() -> None:
    two = score(
        [year(2023, sales_revenue=100), year(2024, sales_revenue=Decimal("125"))],
        registered_on=dt.date(2023, 2, 1),
    )
    assert two["score_sales_growth_rate"] == pytest.approx(0.25)
    assert span(two, "sales_growth") == (7, 8)
    one = score([year(2024)], registered_on=dt.date(2024, 2, 1))
    assert span(one, "sales_growth") == (0, 0) and one["score_sales_growth_review"] is True


def test_unknown_last_value_ranges_over_the_scale() -> None:
    assert span(score(sales_years(100, 100, None)), "sales_growth") == (0, 10)
