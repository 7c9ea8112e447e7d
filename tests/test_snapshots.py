"""Snapshot tests: what the screens look like at 80x24 and 120x36.

The screenshots live in `__snapshots__/` as SVG files; open one in a browser to see
the screen. After a deliberate change to a screen, look at the new pictures and take
them with `pytest tests/test_snapshots.py --snapshot-update`.

Time is held still by a ManualClock and the time zone is fixed, so the pictures
only change when the screens do.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from tandem_tui.app import TandemApp, create_app
from tandem_tui.clock import ManualClock
from tandem_tui.demo import seed_demo
from tandem_tui.library import load_library
from tandem_tui.screens.meeting import MeetingScreen

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 36), id="120x36")]
SnapCompare = Callable[..., bool]


@pytest.fixture(autouse=True)
def fixed_zone(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("TZ", "Europe/Berlin")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def demo_app(home: Path) -> Iterator[tuple[TandemApp, ManualClock]]:
    """The demo data on a clock that stands at 16:55 on the day of the second meeting."""
    clock = ManualClock(datetime(2026, 11, 27, 16, 55).astimezone())
    library = load_library(home)
    seed_demo(home, library, clock.now().date())
    app = create_app(home, library=library, clock=clock)
    yield app, clock
    app.store.close()


def in_meeting(
    clock: ManualClock,
    *keys: str,
    run_for: float = 0,
    then: tuple[str, ...] = (),
    adjust: Callable[[Any], None] | None = None,
) -> Callable[[Pilot[Any]], Awaitable[None]]:
    """Open the demo tandem's meeting, press `keys`, let the clock run, press `then`."""

    async def run(pilot: Pilot[Any]) -> None:
        await pilot.pause()  # the home screen lists the tandem before Enter opens it
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press(*keys)
        if run_for:
            clock.advance(run_for)
            screen = pilot.app.screen
            assert isinstance(screen, MeetingScreen)
            screen.tick()
        await pilot.press(*then)
        if adjust is not None:
            adjust(pilot.app.screen)
        await steady(pilot)

    return run


async def steady(pilot: Pilot[Any]) -> None:
    """No blinking cursor and no toasts: either would make the pictures depend on timing.

    A TextArea caches its lines under a key that holds the cursor only while it
    blinks. A line drawn in a blink's dark half (a slow run takes over half a second
    to get here) would be reused once blinking is off, without the cursor: clearing
    the widget's styles clears that cache, so the cursor is drawn as it is now.
    """
    await pilot.pause()
    for widget in pilot.app.screen.query("*"):
        if hasattr(widget, "cursor_blink"):
            widget.cursor_blink = False
            widget.notify_style_update()
            widget.refresh()
    pilot.app.clear_notifications()
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES)
def test_home(snap_compare: SnapCompare, demo_app: tuple[TandemApp, ManualClock], size) -> None:
    app, _ = demo_app
    assert snap_compare(app, terminal_size=size, run_before=steady)


@pytest.mark.parametrize("size", SIZES)
def test_first_run(snap_compare: SnapCompare, home: Path, size) -> None:
    app = create_app(home, clock=ManualClock())
    try:
        assert snap_compare(app, terminal_size=size, run_before=steady)
    finally:
        app.store.close()


@pytest.mark.parametrize("size", SIZES)
def test_meeting(snap_compare: SnapCompare, demo_app: tuple[TandemApp, ManualClock], size) -> None:
    app, clock = demo_app
    run = in_meeting(clock, *"Markus printed a mail today.", "ctrl+t", run_for=90)
    assert snap_compare(app, terminal_size=size, run_before=run)


@pytest.mark.parametrize("size", SIZES)
def test_meeting_warning(
    snap_compare: SnapCompare, demo_app: tuple[TandemApp, ManualClock], size
) -> None:
    app, clock = demo_app
    run = in_meeting(clock, "ctrl+t", run_for=4 * 60 + 10)  # 250 s of a 5 min box: past 80 %
    assert snap_compare(app, terminal_size=size, run_before=run)


@pytest.mark.parametrize("size", SIZES)
def test_meeting_overtime(
    snap_compare: SnapCompare, demo_app: tuple[TandemApp, ManualClock], size
) -> None:
    app, clock = demo_app
    run = in_meeting(clock, "ctrl+t", "ctrl+r", *"nervous", run_for=6 * 60 + 5)
    assert snap_compare(app, terminal_size=size, run_before=run)


@pytest.mark.parametrize("size", SIZES)
def test_meeting_shield(
    snap_compare: SnapCompare, demo_app: tuple[TandemApp, ManualClock], size
) -> None:
    app, clock = demo_app
    run = in_meeting(clock, "ctrl+r", *"nervous", "ctrl+l")
    assert snap_compare(app, terminal_size=size, run_before=run)


@pytest.mark.parametrize("size", SIZES)
def test_followup_dialog(
    snap_compare: SnapCompare, demo_app: tuple[TandemApp, ManualClock], size
) -> None:
    app, clock = demo_app
    run = in_meeting(clock, "ctrl+o", *"Try the team chat for a week", "tab", *"soon", "enter")
    assert snap_compare(app, terminal_size=size, run_before=run)


