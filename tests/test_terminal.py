"""The installed app in a real pseudo-terminal: closing the terminal or killing the app
mid-meeting loses nothing that was typed, and the app is gone soon after.

These start `tandem-tui meet` as a user would, in a terminal of its own, and type
into it. Waits are for evidence (the typed text drawn on screen, the note on disk,
the process gone), each with a deadline, never a fixed sleep; the only chosen delays
are the random moments at which the stress test closes terminals. The real-time
promises checked here are the product's: a note reaches the disk within a second of
the last keystroke, and a closed terminal or SIGTERM ends the app within two seconds,
its data saved and free for the next start.
"""

from __future__ import annotations

import fcntl
import os
import random
import re
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import _cli_command, make_tandem

from tandem_tui.paths import TEMP_SUFFIX
from tandem_tui.store import Store, StoreLocked

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX terminal")

ANSI = re.compile(rb"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[PX^_][^\x1b]*\x1b\\|.)")
SAVE_PROMISE = 1.0  # seconds from the last keystroke to the disk
CLOSE_PROMISE = 2.0  # seconds from a closed terminal or SIGTERM to the process gone
STRESS_RUNS = 30
STRESS_SEED = int(os.environ.get("TANDEM_TUI_STRESS_SEED", "2026"))
AT_ONCE = 3  # terminals open at the same time: start-ups overlap, the two cores keep up
WORDS = ["alpha", "-bravo", "-charlie", "-delta", "-echo", "-foxtrot"]  # one line, no wrap


class Terminal:
    """A pseudo-terminal with `tandem-tui` running in it as the session's controlling tty."""

    def __init__(self, args: list[str], size: tuple[int, int] = (100, 30)) -> None:
        self.master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", size[1], size[0], 0, 0))

        def controlling_tty() -> None:  # runs in the child, after setsid
            fcntl.ioctl(0, termios.TIOCSCTTY, 0)

        env = {**os.environ, "TERM": "xterm-256color"}
        self.process = subprocess.Popen(
            [*_cli_command(), *args],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=env,
            start_new_session=True,
            preexec_fn=controlling_tty,
        )
        self.tty_name = os.ttyname(slave)
        os.close(slave)
        self.screen = b""

    def read_until(self, text: str, timeout: float = 20.0) -> None:
        """Read the app's output until `text` shows on screen (escape codes removed)."""
        wanted = text.encode()
        deadline = time.monotonic() + timeout
        while wanted not in ANSI.sub(b"", self.screen):
            left = deadline - time.monotonic()
            if left <= 0:
                shown = ANSI.sub(b"", self.screen)[-1500:].decode(errors="replace")
                raise AssertionError(f"{text!r} never appeared; the screen ended with: {shown}")
            ready, _, _ = select.select([self.master], [], [], min(left, 0.2))
            if ready:
                try:
                    self.screen += os.read(self.master, 1 << 16)
                except OSError:  # the app has gone
                    break

    def shown(self, text: str) -> bool:
        return text.encode() in ANSI.sub(b"", self.screen)

    def read_ready(self) -> None:
        """Take in whatever the app has written so far, without waiting."""
        while select.select([self.master], [], [], 0)[0]:
            try:
                chunk = os.read(self.master, 1 << 16)
            except OSError:  # the app has gone
                return
            if not chunk:
                return
            self.screen += chunk

    def type(self, text: str) -> None:
        os.write(self.master, text.encode())

    def hang_up(self) -> None:
        """Close the terminal window: the kernel sends SIGHUP to the app."""
        os.close(self.master)
        self.master = -1

    def stop_reading(self) -> None:
        """Suspend the terminal's output, as Ctrl+S or a frozen terminal window does:
        every write of the app blocks from now on."""
        tty = os.open(self.tty_name, os.O_RDWR | os.O_NOCTTY)
        try:
            termios.tcflow(tty, termios.TCOOFF)
        finally:
            os.close(tty)

    def gone_within(self, seconds: float) -> bool:
        """Whether the app ends within `seconds`, its output read meanwhile as a terminal
        does: unread, a full pseudo-terminal would block the app's last writes."""
        deadline = time.monotonic() + seconds
        if self.master < 0:  # the terminal was closed: nothing to read
            try:
                self.process.wait(timeout=seconds)
            except subprocess.TimeoutExpired:
                return False
            return True
        while self.process.poll() is None:
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            ready, _, _ = select.select([self.master], [], [], min(left, 0.05))
            if not ready:
                continue
            try:
                chunk = os.read(self.master, 1 << 16)
            except OSError:  # the app closed its side: it is ending
                chunk = b""
            if not chunk:
                try:
                    self.process.wait(timeout=max(deadline - time.monotonic(), 0.01))
                except subprocess.TimeoutExpired:
                    return False
                return True
            self.screen += chunk
        return True

    def close(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)
        if self.master >= 0:
            os.close(self.master)


@pytest.fixture
def meeting(home: Path) -> Iterator[Terminal]:
    with Store.open(home) as store:
        store.add_tandem(make_tandem())
    terminal = Terminal(["meet", "lena-markus"])
    try:
        terminal.read_until("Shared notes")
        yield terminal
    finally:
        terminal.close()


