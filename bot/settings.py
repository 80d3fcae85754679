"""One settings tree: TOML file plus `DIAODU_<SECTION>__<KEY>` environment overrides."""

from __future__ import annotations

import os
import tomllib
from contextvars import ContextVar
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr, field_validator, model_validator
from pydantic_settings import (
    BaseSettings,
    EnvSettingsSource,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
)

ENV_PREFIX = "DIAODU_"
_CONFIG_FILE: ContextVar[Path | None] = ContextVar("diaodu_config_file", default=None)


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


class DatabaseSettings(Section):
    url: str = "sqlite+aiosqlite:///diaodu.db"
    """SQLAlchemy async URL: sqlite+aiosqlite:///path.db or postgresql+asyncpg://…"""
    echo: bool = False
    """Log every SQL statement (debugging only)."""
    busy_timeout_ms: int = Field(default=5000, ge=0)
    """SQLite: how long a writer waits for the lock before failing."""

    @field_validator("url")
    @classmethod
    def _async_driver(cls, url: str) -> str:
        if not url.startswith(("sqlite+aiosqlite://", "postgresql+asyncpg://")):
            raise ValueError("须为 sqlite+aiosqlite:/// 或 postgresql+asyncpg:// 开头的异步地址")
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
    token: SecretStr | None = None
    """Bearer token for the read API (/api/*); unset disables the API."""


class CalendarSettings(Section):
    holidays_file: Path | None = None
    """TOML file with holidays and 调休 workdays for years the calendar package lacks."""


class ScheduleSettings(Section):
    enabled: bool = True
    """Run the scheduled pushes in this process (one process is elected when several run)."""
    report_deadline: str = "fri 17:00"
    """Weekly reporting deadline (weekday HH:MM); moves back to the last working day."""
    weekly_reminder: str = "mon 09:00"
    """When the weekly 调度 reminder goes out (moved to the week's first working day)."""
    nudge: str = "thu 15:00"
    """When owners still missing are nudged."""
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
    monthly_ranking: str = "09:00"
    """Monthly 晾晒/赛马 ranking, on the first working day of the month."""
    calendar_check: str = "09:00"
    """December check that next year's holidays are known (first working day of each week)."""

    @field_validator(
        "report_deadline", "weekly_reminder", "nudge", "deadline_close", "biweekly_digest"
    )
    @classmethod
    def _weekly(cls, value: str) -> str:
        from domain.periods import DueTime

        DueTime.parse(value)
        return value

    @field_validator("lights", "issue_loop", "monthly_ranking", "calendar_check")
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


Platform = Literal["wecom", "dingtalk", "feishu", "local"]


class BotSettings(Section):
    name: str = Field(pattern=r"^[A-Za-z0-9_-]{1,40}$")
    """Endpoint name: the bot answers at /callback/{platform}/{name}."""
    platform: Platform
    """wecom | dingtalk | feishu | local"""
    kind: Literal["aibot", "app"] = "app"
    """wecom: aibot | app ; dingtalk: app ; feishu: app"""
    mode: Literal["callback", "longconn"] = "callback"
    """callback (platform calls us) or longconn (we hold a WebSocket)."""
    token: SecretStr | None = None
    """WeCom callback token."""
    encoding_aes_key: SecretStr | None = None
    """WeCom EncodingAESKey (43 characters)."""
    corp_id: str | None = None
    """WeCom corp id (app kind only)."""
    app_key: str | None = None
    """DingTalk AppKey / Feishu App ID / WeCom AI-bot BotID (longconn mode)."""
    app_secret: SecretStr | None = None
    """DingTalk AppSecret (also signs its callbacks) / Feishu App Secret / WeCom AI-bot Secret."""
    encrypt_key: SecretStr | None = None
    """Feishu event Encrypt Key."""
    verification_token: SecretStr | None = None
    """Feishu event Verification Token."""

    @model_validator(mode="after")
    def _platform_keys(self) -> BotSettings:
        if self.platform == "wecom" and self.mode == "longconn" and self.kind != "aibot":
            raise ValueError(
                f"企业微信机器人“{self.name}”：只有智能机器人 (kind = aibot) 支持长连接"
            )
        missing = [key for key in _required_bot_keys(self) if getattr(self, key) is None]
        if missing:
            raise ValueError(f"{self.platform} 机器人“{self.name}”缺少 {', '.join(missing)}")
        key = self.encoding_aes_key
        if key is not None and len(key.get_secret_value()) != 43:
            raise ValueError("encoding_aes_key 须为 43 个字符")
        return self


