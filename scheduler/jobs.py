"""The job table: every scheduled push, with its stable id (SPEC §4)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from core.settings import ScheduleSettings
from domain import meeting_days
from scheduler import calendar as calendar_job
from scheduler import digest, issue_loop, leader_weekly, plan_year, ranking, reminders, warnings
from scheduler import retention as retention_job
from scheduler import stats_list as stats_job
from scheduler.context import JobContext, JobResult
from storage.repos.occasions import moved_occasions


@dataclass(frozen=True)
class Job:
    """A job: id, what it is, when it fires each day, and the function computing its pushes."""

    id: str
    title: str
    setting: Callable[[ScheduleSettings], str]
    due: Callable[[JobContext, date], bool]
    run: Callable[[JobContext, datetime], Awaitable[JobResult]]

    def next_runs(self, ctx: JobContext, after: datetime, count: int = 1) -> list[datetime]:
        """The next `count` times the job will have something to do (within 400 days)."""
        hour, minute = self.time_of_day(ctx.settings.schedule)
        runs: list[datetime] = []
        day = after.date()
        for _ in range(400):
            at = datetime.combine(day, time(hour, minute), after.tzinfo)
            if at > after and self.due(ctx, day):
                runs.append(at)
                if len(runs) == count:
                    break
            day += timedelta(days=1)
        return runs

    async def next_run(self, ctx: JobContext, after: datetime) -> datetime | None:
        """When the job next has something to do, a 调度会 moved by `/调度会 改期` included."""
        if self.id != meeting_days.JOB:
            runs = self.next_runs(ctx, after)
            return runs[0] if runs else None
        async with ctx.db.read() as session:
            moved = await moved_occasions(session, meeting_days.JOB)
        upcoming = meeting_days.pending(ctx, after, moved)
        return meeting_days.fire_time(ctx, upcoming[0].day) if upcoming else None

    def time_of_day(self, schedule: ScheduleSettings) -> tuple[int, int]:
        """(hour, minute) the job fires at; the job itself decides whether the day counts."""
        clock = self.setting(schedule).split()[-1]
        hour, _, minute = clock.partition(":")
        return int(hour), int(minute)


def build_jobs() -> dict[str, Job]:
    """Every job by id, in the order they are listed to people."""
    jobs = [
        Job(
            id="weekly_reminder",
            title="每周调度提醒（周一开启填报）",
            setting=lambda s: s.weekly_reminder,
            due=reminders.reminder_due,
            run=reminders.weekly_reminder,
        ),
        Job(
            id="nudge",
            title="催报（周四提醒仍未报送者）",
            setting=lambda s: s.nudge,
            due=reminders.nudge_due,
            run=reminders.nudge,
        ),
        Job(
            id="deadline_close",
            title="报送截止（未报清单给领导和专班）",
            setting=lambda s: s.deadline_close,
            due=reminders.close_due,
            run=reminders.deadline_close,
        ),
        Job(
            id="biweekly_digest",
            title="双周调度会简报（隔周周二，领导群及各包联领导）",
            setting=lambda s: s.biweekly_digest,
            due=meeting_days.digest_due,
            run=digest.biweekly_digest,
        ),
        Job(
            id="leader_weekly",
            title="包联领导周调度（每周一，各领导包联项目）",
            setting=lambda s: s.leader_weekly,
            due=leader_weekly.leader_weekly_due,
            run=leader_weekly.leader_weekly,
        ),
        Job(
            id="monthly_ranking",
            title="月度晾晒/赛马排名（每月第一个工作日，所有群）",
            setting=lambda s: s.monthly_ranking,
            due=ranking.ranking_due,
            run=ranking.monthly_ranking,
        ),
        Job(
            id="stats_list",
            title="入库纳统清单（每月第一个工作日，专班办公室）",
            setting=lambda s: s.stats_list,
            due=ranking.ranking_due,
            run=stats_job.stats_list,
        ),
        Job(
            id="lights",
            title="亮灯预警（新亮、变化的红黄灯与节点预警）",
            setting=lambda s: s.lights,
            due=warnings.lights_due,
            run=lambda ctx, at: warnings.lights(ctx, at, dry_run=ctx.dry_run),
        ),
        Job(
            id="issue_loop",
            title="问题办理（到期提醒、超期督办、升级）",
            setting=lambda s: s.issue_loop,
            due=issue_loop.issue_loop_due,
            run=lambda ctx, at: issue_loop.issue_loop(ctx, at, dry_run=ctx.dry_run),
        ),
        Job(
            id="calendar_check",
            title="节假日数据检查（12月提醒补充下一年）",
            setting=lambda s: s.calendar_check,
            due=calendar_job.calendar_check_due,
            run=calendar_job.calendar_check,
        ),
        Job(
            id="plan_year_check",
            title="年度计划检查（12月每周提醒下一年计划，1月首个工作日汇总年度切换）",
            setting=lambda s: s.plan_year_check,
            due=plan_year.plan_year_check_due,
            run=plan_year.plan_year_check,
        ),
        Job(
            id="retention",
            title="清理旧记录（已答复的消息、已送达的推送，超过保留天数）",
            setting=lambda s: s.retention,
            due=retention_job.retention_due,
            run=retention_job.retention,
        ),
    ]
    return {job.id: job for job in jobs}
