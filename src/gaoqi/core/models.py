"""Base models shared by every app: versioned rows with optimistic locking."""

from __future__ import annotations

from typing import Any

from django.db import models, transaction
from django.utils.translation import gettext_lazy as _


class StaleEditError(Exception):
    """Saving a row whose ``version`` changed since it was read: someone else saved it first."""

    default_message = _("该记录已被他人修改，请刷新页面查看最新内容后重新编辑。")

    def __init__(self, message: str | None = None) -> None:
        self.message = str(message or self.default_message)
        super().__init__(self.message)


class VersionedModel(models.Model):
    """A row with a ``version`` that every save increments, checked on update (optimistic locking).

    ``save()`` writes ``UPDATE ... WHERE id = %s AND version = <version read>`` and raises
    ``StaleEditError`` when no row matches, so a stale instance never overwrites a newer one.
    An edit form carries the version it showed and calls ``save_versioned(expected_version)``.
    """

    version = models.PositiveIntegerField(_("版本"), default=1, editable=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Save, incrementing ``version``; an update matches only the version this instance holds."""
        if self._state.adding:
            self._expected_version = None
            super().save(*args, **kwargs)
            return
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "version", "updated_at"}
        self._expected_version = self.version
        self.version = self.version + 1
        try:
            with transaction.atomic(using=kwargs.get("using")):  # a conflict rolls back only this save
                super().save(*args, **kwargs)
        except BaseException:
            self.version = self._expected_version
            raise
        finally:
            self._expected_version = None

    def save_versioned(self, expected_version: int, **kwargs: Any) -> None:
        """Save as an edit of ``expected_version``; raise ``StaleEditError`` if the row moved on."""
        self.version = expected_version
        self.save(**kwargs)

    def _do_update(self, base_qs, using, pk_val, values, update_fields, forced_update):
        expected = getattr(self, "_expected_version", None)
        if expected is None:
            return super()._do_update(base_qs, using, pk_val, values, update_fields, forced_update)
        if base_qs.filter(pk=pk_val, version=expected)._update(values) > 0:
            return True
        if base_qs.filter(pk=pk_val).exists():
            raise StaleEditError
        return False
