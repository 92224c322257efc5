"""Compare the engine's contract output with the oracle's exact reading, field by field."""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

from tests.oracle.common import UNSPECIFIED, num

RELATIVE_TOLERANCE = 1e-12
# Money amounts the contract rounds to the yuan: compared exactly in units of 0.0001 万元.
EXACT_MONEY_KEYS = frozenset({"gap", "base", "extra", "tax_saved"})


def differences(expected: Any, actual: Any, path: str = "") -> list[str]:
    """Every dotted path where ``actual`` disagrees with ``expected`` (UNSPECIFIED is skipped)."""
    if expected is UNSPECIFIED:
        return []
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return [f"{path}: expected an object, got {actual!r}"]
        found: list[str] = []
        for key, value in expected.items():
            child = f"{path}.{key}" if path else key
            if key not in actual:
                if value is not UNSPECIFIED:
                    found.append(f"{child}: missing")
                continue
            found.extend(differences(value, actual[key], child))
        return found
    if isinstance(expected, list):
        if not isinstance(actual, list) or len(actual) != len(expected):
            return [f"{path}: expected {len(expected)} items, got {actual!r}"]
        pairs = enumerate(zip(expected, actual, strict=True))
        return [diff for index, (want, got) in pairs for diff in differences(want, got, f"{path}[{index}]")]
    if same_scalar(expected, actual, path.rsplit(".", 1)[-1]):
        return []
    return [f"{path}: expected {show(expected)}, got {actual!r}"]


def same_scalar(expected: Any, actual: Any, key: str) -> bool:
    """Booleans, strings and None exactly; numbers exactly on the yuan or within 1e-12 relative."""
    if expected is None or isinstance(expected, bool | str):
        return actual == expected and type(actual) is type(expected)
    if actual is None or isinstance(actual, bool) or not isinstance(actual, int | float):
        return False
    exact = Fraction(expected)
    if key in EXACT_MONEY_KEYS or exact.denominator == 1:
        return num(actual) == exact if isinstance(actual, float) else Fraction(actual) == exact
    return math.isclose(float(actual), float(exact), rel_tol=RELATIVE_TOLERANCE, abs_tol=0.0)


def show(value: Any) -> str:
    """A readable form of an expected value (fractions also as decimals)."""
    if isinstance(value, Fraction) and value.denominator != 1:
        return f"{value} (≈{float(value)!r})"
    return repr(value)
