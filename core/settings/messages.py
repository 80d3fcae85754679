"""The [messages] section: the phone budget of each audience's pushes and of long replies."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from core.settings.sections import Section
from domain.budget import Budget


class BudgetSettings(BaseModel):
    """One audience's budget: lines, characters (@mentions and spaces not counted), top N."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    lines: int = Field(default=30, ge=5)
    chars: int = Field(default=900, ge=100)
    top: int = Field(default=10, ge=1)

    def budget(self) -> Budget:
        """The domain value."""
        return Budget(self.lines, self.chars, self.top)


class MessageSettings(Section):
    owners: BudgetSettings = Field(default_factory=BudgetSettings)
    """Pushes to the owners groups: lines, characters and the longest list (top N)."""
    units: BudgetSettings = Field(default_factory=BudgetSettings)
    """Pushes to each unit's group."""
    leaders: BudgetSettings = Field(default_factory=BudgetSettings)
    """Pushes to the leaders group."""
    office: BudgetSettings = Field(default_factory=BudgetSettings)
    """Pushes to the office group."""
    person: BudgetSettings = Field(default_factory=BudgetSettings)
    """Messages to one person (1:1: an owner's or a leader's own projects)."""
    replies: BudgetSettings = Field(default_factory=BudgetSettings)
    """Long replies (/亮灯, /未报, /问题清单): counts by unit and the top N."""

    def for_role(self, role: str) -> Budget:
        """The budget of a group role (`owners`, `leaders`, `office`, `unit:<单位>`) or `person`."""
        if role.startswith("unit:"):
            return self.units.budget()
        chosen: BudgetSettings = getattr(self, role, self.owners)
        return chosen.budget()
