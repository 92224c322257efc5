"""API representations of alerts, 双清零 progress and town scores."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from rest_framework import serializers

from gaoqi.monitoring.double_zero import TownProgress
from gaoqi.monitoring.models import Alert
from gaoqi.monitoring.targets import TownScore


class AlertSerializer(serializers.ModelSerializer):
    """One alert of the user's inbox."""

    uscc = serializers.CharField(source="enterprise.uscc")
    enterprise_name = serializers.CharField(source="enterprise.name")
    kind = serializers.CharField(help_text="hnte_expiry, annual_report, tech_sme_update, indicator_drift, …")
    kind_label = serializers.CharField(source="get_kind_display")
    is_read = serializers.BooleanField()

    class Meta:
        model = Alert
        fields = (
            "id",
            "uscc",
            "enterprise_name",
            "kind",
            "kind_label",
            "period",
            "title",
            "message",
            "due_on",
            "raised_on",
            "is_read",
        )


def town_progress_data(row: TownProgress) -> dict[str, Any]:
    """One town's 双清零 figures: per list the baseline (null without one), now, cleared ids and progress."""
    return {
        "town": row.town.code,
        "town_name": row.town.name,
        "lists": {
            item["list"]: {
                "baseline": item["baseline"],
                "now": item["now"],
                "cleared": sorted(row.cleared(item["list"])),
                "progress": item["progress"],
            }
            for item in row.rows
        },
    }


POINTS, ACTUAL = Decimal("0.01"), Decimal("0.000001")


def decimal_text(value: Decimal | None, step: Decimal) -> str | None:
    """``value`` rounded half up to ``step`` as text, without trailing zeros after the point.

    >>> decimal_text(Decimal("15.0000"), POINTS), decimal_text(Decimal("0.1"), ACTUAL)
    ('15', '0.1')
    """
    if value is None:
        return None
    text = f"{value.quantize(step, rounding=ROUND_HALF_UP):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def town_score_data(entry: TownScore) -> dict[str, Any]:
    """One town's rank, total and per indicator: actual, target, points (decimals as text)."""

    return {
        "town": entry.town.code,
        "town_name": entry.town.name,
        "rank": entry.rank,
        "total": decimal_text(entry.total, POINTS),
        "indicators": {
            item.indicator: {
                "actual": decimal_text(item.actual.value if item.actual else None, ACTUAL),
                "target": decimal_text(item.target, ACTUAL),
                "points": decimal_text(item.points, POINTS),
                "weight": decimal_text(item.rule.weight if item.rule else None, POINTS),
            }
            for item in entry.items
        },
    }
