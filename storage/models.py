"""SQLAlchemy models for every entity of SPEC §2 (amounts in integer yuan)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from storage.model_base import NAMING_CONVENTION, Base, Stamp, Yuan
from storage.models_ops import (
    Audit,
    BindRequest,
    ChatGroup,
    DashboardLink,
    Inbound,
    JobOverride,
    LightNotice,
    LightRecord,
    Outbox,
    PendingAnswer,
    RobotPause,
    Undelivered,
)

__all__ = [
    "NAMING_CONVENTION",
    "Audit",
    "Base",
    "BindRequest",
    "ChatGroup",
    "Counter",
    "DashboardLink",
    "Identity",
    "Inbound",
    "Issue",
    "IssueEvent",
    "JobOverride",
    "Leave",
    "LightNotice",
    "LightRecord",
    "Milestone",
    "Outbox",
    "PendingAnswer",
    "Person",
    "Project",
    "ProjectLeader",
    "ProjectOwner",
    "ProjectPlan",
    "Report",
    "RobotPause",
    "Stamp",
    "Undelivered",
    "Unit",
    "Yuan",
]


class Unit(Base):
    """A responsible unit: 乡镇, 街道, 部门 or 企业."""

    __tablename__ = "units"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    kind: Mapped[str] = mapped_column(String(10), default="部门")
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))


class Person(Base):
    """A person from the 人员 sheet, with roles and platform identities."""

    __tablename__ = "people"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
    mobile: Mapped[str] = mapped_column(String(20), unique=True)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    is_owner: Mapped[bool] = mapped_column(Boolean, default=False)
    is_leader: Mapped[bool] = mapped_column(Boolean, default=False)
    is_admin: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    identities: Mapped[list[Identity]] = relationship(lazy="raise_on_sql")


class Identity(Base):
    """A person's account on one platform (WeCom userid, DingTalk userId, Feishu open_id)."""

    __tablename__ = "identities"
    __table_args__ = (
        UniqueConstraint("platform", "external_id"),
        UniqueConstraint("person_id", "platform"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    platform: Mapped[str] = mapped_column(String(20))
    external_id: Mapped[str] = mapped_column(String(200))
    bound_by_chat: Mapped[bool] = mapped_column(Boolean, default=False)


class ProjectOwner(Base):
    """Link between a project and one of its 责任人."""

    __tablename__ = "project_owners"
    project_id: Mapped[int] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True
    )
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), primary_key=True, index=True)


class ProjectLeader(Base):
    """Link between a project and one of its 包联 leaders."""

    __tablename__ = "project_leaders"
    project_id: Mapped[int] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True
    )
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), primary_key=True, index=True)


class Project(Base):
    """A ledger project; what it plans for a year is its `ProjectPlan` of that year."""

    __tablename__ = "projects"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    aliases: Mapped[str] = mapped_column(String(300), default="")
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    locality: Mapped[str] = mapped_column(String(100), default="")
    category: Mapped[str] = mapped_column(String(10), default="续建")
    industry: Mapped[str] = mapped_column(String(20), default="")
    total_investment_yuan: Mapped[int] = mapped_column(Yuan, default=0)
    status: Mapped[str] = mapped_column(String(10), default="前期")
    started_on: Mapped[date | None] = mapped_column(Date)
    stats_entered_on: Mapped[date | None] = mapped_column(Date)
    resumed_on: Mapped[date | None] = mapped_column(Date)
    """The latest 复工 declared (a 续建 project resumes once a year)."""
    completed_on: Mapped[date | None] = mapped_column(Date)
    """竣工 as declared in a report."""
    entered_ledger_on: Mapped[date] = mapped_column(Date)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    milestones: Mapped[list[Milestone]] = relationship(
        lazy="raise_on_sql", order_by="Milestone.due_on"
    )


