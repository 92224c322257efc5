"""Login throttling hooks: every failed login counts, a successful one clears the count."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver

from gaoqi.accounts import throttle


@receiver(user_login_failed, dispatch_uid="accounts_throttle_failure")
def count_failure(sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any) -> None:
    """Count a failed login against the username and the client's address."""
    throttle.record_failure(credentials.get("username"), throttle.client_ip(request))


@receiver(user_logged_in, dispatch_uid="accounts_throttle_success")
def clear_failures(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    """Forget earlier failures once the user logs in."""
    throttle.clear_failures(user.get_username(), throttle.client_ip(request))
