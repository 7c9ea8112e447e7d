"""The meeting speaks its tandem's language, whatever the app's own.

A tandem on the German program meets in German in an English app: pane titles, the
card counter, the clocks, the footer's keys, the notifications and the follow-ups.
An English tandem meets in English in a German app. What the meeting's core and the
date parser say follows the language they are given.
"""

from __future__ import annotations

import io
import re
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from conftest import make_tandem
from rich.console import Console
from textual.app import App
from textual.command import CommandPalette
from textual.notifications import Notify
from textual.widgets import Input

from tandem_tui import i18n
from tandem_tui.app import create_app
from tandem_tui.clock import ManualClock
from tandem_tui.dates import DateError, parse_due, parse_meeting
from tandem_tui.library import Library
from tandem_tui.meeting import Meeting, review_card, review_prompt
from tandem_tui.model import FollowUp, Owner
from tandem_tui.screens import meeting_view as view
from tandem_tui.screens.help import HelpScreen
from tandem_tui.screens.meeting import MeetingScreen
from tandem_tui.store import Store
from tandem_tui.text import MAX_FOLLOWUP, followup_problem
from tandem_tui.widgets.footer import KeyHint

SIZE = (120, 36)
GERMAN = "reverse-mentoring-de"
# Words of the app's own English that a German meeting must not show (agenda text aside).
ENGLISH = re.compile(
    r"\b(card|cards|Shared|Private notes|Led by|Meeting|ends|on time|paused|Next|Skip|"
    r"Follow-ups?|Help|Undo|Back|Tick off|Look back|Shield|Pause or|No follow-ups|due|"
    r"session|mentor's|Ctrl)\b"
)
GERMAN_WORDS = re.compile(r"\b(Karte|Notizen|Treffen|Weiter|Überspringen|Aufgaben?|Strg|von)\b")


def seed(home: Path, program: str) -> None:
    with Store.open(home) as store:
        store.add_tandem(make_tandem(program=program))


def shown(app: App[Any]) -> str:
    """Everything on the screen as the terminal shows it, toasts included, as text."""
    width, height = app.size
    console = Console(
        width=width, height=height, file=io.StringIO(), record=True, legacy_windows=False
    )
    console.print(app.screen._compositor.render_update(full=True))
    return console.export_text()


def footer_labels(app: App[Any]) -> list[str]:
    return [hint.description for hint in app.screen.query(KeyHint)]


async def test_a_german_tandem_meets_in_german_in_an_english_app(home: Path) -> None:
    seed(home, GERMAN)
    told: list[str] = []

    def hook(message: object) -> None:
        if isinstance(message, Notify):
            told.append(str(message.notification.message))

    clock = ManualClock()
    app = create_app(home, clock=clock)
    assert i18n.chrome().language == "en"
    async with app.run_test(size=SIZE, message_hook=hook) as pilot:
        await pilot.press("enter")
        screen = app.screen
        assert isinstance(screen, MeetingScreen)
        assert screen.speech.language == "de"
        await pilot.pause()
        labels = footer_labels(app)
        assert labels[:5] == ["Pause", "Weiter", "Überspringen", "Aufgabe", "Ende"], labels
        assert labels[-1] == "Befehle", "the palette's key too"
        text = shown(app)
        assert "Karte 1 von 5" in text
        assert "Gemeinsame Notizen" in text and "Private Notizen" in text
        assert "Es leitet der Mentor: Lena Vogel" in text
        assert "pausiert · Strg+T" in text
        assert "Aus diesem Treffen noch keine Aufgaben. Strg+O fügt eine hinzu." in text
        assert "0:00 von 10:00" in text  # the agenda's times
        assert not ENGLISH.search(text), ENGLISH.search(text)

        await pilot.press(*"Wir sind uns einig", "ctrl+t")
        clock.advance(9 * 60)
        screen.tick()
        assert "Zeitfenster fast um" in shown(app)
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert told[-1] == "Karte erledigt. Strg+Z macht es rückgängig."
        await pilot.press("ctrl+r")
        text = shown(app)
        assert "Karte 2 von 5" in text
        assert "Privat · Lena Vogel (Mentor) · ohne Passphrase" in text
        assert "✎ Private Notizen, Mentor" in text, "the footer's badge"
        assert not ENGLISH.search(text), ENGLISH.search(text)
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert told[-1] == "Rückgängig gemacht: die Karte ist wieder offen."
        await pilot.press("ctrl+q")
    app.store.close()
    with Store.open(home, readonly=True) as store:
        assert store.shared_notes("lena-markus", 1)[0] == "Wir sind uns einig"


async def test_what_a_german_meeting_opens_is_german_in_an_english_app(home: Path) -> None:
    """Its help, its follow-up dialog and list, and the end screen: none falls back
    to the app's English."""
    seed(home, GERMAN)
    app = create_app(home, clock=ManualClock())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        for key in ("f1", "ctrl+o", "f2", "ctrl+f"):
            await pilot.press(key)
            await pilot.pause()
            opened = app.screen
            assert not isinstance(opened, MeetingScreen), key
            text = shown(app)
            assert GERMAN_WORDS.search(text), (key, text)
            assert not ENGLISH.search(text), (key, ENGLISH.search(text), text)
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, MeetingScreen), key
        await pilot.press("ctrl+q")
    app.store.close()


