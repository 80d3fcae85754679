"""One Jinja2 environment turning handler data into message text."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined, select_autoescape

from core.messages import Reply
from domain.money import format_amount, format_percent, format_wan

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


class Renderer:
    """Renders `templates/<name>.md.j2`, looking in the override folder first."""

    def __init__(self, override_dir: Path | None = None) -> None:
        loaders = [FileSystemLoader(str(override_dir))] if override_dir else []
        loaders.append(FileSystemLoader(str(TEMPLATES)))
        self.env = Environment(
            loader=ChoiceLoader(loaders),
            undefined=StrictUndefined,
            # chat markdown is not HTML; only the web pages are escaped
            autoescape=select_autoescape(enabled_extensions=("html.j2",), default=False),
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=False,
        )
        self.env.filters.update(wan=format_wan, amount=format_amount, pct=format_percent)

    def render(self, template: str, data: Mapping[str, Any]) -> str:
        """Render one template (`replies/report`) with `data`, trimmed."""
        return self.env.get_template(f"{template}.md.j2").render(data).strip()

    def reply(self, reply: Reply) -> str:
        """Render a handler's reply."""
        return self.render(reply.template, reply.data)

    def page(self, template: str, data: Mapping[str, Any]) -> str:
        """Render an HTML page from templates/web (autoescaped)."""
        return self.env.get_template(f"web/{template}.html.j2").render(data)
