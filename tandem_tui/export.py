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
- Nothing that went out disappears: a meeting held stays, at the time it was held;
  every UID exported before that is no longer planned (a shorter program, a deleted
  follow-up) goes out again as STATUS:CANCELLED with SEQUENCE raised, in this file
  and every later one, so the calendar that imported it drops it.
- Reminders: each meeting to come carries VALARMs (by default a day and fifteen
  minutes before), each open follow-up one in the morning of its due day.

Private notes are not read here at all: this module gets the tandem, its sessions
and its follow-ups, and nothing else.

What a person reads in the calendar speaks the language of the tandem's program,
whatever the chrome's (the words are in `calendar_words`).
"""

from __future__ import annotations

import functools
import hashlib
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from enum import StrEnum
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from icalendar import Alarm, Calendar, Component, Event, Timezone, Todo

from tandem_tui import __version__, i18n
from tandem_tui import calendar_words as words
from tandem_tui.i18n import Speech
from tandem_tui.library import Library
from tandem_tui.model import Agenda, FollowUp, Program, Session, SessionStatus, Tandem
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
    meetings: int  # to come
    followups: int
    changed: int  # meetings and follow-ups that changed since the last export
    held: int = 0  # meetings held, at the time they were held
    cancelled: int = 0  # went out before, no longer planned: STATUS:CANCELLED

    @property
    def empty(self) -> bool:
        """Nothing in it at all: no file is written (RFC 5545 wants a component)."""
        return not (self.meetings or self.followups or self.held or self.cancelled)

    def __str__(self) -> str:
        """`5 meetings and 1 follow-up, 1 held, 2 cancelled, 2 changed since the last export`."""
        return words.counts(self.meetings, self.followups, self.held, self.cancelled, self.changed)


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


#: Reminders of a meeting to come, before its start, unless others are chosen.
DEFAULT_ALARMS = (timedelta(days=1), timedelta(minutes=15))
#: A follow-up's reminder: this long after the start of its due day, where the reader is.
FOLLOWUP_ALARM = timedelta(hours=9)


def _meeting_event(
    tandem: Tandem, meeting: PlannedMeeting, total: int, alarms: Sequence[timedelta], speech: Speech
) -> Event:
    event = Event()
    event.add("uid", meeting_uid(tandem, meeting.number))
    title = words.meeting_title(speech, meeting.agenda, meeting.number)
    language = words.language(speech)
    event.add("summary", words.meeting_summary(speech, tandem, title), parameters=language)
    event.add("dtstart", meeting.start)
    event.add("dtend", meeting.start + timedelta(minutes=meeting.minutes))
    description = words.meeting_description(speech, meeting.number, total, title, meeting.agenda)
    event.add("description", description, parameters=language)
    event.add("categories", words.category(speech))
    event.add("status", "CONFIRMED")
    event.add("transp", "OPAQUE")
    for before in alarms:
        event.add_component(_alarm(-before, words.reminder(speech, tandem, title, before)))
    return event


def _held_event(
    tandem: Tandem, session: Session, total: int, zone: tzinfo, speech: Speech
) -> Event:
    """A meeting held (or under way): where it really was in time, so that the planned
    event it replaces (the same UID) moves there instead of staying as a phantom."""
    event = Event()
    event.add("uid", meeting_uid(tandem, session.number))
    title = speech.swiss(session.agenda.title)
    language = words.language(speech)
    event.add("summary", words.meeting_summary(speech, tandem, title), parameters=language)
    start = session.started_at.astimezone(zone)
    end = (
        session.ended_at.astimezone(zone)
        if session.ended_at is not None
        else start + timedelta(minutes=session.planned_minutes)
    )
    event.add("dtstart", start)
    event.add("dtend", max(end, start + timedelta(minutes=1)))
    ended = session.status is SessionStatus.ENDED
    description = words.held_description(speech, session.number, total, title, ended)
    event.add("description", description, parameters=language)
    event.add("categories", words.category(speech))
    event.add("status", "CONFIRMED")
    event.add("transp", "OPAQUE")
    return event


def _alarm(trigger: timedelta, description: str, *, related_end: bool = False) -> Alarm:
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", description)
    alarm.add("trigger", trigger, parameters={"RELATED": "END"} if related_end else {})
    return alarm


def _followup_texts(
    component: Component, tandem: Tandem, followup: FollowUp, speech: Speech
) -> None:
    """A follow-up's SUMMARY and DESCRIPTION, each saying its language."""
    language = words.language(speech)
    component.add("summary", words.followup_summary(speech, tandem, followup), parameters=language)
    description = words.followup_description(speech, tandem, followup)
    component.add("description", description, parameters=language)


