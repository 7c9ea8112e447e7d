"""Typing as a hurried user does, in a real pseudo-terminal: words after Escape and Tab never
act as commands, and notes reach the disk while someone types on without a pause.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest
from test_terminal import Terminal, meeting, shared_note

from tandem_tui.model import CardStatus, SessionStatus
from tandem_tui.store import Store

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX terminal")

__all__ = ["meeting"]  # the fixture, used by name below

SAVE_WHILE_TYPING = 2.0  # seconds from a keystroke to the disk, however long the typing goes on
KEY_GAP = 0.08  # a fast typist: 12 keys a second


def test_words_after_escape_and_tab_are_written_not_obeyed(home: Path, meeting: Terminal) -> None:
    folder = sorted(p.name for p in Path.cwd().iterdir())
    meeting.type("Kickoff")
    meeting.read_until("Kickoff")
    meeting.type("\x1b")  # Escape: out of the notes, to the agenda
    meeting.read_until("Agenda → shared notes")
    meeting.type("Hello nsbe\r")
    meeting.read_until("Hello nsbe")
    meeting.type("\x1b")
    meeting.read_until("Agenda → shared notes")
    meeting.type("\tsee you")
    meeting.read_until("see you")
    meeting.type("\x11")  # Ctrl+Q
    assert meeting.gone_within(10) and meeting.process.returncode == 0
    with Store.open(home, readonly=True) as store:
        session = store.session("lena-markus", 1)
        notes = store.shared_notes("lena-markus", 1)
    assert session is not None and session.status is SessionStatus.RUNNING
    assert session.current == 0
    assert all(run.status is CardStatus.PENDING for run in session.cards)
    assert notes == {0: "KickoffHello nsbe\nsee you"}
    assert sorted(p.name for p in Path.cwd().iterdir()) == folder, "no file written here"


def test_notes_reach_the_disk_while_typing_without_a_pause(home: Path, meeting: Terminal) -> None:
    words = "one can type for a long while without stopping at all"
    meeting.type(words[0])
    first = time.monotonic()
    on_disk_after = None
    for character in words[1:]:
        time.sleep(KEY_GAP)  # the typist's pace, not a wait for the app
        meeting.type(character)
        if on_disk_after is None and shared_note(home):
            on_disk_after = time.monotonic() - first
    assert on_disk_after is not None, "nothing saved while typing went on"
    assert on_disk_after <= SAVE_WHILE_TYPING, f"the first save came {on_disk_after:.2f} s late"
    meeting.read_until(words[-10:])
    meeting.type("\x11")
    assert meeting.gone_within(10)
    assert shared_note(home) == words
