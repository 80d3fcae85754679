"""One finding of the doctor: passed or failed, in one Chinese line that says what to do."""

from __future__ import annotations

from dataclasses import dataclass

PASSED = "✔"
FAILED = "✘"


@dataclass(frozen=True)
class Finding:
    """What one check found; `fix` says what to do when it failed."""

    ok: bool
    what: str
    fix: str = ""

    def line(self) -> str:
        """The line printed for it: ✔/✘, what was found, and what to do."""
        if self.ok:
            return f"{PASSED} {self.what}"
        return f"{FAILED} {self.what}" + (f"：{self.fix}" if self.fix else "")


def passed(what: str) -> Finding:
    """A check that passed."""
    return Finding(True, what)


def failed(what: str, fix: str) -> Finding:
    """A check that failed, and what to do about it."""
    return Finding(False, what, fix)
