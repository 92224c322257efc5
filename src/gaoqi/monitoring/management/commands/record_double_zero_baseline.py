"""``gaoqi record-double-zero-baseline --year YYYY``: each town's 双清零 lists as the year's baseline."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from gaoqi.monitoring.double_zero import record_baseline


class Command(BaseCommand):
    help = _("按最新评价结果记录各镇街当年的双清零基线（已有基线时覆盖）。")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, required=True, help=_("基线年度"))

    def handle(self, *args: Any, **options: Any) -> None:
        towns = record_baseline(options["year"])
        message = _("已记录 %(year)s 年 %(towns)s 个镇街的双清零基线") % {
            "year": options["year"],
            "towns": towns,
        }
        self.stdout.write(message)
