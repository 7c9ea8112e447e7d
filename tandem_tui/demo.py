"""A throwaway data home with an example tandem: one meeting held, the next ready to start.

The demo speaks the chrome's language: with a German chrome the example is a German
tandem on the German program, its goals, notes and follow-ups in German.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path

from tandem_tui import i18n
from tandem_tui.clock import ManualClock
from tandem_tui.library import Library
from tandem_tui.meeting import Meeting
from tandem_tui.model import NoteKind, Owner, Participant, Role, Tandem
from tandem_tui.store import Store
from tandem_tui.zones import wall_clock

DEMO_TANDEM = "lena-markus"


@dataclass(frozen=True)
class _Example:
    """What the example tandem says, in one language."""

    program: str
    goals: tuple[str, ...]
    #: Minutes spent on each of the first cards, and the shared notes written there.
    cards: tuple[tuple[int, str], ...]
    private: str
    todo: str  # the mentee's, due in three days
    done: str  # the mentor's, ticked off in that meeting


ENGLISH = _Example(
    program="reverse-mentoring-en",
    goals=("Use the team chat instead of e-mail", "Understand what my trainees expect"),
    cards=(
        (9, "Lena: apprentice in IT, 2nd year. Markus: head of purchasing, 22 years here."),
        (16, "Discretion without exception. No reporting line. Pay and appraisals stay out."),
        (14, "Markus wants to stop printing mails and try the team chat."),
        (11, "Lena wants to understand how budgets get decided."),
    ),
    private="Felt nervous about giving feedback upwards; went fine.",
    todo="Install the team chat on the phone",
    done="Send the ground rules to both",
)

GERMAN = _Example(
    program="reverse-mentoring-de",
    goals=(
        "Den Team-Chat statt E-Mail nutzen",
        "Verstehen, was meine Auszubildenden erwarten",
    ),
    cards=(
        (
            9,
            "Lena: Auszubildende in der IT, 2. Lehrjahr. "
            "Markus: Leiter Einkauf, seit 22 Jahren hier.",
        ),
        (
            16,
            "Vertraulichkeit ohne Ausnahme. Keine Berichtslinie. "
            "Gehalt und Beurteilungen bleiben draußen.",
        ),
        (14, "Markus will keine Mails mehr ausdrucken und den Team-Chat ausprobieren."),
        (11, "Lena möchte verstehen, wie über Budgets entschieden wird."),
    ),
    private="War nervös, Feedback nach oben zu geben; lief gut.",
    todo="Den Team-Chat auf dem Handy installieren",
    done="Die Spielregeln an beide schicken",
)


def example() -> _Example:
    """The example in the chrome's language (Swiss German writes "ss" for "ß")."""
    chrome = i18n.chrome()
    if chrome.base != "de":
        return ENGLISH
    swiss = chrome.swiss
    return _Example(
        program=GERMAN.program,
        goals=tuple(swiss(goal) for goal in GERMAN.goals),
        cards=tuple((minutes, swiss(note)) for minutes, note in GERMAN.cards),
        private=swiss(GERMAN.private),
        todo=swiss(GERMAN.todo),
        done=swiss(GERMAN.done),
    )


def seed_demo(home: Path, library: Library, today: date) -> None:
    """Write the example tandem, and its first meeting four weeks ago, into `home`."""
    texts = example()
    with Store.open(home) as store:
        tandem = Tandem(
            id=DEMO_TANDEM,
            mentor=Participant("Lena Vogel", "lena.vogel@example.org"),
            mentee=Participant("Markus Brandt", "markus.brandt@example.org"),
            program=texts.program,
            goals=texts.goals,
        )
        store.add_tandem(tandem)
        held = datetime.combine(today - timedelta(weeks=4), time(17, 0)).astimezone()
        clock = ManualClock(held)
        meeting = Meeting.open(store, library, tandem, clock)
        meeting.resume()
        for minutes, shared in texts.cards:
            meeting.save_note(shared)
            clock.advance(minutes * 60)
            meeting.next_card()
        meeting.save_note(texts.private, NoteKind.PRIVATE, Role.MENTOR)
        meeting.add_followup(texts.todo, Owner.MENTEE, today + timedelta(days=3))
        done = meeting.add_followup(texts.done, Owner.MENTOR, today - timedelta(weeks=3))
        store.save_followup(tandem.id, done.done(clock.now()))  # ticked off in that meeting
        # "Working agreement" ("Vereinbarung"): comes back as the review card
        meeting.skip_card()
        meeting.end(next_meeting=wall_clock(today, time(17, 0)))  # in the machine's zone
