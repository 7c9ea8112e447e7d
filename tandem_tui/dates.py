"""Dates and meeting times as people type them, in English or German, checked for sense.

Due dates: `2026-12-01`, `31.12.2027`, `5.2.27`, `31.12.`, `+3d`, `+2w`, `today`,
`tomorrow`, `heute`, `morgen`, `übermorgen`, `friday`, `Freitag`, `Fr`; any case.
Meeting times: a due date's forms followed by a 24-hour time, `2027-02-05 17:00`,
`5.2.2027 17:00`, `friday 17:00`, `morgen 17 Uhr`, `5.2. 17:30 Uhr`; or a time alone,
`17:00`, `17 Uhr`, for today.

A two-digit year is in this century (`27` is 2027); a date without a year
(`31.12.`) is the next one that has not passed: this year's, else next year's.

Nothing here may raise anything but `DateError` on what a user typed: no date
after 2100 is accepted (so later arithmetic, such as a series of meetings or an
all-day event's end, never overflows), and neither is a date in the past, unless
it is the one a follow-up already had.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from tandem_tui import i18n
from tandem_tui.i18n import N_, Speech
from tandem_tui.model import Cadence
from tandem_tui.zones import exists, machine_zone, wall_clock, zone_of

LATEST = date(2100, 12, 31)
LAST_YEAR = LATEST.year
"""The last date accepted anywhere a date is typed."""

# Days and weeks ahead, as either language writes them: +3d, +3t, +3 Tage, +2w, +2 weeks.
_RELATIVE = re.compile(r"^\+\s*(\d+)\s*(d|days?|t|tag|tage|tagen|w|weeks?|wochen?)$")
_RELATIVE_DIGITS = 6  # more digits than this is centuries ahead: after 2100 in any case
_ISO_DAY = re.compile(r"^(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})$")
# German order, day first: `31.12.2027`, `5.2.27`, `31.12.` (the next one to come).
_GERMAN_DAY = re.compile(r"^(?P<day>\d{1,2})\.(?P<month>\d{1,2})\.(?P<year>\d{4}|\d{2})?$")
_TIME = (
    r"(?:(?P<hour>\d{1,2}):(?P<minute>\d{2})(?:\s*uhr)?"  # 17:00, 17:30 Uhr
    r"|(?P<uhr_hour>\d{1,2})(?:\.(?P<uhr_minute>\d{2}))?\s*uhr)"  # 17 Uhr, 17.30 Uhr
)
_MEETING = re.compile(rf"^(?:(?P<day>.+?)(?:\s+|(?<=\d)t))?{_TIME}$")
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
_NAMED = {
    "today": 0,
    "heute": 0,
    "tomorrow": 1,
    "morgen": 1,
    "übermorgen": 2,
    "uebermorgen": 2,
}

# Every text of this module, in one place: marked here, translated where a refusal is
# written, into the language of the `speech` a parser is given (the chrome's if none).
# TRANSLATORS: the forms a due date may be typed in; the examples are typed as they are.
DUE_HELP = N_(
    "a date like 2026-12-01, 31.12.2026, 31.12., +3d, +2w, today, morgen "
    "or a weekday like friday or Fr"
)
# TRANSLATORS: the forms a meeting time may be typed in; the examples are typed as they are.
MEETING_HELP = N_(
    "a date and time like 2027-02-05 17:00, 5.2.2027 17:00, friday 17:00, "
    "morgen 17 Uhr or +4w 17:00"
)
MEETING_FORMAT = "%Y-%m-%d %H:%M"
_SHOWN = 40  # characters of the input a message quotes
_TOO_LATE = N_('"{shown}" is after 2100; give a date up to {latest}')
_NO_DUE = N_("no date given; give {forms}")
_NOT_DUE = N_('"{shown}" is not a date; give {forms}')
_NO_MEETING = N_("no date and time given; give {forms}")
_NOT_MEETING = N_('"{shown}" is not a date and time; give {forms}')
# TRANSLATORS: {month} is the month's name, {year} its year: "February 2027 has 28 days".
_NO_SUCH_DAY = N_('"{shown}" is not a date: {month} {year} has {days} days')
_DUE_PASSED = N_('"{shown}" is in the past; give today or a later date')
_MEETING_PASSED = N_('"{shown}" is in the past; give a later date and time')
# TRANSLATORS: {zone} is a time zone's name (Europe/Berlin) or "this time zone".
_SKIPPED = N_('"{shown}" does not exist in {zone}: the clocks skip that hour; give another time')
_THIS_ZONE = N_("this time zone")


def _say(speech: Speech | None, text: str, **values: object) -> str:
    """A refusal in `speech`'s language (the chrome's if None), its blanks filled in:
    the forms a value may take are given by their untranslated text (`DUE_HELP`)."""
    speech = speech or i18n.chrome()
    if isinstance(values.get("forms"), str):
        values["forms"] = speech.gettext(str(values["forms"]))
    return speech.gettext(text).format(latest=speech.numeric_day(LATEST), **values)


def _month_name(month: int, speech: Speech | None) -> str:
    """ "February"; "Februar" in German (Babel's names, loaded only for a refusal)."""
    speech = speech or i18n.chrome()
    if speech.base == i18n.ENGLISH:
        return _MONTHS[month - 1]
    from babel.dates import get_month_names

    return str(get_month_names("wide", locale=speech.language)[month])


_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


class DateError(ValueError):
    """What a user typed is not a date that makes sense here; the message says why."""


class _AfterLatest(Exception):
    """A relative date too far ahead to compute."""


class _NoSuchDay(Exception):
    """A day the month does not have: 31 February; the message's parts."""

    def __init__(self, month: int, year: int) -> None:
        super().__init__(month, year)
        self.month, self.year = month, year

    def message(self, shown: str, speech: Speech | None) -> str:
        days = calendar.monthrange(self.year, self.month)[1]
        month = _month_name(self.month, speech)
        return _say(speech, _NO_SUCH_DAY, shown=shown, month=month, year=self.year, days=days)


def _shown(text: str) -> str:
    """`text` as a message may quote it: one line, printable, not endless."""
    line = "".join(c if c.isprintable() else "?" for c in " ".join(text.split()))
    return line if len(line) <= _SHOWN else line[: _SHOWN - 1] + "…"


def _typed(text: str) -> str:
    """`text` as the patterns read it: lower case, single spaces, `ü` as one character."""
    return " ".join(unicodedata.normalize("NFC", text).split()).lower()


def _calendar_day(year: int, month: int, day: int) -> date | None:
    """The date, None for a month or day that no calendar has (month 13, day 0 or 32).

    Raises _NoSuchDay for a day this month lacks (30 February), _AfterLatest after 2100.
    """
    if not 1 <= month <= 12 or not 1 <= day <= 31 or year < 1:
        return None
    if year > LAST_YEAR:
        raise _AfterLatest
    if day > calendar.monthrange(year, month)[1]:
        raise _NoSuchDay(month, year)
    return date(year, month, day)


def _german_day(day: int, month: int, year: str | None, today: date) -> date | None:
    """`31.12.2027`, `31.12.27` (this century) or `31.12.` (this year's if it has not
    passed, else next year's: `29.2.` then needs that year to be a leap year)."""
    if year is not None:
        return _calendar_day(int(year) + (2000 if len(year) == 2 else 0), month, day)
    ahead = (month, day) >= (today.month, today.day)
    return _calendar_day(today.year if ahead else today.year + 1, month, day)


def _day(value: str, today: date) -> date | None:
    """The date `value` (as `_typed` gives it) names, None if it names none.

    Raises _AfterLatest for a date beyond LATEST (a relative one before computing it),
    _NoSuchDay for a day its month lacks.
    """
    relative = _RELATIVE.match(value)
    if relative:
        digits, unit = relative.group(1).lstrip("0") or "0", relative.group(2)
        weeks = unit.startswith("w")
        days = int(digits) * (7 if weeks else 1) if len(digits) <= _RELATIVE_DIGITS else None
        if days is None or today > LATEST or days > (LATEST - today).days:
            raise _AfterLatest
        return today + timedelta(days=days)
    if value in _NAMED or value in _WEEKDAYS:
        weekday = _WEEKDAYS.get(value, 0)
        ahead = _NAMED.get(value, (weekday - today.weekday()) % 7 or 7)
        if today > LATEST - timedelta(days=ahead):
            raise _AfterLatest
        return today + timedelta(days=ahead)
    german = _GERMAN_DAY.match(value)
    if german:
        day, month = int(german.group("day")), int(german.group("month"))
        return _german_day(day, month, german.group("year"), today)
    iso = _ISO_DAY.match(value)
    if iso:
        return _calendar_day(int(iso.group("year")), int(iso.group("month")), int(iso.group("day")))
    try:
        return date.fromisoformat(value)  # the other ISO forms: 20261201, 2026-W49-1
    except ValueError:
        return None  # not ISO either: the caller's message lists every form


def parse_due(
    text: str, today: date, *, allow: date | None = None, speech: Speech | None = None
) -> date:
    """The due date `text` means, counted from `today`; a weekday means its next occurrence.

    Refuses a date before `today` or after 2100 with a DateError that says so.
    `allow` is the due date a follow-up being changed has already: it stays
    acceptable even once it has passed, so a follow-up can be edited without
    moving its date.
    """
    shown, value = _shown(text), _typed(text)
    if not value:
        raise DateError(_say(speech, _NO_DUE, forms=DUE_HELP))
    try:
        due = _day(value, today)
    except _AfterLatest:
        raise DateError(_say(speech, _TOO_LATE, shown=shown)) from None
    except _NoSuchDay as impossible:
        raise DateError(impossible.message(shown, speech)) from None
    if due is None:
        raise DateError(_say(speech, _NOT_DUE, shown=shown, forms=DUE_HELP))
    if due == allow:
        return due
    if due > LATEST:
        raise DateError(_say(speech, _TOO_LATE, shown=shown))
    if due < today:
        raise DateError(_say(speech, _DUE_PASSED, shown=shown))
    return due


def parse_meeting(
    text: str, now: datetime, zone: ZoneInfo | None = None, *, speech: Speech | None = None
) -> datetime:
    """The meeting time `text` means, as wall-clock time in `zone` (aware, keeping it).

    `zone` defaults to the machine's (a fixed offset where that has no name).
    `text` is a date in any form `parse_due` understands, then a 24-hour time:
    `2027-02-05 17:00`, `2027-02-05T17:00`, `5.2.2027 17:00`, `friday 17:00`,
    `morgen 17 Uhr`, `+4w 17:00`; or a time alone (`17:00`, `17 Uhr`) for today.
    Days are counted from today in `zone`. Refuses a time before the current minute
    of `now`, a date after 2100 or a time the clocks skip in `zone` with a DateError
    that says so.
    """
    shown, value = _shown(text), _typed(text)
    malformed = DateError(_say(speech, _NOT_MEETING, shown=shown, forms=MEETING_HELP))
    if not value:
        raise DateError(_say(speech, _NO_MEETING, forms=MEETING_HELP))
    match = _MEETING.match(value)
    if not match:
        raise malformed
    zone = zone or machine_zone()
    today = now.astimezone(zone).date()
    try:
        day = _day(match.group("day"), today) if match.group("day") else today
    except _AfterLatest:
        raise DateError(_say(speech, _TOO_LATE, shown=shown)) from None
    except _NoSuchDay as impossible:
        raise DateError(impossible.message(shown, speech)) from None
    if day is None:
        raise malformed
    hour = match.group("hour") or match.group("uhr_hour")
    minute = match.group("minute") or match.group("uhr_minute") or "0"
    try:
        at = time(int(hour), int(minute))
    except ValueError:
        raise malformed from None
    # Checked before the conversion to local time, which fails near the years 1 and 9999.
    if day > LATEST:
        raise DateError(_say(speech, _TOO_LATE, shown=shown))
    if day < today:
        raise DateError(_say(speech, _MEETING_PASSED, shown=shown))
    when = wall_clock(day, at, zone)
    if not exists(when):
        zone_name = zone_of(when) or (speech or i18n.chrome()).gettext(_THIS_ZONE)
        raise DateError(_say(speech, _SKIPPED, shown=shown, zone=zone_name))
    if when < now.replace(second=0, microsecond=0):
        raise DateError(_say(speech, _MEETING_PASSED, shown=shown))
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
