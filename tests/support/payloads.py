"""Recorded platform payloads: tests/data/<platform>/<name>.json (or .xml), a fresh copy each time.

The files hold what the platforms send and answer, as documented (PROTOCOLS.md) or published
(test vectors); tests change the fields a case is about and leave the rest as recorded.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent.parent / "data"


def payload(platform: str, name: str) -> Any:
    """The JSON of tests/data/<platform>/<name>.json, freshly parsed (safe to change)."""
    return json.loads((DATA / platform / f"{name}.json").read_text(encoding="utf-8"))


def raw(platform: str, name: str) -> str:
    """The text of tests/data/<platform>/<name> (a file with its own extension, e.g. XML)."""
    return (DATA / platform / name).read_text(encoding="utf-8")
