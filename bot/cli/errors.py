"""The error a verb raises for the user to act on, light enough for `main` to catch it before
any verb's module is imported."""

from __future__ import annotations


class VerbError(Exception):
    """A verb failed in a way the user can act on; the message is printed alone."""

    def __init__(self, message: str, exit_code: int = 1) -> None:
        super().__init__(message)
        self.exit_code = exit_code
