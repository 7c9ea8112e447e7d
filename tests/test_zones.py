"""A meeting keeps the zone it was planned in, wherever the calendar is exported.

Planned for 17:00 in Berlin, every meeting of the series is at 17:00 Berlin time,
before and after the change to summer time, also when exported on a machine in UTC;
`--timezone` converts into another zone and says so; files from before meetings kept
their zone are upgraded (with a backup) and refused by the version before. The files
are read back by icalendar, by khal and by ical.js (Thunderbird's parser), as users'
calendars read them.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from conftest import CliResult, make_tandem
from icalendar import Calendar
from icaljs import instant, read_one
from khal_calendar import Khal
from textual.widgets import Input, Static

from tandem_tui import storage as storage_module
from tandem_tui import store as store_module
from tandem_tui.app import create_app
from tandem_tui.clock import ManualClock
from tandem_tui.model import Note
from tandem_tui.screens.end import EndScreen
from tandem_tui.screens.plan import PlanScreen
from tandem_tui.store import NewerFile, Store
from tandem_tui.zones import zone_name

BERLIN = ZoneInfo("Europe/Berlin")
TOKYO = ZoneInfo("Asia/Tokyo")
FIRST = "2031-02-06 17:00"  # a Thursday; summer time begins on 30 March 2031
SERIES = [  # the bundled program: six meetings, every four weeks
    date(2031, 2, 6),
    date(2031, 3, 6),
    date(2031, 4, 3),
    date(2031, 5, 1),
    date(2031, 5, 29),
    date(2031, 6, 26),
]
SIZE = (120, 36)

Cli = Callable[..., CliResult]


@pytest.fixture
def machine(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[str], None]]:
    """Puts this machine (this process and the commands it starts) in a zone."""

    def move_to(zone: str) -> None:
        monkeypatch.setenv("TZ", zone)
        time.tzset()

    yield move_to
    monkeypatch.undo()
    time.tzset()


def meeting_starts(ics: bytes) -> list[datetime]:
    """The start of each meeting of the file, as icalendar reads it."""
    calendar = Calendar.from_ical(ics)
    events = [e for e in calendar.walk("VEVENT") if str(e["SUMMARY"]).startswith("Tandem ")]
    return sorted(e["DTSTART"].dt for e in events)


def tzids(ics: bytes) -> set[str]:
    return {str(z["TZID"]) for z in Calendar.from_ical(ics).walk("VTIMEZONE")}


def khal_meetings(folder: Path, ics: Path) -> list[str]:
    """`2031-02-06 17:00` for each meeting, as khal in Berlin lists the imported file."""
    calendar = Khal(folder, "khal-calendar")
    calendar.import_file(ics)
    listed = calendar.listed("{start} {title}", "2031-01-01", "2032-01-01")
    return [line.split(" Tandem ")[0] for line in listed]


def icaljs_meetings(ics: Path, zone: str) -> list[str]:
    """`2031-02-06 17:00` in Berlin for each meeting, as ical.js reads the file; each
    start in `zone` as written, resolved by ical.js from the file's VTIMEZONE."""
    events = [e for e in read_one(ics)["events"] if e["summary"].startswith("Tandem ")]
    for event in events:
        assert event["start"]["tzid"] == event["start"]["tzid_written"] == zone, event["start"]
    starts = [instant(event["start"]) for event in events]
    assert all(start is not None for start in starts)
    return sorted(in_berlin([s for s in starts if s is not None]))


def in_berlin(starts: list[datetime]) -> list[str]:
    return [s.astimezone(BERLIN).strftime("%Y-%m-%d %H:%M") for s in starts]


BERLIN_AT_FIVE = [f"{day} 17:00" for day in SERIES]


def add_lena(cli: Cli) -> None:
    added = cli("tandem", "add", "--mentor", "Lena Vogel", "--mentee", "Markus Brandt")
    assert added.returncode == 0, added.stderr


# the command line ------------------------------------------------------------------------


