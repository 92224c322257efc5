"""Load the YAML rule scenarios: build each input record from the base and compare dotted expectations.

A scenario file has ``family``, optional ``as_of``, ``base`` (overrides for every case) and
``year_defaults`` (merged into those of ``base.yaml``), and ``cases``; a case has a sentence
``name``, optional ``as_of`` and ``note``, ``input`` overrides and ``expect`` (dotted paths into the
contract output → expected value).

Overrides merge into ``base.yaml`` key by key. Two keys are special: ``years`` (the exact list of
fiscal years the record has, in that order; new ones start from ``year_defaults``) and ``fiscal_years``
(year → fields; ``null`` drops that year). A year that sets ``rd`` (the categories) loses the default
``rd_total``/``rd_domestic``. The value ``__absent__`` removes a key. In ``expect``, a list of fiscal
years is indexed by year (``deduction.years.2022.rate``); ``"a/b"`` is the exact quotient of decimals.
"""

from __future__ import annotations

import copy
import datetime as dt
import math
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import yaml

from tests.oracle.records import uscc

HERE = Path(__file__).parent
ABSENT = "__absent__"
DEFAULT_AS_OF = dt.date(2025, 6, 30)
FILE_KEYS = {"family", "as_of", "base", "year_defaults", "cases"}
CASE_KEYS = {"name", "as_of", "note", "input", "expect"}
EXACT_KEYS = {"gap", "base", "extra", "tax_saved"}  # 万元 amounts: exact to the yuan
RELATIVE_TOLERANCE = 1e-12


@dataclass(frozen=True)
class Scenario:
    """One sentence-named case: a record, the assessment date and the expected output fragments."""

    family: str
    name: str
    as_of: dt.date
    record: dict[str, Any]
    expect: dict[str, Any]


def merge(target: dict[str, Any], overrides: dict[str, Any], *, keep_absent: bool = False) -> dict[str, Any]:
    """Deep-merge ``overrides`` into a copy of ``target`` (``__absent__`` deletes a key, or is kept
    as a marker for a later merge with ``keep_absent``)."""
    result = copy.deepcopy(target)
    for key, value in overrides.items():
        if value == ABSENT and not keep_absent:
            result.pop(key, None)
        elif isinstance(value, dict) and isinstance(result.get(key), dict):
            result[key] = merge(result[key], value, keep_absent=keep_absent)
        else:
            result[key] = copy.deepcopy(value)
    return result


def _apply(record: dict, years: dict[int, dict], overrides: dict[str, Any]) -> tuple[dict, dict]:
    overrides, years = dict(overrides), dict(years)
    if "years" in overrides:
        years = {year: years.get(year, {}) for year in overrides.pop("years")}
    for year, fields in (overrides.pop("fiscal_years", None) or {}).items():
        if fields is None:
            years.pop(year, None)
        else:
            years[year] = merge(_without_totals(years.get(year, {}), fields), fields, keep_absent=True)
    return merge(record, overrides), years


def _without_totals(fields: dict[str, Any], overrides: dict[str, Any]) -> dict[str, Any]:
    """Drop the R&D totals when ``overrides`` give the R&D by category instead."""
    if "rd" not in overrides:
        return fields
    return {key: value for key, value in fields.items() if key not in ("rd_total", "rd_domestic")}


def _year_object(defaults: dict[str, Any], year: int, fields: dict[str, Any]) -> dict[str, Any]:
    return merge({"year": year, **_without_totals(defaults, fields)}, fields)


def _isoformat(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _isoformat(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_isoformat(item) for item in value]
    return value.isoformat() if isinstance(value, dt.date) else value


def _date(value: Any) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)


def load_scenarios() -> list[Scenario]:
    """Every case of every ``*.yaml`` scenario file beside this module (``base.yaml`` excepted)."""
    base = yaml.safe_load((HERE / "base.yaml").read_text(encoding="utf-8"))
    scenarios = []
    for path in sorted(HERE.glob("*.yaml")):
        if path.name == "base.yaml":
            continue
        content = yaml.safe_load(path.read_text(encoding="utf-8"))
        _check_keys(path.name, content, FILE_KEYS)
        file_record, file_years = _apply(base["record"], base["fiscal_years"], content.get("base") or {})
        year_defaults = merge(base["year_defaults"], content.get("year_defaults") or {})
        for case in content["cases"]:
            _check_keys(f"{path.name}: {case.get('name')}", case, CASE_KEYS)
            record, years = _apply(file_record, file_years, case.get("input") or {})
            record.setdefault("uscc", uscc(len(scenarios) + 1))
            record["fiscal_years"] = [
                _year_object(year_defaults, year, fields) for year, fields in years.items()
            ]
            as_of = _date(case.get("as_of") or content.get("as_of") or DEFAULT_AS_OF)
            record = _isoformat(record)
            scenarios.append(Scenario(content["family"], case["name"], as_of, record, case["expect"]))
    return scenarios


def _check_keys(label: str, content: dict[str, Any], allowed: set[str]) -> None:
    unknown = set(content) - allowed
    if unknown:
        raise ValueError(f"{label}: unknown keys {sorted(unknown)}")


def lookup(output: Any, path: str) -> Any:
    """The value at a dotted ``path`` of a contract output (fiscal-year lists are indexed by year)."""
    current = output
    for segment in path.split("."):
        if isinstance(current, list):
            current = _list_item(current, segment, path)
        elif isinstance(current, dict) and segment in current:
            current = current[segment]
        else:
            raise KeyError(f"{path}: no {segment!r} in {current!r}")
    return current


def _list_item(items: list[Any], segment: str, path: str) -> Any:
    if items and isinstance(items[0], dict) and "year" in items[0]:
        for item in items:
            if str(item["year"]) == segment:
                return item
        raise KeyError(f"{path}: no fiscal year {segment} in {[item['year'] for item in items]}")
    return items[int(segment)]


def expected_number(value: Any) -> Fraction:
    """A YAML number, or ``"a/b"``, as an exact fraction."""
    if isinstance(value, str):
        numerator, denominator = value.split("/")
        return Fraction(Decimal(numerator.strip())) / Fraction(Decimal(denominator.strip()))
    return Fraction(Decimal(repr(value))) if isinstance(value, float) else Fraction(value)


def matches(expected: Any, actual: Any, key: str) -> bool:
    """Exact for booleans, strings, None, points and money; 1e-12 relative for ratios and rates."""
    if expected is None or isinstance(expected, bool) or (isinstance(expected, str) and "/" not in expected):
        return actual == expected and type(actual) is type(expected)
    if actual is None or isinstance(actual, bool) or not isinstance(actual, int | float):
        return False
    want = expected_number(expected)
    got = Fraction(Decimal(repr(actual))) if isinstance(actual, float) else Fraction(actual)
    if (key in EXACT_KEYS and isinstance(expected, int | float)) or want.denominator == 1:
        return got == want
    return math.isclose(float(got), float(want), rel_tol=RELATIVE_TOLERANCE, abs_tol=0.0)
