"""Masking of personal contact data for roles that need not see it.

>>> mask_phone("13812345678")
'138****5678'
>>> mask_email("zhang.san@example.com")
'z***@example.com'
>>> mask_name("张三丰")
'张**'
"""

from __future__ import annotations

from typing import Any

from gaoqi.accounts.permissions import sees_contacts

__all__ = ["mask_contact", "mask_email", "mask_name", "mask_person", "mask_phone"]

_MASK = "****"


def mask_phone(phone: str | None) -> str:
    """Keep the first three and last four digits of a phone number; hide the rest."""
    text = (phone or "").strip()
    if not text:
        return ""
    if len(text) <= 7:
        return text[:1] + _MASK
    return f"{text[:3]}{_MASK}{text[-4:]}"


def mask_email(email: str | None) -> str:
    """Keep the first character of the local part and the domain of an e-mail address."""
    text = (email or "").strip()
    if not text:
        return ""
    local, at, domain = text.partition("@")
    if not at:
        return text[:1] + "***"
    return f"{local[:1]}***@{domain}"


def mask_name(name: str | None) -> str:
    """Keep the first character of a person's name (the family name); hide the rest."""
    text = (name or "").strip()
    return text[:1] + "*" * (len(text) - 1) if len(text) > 1 else text


def mask_contact(value: str | None, user: Any) -> str:
    """``value`` as ``user`` may see it: unchanged for roles that see contacts, masked otherwise."""
    text = value or ""
    if sees_contacts(user):
        return text
    return mask_email(text) if "@" in text else mask_phone(text)


def mask_person(name: str | None, user: Any) -> str:
    """A person's name as ``user`` may see it: unchanged for roles that see contacts, masked otherwise."""
    return (name or "") if sees_contacts(user) else mask_name(name)