def _followup_todo(tandem: Tandem, followup: FollowUp, alarm: bool, speech: Speech) -> Todo:
    todo = Todo()
    todo.add("uid", followup_uids(followup)[0])
    _followup_texts(todo, tandem, followup, speech)
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
    todo.add("categories", words.category(speech))
    if alarm and followup.is_open and followup.due:
        # Relative to DUE, a date: the morning of the due day, wherever the reader is.
        reminder = words.followup_due_today(speech, tandem, followup)
        todo.add_component(_alarm(FOLLOWUP_ALARM, reminder, related_end=True))
    return todo


def _followup_event(
    tandem: Tandem, followup: FollowUp, due: date, alarm: bool, speech: Speech
) -> Event:
    event = Event()
    event.add("uid", followup_uids(followup)[1])
    _followup_texts(event, tandem, followup, speech)
    event.add("dtstart", due)
    event.add("dtend", due + timedelta(days=1))
    event.add("transp", "TRANSPARENT")  # a reminder on the day, not a busy block
    event.add("categories", words.category(speech))
    if alarm and followup.is_open:
        reminder = words.followup_due_today(speech, tandem, followup)
        event.add_component(_alarm(FOLLOWUP_ALARM, reminder))
    return event


class _WeekByWeek(Timezone):
    """icalendar's VTIMEZONE builder, looking for the zone's changes a week at a time.

    Its own first steps are 64 days: two changes closer together than that are both
    skipped (Casablanca's clocks go back for Ramadan and forward a month later), and
    every parser then puts the meetings between them an hour off. A test in Casablanca
    keeps this honest should icalendar rename what is set here.
    """

    _from_tzinfo_skip_search = [
        timedelta(days=7),
        *(s for s in Timezone._from_tzinfo_skip_search if s < timedelta(days=7)),
    ]


#: The span every VTIMEZONE covers, whatever the file's own dates: the same definition
#: under the same TZID in every file, as parsers that keep the first one they read of a
#: TZID (vobject) need; and built once per zone and run (`Timezone.from_tzinfo` takes
#: 25 ms for some zones, which once per tandem made `export --all` slow).
ZONE_SPAN = (date(2020, 1, 1), date(2100, 12, 31))  # as far as `tandem plan` goes


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
    vtimezone = _WeekByWeek.from_tzinfo(zone, first_date=first, last_date=last)
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
    """`component.to_ical()`, the same bytes, folding long lines faster.

    icalendar folds every line character by character, a fifth of an export: a line
    of at most 74 characters needs no folding, and one of ASCII characters only is
    folded here by slicing, by the same rule; the rest go through icalendar's folding.
    """
    return (
        b"\r\n".join(
            line.encode("ascii")
            if len(line) < 75 and line.isascii()
            else _fold_ascii(line).encode("ascii")
            if line.isascii()
            else line.to_ical()
            for line in component.content_lines()
            if line
        )
        + b"\r\n"
    )


def _fold_ascii(line: str, width: int = 74) -> str:
    """RFC 5545 folding of an ASCII line as icalendar folds it: pieces of `width`
    characters, each after the first behind a space, never ending a piece on the
    backslash or caret that starts an escape."""
    pieces, start = [], 0
    while len(line) - start > width:
        end = start + width
        if line[end - 1] in "\\^":
            end -= 1
        pieces.append(line[start:end])
        start = end
    pieces.append(line[start:])
    return "\r\n ".join(pieces)


def _fingerprint(component: Component) -> str:
    """A digest of the properties' values and parameters (a TZID too) and of the
    reminders: the same while nothing changed.

    Hashes each value's iCalendar form, not the folded and escaped text of the whole
    component: that serialisation is the costly part, and the file does it once anyway.
    """
    digest = hashlib.sha256()
    for name, value in sorted(component.items()):
        for item in value if isinstance(value, list) else [value]:
            digest.update(f"{name}\x1f".encode())
            digest.update(item.to_ical())
            params = getattr(item, "params", None)
            if params:
                digest.update(b"\x1f" + params.to_ical())
            digest.update(b"\x1e")
    for sub in component.subcomponents:
        digest.update(_fingerprint(sub).encode())
    return digest.hexdigest()[:20]


#: What is kept of a component that went out, to cancel it should it no longer be planned.
_ESSENTIAL = ("DTSTART", "DTEND", "DUE", "SUMMARY")


