"""The table sections of the settings tree ([server], [database], … [outbox])."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from core.settings.secrets import Secret


class Section(BaseModel):
    """Base for config sections: unknown keys are an error, attribute docs describe keys."""

    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True)


class ServerSettings(Section):
    host: str = "127.0.0.1"
    """Address the HTTP server listens on."""
    port: int = Field(default=8080, ge=0, le=65535)
    """TCP port of the HTTP server."""
    client_max_size: int = Field(default=1024 * 1024, ge=1024)
    """Largest request body accepted, in bytes; larger ones get 413."""
    shutdown_timeout: float = Field(default=10.0, ge=0)
    """Seconds to let in-flight requests finish on shutdown."""
    leader_timeout_seconds: float = Field(default=15.0, ge=3, le=60)
    """A leader (scheduler, long connections) silent this long is replaced (PostgreSQL)."""
    proxy: str | None = None
    """HTTP(S) proxy for outbound calls (pushes, replies, long connections); unset: HTTPS_PROXY."""

    @field_validator("proxy")
    @classmethod
    def _proxy(cls, value: str | None) -> str | None:
        from urllib.parse import urlsplit

        if not value:
            return None
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError("proxy 须写成 http://主机:端口（可带 用户名:密码@）")
        return value


class DatabaseSettings(Section):
    url: str = "sqlite+aiosqlite:///diaodu.db"
    """SQLAlchemy async URL: sqlite+aiosqlite:///path.db or postgresql+asyncpg://…"""
    echo: bool = False
    """Log every SQL statement (debugging only)."""
    busy_timeout_ms: int = Field(default=5000, ge=0)
    """SQLite: how long a writer waits for the lock before failing."""
    keep_days: int = Field(default=90, ge=1)
    """Answered messages and delivered pushes are deleted after this many days (at least one:
    platforms redeliver a message for up to seven hours, and a redelivery must find it)."""

    @field_validator("url")
    @classmethod
    def _async_driver(cls, url: str) -> str:
        if not url.startswith(("sqlite+aiosqlite://", "postgresql+asyncpg://")):
            raise ValueError("须为 sqlite+aiosqlite:/// 或 postgresql+asyncpg:// 开头的异步地址")
        rest = url.split("://", 1)[1]
        if url.startswith("sqlite") and rest and not rest.startswith("/"):
            raise ValueError(
                "SQLite 地址须写成 sqlite+aiosqlite:///相对路径.db 或 "
                "sqlite+aiosqlite:////绝对路径.db（三个或四个斜杠）"
            )
        # never quote the value: it holds the password
        if url.startswith("postgresql") and (rest.count("@") > 1 or "#" in rest):
            raise ValueError(
                "用户名或密码里的特殊字符须编码后再写：@ 写成 %40，# 写成 %23，/ 写成 %2F"
            )
        if url.startswith("sqlite"):
            return url  # its form is checked above; SQLAlchemy's parser is loaded for others only
        from sqlalchemy.engine import make_url
        from sqlalchemy.exc import ArgumentError

        try:
            make_url(url).port  # noqa: B018 (parsing the port is the check)
        except (ValueError, ArgumentError):
            raise ValueError(
                "地址格式有误：应为 postgresql+asyncpg://用户:密码@主机:端口/库名"
            ) from None
        return url


class ClockSettings(Section):
    now: str | None = None
    """Freeze business time at "YYYY-MM-DD HH:MM" (Asia/Shanghai); unset means real time."""

    @field_validator("now")
    @classmethod
    def _parseable(cls, value: str | None) -> str | None:
        from domain.clock import parse_local_time

        if value:
            try:
                parse_local_time(value)
            except ValueError as exc:
                raise ValueError(f"时间“{value}”格式应为 YYYY-MM-DD HH:MM") from exc
        return value or None


class LocalSettings(Section):
    enabled: bool = False
    """Serve the local adapter (/callback/local) and the chat simulator page."""


class DashboardSettings(Section):
    token: Secret | None = None
    """Bearer token for the read API (/api/*), at least 16 characters; unset disables the API.
    The office also opens the dashboard pages with it (/dashboard/login)."""
    secret: Secret | None = None
    """Key that signs the personal dashboard links of /看板 (at least 16 characters); unset: the
    token signs them; neither set: no links."""
    base_url: str | None = None
    """Address people open the dashboard at (https://看板.example.gov.cn); unset:
    http://<server.host>:<server.port>, and pushes carry no 详见看板 link."""
    link_days: int = Field(default=30, ge=1, le=366)
    """Days a personal dashboard link stays valid."""
    refresh_seconds: int = Field(default=300, ge=30)
    """How often the full-screen view (?screen=1) reloads itself."""

    @field_validator("base_url")
    @classmethod
    def _base_url(cls, value: str | None) -> str | None:
        from urllib.parse import urlsplit

        if not value:
            return None
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError("base_url 须写成 http(s)://主机[:端口][/路径]")
        return value.rstrip("/")


class CalendarSettings(Section):
    holidays_file: Path | None = None
    """Holidays and 调休 workdays per year (written by `diaodu calendar import`); default:
    holidays.toml beside the config file."""


