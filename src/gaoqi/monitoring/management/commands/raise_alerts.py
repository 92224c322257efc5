"""``gaoqi raise-alerts [--today YYYY-MM-DD]``: the daily run: alerts (each raised once) and a district
re-screening queued when the parameters in force have changed since the last screening."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from gaoqi.cultivation.tasks import queue_rescreening
from gaoqi.monitoring.alerts import raise_alerts
from gaoqi.monitoring.models import Alert


def iso_date(text: str) -> dt.date:
    """A ``YYYY-MM-DD`` argument."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CommandError(_("日期格式应为 YYYY-MM-DD：%(text)s") % {"text": text}) from None


class Command(BaseCommand):
    help = _("检查预警条件并发出到期的预警（每条预警只发一次）；参数变更后排队重新筛选全区。")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--today", type=iso_date, help=_("按该日期检查（默认今天），格式 YYYY-MM-DD"))

    def handle(self, *args: Any, **options: Any) -> None:
        today = options["today"] or timezone.localdate()
        summary = raise_alerts(today)
        labels = dict(Alert.Kind.choices)
        lines = [f"{labels[kind]}：{count}" for kind, count in sorted(summary.items())]
        self.stdout.write(
            _("%(today)s 新发预警 %(count)s 条") % {"today": today, "count": sum(summary.values())}
            + ("（" + "，".join(lines) + "）" if lines else "")
        )
        job = queue_rescreening(today)
        if job is not None:
            self.stdout.write(_("适用参数已变更，已排队重新筛选（任务 %(pk)s）") % {"pk": job.pk})
