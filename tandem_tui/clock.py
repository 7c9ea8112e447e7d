"""Time for the meeting: a monotonic clock for timers and a wall clock for dates, both injectable.

Timers never count ticks: they subtract monotonic readings, so a busy event
loop or a suspended laptop cannot make them drift. Tests pass a `ManualClock`
and move time forward instead of sleeping.
"""

from __future__ import annotations

import time
from datetime import datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    def monotonic(self) -> float:
        """Seconds on a clock that never goes backwards."""
        ...

    def now(self) -> datetime:
        """The local wall-clock time, timezone-aware."""
        ...


class SystemClock:
    def monotonic(self) -> float:
        return time.monotonic()

    def now(self) -> datetime:
        return datetime.now().astimezone()


class ManualClock:
    """A clock that moves only when told to: for tests and benchmarks."""

    def __init__(self, start: datetime | None = None) -> None:
        self._seconds = 1000.0
        self._start_wall = start or datetime(2026, 11, 27, 17, 0).astimezone()
        self._start_seconds = self._seconds

    def monotonic(self) -> float:
        return self._seconds

    def now(self) -> datetime:
        return self._start_wall + timedelta(seconds=self._seconds - self._start_seconds)

    def advance(self, seconds: float) -> None:
        if seconds < 0:
            raise ValueError("a clock does not go backwards")
        self._seconds += seconds


def format_seconds(seconds: float, *, hours: bool | None = None) -> str:
    """`m:ss`, or `h:mm:ss` from an hour on (or always, with `hours=True`).

    Overtime is shown by the caller with a `+`. Times shown side by side take the
    same form: see `format_pair`.
    """
    whole = int(abs(seconds))
    whole_hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    if whole_hours if hours is None else hours:
        return f"{whole_hours}:{minutes:02d}:{secs:02d}"
    return f"{whole_hours * 60 + minutes}:{secs:02d}"


def format_pair(used: float, planned: float) -> tuple[str, str]:
    """Two times in one form: `1:15` and `61:00` never become `1:15 of 1:01:00`."""
    hours = max(abs(used), abs(planned)) >= 3600
    return format_seconds(used, hours=hours), format_seconds(planned, hours=hours)
