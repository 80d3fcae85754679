"""Weekly reminders on the Chinese working calendar, exactly once per occasion."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from aiohttp.test_utils import TestClient
from sqlalchemy import func, select

from bot.keys import CALENDAR, DB, RENDERER, SETTINGS
from domain.clock import parse_local_time
from scheduler.context import JobContext
from scheduler.jobs import build_jobs
from scheduler.runner import run_job
from storage.models import Outbox, Report
from tests.support.chat import chat
from tests.support.leaves import add_leave
from tests.support.reports import add_report
from tests.support.seed import OWNER, OWNER2

JOBS = build_jobs()


async def _run(ctx: JobContext, job: str, at: str) -> list[str]:
    pushes = await JOBS[job].run(ctx, parse_local_time(at))
    return [push.message.text for push in pushes]


async def test_monday_reminder_mentions_every_owner(ctx: JobContext) -> None:
    pushes = await JOBS["weekly_reminder"].run(ctx, parse_local_time("2025-04-21 09:00"))
    assert [p.group.name for p in pushes] == ["城区项目责任人群"]
    message = pushes[0].message
    assert "2025年第17周" in message.text
    assert "4月25日（周五）17:00" in message.text
    assert sorted(m.name for m in message.mentions) == ["张伟", "李娜"]
    assert {m.mobile for m in message.mentions} == {"13900000003", "13900000004"}


async def test_the_reminder_names_owners_by_unit_and_not_who_has_reported(
    ctx: JobContext,
) -> None:
    # 李娜 reported her only project before the opening (run late, or after a restart)
    await add_report(ctx.db, "P003", OWNER2, "2025-04-21 08:30", 1_000)
    [push] = await JOBS["weekly_reminder"].run(ctx, parse_local_time("2025-04-21 09:00"))
    assert [m.name for m in push.message.mentions] == ["张伟"]
    assert "北石店镇：@张伟" in push.message.text  # on a line of his unit, not at the end
    assert "李娜" not in push.message.text
    assert "（共 1 人）" in push.message.text


async def test_an_owner_on_leave_for_the_working_week_is_not_called(ctx: JobContext) -> None:
    async with ctx.db.write() as session:  # Monday to Friday: the weekend is no leave to ask
        await add_leave(
            session, OWNER, date(2025, 4, 21), date(2025, 4, 25), asked="2025-04-18 10:00"
        )
    pushes = await JOBS["weekly_reminder"].run(ctx, parse_local_time("2025-04-21 09:00"))
    assert [m.name for m in pushes[0].message.mentions] == ["李娜"]


async def test_labour_day_moves_the_opening_to_tuesday(ctx: JobContext) -> None:
    assert await _run(ctx, "weekly_reminder", "2025-05-05 09:00") == []  # 劳动节
    texts = await _run(ctx, "weekly_reminder", "2025-05-06 09:00")
    assert "2025年第19周" in texts[0]
    assert "5月9日（周五）" in texts[0]


async def test_national_day_week(ctx: JobContext) -> None:
    # 2025-09-29 is worked (week of 9-28 Sunday 调休 is the previous week); 10-01..08 off.
    assert await _run(ctx, "weekly_reminder", "2025-10-06 09:00") == []
    texts = await _run(ctx, "weekly_reminder", "2025-10-09 09:00")
    assert "2025年第41周" in texts[0]
    # the week's deadline: Friday 10-10 is worked; 10-11 (Saturday) is a 调休 working day
    assert "10月10日（周五）" in texts[0]


async def test_a_deadline_moved_by_new_year_says_why(ctx: JobContext) -> None:
    # 1月1日 2026 is a Thursday off: the week's reports are due on Wednesday, and owners were
    # not told why Friday did not hold
    [opening] = await _run(ctx, "weekly_reminder", "2025-12-29 09:00")
    assert "12月31日（周三）17:00 前" in opening and "；因元旦放假，截止提前。" in opening
    [nudge] = await _run(ctx, "nudge", "2025-12-30 15:00")
    assert "截止 12月31日（周三）17:00（因元旦放假提前）" in nudge
    [usual] = await _run(ctx, "weekly_reminder", "2025-04-21 09:00")
    assert "提前" not in usual


async def test_a_deadline_moved_by_new_year_takes_the_nudge_a_working_day_ahead(
    ctx: JobContext,
) -> None:
    # due Wednesday 12-31 (元旦 Thursday and Friday off): the nudge fired on Wednesday at
    # 15:00, two hours before the deadline, where a usual week gives a day's notice
    assert await _run(ctx, "nudge", "2025-12-31 15:00") == []
    [nudge] = await _run(ctx, "nudge", "2025-12-30 15:00")
    assert "截止 12月31日（周三）17:00（因元旦放假提前）" in nudge
    after = parse_local_time("2025-12-29 09:00")
    assert JOBS["nudge"].next_runs(ctx, after) == [parse_local_time("2025-12-30 15:00")]
    # a usual week keeps its Thursday, and 劳动节's week (off to Monday 5-5) its day too
    assert JOBS["nudge"].next_runs(ctx, parse_local_time("2025-04-21 09:00")) == [
        parse_local_time("2025-04-24 15:00")
    ]
    assert JOBS["nudge"].next_runs(ctx, parse_local_time("2025-05-05 09:00")) == [
        parse_local_time("2025-05-08 15:00")
    ]


async def test_week_without_working_day_has_no_obligation(ctx: JobContext) -> None:
    for day in ("2026-02-16", "2026-02-19", "2026-02-20"):  # 春节 2026
        for job in ("weekly_reminder", "nudge", "deadline_close"):
            assert await _run(ctx, job, f"{day} 17:00") == []


async def test_nudge_names_only_owners_still_missing(ctx: JobContext) -> None:
    async with ctx.db.write() as session:
        await add_leave(
            session, OWNER, date(2025, 4, 21), date(2025, 4, 27), asked="2025-04-20 10:00"
        )
    pushes = await JOBS["nudge"].run(ctx, parse_local_time("2025-04-24 15:00"))
    [push] = pushes
    assert [m.name for m in push.message.mentions] == ["李娜"]
    # who is missing, by unit with counts, as mentions written where they belong
    assert "西街街道 1 个：@李娜" in push.message.text
    assert "北石店镇" not in push.message.text  # 城区智慧物流园's owner is on leave
    assert "西街老旧小区改造" not in push.message.text  # never the project list


async def test_nudge_mentions_a_stand_in_in_the_owners_place(ctx: JobContext) -> None:
    async with ctx.db.write() as session:
        await add_leave(
            session,
            OWNER,
            date(2025, 4, 21),
            date(2025, 4, 27),
            asked="2025-04-20 10:00",
            stand_in="13900000004",
        )
    [push] = await JOBS["nudge"].run(ctx, parse_local_time("2025-04-24 15:00"))
    assert "北石店镇 3 个：@李娜" in push.message.text
    assert [m.name for m in push.message.mentions] == ["李娜"]


async def test_deadline_close_goes_to_leaders_and_office(ctx: JobContext) -> None:
    pushes = await JOBS["deadline_close"].run(ctx, parse_local_time("2025-04-25 17:00"))
    assert sorted(p.group.role for p in pushes) == ["leaders", "office"]
    text = pushes[0].message.text
    assert "未报进度 4 个项目" in text
    assert "1. 北石店镇 3 个" in text  # the units with most missing first
    assert "城区智慧物流园" not in text  # counts; the list is one command away
    assert "/未报 单位名" in text
    assert await _run(ctx, "deadline_close", "2025-04-24 17:00") == []


async def test_deadline_close_tells_leaders_and_office_different_things(ctx: JobContext) -> None:
    pushes = await JOBS["deadline_close"].run(ctx, parse_local_time("2025-04-25 17:00"))
    told = {p.group.role: p.message.text for p in pushes}
    assert told["leaders"] != told["office"]  # never the same list twice
    assert "张伟" not in told["leaders"]
    assert "1. 北石店镇 3 个：张伟" in told["office"]  # the office chases: who must report
    assert "2. 西街街道 1 个：李娜" in told["office"]


async def test_running_twice_queues_each_push_once(ctx: JobContext) -> None:
    at = parse_local_time("2025-04-21 09:00")
    first = await run_job(ctx, JOBS["weekly_reminder"], at)
    again = await run_job(ctx, JOBS["weekly_reminder"], at)
    assert (first, again) == (1, 0)
    async with ctx.db.read() as session:
        count = (await session.execute(select(func.count()).select_from(Outbox))).scalar_one()
    assert count == 1


async def test_next_runs_follow_the_calendar(ctx: JobContext) -> None:
    runs = JOBS["weekly_reminder"].next_runs(ctx, parse_local_time("2025-04-28 10:00"), count=2)
    assert [f"{r:%Y-%m-%d %H:%M}" for r in runs] == ["2025-05-06 09:00", "2025-05-12 09:00"]


async def test_the_years_first_reminder_says_the_cumulative_starts_again(ctx: JobContext) -> None:
    [first] = await _run(ctx, "weekly_reminder", "2026-01-05 09:00")
    assert "新年起本年累计从1月1日重新算；2025年12月的数字请加一行“月份：12月”补报。" in first
    [second] = await _run(ctx, "weekly_reminder", "2026-01-12 09:00")
    assert "新年" not in second


async def test_a_past_reminder_calls_an_owner_who_reported_only_after_it(
    backend_ctx: JobContext,
) -> None:
    # 李娜 reported at 10:00: the 09:00 reminder, previewed afterwards, @'d her then; a preview
    # at 10:30 sees her report
    preview = replace(backend_ctx, dry_run=True)
    await add_report(backend_ctx.db, "P003", OWNER2, "2025-04-21 10:00", 1_000)
    [then] = await JOBS["weekly_reminder"].run(preview, parse_local_time("2025-04-21 09:00"))
    assert sorted(m.name for m in then.message.mentions) == ["张伟", "李娜"]
    assert "西街街道：@李娜" in then.message.text and "（共 2 人）" in then.message.text
    [now] = await JOBS["weekly_reminder"].run(preview, parse_local_time("2025-04-21 10:30"))
    assert [m.name for m in now.message.mentions] == ["张伟"]
    assert "李娜" not in now.message.text


async def test_a_reminder_sent_late_leaves_out_who_reported_meanwhile(
    backend_ctx: JobContext,
) -> None:
    # the 09:00 reminder sent at 10:30 (after a restart): 李娜, who reported at 10:00, is not @'d
    await add_report(backend_ctx.db, "P003", OWNER2, "2025-04-21 10:00", 1_000)
    [late] = await JOBS["weekly_reminder"].run(backend_ctx, parse_local_time("2025-04-21 09:00"))
    assert [m.name for m in late.message.mentions] == ["张伟"]


async def test_the_nudge_and_the_friday_list_leave_out_reports_sent_after_them(
    ctx: JobContext,
) -> None:
    preview = replace(ctx, dry_run=True)
    await add_report(ctx.db, "P003", OWNER2, "2025-04-25 18:30", 1_000)  # late: 迟报
    pushes = await JOBS["deadline_close"].run(preview, parse_local_time("2025-04-25 17:00"))
    told = {p.group.role: p.message.text for p in pushes}
    assert "2. 西街街道 1 个：李娜" in told["office"]
    assert "未报进度 4 个项目" in told["leaders"]
    [nudge] = await _run(preview, "nudge", "2025-04-24 15:00")
    assert "西街街道 1 个：@李娜" in nudge


async def test_a_report_taken_back_after_the_reminder_had_been_sent_then(ctx: JobContext) -> None:
    preview = replace(ctx, dry_run=True)
    report_id = await add_report(ctx.db, "P003", OWNER2, "2025-04-21 08:30", 1_000)
    async with ctx.db.write() as session:  # /撤回 at 10:00: owed again from then on
        report = await session.get(Report, report_id)
        assert report is not None
        report.withdrawn_at = parse_local_time("2025-04-21 10:00")
    [then] = await JOBS["weekly_reminder"].run(preview, parse_local_time("2025-04-21 09:00"))
    assert [m.name for m in then.message.mentions] == ["张伟"]
    [now] = await JOBS["weekly_reminder"].run(preview, parse_local_time("2025-04-21 10:30"))
    assert sorted(m.name for m in now.message.mentions) == ["张伟", "李娜"]


async def test_a_past_reminder_calls_an_owner_who_asked_for_leave_only_after_it(
    client: TestClient,
) -> None:
    # 李娜 asks for the week's leave on Thursday 10:00 (the app's clock): Monday's 09:00
    # reminder, previewed now, @'d her then; a run that sends excuses her
    app = client.app
    assert "已登记请假" in await chat(client, OWNER2, "/请假 4月21日至4月25日")
    sent = JobContext(app[DB], app[SETTINGS], app[CALENDAR].current, app[RENDERER].render)
    monday = parse_local_time("2025-04-21 09:00")
    [then] = await JOBS["weekly_reminder"].run(replace(sent, dry_run=True), monday)
    assert sorted(m.name for m in then.message.mentions) == ["张伟", "李娜"]
    assert "西街街道：@李娜" in then.message.text and "（共 2 人）" in then.message.text
    [now] = await JOBS["weekly_reminder"].run(sent, monday)
    assert [m.name for m in now.message.mentions] == ["张伟"]
    assert "李娜" not in now.message.text
