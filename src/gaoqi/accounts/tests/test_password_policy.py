"""The password policy: long enough, not common, and letters with digits."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError


@pytest.mark.parametrize("password", ["onlylettersinhere", "1234567890123", "短密码"])
def test_weak_passwords_are_refused(password):
    with pytest.raises(ValidationError):
        validate_password(password)


def test_letters_without_digits_get_the_chinese_rule():
    with pytest.raises(ValidationError) as error:
        validate_password("keqiaoGaoqiPlatform")
    assert "密码必须同时包含英文字母和数字。" in error.value.messages


def test_a_long_password_with_letters_and_digits_passes():
    validate_password("keqiao2026gaoqi")