def shared_note(home: Path) -> str:
    with Store.open(home, readonly=True) as store:
        return store.shared_notes("lena-markus", 1).get(0, "")


def data_left_behind(home: Path) -> str:
    """What would keep the next start from its data: "" when there is nothing."""
    half_written = [p.name for p in home.rglob(f"*{TEMP_SUFFIX}")]
    if half_written:
        return f"half-written files: {half_written}"
    try:
        with Store.open(home):  # a writer, as the next `tandem-tui meet` is
            return ""
    except StoreLocked as error:
        return str(error)


def test_closing_the_terminal_saves_what_was_just_typed(home: Path, meeting: Terminal) -> None:
    meeting.type("closing-the-lid")
    meeting.read_until("closing-the-lid")  # drawn: the app has the keys
    meeting.hang_up()  # at once: long before the half-second save would have run
    assert meeting.gone_within(CLOSE_PROMISE), "the app must end within 2 s of a hang-up"
    assert shared_note(home) == "closing-the-lid"
    assert data_left_behind(home) == ""


def test_sigterm_saves_what_was_just_typed_and_frees_the_data(
    home: Path, meeting: Terminal
) -> None:
    meeting.type("asked-to-stop")
    meeting.read_until("asked-to-stop")
    meeting.process.send_signal(signal.SIGTERM)  # at once, as with the hang-up
    assert meeting.gone_within(CLOSE_PROMISE), "the app must end within 2 s of SIGTERM"
    assert meeting.process.returncode == 128 + signal.SIGTERM  # what a shell shows for it
    assert shared_note(home) == "asked-to-stop"
    assert data_left_behind(home) == ""
    meeting.read_ready()  # the rest of what the app wrote
    assert b"\x1b[?1049l" in meeting.screen, "the terminal's own screen is back"


def test_a_terminal_that_stopped_reading_cannot_keep_the_app_from_ending(
    home: Path, meeting: Terminal
) -> None:
    """The app cannot write its goodbye to the terminal, so Textual's exit blocks for good:
    the app ends anyway, with what was typed saved and the data free."""
    meeting.type("frozen-window")
    meeting.read_until("frozen-window")
    meeting.stop_reading()
    meeting.process.send_signal(signal.SIGTERM)
    assert meeting.gone_within(CLOSE_PROMISE), "the app must end within 2 s of SIGTERM"
    assert meeting.process.returncode == 128 + signal.SIGTERM
    assert shared_note(home) == "frozen-window"
    assert data_left_behind(home) == ""


def waits_on_a_lock(pid: int) -> bool:
    """Whether the main thread of `pid` sleeps on a lock (a futex), not in its event loop."""
    return "futex" in Path(f"/proc/{pid}/wchan").read_text()


@pytest.mark.skipif(not Path("/proc/self/wchan").exists(), reason="reads /proc (Linux)")
def test_sigterm_ends_an_app_that_stands_still_in_a_write(home: Path, meeting: Terminal) -> None:
    """A terminal that stopped reading long ago: Textual's writes have filled their queue
    and the app's thread waits on it, its event loop stopped. A signal still ends it."""
    meeting.type("stalled-note")
    meeting.read_until("stalled-note")
    meeting.stop_reading()
    deadline = time.monotonic() + 30
    while not waits_on_a_lock(meeting.process.pid):
        assert time.monotonic() < deadline, "the app never blocked on its output"
        meeting.type("x")  # each key is drawn: output piles up until the writes block
        time.sleep(0.02)  # a typist's pace; the wait is for the evidence above
    meeting.process.send_signal(signal.SIGTERM)
    assert meeting.gone_within(CLOSE_PROMISE), "the app must end within 2 s of SIGTERM"
    assert shared_note(home).startswith("stalled-note")
    assert data_left_behind(home) == ""


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads /proc (Linux)")
def test_a_second_sigterm_ends_an_app_stuck_in_its_exit_at_once(
    home: Path, meeting: Terminal
) -> None:
    meeting.type("impatient")
    meeting.read_until("impatient")
    meeting.stop_reading()
    meeting.process.send_signal(signal.SIGTERM)
    asked = time.monotonic()
    while catches(meeting.process.pid, signal.SIGTERM):  # until the app has saved
        assert time.monotonic() - asked < CLOSE_PROMISE, "the app never handled SIGTERM"
        time.sleep(0.01)  # polling for evidence, not waiting blindly
    meeting.process.send_signal(signal.SIGTERM)
    assert meeting.gone_within(0.5), "a second SIGTERM must end the app at once"
    assert shared_note(home) == "impatient"
    assert data_left_behind(home) == ""


def catches(pid: int, signum: int) -> bool:
    """Whether process `pid` still has a handler of its own for `signum`."""
    status = Path(f"/proc/{pid}/status").read_text()
    caught = next(line for line in status.splitlines() if line.startswith("SigCgt:"))
    return bool(int(caught.split()[1], 16) >> (signum - 1) & 1)


