"""One Jinja2 environment turning handler and job data into message text.

Every template shows values through the same filters (`light`, `amount`, `pct`, `day`, `span`,
…), so a light, an amount, a date or a range of dates reads the same in every message. An
override template (from `[templates] override_dir`) that fails — an unknown variable, a syntax
error — or that breaks its audience's budget is not sent: the built-in template is, and the log
says why.

Rendered for a platform (a dialect), every value a template prints is first made inert in that
platform's markup, so only the templates' own text makes bold, colours, links or mentions; a
value wrapped in `Markup` (or `|safe`) is printed as it is.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Any

from jinja2 import (
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    StrictUndefined,
    TemplateError,
    pass_context,
    select_autoescape,
)
from jinja2.runtime import Context
from markupsafe import Markup

from core.messages import Reply
from core.settings import Settings
from domain import display
from domain.budget import Budget, cut, fits
from domain.clock import SHANGHAI, Clock
from domain.money import format_amount, format_exact, format_figure, format_percent
from domain.periods import parse_period

log = logging.getLogger(__name__)
TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
CUT_NOTE = "……（内容较多，其余请发送“/帮助”查看查询命令）"
Escape = Callable[[str], str]
Pair = tuple[Environment, Environment]


class _Environment(Environment):
    """Jinja2's environment, with `data.key` on a plain dict found without an exception first.

    Jinja2 tries the attribute, then the item: every `o.data.report` of a reply's dict raised
    and caught an AttributeError (a fiftieth of a chat report's CPU). A dict's attributes are
    its class's, so a key that names none of them is what Jinja2 would have found too."""

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is dict and attribute in obj and attribute not in _DICT_ATTRIBUTES:
            return obj[attribute]
        return super().getattr(obj, attribute)


_DICT_ATTRIBUTES = frozenset(dir(dict))


class Renderer:
    """Renders `templates/<name>.md.j2`, looking in the override folder first."""

    def __init__(
        self,
        override_dir: Path | None = None,
        labels: Mapping[str, str] | None = None,
        clock: Clock | None = None,
        dialects: Mapping[str, Escape] | None = None,
    ) -> None:
        self.override_dir = override_dir
        self.labels = dict(labels or display.DEFAULT_LABELS)
        self.clock = clock or Clock()
        self.dialects = dict(dialects or {})
        self._pairs: dict[str | None, Pair] = {}
        self.env, self.builtin = self._pair(None)

    @classmethod
    def of(cls, settings: Settings, dialects: Mapping[str, Escape] | None = None) -> Renderer:
        """The renderer of a deployment: its override folder, light labels, clock, dialects."""
        lights = settings.lights
        labels = {"red": lights.red_label, "yellow": lights.yellow_label, "blue": lights.blue_label}
        clock = Clock.parse(settings.clock.now)
        return cls(settings.templates.override_dir, labels, clock, dialects)

    def _pair(self, dialect: str | None) -> Pair:
        """(with the overrides, built-in only) environments of a dialect, each built once."""
        key = dialect if dialect in self.dialects else None
        if key not in self._pairs:
            escape = self.dialects[key] if key else None
            builtin = self._environment([], escape)
            overrides = [FileSystemLoader(str(self.override_dir))] if self.override_dir else []
            env = self._environment(overrides, escape, reload=True) if overrides else builtin
            self._pairs[key] = (env, builtin)
        return self._pairs[key]

    def _environment(
        self, loaders: list[FileSystemLoader], escape: Escape | None, *, reload: bool = False
    ) -> Environment:
        env = _Environment(
            loader=ChoiceLoader([*loaders, FileSystemLoader(str(TEMPLATES))]),
            undefined=StrictUndefined,
            # chat markdown is not HTML; only the web pages are escaped
            autoescape=select_autoescape(enabled_extensions=("html.j2",), default=False),
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=False,
            finalize=_escaping(escape) if escape else None,
            # The built-in templates ship with the code: checking their files for changes on
            # every lookup (each reply and each include) costs 7 µs against 0.9 µs. Override
            # folders are still re-read when edited while the server runs.
            auto_reload=reload,
        )
        env.filters.update(self._filters(escape))
        env.globals["CLOSE_ASKED"] = display.CLOSE_ASKED  # one wording, see asked_among
        return env

    def _filters(self, escape: Escape | None) -> dict[str, Callable[..., str]]:
        labels = self.labels

        def dated(show: Callable[[date, date], str]) -> Callable[..., str]:
            @pass_context
            def filter_(context: Context, value: date) -> str:
                return show(value, self._today(context))

            return filter_

        @pass_context
        def span(context: Context, first: date | None, last: date | None, joint: str = "至") -> str:
            # one filter for every range, so no template drops the end's year on its own
            return display.span(first, last, self._today(context), joint)

        return {
            "amount": format_amount,
            "wan": format_amount,  # one way of showing amounts: kept for older overrides
            "exact": format_exact,
            "figure": format_figure,
            "pct": format_percent,
            "light": lambda color: display.light(color, labels),
            "icon": display.icon,
            "label": lambda color: labels.get(display.color_of(color) or "", "未评定"),
            "day": dated(display.day),
            "span": span,
            "day_week": dated(display.day_week),
            "moment": dated(display.moment),  # type: ignore[arg-type]
            "weekday": display.weekday,
            "stamp": dated(_stamp),  # type: ignore[arg-type]
            "period": _period,
            "platform": lambda name: display.PLATFORM_NAMES.get(name, name),
            "ats": _mentions(escape) if escape else display.ats,
            "clip": display.clip,
            "asked_among": display.asked_among,
        }

    def _today(self, context: Context) -> date:
        """The date a message is written on: its data's `today`, else the business clock's."""
        today = context.get("today")
        if isinstance(today, datetime):
            return today.date()
        if isinstance(today, date):
            return today
        return self.clock.today()

    def render(
        self,
        template: str,
        data: Mapping[str, Any],
        budget: Budget | None = None,
        *,
        dialect: str | None = None,
    ) -> str:
        """Render one template (`replies/report`) with `data` for a platform, within `budget`."""
        name = f"{template}.md.j2"
        env, builtin = self._pair(dialect)
        if env is not builtin:
            try:
                text = env.get_template(name).render(data).strip()
            except TemplateError as exc:
                log.error("template override %s failed (%s); the built-in one is used", name, exc)
            else:
                if budget is None or fits(text, budget):
                    return text
                log.error("template override %s is over its budget; the built-in one is used", name)
        text = builtin.get_template(name).render(data).strip()
        if budget is not None and not fits(text, budget):
            log.warning("message %s is over its budget; cut to fit", name)
            return cut(text, budget, CUT_NOTE)
        return text

    def reply(
        self, reply: Reply, budget: Budget | None = None, *, dialect: str | None = None
    ) -> str:
        """Render a handler's reply for a platform."""
        return self.render(reply.template, reply.data, budget, dialect=dialect)

    def page(self, template: str, data: Mapping[str, Any]) -> str:
        """Render an HTML page from templates/web (autoescaped)."""
        return self.env.get_template(f"web/{template}.html.j2").render(data)


def _stamp(at: datetime, today: date) -> str:
    """`4月24日 10:00` in Asia/Shanghai (stored times are UTC), the year only when another."""
    local = at.astimezone(SHANGHAI) if at.tzinfo else at
    return f"{display.day(local, today)} {local:%H:%M}"


def _period(label: str) -> str:
    """A stored period label as people read it (`2026-W48` → `2026年第48周`)."""
    try:
        return parse_period(label).short_chinese
    except ValueError:
        return label


def _escaping(escape: Escape) -> Callable[[Any], Any]:
    def finalize(value: Any) -> Any:
        # Strings are what people typed (names, issue text, notes); numbers and dates carry none.
        if isinstance(value, str) and not isinstance(value, Markup):
            return escape(value)
        return value

    return finalize


def _mentions(escape: Escape) -> Callable[[Any], str]:
    def ats(names: Any) -> str:
        # The `@` is ours (the adapter turns `@name` into the platform's mention); names are not.
        return Markup(" ".join(f"@{escape(str(name))}" for name in names))

    return ats
