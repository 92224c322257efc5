"""Typed errors of the jobs framework; each carries a Chinese message for the job page."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied


class JobError(Exception):
    """A job failed for a reason the user can read: the message is shown on the job page as it is."""

    def __init__(self, message: str) -> None:
        self.message = str(message)
        super().__init__(self.message)


class JobCancelled(Exception):
    """Raised inside a job by ``JobProgress.update`` after someone asked to cancel it."""


class JobNotAllowed(PermissionDenied):
    """The user may not start this kind of job."""


class UnknownJobKind(LookupError):
    """No job kind is registered under this name."""
