"""An action someone follows up to its end: what to do, by when, and where it stands.

The cultivation plan's actions and the 双清零 follow-ups are both such actions; each model adds who is
in charge and what the action belongs to.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gaoqi.core.models import VersionedModel
from gaoqi.core.scopes import ScopedQuerySet


def person_field(label: str, related_name: str = "+") -> models.ForeignKey:
    """An optional user (the owner of an action, who recorded a visit); kept as empty when the user goes."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=label,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name=related_name,
    )


class ActionStatus(models.TextChoices):
    """Where an action stands (the stored values are shared by every kind of action)."""

    OPEN = "open", _("未开始")
    IN_PROGRESS = "in_progress", _("进行中")
    DONE = "done", _("已完成")
    DROPPED = "dropped", _("已放弃")


PENDING = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)
"""The statuses of an action that still has to be done."""


class ActionQuerySet(ScopedQuerySet):
    """Actions, scoped like every other row, with the follow-up questions asked of them."""

    def pending(self) -> ActionQuerySet:
        """The actions not yet done nor dropped."""
        return self.filter(status__in=PENDING)

    def overdue(self, today: dt.date) -> ActionQuerySet:
        """The pending actions whose deadline has passed by ``today``."""
        return self.pending().filter(deadline__lt=today)


class TrackedAction(VersionedModel):
    """Abstract: a described action with a deadline and a status, versioned and scoped."""

    Status = ActionStatus

    description = models.CharField(_("措施"), max_length=255)
    deadline = models.DateField(_("完成期限"), null=True, blank=True)
    status = models.CharField(
        _("状态"), max_length=16, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )

    objects: Any = ActionQuerySet.as_manager()

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.description
