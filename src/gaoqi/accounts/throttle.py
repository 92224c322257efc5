"""Login throttling: too many failed logins for one username from one address lock it for a while.

Counts live in the database (``LoginThrottle``), so every app process sees the same lock. Limits come
from settings: ``GAOQI_LOGIN_MAX_FAILURES`` (default 5) failures within ``GAOQI_LOGIN_WINDOW_MINUTES``
(default 15) lock the pair for ``GAOQI_LOGIN_LOCK_MINUTES`` (default 15).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone

from gaoqi.accounts.models import LoginThrottle

__all__ = ["clear_failures", "client_ip", "locked_until", "record_failure"]


def _minutes(name: str, default: int) -> timedelta:
    return timedelta(minutes=getattr(settings, name, default))


def _key(username: str | None) -> str:
    return (username or "").strip().lower()[:150]


def client_ip(request: HttpRequest | None) -> str:
    """The client's address as the server saw it (no proxy header is trusted)."""
    if request is None:
        return ""
    return request.META.get("REMOTE_ADDR", "") or ""


def locked_until(username: str | None, ip: str) -> datetime | None:
    """The end of the lock on this username and address, or ``None`` when logging in is allowed."""
    row = LoginThrottle.objects.filter(username=_key(username), ip=ip).only("locked_until").first()
    if row is None or row.locked_until is None or row.locked_until <= timezone.now():
        return None
    return row.locked_until


def record_failure(username: str | None, ip: str) -> None:
    """Count one failed login; lock the pair once the limit is reached within the window."""
    now = timezone.now()
    window = _minutes("GAOQI_LOGIN_WINDOW_MINUTES", 15)
    limit = getattr(settings, "GAOQI_LOGIN_MAX_FAILURES", 5)
    with transaction.atomic():
        row = _locked_row(_key(username), ip, now)
        if row.locked_until is not None and row.locked_until > now:
            return
        if row.window_start <= now - window:
            row.failures, row.window_start = 0, now
        row.failures += 1
        if row.failures >= limit:
            row.locked_until = now + _minutes("GAOQI_LOGIN_LOCK_MINUTES", 15)
            row.failures, row.window_start = 0, now
        row.save()


def _locked_row(username: str, ip: str, now: datetime) -> LoginThrottle:
    """The pair's row, locked for update; created when missing (a concurrent creator wins the race)."""
    try:
        with transaction.atomic():
            LoginThrottle.objects.get_or_create(username=username, ip=ip, defaults={"window_start": now})
    except IntegrityError:
        pass
    return LoginThrottle.objects.select_for_update().get(username=username, ip=ip)


def clear_failures(username: str | None, ip: str) -> None:
    """Forget the failures of this pair after a successful login."""
    LoginThrottle.objects.filter(username=_key(username), ip=ip).delete()
