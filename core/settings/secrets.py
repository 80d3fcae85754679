"""Secrets in the settings: tokens and keys that guard an endpoint must be too long to guess."""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, SecretStr

MIN_SECRET = 16
"""Shortest token or key accepted; shorter ones (and empty ones) are a configuration error."""


def _long_enough(value: SecretStr) -> SecretStr:
    length = len(value.get_secret_value().strip())
    if length == 0:
        raise ValueError("不能为空；不用时请删除这一项")
    if length < MIN_SECRET:
        raise ValueError(
            f"太短（{length} 个字符），至少 {MIN_SECRET} 个字符；请使用平台生成的随机值"
        )
    return value


Secret = Annotated[SecretStr, AfterValidator(_long_enough)]
"""A SecretStr of at least MIN_SECRET characters (never logged, never empty)."""
