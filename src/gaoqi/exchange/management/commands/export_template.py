"""``gaoqi export-template KIND PATH``: write the Chinese .xlsx template of one kind of file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from gaoqi.exchange.blank import template_bytes
from gaoqi.exchange.kinds import KINDS


class Command(BaseCommand):
    help = "导出某类数据的导入模板（.xlsx）。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=list(KINDS))
        parser.add_argument("path", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["path"]
        path.write_bytes(template_bytes(KINDS[options["kind"]]))
        self.stdout.write(_("已写入模板：%(path)s") % {"path": path})
