"""[targets]: the office's own headline targets (SPEC §9), defaults from 城区's 2025 plan."""

from __future__ import annotations

from pydantic import Field, field_validator, model_validator

from core.settings.sections import Section

QUARTERS = ("一季度", "上半年", "前三季度", "全年")


def _quarterly(values: list[int], what: str) -> list[int]:
    """Four cumulative percentages, one per quarter end, never falling and at most 100."""
    if len(values) != 4:
        raise ValueError(f"{what}须为 4 个数（一季度、上半年、前三季度、全年末的累计百分比）")
    if any(v < 0 or v > 100 for v in values):
        raise ValueError(f"{what}的百分比须在 0 到 100 之间（实际 {values}）")
    if values != sorted(values):
        raise ValueError(f"{what}须逐季不减（实际 {values}）：后一季度的目标不能低于前一季度")
    return values


class RaceWeights(Section):
    investment: int = Field(default=40, ge=0, le=100)
    """Weight of 投资完成 (done against 序时) in the bi-monthly 赛马 score."""
    starts: int = Field(default=30, ge=0, le=100)
    """Weight of 开复工 (the 开复工率)."""
    stats: int = Field(default=15, ge=0, le=100)
    """Weight of 入统 (the 入统率 of started projects)."""
    issues: int = Field(default=15, ge=0, le=100)
    """Weight of 问题办结 (issues closed of those raised this year)."""

    @model_validator(mode="after")
    def _hundred(self) -> RaceWeights:
        total = self.investment + self.starts + self.stats + self.issues
        if total != 100:
            raise ValueError(f"赛马四项权重之和须为 100（实际 {total}）")
        return self


class TargetSettings(Section):
    new_start_by_quarter: list[int] = Field(default=[40, 80, 100, 100])
    """% of the year's 新建 projects started by the end of Q1, H1, Q3 and the year (城区: 40/80/100;
    陵川: 50/90/100; 阳泉: 35 in Q1)."""
    resume_rate: int = Field(default=100, ge=0, le=100)
    """% of 续建 projects resumed (复工) by resume_by."""
    resume_by: str = "03-31"
    """MM-DD by which 续建 projects must have resumed (also the 复工 light's line)."""
    investment_by_quarter: list[int] = Field(default=[18, 50, 80, 100])
    """Cumulative % of the annual plan done by the end of Q1, H1, Q3 and the year."""
    stats_rate: int = Field(default=100, ge=0, le=100)
    """% of started projects in the statistics (入统) within [lights] stats_grace_months."""
    key_threshold_wan: int = Field(default=5000, ge=0)
    """A project whose annual plan is at least this (万元) is a key project (重点项目)."""
    key_investment_target_wan: int = Field(default=930000, ge=0)
    """What the key projects should complete this year, in 万元 (城区: 93亿; 0: no target)."""
    key_share: int = Field(default=0, ge=0, le=100)
    """% of all investment the key projects should make up (阳泉: 65; 0: no target)."""
    key_tags: list[str] = Field(default=["20大重点项目", "1355"])
    """The 重点类别 tags an office uses (the ledger's 重点类别 column); filters accept these."""
    completion_warn_days: int = Field(default=30, ge=0)
    """A project this many days before its planned 竣工 and not declared done is yellow."""
    race: RaceWeights = Field(default_factory=RaceWeights)
    """Weights of the bi-monthly 赛马 score."""

    @field_validator("new_start_by_quarter")
    @classmethod
    def _starts(cls, values: list[int]) -> list[int]:
        return _quarterly(values, "new_start_by_quarter（新建开工目标）")

    @field_validator("investment_by_quarter")
    @classmethod
    def _investment(cls, values: list[int]) -> list[int]:
        return _quarterly(values, "investment_by_quarter（投资完成目标）")

    @field_validator("resume_by")
    @classmethod
    def _resume_by(cls, value: str) -> str:
        month, _, day = value.partition("-")
        if not (month.isdigit() and day.isdigit() and 1 <= int(month) <= 12):
            raise ValueError(f"日期“{value}”应写成 MM-DD，如 03-31")
        from datetime import date

        try:
            date(2024, int(month), int(day))
        except ValueError as exc:
            raise ValueError(f"日期“{value}”不存在") from exc
        return value

    @property
    def resume_deadline(self) -> tuple[int, int]:
        """(month, day) of resume_by."""
        month, _, day = self.resume_by.partition("-")
        return int(month), int(day)
