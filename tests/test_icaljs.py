"""ical.js, the parser Thunderbird uses, reading calendars beside vobject.

The first tests check the helper itself on a calendar written by hand. Then a cohort
of 100 tandems, planned in ten zones at dates on and around their daylight-saving
changes, is exported through the real command line and read in ONE vobject process
and ONE ical.js process: vobject keeps the first VTIMEZONE it reads of a TZID for the
whole process, so a file whose definition differs from an earlier file's under the
same TZID is misread there (issue 13 counted 786 of 1,000 files), while ical.js reads
each file with its own. Every meeting must be at the same instant in both, and at the
instant it was planned.
"""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from conftest import CliResult
from icaljs import IcalJsError, _install, instant, read_one, read_with_icaljs

from tandem_tui.library import Library

Cli = Callable[..., CliResult]

BERLIN_MEETING = """\
BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//tandem-tui tests//EN
METHOD:REQUEST
BEGIN:VTIMEZONE
TZID:Europe/Berlin
BEGIN:STANDARD
DTSTART:19701025T030000
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
TZNAME:CET
END:STANDARD
BEGIN:DAYLIGHT
DTSTART:19700329T020000
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
TZNAME:CEST
END:DAYLIGHT
END:VTIMEZONE
BEGIN:VEVENT
UID:winter@tests
DTSTAMP:20270101T000000Z
SEQUENCE:3
STATUS:CONFIRMED
SUMMARY:Kick-off
DTSTART;TZID=Europe/Berlin:20270305T170000
DTEND;TZID=Europe/Berlin:20270305T181500
ORGANIZER;CN=Anna Facilitator:mailto:anna@example.org
ATTENDEE;CN=Lena Vogel;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:
 mailto:lena@example.org
BEGIN:VALARM
ACTION:DISPLAY
TRIGGER:-PT15M
DESCRIPTION:Tandem in 15 minutes
END:VALARM
BEGIN:VALARM
ACTION:DISPLAY
TRIGGER;RELATED=START:-P1D
DESCRIPTION:Tandem tomorrow
END:VALARM
END:VEVENT
BEGIN:VEVENT
UID:summer@tests
DTSTAMP:20270101T000000Z
SUMMARY:After the change to summer time
DTSTART;TZID=Europe/Berlin:20270402T170000
DURATION:PT1H
END:VEVENT
BEGIN:VEVENT
UID:day@tests
DTSTAMP:20270101T000000Z
SUMMARY:Follow-up day
DTSTART;VALUE=DATE:20270212
DTEND;VALUE=DATE:20270213
TRANSP:TRANSPARENT
END:VEVENT
BEGIN:VTODO
UID:todo@tests
DTSTAMP:20270101T000000Z
SUMMARY:Send the ground rules
DUE;VALUE=DATE:20270215
STATUS:COMPLETED
COMPLETED:20270214T101500Z
PERCENT-COMPLETE:100
BEGIN:VALARM
ACTION:DISPLAY
TRIGGER;RELATED=END:-PT15H
DESCRIPTION:Due tomorrow
END:VALARM
BEGIN:VALARM
ACTION:DISPLAY
TRIGGER;VALUE=DATE-TIME:20270215T070000Z
DESCRIPTION:Due today
END:VALARM
END:VTODO
END:VCALENDAR
"""