@pytest.mark.parametrize("size", SIZES)
def test_end_screen(
    snap_compare: SnapCompare, demo_app: tuple[TandemApp, ManualClock], size
) -> None:
    app, clock = demo_app
    run = in_meeting(
        clock,
        "ctrl+t",
        run_for=5 * 60,
        then=("ctrl+n", "ctrl+g", "ctrl+f"),
        adjust=same_folder,
    )
    assert snap_compare(app, terminal_size=size, run_before=run)


def same_folder(screen: Any) -> None:
    """The end screen offers the working folder, a new temporary one each run: fix it."""
    screen.query_one("#files-folder").value = "/home/lena/Documents"


def test_too_small(snap_compare: SnapCompare, demo_app: tuple[TandemApp, ManualClock]) -> None:
    app, _ = demo_app
    assert snap_compare(app, terminal_size=(40, 12), run_before=steady)


@pytest.mark.parametrize("size", SIZES)
def test_cohort_overview(
    snap_compare: SnapCompare, demo_app: tuple[TandemApp, ManualClock], size
) -> None:
    app, _ = demo_app

    async def run(pilot: Pilot[Any]) -> None:
        await pilot.pause()
        await pilot.press("o")
        await steady(pilot)

    assert snap_compare(app, terminal_size=size, run_before=run)


def test_agenda_editor(snap_compare: SnapCompare, demo_app: tuple[TandemApp, ManualClock]) -> None:
    app, _ = demo_app

    async def run(pilot: Pilot[Any]) -> None:
        await pilot.pause()
        app.edit_agenda(None, "tools-for-leaders")
        await pilot.pause()
        await pilot.press(*"Tools for leaders")
        await pilot.click("#card-minutes")
        await pilot.press("end", "backspace", "backspace", *"9x")  # a bad value: its message
        await steady(pilot)

    assert snap_compare(app, terminal_size=(120, 36), run_before=run)


def test_followup_list(snap_compare: SnapCompare, demo_app: tuple[TandemApp, ManualClock]) -> None:
    """The demo tandem's follow-ups from the home screen: one open, one done."""
    app, _ = demo_app

    async def run(pilot: Pilot[Any]) -> None:
        await pilot.pause()
        await pilot.press("f")
        await steady(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=run)


def test_program_editor(snap_compare: SnapCompare, demo_app: tuple[TandemApp, ManualClock]) -> None:
    """A new program with its six sessions laid out by Ctrl+N."""
    app, _ = demo_app

    async def run(pilot: Pilot[Any]) -> None:
        await pilot.pause()
        await pilot.press("g", "p", *"pilot-2027", "tab", "tab", *"Pilot 2027")
        await pilot.press(*["ctrl+n"] * 6)
        await steady(pilot)

    assert snap_compare(app, terminal_size=(120, 36), run_before=run)


def test_library(snap_compare: SnapCompare, demo_app: tuple[TandemApp, ManualClock]) -> None:
    app, _ = demo_app

    async def run(pilot: Pilot[Any]) -> None:
        await pilot.pause()
        await pilot.press("g")
        await steady(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=run)


def test_save_file_dialog(
    snap_compare: SnapCompare, demo_app: tuple[TandemApp, ManualClock]
) -> None:
    """x on the home screen: the file's name and the folder it goes into, before writing."""
    app, _ = demo_app
    (Path.home() / "Documents").mkdir()

    async def run(pilot: Pilot[Any]) -> None:
        await pilot.pause()
        await pilot.press("x")
        await steady(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=run)


def test_replace_file_dialog(
    snap_compare: SnapCompare, demo_app: tuple[TandemApp, ManualClock]
) -> None:
    """The calendar is there already: replace it, keep both, or cancel."""
    app, _ = demo_app
    (Path.home() / "Documents").mkdir()
    (Path.home() / "Documents" / "lena-markus.ics").write_text("an earlier export")

    async def run(pilot: Pilot[Any]) -> None:
        await pilot.pause()
        await pilot.press("x", "enter")
        await steady(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=run)


def test_plan_dialog(snap_compare: SnapCompare, demo_app: tuple[TandemApp, ManualClock]) -> None:
    """p on the home screen: the next meeting, moved by a week, its weekday beside it."""
    app, _ = demo_app

    async def run(pilot: Pilot[Any]) -> None:
        await pilot.pause()
        await pilot.press("p", "ctrl+u", *"2026-12-04 17:00")
        await steady(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=run)


@pytest.mark.parametrize("size", SIZES)
def test_history(snap_compare: SnapCompare, demo_app: tuple[TandemApp, ManualClock], size) -> None:
    """Looking back from the home screen (l) at the demo's first meeting."""
    app, _ = demo_app

    async def run(pilot: Pilot[Any]) -> None:
        await pilot.pause()
        await pilot.press("l")
        await steady(pilot)

    assert snap_compare(app, terminal_size=size, run_before=run)
