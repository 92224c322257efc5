"""Password validation beyond Django's built-ins."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class LettersAndDigitsValidator:
    """Require at least one Latin letter and one digit in a password."""

    def validate(self, password: str, user: Any = None) -> None:
        """Raise ``ValidationError`` unless ``password`` holds both a letter and a digit."""
        has_letter = any(ch.isascii() and ch.isalpha() for ch in password)
        has_digit = any(ch.isdigit() for ch in password)
        if not (has_letter and has_digit):
            raise ValidationError(_("密码必须同时包含英文字母和数字。"), code="password_letters_digits")

    def get_help_text(self) -> str:
        """The rule, for password forms."""
        return _("密码必须同时包含英文字母和数字。")
