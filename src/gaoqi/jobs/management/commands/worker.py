"""``gaoqi worker``: the background job worker (django-tasks-db's ``db_worker`` with our recovery sweep).

Every option of ``db_worker`` works (``--queue-name``, ``--interval``, ``--batch``, ``--max-tasks``,
``--worker-id``, ``--reload``); see docs/workers.md for running several workers on several machines.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand

from gaoqi.jobs.recovery import sweep_interrupted


class Command(DatabaseWorkerCommand):
    help = _("运行后台任务进程：先把失去心跳的任务标记为已中断，再持续执行排队中的任务。")

    def handle(self, *args: Any, **options: Any) -> None:
        interrupted = sweep_interrupted()
        if interrupted and options["verbosity"]:
            self.stdout.write(_("已将 %(count)d 个失去心跳的任务标记为已中断。") % {"count": interrupted})
        super().handle(*args, **options)
