"""``gaoqi worker``: the background job worker (django-tasks-db's ``db_worker`` with our recovery sweep
and the daily schedule).

Every option of ``db_worker`` works (``--queue-name``, ``--interval``, ``--batch``, ``--max-tasks``,
``--worker-id``, ``--reload``); ``--no-schedule`` leaves the daily schedule to other workers (or to
cron). See docs/workers.md for running several workers on several machines.
"""

from __future__ import annotations

import logging
import os
from typing import Any

from django.core.management.base import CommandParser
from django.utils import timezone
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django.utils.translation import gettext as _
from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand

from gaoqi.jobs import scheduler
from gaoqi.jobs.recovery import sweep_interrupted


class Command(DatabaseWorkerCommand):
    help = _(
        "运行后台任务进程：先把失去心跳的任务标记为已中断，再持续执行排队中的任务，"
        "并按每日计划自动排队到期的定时任务。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--no-schedule",
            action="store_false",
            dest="schedule",
            help=_("不检查每日计划（定时任务由其他后台进程或 cron 负责）"),
        )

    def configure_logging(self, verbosity: int) -> None:
        super().configure_logging(verbosity)
        logging.getLogger(scheduler.__name__).setLevel(logging.INFO if verbosity else logging.WARNING)

    def handle(self, *args: Any, **options: Any) -> None:
        interrupted = sweep_interrupted()
        if interrupted and options["verbosity"]:
            self.stdout.write(_("已将 %(count)d 个失去心跳的任务标记为已中断。") % {"count": interrupted})
        if not options["schedule"] or _is_reloader_parent(options):
            super().handle(*args, **options)
            return
        self.configure_logging(options["verbosity"])  # so the schedule's first check is logged too
        with scheduler.ScheduleClock(timezone.now, repeat=not options["batch"]):
            super().handle(*args, **options)


def _is_reloader_parent(options: dict[str, Any]) -> bool:
    """Whether this process only watches the code for ``--reload`` (its child runs the worker and the
    schedule's clock)."""
    return options["reload"] and not options["batch"] and os.environ.get(DJANGO_AUTORELOAD_ENV) != "true"
