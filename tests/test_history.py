"""Looking back at a tandem's sessions: what the screen shows, that private notes wait to
be asked for (and for the passphrase), and that no key there changes anything on disk."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from conftest import make_tandem
from textual.pilot import Pilot
from textual.widgets import Label, OptionList, Static

from tandem_tui.app import TandemApp, create_app
from tandem_tui.clock import ManualClock
from tandem_tui.library import Library
from tandem_tui.meeting import Meeting
from tandem_tui.model import Feedback, NoteKind, Owner, Role
from tandem_tui.screens.history import HistoryScreen
from tandem_tui.screens.home import HomeScreen
from tandem_tui.screens.meeting import MeetingScreen
from tandem_tui.screens.passphrase import KeyScreen
from tandem_tui.store import Store
from tandem_tui.vault import KdfCost, protect, unlock

SIZE = (120, 36)
MENTOR_SECRET = "MENTOR-ONLY-7731"
MENTEE_SECRET = "MENTEE-ONLY-4410"
PASSPHRASE = "correct horse battery"
CHEAP = KdfCost(memory_kib=8 * 1024, iterations=1, lanes=1)  # tests only: fast to derive


@pytest.fixture(autouse=True)
def fixed_zone(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Dates on screen are local: one zone for every run."""
    monkeypatch.setenv("TZ", "Europe/Berlin")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def every_byte(home: Path) -> dict[str, tuple[bytes, int, int]]:
    """Every file under the data home, hidden ones and backups too: its bytes, and its
    inode and time of change, so that even rewriting the same bytes counts as a change.
    Not `.lock`, which every start of the app takes, writing its process id there."""
    return {
        str(path.relative_to(home)): (
            path.read_bytes(),
            path.stat().st_ino,
            path.stat().st_mtime_ns,
        )
        for path in sorted(home.rglob("*"))
        if path.is_file() and path.name != ".lock"
    }


def hold_sessions(home: Path, library: Library, *, under_way: bool = False) -> ManualClock:
    """Two meetings held four weeks apart, and if asked a third one under way."""
    clock = ManualClock(datetime(2027, 1, 8, 17, 0).astimezone())
    with Store.open(home) as store:
        tandem = make_tandem()
        store.add_tandem(tandem)
        first = Meeting.open(store, library, tandem, clock)
        first.resume()
        first.save_note("We agreed on discretion.")
        first.save_note(f"{MENTOR_SECRET} nervous at first", NoteKind.PRIVATE, Role.MENTOR)
        first.save_note(f"{MENTEE_SECRET} she is good", NoteKind.PRIVATE, Role.MENTEE)
        clock.advance(9 * 60 + 30)
        first.next_card()
        first.save_note("No reporting line between us.")
        clock.advance(16 * 60)
        first.add_followup("Install the team chat", Owner.MENTEE, datetime(2027, 1, 15).date())
        first.skip_card()  # "What the mentee wants to learn": skipped, 0:00
        first.end(feedback={Role.MENTOR: Feedback(4, 5, "Talk more about budgets")})

        clock.advance(4 * 7 * 24 * 3600)
        second = Meeting.open(store, library, tandem, clock)
        second.resume()
        second.save_note("Looked at the chat together.")  # the review card
        clock.advance(5 * 60)
        second.next_card()
        clock.advance(2 * 60)
        second.end()

        if under_way:
            clock.advance(4 * 7 * 24 * 3600)
            third = Meeting.open(store, library, tandem, clock)
            third.resume()
            clock.advance(60)
            third.checkpoint()
    return clock


def shown_text(screen: HistoryScreen) -> str:
    """What the session view and the line above it say, as plain text."""
    parts = [screen.query_one("#private-state", Static).render()]
    parts += [static.render() for static in screen.session_view.query(Static)]
    return "\n".join(str(getattr(part, "plain", part)) for part in parts)


def session_entries(screen: HistoryScreen) -> list[str]:
    options = screen.query_one("#sessions", OptionList)
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


async def open_history(pilot: Pilot[None]) -> HistoryScreen:
    await pilot.pause()
    await pilot.press("l")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, HistoryScreen)
    return screen


async def test_looking_back_from_home_shows_each_session(home: Path, library: Library) -> None:
    clock = hold_sessions(home, library)
    app = create_app(home, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_history(pilot)
        assert app.screen.sub_title == "Lena Vogel & Markus Brandt · looking back"
        entries = session_entries(screen)
        assert len(entries) == 2
        assert entries[0].startswith("2 · 5 Feb 17:25"), "the latest first"
        assert "The digital workplace and its tools" in entries[0]
        assert entries[1].startswith("1 · 8 Jan 17:00")
        assert "Kick-off and ground rules" in entries[1]
        assert "0:25:30 of 1:00:00" in entries[1]

        text = shown_text(screen)  # the latest, shown at once
        assert "Session 2: The digital workplace and its tools" in text
        assert "1. Review: carried over" in text
        assert "Looked at the chat together." in text
        assert "5:00 of 5:00 · done" in text

        await pilot.press("down")  # session 1
        await pilot.pause()
        text = shown_text(screen)
        assert "Session 1: Kick-off and ground rules" in text
        assert "Friday, 8 January 2027, 17:00 to 17:25" in text
        assert "0:25:30 used of 1:00:00 planned" in text
        assert "1. Getting to know each other" in text
        assert "9:30 of 10:00 · done · led by the mentor" in text
        assert "We agreed on discretion." in text
        assert "16:00 of 15:00 · skipped" in text  # the card a follow-up was added on
        assert "No reporting line between us." in text
        assert "0:00 of 15:00 · not reached" in text
        assert "Install the team chat  (mentee, due 2027-01-15" in text
        assert "Lena Vogel (mentor): useful 4 of 5, at eye level 5 of 5: Talk more" in text
        assert MENTOR_SECRET not in text and MENTEE_SECRET not in text
        assert "Private notes hidden" in text

        await pilot.press("enter")  # into the session, to scroll it
        assert screen.session_view.has_focus
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)
    app.store.close()