def test_icaljs_reads_zones_all_day_events_todos_and_alarms(tmp_path: Path, icaljs: Path) -> None:
    path = tmp_path / "berlin.ics"
    path.write_text(BERLIN_MEETING.replace("\n", "\r\n"), newline="")
    calendar = read_one(path)
    assert calendar["method"] == "REQUEST" and calendar["timezones"] == ["Europe/Berlin"]
    events = {e["uid"]: e for e in calendar["events"]}
    winter, summer, day = events["winter@tests"], events["summer@tests"], events["day@tests"]

    assert winter["start"] == {
        "date_only": False,
        "local": "2027-03-05T17:00:00",
        "tzid": "Europe/Berlin",
        "tzid_written": "Europe/Berlin",
        "utc": "2027-03-05T16:00:00Z",
        "utc_offset": 3600,
    }
    assert instant(winter["end"]) == datetime(2027, 3, 5, 17, 15, tzinfo=UTC)
    # 17:00 in Berlin is an hour earlier in UTC once summer time has begun.
    assert instant(summer["start"]) == datetime(2027, 4, 2, 15, 0, tzinfo=UTC)
    assert instant(summer["end"]) == datetime(2027, 4, 2, 16, 0, tzinfo=UTC), "from DURATION"
    assert (winter["summary"], winter["status"], winter["sequence"]) == ("Kick-off", "CONFIRMED", 3)
    assert winter["organizer"]["value"] == "mailto:anna@example.org"
    assert winter["organizer"]["cn"] == "Anna Facilitator"
    [lena] = winter["attendees"]
    assert (lena["value"], lena["cn"], lena["rsvp"]) == (
        "mailto:lena@example.org",
        "Lena Vogel",
        "TRUE",
    )

    quarter, eve = winter["alarms"]
    assert quarter["action"] == "DISPLAY" and quarter["description"] == "Tandem in 15 minutes"
    assert quarter["trigger"]["kind"] == "relative" and quarter["trigger"]["related"] == "START"
    assert quarter["trigger"]["seconds"] == -15 * 60
    assert quarter["trigger"]["fires"]["utc"] == "2027-03-05T15:45:00Z"
    assert (
        eve["trigger"]["duration"] == "-P1D"
        and eve["trigger"]["fires"]["local"] == "2027-03-04T17:00:00"
    )

    assert day["all_day"] and not winter["all_day"]
    assert day["start"]["local"] == "2027-02-12" and day["start"]["utc"] is None
    assert day["end"]["local"] == "2027-02-13"

    [todo] = calendar["todos"]
    assert todo["summary"] == "Send the ground rules" and todo["all_day"]
    assert todo["due"]["local"] == "2027-02-15" and todo["start"] is None
    assert (todo["status"], todo["percent_complete"]) == ("COMPLETED", 100)
    assert instant(todo["completed"]) == datetime(2027, 2, 14, 10, 15, tzinfo=UTC)
    evening_before, morning = todo["alarms"]
    assert evening_before["trigger"]["related"] == "END", "counted from DUE"
    assert evening_before["trigger"]["fires"] == {
        "date_only": False,
        "local": "2027-02-14T09:00:00",
        "tzid": None,  # an all-day due date has no zone: the alarm is in the user's own
        "tzid_written": None,
        "utc": None,
        "utc_offset": None,
    }
    assert morning["trigger"]["kind"] == "absolute"
    assert morning["trigger"]["at"]["utc"] == "2027-02-15T07:00:00Z"


def _office_calendar(offset: str, uid: str) -> str:
    """A calendar whose zone `Office` is a fixed `offset` (a zone of its own making)."""
    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//tests//EN\r\n"
        "BEGIN:VTIMEZONE\r\nTZID:Office\r\nBEGIN:STANDARD\r\nDTSTART:19700101T000000\r\n"
        f"TZOFFSETFROM:{offset}\r\nTZOFFSETTO:{offset}\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n"
        f"BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTAMP:20270101T000000Z\r\n"
        "DTSTART;TZID=Office:20270601T090000\r\nEND:VEVENT\r\n"
        "BEGIN:VEVENT\r\nUID:nowhere\r\nDTSTAMP:20270101T000000Z\r\n"
        "DTSTART;TZID=Nowhere/Unknown:20270601T090000\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )


def test_icaljs_reads_each_file_with_its_own_zone_definition(tmp_path: Path, icaljs: Path) -> None:
    """Unlike vobject, one ical.js process keeps no zone of an earlier file: the
    cross-parser test below relies on it."""
    east, west = tmp_path / "east.ics", tmp_path / "west.ics"
    east.write_text(_office_calendar("+0300", "east"), newline="")
    west.write_text(_office_calendar("-0500", "west"), newline="")
    read = read_with_icaljs([east, west, east])
    starts = [file["events"][0]["start"]["utc"] for file in read]
    assert starts == ["2027-06-01T06:00:00Z", "2027-06-01T14:00:00Z", "2027-06-01T06:00:00Z"]
    assert [file["path"] for file in read] == [str(east), str(west), str(east)]
    # A TZID with no definition anywhere stays a floating time: no instant is made up.
    unknown = read[0]["events"][1]["start"]
    assert unknown["tzid"] is None and unknown["tzid_written"] == "Nowhere/Unknown"
    assert unknown["utc"] is None and unknown["local"] == "2027-06-01T09:00:00"


