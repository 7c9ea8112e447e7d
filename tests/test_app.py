"""Pilot tests: a whole meeting held with the keyboard, checked against what the store keeps."""

from __future__ import annotations

import os
import signal
from datetime import date, timedelta
from pathlib import Path

from conftest import make_tandem, plain
from textual import events
from textual.notifications import Notify
from textual.widgets import Digits, Input, Label, OptionList, Static, TextArea

from tandem_tui.app import create_app
from tandem_tui.clock import ManualClock
from tandem_tui.library import load_library
from tandem_tui.meeting import Meeting
from tandem_tui.model import CardStatus, Feedback, FollowUp, NoteKind, Owner, Role, SessionStatus
from tandem_tui.screens.add_tandem import AddTandemScreen
from tandem_tui.screens.end import EndScreen
from tandem_tui.screens.followup import FollowUpScreen
from tandem_tui.screens.followups import FollowUpListScreen
from tandem_tui.screens.meeting import MeetingScreen
from tandem_tui.store import Store

SIZE = (120, 36)


def seed(home: Path) -> None:
    with Store.open(home) as store:
        store.add_tandem(make_tandem())


async def test_a_meeting_from_start_to_quit_and_resume_to_end(home: Path) -> None:
    seed(home)
    clock = ManualClock()
    app = create_app(home, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        screen = app.screen
        assert isinstance(screen, MeetingScreen)
        assert screen.query_one("#countdown", Digits).value == "10:00"

        await pilot.press(*"We both agree")
        await pilot.press("ctrl+t")  # start the timer
        clock.advance(8 * 60)
        screen.tick()
        assert screen.query_one("#timer").has_class("-warning")
        clock.advance(3 * 60 + 5)
        screen.tick()
        assert screen.query_one("#timer").has_class("-overtime")
        assert screen.query_one("#countdown", Digits).value == "+1:05"
        assert "11:05 of 10:00" in plain(screen.agenda.get_option_at_index(0).prompt)

        await pilot.press("ctrl+n")  # card 1 done, on to the ground rules
        await pilot.press("ctrl+r")  # the mentor's private notes
        await pilot.press(*"only mine")
        clock.advance(60)
        await pilot.press("ctrl+g")  # skip the ground rules

        await pilot.press("ctrl+o")
        assert isinstance(app.screen, FollowUpScreen)
        await pilot.press(*"Install the chat app", "tab", *"soon", "enter")
        assert isinstance(app.screen, FollowUpScreen), "a bad date keeps the dialog open"
        error = app.screen.query_one("#followup-due-error", Label)
        assert "is not a date" in str(error.render())
        await pilot.press("backspace", "backspace", "backspace", "backspace", *"+3d", "enter")
        assert isinstance(app.screen, MeetingScreen)
        clock.advance(30)
        await pilot.press("ctrl+q")
    app.store.close()

    with Store.open(home, readonly=True) as store:
        session = store.session("lena-markus", 1)
        assert session is not None and session.status is SessionStatus.RUNNING
        assert session.current == 2 and not session.paused
        assert [run.status for run in session.cards[:3]] == [
            CardStatus.DONE,
            CardStatus.SKIPPED,
            CardStatus.PENDING,
        ]
        assert session.cards[0].used_seconds == 11 * 60 + 5
        assert session.cards[1].used_seconds == 60
        assert session.cards[2].used_seconds == 30
        assert store.shared_notes("lena-markus", 1) == {0: "We both agree"}
        assert store.private_note("lena-markus", 1, 1, Role.MENTOR) == "only mine"
        [followup] = store.followups("lena-markus")
        assert (followup.text, followup.owner, followup.due) == (
            "Install the chat app",
            Owner.BOTH,
            clock.now().date() + timedelta(days=3),
        )

    again = create_app(home, clock=clock)
    async with again.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        screen = again.screen
        assert isinstance(screen, MeetingScreen)
        assert screen.running_meeting.index == 2 and screen.running_meeting.running
        await pilot.press("ctrl+b", "ctrl+b")
        assert screen.shared.text == "We both agree"
        assert not screen.private.display, "private notes stay hidden until asked for"
        await pilot.press("ctrl+r")
        await pilot.press("ctrl+l")  # the shield hides every private pane at once
        assert not screen.private.display
        assert screen.focused is screen.shared, "typing goes on in the shared notes"
        await pilot.press("ctrl+f")
        assert isinstance(again.screen, EndScreen)
        await pilot.press("ctrl+s")
        assert not isinstance(again.screen, (EndScreen, MeetingScreen))
        # The calendar is ticked by default: written into the folder shown (the home
        # folder here, which has no Documents folder), for import.
        calendar = Path.home() / "lena-markus.ics"
        assert b"BEGIN:VEVENT" in calendar.read_bytes()
        assert b"Install the chat app" in calendar.read_bytes()
        assert not list(Path.home().glob("*.md")), "minutes only when ticked"
        # Minutes of the meeting just held, from the home screen, into the folder shown.
        await pilot.press("m", "enter")
        minutes = Path.home() / "lena-markus-session-1.md"
        assert "We both agree" in minutes.read_text()
        assert "only mine" not in minutes.read_text(), "never a private note"
    again.store.close()

    with Store.open(home, readonly=True) as store:
        assert store.session("lena-markus", 1).status is SessionStatus.ENDED
        next_meeting = store.tandem("lena-markus").next_meeting
        assert next_meeting is not None and next_meeting.date() == date(2026, 12, 25)


async def test_editing_a_tandem_from_the_home_screen(home: Path) -> None:
    seed(home)
    clock = ManualClock()
    app = create_app(home, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "ctrl+f", "ctrl+s")  # a first meeting, ended
        await pilot.pause()
        await pilot.press("e")
        form = app.screen
        assert isinstance(form, AddTandemScreen)
        assert form.query_one("#mentee", Input).value == "Markus Brandt"
        form.query_one("#mentee", Input).value = "Lena Vogel"  # the same person: refused
        await pilot.press("ctrl+s")
        assert app.screen is form, "a mistake keeps the form open, with what was typed"
        assert "same person" in str(form.query_one("#mentee-error", Label).render())
        form.query_one("#mentee", Input).value = "Markus Brandt-Ohl"
        form.query_one("#goals", Input).value = "Use the team chat; Understand trainees"
        await pilot.press("ctrl+s")
        assert not isinstance(app.screen, AddTandemScreen)
        await pilot.press("enter")  # the goals are in view during the next meeting
        assert "Goals: Use the team chat · Understand trainees" in str(
            app.screen.query_one("#card-prompts").render()
        )
    app.store.close()

    with Store.open(home, readonly=True) as store:
        assert store.tandem_ids() == ["lena-markus"]
        tandem = store.tandem("lena-markus")
        assert tandem.mentee.name == "Markus Brandt-Ohl"
        assert tandem.mentee.email == "markus@example.org"
        assert tandem.goals == ("Use the team chat", "Understand trainees")
        assert [s.number for s in store.sessions("lena-markus")] == [1, 2]


async def test_notes_are_saved_when_the_app_is_killed_by_sigterm(home: Path) -> None:
    seed(home)
    app = create_app(home, clock=ManualClock())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await pilot.press(*"typed just now")
        # A real signal to this process: the app's handler saves, then exits.
        saved_before = store_text(app)
        os.kill(os.getpid(), signal.SIGTERM)
        await pilot.pause()
        await pilot.pause()
        assert saved_before == {}, "the note was not on disk yet: the signal must save it"
        assert store_text(app) == {0: "typed just now"}
        assert app.return_code is not None, "SIGTERM ends the app"
    app.store.close()
    with Store.open(home, readonly=True) as store:
        assert store.shared_notes("lena-markus", 1) == {0: "typed just now"}


def store_text(app) -> dict[int, str]:
    return app.store.shared_notes("lena-markus", 1)


async def test_first_run_welcomes_and_adds_a_tandem(home: Path) -> None:
    app = create_app(home, clock=ManualClock())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.screen_stack[-2].query_one("#welcome").display
        assert "Welcome" in str(app.screen.query_one("#dialog-welcome").render())
        await pilot.press(*"Lena", "tab", *"lena", "enter")
        error = app.screen.query_one("#mentee-error", Label)
        assert "the same person as the mentor" in str(error.render())
        await pilot.press("shift+tab")
        mentee = app.screen.query_one("#mentee")
        mentee.value = ""  # type: ignore[attr-defined]
        await pilot.press("tab")
        await pilot.press(*"Markus", "enter")
        await pilot.pause()
        assert not app.screen.query_one("#welcome").display
    app.store.close()
    with Store.open(home, readonly=True) as store:
        assert store.tandem_ids() == ["lena-markus"]


async def test_private_notes_are_masked_until_asked_for(home: Path) -> None:
    seed(home)
    with Store.open(home) as store:
        tandem = store.tandem("lena-markus")
        meeting = Meeting.open(store, load_library(home), tandem, ManualClock())
        meeting.save_note("MARKER-7731", NoteKind.PRIVATE, Role.MENTEE)
    app = create_app(home, clock=ManualClock())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        assert not app.screen.query_one("#private", TextArea).display
        masked = app.screen.query_one("#private-masked")
        assert "Hidden" in str(masked.render())
        await pilot.press("ctrl+r", "ctrl+r")  # the mentor's pane, then the mentee's
        assert app.screen.query_one("#private", TextArea).text == "MARKER-7731"
    app.store.close()


async def test_feedback_on_the_end_screen_reaches_the_session(home: Path) -> None:
    seed(home)
    app = create_app(home, clock=ManualClock())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "ctrl+f")
        end = app.screen
        assert isinstance(end, EndScreen)
        await pilot.click("#mentor-useful")
        await pilot.press("9", "4")  # only 1 to 5 can be typed
        await pilot.click("#mentor-eye-level")
        await pilot.press("5")
        await pilot.click("#mentee-useful")
        await pilot.press("3")
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, EndScreen), "half a rating keeps the screen open"
        assert "Give both ratings" in str(end.query_one("#mentee-feedback-error", Label).render())
        await pilot.click("#mentee-eye-level")
        await pilot.press("4")
        await pilot.click("#mentee-takeaway")
        await pilot.press(*"Threads beat mail")
        await pilot.press("ctrl+s")
        assert not isinstance(app.screen, EndScreen)
    app.store.close()
    with Store.open(home, readonly=True) as store:
        session = store.session("lena-markus", 1)
    assert session is not None
    assert session.feedback[Role.MENTOR] == Feedback(4, 5, "")
    assert session.feedback[Role.MENTEE] == Feedback(3, 4, "Threads beat mail")