def _required_bot_keys(bot: BotSettings) -> list[str]:
    if bot.platform == "wecom" and bot.mode == "longconn":
        # The AI bot's long connection authenticates with BotID + Secret, and has no crypto.
        return ["app_key", "app_secret"]
    if bot.platform == "wecom":
        return ["token", "encoding_aes_key"] + (["corp_id"] if bot.kind == "app" else [])
    if bot.platform == "dingtalk":
        return ["app_secret"] + (["app_key"] if bot.mode == "longconn" else [])
    if bot.platform == "feishu":
        return ["app_key", "app_secret"]
    return []


class GroupSettings(Section):
    name: str = Field(min_length=1)
    """The group's name as people know it."""
    platform: Platform
    """wecom | dingtalk | feishu | local"""
    role: str = Field(pattern=r"^(owners|leaders|office|unit:.+)$")
    """owners | leaders | office | unit:<单位>"""
    chat_id: str | None = None
    """The chat's id as the platform's callbacks name it (optional)."""
    webhook: str | None = None
    """The group robot's webhook URL."""
    secret: SecretStr | None = None
    """DingTalk / Feishu robot signing secret (optional)."""


class Settings(BaseSettings):
    """The whole configuration of one diaodu deployment."""

    model_config = SettingsConfigDict(
        extra="forbid",
        env_prefix=ENV_PREFIX,
        env_nested_delimiter="__",
        case_sensitive=False,
        use_attribute_docstrings=True,
    )

    server: ServerSettings = Field(default_factory=ServerSettings)
    """HTTP server."""
    database: DatabaseSettings = Field(default_factory=DatabaseSettings)
    """Storage."""
    clock: ClockSettings = Field(default_factory=ClockSettings)
    """Business time."""
    local: LocalSettings = Field(default_factory=LocalSettings)
    """Local adapter and simulator."""
    dashboard: DashboardSettings = Field(default_factory=DashboardSettings)
    """Read API for the leaders' dashboard."""
    calendar: CalendarSettings = Field(default_factory=CalendarSettings)
    """Working-day calendar."""
    schedule: ScheduleSettings = Field(default_factory=ScheduleSettings)
    """Scheduled pushes."""
    lights: LightSettings = Field(default_factory=LightSettings)
    """Three-colour light thresholds."""
    plan: PlanSettings = Field(default_factory=PlanSettings)
    """Default monthly plan curve."""
    templates: TemplateSettings = Field(default_factory=TemplateSettings)
    """Message templates."""
    log: LogSettings = Field(default_factory=LogSettings)
    """Logging."""
    outbox: OutboxSettings = Field(default_factory=OutboxSettings)
    """Push delivery: retries, back-off and leases."""
    bots: list[BotSettings] = Field(default_factory=list)
    """Inbound endpoints, one table each."""
    groups: list[GroupSettings] = Field(default_factory=list)
    """Push destinations, one table each."""

    @model_validator(mode="after")
    def _unique_names(self) -> Settings:
        names = [bot.name for bot in self.bots]
        if len(names) != len(set(names)):
            raise ValueError("bots 中有重名的 name")
        return self

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        """Order: explicit values, then the environment, then the TOML file."""
        toml = _read_toml(_CONFIG_FILE.get())
        return (
            init_settings,
            _SectionEnvSource(settings_cls),
            _ListEnvSource(settings_cls, toml),
            _DictSource(settings_cls, toml),
        )


LIST_SECTIONS = ("bots", "groups")


