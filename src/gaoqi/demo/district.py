"""Load the demo district: generate it, write it, evaluate it and create the demo accounts."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.core.management.base import CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from gaoqi.demo import loader, users
from gaoqi.demo.cultivation_year import prepare_cultivation_year
from gaoqi.demo.generator import generate_district
from gaoqi.demo.thresholds import thresholds_from
from gaoqi.enterprises.evaluation import evaluate_enterprises
from gaoqi.enterprises.models import Enterprise
from gaoqi.policy import load_parameters

DEFAULT_COUNT = 3000
DEFAULT_SEED = 2023


def load_demo_district(count: int, seed: int, *, reset: bool, report: Callable[[str], None]) -> int:
    """Write ``count`` generated enterprises (replacing earlier demo data only with ``reset``), evaluate
        them as of today, create the demo accounts and prepare the cultivation year (screening, pool, 双清零
    baseline, alerts, dashboard); ``report`` receives progress lines. Returns the count.
    """
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
        report(_("已删除原有演示数据（%(count)d 家企业）。") % {"count": existing})
    region = loader.region_from_database()
    if not region.towns:
        raise CommandError(
            _("参考数据中没有区域 %(region)s 的镇街，请先运行 migrate。") % {"region": settings.GAOQI_REGION}
        )
    today = timezone.localdate()
    started = time.monotonic()
    thresholds = thresholds_from(load_parameters(today, region=settings.GAOQI_REGION))
    ids = loader.write_district(
        generate_district(region, count, seed, today, thresholds), settings.GAOQI_REGION, seed
    )
    report(
        _("已写入 %(count)d 家演示企业（种子 %(seed)d），用时 %(seconds).1f 秒。")
        % {"count": len(ids), "seed": seed, "seconds": time.monotonic() - started}
    )
    started = time.monotonic()
    evaluate_enterprises(Enterprise.objects.filter(pk__in=ids), today)
    report(_("已完成评价，用时 %(seconds).1f 秒。") % {"seconds": time.monotonic() - started})
    users.create_demo_users(*users.demo_scope())
    prepare_cultivation_year(today, report)
    return len(ids)
