"""Calendar export and minutes, read back by real parsers and clients.

icalendar parses, vobject validates, recurring_ical_events expands the series,
khal imports the events into a throwaway calendar and todoman lists the to-dos
from a vdir: what real users' apps do with the file.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import recurring_ical_events
import vobject
from conftest import CliResult, make_tandem
from hypothesis import given
from hypothesis import strategies as st
from icalendar import Calendar, Event
from khal_calendar import Khal

from tandem_tui.clock import ManualClock
from tandem_tui.export import Tasks, _vtimezone, build_calendar, export_tandem, to_ical
from tandem_tui.library import Library
from tandem_tui.meeting import Meeting
from tandem_tui.minutes import minutes_markdown
from tandem_tui.model import FollowUp, NoteKind, Owner, Role
from tandem_tui.store import Store

BERLIN = ZoneInfo("Europe/Berlin")
SECRET = "PRIVATE-MARKER-4417"
TRICKY = 'Call Oma, then: plan; budget\nsecond line ü ß 🎉 "quoted" back\\slash'
BIN = Path(sys.executable).parent


def seeded(home: Path, library: Library) -> None:
    """A tandem that met once (notes, a private note, follow-ups) with the rest planned."""
    with Store.open(home) as store:
        tandem = make_tandem()
        store.add_tandem(tandem)
        clock = ManualClock(datetime(2027, 1, 8, 17, 0, tzinfo=BERLIN))
        meeting = Meeting.open(store, library, tandem, clock)
        meeting.resume()
        meeting.save_note("We agree | on ground rules")
        meeting.save_note(SECRET + " what I did not say", NoteKind.PRIVATE, Role.MENTEE)
        clock.advance(9 * 60)
        meeting.next_card()
        meeting.add_followup(TRICKY, Owner.MENTEE, date(2027, 2, 12))
        meeting.add_followup("Send the ground rules", Owner.MENTOR, date(2027, 1, 15))
        meeting.add_followup("Read about team chats", Owner.BOTH, None)
        meeting.end(next_meeting=datetime(2027, 2, 5, 17, 0, tzinfo=BERLIN))


@pytest.fixture
def exported(home: Path, library: Library) -> bytes:
    seeded(home, library)
    with Store.open(home) as store:
        return export_tandem(store, library, store.tandem("lena-markus"), zone=BERLIN).calendar


def meetings_of(calendar: Calendar) -> list:
    return [e for e in calendar.walk("VEVENT") if str(e["SUMMARY"]).startswith("Tandem ")]


def test_the_file_parses_and_validates(exported: bytes) -> None:
    calendar = Calendar.from_ical(exported)
    assert str(calendar["PRODID"]).startswith("-//tandem-tui//")
    assert str(calendar["VERSION"]) == "2.0" and str(calendar["METHOD"]) == "PUBLISH"
    for component in [*calendar.walk("VEVENT"), *calendar.walk("VTODO")]:
        assert "DTSTAMP" in component and "UID" in component and "SEQUENCE" in component
        assert "ATTENDEE" not in component, "no invitations go out on import"
    parsed = vobject.readOne(exported.decode("utf-8"))
    assert parsed.validate(raiseException=True)


def test_the_series_stays_at_the_same_local_hour_across_daylight_saving(exported: bytes) -> None:
    calendar = Calendar.from_ical(exported)
    occurrences = [
        event
        for event in recurring_ical_events.of(calendar).between(date(2027, 1, 1), date(2027, 8, 1))
        if str(event["SUMMARY"]).startswith("Tandem ")
    ]
    # Session 1 was held on 8 January (it stays, where it was held); sessions 2 to 6
    # remain, every four weeks from 5 February.
    starts = [event["DTSTART"].dt for event in occurrences]
    assert [s.date() for s in starts] == [
        date(2027, 1, 8),
        date(2027, 2, 5),
        date(2027, 3, 5),
        date(2027, 4, 2),
        date(2027, 4, 30),
        date(2027, 5, 28),
    ]
    assert {s.astimezone(BERLIN).strftime("%H:%M") for s in starts} == {"17:00"}
    # The same local hour is a different UTC hour once summer time has begun.
    assert [s.astimezone(ZoneInfo("UTC")).hour for s in starts] == [16, 16, 16, 15, 15, 15]
    titles = [str(e["SUMMARY"]) for e in occurrences]
    assert titles[:2] == [
        "Tandem Lena Vogel & Markus Brandt: Kick-off and ground rules",
        "Tandem Lena Vogel & Markus Brandt: The digital workplace and its tools",
    ]


def test_each_rdate_line_holds_one_value() -> None:
    """Some parsers read only the first value of an RDATE line: give them one per line."""
    text = _vtimezone(BERLIN, date(2026, 11, 1), date(2030, 8, 1))[1].decode()
    rdates = [line for line in text.splitlines() if line.startswith("RDATE")]
    assert len(rdates) >= 4, "three years of changes in summer time need several RDATEs"
    assert all("," not in line for line in rdates)


def test_every_file_defines_a_zone_alike(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    """One VTIMEZONE per zone, the same in every file, whatever each file's dates: parsers
    that keep the first definition of a TZID (vobject) read every file alike."""
    zones = {}
    for number, when in enumerate(("2027-02-05 17:00", "2031-06-20 09:30")):
        tandem_id = f"pair-{number}"
        cli(
            "tandem",
            "add",
            "--mentor",
            f"Mia {number}",
            "--mentee",
            f"Max {number}",
            "--id",
            tandem_id,
        )
        cli("tandem", "plan", tandem_id, when)
        out = tmp_path / f"{tandem_id}.ics"
        assert (
            cli("export", tandem_id, "-o", str(out), "--timezone", "Europe/Berlin").returncode == 0
        )
        zones[tandem_id] = [
            str(c.to_ical()) for c in Calendar.from_ical(out.read_bytes()).walk("VTIMEZONE")
        ]
    assert zones["pair-0"] == zones["pair-1"] and len(zones["pair-0"]) == 1


def test_follow_ups_come_as_all_day_events_and_as_todos(exported: bytes) -> None:
    calendar = Calendar.from_ical(exported)
    todos = {str(t["SUMMARY"]): t for t in calendar.walk("VTODO")}
    days = [e for e in calendar.walk("VEVENT") if str(e["SUMMARY"]).startswith("Follow-up")]
    summary = f"Follow-up for Markus Brandt: {TRICKY}"
    assert summary in todos, "commas, semicolons, newlines, umlauts and emoji round-trip"
    assert todos[summary]["DUE"].dt == date(2027, 2, 12)
    assert str(todos[summary]["STATUS"]) == "NEEDS-ACTION"
    assert "Follow-up for Lena Vogel & Markus Brandt: Read about team chats" in todos
    assert len(days) == 2, "a follow-up without a due date has no day to sit on"
    for event in days:
        assert str(event["TRANSP"]) == "TRANSPARENT"
        assert event["DTEND"].dt - event["DTSTART"].dt == timedelta(days=1)
        assert isinstance(event["DTSTART"].dt, date) and not isinstance(
            event["DTSTART"].dt, datetime
        )


def test_tasks_option_picks_events_or_todos(home: Path, library: Library) -> None:
    seeded(home, library)
    with Store.open(home) as store:
        tandem = store.tandem("lena-markus")
        events = export_tandem(store, library, tandem, zone=BERLIN, tasks=Tasks.EVENTS)
        todos = export_tandem(store, library, tandem, zone=BERLIN, tasks=Tasks.TODOS)
    assert not Calendar.from_ical(events.calendar).walk("VTODO")
    only_todos = Calendar.from_ical(todos.calendar)
    assert len(only_todos.walk("VTODO")) == 3
    assert len(only_todos.walk("VEVENT")) == 6, "the meetings only: 1 held, 5 to come"
    assert not any(str(c.get("STATUS")) == "CANCELLED" for c in only_todos.walk()), (
        "the other kind's events are still planned: not cancelled"
    )


def test_reexport_keeps_uids_and_counts_changes_in_sequence(home: Path, library: Library) -> None:
    seeded(home, library)
    with Store.open(home) as store:
        tandem = store.tandem("lena-markus")
        first = Calendar.from_ical(export_tandem(store, library, tandem, zone=BERLIN).calendar)
        again = Calendar.from_ical(export_tandem(store, library, tandem, zone=BERLIN).calendar)
        [followup] = [f for f in store.followups(tandem.id) if f.text == "Send the ground rules"]
        store.save_followup(tandem.id, followup.done())
        third = Calendar.from_ical(export_tandem(store, library, tandem, zone=BERLIN).calendar)
        store.save_followup(tandem.id, followup.done().reopened())  # ticked by mistake
        fourth = Calendar.from_ical(export_tandem(store, library, tandem, zone=BERLIN).calendar)

    def by_uid(calendar: Calendar) -> dict[str, int]:
        return {
            str(c["UID"]): int(c["SEQUENCE"])
            for c in [*calendar.walk("VEVENT"), *calendar.walk("VTODO")]
        }

    assert by_uid(first) == by_uid(again) and set(by_uid(first).values()) == {0}
    assert by_uid(third).keys() == by_uid(first).keys(), "the same UIDs: an update, not a copy"
    todo_uid = f"followup-{followup.id}@tandem-tui"
    assert by_uid(third)[todo_uid] == 1
    assert by_uid(third)[f"followup-{followup.id}-day@tandem-tui"] == 1
    assert sum(by_uid(third).values()) == 2, "nothing else changed"
    [done] = [t for t in third.walk("VTODO") if str(t["UID"]) == todo_uid]
    assert str(done["STATUS"]) == "COMPLETED" and "COMPLETED" in done
    [reopened] = [t for t in fourth.walk("VTODO") if str(t["UID"]) == todo_uid]
    assert str(reopened["STATUS"]) == "NEEDS-ACTION" and "COMPLETED" not in reopened
    assert by_uid(fourth)[todo_uid] == 2, "opened again: a change, under the same UID"


def test_khal_imports_every_event_at_the_right_local_time(tmp_path: Path, exported: bytes) -> None:
    ics = tmp_path / "lena-markus.ics"
    ics.write_bytes(exported)
    calendar = Khal(tmp_path)
    calendar.import_file(ics)
    events = Calendar.from_ical(exported).walk("VEVENT")
    # 1 meeting held, 5 to come, 2 follow-up days
    assert len(list(calendar.vdir.glob("*.ics"))) == len(events) == 8
    meetings = calendar.listed("{start} {title}", "2027-01-01", "2027-08-01")
    assert len(meetings) == 6
    assert all(line.split()[1] == "17:00" for line in meetings), meetings
    # Importing the same file again updates the same events instead of adding copies.
    calendar.import_file(ics)
    assert len(list(calendar.vdir.glob("*.ics"))) == 8


def test_todoman_lists_every_todo_from_a_vdir(tmp_path: Path, exported: bytes) -> None:
    tasks = tmp_path / "tasks" / "tandem"
    tasks.mkdir(parents=True)
    # A vdir holds one to-do per file, as a sync client would store them.
    todos = Calendar.from_ical(exported).walk("VTODO")
    for todo in todos:
        single = Calendar()
        single.add("prodid", "-//test//EN")
        single.add("version", "2.0")
        single.add_component(todo)
        (tasks / f"{todo['UID']}.ics").write_bytes(single.to_ical())
    config = tmp_path / "todoman_config.py"
    config.write_text(
        f'path = "{tmp_path / "tasks" / "*"}"\ndate_format = "%Y-%m-%d"\n'
        f'time_format = "%H:%M"\ncache_path = "{tmp_path / "todoman.sqlite"}"\n'
    )
    listed = subprocess.run(
        [str(BIN / "todo"), "-c", str(config), "--porcelain", "list", "--status", "ANY"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert listed.returncode == 0, listed.stderr
    summaries = {task["summary"] for task in json.loads(listed.stdout)}
    assert summaries == {str(todo["SUMMARY"]) for todo in todos}
    assert len(summaries) == 3


def test_no_private_note_in_any_output(
    home: Path, library: Library, cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    seeded(home, library)
    outputs = [
        cli("export", "lena", "-o", "-", "--timezone", "Europe/Berlin"),
        cli("export", "--all", "-o", "calendars", "--timezone", "UTC"),
        cli("minutes", "lena"),
        cli("minutes", "lena", "--session", "1", "-o", "minutes.md"),
        cli("followup", "list", "--all", "--json"),
        cli("tandem", "list", "--json"),
    ]
    for result in outputs:
        assert result.returncode == 0, result.stderr
        assert SECRET not in result.stdout + result.stderr
    written = [tmp_path / "minutes.md", *(tmp_path / "calendars").glob("*.ics")]
    assert len(written) == 2
    for path in written:
        assert SECRET.encode() not in path.read_bytes()
    assert "We agree" in (tmp_path / "minutes.md").read_text(), "shared notes do go in"


def test_minutes_hold_time_notes_and_follow_ups(
    home: Path, library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TZ", "Europe/Berlin")  # minutes show the reader's local time
    time.tzset()
    seeded(home, library)
    with Store.open(home, readonly=True) as store:
        tandem = store.tandem("lena-markus")
        [session] = store.sessions(tandem.id)
        text = minutes_markdown(
            replace(tandem, goals=("Use the team chat", "Lead a hybrid team")),
            session,
            store.shared_notes(tandem.id, 1),
            store.followups(tandem.id),
            library.programs[tandem.program],
        )
    monkeypatch.undo()
    time.tzset()
    assert text.startswith("# Minutes: Lena Vogel & Markus Brandt, session 1 of 6")
    assert "- **Date:** Friday, 08 January 2027, 17:00 to 17:09" in text
    assert "- **Goals:** Use the team chat; Lead a hybrid team" in text
    assert "## 1. Getting to know each other" in text
    assert "*9:00 used of 10:00, done; led by the mentor.*" in text
    assert "We agree | on ground rules" in text
    assert "| Send the ground rules | Lena Vogel | 2027-01-15 | open |" in text
    # A follow-up's pipe and newline stay inside its table cell.
    [row] = [line for line in text.splitlines() if line.startswith("| Call Oma")]
    assert row.count(" | ") == 3 and "plan; budget second line" in row
    assert SECRET not in text


def test_export_commands_report_and_refuse_clearly(
    home: Path, library: Library, cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    seeded(home, library)
    written = cli("export", "lena", "--timezone", "Europe/Berlin")
    assert written.returncode == 0, written.stderr
    assert written.stdout.startswith("lena-markus.ics: 5 meetings and 3 follow-ups")
    assert (tmp_path / "lena-markus.ics").exists()
    bad_zone = cli("export", "lena", "--timezone", "Mars/Olympus")
    assert bad_zone.returncode == 1
    assert "unknown time zone 'Mars/Olympus'" in bad_zone.stderr
    assert "Traceback" not in bad_zone.stderr
    both = cli("export", "lena", "--all")
    assert both.returncode == 1 and "either one TANDEM or --all" in both.stderr
    unknown = cli("minutes", "lena", "--session", "4")
    assert unknown.returncode == 1 and "no session 4" in unknown.stderr
    bad_tasks = cli("export", "lena", "--tasks", "nothing")
    assert bad_tasks.returncode == 2


def test_a_tandem_without_a_planned_meeting_exports_its_follow_ups(
    home: Path, library: Library, cli: Callable[..., CliResult]
) -> None:
    with Store.open(home) as store:
        store.add_tandem(make_tandem())
        store.save_followup("lena-markus", FollowUp("Try the chat", due=date(2027, 3, 1)))
    result = cli("export", "lena", "-o", "out.ics")
    assert result.returncode == 0, result.stderr
    assert "0 meetings and 1 follow-up" in result.stdout
    assert "tandem-tui tandem plan lena-markus" in result.stdout
    planned = cli("tandem", "plan", "lena", "2027-03-05 17:00")
    assert planned.returncode == 0, planned.stderr
    again = cli("export", "lena", "-o", "out.ics")
    assert "6 meetings and 1 follow-up" in again.stdout


def test_build_calendar_is_in_utc_when_no_zone_is_known(library: Library) -> None:
    from datetime import UTC

    tandem = make_tandem()
    planned = replace(tandem, next_meeting=datetime(2027, 2, 5, 16, 0, tzinfo=UTC))
    calendar, _, result = build_calendar(
        planned, [], [], library.programs[planned.program], library, zone=UTC
    )
    assert result.meetings == 6
    assert not calendar.walk("VTIMEZONE")
    assert b"DTSTART:20270205T160000Z" in result.calendar


# Any text; and ASCII text full of what is escaped (, ; \\ and line breaks), so that
# escapes fall on the places where long lines are folded.
TEXTS = st.one_of(st.text(max_size=200), st.text(alphabet="ab ,;\\\n^:", max_size=300))


@given(st.lists(TEXTS, min_size=1, max_size=4))
def test_the_quick_serialisation_is_icalendars_own(texts: list[str]) -> None:
    """Folding only long or non-ASCII lines gives the very bytes icalendar writes."""
    calendar = Calendar()
    calendar.add("prodid", "-//test//EN")
    calendar.add("version", "2.0")
    for number, text in enumerate(texts):
        event = Event()
        event.add("uid", f"{number}@test")
        event.add("summary", text.replace("\r", ""))
        event.add("description", text * 2)
        event.add("location", text[:70])
        calendar.add_component(event)
    assert to_ical(calendar) == calendar.to_ical()


def test_the_quick_folding_keeps_escapes_whole_where_lines_are_folded() -> None:
    calendar = Calendar()
    for shift in range(40, 160):  # an escape at every place a fold can fall
        event = Event()
        event.add("uid", f"{shift}@test")
        event.add("description", "a" * shift + "; b\\c,d\ne" + "f" * 90)
        calendar.add_component(event)
    assert to_ical(calendar) == calendar.to_ical()
