"""Calendars that stay right after the first import: what changed goes out as a change.

A tandem re-plans, holds a meeting and moves to a shorter program; after each
step the calendar is exported again, as users do, and imported on top of the
last one into khal. Every UID that ever went out must be in the next file,
planned or cancelled, and khal must show no meeting that is not on.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import khal_calendar
import pytest
import vobject
from conftest import CliResult
from icalendar import Calendar
from icaljs import instant, read_one

from tandem_tui.clock import ManualClock
from tandem_tui.export import export_tandem
from tandem_tui.library import load_library
from tandem_tui.meeting import Meeting
from tandem_tui.store import Store

BERLIN = ZoneInfo("Europe/Berlin")

SHORT_PROGRAM = """\
[program]
id = "short"
title = "Three meetings"
language = "en"
cadence = "every-4-weeks"
meeting_minutes = 60
sessions = ["rm-en-1-kickoff", "rm-en-2-digital-workplace", "rm-en-6-closing"]
"""


def by_uid(ics: bytes) -> dict[str, tuple[str, int]]:
    """Each component's UID: (STATUS, SEQUENCE)."""
    calendar = Calendar.from_ical(ics)
    return {
        str(c["UID"]): (str(c.get("STATUS", "")), int(c["SEQUENCE"]))
        for c in [*calendar.walk("VEVENT"), *calendar.walk("VTODO")]
    }


class Khal(khal_calendar.Khal):
    """khal in Berlin, listing the meetings of 2027 it shows as on."""

    def meetings(self) -> list[str]:
        """`2027-02-19 17:00 Tandem ...` for each meeting khal shows as on."""
        listed = self.listed("{cancelled}{start} {title}", "2027-01-01", "2028-01-01")
        return [line for line in listed if not line.startswith("CANCELLED")]


