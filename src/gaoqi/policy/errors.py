"""Typed errors of the policy engine. Messages are in Chinese: they reach bureau officers."""

from __future__ import annotations

from dataclasses import dataclass


class PolicyError(Exception):
    """Base class of every error the engine raises."""


class ParameterError(PolicyError):
    """A parameter file is malformed: the message names the file, the line and the rule broken."""


class InputError(PolicyError):
    """An input file cannot be read at all (as opposed to one bad record, see ``RecordError``)."""


@dataclass(frozen=True)
class RecordError:
    """One rejected enterprise record: which enterprise, which field, which rule, in Chinese."""

    idx: int
    uscc: str | None
    field: str
    rule: str
    message: str

    def as_output(self) -> dict[str, str | None]:
        """The contract's output object for a rejected record."""
        return {"uscc": self.uscc, "error": self.message}
