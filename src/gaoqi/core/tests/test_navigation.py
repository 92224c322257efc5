"""The main navigation, computed once per role and process: each role still gets its own entries."""

from __future__ import annotations

import pytest
from django.test import RequestFactory
from django.urls import reverse, set_script_prefix

from gaoqi.accounts.models import Role, User
from gaoqi.core.templatetags.gaoqi_ui import main_navigation

pytestmark = pytest.mark.django_db


def _entries(user: User) -> dict[str, str]:
    request = RequestFactory().get("/")
    request.user = user
    return {str(item["label"]): item["url"] for item in main_navigation({"request": request})}


def test_each_role_gets_its_own_entries_whichever_role_asked_first():
    admin = User.objects.create_user("admin", role=Role.BUREAU_ADMIN)
    leader = User.objects.create_user("leader", role=Role.LEADER)
    expert = User.objects.create_user("expert", role=Role.EXPERT)

    for _round in range(2):
        assert _entries(admin)["用户管理"] == reverse("accounts:user_list")
        assert "用户管理" not in _entries(leader) and "驾驶舱" in _entries(leader)
        assert list(_entries(expert)) == ["工作台"]


def test_a_deactivated_user_loses_the_entries_of_the_role():
    officer = User.objects.create_user("officer", role=Role.BUREAU_OFFICER)
    assert "企业档案" in _entries(officer)
    officer.is_active = False
    assert list(_entries(officer)) == ["工作台"]


def test_entries_follow_the_url_prefix_of_a_deployment_under_a_sub_path():
    officer = User.objects.create_user("officer", role=Role.BUREAU_OFFICER)
    assert _entries(officer)["企业档案"] == "/enterprises/"
    set_script_prefix("/gaoqi/")
    try:
        assert _entries(officer)["企业档案"] == "/gaoqi/enterprises/"
    finally:
        set_script_prefix("/")