@pytest.fixture
def tandem(home: Path, cli: Callable[..., CliResult], monkeypatch: pytest.MonkeyPatch) -> str:
    """A tandem on the bundled program, on a machine in Berlin."""
    monkeypatch.setenv("TZ", "Europe/Berlin")
    added = cli(
        "tandem", "add", "--mentor", "Lena Vogel", "--mentee", "Markus Brandt",
        "--id", "lena-markus",
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    return "lena-markus"


def export(cli: Callable[..., CliResult], tmp_path: Path, name: str) -> tuple[Path, bytes]:
    out = tmp_path / f"{name}.ics"
    done = cli("export", "lena-markus", "-o", str(out))
    assert done.returncode == 0, done.stderr
    return out, out.read_bytes()


def test_nothing_that_went_out_disappears(
    home: Path, tmp_path: Path, cli: Callable[..., CliResult], tandem: str
) -> None:
    khal = Khal(tmp_path)
    planned = cli("tandem", "plan", tandem, "2027-02-12 18:30")
    assert planned.returncode == 0, planned.stderr
    path, first = export(cli, tmp_path, "1-planned")
    khal.import_file(path)
    assert len(khal.meetings()) == 6
    went_out = by_uid(first)

    # Re-planned a week later at 17:00: the same six UIDs, moved, SEQUENCE raised.
    replanned = cli("tandem", "plan", tandem, "2027-02-19 17:00")
    assert replanned.returncode == 0, replanned.stderr
    path, second = export(cli, tmp_path, "2-replanned")
    assert by_uid(second).keys() >= went_out.keys()
    assert all(by_uid(second)[uid][1] == 1 for uid in went_out)
    khal.import_file(path)
    shown = khal.meetings()
    assert len(shown) == 6 and not any("2027-02-12" in line for line in shown), shown

    # The first meeting is held on 19 February from 17:05; it stays where it was held.
    library = load_library(home)
    with Store.open(home) as store:
        clock = ManualClock(datetime(2027, 2, 19, 17, 5, tzinfo=BERLIN))
        meeting = Meeting.open(store, library, store.tandem(tandem), clock)
        meeting.resume()
        clock.advance(50 * 60)
        meeting.end(next_meeting=datetime(2027, 3, 26, 16, 0, tzinfo=BERLIN))
    path, third = export(cli, tmp_path, "3-held")
    assert by_uid(third).keys() >= by_uid(second).keys()
    khal.import_file(path)
    shown = khal.meetings()
    assert shown[0].startswith("2027-02-19 17:05 "), shown
    assert shown[1].startswith("2027-03-26 16:00 "), shown
    assert len(shown) == 6, shown

    # A shorter program: the meetings it no longer has go out cancelled.
    (home / "agendas").mkdir(exist_ok=True)
    (home / "agendas" / "short.toml").write_text(SHORT_PROGRAM)
    edited = cli("tandem", "edit", tandem, "--program", "short")
    assert edited.returncode == 0, edited.stderr
    path, fourth = export(cli, tmp_path, "4-shortened")
    after = by_uid(fourth)
    assert after.keys() >= by_uid(third).keys(), "every UID that went out is still there"
    cancelled = {uid for uid, (status, _) in after.items() if status == "CANCELLED"}
    assert len(cancelled) == 3, after
    assert all(after[uid][1] == by_uid(third)[uid][1] + 1 for uid in cancelled)
    assert vobject.readOne(fourth.decode()).validate(raiseException=True)
    khal.import_file(path)
    shown = khal.meetings()
    assert [line[:16] for line in shown] == [
        "2027-02-19 17:05",
        "2027-03-26 16:00",
        "2027-04-23 16:00",
    ], shown

    # And later files keep saying so, without raising SEQUENCE again.
    path, fifth = export(cli, tmp_path, "5-again")
    assert {uid: by_uid(fifth)[uid] for uid in cancelled} == {uid: after[uid] for uid in cancelled}

    # A new calendar that gets only the last file shows the same.
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    again = Khal(fresh)
    again.import_file(path)
    assert [line[:16] for line in again.meetings()] == [line[:16] for line in shown]


def test_reminders_before_meetings_and_on_the_due_day(
    home: Path, tmp_path: Path, cli: Callable[..., CliResult], tandem: str, icaljs: Path
) -> None:
    assert cli("tandem", "plan", tandem, "2027-02-12 18:30")
    added = cli("followup", "add", tandem, "Try the team chat", "--due", "2027-02-20")
    assert added.returncode == 0, added.stderr
    _, ics = export(cli, tmp_path, "alarms")
    calendar = Calendar.from_ical(ics)
    meeting = next(e for e in calendar.walk("VEVENT") if "Kick-off" in str(e["SUMMARY"]))
    triggers = sorted(a["TRIGGER"].dt for a in meeting.walk("VALARM"))
    assert [t.total_seconds() for t in triggers] == [-86400, -900]
    assert all(str(a["ACTION"]) == "DISPLAY" and a["DESCRIPTION"] for a in meeting.walk("VALARM"))
    [todo] = calendar.walk("VTODO")
    [alarm] = todo.walk("VALARM")
    assert alarm["TRIGGER"].params["RELATED"] == "END"  # after DUE, a date: 09:00 that day
    assert alarm["TRIGGER"].dt.total_seconds() == 9 * 3600
    assert vobject.readOne(ics.decode()).validate(raiseException=True)
    # ical.js (Thunderbird's parser) reads them, firing when they should.
    path = tmp_path / "alarms.ics"
    read = read_one(path)
    [kickoff] = [e for e in read["events"] if "Kick-off" in e["summary"]]
    fires = sorted(instant(a["trigger"]["fires"]) for a in kickoff["alarms"])
    start = datetime(2027, 2, 12, 18, 30, tzinfo=BERLIN)
    assert fires == [start - timedelta(days=1), start - timedelta(minutes=15)]
    assert all(a["action"] == "DISPLAY" and a["description"] for a in kickoff["alarms"])
    [todo] = read["todos"]
    [due_alarm] = todo["alarms"]
    assert due_alarm["trigger"]["related"] == "END"
    assert due_alarm["trigger"]["fires"]["local"] == "2027-02-20T09:00:00"
    [day] = [e for e in read["events"] if e["all_day"]]
    assert day["alarms"][0]["trigger"]["fires"]["local"] == "2027-02-20T09:00:00"
    # khal reads them: its alarm symbol is on every meeting to come.
    khal = Khal(tmp_path)
    khal.import_file(path)
    listed = khal.run("list", "--format", "{alarm-symbol}|{title}", "2027-01-01", "2028-01-01")
    meetings = [line for line in listed.splitlines() if "|Tandem " in line]
    assert len(meetings) == 6 and all(not line.startswith("|") for line in meetings), listed

    chosen = cli(
        "export", tandem, "--alarm", "2h", "--alarm", "10m", "-o", str(tmp_path / "two.ics")
    )
    assert chosen.returncode == 0, chosen.stderr
    meeting = next(
        e
        for e in Calendar.from_ical((tmp_path / "two.ics").read_bytes()).walk("VEVENT")
        if "Kick-off" in str(e["SUMMARY"])
    )
    assert sorted(a["TRIGGER"].dt.total_seconds() for a in meeting.walk("VALARM")) == [
        -7200,
        -600,
    ]
    none = cli("export", tandem, "--no-alarms", "-o", str(tmp_path / "none.ics"))
    assert none.returncode == 0, none.stderr
    assert not Calendar.from_ical((tmp_path / "none.ics").read_bytes()).walk("VALARM")
    bad = cli("export", tandem, "--alarm", "soon")
    assert bad.returncode == 2 and "--alarm" in bad.stderr and "Traceback" not in bad.stderr


def test_a_change_of_zone_raises_the_sequence(
    tmp_path: Path, cli: Callable[..., CliResult], tandem: str
) -> None:
    assert cli("tandem", "plan", tandem, "2027-02-12 18:30")
    _, berlin = export(cli, tmp_path, "berlin")
    tokyo = tmp_path / "tokyo.ics"
    done = cli("export", tandem, "--timezone", "Asia/Tokyo", "-o", str(tokyo))
    assert done.returncode == 0, done.stderr
    before, after = by_uid(berlin), by_uid(tokyo.read_bytes())
    assert all(after[uid][1] == before[uid][1] + 1 for uid in before), (before, after)


def test_a_done_follow_up_keeps_its_title(
    tmp_path: Path, cli: Callable[..., CliResult], tandem: str
) -> None:
    added = cli("followup", "add", tandem, "Try the team chat", "--due", "2027-02-20")
    assert added.returncode == 0, added.stderr
    listed = cli("followup", "list", tandem, "--json")
    [followup] = json.loads(listed.stdout)
    assert cli("followup", "done", followup["id"]).returncode == 0
    _, ics = export(cli, tmp_path, "done")
    [todo] = Calendar.from_ical(ics).walk("VTODO")
    assert str(todo["SUMMARY"]) == "Follow-up for Lena Vogel & Markus Brandt: Try the team chat"
    assert str(todo["STATUS"]) == "COMPLETED" and int(todo["PERCENT-COMPLETE"]) == 100
    assert "COMPLETED" in todo and not todo.walk("VALARM")


def test_what_goes_wrong_is_said_of_the_file_asked_for(
    tmp_path: Path, cli: Callable[..., CliResult], tandem: str
) -> None:
    nothing = cli("export", tandem, "-o", str(tmp_path / "empty.ics"))
    assert nothing.returncode == 1, nothing.stdout
    assert "nothing to export for lena-markus: no meeting is planned" in nothing.stderr
    assert not (tmp_path / "empty.ics").exists(), "no file without a component"

    assert cli("tandem", "plan", tandem, "2027-02-12 18:30").returncode == 0
    # A folder that is not there (a file where one is expected: even root cannot).
    (tmp_path / "notes.txt").write_text("a file")
    target = tmp_path / "notes.txt" / "x.ics"
    refused = cli("export", tandem, "-o", str(target))
    assert refused.returncode == 1
    assert f"{target}: Not a directory" in refused.stderr, refused.stderr
    assert ".tmp" not in refused.stderr
    # Nothing went out, so nothing is remembered as sent: the next export is the first.
    written = tmp_path / "first.ics"
    assert cli("export", tandem, "-o", str(written)).returncode == 0
    assert set(s for _, s in by_uid(written.read_bytes()).values()) == {0}


def test_a_folder_gets_the_tandems_file(
    tmp_path: Path, cli: Callable[..., CliResult], tandem: str
) -> None:
    assert cli("tandem", "plan", tandem, "2027-02-12 18:30").returncode == 0
    done = cli("export", tandem, "-o", str(tmp_path / "calendars") + "/")
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "calendars" / "lena-markus.ics").is_file()
    again = cli("export", tandem, "-o", str(tmp_path / "calendars"))
    assert again.returncode == 0, again.stderr
    assert sorted(p.name for p in (tmp_path / "calendars").iterdir()) == ["lena-markus.ics"]