def test_a_killed_app_has_saved_what_was_typed_a_second_before(
    home: Path, meeting: Terminal
) -> None:
    meeting.type("typed-before-the-crash")
    meeting.read_until("typed-before-the-crash")
    typed_at = time.monotonic()
    while shared_note(home) != "typed-before-the-crash":
        assert time.monotonic() - typed_at < SAVE_PROMISE, "not on disk within a second"
        time.sleep(0.02)  # polling the disk for the real-time promise, not waiting blindly
    os.killpg(meeting.process.pid, signal.SIGKILL)  # no handler runs: only the disk counts
    assert meeting.gone_within(10)
    assert shared_note(home) == "typed-before-the-crash"


@dataclass(eq=False)
class Closing:
    """One terminal of the stress test, closed at a moment drawn from the seeded random."""

    number: int
    home: Path
    close_after: float  # seconds after the start, or after the meeting showed when typing
    gaps: list[float]  # seconds before each word typed; none: close without typing
    terminal: Terminal | None = None
    started: float = 0.0
    shown: float | None = None  # when the meeting showed
    words_typed: int = 0
    drawn: str = ""  # the longest part of `typed` on screen before the close
    closed: float | None = None

    @classmethod
    def drawn_from(cls, rng: random.Random, number: int, home: Path) -> Closing:
        if rng.random() < 0.3:  # anywhere from the first instant to long after the start
            return cls(number, home, close_after=rng.uniform(0.0, 1.5), gaps=[])
        gaps = [rng.uniform(0.0, 0.15) for _ in WORDS]
        return cls(number, home, close_after=rng.uniform(0.0, sum(gaps) + 0.2), gaps=gaps)

    def start(self) -> None:
        with Store.open(self.home) as store:
            store.add_tandem(make_tandem())
        self.terminal = Terminal(["--home", str(self.home), "meet", "lena-markus"])
        self.started = time.monotonic()

    def step(self, now: float) -> float | None:
        """Act on what is due; return when to look again (None: done and checked)."""
        assert self.terminal is not None
        if self.closed is not None:
            if self.terminal.process.poll() is not None:
                self.check()
                return None
            assert now - self.closed < CLOSE_PROMISE, self.failure("still running 2 s after")
            return now + 0.02  # polling the process for evidence
        if self.gaps and self.shown is None:
            if not self.terminal.shown("Shared notes"):
                assert now - self.started < 20, self.failure("the meeting never showed")
                return now + 0.05
            self.shown = now
        since = self.shown if self.gaps else self.started
        assert since is not None
        typing_times = [since + sum(self.gaps[: i + 1]) for i in range(len(self.gaps))]
        close_at = since + self.close_after
        for at in typing_times[self.words_typed :]:
            if at > min(now, close_at):
                break
            self.terminal.type(WORDS[self.words_typed])
            self.words_typed += 1
        if now >= close_at:
            self.terminal.read_ready()
            typed_so_far = ["".join(WORDS[:n]) for n in range(self.words_typed, 0, -1)]
            self.drawn = next((t for t in typed_so_far if self.terminal.shown(t)), "")
            self.terminal.hang_up()
            self.closed = time.monotonic()
            return self.closed
        return min([at for at in typing_times if at > now] + [close_at])

    def check(self) -> None:
        assert data_left_behind(self.home) == "", self.failure("left its data locked")
        if self.shown is not None:
            note = shared_note(self.home)
            assert self.typed.startswith(note), self.failure(f"saved {note!r}")
            assert note.startswith(self.drawn), self.failure(f"lost what was drawn: {note!r}")

    @property
    def typed(self) -> str:
        return "".join(WORDS[: self.words_typed])

    def failure(self, what: str) -> str:
        return (
            f"run {self.number} of seed {STRESS_SEED} (TANDEM_TUI_STRESS_SEED): {what}; "
            f"closed {self.close_after:.3f} s after {'the meeting showed' if self.gaps else 'the start'}, "
            f"typed {self.typed!r}, drawn {self.drawn!r}"
        )


def test_closing_the_terminal_at_random_moments_always_ends_the_app(tmp_path: Path) -> None:
    rng = random.Random(STRESS_SEED)
    runs = [Closing.drawn_from(rng, n, tmp_path / f"home-{n}") for n in range(STRESS_RUNS)]
    waiting, active = list(runs), {}
    try:
        while waiting or active:
            while waiting and len(active) < AT_ONCE:
                run = waiting.pop(0)
                run.start()
                active[run] = run.started
            now = time.monotonic()
            for run, due in list(active.items()):
                if due <= now:
                    later = run.step(now)
                    if later is None:
                        del active[run]
                    else:
                        active[run] = later
            # Take in the open terminals' output until the next thing is due.
            masters = {r.terminal.master: r.terminal for r in active if r.terminal.master >= 0}
            timeout = max(0.0, min(active.values(), default=now) - time.monotonic())
            ready, _, _ = select.select(list(masters), [], [], timeout)
            for master in ready:
                masters[master].read_ready()
    finally:
        for run in runs:
            if run.terminal is not None:
                run.terminal.close()
    assert all(run.closed is not None for run in runs)
