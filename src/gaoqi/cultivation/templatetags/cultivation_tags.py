"""Template filters of the cultivation pages."""

from __future__ import annotations

from fractions import Fraction

from django import template

from gaoqi.cultivation.labels import GAP_UNITS, condition_label, conditions_text

register = template.Library()


@register.filter
def condition(name: str) -> str:
    """A condition's Chinese name."""
    return condition_label(name)


@register.filter
def conditions(names: list[str]) -> str:
    """Condition names as one Chinese list."""
    return conditions_text(names or [])


@register.filter
def gap_unit(name: str) -> str:
    """The unit of a condition's gap: persons for staff, 万元 otherwise."""
    return str(GAP_UNITS.get(name, "万元"))


@register.filter
def decimal1(value: Fraction | float | int | None) -> str:
    """A number with one decimal (``—`` when unknown)."""
    return "—" if value is None else f"{float(value):,.1f}"


@register.filter
def percent0(value: Fraction | float | None) -> str:
    """A share as a whole percentage (``—`` when unknown)."""
    return "—" if value is None else f"{float(value) * 100:.0f}%"


@register.filter
def bar_width(value: Fraction | float | None) -> int:
    """A share as a progress bar's width in percent, clipped to 0–100."""
    return 0 if value is None else max(0, min(100, round(float(value) * 100)))