def test_a_missing_program_is_named(
    home: Path, tmp_path: Path, cli: Callable[..., CliResult], tandem: str
) -> None:
    (home / "agendas").mkdir(exist_ok=True)
    (home / "agendas" / "short.toml").write_text(SHORT_PROGRAM)
    assert cli("tandem", "edit", tandem, "--program", "short").returncode == 0
    (home / "agendas" / "short.toml").unlink()
    missing = cli("export", tandem, "-o", str(tmp_path / "x.ics"))
    assert missing.returncode == 1
    assert 'its program "short" is not in the agenda library' in missing.stderr


def test_export_all_lists_the_tandems_it_skipped(
    tmp_path: Path, cli: Callable[..., CliResult], tandem: str
) -> None:
    other = cli("tandem", "add", "--mentor", "Ada", "--mentee", "Bob", "--id", "ada-bob")
    assert other.returncode == 0, other.stderr
    assert cli("tandem", "plan", tandem, "2027-02-12 18:30").returncode == 0
    done = cli("export", "--all", "-o", str(tmp_path / "all"))
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in (tmp_path / "all").iterdir()) == ["lena-markus.ics"]
    assert "skipped 1 tandem with no meeting planned and no follow-ups: ada-bob" in done.stdout


def test_forget_can_cancel_everything_that_went_out(
    tmp_path: Path, cli: Callable[..., CliResult], tandem: str
) -> None:
    assert cli("tandem", "plan", tandem, "2027-02-12 18:30").returncode == 0
    assert (
        cli("followup", "add", tandem, "Try the team chat", "--due", "2027-02-20").returncode == 0
    )
    path, sent = export(cli, tmp_path, "sent")
    khal = Khal(tmp_path)
    khal.import_file(path)
    assert len(khal.meetings()) == 6

    cancellations = tmp_path / "cancel.ics"
    forgot = cli("forget", tandem, "--yes", "--cancellations", str(cancellations))
    assert forgot.returncode == 0, forgot.stderr
    assert "8 meetings and follow-ups cancelled" in forgot.stdout, forgot.stdout
    cancelled = by_uid(cancellations.read_bytes())
    assert cancelled.keys() == by_uid(sent).keys()
    assert all(status == "CANCELLED" and seq == 1 for status, seq in cancelled.values())
    assert vobject.readOne(cancellations.read_text()).validate(raiseException=True)
    khal.import_file(cancellations)
    assert khal.meetings() == []
    assert cli("tandem", "list").stdout.count("lena-markus") == 0


