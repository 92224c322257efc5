"""``gaoqi create-user`` and ``gaoqi issue-token``: the same rules as the page, tokens that authenticate."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from rest_framework.authtoken.models import Token

from gaoqi.accounts.models import Role, User
from gaoqi.enterprises.tests.builders import make_enterprise

pytestmark = pytest.mark.django_db


def _run(*args):
    out = StringIO()
    call_command("create_user", *args, stdout=out)
    return out.getvalue()


def test_creates_a_town_officer_with_a_token():
    out = _run(
        "town1", "--role", "town_officer", "--town", "330603002", "--password", "keqiao2026town", "--token"
    )
    user = User.objects.get(username="town1")
    assert user.role == Role.TOWN_OFFICER and user.town_code == "330603002"
    assert user.check_password("keqiao2026town")
    assert Token.objects.get(user=user).key in out


def test_an_enterprise_user_is_bound_by_uscc():
    company = make_enterprise(1)
    _run(
        "boss",
        "--role",
        "enterprise_user",
        "--enterprise",
        company.uscc.lower(),
        "--password",
        "keqiao2026boss",
    )
    assert User.objects.get(username="boss").enterprise == company


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--role", "town_officer"], "镇街工作人员必须指定所属镇街"),
        (["--role", "town_officer", "--town", "999999999"], "999999999"),
        (["--role", "enterprise_user", "--enterprise", "91330621MA0000000X"], "未找到统一社会信用代码"),
        (["--role", "bureau_officer", "--password", "short"], "密码"),
    ],
)
def test_invalid_input_is_refused_in_chinese_and_creates_nothing(args, message):
    if "--password" not in args:
        args = [*args, "--password", "keqiao2026valid"]
    with pytest.raises(CommandError, match=message):
        _run("nobody", *args)
    assert not User.objects.filter(username="nobody").exists()


def test_issue_token_prints_the_same_token_until_rotated():
    User.objects.create_user("api", role=Role.BUREAU_OFFICER)
    outputs = []
    for extra in ([], [], ["--rotate"]):
        out = StringIO()
        call_command("issue_token", "api", *extra, stdout=out)
        outputs.append(out.getvalue().strip())
    assert outputs[0] == outputs[1] != outputs[2]
    assert Token.objects.get(user__username="api").key == outputs[2]
