"""`diaodu doctor [--send-test GROUP]`: one line per check, non-zero exit on any failure."""

from __future__ import annotations

import argparse
import asyncio
import logging
from pathlib import Path

from bot.cli.doctor.report import Finding, failed
from core.settings import ConfigError, Settings


def run(args: argparse.Namespace, settings: Settings, config: Path | None) -> int:
    """Check everything, print one line per check and a summary; 1 when anything failed."""
    from bot.cli.doctor.run import diagnose

    logging.getLogger("alembic").setLevel(logging.WARNING)  # its start-up chatter is no finding
    print(f"配置文件：{config.resolve() if config else '（未找到，使用默认设置和环境变量）'}")
    return report(asyncio.run(diagnose(settings, args.send_test)))


def config_failed(error: ConfigError) -> int:
    """The config does not load: each problem as a failed check (nothing else can be checked)."""
    return report(
        [failed(f"配置 {error.source}：{problem}", "请改正后再运行") for problem in error.problems]
    )


def report(findings: list[Finding]) -> int:
    """Print the findings and a summary line; the exit status."""
    for finding in findings:
        print(finding.line())
    bad = sum(not finding.ok for finding in findings)
    if bad:
        print(f"检查完成：{len(findings) - bad} 项通过，{bad} 项未通过（见 ✘ 行）")
        return 1
    print(f"检查完成：{len(findings)} 项全部通过")
    return 0
