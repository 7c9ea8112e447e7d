"""What the app writes for a German tandem (minutes, calendar, invitations, the demo)
is German whatever the chrome, and an English tandem's stays English, as it always was.

The files are read back as the export tests read them: icalendar parses, vobject
validates, khal imports and lists.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import vobject
from conftest import CliResult, make_tandem
from icalendar import Calendar
from khal_calendar import Khal

from tandem_tui import i18n
from tandem_tui.clock import ManualClock
from tandem_tui.demo import DEMO_TANDEM, seed_demo
from tandem_tui.export import build_calendar, export_tandem
from tandem_tui.invite import (
    InviteError,
    Organizer,
    check_addresses,
    invitations,
    plain_text,
    subject,
)
from tandem_tui.library import Library
from tandem_tui.meeting import Meeting
from tandem_tui.minutes import minutes_markdown
from tandem_tui.model import Owner, Participant, Tandem
from tandem_tui.store import Store
from tandem_tui.zones import UnknownZone, find_zone

BERLIN = ZoneInfo("Europe/Berlin")
GERMAN = "reverse-mentoring-de"
ENGLISH = "reverse-mentoring-en"

DAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday Mon Tue Wed Thu Fri Sat Sun"
MONTHS = (
    "January February March April May June July August September October November December "
    "Mar Jun Jul Sep Oct Dec"  # Jan, Feb, Apr, Aug and Nov are German abbreviations too
)
#: The English words of the app's own texts in what it writes: none may be in a German file.
ENGLISH_WORDS = [
    "Meeting",
    "Meetings",
    "Follow-up",
    "Follow-ups",
    "due",
    "Minutes",
    "minute",
    "Shared notes",
    "private notes",
    "reminder",
    "both",
    "session",
    "held",
    "under way",
    "planned",
    "used",
    "led by",
    "open",
    "done",
    "skipped",
    "not reached",
    "comes back",
    "of the tandem",
    "Notes stay",
    "in the app",
    "mentoring session",
    "Date",
    "Time",
    "Goals",
    "Who",
    "day",
    "days",
    "hour",
    "now",
    "today",
    "Invitation",
    "Cancelled",
    "What",
    "When",
    "From",
    "calendar app",
    *DAYS.split(),
    *MONTHS.split(),
]


def english_words(text: str) -> list[str]:
    """The app's English words found in `text`, as whole words, in any case."""
    return [
        word
        for word in ENGLISH_WORDS
        if re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text, re.IGNORECASE)
    ]


def test_the_check_itself_finds_english_words() -> None:
    assert english_words("Follow-up for Lena, due Friday 5 February") == [
        "Follow-up",
        "due",
        "Friday",
        "February",
    ]
    assert english_words("Aufgabe für Lena, fällig Freitag, 5. Februar; offene Punkte") == []