async def test_no_key_in_it_changes_anything_on_disk(home: Path, library: Library) -> None:
    clock = hold_sessions(home, library, under_way=True)
    app = create_app(home, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_history(pilot)
        assert "3 · 5 Mar 17:32" in session_entries(screen)[0]
        assert "under way" in session_entries(screen)[0]
        before = every_byte(home)
        working_folder = sorted(Path.cwd().iterdir())
        # What the meeting's single keys do (n next, s skip, e end, f follow-up...), words,
        # and the keys that move, tick off or confirm elsewhere.
        await pilot.press(*"nsefdbh+-=? see you, the end", "enter", "tab", "space")
        await pilot.press(*"Hello", "enter", "backspace", "delete", "down", "enter")
        await pilot.press(*"abcdefgijkmnoqrstuvwxyz0123456789", "tab", "enter", "space")
        await pilot.pause()
        assert app.screen is screen, "still looking back"
        assert every_byte(home) == before, "not a byte changed"
        assert sorted(Path.cwd().iterdir()) == working_folder, "no file written here"
    app.store.close()
    with Store.open(home, readonly=True) as store:
        running = store.running_session("lena-markus")
        assert running is not None and running.number == 3 and running.current == 0


async def test_private_notes_stay_hidden_until_asked(home: Path, library: Library) -> None:
    clock = hold_sessions(home, library)
    app = create_app(home, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_history(pilot)
        await pilot.press("down")
        await pilot.pause()
        assert MENTOR_SECRET not in shown_text(screen)
        await pilot.press("ctrl+r")  # the mentor's
        await pilot.pause()
        text = shown_text(screen)
        assert f"Private notes of Lena Vogel (mentor): {MENTOR_SECRET}" in text
        assert MENTEE_SECRET not in text
        await pilot.press("ctrl+r")  # the mentee's
        await pilot.pause()
        text = shown_text(screen)
        assert MENTEE_SECRET in text and MENTOR_SECRET not in text
        await pilot.press("ctrl+l")  # the shield hides them all at once
        await pilot.pause()
        text = shown_text(screen)
        assert MENTEE_SECRET not in text and "Privacy shield on" in text
        await pilot.press("ctrl+r")  # refused while the shield is on
        await pilot.pause()
        assert MENTOR_SECRET not in shown_text(screen)
        await pilot.press("ctrl+l")  # off again: still hidden until asked
        await pilot.pause()
        assert "Private notes hidden" in shown_text(screen)
        await pilot.press("up")  # session 2: the mentor wrote nothing private there
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert "None in this session" in shown_text(screen)
        await pilot.press("ctrl+r", "ctrl+r")  # round to hidden
        await pilot.pause()
        assert "Private notes hidden" in shown_text(screen)
    app.store.close()


async def opened(pilot: Pilot[None]) -> None:
    """The key is derived in a worker thread: wait for it, then for what it set off."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def test_a_protected_partners_notes_need_the_passphrase(home: Path, library: Library) -> None:
    clock = hold_sessions(home, library)
    with Store.open(home) as store:
        protect(store, "lena-markus", Role.MENTEE, PASSPHRASE, cost=CHEAP)
        store.summaries(clock.now().date())  # the summary index (a cache), as a start makes it
    assert all(MENTEE_SECRET.encode() not in data for data, _, _ in every_byte(home).values())
    before = every_byte(home)
    app = create_app(home, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_history(pilot)
        await pilot.press("down", "ctrl+r")  # session 1, the mentor's notes: not protected
        await pilot.pause()
        assert MENTOR_SECRET in shown_text(screen)
        await pilot.press("ctrl+r")  # the mentee's: asks first
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, KeyScreen)
        assert MENTEE_SECRET not in shown_text(screen) and MENTOR_SECRET not in shown_text(screen)
        await pilot.press(*"a wrong guess", "enter")
        await opened(pilot)
        assert app.screen is dialog
        error = dialog.query_one("#passphrase-error", Label)
        assert "That is not the passphrase" in str(error.render())
        assert MENTEE_SECRET not in shown_text(screen)
        await pilot.press(*PASSPHRASE, "enter")
        await opened(pilot)
        assert app.screen is screen
        assert f"Private notes of Markus Brandt (mentee): {MENTEE_SECRET}" in shown_text(screen)
        await pilot.press("ctrl+r", "ctrl+r", "ctrl+r")  # round again: no second question
        await pilot.pause()
        assert app.screen is screen and MENTEE_SECRET in shown_text(screen)
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert MENTEE_SECRET not in shown_text(screen)
    app.store.close()
    assert every_byte(home) == before, "opening notes to read them writes nothing"


async def test_keys_a_meeting_opened_are_not_asked_again(home: Path, library: Library) -> None:
    clock = hold_sessions(home, library)
    with Store.open(home) as store:
        protect(store, "lena-markus", Role.MENTEE, PASSPHRASE, cost=CHEAP)
        data_key = unlock(store.locks("lena-markus")[Role.MENTEE], "lena-markus", PASSPHRASE)
    app = create_app(home, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        tandem = app.store.tandem("lena-markus")
        screen = HistoryScreen(app.store, tandem, app.clock, keys={Role.MENTEE: data_key})
        app.push_screen(screen)
        await pilot.press("down", "ctrl+r", "ctrl+r")  # session 1, the mentor's, the mentee's
        await pilot.pause()
        assert app.screen is screen, "no passphrase asked"
        assert MENTEE_SECRET in shown_text(screen)
    app.store.close()


async def test_cancelling_the_passphrase_shows_nothing(home: Path, library: Library) -> None:
    clock = hold_sessions(home, library)
    with Store.open(home) as store:
        protect(store, "lena-markus", Role.MENTOR, PASSPHRASE, cost=CHEAP)
    app = create_app(home, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_history(pilot)
        await pilot.press("down", "ctrl+r")
        await pilot.pause()
        assert isinstance(app.screen, KeyScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen
        text = shown_text(screen)
        assert MENTOR_SECRET not in text and "Private notes hidden" in text
        await pilot.press("ctrl+r")  # on to the mentee's, which needs nothing
        await pilot.pause()
        assert MENTEE_SECRET in shown_text(screen)
    app.store.close()


async def test_in_a_meeting_the_session_under_way_is_left_out(home: Path, library: Library) -> None:
    """Over a running meeting, as the meeting opens it: the earlier sessions only."""
    clock = hold_sessions(home, library, under_way=True)
    app = create_app(home, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")  # resume session 3
        meeting = app.screen
        assert isinstance(meeting, MeetingScreen)
        await pilot.press("ctrl+l")  # the meeting's shield on
        held = meeting.running_meeting
        app.push_screen(
            HistoryScreen(
                app.store, held.tandem, app.clock, exclude=held.session.number, shield=True
            )
        )
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, HistoryScreen)
        assert [entry[:2] for entry in session_entries(screen)] == ["2 ", "1 "]
        assert "Privacy shield on" in shown_text(screen), "the meeting's shield carries over"
        await pilot.press("escape")
        assert app.screen is meeting
        app.push_screen(HistoryScreen(app.store, held.tandem, app.clock, exclude=1))
        await pilot.pause()
        assert [entry[:2] for entry in session_entries(app.screen)] == ["3 ", "2 "]
    app.store.close()


async def test_a_first_meeting_has_nothing_to_look_back_on(home: Path, library: Library) -> None:
    clock = ManualClock()
    with Store.open(home) as store:
        tandem = make_tandem()
        store.add_tandem(tandem)
        Meeting.open(store, library, tandem, clock)  # session 1 under way
    app = create_app(home, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app, TandemApp)
        app.push_screen(HistoryScreen(app.store, tandem, clock, exclude=1))
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, HistoryScreen)
        assert "No earlier sessions to look back on yet." in shown_text(screen)
        await pilot.press("ctrl+r", "down", "enter")  # nothing to show, nothing breaks
        assert app.screen is screen
    app.store.close()


def toasts(app: TandemApp) -> str:
    """The notifications on screen, as the user reads them."""
    return " ".join(str(toast.render()) for toast in app.screen.query("Toast"))


@pytest.mark.parametrize("how", ["key", "palette"])
async def test_from_home_by_key_or_palette(home: Path, library: Library, how: str) -> None:
    clock = hold_sessions(home, library)
    with Store.open(home) as store:
        store.add_tandem(make_tandem("ada-max"))  # listed first, never met

    async def look_back(pilot: Pilot[None]) -> None:
        if how == "key":
            await pilot.press("l")
        else:
            await pilot.press("ctrl+p", *"Look back")
            await pilot.pause()
            await pilot.press("enter")
        await pilot.pause()

    app = create_app(home, clock=clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        home_screen = app.screen
        assert isinstance(home_screen, HomeScreen)
        assert home_screen.selected_id() == "ada-max"
        await look_back(pilot)
        assert app.screen is home_screen, "a tandem that never met: nothing to open"
        assert "have not met yet: nothing to look back on" in toasts(app)
        await pilot.press("down")
        assert home_screen.selected_id() == "lena-markus"
        await look_back(pilot)
        screen = app.screen
        assert isinstance(screen, HistoryScreen) and screen.tandem.id == "lena-markus"
        assert len(session_entries(screen)) == 2
    app.store.close()
