"""Reports through the full inbound path vs a bare aiohttp handler (SPEC §8); prints figures.

Run: .venv/bin/python bench/bench_reports.py [--messages 2000] [--concurrency 20]
Also times reading one long pasted line (6,000 and 20,000 characters).
Everything runs on 127.0.0.1 in this process's own temporary directory.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

from aiohttp import ClientSession, web

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.app import create_app
from bot.keys import DB
from core.settings import load_settings
from handlers.reports.grammar import parse_report_message
from handlers.reports.lines import read_line
from storage.demo.ledger import DEMO_OWNER_MOBILE, build_demo_workbook
from storage.ledger import import_ledger

TEXT = "进度 城区智慧物流园\n本月完成：1200万\n累计完成：{n}万\n形象进度：主体结构施工"


async def serve(app: web.Application) -> tuple[web.AppRunner, str]:
    """Start `app` on a free loopback port."""
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    return runner, f"http://127.0.0.1:{port}"


async def blast(url: str, bodies: list[dict[str, str]], concurrency: int) -> list[float]:
    """POST every body with `concurrency` in flight; return each request's latency."""
    latencies: list[float] = []
    queue = list(reversed(bodies))
    async with ClientSession() as http:

        async def worker() -> None:
            while queue:
                body = queue.pop()
                start = time.perf_counter()
                async with http.post(url, json=body) as response:
                    await response.read()
                    assert response.status == 200, response.status
                latencies.append(time.perf_counter() - start)

        await asyncio.gather(*(worker() for _ in range(concurrency)))
    return latencies


def summary(name: str, latencies: list[float], seconds: float) -> float:
    """Print throughput and latency percentiles; return requests per second."""
    rate = len(latencies) / seconds
    p99 = statistics.quantiles(latencies, n=100)[98] * 1000
    print(
        f"{name:<22} {rate:8.0f} req/s   p50 {statistics.median(latencies) * 1000:6.1f} ms"
        f"   p99 {p99:6.1f} ms   ({len(latencies)} requests)"
    )
    return rate


async def main(messages: int, concurrency: int) -> None:
    """Measure the bare handler, then the report path, in the same run."""
    with tempfile.TemporaryDirectory() as folder:
        ledger = build_demo_workbook(Path(folder) / "ledger.xlsx", 2025)
        settings = load_settings(
            None,
            database={"url": f"sqlite+aiosqlite:///{folder}/bench.db"},
            clock={"now": "2025-04-24 10:00"},
            local={"enabled": True},
            schedule={"enabled": False},
        )
        app = create_app(settings)
        runner, base = await serve(app)
        await import_ledger(app[DB], Path(folder) / "ledger.xlsx", today=settings_today())
        bare = web.Application()

        async def ok(request: web.Request) -> web.Response:
            await request.read()
            return web.json_response({"replies": [{"text": "ok"}]})

        bare.router.add_post("/callback/local", ok)
        bare_runner, bare_base = await serve(bare)
        bodies = [
            {
                "msg_id": f"b{n}",
                "chat_id": "owners",
                "user_id": DEMO_OWNER_MOBILE,
                "text": TEXT.format(n=3000 + n),
            }
            for n in range(messages)
        ]
        start = time.perf_counter()
        bare_rate = summary(
            "bare aiohttp handler",
            await blast(f"{bare_base}/callback/local", bodies, concurrency),
            time.perf_counter() - start,
        )
        start = time.perf_counter()
        report_rate = summary(
            "progress reports",
            await blast(f"{base}/callback/local", bodies, concurrency),
            time.perf_counter() - start,
        )
        print(
            f"reports / bare = {report_rate / bare_rate:.2f} (SPEC §8 asks ≥ 0.25); "
            f"demo ledger: {ledger}"
        )
        await bare_runner.cleanup()
        await runner.cleanup()


def long_lines() -> None:
    """Time reading a pasted paragraph of 6,000 and of 20,000 characters on a report's line of
    its own, full of figures: it costs its length once, not once per digit in it."""
    sentence = "3号楼主体完成12层，4号楼完成8层，累计浇筑混凝土2.6万方；"
    for length in (6_000, 20_000):
        paragraph = (sentence * (length // len(sentence) + 1))[:length]
        read_line.cache_clear()  # a fresh read is what is timed, not the cached one
        start = time.perf_counter()
        parse_report_message(f"进度 城区智慧物流园\n形象进度：\n{paragraph}", settings_today())
        print(f"a {length:,}-character line read in {(time.perf_counter() - start) * 1000:.0f} ms")


def settings_today():
    """The frozen business date of the benchmark."""
    from datetime import date

    return date(2025, 4, 24)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--messages", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=20)
    args = parser.parse_args()
    asyncio.run(main(args.messages, args.concurrency))
    long_lines()
