"""The end screen of a tandem linked to a calendar (`sync setup` or `tandem join`): its
calendar carries the meetings already, so the .ics export starts unticked, with a word
why, and ending the meeting writes no file and asks nothing about one in the folder."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import make_tandem
from textual.widgets import Label

from tandem_tui.app import create_app
from tandem_tui.clock import ManualClock
from tandem_tui.model import SessionStatus
from tandem_tui.screens.end import EndScreen
from tandem_tui.screens.home import HomeScreen
from tandem_tui.store import Store
from tandem_tui.sync import service
from tandem_tui.widgets.toggles import Checkbox

SIZE = (120, 36)
LINK = {"url": "http://127.0.0.1:9/x/", "user": "u"}  # a server that is not there


@pytest.fixture(autouse=True)
def password(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(service.PASSWORD_VARIABLE, "secret")  # never a keyring here


def tandem(home: Path, *, linked: bool, program: str = "reverse-mentoring-en") -> None:
    with Store.open(home) as store:
        store.add_tandem(make_tandem(program=program))
        if linked:
            with store.change():
                store.save_sync_state("lena-markus", {"link": LINK})


@pytest.mark.parametrize(
    ("program", "hint"),
    [
        ("reverse-mentoring-en", "Not needed: the linked calendar has the meetings already"),
        ("reverse-mentoring-de", "Nicht nötig: Der verknüpfte Kalender hat die Treffen schon."),
    ],
)
async def test_a_linked_tandem_ends_without_an_ics(home: Path, program: str, hint: str) -> None:
    tandem(home, linked=True, program=program)
    there = Path.home() / "lena-markus.ics"  # one from before: nothing asks about it
    there.write_text("an older export")
    app = create_app(home, clock=ManualClock())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "ctrl+f")
        end = app.screen
        assert isinstance(end, EndScreen)
        assert not end.query_one("#write-calendar", Checkbox).value
        assert hint in str(end.query_one("#calendar-linked", Label).render())
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen), "no Replace or Keep both"
    app.store.close()
    assert there.read_text() == "an older export"
    assert sorted(p.name for p in Path.home().glob("*.ics")) == ["lena-markus.ics"]
    with Store.open(home, readonly=True) as store:
        session = store.session("lena-markus", 1)
        assert session is not None and session.status is SessionStatus.ENDED


async def test_a_tandem_not_linked_still_exports_its_calendar(home: Path) -> None:
    tandem(home, linked=False)
    app = create_app(home, clock=ManualClock())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "ctrl+f")
        end = app.screen
        assert isinstance(end, EndScreen)
        assert end.query_one("#write-calendar", Checkbox).value
        assert not end.query("#calendar-linked")
        await pilot.press("ctrl+s")
        await pilot.pause()
    app.store.close()
    assert b"BEGIN:VEVENT" in (Path.home() / "lena-markus.ics").read_bytes()
