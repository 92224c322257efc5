"""``gaoqi import FILE --kind K --department D [--unit 万元] [--dry-run] [--user NAME]``: import a file
as the web page does (preview, then one transaction), printing the counts and every problem."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.files import File
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from gaoqi.core.audit import acting_as
from gaoqi.exchange import pipeline
from gaoqi.exchange.conf import SOURCE_CHOICES
from gaoqi.exchange.kinds import KINDS
from gaoqi.exchange.models import UNIT_CHOICES
from gaoqi.exchange.reading import FileRejected

SHOWN_PROBLEMS = 50


class Command(BaseCommand):
    help = "导入部门数据文件（.xlsx 或 .csv）：先检查预览，无错误时一次性写入（全部写入或全部不写入）。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--kind", required=True, choices=list(KINDS))
        parser.add_argument("--department", required=True, choices=[code for code, _label in SOURCE_CHOICES])
        parser.add_argument("--unit", default="万元", choices=[code for code, _label in UNIT_CHOICES])
        parser.add_argument("--dry-run", action="store_true", help="只检查并预览，不写入")
        parser.add_argument("--user", default="", help="记为操作人的用户名（默认无）")

    def handle(self, *args: Any, **options: Any) -> None:
        user = self._user(options["user"])
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(_("找不到文件：%(path)s") % {"path": path})
        try:
            with path.open("rb") as stream:
                batch = pipeline.new_batch(
                    File(stream),
                    path.name,
                    kind=options["kind"],
                    department=options["department"],
                    unit=options["unit"],
                    user=user,
                )
        except FileRejected as rejected:
            raise CommandError(rejected.message) from rejected
        preview = pipeline.preview(batch, user)
        self._report(batch, preview)
        if preview.get("rejected") or preview.get("errors"):
            raise CommandError(_("文件有错误，未写入任何数据。"))
        if options["dry_run"]:
            self.stdout.write(_("试运行：未写入任何数据。"))
            return
        with acting_as(user):
            try:
                result = pipeline.commit(batch, user)
            except pipeline.ImportRefused as refused:
                raise CommandError(refused.message) from refused
        self.stdout.write(
            _(
                "已导入（批次 #%(id)s）：新增 %(created)s，更新 %(updated)s，未变化 %(unchanged)s，"
                "来源冲突 %(conflicts)s。"
            )
            % {"id": batch.pk, **result}
        )

    def _user(self, username: str) -> Any:
        if not username:
            return None
        try:
            return get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist:
            raise CommandError(_("用户不存在：%(name)s") % {"name": username}) from None

    def _report(self, batch: Any, preview: dict[str, Any]) -> None:
        if preview.get("rejected"):
            self.stderr.write(preview["rejected"])
            return
        self.stdout.write(
            _(
                "共 %(rows)s 行：将新增 %(created)s，将更新 %(updated)s，不变 %(unchanged)s，"
                "来源冲突 %(conflicts)s，错误 %(errors)s。"
            )
            % preview
        )
        for warning in preview["warnings"]:
            self.stdout.write(_("提示：%(text)s") % {"text": warning})
        for problem in preview["problems"][:SHOWN_PROBLEMS]:
            self.stderr.write(
                _("第 %(row)s 行 %(column)s “%(value)s”：%(message)s（%(rule_label)s）") % problem
            )
        if batch.report:
            self.stderr.write(_("错误报告：%(path)s") % {"path": batch.report.path})
