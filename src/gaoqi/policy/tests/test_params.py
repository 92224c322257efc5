"""The parameter loader is strict, exact and dated; ``ParameterSet`` reads values by date."""

from __future__ import annotations

import datetime as dt
import textwrap
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest

from gaoqi.policy.errors import ParameterError
from gaoqi.policy.params import PARAMETER_DIR, load_parameters, read_file

GOOD_NATIONAL = """\
family: hnte
title: 测试
parameters:
  staff_ratio_min:
    description: 科技人员比例下限
    unit: ratio
    reference: {document: 国科发火〔2016〕32号, article: 第十一条（四）}
    values:
      2016-01-01: 0.10
      2030-01-01: 0.12
  brackets:
    description: 分档
    unit: table
    columns: {sales_up_to: wan_yuan, min_ratio: ratio}
    reference: {document: 国科发火〔2016〕32号, article: 第十一条（五）}
    values:
      2016-01-01:
        - {sales_up_to: 5000, min_ratio: 0.05}
        - {sales_up_to: null, min_ratio: 0.03}
"""
GOOD_REGION = """\
region: test
title: 测试地区
parameters:
  tier.label:
    description: 说明
    unit: text
    reference: {document: 示例, article: 示例}
    values:
      2020-01-01: 示例口径
"""


def _write(root: Path, national: str = GOOD_NATIONAL, region: str = GOOD_REGION) -> Path:
    (root / "regions").mkdir(exist_ok=True)
    (root / "hnte.yaml").write_text(textwrap.dedent(national), encoding="utf-8")
    (root / "regions" / "test.yaml").write_text(textwrap.dedent(region), encoding="utf-8")
    return root


def _load(root: Path, as_of: dt.date = dt.date(2025, 1, 1)):
    return load_parameters(as_of, region="test", directory=root)


def test_every_shipped_file_passes_the_schema() -> None:
    files = sorted(PARAMETER_DIR.glob("*.yaml"))
    assert {path.stem for path in files} >= {"hnte", "hnte_score", "tech_sme", "deduction"}
    for path in files:
        parameters = list(read_file(path))
        assert parameters, path
        for parameter in parameters:
            days = [day for day, _ in parameter.values]
            assert days == sorted(days) and len(set(days)) == len(days)
    for path in sorted((PARAMETER_DIR / "regions").glob("*.yaml")):
        assert list(read_file(path, region=path.stem))
        load_parameters(dt.date(2025, 6, 1), region=path.stem)


def test_good_files_load_decimals_exactly(tmp_path: Path) -> None:
    params = _load(_write(tmp_path))
    value = params["hnte.staff_ratio_min"]
    assert isinstance(value, Decimal) and value == Decimal("0.10")
    assert params["hnte.brackets"][1]["sales_up_to"] is None
    assert params["tier.label"] == "示例口径"


@pytest.mark.parametrize(
    ("old", "new", "line", "words"),
    [
        ("    unit: ratio\n", "    unit: ratio\n    colour: red\n", 7, "未知的键"),
        ("    unit: ratio\n", "    unit: ratio\n    unit: ratio\n", 7, "重复的键"),
        ("      2030-01-01: 0.12\n", "      latest: 0.12\n", 10, "ISO 日期"),
        ("      2030-01-01: 0.12\n", "      2030-01-01: 12\n", 10, "最大值"),
        ("    unit: ratio\n", "    unit: percent\n", 6, "未知的单位"),
        ("{sales_up_to: null, min_ratio: 0.03}", "{sales_up_to: lots, min_ratio: 0.03}", 19, "不是数值"),
        ("{sales_up_to: null, min_ratio: 0.03}", "{sales_up_to: null}", 19, "缺少必需的键"),
        (
            "    values:\n      2016-01-01: 0.10\n      2030-01-01: 0.12\n",
            "    values: {}\n",
            8,
            "没有任何带日期的取值",
        ),
    ],
)
def test_malformed_file_names_file_and_line(
    tmp_path: Path, old: str, new: str, line: int, words: str
) -> None:
    assert old in GOOD_NATIONAL
    _write(tmp_path, national=GOOD_NATIONAL.replace(old, new, 1))
    with pytest.raises(ParameterError) as caught:
        _load(tmp_path)
    assert f"hnte.yaml 第 {line} 行" in str(caught.value)
    assert words in str(caught.value)


def test_integer_unit_rejects_a_decimal(tmp_path: Path) -> None:
    national = GOOD_NATIONAL + textwrap.indent(
        "days_min:\n  description: 天数\n  unit: days\n  reference: {document: 文, article: 条}\n"
        "  values:\n    2016-01-01: 365.5\n",
        "  ",
    )
    _write(tmp_path, national=national)
    with pytest.raises(ParameterError, match=r"hnte\.yaml 第 25 行.*整数"):
        _load(tmp_path)


