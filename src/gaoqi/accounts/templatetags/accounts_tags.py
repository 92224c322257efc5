"""Template filters for permissions and masking: ``{% load accounts_tags %}``.

- ``{% if request.user|can:"enterprise.edit" %}``: whether the user holds a permission.
- ``{{ enterprise.contact_phone|contact:request.user }}``: a phone or e-mail, masked for roles that
  need not see it.
- ``{{ enterprise.contact_name|contact_name:request.user }}``: a person's name, masked likewise.
- ``{{ value|mask_phone }}``, ``{{ value|mask_email }}``, ``{{ value|mask_name }}``: always masked.
"""

from __future__ import annotations

from typing import Any

from django import template

from gaoqi.accounts import masking
from gaoqi.accounts.permissions import has_perm

register = template.Library()


@register.filter(name="can")
def can(user: Any, perm: str) -> bool:
    """Whether ``user`` holds the permission named ``perm``."""
    return has_perm(user, perm)


@register.filter(name="contact")
def contact(value: str | None, user: Any) -> str:
    """``value`` masked unless ``user`` may see contact data."""
    return masking.mask_contact(value, user)


@register.filter(name="contact_name")
def contact_name(value: str | None, user: Any) -> str:
    """A person's name, masked unless ``user`` may see contact data."""
    return masking.mask_person(value, user)


register.filter("mask_name", masking.mask_name)
register.filter("mask_phone", masking.mask_phone)
register.filter("mask_email", masking.mask_email)
