"""``gaoqi enterprise-record USCC``: print an enterprise's contract record as JSON (for ``gaoqi explain``)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from gaoqi.enterprises.bridge import to_record
from gaoqi.enterprises.models import Enterprise


class Command(BaseCommand):
    help = _("以引擎输入格式（JSON）输出一家企业的档案数据，可交给 gaoqi explain 使用。")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("uscc", help=_("统一社会信用代码"))
        parser.add_argument("--as-of", type=dt.date.fromisoformat, default=None, help=_("基准日 YYYY-MM-DD"))

    def handle(self, *args: Any, uscc: str, as_of: dt.date | None, **options: Any) -> None:
        enterprise = Enterprise.objects.filter(uscc=uscc).first()
        if enterprise is None:
            raise CommandError(_("找不到统一社会信用代码为 %(uscc)s 的企业。") % {"uscc": uscc})
        record = to_record(enterprise, as_of or timezone.localdate())
        self.stdout.write(json.dumps(record, ensure_ascii=False))
