"""A machine that joined a tandem as one partner (`tandem join URL --role mentee`): its
private-notes key opens that partner's notes first, and looking back says the other
partner's private notes are kept on their own machine (they are never synced)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from conftest import make_tandem
from textual.widgets import Static

from tandem_tui.app import create_app
from tandem_tui.clock import ManualClock
from tandem_tui.library import Library
from tandem_tui.meeting import Meeting
from tandem_tui.model import NoteKind, Role
from tandem_tui.screens.history import HistoryScreen
from tandem_tui.screens.meeting import MeetingScreen
from tandem_tui.store import Store
from tandem_tui.sync import service

SIZE = (120, 36)
# A server that is not there: the app's sync at the start only notifies.
JOINED = {"link": {"url": "http://127.0.0.1:9/x/", "user": "u", "role": "mentee"}}


@pytest.fixture(autouse=True)
def password(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(service.PASSWORD_VARIABLE, "secret")  # never a keyring here


def joined(home: Path, program: str = "reverse-mentoring-en", role: str = "mentee") -> None:
    """A tandem as `tandem join --role` leaves it on the partner's machine."""
    with Store.open(home) as store:
        store.add_tandem(make_tandem(program=program))
        with store.change():
            store.save_sync_state("lena-markus", {"link": {**JOINED["link"], "role": role}})


def opened(screen: MeetingScreen) -> Role | None:
    """Whose private pane is open (a call, so that each press is looked at anew)."""
    return screen.private_person


def masked(screen: MeetingScreen) -> str:
    return str(screen.query_one("#private-masked", Static).render())


async def test_ctrl_r_opens_the_machines_own_partner_first(home: Path) -> None:
    joined(home)
    app = create_app(home, clock=ManualClock())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        screen = app.screen
        assert isinstance(screen, MeetingScreen)
        assert "Ctrl+R: mentee's, again: mentor's" in masked(screen)
        await pilot.press("ctrl+r")
        assert opened(screen) is Role.MENTEE
        assert "Markus Brandt (mentee)" in str(screen.query_one("#private-title").render())
        await pilot.press(*"my own thoughts")
        await pilot.press("ctrl+r")  # the other partner's pane stays reachable
        assert opened(screen) is Role.MENTOR
        await pilot.press("ctrl+r")
        assert opened(screen) is None
        await pilot.press("ctrl+q")
    app.store.close()
    with Store.open(home, readonly=True) as store:
        notes = [n for n in store.notes("lena-markus", 1) if n.kind is NoteKind.PRIVATE]
        assert [(n.person, n.text) for n in notes] == [(Role.MENTEE, "my own thoughts")]


async def test_a_machine_that_did_not_join_opens_the_mentor_first(home: Path) -> None:
    with Store.open(home) as store:
        store.add_tandem(make_tandem())
    app = create_app(home, clock=ManualClock())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "ctrl+r", *"hers")
        screen = app.screen
        assert isinstance(screen, MeetingScreen)
        assert screen.private_person is Role.MENTOR
        await pilot.press("ctrl+q")
    app.store.close()
    with Store.open(home, readonly=True) as store:
        assert store.private_note("lena-markus", 1, 0, Role.MENTOR) == "hers"


def held_on_mentee_machine(home: Path, library: Library, program: str) -> ManualClock:
    """One session held on the mentee's machine: only the mentee's private notes are here."""
    joined(home, program)
    clock = ManualClock(datetime(2027, 1, 8, 17, 0).astimezone())
    with Store.open(home) as store:
        meeting = Meeting.open(store, library, store.tandem("lena-markus"), clock)
        meeting.resume()
        meeting.save_note("MENTEE-7731", NoteKind.PRIVATE, Role.MENTEE)
        clock.advance(10 * 60)
        meeting.end()
    return clock


def history_state(screen: HistoryScreen) -> str:
    return str(screen.query_one("#private-state", Static).render())


@pytest.mark.parametrize(
    ("program", "hidden", "own", "elsewhere"),
    [
        (
            "reverse-mentoring-en",
            "Private notes hidden (Ctrl+R: mentee's, mentor's).",
            "Private notes of Markus Brandt (mentee) shown",
            "Lena Vogel (mentor) keeps private notes on their own machine, not this one.",
        ),
        (
            "reverse-mentoring-de",
            "Private Notizen verborgen (Strg+R: die des Mentees, die des Mentors).",
            "Private Notizen von Markus Brandt (Mentee) sichtbar",
            "Lena Vogel (Mentor) behält Private Notizen auf dem eigenen Rechner, nicht auf diesem.",
        ),
    ],
)
async def test_looking_back_the_other_partners_notes_are_on_their_machine(
    home: Path, library: Library, program: str, hidden: str, own: str, elsewhere: str
) -> None:
    clock = held_on_mentee_machine(home, library, program)
    app = create_app(home, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("l")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, HistoryScreen)
        assert hidden in history_state(screen)
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert own in history_state(screen)
        assert "MENTEE-7731" in "\n".join(str(s.render()) for s in screen.query(Static))
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert elsewhere in history_state(screen)
        assert "None in this session" not in history_state(screen)
        assert "Keine in diesem Treffen" not in history_state(screen)
    app.store.close()
