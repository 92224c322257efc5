"""``gaoqi record-double-zero-baseline --year YYYY``: each town's 双清零 lists as the year's baseline."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from gaoqi.monitoring.double_zero import record_baseline


class Command(BaseCommand):
    help = "按最新评价结果记录各镇街当年的双清零基线（已有基线时覆盖）。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, required=True, help="基线年度")

    def handle(self, *args: Any, **options: Any) -> None:
        towns = record_baseline(options["year"])
        self.stdout.write(f"已记录 {options['year']} 年 {towns} 个镇街的双清零基线")
