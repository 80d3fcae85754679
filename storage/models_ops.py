"""What the bot received, queued and remembers: groups, inbound log, outbox, audit, history."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column

from storage.model_base import Base, Stamp


class ChatGroup(Base):
    """A chat group the bot pushes to (from config)."""

    __tablename__ = "chat_groups"
    __table_args__ = (UniqueConstraint("platform", "name"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    platform: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(100))
    role: Mapped[str] = mapped_column(String(120))
    chat_id: Mapped[str | None] = mapped_column(String(200))
    webhook: Mapped[str | None] = mapped_column(String(500))


class Inbound(Base):
    """Every platform message, keyed by its platform message id (the de-duplication).

    The row is stored as soon as the message arrives (`state` "new") and answered from there
    ("done", `replies` filled), so a message acknowledged to its platform is never lost.
    """

    __tablename__ = "inbound"
    __table_args__ = (
        UniqueConstraint("platform", "bot", "platform_msg_id"),
        Index("ix_inbound_state", "state", "received_at"),
        Index("ix_inbound_received_at", "received_at"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    platform: Mapped[str] = mapped_column(String(20))
    bot: Mapped[str] = mapped_column(String(50))
    platform_msg_id: Mapped[str] = mapped_column(String(200))
    chat_id: Mapped[str | None] = mapped_column(String(200))
    sender: Mapped[str] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text)
    # What the platform said besides the text: a message answered from its row (the sweeper)
    # is answered as it was sent. Rows stored before these columns read as plain text.
    sender_name: Mapped[str | None] = mapped_column(Text)
    mentions: Mapped[list[Any] | None] = mapped_column(JSON)
    # The database's default only: a row given without them is still stored in place (a
    # Python-side default is worked out at execution, which storage.prepared leaves alone).
    addressed: Mapped[bool] = mapped_column(Boolean, server_default=false())
    unreadable: Mapped[bool] = mapped_column(Boolean, server_default=false())
    received_at: Mapped[datetime] = mapped_column(Stamp())
    replies: Mapped[list[Any] | None] = mapped_column(JSON)
    state: Mapped[str] = mapped_column(String(10), default="new", server_default="done")
    """new (stored, not answered yet) | done (answered; `replies` holds the answer)"""
    reply_to: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    """What answering out of band needs (sessionWebhook, response_url, …), per platform."""
    delivery: Mapped[str | None] = mapped_column(String(10))
    """How the answer went when it did not simply go in the response: late | response."""


class Outbox(Base):
    """A push waiting to be delivered, keyed by an idempotency key."""

    __tablename__ = "outbox"
    __table_args__ = (
        Index("ix_outbox_due", "status", "next_try_at"),
        Index("ix_outbox_recent", "destination", "sent_at"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    idempotency_key: Mapped[str] = mapped_column(String(300), unique=True)
    platform: Mapped[str] = mapped_column(String(20))
    destination: Mapped[str] = mapped_column(String(200))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(10), default="pending")
    """pending | claimed (leased by a worker) | sending (a request in flight) | sent | failed"""
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_try_at: Mapped[datetime] = mapped_column(Stamp())
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(Stamp())
    sent_at: Mapped[datetime | None] = mapped_column(Stamp())
    """When the last request body went out (set per part, so rate accounting can read it)."""
    parts_sent: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    """Request bodies already delivered; a retry resumes after them."""


class RobotPause(Base):
    """A robot that asked us to wait (rate limit): nothing goes to it before `paused_until`."""

    __tablename__ = "robot_pauses"
    robot: Mapped[str] = mapped_column(String(64), primary_key=True)
    """A digest of the robot's webhook URL (the URL itself is a credential)."""
    paused_until: Mapped[datetime] = mapped_column(Stamp())
    reason: Mapped[str | None] = mapped_column(Text)


