"""Secrets in the settings: tokens and keys that guard an endpoint must be too long to guess."""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, SecretStr

MIN_SECRET = 16
"""Shortest token or key accepted; shorter ones (and empty ones) are a configuration error."""


# what the shipped examples (deploy/diaodu.env.example, config.example.toml) put there
_PLACEHOLDERS = ("change-me", "changeme", "instead of writing it here", "…")


def _long_enough(value: SecretStr) -> SecretStr:
    length = len(value.get_secret_value().strip())
    if any(mark in value.get_secret_value().lower() for mark in _PLACEHOLDERS):
        raise ValueError("还是示例里的占位值，请换成随机生成的值（如 openssl rand -hex 24 的输出）")
    if length == 0:
        raise ValueError("不能为空；不用时请删除这一项")
    if length < MIN_SECRET:
        raise ValueError(
            f"太短（{length} 个字符），至少 {MIN_SECRET} 个字符；请使用平台生成的随机值"
        )
    return value


Secret = Annotated[SecretStr, AfterValidator(_long_enough)]
"""A SecretStr of at least MIN_SECRET characters (never logged, never empty)."""