class _SectionEnvSource(EnvSettingsSource):
    """`DIAODU_<SECTION>__<KEY>` for the table sections (lists are handled separately)."""

    def __call__(self) -> dict[str, Any]:
        data = super().__call__()
        return {key: value for key, value in data.items() if key not in LIST_SECTIONS}


class _ListEnvSource(PydanticBaseSettingsSource):
    """`DIAODU_BOTS__<name or index>__<KEY>` patches one [[bots]] / [[groups]] entry."""

    def __init__(self, settings_cls: type[BaseSettings], toml: dict[str, Any]) -> None:
        super().__init__(settings_cls)
        self._toml = toml

    def get_field_value(self, field: Any, field_name: str) -> tuple[Any, str, bool]:
        return None, field_name, False

    def __call__(self) -> dict[str, Any]:
        patched: dict[str, Any] = {}
        for section in LIST_SECTIONS:
            items = [dict(item) for item in self._toml.get(section, [])]
            changed = _apply_list_overrides(section, items)
            if changed:
                patched[section] = items
        return patched


def _apply_list_overrides(section: str, items: list[dict[str, Any]]) -> bool:
    prefix = f"{ENV_PREFIX}{section.upper()}__"
    changed = False
    for var, value in os.environ.items():
        if not var.upper().startswith(prefix):
            continue
        selector, _, key = var[len(prefix) :].partition("__")
        target = _select_item(items, selector)
        if target is None or not key:
            raise ValueError(f"环境变量 {var} 找不到对应的 [[{section}]] 条目")
        target[key.lower()] = value
        changed = True
    return changed


def _select_item(items: list[dict[str, Any]], selector: str) -> dict[str, Any] | None:
    if selector.isdigit() and int(selector) < len(items):
        return items[int(selector)]
    return next((item for item in items if str(item.get("name", "")) == selector), None)


class _DictSource(PydanticBaseSettingsSource):
    """Values read from the TOML file."""

    def __init__(self, settings_cls: type[BaseSettings], data: dict[str, Any]) -> None:
        super().__init__(settings_cls)
        self._data = data

    def get_field_value(self, field: Any, field_name: str) -> tuple[Any, str, bool]:
        return self._data.get(field_name), field_name, False

    def __call__(self) -> dict[str, Any]:
        return dict(self._data)


class ConfigError(Exception):
    """The configuration cannot be used; `problems` lists every reason."""

    def __init__(self, source: str, problems: list[str]) -> None:
        super().__init__(f"{source}: " + "; ".join(problems))
        self.source = source
        self.problems = problems


def _read_toml(path: Path | None) -> dict[str, Any]:
    if path is None or not path.exists():
        return {}
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(str(path), [f"TOML 格式错误: {exc}"]) from exc


def load_settings(path: Path | None = None, **overrides: Any) -> Settings:
    """Load settings from `path` (may be absent) and the environment; raise ConfigError."""
    from pydantic import ValidationError

    _check_env_sections()
    token = _CONFIG_FILE.set(path)
    try:
        return Settings(**overrides)
    except ValidationError as exc:
        raise ConfigError(str(path or "环境变量"), _describe(exc)) from exc
    except ValueError as exc:
        raise ConfigError(str(path or "环境变量"), [str(exc)]) from exc
    finally:
        _CONFIG_FILE.reset(token)


def _check_env_sections() -> None:
    known = set(Settings.model_fields)
    unknown = [
        var
        for var in os.environ
        if var.upper().startswith(ENV_PREFIX)
        and "__" in var
        and var[len(ENV_PREFIX) :].split("__")[0].lower() not in known
    ]
    if unknown:
        raise ConfigError("环境变量", [f"{var}: 未知的配置节" for var in sorted(unknown)])


def _describe(exc: Any) -> list[str]:
    problems = []
    for error in exc.errors():
        where = ".".join(str(part) for part in error["loc"]) or "(根)"
        message = error["msg"]
        if error["type"] == "extra_forbidden":
            message = "未知的配置项"
        problems.append(f"{where}: {message}")
    return problems
