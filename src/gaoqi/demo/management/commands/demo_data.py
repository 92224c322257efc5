"""``gaoqi demo-data [--count N] [--seed S] [--reset]``: generate, write and evaluate the demo district."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from gaoqi.demo import users
from gaoqi.demo.district import DEFAULT_COUNT, DEFAULT_SEED, load_demo_district


class Command(BaseCommand):
    help = _("生成演示区域的企业数据（确定性），写入数据库，完成评价，并创建各角色的演示账号。")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--count", type=int, default=DEFAULT_COUNT, help=_("企业数量（默认 3000）"))
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help=_("随机种子（默认 2023）"))
        parser.add_argument("--reset", action="store_true", help=_("删除已有演示数据后重新生成"))

    def handle(self, *args: Any, count: int, seed: int, reset: bool, **options: Any) -> None:
        load_demo_district(count, seed, reset=reset, report=self.stdout.write)
        self.stdout.write(users.format_logins(users.demo_logins()))