class ProjectPlan(Base):
    """A project's plan for one year (计划年度): annual and monthly plan, key level, dates.

    Several years live side by side: next year's plan is imported in December beside this
    year's, and every figure about a day uses the plan of that day's year. A project without
    a plan for a year is not judged on 序时 in that year.
    """

    __tablename__ = "project_plans"
    __table_args__ = (UniqueConstraint("project_id", "year"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    year: Mapped[int] = mapped_column(Integer, index=True)
    annual_plan_yuan: Mapped[int] = mapped_column(Yuan, default=0)
    monthly_plan_yuan: Mapped[list[Any] | None] = mapped_column(JSON)
    level: Mapped[str] = mapped_column(String(20), default="一般")
    is_key: Mapped[bool] = mapped_column(Boolean, default=False)
    planned_start: Mapped[date | None] = mapped_column(Date)
    planned_completion: Mapped[date | None] = mapped_column(Date)
    key_tags: Mapped[str] = mapped_column(String(200), default="", server_default="")
    """重点类别 of the year, 、-separated (20大重点项目, 1355 …)."""


class Milestone(Base):
    """A 节点 of a project: 赋码, 土地预审, 施工许可, 开工, 入统, 竣工 or free text."""

    __tablename__ = "milestones"
    __table_args__ = (UniqueConstraint("project_id", "name"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(50))
    due_on: Mapped[date | None] = mapped_column(Date)
    done_on: Mapped[date | None] = mapped_column(Date)


class Report(Base):
    """One 进度填报; a correction supersedes the earlier report of the same period."""

    __tablename__ = "reports"
    __table_args__ = (
        Index("ix_reports_project_period", "project_id", "period"),
        Index("ix_reports_project_month", "project_id", "month"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    period: Mapped[str] = mapped_column(String(10))  # ISO week label, e.g. 2025-W17
    month: Mapped[str] = mapped_column(String(7))  # 2025-04
    reporter_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    received_at: Mapped[datetime] = mapped_column(Stamp())
    period_investment_yuan: Mapped[int | None] = mapped_column(Yuan)
    ytd_investment_yuan: Mapped[int | None] = mapped_column(Yuan)
    progress_text: Mapped[str | None] = mapped_column(Text)
    problems_text: Mapped[str | None] = mapped_column(Text)
    plan_text: Mapped[str | None] = mapped_column(Text)
    figure_notes: Mapped[str | None] = mapped_column(Text)
    """Remarks bracketed after the figures, one line each (`本月完成：含设备款`)."""
    started_on: Mapped[date | None] = mapped_column(Date)
    stats_entered_on: Mapped[date | None] = mapped_column(Date)
    completed_on: Mapped[date | None] = mapped_column(Date)
    is_late: Mapped[bool] = mapped_column(Boolean, default=False)
    superseded_by_id: Mapped[int | None] = mapped_column(ForeignKey("reports.id"))
    withdrawn_at: Mapped[datetime | None] = mapped_column(Stamp())
    source_msg_id: Mapped[str | None] = mapped_column(String(200))
    raw_text: Mapped[str] = mapped_column(Text, default="")


class Issue(Base):
    """A problem (问题) in the 发现-交办-督办-销号 loop."""

    __tablename__ = "issues"
    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[int] = mapped_column(Integer, unique=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    text: Mapped[str] = mapped_column(Text)
    category: Mapped[str] = mapped_column(String(10), default="其他")
    raised_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    state: Mapped[str] = mapped_column(String(10), default="发现", index=True)
    assigned_unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    assigned_person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    deadline: Mapped[date | None] = mapped_column(Date)
    escalation_level: Mapped[int] = mapped_column(Integer, default=0)
    resolution: Mapped[str | None] = mapped_column(Text)
    close_requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    report_id: Mapped[int | None] = mapped_column(ForeignKey("reports.id"))
    created_at: Mapped[datetime] = mapped_column(Stamp())
    closed_at: Mapped[datetime | None] = mapped_column(Stamp())


class IssueEvent(Base):
    """One change of an issue, with who and when."""

    __tablename__ = "issue_events"
    id: Mapped[int] = mapped_column(primary_key=True)
    issue_id: Mapped[int] = mapped_column(ForeignKey("issues.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(Stamp())
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    action: Mapped[str] = mapped_column(String(20))
    from_state: Mapped[str | None] = mapped_column(String(10))
    to_state: Mapped[str | None] = mapped_column(String(10))
    note: Mapped[str | None] = mapped_column(Text)


class Counter(Base):
    """Named sequence (e.g. issue numbers) incremented under a row lock."""

    __tablename__ = "counters"
    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger, default=0)


class Leave(Base):
    """An owner's leave (请假): excused, or reports made by a stand-in (代报)."""

    __tablename__ = "leaves"
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    start_on: Mapped[date] = mapped_column(Date)
    end_on: Mapped[date] = mapped_column(Date)
    stand_in_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    created_at: Mapped[datetime] = mapped_column(Stamp())