def test_region_overrides_a_national_value_with_the_same_unit(tmp_path: Path) -> None:
    override = GOOD_REGION + textwrap.indent(
        "hnte.staff_ratio_min:\n  description: 地区口径\n  unit: ratio\n"
        "  reference: {document: 地区文件, article: 一}\n  values:\n    2020-01-01: 0.08\n",
        "  ",
    )
    params = _load(_write(tmp_path, region=override))
    assert params["hnte.staff_ratio_min"] == Decimal("0.08")
    assert params.source("hnte.staff_ratio_min").regional


def test_region_override_with_another_unit_is_rejected(tmp_path: Path) -> None:
    override = GOOD_REGION + textwrap.indent(
        "hnte.staff_ratio_min:\n  description: 地区口径\n  unit: points\n"
        "  reference: {document: 地区文件, article: 一}\n  values:\n    2020-01-01: 8\n",
        "  ",
    )
    _write(tmp_path, region=override)
    with pytest.raises(ParameterError, match=r"test\.yaml 第 12 行.*单位"):
        _load(tmp_path)


def test_missing_region_file_is_an_error(tmp_path: Path) -> None:
    _write(tmp_path)
    with pytest.raises(ParameterError, match="nowhere"):
        load_parameters(dt.date(2025, 1, 1), region="nowhere", directory=tmp_path)


def test_value_in_force_is_the_latest_key_on_or_before_the_date() -> None:
    params = load_parameters(dt.date(2025, 6, 1))
    rate = "deduction.rate_general"
    assert params.value(rate, on=dt.date(2022, 9, 30)) == Decimal("0.75")
    assert params.value(rate, on=dt.date(2022, 10, 1)) == Decimal("1.00")
    assert params.source(rate, on=dt.date(2022, 12, 31)).effective_on == dt.date(2022, 10, 1)
    with pytest.raises(ParameterError):
        params.value(rate, on=dt.date(2007, 12, 31))


def test_yearly_average_weights_months() -> None:
    params = load_parameters(dt.date(2025, 6, 1))
    # 9 months at 75 % and 3 months at 100 %: (9 × 0.75 + 3 × 1) / 12 = 0.8125
    assert params.yearly_average("deduction.rate_general", 2022) == Fraction(13, 16) == Decimal("0.8125")
    assert params.yearly_average("deduction.rate_general", 2021) == Decimal("0.75")
    assert params.yearly_average("deduction.rate_ic_mother_machine", 2027) == Decimal("1.2")
    assert params.yearly_average("deduction.rate_general", 2007) is None
    # a month-weighted average need not be a finite decimal: it stays an exact fraction
    december = params.with_overrides({"deduction.rate_general": 1}, effective_on=dt.date(2021, 12, 1))
    assert december.yearly_average("deduction.rate_general", 2021) == Fraction(11 * 3 + 4, 48)


def test_with_overrides_checks_units_and_keeps_the_original() -> None:
    params = load_parameters(dt.date(2025, 6, 1))
    changed = params.with_overrides({"hnte.staff_ratio_min": "1/12"})
    assert changed["hnte.staff_ratio_min"] == Fraction(1, 12)
    assert params["hnte.staff_ratio_min"] == Decimal("0.10")
    assert changed.version != params.version
    with pytest.raises(ParameterError, match="单位"):
        params.with_overrides({"hnte.staff_ratio_min": Decimal("1.5")})
    assert params.with_overrides({"hnte.staff_ratio_min": 0.08})["hnte.staff_ratio_min"] == Decimal("0.08")
    with pytest.raises(ParameterError, match="整数"):
        params.with_overrides({"hnte.registration_days": 365.5})
    dated = params.with_overrides({"hnte.staff_ratio_min": Decimal("0.08")}, effective_on=dt.date(2025, 1, 1))
    assert dated.value("hnte.staff_ratio_min", on=dt.date(2024, 12, 31)) == Decimal("0.10")
    assert dated["hnte.staff_ratio_min"] == Decimal("0.08")


def test_version_is_stable_and_ignores_values_dated_after_as_of(tmp_path: Path) -> None:
    first, second = _load(_write(tmp_path)), _load(tmp_path)
    assert first.version == second.version
    without_future = GOOD_NATIONAL.replace("      2030-01-01: 0.12\n", "")
    other = tmp_path / "other"
    other.mkdir()
    assert _load(_write(other, national=without_future)).version == first.version
    assert _load(other, dt.date(2031, 1, 1)).version != _load(tmp_path, dt.date(2031, 1, 1)).version
