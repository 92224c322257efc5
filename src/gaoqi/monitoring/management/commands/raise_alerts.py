"""``gaoqi raise-alerts [--today YYYY-MM-DD]``: the daily run: alerts (each raised once) and a district
re-screening queued when the parameters in force have changed since the last screening.

Without ``--today`` (the daily run, from cron) it first claims today's run of the daily schedule's
``daily_alerts``, so cron and the workers' schedule together run it once a day; with ``--today`` it
runs for that day whatever has run already."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from gaoqi.cultivation.tasks import queue_rescreening
from gaoqi.jobs.scheduler import claim_day
from gaoqi.monitoring.alerts import raise_alerts
from gaoqi.monitoring.models import Alert
from gaoqi.monitoring.schedule import DAILY_ALERTS


def iso_date(text: str) -> dt.date:
    """A ``YYYY-MM-DD`` argument."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CommandError(_("日期格式应为 YYYY-MM-DD：%(text)s") % {"text": text}) from None


class Command(BaseCommand):
    help = _("检查预警条件并发出到期的预警（每条预警只发一次）；参数变更后排队重新筛选全区。")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--today",
            type=iso_date,
            help=_(
                "按该日期检查，不论当天是否已运行（默认今天：与后台进程的定时任务合计每天只运行一次），"
                "格式 YYYY-MM-DD"
            ),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today = options["today"] or timezone.localdate()
        if options["today"] is None and claim_day(DAILY_ALERTS, today) is None:
            self.stdout.write(
                _("%(today)s 的每日预警已运行过（后台进程的定时任务或另一次命令），本次不再重复。")
                % {"today": today}
            )
            return
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
