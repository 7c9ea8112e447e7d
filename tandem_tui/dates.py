"""Due dates as people type them: `2026-12-01`, `+3d`, `+2w`, `today`, `tomorrow`, `friday`."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

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
LAST_YEAR = 2100


def parse_meeting(text: str, now: datetime) -> datetime:
    """A meeting time as typed (`2027-02-05 17:00`, local time), never in the past."""
    try:
        when = datetime.strptime(text.strip(), MEETING_FORMAT).astimezone()
    except (ValueError, OverflowError):
        raise DateError(
            f'"{text.strip()}" is not a date and time; give it like 2027-02-05 17:00'
        ) from None
    if when.year >= LAST_YEAR:
        raise DateError(f"{when:%Y-%m-%d} is after 2100; give a date before 2100")
    if when < now:
        raise DateError(f"{when:%Y-%m-%d %H:%M} is in the past; give a time to come")
    return when
