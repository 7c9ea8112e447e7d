"""The cohort overview for facilitators: progress in counts, dates and ratings.

Built from what `Store.summary` and the sessions' feedback ratings hold; it never
reads a note, a follow-up's text or a feedback takeaway, so none can leak into a
report, its JSON or the overview screen.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from tandem_tui.library import Library
from tandem_tui.model import Cadence
from tandem_tui.store import Store, TandemSummary
from tandem_tui.wording import count

OVERDUE_CADENCES = 1.5  # no meeting for longer than this many cadences: overdue


class TandemStatus(StrEnum):
    """Where a tandem stands, in one word for the STATUS column; the first that applies."""

    FINISHED = "finished"  # every session of its program held
    OVERDUE = "overdue"  # no meeting for more than one and a half cadences
    MEETING = "meeting"  # a session is started and not ended
    NOT_STARTED = "not-started"  # registered, no session held yet, not overdue
    ON_TRACK = "on-track"


@dataclass(frozen=True)
class TandemReport:
    id: str
    mentor: str
    mentee: str
    program: str
    sessions_held: int
    sessions_planned: int | None
    last_met: date | None
    next_meeting: datetime | None
    days_without_meeting: int
    overdue: bool
    open_followups: int
    overdue_followups: int
    useful: float | None  # the average of every rating given, 1 to 5
    eye_level: float | None
    running_session: int | None = None

    @property
    def status(self) -> TandemStatus:
        if self.sessions_planned is not None and self.sessions_held >= self.sessions_planned:
            return TandemStatus.FINISHED
        if self.overdue:
            return TandemStatus.OVERDUE
        if self.running_session is not None:
            return TandemStatus.MEETING
        if self.sessions_held == 0:
            return TandemStatus.NOT_STARTED
        return TandemStatus.ON_TRACK

    @property
    def status_text(self) -> str:
        """The status as the report prints it: `OVERDUE (43 days)`, `on track`."""
        status = self.status
        if status is TandemStatus.OVERDUE:
            return f"OVERDUE ({count(self.days_without_meeting, 'day')})"
        if status is TandemStatus.MEETING:
            return f"session {self.running_session} open"
        return status.value.replace("-", " ")

    def to_doc(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "mentor": self.mentor,
            "mentee": self.mentee,
            "program": self.program,
            "sessions_held": self.sessions_held,
            "sessions_planned": self.sessions_planned,
            "last_met": self.last_met.isoformat() if self.last_met else None,
            "next_meeting": self.next_meeting.isoformat() if self.next_meeting else None,
            "days_without_meeting": self.days_without_meeting,
            "overdue": self.overdue,
            "status": self.status.value,
            "running_session": self.running_session,
            "open_followups": self.open_followups,
            "overdue_followups": self.overdue_followups,
            "feedback_useful": _round(self.useful),
            "feedback_eye_level": _round(self.eye_level),
        }


@dataclass(frozen=True)
class SessionRatings:
    """The cohort's ratings of session number N, across every tandem that held it."""

    number: int
    useful: float | None
    eye_level: float | None
    ratings: int  # how many partners rated it

    def to_doc(self) -> dict[str, Any]:
        return {
            "session": self.number,
            "useful": _round(self.useful),
            "eye_level": _round(self.eye_level),
            "ratings": self.ratings,
        }


@dataclass(frozen=True)
class CohortReport:
    today: date
    tandems: list[TandemReport]
    sessions: list[SessionRatings]
    unreadable: list[str]  # tandems whose files could not be read: named, not guessed

    @property
    def summary(self) -> str:
        held = sum(t.sessions_held for t in self.tandems)
        planned = sum(t.sessions_planned or 0 for t in self.tandems)
        overdue = sum(t.overdue for t in self.tandems)
        late = sum(t.overdue_followups for t in self.tandems)
        open_ = sum(t.open_followups for t in self.tandems)
        ratings = [t.useful for t in self.tandems if t.useful is not None]
        useful = f", usefulness {statistics.fmean(ratings):.1f} of 5" if ratings else ""
        return (
            f"{count(len(self.tandems), 'tandem')}, {held} of {count(planned, 'session')} held, "
            f"{overdue} overdue, {count(open_, 'open follow-up')} ({late} late){useful}"
        )

    def to_doc(self) -> dict[str, Any]:
        return {
            "today": self.today.isoformat(),
            "summary": self.summary,
            "tandems": [t.to_doc() for t in self.tandems],
            "sessions": [s.to_doc() for s in self.sessions],
            "unreadable": self.unreadable,
        }


def _round(value: float | None) -> float | None:
    return round(value, 2) if value is not None else None


def _mean(values: list[int]) -> float | None:
    return statistics.fmean(values) if values else None


def is_overdue(last: date, cadence: Cadence, today: date) -> bool:
    """More than one and a half cadences without a meeting."""
    return (today - last).days > cadence.days * OVERDUE_CADENCES


def cohort_report(store: Store, library: Library, today: date) -> CohortReport:
    summaries, problems = store.summaries(today)
    rows: list[TandemReport] = []
    by_number: dict[int, tuple[list[int], list[int]]] = {}
    for summary in summaries:
        rows.append(_tandem_report(library, summary, today, by_number))
    sessions = [
        SessionRatings(number, _mean(useful), _mean(eye), len(useful))
        for number, (useful, eye) in sorted(by_number.items())
    ]
    return CohortReport(today, rows, sessions, [str(p) for p in problems])


def _tandem_report(
    library: Library,
    summary: TandemSummary,
    today: date,
    by_number: dict[int, tuple[list[int], list[int]]],
) -> TandemReport:
    """One tandem's row, from its summary alone: the tandem's files are not read."""
    tandem = summary.tandem
    program = library.programs.get(tandem.program)
    cadence = program.cadence if program else Cadence.EVERY_4_WEEKS
    useful: list[int] = []
    eye: list[int] = []
    for number, useful_rating, eye_rating in summary.ratings:
        useful.append(useful_rating)
        eye.append(eye_rating)
        cohort = by_number.setdefault(number, ([], []))
        cohort[0].append(useful_rating)
        cohort[1].append(eye_rating)
    last_met = date.fromisoformat(summary.last_met) if summary.last_met else None
    since = last_met or tandem.created_at.astimezone().date()
    finished = program is not None and summary.sessions_held >= len(program.sessions)
    return TandemReport(
        id=tandem.id,
        mentor=tandem.mentor.name,
        mentee=tandem.mentee.name,
        program=tandem.program,
        sessions_held=summary.sessions_held,
        sessions_planned=len(program.sessions) if program else None,
        last_met=last_met,
        next_meeting=tandem.next_meeting,
        days_without_meeting=(today - since).days,
        overdue=not finished and is_overdue(since, cadence, today),
        open_followups=summary.open_followups,
        overdue_followups=summary.overdue_followups,
        useful=_mean(useful),
        eye_level=_mean(eye),
        running_session=summary.running_session,
    )


def rating_bar(value: float | None, width: int = 20) -> str:
    """`██████████████▌      ` for 3.6 of 5: a bar any terminal shows."""
    if value is None:
        return " " * width
    eighths = round(value / 5 * width * 8)
    full, rest = divmod(eighths, 8)
    partial = " ▏▎▍▌▋▊▉"[rest] if rest else ""
    return ("█" * full + partial).ljust(width)
