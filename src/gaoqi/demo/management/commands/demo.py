"""``gaoqi demo [--port 8000] [--no-server]``: the one-command start on a fresh machine.

Migrates the database, loads the demo district when there are no enterprises, evaluates what has no
evaluation as of today, (re)creates the demo accounts with the demo password, prints the address and
the logins, and serves the platform on 127.0.0.1 with a background job worker in the same process.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from gaoqi.demo import users
from gaoqi.demo.district import DEFAULT_COUNT, DEFAULT_SEED, load_demo_district
from gaoqi.enterprises.evaluation import evaluate_enterprises
from gaoqi.enterprises.models import Enterprise, Evaluation
from gaoqi.jobs.worker import start_background_worker

HOST = "127.0.0.1"
LOCAL_HOSTS = (HOST, "localhost")


def use_demo_serving_settings() -> None:
    """Serve as in production (``DEBUG`` off) on the loopback host names."""
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = [
        *settings.ALLOWED_HOSTS,
        *(h for h in LOCAL_HOSTS if h not in settings.ALLOWED_HOSTS),
    ]


class Command(BaseCommand):
    help = _("一键启动演示：迁移数据库、加载演示数据、完成评价并启动服务。")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", type=int, default=8000, help=_("端口（默认 8000）"))
        parser.add_argument("--no-server", action="store_true", help=_("只准备数据，不启动服务"))

    def handle(self, *args: Any, port: int, no_server: bool, **options: Any) -> None:
        self.stdout.write(_("正在迁移数据库……"))
        call_command("migrate", interactive=False, verbosity=0)
        if Enterprise.objects.exists():
            self._evaluate_stale()
            users.create_demo_users(*users.demo_scope())
        else:
            self.stdout.write(_("数据库中没有企业，正在生成演示数据……"))
            load_demo_district(DEFAULT_COUNT, DEFAULT_SEED, reset=False, report=self.stdout.write)
        address = f"http://{HOST}:{port}/"
        self.stdout.write(self.style.SUCCESS(_("高企培育平台已就绪：%(address)s") % {"address": address}))
        self.stdout.write(users.format_logins(users.demo_logins()))
        if not no_server:
            use_demo_serving_settings()
            start_background_worker()
            call_command("runserver", f"{HOST}:{port}", use_reloader=False, insecure_serving=True)

    def _evaluate_stale(self) -> None:
        today = timezone.localdate()
        current = Evaluation.objects.filter(is_latest=True, as_of=today).values("enterprise_id")
        stale = Enterprise.objects.exclude(pk__in=current)
        count = stale.count()
        if count:
            self.stdout.write(_("正在评价 %(count)d 家企业……") % {"count": count})
            evaluate_enterprises(stale, today)
