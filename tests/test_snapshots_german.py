"""Snapshot pictures in German, at 80x24 and 120x36 (see tests/test_snapshots.py).

- The home screen of `tandem-tui --lang de demo`.
- A German tandem's meeting in an English app: every German word on these pictures
  is the meeting speaking its tandem's language.
- A German tandem's end screen and follow-up dialog for a German user.

After a deliberate change, look at the pictures and take them again with
`pytest tests/test_snapshots_german.py --snapshot-update`.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path

import pytest
from conftest import make_tandem
from test_snapshots import SIZES, SnapCompare, fixed_zone, in_meeting, same_folder, steady

from tandem_tui import i18n
from tandem_tui.app import TandemApp, create_app
from tandem_tui.clock import ManualClock
from tandem_tui.demo import seed_demo
from tandem_tui.library import Library, load_library
from tandem_tui.meeting import Meeting
from tandem_tui.model import NoteKind, Owner, Participant, Role, Tandem
from tandem_tui.store import Store
from tandem_tui.zones import wall_clock

__all__ = ["fixed_zone"]  # the time zone of the pictures, fixed for these too

AT_16_55 = datetime(2026, 11, 27, 16, 55)
"""Every picture's clock: five minutes before the day's meeting."""


@pytest.fixture
def german_demo_app(home: Path) -> Iterator[TandemApp]:
    """The demo as `tandem-tui --lang de demo` starts it."""
    i18n.use("de")
    clock = ManualClock(AT_16_55.astimezone())
    library = load_library(home)
    seed_demo(home, library, clock.now().date())
    app = create_app(home, library=library, clock=clock)
    yield app
    app.store.close()


@pytest.mark.parametrize("size", SIZES)
def test_home_german(snap_compare: SnapCompare, german_demo_app: TandemApp, size) -> None:
    assert snap_compare(german_demo_app, terminal_size=size, run_before=steady)


def seed_german(home: Path, library: Library, today: date) -> None:
    """A tandem on the German program whose first meeting was four weeks ago."""
    with Store.open(home) as store:
        tandem = Tandem(
            id="lena-markus",
            mentor=Participant("Lena Vogel", "lena.vogel@example.org"),
            mentee=Participant("Markus Brandt", "markus.brandt@example.org"),
            program="reverse-mentoring-de",
            goals=("Den Team-Chat statt E-Mail nutzen", "Verstehen, was Lernende erwarten"),
        )
        store.add_tandem(tandem)
        held = datetime.combine(today - timedelta(weeks=4), clock_time(17, 0)).astimezone()
        clock = ManualClock(held)
        meeting = Meeting.open(store, library, tandem, clock)
        meeting.resume()
        for minutes, shared in (
            (9, "Lena: Informatik-Lernende im 2. Jahr. Markus: Leiter Einkauf, seit 22 Jahren."),
            (16, "Vertraulichkeit ohne Ausnahme. Keine Berichtslinie. Gehalt bleibt draußen."),
            (14, "Markus will keine Mails mehr ausdrucken und den Team-Chat ausprobieren."),
            (11, "Lena will verstehen, wie Budgets entschieden werden."),
        ):
            meeting.save_note(shared)
            clock.advance(minutes * 60)
            meeting.next_card()
        meeting.save_note("War nervös vor dem Feedback nach oben.", NoteKind.PRIVATE, Role.MENTOR)
        meeting.add_followup("Team-Chat auf dem Handy installieren", Owner.MENTEE, today)
        meeting.add_followup("Spielregeln an beide schicken", Owner.BOTH, today + timedelta(3))
        meeting.skip_card()  # "Vereinbarung": comes back on the review card
        meeting.end(next_meeting=wall_clock(today, clock_time(17, 0)))


@pytest.fixture
def held_german_tandem(home: Path) -> Iterator[tuple[TandemApp, ManualClock]]:
    """The German tandem of `seed_german` in an English app."""
    clock = ManualClock(AT_16_55.astimezone())
    library = load_library(home)
    seed_german(home, library, clock.now().date())
    app = create_app(home, library=library, clock=clock)
    yield app, clock
    app.store.close()


@pytest.mark.parametrize("size", SIZES)
def test_german_meeting(
    snap_compare: SnapCompare, held_german_tandem: tuple[TandemApp, ManualClock], size
) -> None:
    """The review card, its follow-ups in German, the timer running, the clocks."""
    app, clock = held_german_tandem
    run = in_meeting(clock, *"Markus hat heute eine Mail gedruckt.", "ctrl+t", run_for=90)
    assert snap_compare(app, terminal_size=size, run_before=run)


@pytest.mark.parametrize("size", SIZES)
def test_german_meeting_overtime_private(
    snap_compare: SnapCompare, held_german_tandem: tuple[TandemApp, ManualClock], size
) -> None:
    """Past the time box, the mentor's private notes open, late for the meeting's end."""
    app, clock = held_german_tandem
    run = in_meeting(clock, "ctrl+t", "ctrl+r", *"nervös", run_for=6 * 60 + 5)
    assert snap_compare(app, terminal_size=size, run_before=run)


@pytest.fixture
def new_german_tandem(home: Path) -> Iterator[tuple[TandemApp, ManualClock]]:
    """A German tandem before its first meeting, on a German machine."""
    i18n.use("de")
    clock = ManualClock(AT_16_55.astimezone())
    with Store.open(home) as store:
        store.add_tandem(make_tandem(program="reverse-mentoring-de"))
    app = create_app(home, clock=clock)
    yield app, clock
    app.store.close()


@pytest.mark.parametrize("size", SIZES)
def test_german_followup_dialog(
    snap_compare: SnapCompare, new_german_tandem: tuple[TandemApp, ManualClock], size
) -> None:
    """A due date typed the German way, and what to do forgotten: said beside the field."""
    app, clock = new_german_tandem
    run = in_meeting(clock, "ctrl+o", "tab", *"31.12.2027", "enter")
    assert snap_compare(app, terminal_size=size, run_before=run)


@pytest.mark.parametrize("size", SIZES)
def test_german_end_screen(
    snap_compare: SnapCompare, new_german_tandem: tuple[TandemApp, ManualClock], size
) -> None:
    app, clock = new_german_tandem
    run = in_meeting(
        clock,
        "ctrl+o",
        *"Den Team-Chat ausprobieren",
        "tab",
        *"31.12.2027",
        "enter",
        "ctrl+t",
        run_for=5 * 60,
        then=("ctrl+n", "ctrl+g", "ctrl+f"),
        adjust=same_folder,
    )
    assert snap_compare(app, terminal_size=size, run_before=run)
