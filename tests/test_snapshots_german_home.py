"""Snapshot pictures of the home screen in German, at 80x24 and 120x36.

The demo data on a clock held still, the chrome in German (`--lang de`). After a
deliberate change, look at the new pictures and take them with
`pytest tests/test_snapshots_german_home.py --snapshot-update`.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

import pytest
from test_snapshots import steady

from tandem_tui import i18n
from tandem_tui.app import TandemApp, create_app
from tandem_tui.clock import ManualClock
from tandem_tui.demo import seed_demo
from tandem_tui.library import load_library

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
def german_demo_app(home: Path) -> Iterator[TandemApp]:
    """The demo, as `tandem-tui --lang de demo` starts it, at 16:55 on the day of its
    second meeting."""
    i18n.use("de")
    clock = ManualClock(datetime(2026, 11, 27, 16, 55).astimezone())
    library = load_library(home)
    seed_demo(home, library, clock.now().date())
    app = create_app(home, library=library, clock=clock)
    yield app
    app.store.close()


@pytest.mark.parametrize("size", SIZES)
def test_home_german(snap_compare: SnapCompare, german_demo_app: TandemApp, size) -> None:
    assert snap_compare(german_demo_app, terminal_size=size, run_before=steady)
