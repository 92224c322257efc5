"""The thresholds the generator pins its boundary candidates to, read from the engine's parameters."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from gaoqi.policy import ParameterSet


@dataclass(frozen=True)
class Thresholds:
    rd_brackets: tuple[tuple[Decimal | None, Decimal], ...]
    """(last-year sales up to, in 万元, inclusive; None = no limit) → minimum R&D ratio."""
    staff_ratio: Decimal
    hitech_share: Decimal
    no_rd_activity_sales: Decimal
    no_rd_institution_sales: Decimal

    def rd_ratio(self, last_sales: Decimal) -> Decimal:
        """The HNTE R&D ratio required of an enterprise with ``last_sales`` in the last year."""
        for ceiling, ratio in self.rd_brackets:
            if ceiling is None or last_sales <= ceiling:
                return ratio
        raise ValueError("the R&D ratio brackets end with a bracket without an upper limit")

    @property
    def first_bracket_top(self) -> Decimal:
        """The sales that still fall in the first (strictest) R&D bracket."""
        top = self.rd_brackets[0][0]
        if top is None:
            raise ValueError("the first R&D ratio bracket has no upper limit")
        return top


def thresholds_from(params: ParameterSet) -> Thresholds:
    """The HNTE and 双清零 thresholds in force in ``params``."""

    def decimal(name: str) -> Decimal:
        return Decimal(str(params[name]))

    brackets = tuple(
        (
            None if row["sales_up_to"] is None else Decimal(str(row["sales_up_to"])),
            Decimal(str(row["min_ratio"])),
        )
        for row in params["hnte.rd_ratio_brackets"]
    )
    return Thresholds(
        rd_brackets=brackets,
        staff_ratio=decimal("hnte.staff_ratio_min"),
        hitech_share=decimal("hnte.hitech_revenue_share_min"),
        no_rd_activity_sales=decimal("double_zero.activity_sales_min"),
        no_rd_institution_sales=decimal("double_zero.institution_sales_min"),
    )
