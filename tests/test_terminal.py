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
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from conftest import _cli_command, make_tandem

from tandem_tui.paths import TEMP_SUFFIX
from tandem_tui.store import Store, StoreLocked

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX terminal")

ANSI = re.compile(rb"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[PX^_][^\x1b]*\x1b\\|.)")
SAVE_PROMISE = 1.0  # seconds from the last keystroke to the disk
CLOSE_PROMISE = 2.0  # seconds from a closed terminal or SIGTERM to the process gone


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
        try:
            self.process.wait(timeout=seconds)
        except subprocess.TimeoutExpired:
            return False
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


@pytest.mark.parametrize("signals", [1, 2], ids=["sigterm", "sigterm-twice"])
def test_a_terminal_that_stopped_reading_cannot_keep_the_app_from_ending(
    home: Path, meeting: Terminal, signals: int
) -> None:
    """The app cannot write its goodbye to the terminal, so Textual's exit blocks for good:
    the app ends anyway, with what was typed saved and the data free."""
    meeting.type("frozen-window")
    meeting.read_until("frozen-window")
    meeting.stop_reading()
    for _ in range(signals):  # a second SIGTERM, as an impatient user sends, changes nothing
        meeting.process.send_signal(signal.SIGTERM)
    assert meeting.gone_within(CLOSE_PROMISE), "the app must end within 2 s of SIGTERM"
    assert shared_note(home) == "frozen-window"
    assert data_left_behind(home) == ""


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
    meeting.process.wait(timeout=10)
    assert shared_note(home) == "typed-before-the-crash"
