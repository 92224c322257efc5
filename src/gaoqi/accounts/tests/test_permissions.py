"""The role map: what each role may do, and the view decorator and template filter that ask it."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template import Context, Template

from gaoqi.accounts.models import Role, User
from gaoqi.accounts.permissions import ROLE_PERMS, Perm, has_perm, perms_for


def test_every_role_has_an_entry():
    assert set(ROLE_PERMS) == set(Role.values)


@pytest.mark.parametrize(
    ("role", "perm", "allowed"),
    [
        (Role.BUREAU_ADMIN, Perm.MANAGE_USERS, True),
        (Role.BUREAU_OFFICER, Perm.MANAGE_USERS, False),
        (Role.BUREAU_OFFICER, Perm.EDIT_ENTERPRISES, True),
        (Role.LEADER, Perm.EDIT_ENTERPRISES, False),
        (Role.LEADER, Perm.VIEW_DASHBOARD, True),
        (Role.TOWN_OFFICER, Perm.EDIT_ENTERPRISES, True),
        (Role.TOWN_OFFICER, Perm.VIEW_AUDIT, False),
        (Role.DEPARTMENT_OFFICER, Perm.EDIT_ENTERPRISES, False),
        (Role.DEPARTMENT_OFFICER, Perm.VIEW_CONTACTS, False),
        (Role.ENTERPRISE_USER, Perm.EXPORT, False),
        (Role.EXPERT, Perm.VIEW_ENTERPRISES, False),
        (Role.FINANCE_USER, Perm.VIEW_ENTERPRISES, False),
        (Role.UNIVERSITY_USER, Perm.VIEW_ENTERPRISES, False),
    ],
)
def test_role_permissions(role, perm, allowed):
    assert has_perm(User(username="u", role=role), perm) is allowed


def test_anonymous_and_inactive_users_hold_nothing():
    assert perms_for(AnonymousUser()) == frozenset()
    assert perms_for(User(username="u", role=Role.BUREAU_ADMIN, is_active=False)) == frozenset()


def test_a_superuser_holds_everything_whatever_the_role():
    assert perms_for(User(username="root", role=Role.EXPERT, is_superuser=True)) == frozenset(Perm)


def test_an_unknown_permission_name_is_an_error_not_a_silent_no():
    with pytest.raises(ValueError):
        has_perm(User(username="u", role=Role.BUREAU_ADMIN), "enterprise.fly")


def test_the_template_filter_asks_the_same_map():
    template = Template('{% load accounts_tags %}{% if user|can:"users.manage" %}yes{% else %}no{% endif %}')
    assert template.render(Context({"user": User(username="a", role=Role.BUREAU_ADMIN)})) == "yes"
    assert template.render(Context({"user": User(username="b", role=Role.LEADER)})) == "no"