def _essentials(component: Component) -> str:
    """`VEVENT` and its start, end and summary as content lines: enough to say, later,
    which event is cancelled."""
    lines = [str(component.name)]
    for name in _ESSENTIAL:
        if name in component:
            lines.append(str(component.content_line(name, component[name])))
    return "\n".join(lines)


def _cancellation(uid: str, mark: ExportMark, sequence: int, stamp: datetime) -> Component:
    """What went out as `uid`, now STATUS:CANCELLED, without its reminders."""
    kind, *lines = (mark.sent or _guess_kind(uid)).split("\n")
    component: Component
    try:
        component = Component.from_ical(
            "\r\n".join([f"BEGIN:{kind}", *lines, f"END:{kind}", ""]).encode()
        )
    except ValueError:  # damaged: the UID alone still cancels
        component = Todo() if kind == "VTODO" else Event()
    if component.name == "VEVENT" and "DTSTART" not in component:
        component.add("dtstart", stamp.date())  # marks of an older version kept no time
    component.add("uid", uid)
    component.add("status", "CANCELLED")
    component.add("sequence", sequence)
    component.add("dtstamp", stamp)
    return component


def _guess_kind(uid: str) -> str:
    """What an older version's mark (which kept no text) was, from its UID's form."""
    return (
        "VTODO"
        if uid.startswith("followup-") and not uid.endswith(f"-day@{UID_DOMAIN}")
        else "VEVENT"
    )


def _zone_texts(components: Sequence[Component]) -> tuple[list[Timezone], bytes]:
    """A VTIMEZONE for each TZID the components name, each the same in every file."""
    spans: dict[str, tuple[date, date]] = {}
    for component in components:
        for name in ("DTSTART", "DTEND", "DUE"):
            value = component.get(name)
            tzid = value.params.get("TZID") if value is not None else None
            if not tzid or not isinstance(value.dt, datetime):
                continue
            day = value.dt.date()
            first, last = spans.get(tzid, (day, day))
            spans[tzid] = (min(first, day), max(last, day))
    zones, texts = [], []
    for tzid, (first, last) in sorted(spans.items()):
        try:
            zone = ZoneInfo(tzid)
        except (ZoneInfoNotFoundError, ValueError):
            continue  # not a zone we wrote: nothing to define
        vtimezone, text = _vtimezone(zone, first - timedelta(days=1), last + timedelta(days=2))
        zones.append(vtimezone)
        texts.append(text)
    return zones, b"".join(texts)


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
    alarms: Sequence[timedelta] = DEFAULT_ALARMS,
) -> tuple[Calendar, dict[str, ExportMark], ExportResult]:
    """The tandem's calendar, and the marks (fingerprint, sequence, what went out) to
    keep for the next time.

    `alarms`: the reminders of each meeting to come, before its start; none turns off
    the follow-ups' reminders too.

    `zone`: the zone to convert the meetings' times into; None keeps each in its own.
    """
    stamp = (now or datetime.now(UTC)).astimezone(UTC)
    speech = i18n.speech_for(program.language) if program else i18n.chrome()
    previous = marks or {}
    series = meeting_series(tandem, sessions, program, library, zone, next_minutes)
    total = len(program.sessions) if program else len(series)
    planned = {m.number for m in series}
    # Held, or under way and not planned as the next: where it is in time.
    held = [s for s in sessions if s.status is SessionStatus.ENDED or s.number not in planned]
    total = max(total, len(sessions))
    # Meetings held are written in the zone the series is written in.
    held_zone = zone or zone_of(tandem.next_meeting) or local_zone()
    components: list[Component] = [_held_event(tandem, s, total, held_zone, speech) for s in held]
    components += [_meeting_event(tandem, m, total, alarms, speech) for m in series]
    followup_list = list(followups)
    left_out: set[str] = set()  # planned, but not of the kind this file carries
    for followup in followup_list:
        todo_uid, day_uid = followup_uids(followup)
        if tasks in (Tasks.BOTH, Tasks.TODOS):
            components.append(_followup_todo(tandem, followup, alarm=bool(alarms), speech=speech))
        else:
            left_out.add(todo_uid)
        if followup.due is None:
            continue
        if tasks in (Tasks.BOTH, Tasks.EVENTS):
            components.append(
                _followup_event(tandem, followup, followup.due, alarm=bool(alarms), speech=speech)
            )
        else:
            left_out.add(day_uid)

    new_marks: dict[str, ExportMark] = {}
    changed = 0
    for component in components:
        uid = str(component["UID"])
        fingerprint = _fingerprint(component)
        mark = previous.get(uid)
        if mark is None:
            sequence = 0
        elif mark.fingerprint == fingerprint and not mark.cancelled:
            sequence = mark.sequence
        else:
            sequence = mark.sequence + 1
            changed += 1
        unchanged = mark is not None and mark.fingerprint == fingerprint and mark.sent
        sent = mark.sent if unchanged and mark is not None else _essentials(component)
        new_marks[uid] = ExportMark(fingerprint, sequence, sent)
        component.add("sequence", sequence)
        component.add("dtstamp", stamp)
    cancelled = 0
    for uid, mark in sorted(previous.items()):
        if uid in left_out:
            new_marks[uid] = mark  # still planned: the file of the other kind has it
        if uid in new_marks:
            continue
        sequence = mark.sequence if mark.cancelled else mark.sequence + 1
        if not mark.cancelled:
            changed += 1
        cancelled += 1
        components.append(_cancellation(uid, mark, sequence, stamp))
        new_marks[uid] = ExportMark(mark.fingerprint, sequence, mark.sent, cancelled=True)

    calendar, text = _assemble(tandem, components)
    result = ExportResult(
        calendar=text,
        meetings=len(series),
        followups=len(followup_list),
        changed=changed,
        held=len(held),
        cancelled=cancelled,
    )
    return calendar, new_marks, result