def test_a_file_icaljs_cannot_read_is_named(tmp_path: Path, icaljs: Path) -> None:
    broken = tmp_path / "broken.ics"
    broken.write_text("BEGIN:VCALENDAR\r\nthis is no content line\r\n")
    with pytest.raises(IcalJsError, match=r"broken\.ics"):
        read_with_icaljs([broken])


def test_without_node_the_icaljs_tests_are_skipped_saying_why(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # a PATH with neither node nor npm
    install = _install.__wrapped__()
    assert install.module is None and install.error is None
    assert install.skip == "ical.js needs Node.js: node not found on PATH"


# --- A cohort in ten zones, read by vobject and ical.js ---------------------------------

#: Zones with the changes that catch mistakes: both hemispheres, offsets of half and
#: three quarters of an hour (St John's, Chatham), a change of half an hour (Lord Howe),
#: Dublin's "negative" summer time in the zone database, and a zone without changes
#: (Kolkata). Casablanca, whose clocks change twice around Ramadan, has a test of its own.
ZONES = (
    "Europe/Berlin",
    "America/New_York",
    "Australia/Sydney",
    "Asia/Kolkata",
    "Europe/Dublin",
    "America/Los_Angeles",
    "Pacific/Auckland",
    "America/St_Johns",
    "Australia/Lord_Howe",
    "Pacific/Chatham",
)
TANDEMS_PER_ZONE = 10
# Daytime only: every zone here changes its clocks between midnight and 03:00, where a
# wall time may not exist or exist twice.
TIMES = (time(17, 0), time(9, 30), time(7, 45), time(18, 15), time(12, 0))
PROGRAM = "reverse-mentoring-en"
# A machine in none of the zones above, for reading: neither reader may depend on it.
READING_MACHINE_ZONE = "Pacific/Kiritimati"


@dataclass(frozen=True)
class Planned:
    tandem_id: str
    zone: str
    first: datetime  # the first meeting, on the wall clock of `zone`


def _clock_changes(zone: ZoneInfo, year: int) -> list[date]:
    """The days of `year` on which `zone` changes its offset (noon to noon)."""
    day, changes = date(year, 1, 1), []
    while day.year == year:
        before = datetime.combine(day - timedelta(days=1), time(12), zone).utcoffset()
        if datetime.combine(day, time(12), zone).utcoffset() != before:
            changes.append(day)
        day += timedelta(days=1)
    return changes


def plan_cohort(zone_name: str, prefix: str, count: int = TANDEMS_PER_ZONE) -> list[Planned]:
    """`count` tandems in one zone, one a year from next year on. Each series of six
    meetings four weeks apart has its third meeting on the very day the clocks change
    (the year's first change and its last in turn), and meetings on both sides of it."""
    zone, today = ZoneInfo(zone_name), date.today()
    planned = []
    for k in range(count):
        year = today.year + 1 + k
        changes = _clock_changes(zone, year)
        change = (changes[0] if k % 2 == 0 else changes[-1]) if changes else None
        day = change - timedelta(weeks=8) if change else date(year, 2 + 6 * (k % 2), 3)
        while day <= today:  # `tandem import` takes no past date: a meeting less before
            day += timedelta(weeks=4)
        when = datetime.combine(day, TIMES[k % len(TIMES)], zone)
        planned.append(Planned(f"{prefix}-{k}", zone_name, when))
    return planned


def import_cohort(
    cli: Cli, monkeypatch: pytest.MonkeyPatch, folder: Path, planned: list[Planned]
) -> None:
    """Register the tandems with their first meetings through `tandem import`, on a
    machine in their zone (the CSV's times are the machine's local time)."""
    sheet = folder / f"{planned[0].tandem_id}.csv"
    with sheet.open("w", newline="") as out:
        rows = csv.writer(out)
        rows.writerow(["mentor", "mentee", "id", "program", "first_meeting"])
        for p in planned:
            rows.writerow(
                [
                    f"Mentor {p.tandem_id}",
                    f"Mentee {p.tandem_id}",
                    p.tandem_id,
                    PROGRAM,
                    p.first.strftime("%Y-%m-%d %H:%M"),
                ]
            )
    monkeypatch.setenv("TZ", planned[0].zone)
    done = cli("tandem", "import", str(sheet))
    assert done.returncode == 0, done.stdout + done.stderr


def expected_starts(planned: Planned, library: Library) -> list[datetime]:
    """The meetings as planned: the program's cadence at the first meeting's wall time."""
    program = library.programs[PROGRAM]
    zone = ZoneInfo(planned.zone)
    return [
        datetime.combine(
            program.cadence.after(planned.first.date(), step), planned.first.time(), zone
        )
        for step in range(len(program.sessions))
    ]


# Run as `python -c`: a fresh process reads every file, as one vobject user would.
VOBJECT_READER = """
import json, sys
from datetime import datetime, timezone
import vobject

def moment(prop):
    value = prop.value
    if not isinstance(value, datetime) or value.tzinfo is None:  # a date, a floating time
        return {"local": value.isoformat(), "tzid": None, "utc": None}
    # vobject keeps the TZID it resolved under this parameter; a time in Z has none.
    tzid = prop.params.get("X-VOBJ-ORIGINAL-TZID", ["UTC"])[0]
    return {
        "local": value.replace(tzinfo=None).isoformat(),
        "tzid": tzid,
        "utc": value.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
    }

files = []
for path in json.load(sys.stdin):
    with open(path, encoding="utf-8") as text:
        calendar = vobject.readOne(text.read())
    events = [
        {"uid": e.uid.value, "start": moment(e.dtstart), "end": moment(e.dtend)}
        for e in calendar.contents.get("vevent", [])
    ]
    files.append({"path": path, "events": events})
print(json.dumps(files))
"""


def read_with_vobject(paths: list[Path]) -> list[dict[str, Any]]:
    done = subprocess.run(
        [sys.executable, "-c", VOBJECT_READER],
        input=json.dumps([str(p) for p in paths]),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    files: list[dict[str, Any]] = json.loads(done.stdout)
    return files


def compare(
    files: dict[str, Path],
    planned: dict[str, Planned],
    library: Library,
    monkeypatch: pytest.MonkeyPatch,
) -> tuple[list[str], list[str]]:
    """Read every file (in the order of the tandem ids) in one vobject and one ical.js
    process, on a machine in READING_MACHINE_ZONE: the meetings on which the two
    disagree, and those not at the instant they were planned (in either)."""
    monkeypatch.setenv("TZ", READING_MACHINE_ZONE)
    paths = [files[tandem_id] for tandem_id in sorted(files)]
    by_vobject = read_with_vobject(paths)
    by_icaljs = read_with_icaljs(paths)
    disagree, misplaced = [], []
    for tandem_id, vobject_file, icaljs_file in zip(
        sorted(files), by_vobject, by_icaljs, strict=True
    ):
        ours = {e["uid"]: e for e in vobject_file["events"]}
        theirs = {e["uid"]: e for e in icaljs_file["events"]}
        assert ours.keys() == theirs.keys(), f"{tandem_id}: the parsers see other events"
        for uid, event in ours.items():
            for edge in ("start", "end"):
                mine, other = event[edge], theirs[uid][edge]
                seen = (mine["utc"], mine["local"], mine["tzid"])
                if seen != (other["utc"], other["local"], other["tzid"]):
                    disagree.append(f"{tandem_id} {edge}: vobject {seen}, ical.js {other}")
        want = [s.astimezone(UTC) for s in expected_starts(planned[tandem_id], library)]
        for reader, events in (("vobject", ours), ("ical.js", theirs)):
            got = sorted(datetime.fromisoformat(e["start"]["utc"]) for e in events.values())
            if got != want:
                misplaced.append(
                    f"{tandem_id} ({planned[tandem_id].zone}) in {reader}: "
                    f"{[g.isoformat() for g in got]}, planned {[w.isoformat() for w in want]}"
                )
    return disagree, misplaced


def test_a_hundred_files_read_in_one_vobject_process_agree_with_icaljs(
    tmp_path: Path,
    cli: Cli,
    monkeypatch: pytest.MonkeyPatch,
    library: Library,
    icaljs: Path,
) -> None:
    """Ten facilitators in ten zones, each with ten tandems in a data folder of their
    own, export their calendars: on a machine in their zone, on a UTC machine with
    `--timezone`, or on a machine in yet another zone with `--timezone`."""
    files: dict[str, Path] = {}
    planned: dict[str, Planned] = {}
    for number, zone in enumerate(ZONES):
        cohort = plan_cohort(zone, f"z{number}")
        folder = tmp_path / f"facilitator-{number}"
        folder.mkdir()
        monkeypatch.setenv("TANDEM_TUI_HOME", str(folder / "data"))
        import_cohort(cli, monkeypatch, folder, cohort)
        out = folder / "calendars"
        if number % 3 == 0:
            exported = cli("export", "--all", "-o", str(out))  # the machine's zone
        else:
            monkeypatch.setenv("TZ", "UTC" if number % 3 == 1 else "Asia/Tokyo")
            exported = cli("export", "--all", "-o", str(out), "--timezone", zone)
        assert exported.returncode == 0, exported.stderr
        for p in cohort:
            files[p.tandem_id], planned[p.tandem_id] = out / f"{p.tandem_id}.ics", p
    assert len(files) == 100

    disagree, misplaced = compare(files, planned, library, monkeypatch)
    assert not disagree, f"{len(disagree)} times read differently:\n" + "\n".join(disagree[:10])
    assert not misplaced, f"{len(misplaced)} series not as planned:\n" + "\n".join(misplaced[:10])


def test_one_export_of_a_cohort_in_four_zones_keeps_every_meeting_as_planned(
    tmp_path: Path,
    cli: Cli,
    monkeypatch: pytest.MonkeyPatch,
    library: Library,
    icaljs: Path,
) -> None:
    """One facilitator registers tandems from four zones (each import on a machine in
    that zone), then writes every calendar at once on a UTC machine."""
    planned: dict[str, Planned] = {}
    for number, zone in enumerate(ZONES[:4]):
        cohort = plan_cohort(zone, f"z{number}", count=5)
        import_cohort(cli, monkeypatch, tmp_path, cohort)
        planned |= {p.tandem_id: p for p in cohort}
    monkeypatch.setenv("TZ", "UTC")
    assert cli("export", "--all", "-o", "calendars").returncode == 0
    files = {tandem_id: tmp_path / "calendars" / f"{tandem_id}.ics" for tandem_id in planned}

    disagree, misplaced = compare(files, planned, library, monkeypatch)
    assert not disagree, "\n".join(disagree[:10])
    assert not misplaced, f"{len(misplaced)} series not as planned:\n" + "\n".join(misplaced[:10])


def test_meetings_in_casablanca_during_ramadan_are_read_as_planned(
    tmp_path: Path,
    cli: Cli,
    monkeypatch: pytest.MonkeyPatch,
    library: Library,
    icaljs: Path,
) -> None:
    """Morocco puts its clocks back an hour for Ramadan, five weeks or so, each year."""
    cohort = plan_cohort("Africa/Casablanca", "casablanca")
    import_cohort(cli, monkeypatch, tmp_path, cohort)
    assert cli("export", "--all", "-o", "calendars").returncode == 0
    files = {p.tandem_id: tmp_path / "calendars" / f"{p.tandem_id}.ics" for p in cohort}

    disagree, misplaced = compare(files, {p.tandem_id: p for p in cohort}, library, monkeypatch)
    assert not disagree, "\n".join(disagree)
    assert not misplaced, "\n".join(misplaced)


def test_a_meeting_after_2037_is_read_alike_in_one_vobject_process(
    tmp_path: Path,
    cli: Cli,
    monkeypatch: pytest.MonkeyPatch,
    library: Library,
    icaljs: Path,
) -> None:
    berlin = ZoneInfo("Europe/Berlin")
    near = Planned(
        "pair-1", "Europe/Berlin", datetime(date.today().year + 1, 6, 4, 17, 0, tzinfo=berlin)
    )
    later = Planned("pair-2", "Europe/Berlin", datetime(2040, 5, 4, 17, 0, tzinfo=berlin))
    import_cohort(cli, monkeypatch, tmp_path, [near, later])
    assert cli("export", "--all", "-o", "calendars").returncode == 0
    files = {p.tandem_id: tmp_path / "calendars" / f"{p.tandem_id}.ics" for p in (near, later)}

    planned = {"pair-1": near, "pair-2": later}  # pair-1 is read first
    disagree, misplaced = compare(files, planned, library, monkeypatch)
    assert not disagree, "\n".join(disagree)
    assert not misplaced, "\n".join(misplaced)
