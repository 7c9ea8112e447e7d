"""Start to the first frame of the home screen with N tandems, against a minimal Textual app.

Both run as real processes in a pseudo-terminal of 120x36, as a user starts them:
the clock runs from the spawn until a frame, recognised by text only it holds, has
been written to the terminal. Two moments are timed: the first frame that shows the
list (the first name), and the first complete one (the footer's keys too: Textual's
own footer shows them a few frames after the rest). The baseline is the smallest
useful Textual app (a header, a list of the 34 names, a footer), started the same
way in the same run, alternating with ours so that both see the same machine load.

    python -m bench.startup [--runs 15] [--tandems 34]

It also reads each process's memory (resident set, /proc) at its first frame.

Not a test: it prints figures and never fails on a timing.
"""

from __future__ import annotations

import argparse
import fcntl
import os
import select
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import textwrap
import time
from pathlib import Path

from tandem_tui.model import Participant, Tandem
from tandem_tui.store import Store

TANDEMS = 34
SIZE = (120, 36)
TIMEOUT = 30.0

MINIMAL_APP = textwrap.dedent(
    """
    from textual.app import App
    from textual.widgets import Footer, Header, OptionList

    class Minimal(App[None]):
        BINDINGS = [("q", "quit", "Quit")]

        def compose(self):
            yield Header()
            yield OptionList(*[f"Mentor {n} and Mentee {n}" for n in range(COUNT)])
            yield Footer()

    Minimal().run()
    """
)


def seed(home: Path, count: int = TANDEMS) -> None:
    with Store.open(home) as store:
        store.add_tandems(
            [
                Tandem(
                    id=f"tandem-{n:05d}",
                    mentor=Participant(f"Mentor {n}"),
                    mentee=Participant(f"Mentee {n}"),
                    program="reverse-mentoring-en",
                )
                for n in range(count)
            ]
        )


def time_to_first_frame(
    command: list[str], markers: list[bytes], env: dict[str, str]
) -> tuple[float, float, int]:
    """Seconds from spawning `command` in a pty until the first marker has been written
    and until every marker has, and the process's resident memory (KiB) then."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", SIZE[1], SIZE[0], 0, 0))
    started = time.perf_counter()
    process = subprocess.Popen(
        command, stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True
    )
    os.close(slave)
    seen = b""
    first: float | None = None
    try:
        while not all(marker in seen for marker in markers):
            if first is None and markers[0] in seen:
                first = time.perf_counter() - started
            if time.perf_counter() - started > TIMEOUT:
                raise RuntimeError(f"no first frame from {command} within {TIMEOUT:.0f} s")
            ready, _, _ = select.select([master], [], [], 0.5)
            if ready:
                try:
                    seen += os.read(master, 1 << 16)
                except OSError as error:  # the child exited: show what it said
                    raise RuntimeError(seen.decode(errors="replace")[-2000:]) from error
        elapsed = time.perf_counter() - started
        return first if first is not None else elapsed, elapsed, _resident_kib(process.pid)
    finally:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        os.close(master)


def _resident_kib(pid: int) -> int:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    for line in status.splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=15, help="starts of each app (default 15)")
    parser.add_argument("--tandems", type=int, default=TANDEMS, help=f"default {TANDEMS}")
    args = parser.parse_args()
    count = args.tandems

    with tempfile.TemporaryDirectory() as scratch:
        home = Path(scratch) / "home"
        seed(home, count)
        minimal = Path(scratch) / "minimal.py"
        minimal.write_text(f"COUNT = {count}\n{MINIMAL_APP}", encoding="utf-8")
        env = {**os.environ, "TERM": "xterm-256color", "TANDEM_TUI_HOME": str(home)}
        env.pop("TEXTUAL", None)
        # pip compiles an installed package to bytecode; a source checkout with this set
        # would compile our modules on every start and measure that instead.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        apps = {
            "tandem-tui home": (
                [sys.executable, "-m", "tandem_tui"],
                [b"Mentor 0", b"Overview"],
            ),
            "minimal Textual app": ([sys.executable, str(minimal)], [b"Mentor 0", b"Quit"]),
        }
        # per app: seconds to the first frame with the list, to the first complete one
        times: dict[str, tuple[list[float], list[float]]] = {name: ([], []) for name in apps}
        memory: dict[str, list[int]] = {name: [] for name in apps}
        for command, markers in apps.values():  # one warm-up each: disk caches, the index
            time_to_first_frame(command, markers, env)
        for run in range(args.runs):
            for name, (command, markers) in apps.items():
                listed, complete, kib = time_to_first_frame(command, markers, env)
                times[name][0].append(listed)
                times[name][1].append(complete)
                memory[name].append(kib)
            print(f"\rrun {run + 1} of {args.runs}", end="", file=sys.stderr, flush=True)
        print(file=sys.stderr)

    print(f"start to first frame, {count} tandems, {SIZE[0]}x{SIZE[1]}, {args.runs} runs each")
    target = 1.1 if count <= TANDEMS else 1.25
    for moment, which in (("the list shown", 0), ("complete, with the footer's keys", 1)):
        print(f"  to the first frame {moment}:")
        for name, values in times.items():
            print(
                f"    {name:<20} median {statistics.median(values[which]) * 1000:7.1f} ms"
                f"   min {min(values[which]) * 1000:7.1f} ms"
            )
        ours, minimal = times["tandem-tui home"][which], times["minimal Textual app"][which]
        # Each run starts the two back to back: the ratio within a pair cancels slow spells.
        paired = statistics.median(a / b for a, b in zip(ours, minimal, strict=True))
        print(
            f"    ratio of the medians {statistics.median(ours) / statistics.median(minimal):.2f},"
            f" of the fastest {min(ours) / min(minimal):.2f},"
            f" median within pairs {paired:.2f}  (target: at most {target})"
        )
    print("  memory at the complete frame:")
    for name, values in memory.items():
        print(f"    {name:<20} median {statistics.median(values) / 1024:6.1f} MiB")
    extra = (
        statistics.median(memory["tandem-tui home"])
        - statistics.median(memory["minimal Textual app"])
    ) / 1024
    print(f"    beyond the minimal app: {extra:.1f} MiB  (target at 1,000: at most 15)")


if __name__ == "__main__":
    main()
