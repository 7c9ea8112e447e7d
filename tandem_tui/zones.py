"""Time zones by their IANA names: the machine's, one a user names, the one a meeting keeps.

A planned meeting keeps the zone it was planned in as its `tzinfo`, a `ZoneInfo`: the
series after it stays at the same wall-clock time there, across daylight saving, on
whichever machine it is exported. A time with only a fixed offset from UTC (stored
before meetings kept their zone, or planned on a machine whose zone has no name) has
no zone: the machine's stands in for it. Core module: no Textual.

The messages speak the chrome's language.
"""

from __future__ import annotations

import os
import re
from datetime import UTC, date, datetime, time, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from tandem_tui import i18n
from tandem_tui.i18n import N_, _

#: What an IANA zone name looks like (Europe/Berlin, America/Argentina/Buenos_Aires,
#: Etc/GMT+1, UTC); checked before a name is looked up among the zone files.
NAME_PATTERN = re.compile(r"^[A-Za-z][A-Za-z0-9_+\-]*(?:/[A-Za-z0-9_+\-]+){0,3}$")
MAX_NAME = 64
#: What a zone is given as, in messages and --help: marked here, translated where shown
#: (`_(NAME_HELP)`).
NAME_HELP = N_("an IANA name such as Europe/Berlin, or UTC")
_SHOWN = 40  # characters of a wrong name a message quotes


class UnknownZone(ValueError):
    """A zone name this machine does not know; the message says what to give."""


def find_zone(name: str) -> ZoneInfo:
    """The zone called `name` (Europe/Berlin; UTC in any case), else UnknownZone."""
    name = name.strip()
    if name.upper() == "UTC":
        return ZoneInfo("UTC")
    if len(name) <= MAX_NAME and NAME_PATTERN.match(name):
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: a folder, as "Europe"
            pass
    shown = "".join(c if c.isprintable() else "?" for c in name)
    shown = shown if len(shown) <= _SHOWN else shown[: _SHOWN - 1] + "…"
    chrome = i18n.chrome()
    quoted = repr(shown) if chrome.base == i18n.ENGLISH else chrome.quote(shown)
    raise UnknownZone(
        _("unknown time zone {name}; give an IANA name such as Europe/Berlin, or UTC").format(
            name=quoted
        )
    )


def _zone_from_env() -> ZoneInfo | None:
    """The zone TZ names (`Europe/Berlin`, `:Europe/Berlin`, a zone file's path), if any.

    Read on every call, as the C library does after `tzset`: tzlocal keeps the first
    answer it found for the life of the process.
    """
    value = os.environ.get("TZ", "").removeprefix(":")
    if os.path.isabs(value):
        value = value.partition("/zoneinfo/")[2]
    if not value:
        return None
    try:
        return find_zone(value)
    except UnknownZone:
        return None  # a POSIX rule such as CET-1CEST: no name to keep


def machine_zone() -> ZoneInfo | None:
    """This machine's zone by its IANA name; None when it has none that can be named."""
    zone = _zone_from_env()
    if zone is not None:
        return zone
    try:
        from tzlocal import get_localzone_name

        name = get_localzone_name()
    except Exception:  # no zone configured, conflicting ones, or one tzlocal cannot name
        return None
    if not name:
        return None
    try:
        return find_zone(name)
    except UnknownZone:
        return None


def local_zone() -> tzinfo:
    """The machine's zone by its IANA name, so daylight saving stays right; else UTC."""
    return machine_zone() or UTC


def zone_of(when: datetime | None) -> ZoneInfo | None:
    """The zone a planned time keeps; None for a fixed offset (or no time)."""
    if when is None:
        return None
    zone = when.tzinfo
    return zone if isinstance(zone, ZoneInfo) and zone.key is not None else None


def zone_name(when: datetime | None) -> str | None:
    """The IANA name of the zone a planned time keeps, as it is stored; None for none."""
    zone = zone_of(when)
    return zone.key if zone is not None else None


def in_zone(when: datetime | None, name: str | None) -> datetime | None:
    """`when` (an aware time as stored) in the zone called `name`, keeping the instant.

    Without a name, or with one this machine does not know, `when` stays as it is: a
    fixed offset, right as an instant, only without a zone for the series after it.
    """
    if when is None or not name:
        return when
    try:
        return when.astimezone(find_zone(name))
    except UnknownZone:
        return when


def wall_clock(day: date, at: time, zone: ZoneInfo | None = None) -> datetime:
    """`day` at `at` in `zone`, by default the machine's zone.

    Where the machine's zone has no name, the local time as the C library has it,
    as a fixed offset.
    """
    zone = zone or machine_zone()
    if zone is None:
        return datetime.combine(day, at).astimezone()
    return datetime.combine(day, at, tzinfo=zone)


def exists(when: datetime) -> bool:
    """Whether the wall-clock time of `when` happens in its zone: not in the hour skipped
    when the clocks go forward (02:30 on the last Sunday of March in Berlin)."""
    return when.astimezone(UTC).astimezone(when.tzinfo).replace(tzinfo=None) == when.replace(
        tzinfo=None
    )


def shown_zone(when: datetime) -> str:
    """The zone of `when` as a message names it: its IANA name, else its offset (UTC+01:00)."""
    name = zone_name(when)
    if name is not None:
        return name
    offset = when.strftime("%z")
    return f"UTC{offset[:3]}:{offset[3:]}" if offset else "UTC"