@pytest.fixture
def berlin(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The machine's zone is Berlin: the minutes show the reader's local time."""
    monkeypatch.setenv("TZ", "Europe/Berlin")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def met_once(home: Path, library: Library, program: str) -> Tandem:
    """A tandem on `program` that met once (notes, follow-ups, feedback-free), the rest
    of the series planned from Friday 5 February 2027, 17:00 in Berlin."""
    german = program == GERMAN
    with Store.open(home) as store:
        tandem = make_tandem(program=program)
        store.add_tandem(tandem)
        clock = ManualClock(datetime(2027, 1, 8, 17, 0, tzinfo=BERLIN))
        meeting = Meeting.open(store, library, tandem, clock)
        meeting.resume()
        meeting.save_note("Wir sind uns einig." if german else "We agree.")
        clock.advance(9 * 60)
        meeting.next_card()
        clock.advance(4 * 60)
        meeting.skip_card()
        meeting.add_followup(
            "Spielregeln schicken" if german else "Send the ground rules",
            Owner.MENTOR,
            date(2027, 1, 15),
        )
        meeting.add_followup("Team-Chat testen" if german else "Try the chat", Owner.BOTH, None)
        meeting.end(next_meeting=datetime(2027, 2, 5, 17, 0, tzinfo=BERLIN))
        return store.tandem(tandem.id)


def minutes_of(home: Path, library: Library, tandem: Tandem) -> str:
    with Store.open(home, readonly=True) as store:
        [session] = store.sessions(tandem.id)
        return minutes_markdown(
            tandem,
            session,
            store.shared_notes(tandem.id, 1),
            store.followups(tandem.id),
            library.programs[tandem.program],
        )


def texts_of(calendar: bytes) -> list[str]:
    """Every text a person reads in a calendar: summaries, descriptions (reminders too),
    categories and the calendar's name."""
    parsed = Calendar.from_ical(calendar)
    found = [str(parsed["X-WR-CALNAME"])]
    for component in parsed.walk():
        for name in ("SUMMARY", "DESCRIPTION"):
            if name in component:
                found.append(str(component[name]))
        if "CATEGORIES" in component:
            found += [str(c) for c in component["CATEGORIES"].cats]
    return found


def test_a_german_tandems_minutes_are_german_with_an_english_chrome(
    home: Path, library: Library, berlin: None
) -> None:
    assert i18n.chrome().base == "en"
    tandem = met_once(home, library, GERMAN)
    text = minutes_of(home, library, tandem)
    assert text.startswith("# Protokoll: Lena Vogel & Markus Brandt, Treffen 1 von 6\n")
    assert "- **Datum:** Freitag, 8. Januar 2027, 17:00 bis 17:13\n" in text
    assert "## 1. Kennenlernen\n\n*9:00 von 10:00 genutzt, erledigt; geleitet vom Mentor.*" in text
    assert "übersprungen, kommt beim nächsten Mal wieder; geleitet vom Mentor.*" in text
    assert "geleitet vom Mentee.*" in text, "the mentee's card"
    assert "| Aufgabe | Wer | Fällig | Status |" in text
    assert "| Spielregeln schicken | Lena Vogel | 15.01.2027 | offen |" in text
    assert "| Team-Chat testen | beide |  | offen |" in text
    assert english_words(text) == [], text


def test_a_german_tandems_calendar_is_german_and_reads_back(
    home: Path, library: Library, tmp_path: Path
) -> None:
    met_once(home, library, GERMAN)
    with Store.open(home) as store:
        result = export_tandem(store, library, store.tandem("lena-markus"), zone=BERLIN)
    assert str(result) == "5 meetings and 2 follow-ups, 1 held", "the chrome stays English"
    exported = result.calendar
    vobject.readOne(exported.decode("utf-8")).validate()
    texts = texts_of(exported)
    found = [(text, english_words(text)) for text in texts if english_words(text)]
    assert found == []
    joined = "\n".join(texts)
    assert "Tandem Lena Vogel & Markus Brandt: Der digitale Arbeitsplatz und seine Werkzeuge" in (
        joined
    )
    assert "Reverse-Mentoring-Treffen 2 von 6: Der digitale Arbeitsplatz" in joined
    assert "- Ankommen und offene Aufgaben (5 Min.)" in joined
    assert "Der digitale Arbeitsplatz und seine Werkzeuge in 1 Tag" in joined  # a reminder
    assert "Der digitale Arbeitsplatz und seine Werkzeuge in 15 Minuten" in joined
    assert "Aufgabe für Lena Vogel: Spielregeln schicken (heute fällig)" in joined
    assert "Eine Aufgabe aus Treffen 1 des Tandems Lena Vogel & Markus Brandt." in joined
    assert "Reverse-Mentoring-Treffen 1 von 6: Auftakt und Spielregeln, abgehalten." in joined
    # Each text says its language, for the apps (and the invitations) that read it.
    parsed = Calendar.from_ical(exported)
    summaries = [c["SUMMARY"] for c in parsed.walk() if "SUMMARY" in c]
    assert summaries and {s.params.get("LANGUAGE") for s in summaries} == {"de"}

    # khal imports it and lists the German titles at their local hour.
    ics = tmp_path / "tandem.ics"
    ics.write_bytes(exported)
    calendar = Khal(tmp_path)
    calendar.import_file(ics)
    listed = calendar.listed("{start-time} {title}", "2027-02-05", "2027-02-06")
    assert any(
        line.startswith("17:00 Tandem Lena Vogel & Markus Brandt: Der digitale") for line in listed
    ), listed


def test_an_english_tandem_writes_english_under_a_german_chrome(
    home: Path, library: Library, berlin: None
) -> None:
    tandem = met_once(home, library, ENGLISH)
    with Store.open(home, readonly=True) as store:
        sessions, followups = store.sessions(tandem.id), store.followups(tandem.id)
    program = library.programs[ENGLISH]
    now = datetime(2027, 1, 9, 12, 0, tzinfo=BERLIN)

    def calendar() -> tuple[bytes, dict[str, str]]:
        _, marks, result = build_calendar(
            tandem, sessions, followups, program, library, zone=BERLIN, now=now
        )
        return result.calendar, {uid: mark.fingerprint for uid, mark in marks.items()}

    english_file, english_marks = calendar()
    english_minutes = minutes_of(home, library, tandem)
    i18n.use("de")
    german_file, german_marks = calendar()
    german_minutes = minutes_of(home, library, tandem)
    # The same bytes, so the same fingerprints: a re-export changes nothing.
    assert german_file == english_file
    assert german_marks == english_marks
    assert german_minutes == english_minutes
    assert german_minutes.startswith("# Minutes: Lena Vogel & Markus Brandt, session 1 of 6\n")
    assert "- **Date:** Friday, 08 January 2027, 17:00 to 17:13\n" in german_minutes
    assert "Follow-up for Lena Vogel: Send the ground rules" in "\n".join(texts_of(german_file))
    assert "SUMMARY;LANGUAGE" not in german_file.decode("utf-8"), "English says no language"


def test_the_invitations_of_a_german_tandem_are_german(home: Path, library: Library) -> None:
    met_once(home, library, GERMAN)
    with Store.open(home) as store:
        tandem = store.tandem("lena-markus")
        result = export_tandem(store, library, tandem, zone=BERLIN)
    organizer = Organizer("anna@example.org", "Anna Schmidt")
    found = invitations(Calendar.from_ical(result.calendar), tandem, organizer)
    second = next(i for i in found if i.number == 2)
    assert subject(second) == (
        "Einladung: Tandem Lena Vogel & Markus Brandt: Der digitale Arbeitsplatz und seine "
        "Werkzeuge (Fr. 5. Feb. 2027 17:00)"
    )
    body = plain_text(second, tandem, organizer)
    assert body.startswith("Einladung zum Reverse-Mentoring-Treffen 2.\n")
    assert "Was:     Der digitale Arbeitsplatz und seine Werkzeuge\n" in body
    assert "Wann:    Freitag, 5. Februar 2027, 17:00 bis 18:05 (Europe/Berlin)\n" in body
    assert "Tandem:  Lena Vogel (Mentor) und Markus Brandt (Mentee)\n" in body
    assert english_words(subject(second) + body) == [], body


def test_an_english_tandems_invitations_stay_english_under_a_german_chrome(
    home: Path, library: Library
) -> None:
    met_once(home, library, ENGLISH)
    i18n.use("de")
    with Store.open(home) as store:
        tandem = store.tandem("lena-markus")
        result = export_tandem(store, library, tandem, zone=BERLIN)
    assert str(result) == "5 Treffen und 2 Aufgaben, 1 abgehalten", "the chrome's counts"
    organizer = Organizer("anna@example.org", "Anna Schmidt")
    second = next(
        i
        for i in invitations(Calendar.from_ical(result.calendar), tandem, organizer)
        if i.number == 2
    )
    assert subject(second) == (
        "Invitation: Tandem Lena Vogel & Markus Brandt: The digital workplace and its tools "
        "(Fri 5 Feb 2027 17:00)"
    )
    body = plain_text(second, tandem, organizer)
    assert "When:    Friday, 5 February 2027, 17:00 to 18:05 (Europe/Berlin)\n" in body


def test_the_errors_speak_the_chrome() -> None:
    i18n.use("de")
    with pytest.raises(UnknownZone) as refused:
        find_zone("Mars/Olympus")
    assert str(refused.value) == (
        "unbekannte Zeitzone „Mars/Olympus“; gib einen IANA-Namen wie Europe/Berlin oder UTC an"
    )
    with pytest.raises(InviteError) as no_address:
        check_addresses(replace(make_tandem(), mentee=Participant("Markus Brandt", "")))
    assert str(no_address.value) == (
        "lena-markus: Markus Brandt (Mentee) hat keine E-Mail-Adresse für die Einladung; "
        "trag sie mit „tandem-tui tandem edit lena-markus --mentee-email ADDRESS“ ein"
    )
    i18n.use("en")
    with pytest.raises(InviteError) as in_english:
        check_addresses(replace(make_tandem(), mentee=Participant("Markus Brandt", "")))
    assert str(in_english.value) == (
        "lena-markus: Markus Brandt (mentee) has no e-mail address to invite; "
        "add it with 'tandem-tui tandem edit lena-markus --mentee-email ADDRESS'"
    )


def test_the_german_demo_is_a_german_tandem(
    home: Path, library: Library, cli: Callable[..., CliResult]
) -> None:
    i18n.use("de")
    seed_demo(home, library, date(2027, 3, 1))
    i18n.use("en")
    with Store.open(home, readonly=True) as store:
        tandem = store.tandem(DEMO_TANDEM)
        notes = store.shared_notes(DEMO_TANDEM, 1)
        followups = store.followups(DEMO_TANDEM)
    assert tandem.program == GERMAN
    assert tandem.goals[0] == "Den Team-Chat statt E-Mail nutzen"
    assert notes[1].startswith("Vertraulichkeit ohne Ausnahme.")
    assert {f.text for f in followups} == {
        "Den Team-Chat auf dem Handy installieren",
        "Die Spielregeln an beide schicken",
    }
    # Its minutes, written by the real command with an English chrome, are German.
    minutes = cli("minutes", DEMO_TANDEM)
    assert minutes.returncode == 0, minutes.stderr
    assert minutes.stdout.startswith("# Protokoll: Lena Vogel & Markus Brandt, Treffen 1 von 6")
    assert "Lena: Auszubildende in der IT" in minutes.stdout
    assert english_words(minutes.stdout) == [], minutes.stdout


def test_the_demo_is_english_with_an_english_chrome_and_swiss_with_a_swiss_one(
    home: Path, library: Library, tmp_path: Path
) -> None:
    seed_demo(home, library, date(2027, 3, 1))
    with Store.open(home, readonly=True) as store:
        assert store.tandem(DEMO_TANDEM).program == ENGLISH
        assert store.shared_notes(DEMO_TANDEM, 1)[2].startswith("Markus wants to stop printing")
    i18n.use("de_CH")
    swiss = tmp_path / "swiss"
    seed_demo(swiss, library, date(2027, 3, 1))
    with Store.open(swiss, readonly=True) as store:
        assert store.tandem(DEMO_TANDEM).program == GERMAN
        note = store.shared_notes(DEMO_TANDEM, 1)[1]
    assert note.endswith("Gehalt und Beurteilungen bleiben draussen."), note
