"""Snapshot tests of a German tandem's meeting at 80x24 and 120x36, in an English app.

The tandem is on the German program, its first meeting held four weeks ago: the second
one opens with the review card. The app's own language stays English, so every German
word on these pictures is the meeting speaking its tandem's language. After a
deliberate change, look at the pictures and take them with
`pytest tests/test_snapshots_german_meeting.py --snapshot-update`.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable, Iterator
from datetime import date, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from tandem_tui.app import TandemApp, create_app
from tandem_tui.clock import ManualClock
from tandem_tui.library import Library, load_library
from tandem_tui.meeting import Meeting
from tandem_tui.model import NoteKind, Owner, Participant, Role, Tandem
from tandem_tui.screens.meeting import MeetingScreen
from tandem_tui.store import Store
from tandem_tui.zones import wall_clock

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 36), id="120x36")]
SnapCompare = Callable[..., bool]


@pytest.fixture(autouse=True)
def fixed_zone(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("TZ", "Europe/Berlin")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


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
def german_app(home: Path) -> Iterator[tuple[TandemApp, ManualClock]]:
    """The German tandem, on a clock that stands at 16:55 on the day of its second meeting."""
    clock = ManualClock(datetime(2026, 11, 27, 16, 55).astimezone())
    library = load_library(home)
    seed_german(home, library, clock.now().date())
    app = create_app(home, library=library, clock=clock)
    yield app, clock
    app.store.close()


def in_meeting(
    clock: ManualClock, *keys: str, run_for: float = 0, then: tuple[str, ...] = ()
) -> Callable[[Pilot[Any]], Awaitable[None]]:
    """Open the tandem's meeting, press `keys`, let the clock run, press `then`."""

    async def run(pilot: Pilot[Any]) -> None:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press(*keys)
        if run_for:
            clock.advance(run_for)
            screen = pilot.app.screen
            assert isinstance(screen, MeetingScreen)
            screen.tick()
        await pilot.press(*then)
        await steady(pilot)

    return run


async def steady(pilot: Pilot[Any]) -> None:
    """No blinking cursor and no toasts (see tests/test_snapshots.py)."""
    await pilot.pause()
    for widget in pilot.app.screen.query("*"):
        if hasattr(widget, "cursor_blink"):
            widget.cursor_blink = False
            widget.notify_style_update()
            widget.refresh()
    pilot.app.clear_notifications()
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES)
def test_german_meeting(
    snap_compare: SnapCompare, german_app: tuple[TandemApp, ManualClock], size
) -> None:
    """The review card, its follow-ups in German, the timer running, the clocks."""
    app, clock = german_app
    run = in_meeting(clock, *"Markus hat heute eine Mail gedruckt.", "ctrl+t", run_for=90)
    assert snap_compare(app, terminal_size=size, run_before=run)


@pytest.mark.parametrize("size", SIZES)
def test_german_meeting_overtime_private(
    snap_compare: SnapCompare, german_app: tuple[TandemApp, ManualClock], size
) -> None:
    """Past the time box, the mentor's private notes open, late for the meeting's end."""
    app, clock = german_app
    run = in_meeting(clock, "ctrl+t", "ctrl+r", *"nervös", run_for=6 * 60 + 5)
    assert snap_compare(app, terminal_size=size, run_before=run)
