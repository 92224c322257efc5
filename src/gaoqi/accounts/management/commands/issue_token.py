"""``gaoqi issue-token USERNAME [--rotate]``: print the user's API token (creating it when missing)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from gaoqi.accounts.models import User
from gaoqi.accounts.tokens import token_for


class Command(BaseCommand):
    help = _("打印用户的 API 令牌（不存在时签发；--rotate 作废旧令牌并签发新令牌）。")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--rotate", action="store_true", help=_("作废旧令牌并签发新令牌"))

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"], is_active=True).first()
        if user is None:
            raise CommandError(_("用户 %(name)s 不存在或已停用。") % {"name": options["username"]})
        self.stdout.write(token_for(user, rotate=options["rotate"]))