def test_forget_says_when_nothing_went_out(
    tmp_path: Path, cli: Callable[..., CliResult], tandem: str
) -> None:
    cancellations = tmp_path / "cancel.ics"
    forgot = cli("forget", tandem, "--yes", "--cancellations", str(cancellations))
    assert forgot.returncode == 0, forgot.stderr
    assert "none of the tandem's meetings or follow-ups went out" in forgot.stdout
    assert not cancellations.exists()


def test_export_and_minutes_while_the_app_is_open(
    home: Path, tmp_path: Path, cli: Callable[..., CliResult], tandem: str
) -> None:
    assert cli("tandem", "plan", tandem, "2027-02-12 18:30").returncode == 0
    library = load_library(home)
    with Store.open(home) as app_store:  # what the open app holds: the data home's lock
        clock = ManualClock(datetime(2027, 2, 12, 18, 30, tzinfo=BERLIN))
        meeting = Meeting.open(app_store, library, app_store.tandem(tandem), clock)
        meeting.resume()
        meeting.save_note("We agreed on ground rules")
        clock.advance(45 * 60)
        meeting.end(next_meeting=datetime(2027, 3, 12, 18, 30, tzinfo=BERLIN))
        refused = cli("tandem", "plan", tandem, "2027-03-13 18:30")
        assert refused.returncode == 1 and "in use" in refused.stderr  # the app writes

        _, first = export(cli, tmp_path, "while-open")
        assert len(Calendar.from_ical(first).walk("VEVENT")) == 6
        minutes = cli("minutes", tandem)
        assert minutes.returncode == 0, minutes.stderr
        assert "We agreed on ground rules" in minutes.stdout

        # The app exports next: it sees what the command sent (SEQUENCE goes on from it).
        again = export_tandem(app_store, library, app_store.tandem(tandem), zone=BERLIN)
        assert set(s for _, s in by_uid(again.calendar).values()) == {0}
        assert again.changed == 0
    # And the command after the app: the same, nothing changed.
    _, later = export(cli, tmp_path, "after")
    assert by_uid(later) == by_uid(first)
