"""Snapshot tests in German: a German tandem's end screen and follow-up dialog, for a
German user (the chrome German too), at 80x24 and 120x36.

As in tests/test_snapshots.py: the clock stands still and the time zone is fixed.
After a deliberate change, look at the pictures, then take them again with
`pytest tests/test_snapshots_german_end.py --snapshot-update`.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from conftest import make_tandem
from test_snapshots import SIZES, SnapCompare, fixed_zone, in_meeting, same_folder

from tandem_tui import i18n
from tandem_tui.app import TandemApp, create_app
from tandem_tui.clock import ManualClock
from tandem_tui.store import Store

__all__ = ["fixed_zone"]  # the time zone of the pictures, fixed for these too


@pytest.fixture
def german_app(home: Path) -> Iterator[tuple[TandemApp, ManualClock]]:
    """A German tandem before its first meeting, at 16:55, on a German machine."""
    i18n.use("de")
    clock = ManualClock(datetime(2026, 11, 27, 16, 55).astimezone())
    with Store.open(home) as store:
        store.add_tandem(make_tandem(program="reverse-mentoring-de"))
    app = create_app(home, clock=clock)
    yield app, clock
    app.store.close()


@pytest.mark.parametrize("size", SIZES)
def test_german_followup_dialog(
    snap_compare: SnapCompare, german_app: tuple[TandemApp, ManualClock], size
) -> None:
    """A due date typed the German way, and what to do forgotten: said beside the field."""
    app, clock = german_app
    run = in_meeting(clock, "ctrl+o", "tab", *"31.12.2027", "enter")
    assert snap_compare(app, terminal_size=size, run_before=run)


@pytest.mark.parametrize("size", SIZES)
def test_german_end_screen(
    snap_compare: SnapCompare, german_app: tuple[TandemApp, ManualClock], size
) -> None:
    app, clock = german_app
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
