"""Where settings come from: the TOML file, and `DIAODU_…` environment variables."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any

from pydantic_settings import BaseSettings, EnvSettingsSource, PydanticBaseSettingsSource

from domain.files import why_unreadable
from domain.toml_errors import why_not_toml

ENV_PREFIX = "DIAODU_"


LIST_SECTIONS = ("bots", "groups")


class SectionEnvSource(EnvSettingsSource):
    """`DIAODU_<SECTION>__<KEY>` for the table sections (lists are handled separately)."""

    def __call__(self) -> dict[str, Any]:
        data = super().__call__()
        return {key: value for key, value in data.items() if key not in LIST_SECTIONS}


class ListEnvSource(PydanticBaseSettingsSource):
    """`DIAODU_BOTS__<name or index>__<KEY>` patches one [[bots]] / [[groups]] entry."""

    def __init__(self, settings_cls: type[BaseSettings], toml: dict[str, Any]) -> None:
        super().__init__(settings_cls)
        self._toml = toml

    def get_field_value(self, field: Any, field_name: str) -> tuple[Any, str, bool]:
        return None, field_name, False

    def __call__(self) -> dict[str, Any]:
        patched: dict[str, Any] = {}
        for section in LIST_SECTIONS:
            written = self._toml.get(section, [])
            if not isinstance(written, list) or not all(isinstance(i, dict) for i in written):
                raise ValueError(f"[{section}] 须写成 [[{section}]]（两层方括号，每一项一段）")
            items = [dict(item) for item in written]
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
            names = "、".join(str(item.get("name", "")) for item in items) or "无"
            raise ValueError(
                f"环境变量 {var} 找不到对应的 [[{section}]] 条目（已有的 name：{names}；"
                f"也可写序号，如 {prefix}0__{key.upper() or 'KEY'}）"
            )
        target[key.lower()] = value
        changed = True
    return changed


def _select_item(items: list[dict[str, Any]], selector: str) -> dict[str, Any] | None:
    if selector.isdigit() and int(selector) < len(items):
        return items[int(selector)]
    exact = next((item for item in items if str(item.get("name", "")) == selector), None)
    if exact is not None:
        return exact
    # environment variables are written in capitals: WX for the bot named wx, if only one
    folded = [item for item in items if str(item.get("name", "")).lower() == selector.lower()]
    return folded[0] if len(folded) == 1 else None


class DictSource(PydanticBaseSettingsSource):
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


def read_toml(path: Path | None) -> dict[str, Any]:
    """The TOML file as a dict ({} when there is none); ConfigError names a broken file."""
    if path is None or not path.exists():
        return {}
    text = ""
    try:
        text = path.read_text(encoding="utf-8")
        return tomllib.loads(text)
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(str(path), [f"TOML 格式错误：{why_not_toml(exc, text)}"]) from exc
    except OSError as exc:  # ./config.toml found but a folder, or another user's
        raise ConfigError(str(path), [f"无法读取配置文件：{why_unreadable(exc)}"]) from exc
