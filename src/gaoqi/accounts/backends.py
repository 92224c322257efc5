"""Authentication that refuses locked username/address pairs on every login path (pages, admin)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from gaoqi.accounts import throttle


class ThrottledModelBackend(ModelBackend):
    """Django's model backend, closed while a username is locked for the client's address."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> Any:
        """Authenticate as usual unless the pair is locked."""
        if username is not None and throttle.locked_until(username, throttle.client_ip(request)):
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
