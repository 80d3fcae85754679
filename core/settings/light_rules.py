"""The light rules of a deployment, from its [lights], [plan], [schedule] and [reports] settings.

Chat, the read API and the jobs all take their rules from `light_rules`, the one place that
maps settings onto `domain.light_types.LightRules`.
"""

from __future__ import annotations

from dataclasses import fields

from core.settings import Settings
from domain.calendar import WorkCalendar
from domain.light_types import LightRules, LightThresholds
from domain.periods import DueTime

_THRESHOLDS = frozenset(f.name for f in fields(LightThresholds))


def light_rules(settings: Settings, calendar: WorkCalendar) -> LightRules:
    """The configured light rules (built once per settings and calendar: chat asks per message)."""
    cached = _last.get("rules")
    if cached is not None and cached[0] is settings and cached[1] is calendar:
        return cached[2]
    rules = _build(settings, calendar)
    # The objects are kept with the rules, so their identity cannot be reused by others.
    _last["rules"] = (settings, calendar, rules)
    return rules


def _build(settings: Settings, calendar: WorkCalendar) -> LightRules:
    """Thresholds from [lights], the reporting deadline and duty, the curve of [plan]."""
    chosen = {k: v for k, v in settings.lights.model_dump().items() if k in _THRESHOLDS}
    due = DueTime.parse(settings.schedule.report_deadline)
    exempt = frozenset(settings.reports.not_reporting_categories)
    resume = settings.targets.resume_deadline
    thresholds = LightThresholds(
        **chosen,
        report_due=due,
        not_reporting=exempt,
        resume_deadline=resume,
        completion_warn_days=settings.targets.completion_warn_days,
    )
    return LightRules(thresholds, tuple(settings.plan.default_curve), calendar)


_last: dict[str, tuple[Settings, WorkCalendar, LightRules]] = {}
