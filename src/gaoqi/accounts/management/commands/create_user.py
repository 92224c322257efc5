"""``gaoqi create-user USERNAME --role ROLE [--town CODE] [--department D] [--enterprise USCC] ...``.

Validates with the same form as the user management page; asks for the password when not given.
"""

from __future__ import annotations

import getpass
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from gaoqi.accounts.forms import UserForm
from gaoqi.accounts.models import Department, Role
from gaoqi.accounts.tokens import token_for


class Command(BaseCommand):
    help = _("新建平台用户（角色、所属镇街/部门/企业、密码），可同时签发 API 令牌。")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=Role.values)
        parser.add_argument("--town", default="", help=_("镇街代码（镇街工作人员必填）"))
        parser.add_argument("--department", default="", choices=["", *Department.values])
        parser.add_argument("--enterprise", default="", help=_("所属企业的统一社会信用代码（企业用户必填）"))
        parser.add_argument("--display-name", default="")
        parser.add_argument("--organisation", default="")
        parser.add_argument("--phone", default="")
        parser.add_argument("--email", default="")
        parser.add_argument("--password", default=None, help=_("省略时在终端提示输入"))
        parser.add_argument("--token", action="store_true", help=_("同时签发并打印 API 令牌"))

    def handle(self, *args: Any, **options: Any) -> None:
        password = options["password"] if options["password"] is not None else self._prompt_password()
        form = UserForm(
            {
                "username": options["username"],
                "role": options["role"],
                "town_code": options["town"],
                "department": options["department"],
                "enterprise_uscc": options["enterprise"],
                "display_name": options["display_name"],
                "organisation": options["organisation"],
                "phone": options["phone"],
                "email": options["email"],
                "password": password,
                "is_active": True,
            }
        )
        if not form.is_valid():
            messages = [f"{name}: {error}" for name, errors in form.errors.items() for error in errors]
            raise CommandError("\n".join(messages))
        user = form.save()
        self.stdout.write(
            _("已创建用户 %(name)s（%(role)s）") % {"name": user.username, "role": user.get_role_display()}
        )
        if options["token"]:
            self.stdout.write(_("API 令牌：%(token)s") % {"token": token_for(user)})

    def _prompt_password(self) -> str:
        first = getpass.getpass(_("密码："))
        if first != getpass.getpass(_("再次输入密码：")):
            raise CommandError(_("两次输入的密码不一致。"))
        return first
