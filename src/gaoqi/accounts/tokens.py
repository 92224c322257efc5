"""API tokens (DRF's token authentication): one per user, issued by a command."""

from __future__ import annotations

from rest_framework.authtoken.models import Token

from gaoqi.accounts.models import User


def token_for(user: User, *, rotate: bool = False) -> str:
    """The user's API token, issued when missing; ``rotate`` replaces an existing one."""
    if rotate:
        Token.objects.filter(user=user).delete()
    token, _created = Token.objects.get_or_create(user=user)
    return token.key
