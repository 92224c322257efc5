"""The list source of the user list (``users``, in ``user_exports``), registered with ``gaoqi.jobs``."""

from __future__ import annotations

from gaoqi.accounts.user_exports import user_list

__all__ = ["user_list"]
