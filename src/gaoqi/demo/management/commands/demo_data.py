"""``gaoqi demo-data [--count N] [--seed S] [--reset]``: generate, write and evaluate the demo district."""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from gaoqi.demo import loader, users
from gaoqi.demo.generator import generate_district
from gaoqi.demo.thresholds import thresholds_from
from gaoqi.enterprises.evaluation import evaluate_enterprises
from gaoqi.enterprises.models import Enterprise
from gaoqi.policy import load_parameters


class Command(BaseCommand):
    help = _("生成演示区域的企业数据（确定性），写入数据库，完成评价，并创建各角色的演示账号。")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--count", type=int, default=3000, help=_("企业数量（默认 3000）"))
        parser.add_argument("--seed", type=int, default=2023, help=_("随机种子（默认 2023）"))
        parser.add_argument("--reset", action="store_true", help=_("删除已有演示数据后重新生成"))

    def handle(self, *args: Any, count: int, seed: int, reset: bool, **options: Any) -> None:
        if count < 1:
            raise CommandError(_("企业数量必须大于 0。"))
        existing = loader.demo_enterprises().count()
        if existing and not reset:
            raise CommandError(
                _("演示数据已加载（%(count)d 家企业），未重复导入；如需重新生成，请加 --reset。")
                % {"count": existing}
            )
        if existing:
            loader.remove_demo_data()
            self.stdout.write(_("已删除原有演示数据（%(count)d 家企业）。") % {"count": existing})
        region = loader.region_from_database()
        if not region.towns:
            raise CommandError(
                _("参考数据中没有区域 %(region)s 的镇街，请先运行 migrate。")
                % {"region": settings.GAOQI_REGION}
            )
        today = timezone.localdate()
        started = time.monotonic()
        thresholds = thresholds_from(load_parameters(today, region=settings.GAOQI_REGION))
        district = generate_district(region, count, seed, today, thresholds)
        ids = loader.write_district(district, settings.GAOQI_REGION, seed)
        self.stdout.write(
            _("已写入 %(count)d 家演示企业（种子 %(seed)d），用时 %(seconds).1f 秒。")
            % {"count": len(ids), "seed": seed, "seconds": time.monotonic() - started}
        )
        started = time.monotonic()
        evaluate_enterprises(Enterprise.objects.filter(pk__in=ids), today)
        self.stdout.write(_("已完成评价，用时 %(seconds).1f 秒。") % {"seconds": time.monotonic() - started})
        logins = users.create_demo_users(*users.demo_scope())
        self.stdout.write(users.format_logins(logins))