async def test_the_german_meetings_commands_in_the_palette_are_german(home: Path) -> None:
    seed(home, GERMAN)
    app = create_app(home, clock=ManualClock())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        screen = app.screen
        assert isinstance(screen, MeetingScreen)
        commands = {command.title: command.help for command in screen.palette_commands()}
        assert commands["Aufgabe hinzufügen"] == "Strg+O"
        assert commands["Eine Minute mehr für diese Karte"] == "Strg+↑"
        assert "Passphrase für den Mentor setzen" in commands
        assert "Kalender exportieren (.ics)" in commands
        assert not any(ENGLISH.search(title) for title in commands)
        # Textual's own commands speak the meeting's language too, not the app's English.
        system = {command.title: command.help for command in app.get_system_commands(screen)}
        assert {"Tasten", "Bildschirmfoto", "Beenden"} <= set(system), system
        assert not any(ENGLISH.search(title) or "Quit" in title for title in system)
        await pilot.press("ctrl+p")  # the palette's key, bound by the screen too, still opens it
        await pilot.pause()
        palette = app.screen
        assert isinstance(palette, CommandPalette)
        assert palette.query_one(Input).placeholder == "Befehle suchen …"
        await pilot.press(*"Tasten")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen), "our page of keys, not Textual's English panel"
        assert "Tasten im Treffen" in shown(app)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen
        await pilot.press("ctrl+q")
    app.store.close()


async def test_an_english_tandem_meets_in_english_in_a_german_app(home: Path) -> None:
    seed(home, "reverse-mentoring-en")
    i18n.use("de")
    told: list[str] = []

    def hook(message: object) -> None:
        if isinstance(message, Notify):
            told.append(str(message.notification.message))

    app = create_app(home, clock=ManualClock())
    async with app.run_test(size=SIZE, message_hook=hook) as pilot:
        await pilot.press("enter")
        screen = app.screen
        assert isinstance(screen, MeetingScreen)
        assert screen.speech.language == "en"
        await pilot.pause()
        labels = footer_labels(app)
        assert labels[:5] == ["Pause", "Next", "Skip", "Follow-up", "End"]
        assert labels[-1] == "palette"
        text = shown(app)
        assert "card 1 of 5" in text
        assert "Shared notes" in text and "Private notes" in text
        assert "No follow-ups yet. Ctrl+O adds one." in text
        assert not GERMAN_WORDS.search(text), GERMAN_WORDS.search(text)
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert told[-1] == "Card done. Ctrl+Z undoes."
        await pilot.press("ctrl+q")
    app.store.close()


async def test_swiss_german_writes_ss_in_the_agendas_words_too(home: Path) -> None:
    """Under a Swiss chrome the German meeting is Swiss: "draussen", not "draußen"."""
    seed(home, GERMAN)
    i18n.use("de_CH")
    app = create_app(home, clock=ManualClock())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "ctrl+n")  # the ground rules: "Welche Themen bleiben draußen"
        await pilot.pause()
        text = shown(app)
        assert "draussen" in text and "ß" not in text
        assert "Karte 2 von 5" in text
        await pilot.press("ctrl+q")
    app.store.close()


def test_the_german_footer_keys_are_whole_words_at_80_columns() -> None:
    """Each key label of the meeting is a real word or two, short enough for the footer."""
    from tandem_tui.screens.meeting_keys import MEETING_ACTIONS

    german = i18n.speech("de")
    labels = [german.gettext(action.label) for action in MEETING_ACTIONS]
    assert labels[:6] == ["Pause", "Weiter", "Überspringen", "Aufgabe", "Ende", "Hilfe"]
    assert all("." not in label and len(label) <= 12 for label in labels), labels


def test_the_review_card_of_a_german_tandem_is_german(home: Path, library: Library) -> None:
    today = date(2026, 11, 27)
    with Store.open(home) as store:
        tandem = make_tandem(program=GERMAN)
        store.add_tandem(tandem)
        clock = ManualClock(datetime(2026, 11, 27, 17, 0).astimezone())
        meeting = Meeting.open(store, library, tandem, clock)
        assert meeting.speech.language == "de"
        meeting.add_followup("Team-Chat installieren", Owner.MENTEE, today + timedelta(days=3))
        meeting.add_followup("Spielregeln verschicken", Owner.BOTH, None)
        meeting.skip_card()
        meeting.end()
        card = review_card(store, tandem, "de")
        assert card is not None
        assert card.title == "Rückblick: Offenes"
        assert card.prompts[0] == "Offen vom letzten Mal: Kennenlernen"
        assert card.prompts[-2:] == (
            "Aufgabe (Mentee, fällig 30.11.2026): Team-Chat installieren",
            "Aufgabe (beide): Spielregeln verschicken",
        )
        # The English card reads as before.
        english = review_card(store, tandem, "en")
        assert english is not None
        assert english.prompts[0] == "Still open from last time: Kennenlernen"
        assert english.prompts[-2:] == (
            "Follow-up (mentee, 2026-11-30): Team-Chat installieren",
            "Follow-up (both): Spielregeln verschicken",
        )

        second = Meeting.open(store, library, tandem, clock)
        followups = view.followups(second).plain
        assert "2 offene Aufgaben von früher: F2 hakt sie ab." in followups
        ticked = store.followups(tandem.id)[0]
        store.save_followup(tandem.id, ticked.done(clock.now()))
        assert "✓ Aufgabe (Mentee, fällig 30.11.2026)" in view.prompts(second).plain


