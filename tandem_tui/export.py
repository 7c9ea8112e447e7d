"""Follow-ups and the meeting series as iCalendar (RFC 5545) that calendar and task apps import.

What goes out, and what never does:

- The next meeting and the rest of the program's series, as VEVENTs at their local
  time in a named zone (TZID with a VTIMEZONE), or in UTC when no zone is known.
  The summary names the tandem and the session's agenda; the description lists
  the card titles. Never a note.
- Each follow-up as an all-day VEVENT on its due date (for Google Calendar and
  Outlook, which ignore VTODO) and as a VTODO with DUE and STATUS (for
  Thunderbird, Nextcloud Tasks, todoman, Apple Reminders); `tasks` picks either.
  The owner is named in the summary, never as an ATTENDEE: no client sends
  invitations on import.
- Every meeting and follow-up keeps its UID in every export, so a second import
  updates instead of duplicating. SEQUENCE counts the exports in which it had
  changed; the store keeps what was last exported to know.

Private notes are not read here at all: this module gets the tandem, its sessions
and its follow-ups, and nothing else.
"""

from __future__ import annotations

import functools
import hashlib
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from enum import StrEnum
from pathlib import Path
from zoneinfo import ZoneInfo

from icalendar import Calendar, Component, Event, Timezone, Todo
from icalendar.timezone.tzid import is_utc

from tandem_tui import __version__
from tandem_tui.library import Library
from tandem_tui.model import Agenda, FollowUp, Owner, Program, Session, SessionStatus, Tandem
from tandem_tui.store import ExportMark, Store
from tandem_tui.zones import UnknownZone, find_zone, local_zone, zone_of

PRODID = f"-//tandem-tui//tandem-tui {__version__}//EN"
UID_DOMAIN = "tandem-tui"
# Meeting UIDs are UUIDs derived from the tandem and the session number in this
# namespace: the same meeting gets the same UID on every machine, every time.
MEETINGS = uuid.UUID("6f1d3c9e-7a52-4f0b-9a57-2b8d7f3e6c41")


class Tasks(StrEnum):
    """How follow-ups go out: as all-day events, as to-dos, or as both."""

    BOTH = "both"
    EVENTS = "events"
    TODOS = "todos"


class ExportError(ValueError):
    """A bad export request, such as an unknown time zone; the message says what to give."""


@dataclass(frozen=True)
class PlannedMeeting:
    number: int
    start: datetime
    minutes: int
    agenda: Agenda | None


@dataclass(frozen=True)
class ExportResult:
    calendar: bytes
    meetings: int
    followups: int
    changed: int  # meetings and follow-ups that changed since the last export

    def __str__(self) -> str:
        """`5 meetings and 1 follow-up, 2 changed since the last export`."""
        meetings = f"{self.meetings} meeting" + ("" if self.meetings == 1 else "s")
        followups = f"{self.followups} follow-up" + ("" if self.followups == 1 else "s")
        changed = f", {self.changed} changed since the last export" if self.changed else ""
        return f"{meetings} and {followups}{changed}"


def zone_named(name: str | None) -> tzinfo | None:
    """The zone an export converts its times into (`--timezone`, e.g. Asia/Tokyo; UTC
    writes them in UTC); None for none given: each meeting stays in its own zone."""
    if name is None:
        return None
    if name.strip().upper() == "UTC":
        return UTC
    try:
        return find_zone(name)
    except UnknownZone as error:
        raise ExportError(str(error)) from None


def meeting_series(
    tandem: Tandem,
    sessions: Sequence[Session],
    program: Program | None,
    library: Library,
    zone: tzinfo | None = None,
    next_minutes: int | None = None,
) -> list[PlannedMeeting]:
    """The next meeting and the rest of the program, each at the same wall-clock time
    in the zone the meeting was planned in, across daylight saving.

    A meeting stored without a zone (from before zones were kept) takes `zone`, else
    the machine's, as it always did. `zone`, when given, is the zone the times are
    written in: converted, the same instants. Each lasts as long as its agenda's time
    boxes; `next_minutes`, when given, is the next meeting's length as the meeting
    clock will show it (with a review card).
    """
    if tandem.next_meeting is None or program is None:
        return []
    held = sum(s.status is SessionStatus.ENDED for s in sessions)
    home = zone_of(tandem.next_meeting) or zone or local_zone()
    first = tandem.next_meeting.astimezone(home)
    wall_clock = first.time().replace(tzinfo=None)
    series = []
    for step, number in enumerate(range(held + 1, len(program.sessions) + 1)):
        day = program.cadence.after(first.date(), step) if step else first.date()
        agenda_id = program.agenda_for(number)
        agenda = library.agendas.get(agenda_id) if agenda_id else None
        minutes = agenda.total_minutes if agenda is not None else program.meeting_minutes
        if step == 0 and next_minutes is not None:
            minutes = next_minutes
        start = datetime.combine(day, wall_clock, tzinfo=home)
        series.append(
            PlannedMeeting(
                number=number,
                start=start.astimezone(zone) if zone is not None else start,
                minutes=minutes,
                agenda=agenda,
            )
        )
    return series


