"""Raising alerts once, and who receives them.

``raise_alerts(today)`` runs every detector of ``gaoqi.monitoring.detectors`` for ``today`` and stores
the alerts not raised before: an alert is keyed by ``(enterprise, kind, period)``, so running the job
again on the same day, or on a later day inside the same period, raises nothing new.

Recipients follow the data scopes: bureau officers (and the bureau admin) receive every alert, a town
officer the alerts of the enterprises of their town, an enterprise user those of its own enterprise.
Other roles (leaders, departments) have no inbox.

``unread_badge(user)`` (``unread_count`` stopped at 100) is the navigation badge of every page, so it does
not build its query per request:
the inbox query is compiled once per process for each scope shape (``_scope_shape``) with stand-in values,
and each request runs that SQL with its own user's values. The count is therefore always the inbox's own,
computed from the current rows, whatever changed them.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.core.exceptions import EmptyResultSet, ImproperlyConfigured
from django.db import connections, router, transaction
from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from gaoqi.accounts.models import Role, User
from gaoqi.monitoring.models import Alert, AlertRead

__all__ = [
    "RECIPIENT_ROLES",
    "AlertDraft",
    "has_inbox",
    "inbox",
    "mark_all_read",
    "mark_read",
    "raise_alerts",
    "recipients",
    "store_alerts",
    "unread_badge",
    "unread_count",
]

RECIPIENT_ROLES = frozenset({Role.BUREAU_ADMIN, Role.BUREAU_OFFICER, Role.TOWN_OFFICER, Role.ENTERPRISE_USER})


@dataclass(frozen=True)
class AlertDraft:
    """An alert a detector would raise; stored only if its key is new."""

    enterprise_id: int
    kind: str
    period: str
    title: str
    message: str
    due_on: dt.date | None = None

    @property
    def key(self) -> tuple[int, str, str]:
        """What makes an alert unique: enterprise, kind and period."""
        return (self.enterprise_id, self.kind, self.period)


def raise_alerts(today: dt.date) -> dict[str, int]:
    """Run every detector for ``today`` and store the new alerts; return how many of each kind."""
    from gaoqi.monitoring.detectors import detect_all

    return store_alerts(detect_all(today), today)


def _counts(kinds: set[str]) -> Counter[str]:
    rows = Alert.objects.filter(kind__in=kinds).values_list("kind").annotate(total=Count("pk"))
    return Counter(dict(rows))


def store_alerts(drafts: Iterable[AlertDraft], today: dt.date) -> dict[str, int]:
    """Store the drafts whose ``(enterprise, kind, period)`` was never raised (the database's unique
    constraint skips the others); count the new ones by kind."""
    unique = {draft.key: draft for draft in drafts}
    if not unique:
        return {}
    kinds = {draft.kind for draft in unique.values()}
    rows = [
        Alert(
            enterprise_id=draft.enterprise_id,
            kind=draft.kind,
            period=draft.period,
            title=draft.title[:200],
            message=draft.message,
            due_on=draft.due_on,
            raised_on=today,
        )
        for draft in unique.values()
    ]
    with transaction.atomic():
        before = _counts(kinds)
        Alert.objects.bulk_create(rows, batch_size=500, ignore_conflicts=True)
        added = _counts(kinds) - before
    return dict(added)


def has_inbox(user: object) -> bool:
    """Whether ``user`` receives alerts at all."""
    return bool(getattr(user, "is_authenticated", False)) and (
        getattr(user, "is_superuser", False) or getattr(user, "role", None) in RECIPIENT_ROLES
    )


def inbox(user: User) -> QuerySet[Alert]:
    """The alerts ``user`` receives, each annotated with ``is_read``."""
    alerts = Alert.objects.for_user(user) if has_inbox(user) else Alert.objects.none()
    read = AlertRead.objects.filter(alert=OuterRef("pk"), user=user)
    return alerts.select_related("enterprise").annotate(is_read=Exists(read))


# Stand-ins for a user's values in the compiled badge query, replaced by the real ones on each run.
_USER_ID, _TOWN_CODE, _ENTERPRISE_ID = -7_000_001, "<town code>", -7_000_002

ScopeShape = tuple[bool, str, bool, bool, bool]


def _scope_shape(user: User) -> ScopeShape:
    """What the inbox's SQL depends on besides the user's values: everything ``has_inbox`` and
    ``gaoqi.core.scopes.enterprise_filter`` branch on (superuser, role, active, a town, an enterprise)."""
    has_enterprise = user.enterprise_id is not None
    return (user.is_superuser, user.role, user.is_active, bool(user.town_code), has_enterprise)


@lru_cache(maxsize=64)
def _unread_sql(alias: str, shape: ScopeShape) -> tuple[str, tuple[Any, ...]] | None:
    """The SQL selecting the unread alerts of users of ``shape`` and its parameters with the stand-ins;
    ``None`` when such users can see no alert at all."""
    is_superuser, role, is_active, has_town, has_enterprise = shape
    stand_in = User(
        pk=_USER_ID,
        role=role,
        is_superuser=is_superuser,
        is_active=is_active,
        town_code=_TOWN_CODE if has_town else "",
        enterprise_id=_ENTERPRISE_ID if has_enterprise else None,
    )
    unread = inbox(stand_in).filter(is_read=False).order_by().values("pk")
    try:
        sql, params = unread.query.get_compiler(using=alias).as_sql()
    except EmptyResultSet:
        return None
    if _USER_ID not in params:  # the read marks must be the user's, so the user id is a parameter
        raise ImproperlyConfigured("The unread alert query no longer takes the user id as a parameter.")
    return sql, tuple(params)


def unread_count(user: User, *, at_most: int | None = None) -> int:
    """How many of ``user``'s alerts are unread: ``inbox(user)``'s unread count, or ``at_most`` when there
    are more (the database then stops counting there, however many alerts the district holds)."""
    if not has_inbox(user):
        return 0
    alias = router.db_for_read(Alert)
    compiled = _unread_sql(alias, _scope_shape(user))
    if compiled is None:
        return 0
    sql, params = compiled
    limit = "" if at_most is None else f" LIMIT {int(at_most)}"
    values = {_USER_ID: user.pk, _TOWN_CODE: user.town_code, _ENTERPRISE_ID: user.enterprise_id}
    with connections[alias].cursor() as cursor:
        cursor.execute(
            f"SELECT COUNT(*) FROM ({sql}{limit}) unread", [values.get(param, param) for param in params]
        )
        return cursor.fetchone()[0]


BADGE_MOST = 99


def unread_badge(user: User) -> int | str:
    """The navigation badge: the unread count up to ``BADGE_MOST``, "99+" beyond it (counting stops at
    the hundredth unread alert, so every page pays the same small cost in a district with many alerts)."""
    count = unread_count(user, at_most=BADGE_MOST + 1)
    return f"{BADGE_MOST}+" if count > BADGE_MOST else count


def mark_read(user: User, alerts: QuerySet[Alert]) -> int:
    """Mark ``alerts`` (restricted to the user's inbox) read; return how many were unread."""
    unread = list(inbox(user).filter(pk__in=alerts.values("pk"), is_read=False).values_list("pk", flat=True))
    AlertRead.objects.bulk_create([AlertRead(alert_id=pk, user=user) for pk in unread], ignore_conflicts=True)
    return len(unread)


def mark_all_read(user: User, kind: str = "") -> int:
    """Mark every alert of ``user`` (of ``kind`` when given) read."""
    alerts = Alert.objects.filter(kind=kind) if kind else Alert.objects.all()
    return mark_read(user, alerts)


def recipients(alert: Alert) -> QuerySet[User]:
    """The active users who receive ``alert``."""
    enterprise = alert.enterprise
    return User.objects.filter(is_active=True).filter(
        Q(is_superuser=True)
        | Q(role__in=(Role.BUREAU_ADMIN, Role.BUREAU_OFFICER))
        | Q(role=Role.TOWN_OFFICER, town_code=enterprise.town.code)
        | Q(role=Role.ENTERPRISE_USER, enterprise=enterprise)
    )