def test_a_review_card_of_an_earlier_version_still_shows_what_is_done() -> None:
    """German review cards used to name the owner in English and the date in ISO."""
    from tandem_tui.meeting import review_prompts

    followup = FollowUp(
        text="Team-Chat installieren",
        owner=Owner.BOTH,
        due=date(2026, 11, 30),
        session=1,
        card=0,
        created_at=datetime(2026, 11, 27, 17, 0).astimezone(),
        updated_at=datetime(2026, 11, 27, 17, 0).astimezone(),
    )
    assert (
        review_prompt(followup, "de")
        == "Aufgabe (beide, fällig 30.11.2026): Team-Chat installieren"
    )
    assert "Aufgabe (both, 2026-11-30): Team-Chat installieren" in review_prompts(followup, "de")


TODAY = date(2026, 11, 27)
NOW = datetime(2026, 11, 27, 17, 0).astimezone()


@pytest.mark.parametrize(
    ("typed", "german", "in_english"),
    [
        (
            "31.02.2027",
            "„31.02.2027“ ist kein Datum: der Februar 2027 hat 28 Tage",
            '"31.02.2027" is not a date: February 2027 has 28 days',
        ),
        (
            "bald",
            "„bald“ ist kein Datum; gib ein Datum wie 31.12.2026, 31.12., 2026-12-01, +3T, +2W, "
            "heute, morgen, Freitag oder Fr ein",
            '"bald" is not a date; give a date like 2026-12-01, 31.12.2026, 31.12., +3d, +2w, '
            "today, morgen or a weekday like friday or Fr",
        ),
        (
            "1.1.2026",
            "„1.1.2026“ liegt in der Vergangenheit; gib heute oder ein späteres Datum ein",
            '"1.1.2026" is in the past; give today or a later date',
        ),
        (
            "1.1.2101",
            "„1.1.2101“ liegt nach 2100; gib ein Datum bis zum 31.12.2100 ein",
            '"1.1.2101" is after 2100; give a date up to 2100-12-31',
        ),
    ],
)
def test_a_due_date_refused_speaks_the_language_it_is_given(
    typed: str, german: str, in_english: str
) -> None:
    with pytest.raises(DateError) as refused:
        parse_due(typed, TODAY, speech=i18n.speech("de"))
    assert str(refused.value) == german
    with pytest.raises(DateError) as refused:
        parse_due(typed, TODAY)  # the chrome's: English
    assert str(refused.value) == in_english
    i18n.use("de")
    with pytest.raises(DateError) as refused:
        parse_due(typed, TODAY)  # the chrome's: German now
    assert str(refused.value) == german
    with pytest.raises(DateError) as refused:
        parse_due(typed, TODAY, speech=i18n.speech("en"))  # an English tandem's
    assert str(refused.value) == in_english


def test_a_meeting_time_refused_speaks_the_language_it_is_given() -> None:
    german = i18n.speech("de")
    with pytest.raises(DateError) as refused:
        parse_meeting("morgen um fünf", NOW, speech=german)
    assert str(refused.value) == (
        "„morgen um fünf“ ist kein Datum mit Uhrzeit; gib ein Datum mit Uhrzeit wie "
        "5.2.2027 17:00, 2027-02-05 17:00, Freitag 17:00, morgen 17 Uhr oder +4w 17:00 ein"
    )
    with pytest.raises(DateError, match=r"^kein Datum und keine Uhrzeit angegeben; gib ein"):
        parse_meeting("  ", NOW, speech=german)
    with pytest.raises(DateError, match="liegt in der Vergangenheit"):
        parse_meeting("heute 9:00", NOW, speech=german)
    with pytest.raises(DateError, match=r"^\"31.4.2027 17:00\" is not a date: April 2027 has 30"):
        parse_meeting("31.4.2027 17:00", NOW)


def test_a_follow_up_refused_speaks_the_language_it_is_given() -> None:
    german = i18n.speech("de")
    assert followup_problem("", german) == "ist leer; schreib, wer was tut"
    assert followup_problem("", None) == "is empty; say who does what"
    assert followup_problem("x" * 1234, german) == (
        "hat 1.234 Zeichen; eine Aufgabe darf höchstens 500 Zeichen haben"
    )
    assert followup_problem("x" * 1234) == "has 1,234 characters; a follow-up may have at most 500"
    assert followup_problem("x" * MAX_FOLLOWUP, german) is None