def meeting_uid(tandem: Tandem, number: int) -> str:
    key = f"{tandem.id}/{tandem.created_at.isoformat()}/meeting/{number}"
    return f"{uuid.uuid5(MEETINGS, key)}@{UID_DOMAIN}"


def followup_uids(followup: FollowUp) -> tuple[str, str]:
    """The UIDs of a follow-up's VTODO and of its all-day VEVENT."""
    return f"followup-{followup.id}@{UID_DOMAIN}", f"followup-{followup.id}-day@{UID_DOMAIN}"


def owner_label(tandem: Tandem, owner: Owner) -> str:
    if owner is Owner.MENTOR:
        return tandem.mentor.name
    if owner is Owner.MENTEE:
        return tandem.mentee.name
    return tandem.label


def _meeting_event(tandem: Tandem, meeting: PlannedMeeting, total: int) -> Event:
    event = Event()
    event.add("uid", meeting_uid(tandem, meeting.number))
    title = meeting.agenda.title if meeting.agenda else f"session {meeting.number}"
    event.add("summary", f"Tandem {tandem.label}: {title}")
    event.add("dtstart", meeting.start)
    event.add("dtend", meeting.start + timedelta(minutes=meeting.minutes))
    lines = [f"Reverse-mentoring session {meeting.number} of {total}: {title}."]
    if meeting.agenda:
        lines += ["", "Agenda:"]
        lines += [f"- {card.title} ({card.minutes} min)" for card in meeting.agenda.cards]
    lines += ["", "Planned with tandem-tui. Notes stay in the app."]
    event.add("description", "\n".join(lines))
    event.add("categories", ["Reverse mentoring"])
    event.add("transp", "OPAQUE")
    return event


def _followup_summary(tandem: Tandem, followup: FollowUp) -> str:
    done = "Done: " if not followup.is_open else ""
    return f"{done}Follow-up for {owner_label(tandem, followup.owner)}: {followup.text}"


def _followup_description(tandem: Tandem, followup: FollowUp) -> str:
    source = f" from session {followup.session}" if followup.session else ""
    return f"A follow-up{source} of the tandem {tandem.label}."


def _followup_todo(tandem: Tandem, followup: FollowUp) -> Todo:
    todo = Todo()
    todo.add("uid", followup_uids(followup)[0])
    todo.add("summary", _followup_summary(tandem, followup))
    todo.add("description", _followup_description(tandem, followup))
    if followup.due:
        todo.add("due", followup.due)
    todo.add("created", followup.created_at.astimezone(UTC))
    todo.add("last-modified", followup.updated_at.astimezone(UTC))
    if followup.is_open:
        todo.add("status", "NEEDS-ACTION")
    else:
        todo.add("status", "COMPLETED")
        todo.add("percent-complete", 100)
        todo.add("completed", (followup.done_at or followup.updated_at).astimezone(UTC))
    todo.add("categories", ["Reverse mentoring"])
    return todo


def _followup_event(tandem: Tandem, followup: FollowUp, due: date) -> Event:
    event = Event()
    event.add("uid", followup_uids(followup)[1])
    event.add("summary", _followup_summary(tandem, followup))
    event.add("description", _followup_description(tandem, followup))
    event.add("dtstart", due)
    event.add("dtend", due + timedelta(days=1))
    event.add("transp", "TRANSPARENT")  # a reminder on the day, not a busy block
    event.add("categories", ["Reverse mentoring"])
    return event


#: The span every VTIMEZONE covers, whatever the file's own dates: the same definition
#: under the same TZID in every file, as parsers that keep the first one they read of a
#: TZID (vobject) need; and built once per zone and run (`Timezone.from_tzinfo` takes
#: 25 ms for some zones, which once per tandem made `export --all` slow).
ZONE_SPAN = (date(2020, 1, 1), date(2037, 12, 31))


def _vtimezone(zone: ZoneInfo, first: date, last: date) -> tuple[Timezone, bytes]:
    """The zone's rules over ZONE_SPAN (widened to the dates, if ever they fall outside)."""
    first, last = min(first, ZONE_SPAN[0]), max(last, ZONE_SPAN[1])
    if zone.key is None:  # a zone read from a file has no name to share it by
        return _zone_rules.__wrapped__(zone, first, last)
    return _zone_rules(zone.key, first, last)


@functools.lru_cache(maxsize=16)
def _zone_rules(key: str | ZoneInfo, first: date, last: date) -> tuple[Timezone, bytes]:
    """The zone's rules from `first` to `last`, with one value per RDATE line.

    icalendar writes several transitions into one comma-separated RDATE; some
    parsers read only the first value of such a line and would get later
    daylight-saving changes wrong. One value per line reads the same everywhere.
    The component is shared by every calendar of the run: never changed after this.
    """
    zone = ZoneInfo(key) if isinstance(key, str) else key
    vtimezone = Timezone.from_tzinfo(zone, first_date=first, last_date=last)
    for observance in vtimezone.subcomponents:
        rdates = observance.get("RDATE")
        if rdates is None:
            continue
        values = [
            d.dt for group in (rdates if isinstance(rdates, list) else [rdates]) for d in group.dts
        ]
        del observance["RDATE"]
        for value in values:
            observance.add("RDATE", value)
    return vtimezone, vtimezone.to_ical()