def test_planned_in_berlin_exported_in_utc_stays_at_five_in_berlin(
    cli: Cli, machine: Callable[[str], None], tmp_path: Path
) -> None:
    machine("Europe/Berlin")
    add_lena(cli)
    planned = cli("tandem", "plan", "lena", FIRST)
    assert planned.returncode == 0, planned.stderr
    assert planned.stdout == (
        "lena-markus: next meeting Thursday, 6 February 2031, 17:00 (Europe/Berlin)\n"
    )

    machine("UTC")  # the same data, exported on a server in UTC
    exported = cli("export", "lena", "-o", "lena.ics")
    assert exported.returncode == 0, exported.stderr
    assert "converted" not in exported.stdout, "nothing was converted"
    ics = (tmp_path / "lena.ics").read_bytes()
    starts = meeting_starts(ics)
    assert in_berlin(starts) == BERLIN_AT_FIVE, "17:00 in Berlin in winter and in summer"
    assert [s.astimezone(ZoneInfo("UTC")).hour for s in starts] == [16, 16, 15, 15, 15, 15]
    assert {zone_name(s) for s in starts} == {"Europe/Berlin"}
    assert tzids(ics) == {"Europe/Berlin"}
    assert khal_meetings(tmp_path, tmp_path / "lena.ics") == BERLIN_AT_FIVE
    assert icaljs_meetings(tmp_path / "lena.ics", "Europe/Berlin") == BERLIN_AT_FIVE


def test_planned_on_a_utc_machine_for_berlin(
    cli: Cli, machine: Callable[[str], None], tmp_path: Path, home: Path
) -> None:
    machine("UTC")
    add_lena(cli)
    planned = cli("tandem", "plan", "lena", FIRST, "--timezone", "Europe/Berlin")
    assert planned.returncode == 0, planned.stderr
    assert planned.stdout.endswith(", 17:00 (Europe/Berlin)\n")
    stored = json.loads((home / "tandems" / "lena-markus" / "tandem.json").read_text())
    assert stored["tandem"]["1"]["next_meeting"] == "2031-02-06T17:00:00+01:00"
    assert stored["tandem"]["1"]["next_meeting_zone"] == "Europe/Berlin"

    exported = cli("export", "lena", "-o", "lena.ics", "--timezone", "Europe/Berlin")
    assert exported.returncode == 0, exported.stderr
    assert exported.stdout.rstrip().endswith("; times converted to Europe/Berlin")
    starts = meeting_starts((tmp_path / "lena.ics").read_bytes())
    assert [f"{s:%Y-%m-%d %H:%M}" for s in starts] == BERLIN_AT_FIVE, "17:00, not 18:00"
    assert khal_meetings(tmp_path, tmp_path / "lena.ics") == BERLIN_AT_FIVE
    assert icaljs_meetings(tmp_path / "lena.ics", "Europe/Berlin") == BERLIN_AT_FIVE


def test_timezone_converts_the_export_and_says_so(
    cli: Cli, machine: Callable[[str], None], tmp_path: Path
) -> None:
    machine("UTC")
    add_lena(cli)
    assert cli("tandem", "plan", "lena", FIRST, "--timezone", "Europe/Berlin").returncode == 0
    exported = cli("export", "lena", "-o", "tokyo.ics", "--timezone", "Asia/Tokyo")
    assert exported.returncode == 0, exported.stderr
    assert exported.stdout.startswith("tokyo.ics: 6 meetings")
    assert exported.stdout.rstrip().endswith("; times converted to Asia/Tokyo")
    ics = (tmp_path / "tokyo.ics").read_bytes()
    starts = meeting_starts(ics)
    assert {zone_name(s) for s in starts} == {"Asia/Tokyo"} and tzids(ics) == {"Asia/Tokyo"}
    # The same instants: 17:00 in Berlin is 01:00 the next day in Tokyo, 00:00 in summer.
    assert [f"{s:%m-%d %H:%M}" for s in starts] == [
        "02-07 01:00",
        "03-07 01:00",
        "04-04 00:00",
        "05-02 00:00",
        "05-30 00:00",
        "06-27 00:00",
    ]
    assert in_berlin(starts) == BERLIN_AT_FIVE
    assert khal_meetings(tmp_path, tmp_path / "tokyo.ics") == BERLIN_AT_FIVE
    assert icaljs_meetings(tmp_path / "tokyo.ics", "Asia/Tokyo") == BERLIN_AT_FIVE
    every = cli("export", "--all", "-o", "calendars", "--timezone", "Asia/Tokyo")
    assert every.returncode == 0, every.stderr
    assert "1 calendar in calendars; times converted to Asia/Tokyo" in every.stdout