def _assemble(tandem: Tandem, components: Sequence[Component]) -> tuple[Calendar, bytes]:
    """The calendar of `components`, with a VTIMEZONE for each zone they name, and its text."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", f"Tandem {tandem.label}")
    for component in components:
        calendar.add_component(component)
    text = to_ical(calendar)
    zones, zone_text = _zone_texts(components)
    if zones:
        calendar.subcomponents[0:0] = zones
        # The zones' text is the same in every file: written once per run, put in place.
        at = text.index(b"BEGIN:V", len(b"BEGIN:VCALENDAR"))
        text = text[:at] + zone_text + text[at:]
    return calendar, text


def cancel_everything(
    tandem: Tandem, marks: dict[str, ExportMark], *, now: datetime | None = None
) -> ExportResult:
    """A calendar that cancels every meeting and follow-up of the tandem that ever went
    out (what `forget --cancellations` writes); empty when nothing went out."""
    stamp = (now or datetime.now(UTC)).astimezone(UTC)
    components = [
        _cancellation(uid, mark, mark.sequence if mark.cancelled else mark.sequence + 1, stamp)
        for uid, mark in sorted(marks.items())
    ]
    if not components:
        return ExportResult(calendar=b"", meetings=0, followups=0, changed=0)
    _, text = _assemble(tandem, components)
    return ExportResult(
        calendar=text, meetings=0, followups=0, changed=0, cancelled=len(components)
    )


def export_tandem(
    store: Store,
    library: Library,
    tandem: Tandem,
    *,
    zone: tzinfo | None = None,
    tasks: Tasks = Tasks.BOTH,
    now: datetime | None = None,
    alarms: Sequence[timedelta] = DEFAULT_ALARMS,
    write: Callable[[bytes], object] | None = None,
) -> ExportResult:
    """Build the tandem's calendar, hand it to `write` (a file, the standard output),
    and only then remember what went out, for SEQUENCE and cancellations next time.

    A calendar with nothing in it (`result.empty`) is neither written nor remembered:
    the caller says why.

    `zone`: the zone to convert the meetings' times into; None keeps each in its own.
    """
    from tandem_tui.meeting import next_meeting_minutes

    with store.exporting():
        before = store.export_marks(tandem.id)
        _, marks, result = build_calendar(
            tandem,
            store.sessions(tandem.id),
            store.followups(tandem.id),
            library.programs.get(tandem.program),
            library,
            zone=zone,
            tasks=tasks,
            marks=before,
            now=now,
            next_minutes=next_meeting_minutes(store, library, tandem),
            alarms=alarms,
        )
        if result.empty:
            return result
        if write is not None:
            write(result.calendar)
        if marks != before:  # exported again unchanged: nothing new to remember
            store.save_export_marks(tandem.id, marks)
    return result


def nothing_to_export(tandem: Tandem, library: Library) -> str:
    """Why a tandem's calendar would be empty, and what to do: one line."""
    return words.nothing_to_export(tandem, tandem.program in library.programs)


def write_calendar(path: Path) -> Callable[[bytes], None]:
    """What writes a calendar to `path` (atomically), for `export_tandem`."""
    from tandem_tui.paths import atomic_write_bytes

    return functools.partial(atomic_write_bytes, path)
