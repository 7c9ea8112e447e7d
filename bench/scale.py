"""The commands at the scale of a program: `tandem list`, `report --json` and `export --all`
at 34, 1,000 and 10,000 tandems, as a user runs them (a new process each time).

The baseline, in the same run: a bare interpreter start (`python -c pass`), which
no command can beat, and `tandem-tui --version`. Each command's time is printed with
its ratio to the bare start and its target from issue 12: list and report at most
1 s at 1,000 tandems and 3 s at 10,000, export at most 5 ms a tandem, `--version` at
most twice the bare start. Seeding 10,000 tandems takes a while: `--sizes 34 1000`
leaves it out.

    python -m bench.scale [--sizes 34 1000 10000] [--runs 3]

Not a test: it prints figures and never fails on a timing.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from zoneinfo import ZoneInfo

from bench import export

BERLIN = ZoneInfo("Europe/Berlin")


def seed(home: Path, count: int) -> None:
    """`count` tandems, each with a next meeting and three follow-ups."""
    export.seed(home, count, followups=3)


def timed(command: list[str], env: dict[str, str], runs: int) -> float:
    """The median seconds of `runs` runs (after one warm-up), checking each succeeds."""
    times = []
    for run in range(runs + 1):
        started = time.perf_counter()
        done = subprocess.run(command, env=env, capture_output=True)
        elapsed = time.perf_counter() - started
        if done.returncode != 0:
            raise RuntimeError(f"{command} failed: {done.stderr.decode()[-500:]}")
        if run:
            times.append(elapsed)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[34, 1000, 10000])
    parser.add_argument("--runs", type=int, default=3, help="timed runs of each (default 3)")
    args = parser.parse_args()
    tool = [sys.executable, "-m", "tandem_tui"]
    env = {**os.environ}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    bare = timed([sys.executable, "-c", "pass"], env, args.runs * 3)
    version = timed([*tool, "--version"], env, args.runs * 3)
    print(f"bare interpreter start   {bare * 1000:8.1f} ms")
    print(
        f"tandem-tui --version     {version * 1000:8.1f} ms   {version / bare:5.2f} x bare"
        "   (target: at most 2 x)"
    )
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as scratch:
            home, out = Path(scratch) / "home", Path(scratch) / "out"
            started = time.perf_counter()
            seed(home, size)
            print(f"\n{size} tandems (seeded in {time.perf_counter() - started:.1f} s)")
            run_env = {**env, "TANDEM_TUI_HOME": str(home)}
            limit = 1.0 if size <= 1000 else 3.0
            for name, command in (
                ("tandem list", [*tool, "tandem", "list"]),
                ("report --json", [*tool, "report", "--json"]),
            ):
                seconds = timed(command, run_env, args.runs)
                print(
                    f"  {name:<22} {seconds * 1000:8.1f} ms   {seconds / bare:6.1f} x bare"
                    f"   (target: at most {limit:.0f} s)"
                )
            seconds = timed([*tool, "export", "--all", "-o", str(out)], run_env, args.runs)
            print(
                f"  {'export --all':<22} {seconds * 1000:8.1f} ms   "
                f"{seconds / size * 1000:6.2f} ms a tandem   (target: at most 5 ms a tandem)"
            )


if __name__ == "__main__":
    main()