@pytest.mark.parametrize(
    "zone", ["Mars/Olympus", "Europe", "../../etc/passwd", "Europe/Berlin\x1b[2J", "A/" * 300]
)
def test_an_unknown_zone_is_refused_in_one_line(cli: Cli, home: Path, zone: str) -> None:
    add_lena(cli)
    before = (home / "tandems" / "lena-markus" / "tandem.json").read_bytes()
    for command in (["tandem", "plan", "lena", FIRST], ["export", "lena"]):
        refused = cli(*command, "--timezone", zone)
        assert refused.returncode == 1, command
        assert refused.stderr.startswith("tandem-tui: error: unknown time zone '")
        assert "give an IANA name such as Europe/Berlin, or UTC" in refused.stderr
        assert len(refused.stderr.splitlines()) == 1 and "Traceback" not in refused.stderr
        assert "\x1b" not in refused.stderr and len(refused.stderr) < 200
    assert (home / "tandems" / "lena-markus" / "tandem.json").read_bytes() == before


def test_a_time_the_clocks_skip_is_refused(cli: Cli) -> None:
    add_lena(cli)
    skipped = cli("tandem", "plan", "lena", "2031-03-30 02:30", "--timezone", "Europe/Berlin")
    assert skipped.returncode == 1
    assert skipped.stderr == (
        'tandem-tui: error: "2031-03-30 02:30" does not exist in Europe/Berlin: '
        "the clocks skip that hour; give another time\n"
    )


# the upgrade of older files --------------------------------------------------------------


def as_schema_1(home: Path, next_meeting: str) -> dict[str, bytes]:
    """Write the tandem lena-markus with a shared note and a record of exports as schema
    1 wrote them: the planned meeting with its offset only. The files' bytes, by name."""
    with Store.open(home) as store:
        store.add_tandem(make_tandem())
        store.save_note("lena-markus", Note(1, 0, "shared words"))
        with store.exporting():
            store.save_export_marks("lena-markus", {})
    folder = home / "tandems" / "lena-markus"
    old = {}
    for name in ("tandem.json", "notes-01.json", "exports.json"):
        tables = json.loads((folder / name).read_text())
        tables["_meta"]["1"]["schema"] = 1
        if name == "tandem.json":
            doc = tables["tandem"]["1"]
            del doc["next_meeting_zone"]
            doc["next_meeting"] = next_meeting
        (folder / name).write_text(json.dumps(tables))
        old[name] = (folder / name).read_bytes()
    return old


def test_an_old_fixed_offset_gets_the_machines_zone_with_a_backup(
    home: Path, cli: Cli, machine: Callable[[str], None], tmp_path: Path
) -> None:
    old = as_schema_1(home, "2031-02-06T17:00:00+01:00")
    machine("Europe/Berlin")  # the offset is Berlin's on that day: planned here
    with Store.open(home) as store:
        planned = store.tandem("lena-markus").next_meeting
        assert store.shared_notes("lena-markus", 1) == {0: "shared words"}
    assert planned is not None and zone_name(planned) == "Europe/Berlin"
    folder = home / "tandems" / "lena-markus"
    tandem = json.loads((folder / "tandem.json").read_text())["tandem"]["1"]
    assert tandem["next_meeting"] == "2031-02-06T17:00:00+01:00"
    assert tandem["next_meeting_zone"] == "Europe/Berlin"

    machine("UTC")
    exported = cli("export", "lena", "-o", "lena.ics")  # reads exports.json too
    assert exported.returncode == 0, exported.stderr
    assert in_berlin(meeting_starts((tmp_path / "lena.ics").read_bytes())) == BERLIN_AT_FIVE
    for name, before in old.items():
        assert (folder / f"{name}.schema1.bak").read_bytes() == before, name
        assert json.loads((folder / name).read_text())["_meta"]["1"]["schema"] == 2


