"""``gaoqi record_tiers YEAR [YEAR ...]``: evaluate the district on 31 December of past years and store
each enterprise's tier for those years (the screening run stores the current year's)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from gaoqi.cultivation.tiers import record_year
from gaoqi.enterprises.models import Enterprise


class Command(BaseCommand):
    help = _("按各年 12 月 31 日的档案测评全区企业，记录当年梯队（用于补记往年梯队）。")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("years", nargs="+", type=int, help=_("年度，例如 2022 2023"))

    def handle(self, *args: Any, years: list[int], **options: Any) -> None:
        this_year = timezone.localdate().year
        for year in sorted(set(years)):
            if not 2016 <= year <= this_year:
                raise CommandError(_("年度 %(year)s 超出范围（2016 至今年）。") % {"year": year})
            count = record_year(Enterprise.objects.all(), year)
            self.stdout.write(
                _("%(year)s 年：已记录 %(count)d 家企业的梯队。") % {"year": year, "count": count}
            )
