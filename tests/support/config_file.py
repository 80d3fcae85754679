"""A config file written the way an office writes one: TOML sections and [[bots]]/[[groups]]."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def toml_value(value: Any) -> str:
    """A TOML value (strings, numbers, booleans and lists of them: JSON writes them alike)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return json.dumps(value, ensure_ascii=False)


def write_config(path: Path, sections: dict[str, Any], **tables: list[dict[str, Any]]) -> Path:
    """Write `sections` ([name] tables) and arrays of tables (`bots=[…]`, `groups=[…]`)."""
    lines: list[str] = []
    for name, values in sections.items():
        lines.append(f"[{name}]")
        lines += [f"{key} = {toml_value(value)}" for key, value in values.items()]
    for name, entries in tables.items():
        for entry in entries:
            lines.append(f"[[{name}]]")
            lines += [f"{key} = {toml_value(value)}" for key, value in entry.items()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
