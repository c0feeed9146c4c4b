"""Errors the judge raises for bad input (as opposed to verdicts about the code)."""

from __future__ import annotations


class JudgeError(Exception):
    """Base class of the judge's exceptions."""


class InvalidSubmission(JudgeError, ValueError):
    """Bad input: unknown language, empty or oversized code, no tests, bad checker.

    ``field`` names the offending argument ("language", "code", "tests", "checker"),
    so an API can answer 400 with a field-level message.
    """

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


class SandboxError(JudgeError):
    """The sandbox itself failed (not the program in it): reported as IE, never as RE."""


class SandboxUnavailable(SandboxError):
    """``REQUIRE_SANDBOX`` is set but bubblewrap cannot run here."""
