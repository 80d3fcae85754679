"""`GET /dashboard/monthly?month=YYYY-MM`: the 月报表 an office sends upward, as the CLI's
`diaodu export --monthly` writes it, for those who see every unit (the office and leaders).

Made on a reader thread like every page; a month not begun, one without data, or a viewer of
one unit is answered with a page saying why."""

from __future__ import annotations

from urllib.parse import quote

from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncSession

from bot.api import rules_of
from bot.dashboard import access
from bot.dashboard.pages import XLSX, refusal
from bot.keys import CLOCK, READERS, SETTINGS
from domain.dates import last_month_start, month_start
from storage.ledger.monthly import NothingToReport, monthly_report
from storage.ledger.print_book import print_book_bytes

ONLY_ALL = "月报表含全部单位，只向专班办公室和领导提供；本单位的数据请看“单位”页"


async def monthly(request: web.Request) -> web.StreamResponse:
    """The month's 月报表 (.xlsx), last month's when none is asked for."""
    try:
        viewer = await access.viewer(request)
    except access.Refused as refused:
        return await refusal(request, refused.status, refused.message)
    if not viewer.sees_all:
        return await refusal(request, 403, ONLY_ALL)
    app = request.app
    now = app[CLOCK].now()
    asked = request.query.get("month", "").strip()
    month = month_start(asked) if asked else last_month_start(now.date())
    if month is None:
        shown = asked[:20]
        example = f"{last_month_start(now.date()):%Y-%m}"  # last month: never a stale year
        return await refusal(request, 400, f"月份“{shown}”无效，请写成 {example} 这样的年-月")
    rules, targets = rules_of(app), app[SETTINGS].targets

    async def make(session: AsyncSession) -> bytes | str:
        try:
            report = await monthly_report(
                session, month=month, rules=rules, targets=targets, today=now.date(), now=now
            )
        except NothingToReport as exc:
            return str(exc)
        return print_book_bytes(report.tables, made_on=now.date())

    made = await app[READERS].run(make)
    if isinstance(made, str):
        return await refusal(request, 404, made)
    name = quote(f"{month.year}年{month.month}月 项目建设月报表.xlsx")
    disposition = f"attachment; filename=monthly.xlsx; filename*=UTF-8''{name}"
    return web.Response(body=made, content_type=XLSX, headers={"Content-Disposition": disposition})
