"""A project's standing (figures and light) for replies, recorded in the light history."""

from __future__ import annotations

from typing import Any

from core.settings.light_rules import light_rules
from domain.light_rules import is_started, judged_from
from domain.light_types import Light, LightRules, Rule
from handlers.context import Context
from storage.models import Project
from storage.repos.light_history import record_lights
from storage.repos.standing import Standing, standings


def rules_of(ctx: Context) -> LightRules:
    """The light rules configured for this deployment."""
    return light_rules(ctx.settings, ctx.calendar)


async def standing_of(ctx: Context, project: Project) -> dict[str, Any]:
    """Figures and light of one project, as template data; today's light is recorded."""
    rows = await standings(
        ctx.session, ctx.now, rules_of(ctx), project_ids=[project.id], upcoming=True
    )
    # next year's project (loaded in December) has no light of this year to keep
    lit = [row for row in rows if row.project.entered_ledger_on <= ctx.today]
    await record_lights(ctx.session, ctx.today, lit, at=ctx.now)
    return standing_view(ctx, rows[0])


def standing_view(ctx: Context, row: Standing) -> dict[str, Any]:
    """Template data of a standing."""
    annual = row.project.annual_plan_yuan
    return {
        "id": row.project.id,
        "code": row.project.code,
        "name": row.project.name,
        "unit": row.unit,
        "level": row.project.level,
        "year": ctx.today.year,
        "has_plan": row.project.has_plan,
        "planned_completion": row.project.planned_completion,
        # a start still to come (新建 not begun): the card says when it is planned
        "planned_start": None
        if is_started(row.project.started_on, row.project.status)
        else row.project.planned_start,
        "completed_on": row.project.completed_on,
        "annual": annual,
        "done": row.ytd_done,
        "plan": row.plan_to_date,
        "ratio": row.ratio,
        "as_of": row.as_of,
        "completion": row.ytd_done / annual if annual else None,
        "light": light_view(ctx, row.light),
        "open_issues": row.open_issues,
        "judged_from": judged_from(ctx.today),
    }


def light_view(ctx: Context, light: Light) -> dict[str, Any]:
    """Colour, its configured label and the reasons of a light."""
    thresholds = rules_of(ctx).thresholds
    return {
        "color": light.color.value,
        "label": thresholds.label(light.color),
        "reasons": [r.text for r in light.shown],
        # besides the 序时 reason, which restates figures a card or list shows already
        "others": [r.text for r in light.shown if r.rule != Rule.SCHEDULE],
        "review": light.needs_review,
    }
