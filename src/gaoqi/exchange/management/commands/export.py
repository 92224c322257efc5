"""``gaoqi export LIST FILE --user NAME [--filter KEY=VALUE ...]``: write a list as the page exports it
(the user's scope, the page's filters and sort, Chinese headers) and record the export in the audit log."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.http import QueryDict
from django.utils.translation import gettext as _

from gaoqi.core.audit import acting_as
from gaoqi.jobs.exports import all_sources, get_source, write_export


class Command(BaseCommand):
    help = "将列表导出为 Excel（与页面导出相同：按用户的数据范围和筛选条件，记入审计日志）。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("source", nargs="?", help="列表名（--list 查看全部）")
        parser.add_argument("path", nargs="?", type=Path, help="写入的 .xlsx 文件")
        parser.add_argument("--user", default="", help="按此用户的数据范围导出，并记为操作人（必填）")
        parser.add_argument(
            "--filter",
            action="append",
            default=[],
            metavar="KEY=VALUE",
            help="页面查询参数，如 town=330603 或 sort=-name；可重复",
        )
        parser.add_argument("--list", action="store_true", help="列出可导出的列表")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["list"]:
            for source in all_sources():
                self.stdout.write(f"{source.key}\t{source.label}")
            return
        source = get_source(options["source"] or "")
        if source is None:
            names = ", ".join(item.key for item in all_sources())
            message = _("未知的列表“%(name)s”，可选：%(names)s")
            raise CommandError(message % {"name": options["source"], "names": names})
        if options["path"] is None:
            raise CommandError(_("请指定写入的 .xlsx 文件。"))
        user = self._user(options["user"])
        if not source.allows(user):
            raise CommandError(_("用户 %(name)s 没有导出此列表的权限。") % {"name": options["user"]})
        with acting_as(user):
            written = write_export(source, user, _query(options["filter"]))
        options["path"].write_bytes(written.content)
        done = {"label": written.label, "rows": written.rows, "path": options["path"]}
        self.stdout.write(_("已导出“%(label)s”%(rows)s 行：%(path)s") % done)

    def _user(self, username: str) -> Any:
        if not username:
            raise CommandError(_("请用 --user 指定用户：导出按其数据范围进行，并记入审计日志。"))
        try:
            return get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist:
            raise CommandError(_("用户不存在：%(name)s") % {"name": username}) from None


def _query(pairs: list[str]) -> QueryDict:
    """The page query of ``KEY=VALUE`` pairs (a key may repeat)."""
    query = QueryDict(mutable=True)
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise CommandError(_("筛选条件应为 KEY=VALUE：%(pair)s") % {"pair": pair})
        query.appendlist(key.strip(), value.strip())
    return query
