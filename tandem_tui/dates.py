"""Dates and meeting times as people type them, checked for sense.

Due dates: `2026-12-01`, `+3d`, `+2w`, `today`, `tomorrow`, `friday`.
Meeting times: a due date's forms followed by a time, `2027-02-05 17:00`, `friday 17:00`.

Nothing here may raise anything but `DateError` on what a user typed: no date
after 2100 is accepted (so later arithmetic, such as a series of meetings or an
all-day event's end, never overflows), and neither is a date in the past, unless
it is the one a follow-up already had.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from tandem_tui.model import Cadence
from tandem_tui.zones import exists, machine_zone, wall_clock, zone_of

LATEST = date(2100, 12, 31)
LAST_YEAR = LATEST.year
"""The last date accepted anywhere a date is typed."""

_RELATIVE = re.compile(r"^\+\s*(\d+)\s*([dw])$")
_RELATIVE_DIGITS = 6  # more digits than this is centuries ahead: after 2100 in any case
_MEETING = re.compile(r"^(?P<day>.+?)(?:\s+|(?<=\d)t)(?P<hour>\d{1,2}):(?P<minute>\d{2})$")
_WEEKDAYS = {
    name: index
    for index, names in enumerate(
        [
            ("monday", "mon", "montag", "mo"),
            ("tuesday", "tue", "tues", "dienstag", "di"),
            ("wednesday", "wed", "mittwoch", "mi"),
            ("thursday", "thu", "thurs", "donnerstag", "do"),
            ("friday", "fri", "freitag", "fr"),
            ("saturday", "sat", "samstag", "sa"),
            ("sunday", "sun", "sonntag", "so"),
        ]
    )
    for name in names
}
_NAMED = {"today": 0, "heute": 0, "tomorrow": 1, "morgen": 1}

DUE_HELP = "a date like 2026-12-01, +3d, +2w, today, tomorrow or a weekday like friday"
MEETING_HELP = "a date and time like 2027-02-05 17:00, friday 17:00 or +4w 17:00"
MEETING_FORMAT = "%Y-%m-%d %H:%M"
_SHOWN = 40  # characters of the input a message quotes
_TOO_LATE = f"is after 2100; give a date up to {LATEST.isoformat()}"


class DateError(ValueError):
    """What a user typed is not a date that makes sense here; the message says why."""


class _AfterLatest(Exception):
    """A relative date too far ahead to compute."""


def _shown(text: str) -> str:
    """`text` as a message may quote it: one line, printable, not endless."""
    line = "".join(c if c.isprintable() else "?" for c in " ".join(text.split()))
    return line if len(line) <= _SHOWN else line[: _SHOWN - 1] + "…"


def _day(value: str, today: date) -> date | None:
    """The date `value` (lower case, stripped) names, None if it names none.

    Raises _AfterLatest for a relative date beyond LATEST, before computing it.
    """
    relative = _RELATIVE.match(value)
    if relative:
        digits, unit = relative.group(1).lstrip("0") or "0", relative.group(2)
        days = int(digits) * (7 if unit == "w" else 1) if len(digits) <= _RELATIVE_DIGITS else None
        if days is None or today > LATEST or days > (LATEST - today).days:
            raise _AfterLatest
        return today + timedelta(days=days)
    if value in _NAMED or value in _WEEKDAYS:
        weekday = _WEEKDAYS.get(value, 0)
        ahead = _NAMED.get(value, (weekday - today.weekday()) % 7 or 7)
        if today > LATEST - timedelta(days=ahead):
            raise _AfterLatest
        return today + timedelta(days=ahead)
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None  # not ISO either: the caller's message lists every form


def parse_due(text: str, today: date, *, allow: date | None = None) -> date:
    """The due date `text` means, counted from `today`; a weekday means its next occurrence.

    Refuses a date before `today` or after 2100 with a DateError that says so.
    `allow` is the due date a follow-up being changed has already: it stays
    acceptable even once it has passed, so a follow-up can be edited without
    moving its date.
    """
    shown, value = _shown(text), " ".join(text.split()).lower()
    if not value:
        raise DateError(f"no date given; give {DUE_HELP}")
    try:
        due = _day(value, today)
    except _AfterLatest:
        raise DateError(f'"{shown}" {_TOO_LATE}') from None
    if due is None:
        raise DateError(f'"{shown}" is not a date; give {DUE_HELP}')
    if due == allow:
        return due
    if due > LATEST:
        raise DateError(f'"{shown}" {_TOO_LATE}')
    if due < today:
        raise DateError(f'"{shown}" is in the past; give today or a later date')
    return due


def parse_meeting(text: str, now: datetime, zone: ZoneInfo | None = None) -> datetime:
    """The meeting time `text` means, as wall-clock time in `zone` (aware, keeping it).

    `zone` defaults to the machine's (a fixed offset where that has no name).
    `text` is a date in any form `parse_due` understands, then a 24-hour time:
    `2027-02-05 17:00`, `2027-02-05T17:00`, `friday 17:00`, `+4w 17:00`; days are
    counted from today in `zone`. Refuses a time before the current minute of `now`,
    a date after 2100 or a time the clocks skip in `zone` with a DateError that says so.
    """
    shown, value = _shown(text), " ".join(text.split()).lower()
    malformed = DateError(f'"{shown}" is not a date and time; give {MEETING_HELP}')
    if not value:
        raise DateError(f"no date and time given; give {MEETING_HELP}")
    match = _MEETING.match(value)
    if not match:
        raise malformed
    zone = zone or machine_zone()
    today = now.astimezone(zone).date()
    try:
        day = _day(match.group("day"), today)
    except _AfterLatest:
        raise DateError(f'"{shown}" {_TOO_LATE}') from None
    if day is None:
        raise malformed
    try:
        at = time(int(match.group("hour")), int(match.group("minute")))
    except ValueError:
        raise malformed from None
    # Checked before the conversion to local time, which fails near the years 1 and 9999.
    if day > LATEST:
        raise DateError(f'"{shown}" {_TOO_LATE}')
    if day < today:
        raise DateError(f'"{shown}" is in the past; give a later date and time')
    when = wall_clock(day, at, zone)
    if not exists(when):
        raise DateError(
            f'"{shown}" does not exist in {zone_of(when) or "this time zone"}: '
            "the clocks skip that hour; give another time"
        )
    if when < now.replace(second=0, microsecond=0):
        raise DateError(f'"{shown}" is in the past; give a later date and time')
    return when


def on_the_half_hour(when: datetime) -> datetime:
    """`when` with its minutes put back to the full or half hour: 17:13 gives 17:00."""
    return when.replace(minute=0 if when.minute < 30 else 30, second=0, microsecond=0)


def next_in_series(planned: datetime, cadence: Cadence, now: datetime) -> datetime | None:
    """The first meeting after `now` in the series through `planned`: whole cadences after
    it, at the same time of day in the zone it was planned in (so a weekly series keeps
    its weekday); the machine's for a time without a zone.

    None when the series would run past 2100.
    """
    zone = zone_of(planned) or machine_zone()
    local = planned.astimezone(zone)
    steps = 0
    while True:
        day = cadence.after(local.date(), steps)
        if day.year > LAST_YEAR:
            return None
        when = wall_clock(day, local.time().replace(tzinfo=None), zone)
        if when > now:
            return when
        steps += 1


def suggest_meeting(
    planned: datetime | None, held: list[datetime], cadence: Cadence | None, now: datetime
) -> datetime | None:
    """The next meeting to offer: the planned one while ahead, else the next in its series.

    Without a plan, one cadence after the last meeting held, at its half hour; None
    for a tandem that never met and has nothing planned.
    """
    if planned is not None and planned > now:
        return planned
    cadence = cadence or Cadence.EVERY_4_WEEKS
    if planned is None and held:
        last = max(held).astimezone()
        planned = on_the_half_hour(last)
    return next_in_series(planned, cadence, now) if planned is not None else None
