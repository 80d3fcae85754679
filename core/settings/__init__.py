"""One settings tree: TOML file plus `DIAODU_<SECTION>__<KEY>` environment overrides.

Settings enter through `load_settings` (here): `sources` reads the TOML file and the
environment, the section models validate them — `sections` (server, database, schedule,
lights, outbox, …), `bots` ([[bots]] and [[groups]]), `reporting` ([reports], [issues]),
`messages` (phone budgets) — with `secrets` and `hosts` guarding tokens and API hosts, and
`problems` turning a validation error into a plain Chinese message. What leaves is the
`Settings` tree every layer above reads, and `light_rules`, the one place that builds the
light rules from it.
"""

from __future__ import annotations

import os
from contextvars import ContextVar
from pathlib import Path
from typing import Any

from pydantic import Field, PrivateAttr, model_validator
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

from core.settings.bots import BotSettings, GroupSettings, Platform
from core.settings.messages import BudgetSettings, MessageSettings
from core.settings.problems import describe
from core.settings.reporting import IssueSettings, ReportSettings
from core.settings.sections import (
    CalendarSettings,
    ClockSettings,
    DashboardSettings,
    DatabaseSettings,
    LightSettings,
    LocalSettings,
    LogSettings,
    OutboxSettings,
    PlanSettings,
    ScheduleSettings,
    Section,
    ServerSettings,
    TemplateSettings,
)
from core.settings.sources import (
    ENV_PREFIX,
    ConfigError,
    DictSource,
    ListEnvSource,
    SectionEnvSource,
    read_toml,
)
from core.settings.targets import RaceWeights, TargetSettings

__all__ = [
    "HOLIDAYS_FILE",
    "BotSettings",
    "BudgetSettings",
    "CalendarSettings",
    "ClockSettings",
    "ConfigError",
    "DashboardSettings",
    "DatabaseSettings",
    "GroupSettings",
    "IssueSettings",
    "LightSettings",
    "LocalSettings",
    "LogSettings",
    "MessageSettings",
    "OutboxSettings",
    "PlanSettings",
    "Platform",
    "RaceWeights",
    "ReportSettings",
    "ScheduleSettings",
    "Section",
    "ServerSettings",
    "Settings",
    "TargetSettings",
    "TemplateSettings",
    "load_settings",
]

HOLIDAYS_FILE = "holidays.toml"
_CONFIG_FILE: ContextVar[Path | None] = ContextVar("diaodu_config_file", default=None)


class Settings(BaseSettings):
    """The whole configuration of one diaodu deployment."""

    model_config = SettingsConfigDict(
        extra="forbid",
        env_prefix=ENV_PREFIX,
        env_nested_delimiter="__",
        case_sensitive=False,
        use_attribute_docstrings=True,
    )

    _config_file: Path | None = PrivateAttr(default=None)

    @property
    def config_file(self) -> Path | None:
        """The TOML file these settings were read from (None: the environment only)."""
        return self._config_file

    server: ServerSettings = Field(default_factory=ServerSettings)
    """HTTP server."""
    database: DatabaseSettings = Field(default_factory=DatabaseSettings)
    """Storage."""
    clock: ClockSettings = Field(default_factory=ClockSettings)
    """Business time."""
    local: LocalSettings = Field(default_factory=LocalSettings)
    """Local adapter and simulator."""
    dashboard: DashboardSettings = Field(default_factory=DashboardSettings)
    """The leaders' dashboard: pages, personal links, read API."""
    calendar: CalendarSettings = Field(default_factory=CalendarSettings)
    """Working-day calendar."""
    schedule: ScheduleSettings = Field(default_factory=ScheduleSettings)
    """Scheduled pushes."""
    lights: LightSettings = Field(default_factory=LightSettings)
    """Three-colour light thresholds."""
    plan: PlanSettings = Field(default_factory=PlanSettings)
    """Default monthly plan curve."""
    targets: TargetSettings = Field(default_factory=TargetSettings)
    """The office's own targets: 开复工, investment by quarter, key projects, 入统, 赛马."""
    reports: ReportSettings = Field(default_factory=ReportSettings)
    """Checks on reported figures; who reports."""
    issues: IssueSettings = Field(default_factory=IssueSettings)
    """The problem loop."""
    templates: TemplateSettings = Field(default_factory=TemplateSettings)
    """Message templates."""
    messages: MessageSettings = Field(default_factory=MessageSettings)
    """How long a message may be (the phone budget)."""
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
        groups = [(group.platform, group.name) for group in self.groups]
        if twice := sorted({name for key in groups if groups.count(key) > 1 for _, name in [key]}):
            # `doctor --send-test NAME` and the office's messages name a group by its name
            raise ValueError(f"groups 中同一平台有重名的 name：{'、'.join(twice)}")
        return self

    @model_validator(mode="after")
    def _holidays_beside_config(self) -> Settings:
        # The office never has to name the file: `diaodu calendar import` writes it here.
        if self.calendar.holidays_file is None:
            config = _CONFIG_FILE.get()
            folder = config.parent if config is not None else Path()
            self.calendar.holidays_file = folder / HOLIDAYS_FILE
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
        toml = read_toml(_CONFIG_FILE.get())
        return (
            init_settings,
            SectionEnvSource(settings_cls),
            ListEnvSource(settings_cls, toml),
            DictSource(settings_cls, toml),
        )


def load_settings(path: Path | None = None, **overrides: Any) -> Settings:
    """Load settings from `path` (may be absent) and the environment; raise ConfigError."""
    from pydantic import ValidationError

    _check_env_sections()
    token = _CONFIG_FILE.set(path)
    try:
        settings = Settings(**overrides)
    except ValidationError as exc:
        raise ConfigError(str(path or "环境变量"), describe(exc)) from exc
    except ValueError as exc:
        raise ConfigError(str(path or "环境变量"), [str(exc)]) from exc
    finally:
        _CONFIG_FILE.reset(token)
    if path is not None and path.is_file():
        settings._config_file = path.resolve()
    return settings


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