class Audit(Base):
    """Who changed what in the ledger, reports and issues."""

    __tablename__ = "audit"
    __table_args__ = (Index("ix_audit_entity", "entity", "entity_key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(Stamp())
    actor: Mapped[str] = mapped_column(String(200))
    entity: Mapped[str] = mapped_column(String(30))
    entity_key: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(30))
    detail: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class LightRecord(Base):
    """A project's light and reasons for one day (light history)."""

    __tablename__ = "light_history"
    __table_args__ = (UniqueConstraint("project_id", "day"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    day: Mapped[date] = mapped_column(Date)
    color: Mapped[str] = mapped_column(String(10))
    schedule_ratio: Mapped[float | None] = mapped_column()
    reasons: Mapped[list[Any]] = mapped_column(JSON, default=list)
    recorded_at: Mapped[datetime | None] = mapped_column(Stamp(), nullable=True)
    """When the light was judged (None: before this was kept); it holds until the next day
    or reporting deadline (domain.lights.holds_since)."""


class LightNotice(Base):
    """The light the daily warnings last told people about, per project (changes are news)."""

    __tablename__ = "light_notices"
    project_id: Mapped[int] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True
    )
    day: Mapped[date] = mapped_column(Date)
    """When it was told."""
    color: Mapped[str] = mapped_column(String(10))
    before: Mapped[str | None] = mapped_column(String(10))
    """The colour told before that day (None: the day it was first recorded, untold)."""
    reasons: Mapped[list[Any]] = mapped_column(JSON, default=list)


class JobOverride(Base):
    """One occurrence of a scheduled job moved to another day (`/调度会 改期`); latest wins."""

    __tablename__ = "job_overrides"
    __table_args__ = (Index("ix_job_overrides_job_occasion", "job", "occasion"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    job: Mapped[str] = mapped_column(String(40))
    occasion: Mapped[str] = mapped_column(String(40))
    """The series occurrence moved, by its label (`2025-W17`)."""
    moved_to: Mapped[date] = mapped_column(Date)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    created_at: Mapped[datetime] = mapped_column(Stamp())


class PendingAnswer(Base):
    """A question the bot asked one person and waits on: `确认` a held report, or `是/否`."""

    __tablename__ = "pending_answers"
    __table_args__ = (UniqueConstraint("person_id", "kind"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))
    """confirm (a held report waits for 确认) | problem (是否登记为问题) | choose (which project)"""
    period: Mapped[str] = mapped_column(String(10))
    """The reporting period it was asked in; the answer counts only within it."""
    asked_at: Mapped[datetime] = mapped_column(Stamp())
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)


class BindRequest(Base):
    """An account asking to be bound to a leader or admin: waits for `/确认绑定` by an admin."""

    __tablename__ = "bind_requests"
    __table_args__ = (UniqueConstraint("person_id", "platform", "external_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    platform: Mapped[str] = mapped_column(String(20))
    external_id: Mapped[str] = mapped_column(String(200))
    sender_name: Mapped[str | None] = mapped_column(String(200))
    """The name the platform showed for the account, for the office to recognise it."""
    requested_at: Mapped[datetime] = mapped_column(Stamp())


class Undelivered(Base):
    """A message meant for someone that no configured group or account could carry."""

    __tablename__ = "undelivered"
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(300), unique=True)
    """Once per occasion: a message id, or a job run with the role it missed."""
    at: Mapped[datetime] = mapped_column(Stamp())
    source: Mapped[str] = mapped_column(String(40))
    """What was being sent: 交办, 督办, nudge, issue_loop …"""
    what: Mapped[str] = mapped_column(Text)
    target: Mapped[str] = mapped_column(String(200))
    reason: Mapped[str] = mapped_column(Text)
    issuer_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    listed_on: Mapped[date | None] = mapped_column(Date, index=True)
    """The day it was listed for the office (None: not yet)."""


class DashboardLink(Base):
    """A dashboard link handed out (`/看板`, pushes): whose view it opens, until when, and
    whether the office has revoked it. The URL carries only its id, signed."""

    __tablename__ = "dashboard_links"
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), index=True
    )
    """Whose view it opens; None: a group's link (`audience`)."""
    audience: Mapped[str] = mapped_column(String(120))
    """`person`, or the role of the group a push carried it to (`leaders`, `office`)."""
    created_at: Mapped[datetime] = mapped_column(Stamp())
    expires_at: Mapped[datetime] = mapped_column(Stamp())
    revoked_at: Mapped[datetime | None] = mapped_column(Stamp())
