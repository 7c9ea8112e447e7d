"""Export a cohort's calendars: 34 tandems x 6 meetings with 10 follow-ups each.

Times `export --all` as the command runs it: read each tandem from the store, build
its calendar (meetings in Europe/Berlin with a VTIMEZONE, each follow-up as an all-day
event and a to-do), remember what went out for SEQUENCE, write one file per tandem.
Peak memory is measured in a second pass with tracemalloc (which slows code down, so
it is not timed).

The baseline, in the same run: icalendar alone building and serialising the same
number of plain events and to-dos, with no store, no time zone and no files.

    python -m bench.export [--repeat 5] [--tandems 34] [--zone Europe/Berlin|UTC]

`--zone` is the zone the calendars are written in (the machine's, in real use); each
zone's VTIMEZONE is built once per run, so the zone no longer changes the figures.

Not a test: it prints figures and never fails on a timing.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
import tracemalloc
from datetime import UTC, date, datetime, timedelta, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, Todo

from tandem_tui.export import export_tandem, write_calendar
from tandem_tui.library import load_library
from tandem_tui.model import FollowUp, Owner, Participant, Tandem
from tandem_tui.store import Store

TANDEMS, MEETINGS, FOLLOWUPS = 34, 6, 10
BERLIN = ZoneInfo("Europe/Berlin")


def seed(home: Path, count: int = TANDEMS, followups: int = FOLLOWUPS) -> None:
    """`count` tandems, each with its next meeting and `followups` follow-ups."""
    with Store.open(home) as store:
        tandems = [
            Tandem(
                id=f"tandem-{n:05d}",
                mentor=Participant(f"Mentor {n}"),
                mentee=Participant(f"Mentee {n}"),
                program="reverse-mentoring-en",
                next_meeting=datetime(2027, 2, 5, 17, 0, tzinfo=BERLIN) + timedelta(days=n % 5),
            )
            for n in range(count)
        ]
        store.add_tandems(tandems)
        for tandem in tandems:
            for k in range(followups):
                store.save_followup(
                    tandem.id,
                    FollowUp(
                        f"Follow-up {k}: try the team chat, then report back",
                        owner=list(Owner)[k % 3],
                        due=date(2027, 2, 12) + timedelta(days=k),
                    ),
                )


def export_all(home: Path, out: Path, zone: tzinfo = BERLIN) -> int:
    library = load_library(home)
    written = 0
    with Store.open(home) as store:
        tandems, _ = store.tandems()
        for tandem in tandems:
            result = export_tandem(
                store,
                library,
                tandem,
                zone=zone,
                write=write_calendar(out / f"{tandem.id}.ics"),
            )
            assert result.meetings == MEETINGS and result.followups == FOLLOWUPS
            written += 1
    return written


def icalendar_alone(count: int = TANDEMS) -> int:
    size = 0
    start = datetime(2027, 2, 5, 16, 0, tzinfo=UTC)
    for n in range(count):
        calendar = Calendar()
        calendar.add("prodid", "-//bench//EN")
        calendar.add("version", "2.0")
        for m in range(MEETINGS):
            event = Event()
            event.add("uid", f"{n}-{m}@bench")
            event.add("summary", f"Meeting {m}")
            event.add("dtstart", start + timedelta(weeks=4 * m))
            event.add("dtend", start + timedelta(weeks=4 * m, hours=1))
            event.add("dtstamp", start)
            calendar.add_component(event)
        for k in range(FOLLOWUPS):
            due = date(2027, 2, 12) + timedelta(days=k)
            todo, day = Todo(), Event()
            todo.add("uid", f"{n}-{k}-todo@bench")
            todo.add("summary", f"Follow-up {k}")
            todo.add("due", due)
            todo.add("dtstamp", start)
            day.add("uid", f"{n}-{k}-day@bench")
            day.add("summary", f"Follow-up {k}")
            day.add("dtstart", due)
            day.add("dtstamp", start)
            calendar.add_component(todo)
            calendar.add_component(day)
        size += len(calendar.to_ical())
    return size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5, help="timed runs of each (default 5)")
    parser.add_argument("--tandems", type=int, default=TANDEMS, help=f"default {TANDEMS}")
    parser.add_argument("--zone", default="Europe/Berlin", help="default Europe/Berlin; or UTC")
    args = parser.parse_args()
    zone: tzinfo = UTC if args.zone.upper() == "UTC" else ZoneInfo(args.zone)
    count = args.tandems
    with tempfile.TemporaryDirectory() as scratch:
        home, out = Path(scratch) / "home", Path(scratch) / "out"
        out.mkdir()
        seed(home, count)
        export_all(home, out, zone)  # warm-up: imports, disk caches
        ours, alone = [], []
        for _ in range(args.repeat):
            started = time.perf_counter()
            export_all(home, out, zone)
            ours.append(time.perf_counter() - started)
            started = time.perf_counter()
            icalendar_alone(count)
            alone.append(time.perf_counter() - started)
        tracemalloc.start()
        export_all(home, out, zone)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        files = sorted(out.glob("*.ics"))
        size = sum(f.stat().st_size for f in files)

    print(
        f"export --all: {count} tandems x {MEETINGS} meetings, {FOLLOWUPS} follow-ups each, "
        f"zone {args.zone} ({len(files)} files, {size / 1024:.0f} KB), {args.repeat} runs"
    )
    median = statistics.median(ours)
    print(
        f"  tandem-tui export      median {median * 1000:7.1f} ms"
        f"   fastest {min(ours) * 1000:7.1f} ms   {median / count * 1000:.2f} ms a tandem"
        "   (target: 5 ms a tandem)"
    )
    print(f"  icalendar alone        median {statistics.median(alone) * 1000:7.1f} ms")
    print(f"  ratio of the medians: {statistics.median(ours) / statistics.median(alone):.2f}")
    print(f"  peak memory during one export (tracemalloc): {peak / 1024 / 1024:.1f} MiB")


if __name__ == "__main__":
    main()
