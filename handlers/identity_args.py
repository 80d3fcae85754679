"""What the identity commands share: their arguments and the audit line each change leaves."""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel, Field, field_validator

from handlers.context import Context
from storage.repos import audit as audit_trail

MOBILE = re.compile(r"^1\d{10}$")


class MobileArgs(BaseModel):
    """A mobile number argument."""

    mobile: str = Field(title="手机号")

    @field_validator("mobile")
    @classmethod
    def _mobile(cls, value: str) -> str:
        value = value.replace("-", "").replace(" ", "")
        if not MOBILE.match(value):
            raise ValueError(f"“{value[:20]}”不是 11 位手机号")
        return value


class ConfirmArgs(MobileArgs):
    """A mobile number and, when several accounts asked for it, which one (1, 2, …)."""

    choice: int | None = Field(default=None, ge=1, le=99, title="序号")


def masked(mobile: str) -> str:
    """`139****0005`: enough for its owner to recognise, not enough to learn it."""
    return f"{mobile[:3]}****{mobile[-4:]}"


async def audit(ctx: Context, action: str, mobile: str, **detail: Any) -> None:
    """Record who did what to the identity of the person with `mobile`."""
    actor = ctx.sender.name if ctx.sender else ctx.msg.sender_id
    await audit_trail.note(
        ctx.session,
        at=ctx.now,
        actor=actor,
        entity="identity",
        entity_key=mobile,
        action=action,
        detail={"platform": ctx.msg.platform, "external_id": ctx.msg.sender_id, **detail},
    )
