"""A throwaway data home with an example tandem: one meeting held, the next ready to start."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path

from tandem_tui.clock import ManualClock
from tandem_tui.library import Library
from tandem_tui.meeting import Meeting
from tandem_tui.model import NoteKind, Owner, Participant, Role, Tandem
from tandem_tui.store import Store
from tandem_tui.zones import wall_clock

DEMO_TANDEM = "lena-markus"


def seed_demo(home: Path, library: Library, today: date) -> None:
    """Write the example tandem, and its first meeting four weeks ago, into `home`."""
    with Store.open(home) as store:
        tandem = Tandem(
            id=DEMO_TANDEM,
            mentor=Participant("Lena Vogel", "lena.vogel@example.org"),
            mentee=Participant("Markus Brandt", "markus.brandt@example.org"),
            program="reverse-mentoring-en",
            goals=("Use the team chat instead of e-mail", "Understand what my trainees expect"),
        )
        store.add_tandem(tandem)
        held = datetime.combine(today - timedelta(weeks=4), time(17, 0)).astimezone()
        clock = ManualClock(held)
        meeting = Meeting.open(store, library, tandem, clock)
        meeting.resume()
        for minutes, shared in (
            (9, "Lena: apprentice in IT, 2nd year. Markus: head of purchasing, 22 years here."),
            (16, "Discretion without exception. No reporting line. Pay and appraisals stay out."),
            (14, "Markus wants to stop printing mails and try the team chat."),
            (11, "Lena wants to understand how budgets get decided."),
        ):
            meeting.save_note(shared)
            clock.advance(minutes * 60)
            meeting.next_card()
        meeting.save_note(
            "Felt nervous about giving feedback upwards; went fine.",
            NoteKind.PRIVATE,
            Role.MENTOR,
        )
        meeting.add_followup(
            "Install the team chat on the phone", Owner.MENTEE, today + timedelta(days=3)
        )
        done = meeting.add_followup(
            "Send the ground rules to both", Owner.MENTOR, today - timedelta(weeks=3)
        )
        store.save_followup(tandem.id, done.done(clock.now()))  # ticked off in that meeting
        meeting.skip_card()  # "Working agreement": comes back as the review card
        meeting.end(next_meeting=wall_clock(today, time(17, 0)))  # in the machine's zone