def to_ical(component: Component) -> bytes:
    """`component.to_ical()`, the same bytes, folding only the lines that need it.

    icalendar folds every line character by character, a fifth of an export; a line
    of at most 74 ASCII characters is the same folded or not, so only longer lines and
    lines with other characters go through its folding.
    """
    return (
        b"\r\n".join(
            line.encode("ascii") if len(line) < 75 and line.isascii() else line.to_ical()
            for line in component.content_lines()
            if line
        )
        + b"\r\n"
    )


def _fingerprint(component: Component) -> str:
    """A digest of the properties' values: the same while nothing changed.

    Hashes each value's iCalendar form, not the folded and escaped text of the whole
    component: that serialisation is the costly part, and the file does it once anyway.
    """
    digest = hashlib.sha256()
    for name, value in sorted(component.items()):
        for item in value if isinstance(value, list) else [value]:
            digest.update(f"{name}\x1f".encode())
            digest.update(item.to_ical())
            digest.update(b"\x1e")
    return digest.hexdigest()[:20]


def build_calendar(
    tandem: Tandem,
    sessions: Sequence[Session],
    followups: Iterable[FollowUp],
    program: Program | None,
    library: Library,
    *,
    zone: tzinfo | None = None,
    tasks: Tasks = Tasks.BOTH,
    marks: dict[str, ExportMark] | None = None,
    now: datetime | None = None,
    next_minutes: int | None = None,
) -> tuple[Calendar, dict[str, ExportMark], ExportResult]:
    """The tandem's calendar, and the marks (fingerprint, sequence) to keep for the next time.

    `zone`: the zone to convert the meetings' times into; None keeps each in its own.
    """
    stamp = (now or datetime.now(UTC)).astimezone(UTC)
    previous = marks or {}
    series = meeting_series(tandem, sessions, program, library, zone, next_minutes)
    total = len(program.sessions) if program else len(series)
    components: list[Component] = [_meeting_event(tandem, m, total) for m in series]
    followup_list = list(followups)
    for followup in followup_list:
        if tasks in (Tasks.BOTH, Tasks.TODOS):
            components.append(_followup_todo(tandem, followup))
        if tasks in (Tasks.BOTH, Tasks.EVENTS) and followup.due:
            components.append(_followup_event(tandem, followup, followup.due))

    new_marks = dict(previous)
    changed = 0
    for component in components:
        uid = str(component["UID"])
        fingerprint = _fingerprint(component)
        mark = previous.get(uid)
        if mark is None:
            sequence = 0
        elif mark.fingerprint == fingerprint:
            sequence = mark.sequence
        else:
            sequence = mark.sequence + 1
            changed += 1
        new_marks[uid] = ExportMark(fingerprint, sequence)
        component.add("sequence", sequence)
        component.add("dtstamp", stamp)

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", f"Tandem {tandem.label}")
    for component in components:
        calendar.add_component(component)
    text = to_ical(calendar)
    zone_used = series[0].start.tzinfo if series else None  # the same for the whole series
    if isinstance(zone_used, ZoneInfo) and not is_utc(zone_used):
        first = min(m.start for m in series).date() - timedelta(days=1)
        last = max(m.start for m in series).date() + timedelta(days=2)
        vtimezone, zone_text = _vtimezone(zone_used, first, last)
        calendar.subcomponents.insert(0, vtimezone)
        # The zone's text is the same in every file: written once per run, put in place.
        at = text.index(b"BEGIN:V", len(b"BEGIN:VCALENDAR"))
        text = text[:at] + zone_text + text[at:]
    result = ExportResult(
        calendar=text,
        meetings=len(series),
        followups=len(followup_list),
        changed=changed,
    )
    return calendar, new_marks, result


def export_tandem(
    store: Store,
    library: Library,
    tandem: Tandem,
    *,
    zone: tzinfo | None = None,
    tasks: Tasks = Tasks.BOTH,
    now: datetime | None = None,
) -> ExportResult:
    """Build the tandem's calendar and remember what went out, for SEQUENCE next time.

    `zone`: the zone to convert the meetings' times into; None keeps each in its own.
    """
    from tandem_tui.meeting import next_meeting_minutes

    _, marks, result = build_calendar(
        tandem,
        store.sessions(tandem.id),
        store.followups(tandem.id),
        library.programs.get(tandem.program),
        library,
        zone=zone,
        tasks=tasks,
        marks=store.export_marks(tandem.id),
        now=now,
        next_minutes=next_meeting_minutes(store, library, tandem),
    )
    store.save_export_marks(tandem.id, marks)
    return result


def write_calendar(path: Path, result: ExportResult) -> None:
    from tandem_tui.paths import atomic_write_bytes

    atomic_write_bytes(path, result.calendar)
