"""Text as it may be stored: control characters and lone surrogates taken out."""

from __future__ import annotations

import re

# C0 controls except tab, line feed and carriage return; DEL and the C1 controls; and lone
# surrogates, which no UTF-8 encoder will write. PostgreSQL refuses NUL in any text column.
_UNSTORABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def storable(text: str) -> str:
    """`text` without the characters no database should be given (NUL, controls, surrogates)."""
    return _UNSTORABLE.sub("", text) if _UNSTORABLE.search(text) else text


def printable(text: str) -> str:
    """`text` fit for one log line: what would break or hide the line (line breaks, tabs, ESC,
    NUL, surrogates, direction marks) written as its escape (`\\n`, `\\x1b`); Chinese stays."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode() for c in text)
