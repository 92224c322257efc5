"""Field validators of the enterprise file."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from gaoqi.policy.inputs.uscc import is_valid_uscc

INDUSTRY_CODE_PATTERN = re.compile(r"^[A-T]\d{2}(\d{1,2})?$")


def validate_uscc(value: str) -> None:
    """Reject a 统一社会信用代码 whose shape or GB 32100-2015 check digit is wrong."""
    if not is_valid_uscc(value):
        raise ValidationError(
            _("统一社会信用代码“%(value)s”无效：应为18位数字或大写字母，且校验位正确。"),
            code="invalid_uscc",
            params={"value": value},
        )


def validate_industry_code(value: str) -> None:
    """Reject an industry code that is not a GB/T 4754-2017 section letter followed by 2 to 4 digits."""
    if not INDUSTRY_CODE_PATTERN.match(value):
        raise ValidationError(
            _("行业代码“%(value)s”格式不正确：应为门类字母加2至4位数字，例如 C1713。"),
            code="invalid_industry_code",
            params={"value": value},
        )
