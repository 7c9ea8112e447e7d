"""The meeting core with a clock the tests move: timers, cards, carry-over, resuming after a kill."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from conftest import make_tandem

from tandem_tui.clock import ManualClock, format_seconds
from tandem_tui.meeting import Meeting, MeetingError, TimerState
from tandem_tui.model import CardStatus, NoteKind, Owner, Role, SessionStatus
from tandem_tui.store import Store


@pytest.fixture
def store(home: Path):
    with Store.open(home) as opened:
        opened.add_tandem(make_tandem())
        yield opened


def test_timers_follow_the_clock_not_ticks(store, library) -> None:
    clock = ManualClock()
    meeting = Meeting.open(store, library, store.tandem("lena-markus"), clock)
    assert meeting.current.card.title == "Getting to know each other"
    assert not meeting.running
    clock.advance(30)
    assert meeting.elapsed() == 0  # paused until started
    meeting.resume()
    clock.advance(7 * 60 + 59)
    assert meeting.timer_state() is TimerState.NORMAL
    clock.advance(1)
    assert meeting.timer_state() is TimerState.WARNING  # 8 of 10 minutes
    clock.advance(2 * 60 + 5)
    assert meeting.timer_state() is TimerState.OVERTIME
    assert format_seconds(meeting.remaining()) == "0:05" and meeting.remaining() < 0
    meeting.pause()
    clock.advance(600)
    assert meeting.elapsed() == 10 * 60 + 5


def test_forecast_counts_the_rest_of_the_boxes(store, library) -> None:
    clock = ManualClock()
    meeting = Meeting.open(store, library, store.tandem("lena-markus"), clock)
    meeting.resume()
    clock.advance(4 * 60)
    # 6 minutes left on this card, then 15 + 15 + 10 + 10
    assert meeting.forecast_end() == clock.now() + timedelta(minutes=56)
    clock.advance(10 * 60)  # 4 minutes over: the rest still needs its 50 minutes
    assert (meeting.forecast_end() - clock.now()).total_seconds() == 50 * 60


def test_cards_next_skip_previous_and_minutes(store, library) -> None:
    clock = ManualClock()
    meeting = Meeting.open(store, library, store.tandem("lena-markus"), clock)
    meeting.resume()
    clock.advance(60)
    assert meeting.next_card()
    assert meeting.cards[0].status is CardStatus.DONE and meeting.index == 1
    meeting.skip_card()
    assert meeting.cards[1].status is CardStatus.SKIPPED and meeting.index == 2
    meeting.adjust_box(+1)
    meeting.adjust_box(+1)
    meeting.adjust_box(-1)
    assert meeting.current.box_minutes == 16
    meeting.previous_card()
    assert meeting.index == 1
    assert meeting.elapsed(0) == 60


def test_a_killed_meeting_resumes_exactly(home: Path, library) -> None:
    clock = ManualClock()
    with Store.open(home) as store:
        store.add_tandem(make_tandem())
        meeting = Meeting.open(store, library, store.tandem("lena-markus"), clock)
        meeting.resume()
        clock.advance(90)
        meeting.next_card()
        clock.advance(45)
        meeting.save_note("We agree on discretion")
        meeting.save_note("my own thought", NoteKind.PRIVATE, Role.MENTOR)
        meeting.checkpoint()
        # no end(), no pause(): the process dies here
    with Store.open(home) as store:
        again = Meeting.open(store, library, store.tandem("lena-markus"), clock)
        assert again.session.number == 1 and again.index == 1 and again.running
        assert again.elapsed(0) == 90 and again.elapsed() == 45
        assert again.note() == "We agree on discretion"
        assert again.note(NoteKind.PRIVATE, Role.MENTOR) == "my own thought"
        assert again.note(NoteKind.PRIVATE, Role.MENTEE) == ""


def test_skipped_cards_and_open_followups_come_back_as_a_review_card(store, library) -> None:
    clock = ManualClock()
    tandem = store.tandem("lena-markus")
    meeting = Meeting.open(store, library, tandem, clock)
    meeting.resume()
    meeting.next_card()
    meeting.skip_card()  # "Ground rules"
    meeting.add_followup("Install the chat app", Owner.MENTEE, date(2026, 12, 4))
    done = meeting.add_followup("Book a room", Owner.MENTOR, None)
    store.save_followup(tandem.id, done.done())
    meeting.end(meeting.suggested_next_meeting(library))
    assert store.session(tandem.id, 1).status is SessionStatus.ENDED
    assert store.tandem(tandem.id).next_meeting.date() == date(2026, 12, 25)

    second = Meeting.open(store, library, store.tandem(tandem.id), clock)
    assert second.session.number == 2
    review = second.cards[0].card
    assert review.title == "Review: carried over"
    assert review.prompts == (
        "Still open from last time: Ground rules",
        "Still open from last time: What the mentee wants to learn",
        "Still open from last time: What the mentor wants to gain",
        "Still open from last time: Working agreement",
        "Follow-up (mentee, 2026-12-04): Install the chat app",
    )
    assert second.cards[1].card.title == "Check-in and open follow-ups"


def test_past_the_last_session_is_a_clear_error(store, library) -> None:
    clock = ManualClock()
    tandem = store.tandem("lena-markus")
    for _ in range(6):
        Meeting.open(store, library, tandem, clock).end()
    with pytest.raises(MeetingError, match="all 6 sessions of Reverse mentoring in six meetings"):
        Meeting.open(store, library, tandem, clock)
