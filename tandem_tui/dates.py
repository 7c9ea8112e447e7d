"""Dates as people type them.

Due dates: `2026-12-01`, `+3d`, `+2w`, `today`, `tomorrow`, `friday`.
Meetings: `2027-02-05 17:00`, in the machine's local time.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from tandem_tui.model import Cadence

_RELATIVE = re.compile(r"^\+\s*(\d{1,4})\s*([dw])$")
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


class DateError(ValueError):
    pass


def parse_due(text: str, today: date) -> date:
    """The date `text` means, counted from `today`; a weekday means its next occurrence."""
    value = text.strip().lower()
    if not value:
        raise DateError(f"no date given; give {DUE_HELP}")
    relative = _RELATIVE.match(value)
    if relative:
        amount, unit = int(relative.group(1)), relative.group(2)
        return today + (timedelta(days=amount) if unit == "d" else timedelta(weeks=amount))
    if value in _NAMED:
        return today + timedelta(days=_NAMED[value])
    if value in _WEEKDAYS:
        ahead = (_WEEKDAYS[value] - today.weekday()) % 7 or 7
        return today + timedelta(days=ahead)
    try:
        return date.fromisoformat(value)
    except ValueError:
        pass  # not ISO either: fall through to the message that lists every form
    raise DateError(f'"{text.strip()}" is not a date; give {DUE_HELP}')


MEETING_FORMAT = "%Y-%m-%d %H:%M"
MEETING_EXAMPLE = "2027-02-05 17:00"
LAST_YEAR = 2100


def parse_meeting(text: str, now: datetime) -> datetime:
    """`2027-02-05 17:00` in local time, as an aware datetime; never in the past, nor after 2100."""
    value = text.strip()
    try:
        naive = datetime.strptime(value, MEETING_FORMAT)
    except ValueError:
        raise DateError(
            f'"{value}" is not a date and time; give it like {MEETING_EXAMPLE}'
            if value
            else f"no date given; give it like {MEETING_EXAMPLE}"
        ) from None
    if naive.year > LAST_YEAR:
        raise DateError(f"{value} is after {LAST_YEAR}; give a date before then")
    if naive < now.astimezone().replace(tzinfo=None, second=0, microsecond=0):
        raise DateError(f"{value} is in the past; give a time from now on")
    return naive.astimezone()


def next_in_series(planned: datetime, cadence: Cadence, now: datetime) -> datetime | None:
    """The first meeting after `now` in the series through `planned`: whole cadences after
    it, at the same time of day (so a weekly series keeps its weekday).

    None when the series would run past 2100.
    """
    local = planned.astimezone()
    steps = 0
    while True:
        day = cadence.after(local.date(), steps)
        if day.year > LAST_YEAR:
            return None
        when = datetime.combine(day, local.time().replace(tzinfo=None)).astimezone()
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
        planned = last.replace(minute=0 if last.minute < 30 else 30, second=0, microsecond=0)
    return next_in_series(planned, cadence, now) if planned is not None else None
