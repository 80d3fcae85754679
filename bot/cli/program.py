"""How to type `diaodu` again, for the commands the verbs suggest.

After `make run` the program is `.venv/bin/diaodu`, not on PATH, and the demo's database is
named by `--config demo/demo.toml`: a suggested `diaodu jobs run …` was "command not found",
then 没有找到配置文件. Suggestions are written the way this run was typed.
"""

from __future__ import annotations

import shlex
import shutil
import sys
from pathlib import Path


def program() -> str:
    """`diaodu` when that name finds this program, else the path it was run by."""
    script = Path(sys.argv[0])
    if script.name != "diaodu":  # run some other way (python -c, a test): the usual name
        return "diaodu"
    found = shutil.which("diaodu")
    if found is not None and Path(found).resolve() == script.resolve():
        return "diaodu"
    return shlex.quote(sys.argv[0])


def command(rest: str, config: Path | None = None) -> str:
    """The command line `diaodu [--config FILE] rest` as this user can run it."""
    where = f" --config {shlex.quote(str(config))}" if config is not None else ""
    return f"{program()}{where} {rest}"
