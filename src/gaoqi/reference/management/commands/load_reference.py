"""``gaoqi load-reference [--region R]``: (re)load the reference tables, e.g. after changing the region."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils.translation import gettext as _

from gaoqi.reference.loading import available_regions, load_all
from gaoqi.reference.models import IndustryClass, Segment, TechField, Town


class Command(BaseCommand):
    help = _("载入参考数据：国民经济行业分类、高新技术领域，以及指定区域的镇街和产业细分领域。")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--region", default=None, help=_("区域（默认取 GAOQI_REGION 设置）"))

    def handle(self, *args: Any, region: str | None, **options: Any) -> None:
        region = region or settings.GAOQI_REGION
        if region not in available_regions():
            raise CommandError(
                _("没有区域 %(region)s 的参考数据文件；可用区域：%(regions)s。")
                % {"region": region, "regions": "、".join(available_regions())}
            )
        with transaction.atomic():
            load_all(region, town=Town, segment=Segment, industry=IndustryClass, tech_field=TechField)
        towns = Town.objects.filter(region=region).count()
        self.stdout.write(
            _("已载入区域 %(region)s 的参考数据：%(towns)d 个镇街。") % {"region": region, "towns": towns}
        )
