"""Typing like a hurried user never moves, skips or ends a meeting, and lands where it was aimed.

Each test types as people do (words after Escape, after Tab, on the end screen, a
burst of keys in one read) and then checks the files: the session still runs on
its card, nothing was written to the working folder, and only the notes changed.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from pathlib import Path

from conftest import make_tandem, plain
from textual import events
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Input, Label, Static

from tandem_tui.app import create_app
from tandem_tui.clock import ManualClock
from tandem_tui.minutes import OUTCOME_TEXT, minutes_markdown
from tandem_tui.model import CardOutcome, CardStatus, NoteKind, Owner, Role, SessionStatus
from tandem_tui.screens.end import EndScreen
from tandem_tui.screens.followup import FollowUpScreen
from tandem_tui.screens.meeting import MeetingScreen
from tandem_tui.store import Store
from tandem_tui.widgets.footer import KeyHint
from tandem_tui.widgets.toggles import Checkbox, RadioButton

SIZE = (100, 30)
NAMED_KEYS = {" ": "space", "\t": "tab", "\n": "enter", "\x1b": "escape"}


def seed(home: Path) -> None:
    with Store.open(home) as store:
        store.add_tandem(make_tandem())


def tandem_file(home: Path) -> bytes:
    return (home / "tandems" / "lena-markus" / "tandem.json").read_bytes()


def shared_notes(home: Path) -> dict[int, str]:
    with Store.open(home, readonly=True) as store:
        return store.shared_notes("lena-markus", 1)


def stored_session(home: Path):  # type: ignore[no-untyped-def]
    with Store.open(home, readonly=True) as store:
        return store.session("lena-markus", 1)


def burst(app: App[object], keys: Iterable[str]) -> None:
    """Keys as they arrive in one read from the terminal: all queued before any is handled.

    Single characters are typed as such; longer names (`ctrl+n`) are keys.
    """
    for key in keys:
        if len(key) == 1:
            name = NAMED_KEYS.get(key, key)
            app.post_message(events.Key(name, key if key != "\x1b" else None))
        else:
            app.post_message(events.Key(key, None))


async def settle(pilot: Pilot[object]) -> None:
    for _ in range(4):
        await pilot.pause()


async def meeting_open(pilot: Pilot[object]) -> MeetingScreen:
    await pilot.press("enter")
    screen = pilot.app.screen
    assert isinstance(screen, MeetingScreen)
    return screen


def working_folder() -> set[str]:
    return {path.name for path in Path.cwd().iterdir()}


async def test_words_after_escape_go_into_the_notes(home: Path) -> None:
    seed(home)
    folder_before = working_folder()
    app = create_app(home, clock=ManualClock())
    async with app.run_test(size=SIZE) as pilot:
        screen = await meeting_open(pilot)
        await pilot.press(*"We talk")
        await pilot.press("escape")
        assert screen.focused is screen.agenda, "Escape leaves the notes for the agenda"
        before = tandem_file(home)
        await pilot.press(*"Hello nsbe", "enter", *"see you")
        await settle(pilot)
        assert app.screen is screen, "still in the meeting"
        assert screen.shared.text == "We talkHello nsbe\nsee you"
        assert screen.running_meeting.index == 0
        await pilot.press("ctrl+q")
    assert tandem_file(home) == before, "no card moved, nothing ended: the tandem file is as it was"
    assert shared_notes(home) == {0: "We talkHello nsbe\nsee you"}
    session = stored_session(home)
    assert session.status is SessionStatus.RUNNING and session.current == 0
    assert all(run.status is CardStatus.PENDING for run in session.cards)
    assert working_folder() == folder_before, "no file written where the app was started"


async def test_words_after_escape_and_tab_go_into_the_notes(home: Path) -> None:
    seed(home)
    folder_before = working_folder()
    app = create_app(home, clock=ManualClock())
    async with app.run_test(size=SIZE) as pilot:
        screen = await meeting_open(pilot)
        before = tandem_file(home)
        await pilot.press("escape", "tab", *"see you", "tab", "tab", *" then", "enter")
        await settle(pilot)
        assert app.screen is screen
        assert screen.running_meeting.index == 0
        await pilot.press("ctrl+q")
    assert tandem_file(home) == before
    assert shared_notes(home) == {0: "see you then\n"}
    assert working_folder() == folder_before


async def test_a_burst_of_keys_around_a_ctrl_key_stays_with_its_card(home: Path) -> None:
    """Letters that arrive in the same read as Ctrl+N belong to the card they were typed on."""
    seed(home)
    app = create_app(home, clock=ManualClock())
    async with app.run_test(size=SIZE) as pilot:
        screen = await meeting_open(pilot)
        burst(app, [*"abc", "ctrl+n", *"def", "ctrl+r", *"ghi"])
        await settle(pilot)
        await pilot.pause(0.7)  # the notes' own save
        assert screen.running_meeting.index == 1
        assert screen.shared.text == "def"
        assert screen.private.text == "ghi", "after Ctrl+R the letters go to the private pane"
        await pilot.press("ctrl+q")
    with Store.open(home, readonly=True) as store:
        notes = {(n.card, n.kind, n.person): n.text for n in store.notes("lena-markus", 1)}
    assert notes == {
        (0, NoteKind.SHARED, None): "abc",
        (1, NoteKind.SHARED, None): "def",
        (1, NoteKind.PRIVATE, Role.MENTOR): "ghi",
    }


async def test_a_card_change_returns_to_the_shared_notes_with_the_cursor_at_the_end(
    home: Path,
) -> None:
    seed(home)
    app = create_app(home, clock=ManualClock())
    async with app.run_test(size=SIZE) as pilot:
        screen = await meeting_open(pilot)
        await pilot.press(*"first line", "enter", *"second")
        await pilot.press("ctrl+r")  # the mentor's private notes take the focus
        assert screen.focused is screen.private
        await pilot.press("ctrl+n", *"next card", "ctrl+b")
        assert screen.focused is screen.shared, "back on card 1, in the shared notes"
        assert screen.shared.text == "first line\nsecond"
        assert screen.shared.cursor_location == (1, len("second")), "the cursor at the end"
        await pilot.press(*" more")
        assert screen.shared.text == "first line\nsecond more"
        await pilot.press("ctrl+n")
        assert screen.shared.text == "next card"
        assert screen.private.text == "", "the next card's private pane is empty"
        await pilot.press("ctrl+q")
    assert shared_notes(home) == {0: "first line\nsecond more", 1: "next card"}


async def test_ctrl_z_undoes_card_moves_one_by_one(home: Path) -> None:
    seed(home)
    clock = ManualClock()
    app = create_app(home, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await meeting_open(pilot)
        meeting = screen.running_meeting
        await pilot.press("ctrl+n", "ctrl+g", "ctrl+up", "ctrl+up", "ctrl+b")
        assert meeting.index == 1
        assert [r.status for r in meeting.cards[:3]] == [
            CardStatus.DONE,
            CardStatus.SKIPPED,
            CardStatus.PENDING,
        ]
        box = meeting.cards[2].box_minutes
        await pilot.press("ctrl+z")  # back
        assert meeting.index == 2
        await pilot.press("ctrl+z", "ctrl+z")  # the two minutes
        assert meeting.cards[2].box_minutes == box - 2
        await pilot.press("ctrl+z")  # the skip
        assert meeting.index == 1 and meeting.cards[1].status is CardStatus.PENDING
        await pilot.press("ctrl+z")  # the next
        assert meeting.index == 0 and meeting.cards[0].status is CardStatus.PENDING
        await pilot.press("ctrl+z")  # nothing left: nothing changes
        assert meeting.index == 0
        await pilot.press("ctrl+q")
    session = stored_session(home)
    assert session.current == 0
    assert all(run.status is CardStatus.PENDING for run in session.cards)


async def test_ctrl_z_in_the_notes_undoes_typing_done_after_the_last_move(home: Path) -> None:
    seed(home)
    app = create_app(home, clock=ManualClock())
    async with app.run_test(size=SIZE) as pilot:
        screen = await meeting_open(pilot)
        await pilot.press("ctrl+n", *"oops")
        await pilot.pause(0.6)  # TextArea groups keystrokes typed close together
        await pilot.press("ctrl+z")
        assert screen.shared.text == "", "the typing is undone, not the card move"
        assert screen.running_meeting.index == 1
        await pilot.press("ctrl+z")
        assert screen.running_meeting.index == 0, "then the move"
        await pilot.press("ctrl+q")


async def test_words_typed_on_the_end_screen_never_end_the_meeting(home: Path) -> None:
    seed(home)
    folder_before = working_folder()
    app = create_app(home, clock=ManualClock())
    async with app.run_test(size=SIZE) as pilot:
        await meeting_open(pilot)
        await pilot.press("ctrl+f")
        end = app.screen
        assert isinstance(end, EndScreen)
        before = tandem_file(home)
        for _ in range(12):  # round every field, more than once
            await pilot.press(*"see you ", "enter")
        await pilot.press("tab", "enter", *"bye", "enter")
        await settle(pilot)
        assert app.screen is end, "Enter only moves between fields"
        assert tandem_file(home) == before
        await pilot.press("ctrl+q")
    assert stored_session(home).status is SessionStatus.RUNNING
    assert working_folder() == folder_before
    assert not list((Path.home()).glob("**/*.ics")), "no calendar written anywhere"


async def test_feedback_typed_on_the_end_screen_survives_going_back(home: Path) -> None:
    seed(home)
    app = create_app(home, clock=ManualClock())
    async with app.run_test(size=SIZE) as pilot:
        await meeting_open(pilot)
        await pilot.press("ctrl+f")
        await pilot.click("#mentor-useful")
        await pilot.press("4", "enter", "5", "enter", *"Threads beat mail")
        await pilot.press("escape")  # back to the meeting
        assert isinstance(app.screen, MeetingScreen)
        await pilot.press("ctrl+f")
        end = app.screen
        assert isinstance(end, EndScreen)
        assert end.query_one("#mentor-useful", Input).value == "4"
        assert end.query_one("#mentor-eye-level", Input).value == "5"
        assert end.query_one("#mentor-takeaway", Input).value == "Threads beat mail"
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, type(app.screen)) and not isinstance(app.screen, EndScreen)
    session = stored_session(home)
    assert session.feedback[Role.MENTOR].takeaway == "Threads beat mail"


async def test_the_end_screen_refuses_a_next_meeting_in_the_past_or_after_2100(home: Path) -> None:
    seed(home)
    clock = ManualClock(datetime(2026, 11, 27, 17, 0).astimezone())
    app = create_app(home, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await meeting_open(pilot)
        await pilot.press("ctrl+f")
        end = app.screen
        assert isinstance(end, EndScreen)
        error = end.query_one("#next-meeting-error", Label)
        for typed, reason in (
            ("2026-11-20 17:00", "in the past"),
            ("2101-01-01 17:00", "after 2100"),
            ("9999-12-31 23:59", "after 2100"),
            ("31.02.2027 17:00", '"31.02.2027 17:00" is not a date: February 2027 has 28 days.'),
            ("16 Uhr", '"16 Uhr" is in the past; give a later date and time.'),
        ):
            await pilot.press("ctrl+u", *typed, "ctrl+s")
            assert app.screen is end, typed
            assert reason in str(error.render()), typed
        await pilot.press("ctrl+u", *"2026-12-04 17:00")
        assert str(error.render()) == "", "the message goes once the date is right"
        day = str(end.query_one("#next-meeting-day", Label).render())
        assert day.startswith("Friday"), "the weekday is named"
        await pilot.press("ctrl+s")
        assert not isinstance(app.screen, EndScreen)
    with Store.open(home, readonly=True) as store:
        assert store.tandem("lena-markus").next_meeting == datetime(2026, 12, 4, 17, 0).astimezone()


async def test_the_suggested_next_meeting_keeps_the_series_slot(home: Path) -> None:
    """Planned for Friday 17:00, held on Monday morning: the next is a Friday at 17:00."""
    from dataclasses import replace

    planned = datetime(2026, 11, 27, 17, 0).astimezone()  # a Friday
    with Store.open(home) as store:
        store.add_tandem(replace(make_tandem(), next_meeting=planned))
    clock = ManualClock(datetime(2026, 11, 30, 10, 13).astimezone())  # Monday
    app = create_app(home, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await meeting_open(pilot)
        await pilot.press("ctrl+f")
        end = app.screen
        assert isinstance(end, EndScreen)
        assert end.query_one("#next-meeting", Input).value == "2026-12-25 17:00"
        assert str(end.query_one("#next-meeting-day", Label).render()).startswith("Friday")
        await pilot.press("escape", "ctrl+q")


async def test_a_skipped_card_worked_on_later_is_done_everywhere(home: Path) -> None:
    """End screen, stored session, minutes and the next review card agree on every card."""
    seed(home)
    clock = ManualClock()
    app = create_app(home, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await meeting_open(pilot)
        await pilot.press("ctrl+t")
        clock.advance(60)
        await pilot.press("ctrl+n")  # card 1 done
        await pilot.press("ctrl+g")  # card 2 skipped
        clock.advance(30)
        await pilot.press("ctrl+b")  # back to card 2 and work on it
        clock.advance(120)
        await pilot.press("ctrl+n")  # done after all
        clock.advance(45)
        await pilot.press("ctrl+n", "ctrl+g")  # card 3 done in no time? no: 45 s; card 4 skipped
        clock.advance(10)  # card 5 under way when the meeting ends
        await pilot.press("ctrl+f")
        end = app.screen
        assert isinstance(end, EndScreen)
        table = end.query_one("#time-per-card")
        shown = [str(table.get_row_at(i)[3]) for i in range(len(screen.running_meeting.cards))]
        await pilot.press("ctrl+u", "ctrl+s")
    app.store.close()
    session = stored_session(home)
    stored = [run.outcome.value for run in session.cards]
    assert shown == stored, "the end screen said what was stored"
    assert stored[:5] == ["done", "done", "done", "skipped", "done"]
    assert set(stored[5:]) <= {"not reached"}
    with Store.open(home, readonly=True) as store:
        tandem = store.tandem("lena-markus")
        minutes = minutes_markdown(tandem, session, {}, [], None)
    for index, run in enumerate(session.cards):
        assert f"{OUTCOME_TEXT[run.outcome]};" in minutes.split(f"## {index + 1}. ")[1]
    app = create_app(home, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        second = await meeting_open(pilot)
        review = second.running_meeting.cards[0].card
        carried = {p.removeprefix("Still open from last time: ") for p in review.prompts}
        assert carried == {
            run.card.title for run in session.cards if run.outcome is not CardOutcome.DONE
        }
        await pilot.press("ctrl+q")


async def test_the_meeting_length_on_screen_is_the_calendars(home: Path) -> None:
    """With a review card the meeting is five minutes longer, on screen and in the .ics."""
    import icalendar

    from tandem_tui.export import export_tandem
    from tandem_tui.library import load_library
    from tandem_tui.meeting import Meeting

    clock = ManualClock()
    library = load_library(home)
    with Store.open(home) as store:
        store.add_tandem(make_tandem())
        first = Meeting.open(store, library, store.tandem("lena-markus"), clock)
        first.skip_card()
        first.end(clock.now() + timedelta(days=7))
        result = export_tandem(store, library, store.tandem("lena-markus"), zone=clock.now().tzinfo)
    calendar = icalendar.Calendar.from_ical(result.calendar)
    event = next(e for e in calendar.walk("VEVENT") if "session 2 of" in str(e["DESCRIPTION"]))
    minutes = (event.decoded("DTEND") - event.decoded("DTSTART")).total_seconds() / 60
    app = create_app(home, library=library, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await meeting_open(pilot)
        assert screen.running_meeting.session.planned_minutes == minutes == 65
        clock_text = str(screen.query_one("#meeting-clock", Static).render())
        assert "Meeting 0:00:00 of 1:05:00" in clock_text, "one form for both times"
        await pilot.press("ctrl+q")


async def test_the_follow_up_pane_says_how_many_more_there_are(home: Path) -> None:
    seed(home)
    app = create_app(home, clock=ManualClock())
    async with app.run_test(size=SIZE) as pilot:
        screen = await meeting_open(pilot)
        for number in range(6):
            screen.running_meeting.add_followup(f"Task {number}", Owner.BOTH, None)
        screen.refresh_followups()
        await pilot.pause()
        shown = str(screen.query_one("#followups", Static).render())
        assert "Task 2" in shown and "Task 3" not in shown
        assert "+3 more" in shown
        await pilot.press("ctrl+q")


async def test_a_burst_of_keys_into_the_follow_up_dialog_lands_field_by_field(home: Path) -> None:
    seed(home)
    clock = ManualClock(datetime(2026, 11, 27, 17, 0).astimezone())  # a Friday
    app = create_app(home, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await meeting_open(pilot)
        burst(app, ["ctrl+o", *"Call HR", "\t", *"+3d", "\n"])
        await settle(pilot)
        assert app.screen is screen, "saved and closed"
        await pilot.press("ctrl+q")
    with Store.open(home, readonly=True) as store:
        (followup,) = store.followups("lena-markus")
    assert followup.text == "Call HR"
    assert followup.due == date(2026, 11, 30)
    assert shared_notes(home) == {}, "nothing spilled into the notes"


async def test_checkboxes_and_radio_buttons_show_their_state_without_colour(home: Path) -> None:
    seed(home)
    app = create_app(home, clock=ManualClock())
    async with app.run_test(size=SIZE) as pilot:
        await meeting_open(pilot)
        await pilot.press("ctrl+o")
        dialog = app.screen
        assert isinstance(dialog, FollowUpScreen)
        marks = [plain(button.render())[1] for button in dialog.query(RadioButton)]
        assert marks == [" ", " ", "●"], "Both is chosen, and shows it with a mark"
        await pilot.press("tab", "tab")  # past the due date, to Who
        await pilot.press("up")  # arrow keys choose at once
        marks = [plain(button.render())[1] for button in dialog.query(RadioButton)]
        assert marks == [" ", "●", " "]
        await pilot.press("escape", "ctrl+f")
        end = app.screen
        calendar = end.query_one("#write-calendar", Checkbox)
        minutes = end.query_one("#write-minutes", Checkbox)
        assert plain(calendar.render())[1] == "X" and plain(minutes.render())[1] == " "
        end.set_focus(minutes)
        await pilot.press("space")
        assert minutes.value and plain(minutes.render())[1] == "X"
        await pilot.press("enter")  # Enter does not tick: it moves on
        assert minutes.value
        await pilot.press("escape", "ctrl+q")


async def test_footer_keys_are_never_cut_at_80_columns(home: Path) -> None:
    seed(home)
    app = create_app(home, clock=ManualClock())
    async with app.run_test(size=(80, 24)) as pilot:
        for open_screen in ((), ("enter",), ("ctrl+f",)):
            await pilot.press(*open_screen)
            await settle(pilot)
            footer = app.screen.query_one("Footer")
            hints = list(app.screen.query(KeyHint))
            assert hints, open_screen
            for hint in hints:
                assert hint.region.right <= footer.region.right, (open_screen, hint.description)
                assert hint.region.width >= hint.cells, (open_screen, hint.description)
            regions = sorted(h.region.x for h in hints)
            assert len(set(regions)) == len(regions), "no two keys on top of each other"
        await pilot.press("escape", "ctrl+q")


async def test_a_fields_message_goes_once_the_field_is_put_right(home: Path) -> None:
    seed(home)
    app = create_app(home, clock=ManualClock())
    async with app.run_test(size=SIZE) as pilot:
        await meeting_open(pilot)
        await pilot.press("ctrl+o")
        dialog = app.screen
        assert isinstance(dialog, FollowUpScreen)
        text_error = dialog.query_one("#followup-text-error", Label)
        due_error = dialog.query_one("#followup-due-error", Label)
        await pilot.press("tab", *"31.02.", "ctrl+s")
        assert "is not a date" in str(due_error.render())
        await pilot.press("ctrl+s")
        assert "is not a date" in str(due_error.render()), "unchanged: still said"
        await pilot.press("backspace")
        assert str(due_error.render()) == "", "being put right: the message goes"
        await pilot.press("ctrl+u", "ctrl+s")
        assert "Say what is to be done" in str(text_error.render())
        assert dialog.focused is dialog.text, "the field to put right has the cursor"
        await pilot.press("C")
        assert str(text_error.render()) == ""
        await pilot.press("escape", "ctrl+q")


def test_a_long_name_is_shortened_never_the_role() -> None:
    from tandem_tui.screens.end import NAME_CELLS, name_with_role

    shown = name_with_role("Dr. Maximiliane Sophie von Hohenberg-Ellwangen", Role.MENTEE)
    assert shown.endswith("… (mentee)") and len(shown) == NAME_CELLS
    assert name_with_role("Markus Brandt", Role.MENTEE) == "Markus Brandt (mentee)"


async def test_f1_on_home_lists_every_key_in_two_columns(home: Path) -> None:
    from textual.widgets import Markdown

    from tandem_tui.screens.help import HelpScreen

    seed(home)
    app = create_app(home, clock=ManualClock())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        text = app.screen.query_one(Markdown).source
        assert "| Key | What it does |" in text
        for key, what in (("p", "Plan or move"), ("l", "read-only"), ("x", ".ics")):
            assert any(line.startswith(f"| {key} |") and what in line for line in text.split("\n"))
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_f3_in_a_meeting_looks_back_at_earlier_sessions_only(home: Path) -> None:
    from tandem_tui.screens.history import HistoryScreen

    seed(home)
    clock = ManualClock()
    app = create_app(home, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await meeting_open(pilot)
        await pilot.press("ctrl+f", "ctrl+u", "ctrl+s")  # the first meeting, held
        screen = await meeting_open(pilot)
        assert screen.running_meeting.session.number == 2
        await pilot.press("f3")
        history = app.screen
        assert isinstance(history, HistoryScreen)
        assert [s.number for s in history.sessions] == [1], "not the session under way"
        await pilot.press(*"typed here by mistake")
        await pilot.press("escape")
        assert app.screen is screen
        await pilot.press("ctrl+q")
    app.store.close()
    with Store.open(home, readonly=True) as store:
        assert [s.number for s in store.sessions("lena-markus")] == [1, 2]


async def test_no_key_reaches_the_end_screens_buttons(home: Path) -> None:
    """Shift+Tab or Tab round the form, then words with spaces: nothing ends the meeting."""
    seed(home)
    app = create_app(home, clock=ManualClock())
    async with app.run_test(size=SIZE) as pilot:
        await meeting_open(pilot)
        await pilot.press("ctrl+f")
        end = app.screen
        for keys in (["shift+tab"] * 3, ["tab"] * 10, ["shift+tab"] * 12):
            await pilot.press(*keys, *"ok bye for now", "space")
            assert app.screen is end
            assert not isinstance(end.focused, type(end.query_one("#save")))
        await pilot.press("ctrl+q")
    assert stored_session(home).status is SessionStatus.RUNNING


async def test_a_burst_with_enter_on_the_end_screen_fills_field_after_field(home: Path) -> None:
    seed(home)
    app = create_app(home, clock=ManualClock())
    async with app.run_test(size=SIZE) as pilot:
        await meeting_open(pilot)
        await pilot.press("ctrl+f")
        end = app.screen
        assert isinstance(end, EndScreen)
        burst(app, ["\n", *"4", "\n", *"5", "\n", *"good start", "\n", *"3", "\n", *"4"])
        await settle(pilot)
        values = {
            field: end.query_one(f"#{field}", Input).value
            for field in ("mentor-useful", "mentor-eye-level", "mentor-takeaway")
        }
        assert values == {
            "mentor-useful": "4",
            "mentor-eye-level": "5",
            "mentor-takeaway": "good start",
        }
        assert end.query_one("#mentee-useful", Input).value == "3"
        assert end.query_one("#mentee-eye-level", Input).value == "4"
        await pilot.press("escape", "ctrl+q")


async def test_the_clock_stands_still_on_the_end_screen(home: Path) -> None:
    """The times shown there are the times stored, however long the feedback takes."""
    seed(home)
    clock = ManualClock()
    app = create_app(home, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await meeting_open(pilot)
        await pilot.press("ctrl+t")
        clock.advance(90)
        await pilot.press("ctrl+f")
        clock.advance(600)  # ten minutes of feedback
        await pilot.press("escape")
        assert screen.running_meeting.running, "back in the meeting, the timer runs on"
        assert screen.running_meeting.elapsed(0) == 90
        clock.advance(30)
        await pilot.press("ctrl+f")
        clock.advance(300)
        await pilot.press("ctrl+u", "ctrl+s")
    app.store.close()
    assert stored_session(home).cards[0].used_seconds == 120


async def test_the_end_screen_checks_the_folder_before_it_ends(home: Path) -> None:
    seed(home)
    (Path.cwd() / "a-file").write_text("not a folder")
    app = create_app(home, clock=ManualClock())
    async with app.run_test(size=SIZE) as pilot:
        await meeting_open(pilot)
        await pilot.press("ctrl+f")
        end = app.screen
        folder = end.query_one("#files-folder", Input)
        folder.value = str(Path.cwd() / "a-file")
        await pilot.press("ctrl+u", "ctrl+s")
        assert app.screen is end, "not ended: the files could not be written"
        assert "a-file" in str(end.query_one("#files-folder-error", Label).render())
        assert end.focused is folder
        await pilot.press("escape", "ctrl+q")
    assert stored_session(home).status is SessionStatus.RUNNING


async def test_ctrl_z_in_a_burst_undoes_the_typing_that_came_last(home: Path) -> None:
    seed(home)
    app = create_app(home, clock=ManualClock())
    async with app.run_test(size=SIZE) as pilot:
        screen = await meeting_open(pilot)
        burst(app, [*"one", "ctrl+n", *"four", "ctrl+z"])
        await settle(pilot)
        assert screen.running_meeting.index == 1, "the card move stays"
        assert screen.shared.text == ""
        await pilot.press("ctrl+q")


def test_demo_with_home_refuses_a_folder_with_data(cli, tmp_path: Path) -> None:
    taken = tmp_path / "mine"
    taken.mkdir()
    (taken / "notes.txt").write_text("keep me")
    result = cli("demo", "--home", str(taken))
    assert result.returncode == 1
    assert "is not an empty folder" in result.stderr and "Traceback" not in result.stderr
    assert (taken / "notes.txt").read_text() == "keep me"


def test_a_title_alone_is_not_a_name(cli) -> None:
    result = cli("tandem", "add", "--mentor", "Dr.", "--mentee", "Prof.")
    assert result.returncode == 1
    assert "a title only" in result.stderr
    assert cli("tandem", "list", "--json").stdout.strip() in ("[]", "")


async def test_a_long_agenda_title_wraps_under_itself(home: Path) -> None:
    seed(home)
    app = create_app(home, clock=ManualClock())
    async with app.run_test(size=SIZE) as pilot:
        screen = await meeting_open(pilot)
        await pilot.press("ctrl+n")
        lines = plain(screen.agenda.get_option_at_index(0).prompt, width=18).splitlines()
        assert lines[0].startswith("✓ Getting to")
        assert lines[1].startswith("  each other"), "the wrapped words keep the title's indent"
        assert lines[-1].strip().endswith("of 10:00")
        await pilot.press("ctrl+q")


def test_the_meeting_help_has_two_columns() -> None:
    from tandem_tui.screens.help import help_text
    from tandem_tui.screens.meeting_keys import MEETING_ACTIONS

    text = help_text()
    assert "| Key | What it does |" in text
    for action in MEETING_ACTIONS:
        assert f"| {action.key_shown} | {action.title} |" in text


async def test_typing_undone_stays_undone_after_a_card_change(home: Path) -> None:
    seed(home)
    app = create_app(home, clock=ManualClock())
    async with app.run_test(size=SIZE) as pilot:
        screen = await meeting_open(pilot)
        burst(app, [*"four", "ctrl+z"])
        await settle(pilot)
        assert screen.shared.text == ""
        await pilot.press("ctrl+n", "ctrl+b")
        assert screen.shared.text == "", "the undone word does not come back"
        await pilot.press("ctrl+q")
    assert shared_notes(home) in ({}, {0: ""})


async def test_words_after_escape_from_a_private_note_stay_private(home: Path) -> None:
    seed(home)
    app = create_app(home, clock=ManualClock())
    async with app.run_test(size=SIZE) as pilot:
        screen = await meeting_open(pilot)
        await pilot.press("ctrl+r", *"private thought ", "escape")
        assert screen.typing_mode() == ("Agenda → private notes", False)
        await pilot.press(*"about the boss")
        assert screen.private.text == "private thought about the boss"
        assert screen.shared.text == ""
        await pilot.press("ctrl+r", "ctrl+r", "escape")  # private hidden again
        assert screen.typing_mode() == ("Agenda → shared notes", False)
        await pilot.press(*"shared")
        assert screen.shared.text == "shared"
        await pilot.press("ctrl+q")
    assert shared_notes(home) == {0: "shared"}


async def test_ctrl_s_in_a_burst_saves_what_was_typed_before_it(home: Path) -> None:
    seed(home)
    clock = ManualClock(datetime(2026, 11, 27, 17, 0).astimezone())
    app = create_app(home, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await meeting_open(pilot)
        burst(app, ["ctrl+o", *"Call Bob", "\t", *"+2d", "ctrl+s"])
        await settle(pilot)
        assert app.screen is screen
        await pilot.press("f2", "e")
        burst(app, ["end", *" (soon)", "ctrl+s"])
        await settle(pilot)
        await pilot.press("escape", "ctrl+q")
    with Store.open(home, readonly=True) as store:
        (followup,) = store.followups("lena-markus")
    assert followup.text == "Call Bob (soon)"
    assert followup.due == date(2026, 11, 29)


async def test_editing_keys_in_a_burst_act_in_their_turn(home: Path) -> None:
    """Backspace, arrows and End typed fast among letters edit where they were pressed."""
    seed(home)
    app = create_app(home, clock=ManualClock())
    async with app.run_test(size=SIZE) as pilot:
        screen = await meeting_open(pilot)
        burst(app, [*"abc", "backspace", *"d", "left", "left", *"X", "end", *"!"])
        await settle(pilot)
        assert screen.shared.text == "aXbd!"
        await pilot.press("ctrl+o")
        burst(app, [*"Calk", "backspace", *"l HR", "home", *"(1) "])
        await settle(pilot)
        assert app.screen.query_one("#followup-text", Input).value == "(1) Call HR"
        await pilot.press("escape", "ctrl+q")


async def test_the_agenda_footer_keeps_help_in_view_at_80_columns(home: Path) -> None:
    seed(home)
    app = create_app(home, clock=ManualClock())
    async with app.run_test(size=(80, 24)) as pilot:
        await meeting_open(pilot)
        await pilot.press("escape")
        await settle(pilot)
        shown = [hint.description for hint in app.screen.query(KeyHint)]
        assert "Help" in shown, shown
        await pilot.press("ctrl+q")


async def test_space_then_enter_in_a_burst_ticks_the_box_it_was_typed_on(home: Path) -> None:
    seed(home)
    app = create_app(home, clock=ManualClock())
    async with app.run_test(size=SIZE) as pilot:
        await meeting_open(pilot)
        await pilot.press("ctrl+f")
        end = app.screen
        calendar = end.query_one("#write-calendar", Checkbox)
        minutes = end.query_one("#write-minutes", Checkbox)
        end.set_focus(calendar)
        burst(app, [*"ok ", "\n", *"go ", "\n"])
        await settle(pilot)
        assert not calendar.value, "the first space unticked the calendar"
        assert minutes.value, "the second ticked the minutes"
        await pilot.press("escape", "ctrl+q")
