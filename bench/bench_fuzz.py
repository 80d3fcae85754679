"""The fuzz suites run long (run: python bench/bench_fuzz.py [--examples N]).

`make test` runs tests/test_fuzz_parsers.py and tests/test_fuzz_http.py with a small, fixed set
of examples (the "ci" profile of tests/support/fuzz.py). This runs them with the "long"
profile: thousands of fresh random examples per test, set DIAODU_TEST_PG_URL to include
PostgreSQL. It prints how long it took; a failure prints Hypothesis's smallest example.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SUITES = ["tests/test_fuzz_parsers.py", "tests/test_fuzz_http.py"]


def main() -> int:
    """Run the fuzz suites under the long profile; the exit status is pytest's."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--examples", type=int, default=3_000, help="examples per test")
    args = parser.parse_args()
    env = {**os.environ, "HYPOTHESIS_PROFILE": "long", "DIAODU_FUZZ_EXAMPLES": str(args.examples)}
    started = time.perf_counter()
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *SUITES]
    status = subprocess.run(command, cwd=ROOT, env=env, check=False).returncode
    print(f"fuzz, {args.examples} examples per test: {time.perf_counter() - started:.0f} s")
    return status


if __name__ == "__main__":
    sys.exit(main())
