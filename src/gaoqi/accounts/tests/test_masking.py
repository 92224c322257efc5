"""Masking of contact data, as functions and as template filters per role."""

import pytest
from django.template import Context, Template

from gaoqi.accounts.masking import mask_contact, mask_email, mask_phone
from gaoqi.accounts.models import Role, User


@pytest.mark.parametrize(
    ("raw", "masked"),
    [("13812345678", "138****5678"), ("0575-84123456", "057****3456"), ("12345", "1****"), ("", "")],
)
def test_mask_phone(raw, masked):
    assert mask_phone(raw) == masked


@pytest.mark.parametrize(
    ("raw", "masked"),
    [("zhang.san@example.com", "z***@example.com"), ("not-an-address", "n***"), (None, "")],
)
def test_mask_email(raw, masked):
    assert mask_email(raw) == masked


@pytest.mark.parametrize(
    ("role", "shown"),
    [
        (Role.BUREAU_OFFICER, True),
        (Role.TOWN_OFFICER, True),
        (Role.ENTERPRISE_USER, True),
        (Role.DEPARTMENT_OFFICER, False),
        (Role.EXPERT, False),
    ],
)
def test_contacts_are_masked_for_roles_that_need_not_see_them(role, shown):
    user = User(username="u", role=role)
    expected = "13812345678" if shown else "138****5678"
    assert mask_contact("13812345678", user) == expected


def test_template_filters_mask_per_role():
    template = Template(
        "{% load accounts_tags %}{{ phone|contact:user }} {{ mail|contact:user }} {{ phone|mask_phone }}"
    )
    context = {"phone": "13812345678", "mail": "wang@corp.cn"}
    officer = User(username="o", role=Role.DEPARTMENT_OFFICER)
    bureau = User(username="b", role=Role.BUREAU_ADMIN)
    assert template.render(Context({**context, "user": officer})) == "138****5678 w***@corp.cn 138****5678"
    assert template.render(Context({**context, "user": bureau})) == "13812345678 wang@corp.cn 138****5678"