def test_a_command_that_only_reads_sees_an_old_file_upgraded_and_leaves_it(
    home: Path, cli: Cli, machine: Callable[[str], None]
) -> None:
    """`minutes`, `tandem list` or an export while the app is open read with a read-only
    store: they see the zone the upgrade gives, and the file stays as it was."""
    old = as_schema_1(home, "2031-02-06T17:00:00+01:00")
    machine("Europe/Berlin")
    with Store.open(home, readonly=True) as store:
        planned = store.tandem("lena-markus").next_meeting
        assert store.shared_notes("lena-markus", 1) == {0: "shared words"}
    assert planned is not None and zone_name(planned) == "Europe/Berlin"
    listed = cli("tandem", "list")
    assert listed.returncode == 0 and "lena-markus" in listed.stdout, listed.stderr
    assert listed.stderr == ""
    folder = home / "tandems" / "lena-markus"
    assert {name: (folder / name).read_bytes() for name in old} == old
    assert not list(folder.glob("*.bak"))


def test_an_old_offset_of_another_zone_stays_without_one(
    home: Path, cli: Cli, machine: Callable[[str], None], tmp_path: Path
) -> None:
    """Tokyo's offset, upgraded on a machine in Berlin: no zone can be told, and the
    series is exported as before, in the zone of the machine that exports it."""
    as_schema_1(home, "2031-02-06T17:00:00+09:00")
    machine("Europe/Berlin")
    with Store.open(home) as store:
        planned = store.tandem("lena-markus").next_meeting
    assert planned == datetime(2031, 2, 6, 17, 0, tzinfo=TOKYO), "the instant is kept"
    assert zone_name(planned) is None
    tandem_file = home / "tandems" / "lena-markus" / "tandem.json"
    assert json.loads(tandem_file.read_text())["tandem"]["1"]["next_meeting_zone"] is None

    machine("UTC")
    exported = cli("export", "lena", "-o", "lena.ics")
    assert exported.returncode == 0, exported.stderr
    ics = (tmp_path / "lena.ics").read_bytes()
    assert b"DTSTART:20310206T080000Z" in ics and not tzids(ics)
    assert {f"{s:%H:%M}" for s in meeting_starts(ics)} == {"08:00"}


def test_a_file_of_this_version_is_refused_by_the_one_before(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Store.open(home) as store:
        store.add_tandem(
            replace(make_tandem(), next_meeting=datetime(2031, 2, 6, 17, tzinfo=BERLIN))
        )
    path = home / "tandems" / "lena-markus" / "tandem.json"
    before = path.read_bytes()
    assert json.loads(before)["_meta"]["1"]["schema"] == 2
    # The version before knew schema 1 only: what its store checks and its message names.
    monkeypatch.setattr(store_module, "SCHEMA_VERSION", 1)
    monkeypatch.setattr(storage_module, "SCHEMA_VERSION", 1)
    with Store.open(home) as store, pytest.raises(NewerFile, match=r"newer tandem-tui \(schema 2"):
        store.tandem("lena-markus")
    assert path.read_bytes() == before


# the app ---------------------------------------------------------------------------------


def stored_meeting(home: Path) -> tuple[datetime | None, str | None]:
    with Store.open(home, readonly=True) as store:
        planned = store.tandem("lena-markus").next_meeting
    doc = json.loads((home / "tandems" / "lena-markus" / "tandem.json").read_text())
    assert doc["tandem"]["1"]["next_meeting_zone"] == zone_name(planned)
    return planned, zone_name(planned)


async def test_the_planning_dialog_stores_the_machines_zone(
    home: Path, machine: Callable[[str], None]
) -> None:
    machine("Europe/Berlin")
    with Store.open(home) as store:
        store.add_tandem(make_tandem())
    app = create_app(home, clock=ManualClock(datetime(2026, 11, 27, 16, 55, tzinfo=BERLIN)))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("p")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, PlanScreen)
        texts = " ".join(str(text.render()) for text in dialog.query(Static))
        assert "Date and time in Europe/Berlin (YYYY-MM-DD HH:MM)" in texts
        await pilot.press("ctrl+u", *FIRST, "enter")
        await pilot.pause()
        assert not isinstance(app.screen, PlanScreen)
    app.store.close()
    assert stored_meeting(home) == (datetime(2031, 2, 6, 17, tzinfo=BERLIN), "Europe/Berlin")