async def test_every_prompt_of_a_long_card_is_shown(home: Path) -> None:
    """The editors' six-line prompt field once set the height of the meeting's prompts."""
    seed(home)
    app = create_app(home, clock=ManualClock())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        prompts = app.screen.query_one("#card-prompts", Static)
        prompts.update("\n".join(f"• prompt {n}" for n in range(1, 10)))
        await pilot.pause()
        assert prompts.size.height == 9
    app.store.close()


async def test_ticking_off_follow_ups_from_home_and_in_a_meeting(home: Path) -> None:
    seed(home)
    clock = ManualClock()
    with Store.open(home) as store:
        late = FollowUp("Send the ground rules", Owner.MENTOR, clock.now().date() - timedelta(2))
        store.save_followup("lena-markus", late)
    app = create_app(home, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f")
        listing = app.screen
        assert isinstance(listing, FollowUpListScreen)
        assert "1 open, 1 late, 0 done" in str(listing.query_one("#followup-summary").render())
        await pilot.press("space")  # done
        assert not app.store.followups("lena-markus")[0].is_open
        await pilot.press("space")  # opened again: ticked by mistake
        assert app.store.followups("lena-markus")[0].is_open
        await pilot.press("enter")  # Enter ticks off too
        await pilot.press("escape")
        entry = app.screen.query_one("#tandems", OptionList).get_option_at_index(0).prompt
        assert "Session 1 of 6" in str(entry) and "open follow-up" not in str(entry)

        await pilot.press("enter")  # the meeting: F2 lists every session's follow-ups
        meeting = app.screen
        assert isinstance(meeting, MeetingScreen)
        await pilot.press("f2", "a")
        assert isinstance(app.screen, FollowUpScreen)
        await pilot.press(*"Book the workshop", "enter")
        listing = app.screen  # back in the list, which shows the new one on top
        assert isinstance(listing, FollowUpListScreen)
        assert [f.text for f in listing.followups] == ["Book the workshop", "Send the ground rules"]
        await pilot.press("e")  # change it: the dialog comes filled in
        change = app.screen
        assert isinstance(change, FollowUpScreen)
        assert change.query_one("#followup-text", Input).value == "Book the workshop"
        change.query_one("#followup-due", Input).value = "+2w"
        await pilot.press("ctrl+s")
        assert app.screen is listing
        await pilot.press("escape")
        assert app.screen is meeting
        assert "Book the workshop" in str(meeting.query_one("#followups").render())
    app.store.close()

    with Store.open(home, readonly=True) as store:
        by_text = {f.text: f for f in store.followups("lena-markus")}
        assert not by_text["Send the ground rules"].is_open
        assert by_text["Send the ground rules"].done_at == clock.now()
        assert by_text["Book the workshop"].is_open
        assert by_text["Book the workshop"].session == 1, "added in the meeting: from session 1"
        assert by_text["Book the workshop"].due == clock.now().date() + timedelta(weeks=2)
        assert len(by_text) == 2, "changed, not added again"


async def test_a_megabyte_pasted_into_the_notes_is_refused_and_nothing_is_lost(
    home: Path,
) -> None:
    """A note holds at most 100,000 characters: a paste past that is refused whole, with a
    word why; what was written stays, and writing goes on."""
    seed(home)
    pasted = ("A line of a pasted report, with umlauts äöü and a tab\t. " * 17 + "\n") * 1000
    assert len(pasted.encode()) > 1_000_000
    told: list[str] = []

    def hook(message: object) -> None:
        if isinstance(message, Notify):
            told.append(str(message.notification.message))

    app = create_app(home, clock=ManualClock())
    async with app.run_test(size=SIZE, message_hook=hook) as pilot:
        await pilot.press("enter", *"Before the paste.")
        app.post_message(events.Paste(pasted))  # as the terminal delivers a paste
        await pilot.pause()
        await pilot.press("end", *" And after it.")
        await pilot.press("ctrl+n")  # saved on the way to the next card
    app.store.close()
    assert any("at most 100,000 characters" in message for message in told), told
    with Store.open(home, readonly=True) as store:
        assert store.shared_notes("lena-markus", 1)[0] == "Before the paste. And after it."


async def test_editing_a_tandem_whose_program_is_gone_says_so(home: Path) -> None:
    with Store.open(home) as store:
        store.add_tandem(make_tandem(program="a-program-since-deleted"))
    app = create_app(home, clock=ManualClock())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("e")
        note = str(app.screen.query_one("#program-error", Label).render())
        assert '"a-program-since-deleted" is not installed any more' in note
    app.store.close()


async def test_a_follow_up_ticked_off_on_the_review_card_shows_done(home: Path) -> None:
    from tandem_tui.demo import DEMO_TANDEM, seed_demo

    clock = ManualClock()
    library = load_library(home)
    seed_demo(home, library, clock.now().date())
    app = create_app(home, library=library, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")  # session 2 opens on the review card
        meeting = app.screen
        assert isinstance(meeting, MeetingScreen)
        prompts = meeting.query_one("#card-prompts", Static)
        assert "• Follow-up (mentee" in str(prompts.render())
        await pilot.press("f2", "space", "escape")  # the open one, ticked off
        assert "✓ Follow-up (mentee" in str(prompts.render())
        assert "• Still open from last time" in str(prompts.render()), "other prompts stay"
    app.store.close()
    with Store.open(home, readonly=True) as store:
        assert not any(f.is_open for f in store.followups(DEMO_TANDEM))