class ScheduleSettings(Section):
    enabled: bool = True
    """Run the scheduled pushes in this process (one process is elected when several run)."""
    report_deadline: str = "fri 17:00"
    """Weekly reporting deadline (weekday HH:MM); moves back to the last working day."""
    weekly_reminder: str = "mon 09:00"
    """When the weekly 调度 reminder goes out (moved to the week's first working day)."""
    nudge: str = "thu 15:00"
    """When owners still missing are nudged (a deadline moved earlier takes it along)."""
    deadline_close: str = "fri 17:00"
    """When the 未报 list goes to leaders and the office."""
    lights: str = "09:00"
    """Daily 亮灯 warnings (working days)."""
    issue_loop: str = "09:30"
    """Daily issue loop (working days)."""
    biweekly_digest: str = "tue 08:30"
    """双周调度会 digest, every second week from biweekly_anchor."""
    biweekly_anchor: str = "2025-01-07"
    """A date in a week that has a 调度会; the series runs every two weeks from it."""
    leader_weekly: str = "mon 09:30"
    """Each 包联 leader's week (their projects, changed lights, issues, 应开未开), to the leaders
    group; moved to the week's first working day."""
    monthly_ranking: str = "09:00"
    """Monthly 晾晒/赛马 ranking, on the first working day of the month."""
    stats_list: str = "09:00"
    """The 入库纳统 work list to the office, on the first working day of the month."""
    calendar_check: str = "09:00"
    """December check that next year's holidays are known (first working day of each week)."""
    plan_year_check: str = "09:10"
    """December: projects without next year's plan (weekly); January: what rolled over."""
    retention: str = "03:30"
    """When messages and pushes older than [database] keep_days are deleted (daily)."""

    @field_validator(
        "report_deadline",
        "weekly_reminder",
        "nudge",
        "deadline_close",
        "biweekly_digest",
        "leader_weekly",
    )
    @classmethod
    def _weekly(cls, value: str) -> str:
        from domain.periods import DueTime

        DueTime.parse(value)
        return value

    @field_validator(
        "lights",
        "issue_loop",
        "monthly_ranking",
        "stats_list",
        "calendar_check",
        "plan_year_check",
        "retention",
    )
    @classmethod
    def _daily(cls, value: str) -> str:
        hour, _, minute = value.partition(":")
        if not (hour.isdigit() and minute.isdigit() and int(hour) < 24 and int(minute) < 60):
            raise ValueError(f"时间“{value}”应写成 HH:MM，如 09:00")
        return value

    @field_validator("biweekly_anchor")
    @classmethod
    def _anchor(cls, value: str) -> str:
        from datetime import date

        try:
            date.fromisoformat(value)
        except ValueError as exc:
            raise ValueError(f"日期“{value}”应写成 YYYY-MM-DD") from exc
        return value


class LightSettings(Section):
    blue_ratio: float = Field(default=1.0, gt=0)
    """Cumulative done / 序时 at or above this is blue."""
    yellow_ratio: float = Field(default=0.8, gt=0)
    """At or above this (and below blue_ratio) is yellow; below is red."""
    milestone_warn_days: int = Field(default=7, ge=0)
    """A milestone due within this many days and not done is yellow."""
    start_warn_days: int = Field(default=15, ge=0)
    """A 新建 project this many days before its planned start and not started is yellow."""
    stats_grace_months: int = Field(default=2, ge=0)
    """Months after start by which a project must be in the statistics (入统)."""
    stats_warn_days: int = Field(default=15, ge=0)
    """Days before the 入统 line when a project turns yellow."""
    consecutive_months: int = Field(default=2, ge=1)
    """Month-ends below 序时 in a row that make a project red and 作检讨."""
    red_label: str = "红灯"
    """How a red light is called in messages."""
    yellow_label: str = "黄灯"
    """How a yellow light is called in messages."""
    blue_label: str = "蓝灯"
    """How a blue light is called in messages."""

    @model_validator(mode="after")
    def _ordered(self) -> LightSettings:
        if self.yellow_ratio > self.blue_ratio:
            raise ValueError("yellow_ratio 不能大于 blue_ratio")
        return self


class PlanSettings(Section):
    default_curve: list[int] = Field(default=[3, 8, 18, 28, 39, 50, 60, 70, 80, 87, 94, 100])
    """Cumulative % of the annual plan due by each month end, when a project has no monthly plan."""

    @field_validator("default_curve")
    @classmethod
    def _curve(cls, curve: list[int]) -> list[int]:
        if len(curve) != 12 or curve != sorted(curve) or curve[-1] != 100 or curve[0] < 0:
            raise ValueError("须为 12 个逐月不减的累计百分比，12 月为 100")
        return curve


class TemplateSettings(Section):
    override_dir: Path | None = None
    """Folder whose templates replace the built-in ones of the same name."""


class LogSettings(Section):
    level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    """Log level."""


class OutboxSettings(Section):
    enabled: bool = True
    """Run the outbox worker that delivers pushes in this process (several may share the queue)."""
    interval_seconds: float = Field(default=2.0, gt=0)
    """How often the worker looks for pushes that are due."""
    max_attempts: int = Field(default=8, ge=1)
    """Failed tries (network errors, busy or rate-limit answers) before a push is marked failed."""
    backoff_base_seconds: float = Field(default=30.0, ge=0)
    """Wait after the first failed try; it doubles with every further one."""
    backoff_cap_seconds: float = Field(default=3600.0, ge=0)
    """Longest wait between two tries of one push."""
    batch_size: int = Field(default=50, ge=1)
    """Pushes one worker claims at a time."""
    request_timeout_seconds: float = Field(default=15.0, gt=0)
    """Longest wait for a platform's answer to one request."""
    lease_seconds: float = Field(default=120.0, gt=0)
    """How long claimed pushes stay reserved to a worker; a crashed worker's come back after it."""

    @model_validator(mode="after")
    def _lease_outlives_request(self) -> OutboxSettings:
        if self.lease_seconds <= self.request_timeout_seconds:
            raise ValueError("lease_seconds 须大于 request_timeout_seconds")
        return self