async def test_a_meeting_kept_in_another_zone_keeps_it_unless_retyped(
    home: Path, machine: Callable[[str], None]
) -> None:
    """Planned for 17:00 in Tokyo, opened on a machine in Berlin: the dialog shows both
    times; saved as it is, it stays in Tokyo; a time typed is Berlin's."""
    machine("Europe/Berlin")
    tokyo = datetime(2031, 2, 6, 17, 0, tzinfo=TOKYO)
    with Store.open(home) as store:
        store.add_tandem(replace(make_tandem(), next_meeting=tokyo))
    clock = ManualClock(datetime(2026, 11, 27, 16, 55, tzinfo=BERLIN))
    app = create_app(home, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("p")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, PlanScreen)
        assert dialog.query_one("#plan-when", Input).value == "2031-02-06 09:00"
        state = str(dialog.query_one("#plan-state", Static).render())
        assert "Thursday, 6 February 2031, 09:00 (17:00 in Asia/Tokyo)" in state
        await pilot.press("enter")
        await pilot.pause()
    app.store.close()
    assert stored_meeting(home) == (tokyo, "Asia/Tokyo")

    app = create_app(home, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("p")
        await pilot.pause()
        await pilot.press("ctrl+u", *"2031-02-06 10:00", "enter")
        await pilot.pause()
    app.store.close()
    assert stored_meeting(home) == (datetime(2031, 2, 6, 10, tzinfo=BERLIN), "Europe/Berlin")


async def test_the_end_screen_plans_the_next_meeting_in_its_zone(
    home: Path, machine: Callable[[str], None]
) -> None:
    """The meeting offered at the end of a meeting runs on in the series' zone (Tokyo
    here, on a machine in Berlin); a time typed there is the machine's."""
    machine("Europe/Berlin")
    now = datetime(2026, 11, 27, 17, 0, tzinfo=BERLIN)
    with Store.open(home) as store:
        store.add_tandem(replace(make_tandem(), next_meeting=now.astimezone(TOKYO)))
    clock = ManualClock(now)
    app = create_app(home, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "ctrl+f")
        end = app.screen
        assert isinstance(end, EndScreen)
        # Four weeks on at 01:00 in Tokyo, the same hour shown here in Berlin time.
        assert end.query_one("#next-meeting", Input).value == "2026-12-25 17:00"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, EndScreen)
    app.store.close()
    assert stored_meeting(home) == (datetime(2026, 12, 26, 1, tzinfo=TOKYO), "Asia/Tokyo")

    clock.advance(28 * 24 * 3600)
    app = create_app(home, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "ctrl+f")
        assert isinstance(app.screen, EndScreen)
        await pilot.press("ctrl+u", *"2027-01-29 18:00", "ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, EndScreen)
    app.store.close()
    assert stored_meeting(home) == (datetime(2027, 1, 29, 18, tzinfo=BERLIN), "Europe/Berlin")
