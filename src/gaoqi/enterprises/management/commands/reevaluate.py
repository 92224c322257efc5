"""``gaoqi reevaluate``: evaluate the enterprises on a date (run it nightly: verdicts depend on the date)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from gaoqi.enterprises.evaluation import evaluate_enterprises
from gaoqi.enterprises.models import Enterprise


class Command(BaseCommand):
    help = _("按评价基准日重新评价企业（默认今天；输入、参数和日期均未变化的企业跳过）。")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--as-of", type=dt.date.fromisoformat, default=None, help=_("评价基准日 YYYY-MM-DD")
        )
        parser.add_argument("--uscc", nargs="*", default=None, help=_("只评价这些统一社会信用代码的企业"))
        parser.add_argument("--force", action="store_true", help=_("未变化的企业也重新评价"))

    def handle(
        self, *args: Any, as_of: dt.date | None, uscc: list[str] | None, force: bool, **options: Any
    ) -> None:
        enterprises = Enterprise.objects.all()
        if uscc:
            enterprises = enterprises.filter(uscc__in=uscc)
        count = evaluate_enterprises(enterprises, as_of, force=force)
        self.stdout.write(_("已评价 %(count)d 家企业。") % {"count": count})
