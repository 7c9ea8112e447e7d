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

from tandem_tui.i18n import ENGLISH, N_, Speech, chrome, speech
from tandem_tui.library import Library
from tandem_tui.model import Cadence
from tandem_tui.store import Store, TandemSummary

OVERDUE_CADENCES = 1.5  # no meeting for longer than this many cadences: overdue


class TandemStatus(StrEnum):
    """Where a tandem stands, in one word for the STATUS column; the first that applies."""

    FINISHED = "finished"  # every session of its program held
    OVERDUE = "overdue"  # no meeting for more than one and a half cadences
    MEETING = "meeting"  # a session is started and not ended
    NOT_STARTED = "not-started"  # registered, no session held yet, not overdue
    ON_TRACK = "on-track"


# A status in the words the report's STATUS column prints (OVERDUE and MEETING say more).
_STATUS_WORDS = {
    TandemStatus.FINISHED: N_("finished"),
    TandemStatus.NOT_STARTED: N_("not started"),
    TandemStatus.ON_TRACK: N_("on track"),
}


def decimal(value: float, words: Speech | None = None) -> str:
    """A rating with one decimal as the language writes it (the chrome's unless `words`
    is given): `3.5`; `3,5` in German."""
    text = f"{value:.1f}"
    return text if (words or chrome()).base == ENGLISH else text.replace(".", ",")


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
        """The status as the report prints it, in the chrome's language: `OVERDUE (43
        days)`, `on track`."""
        words = chrome()
        status = self.status
        if status is TandemStatus.OVERDUE:
            days = self.days_without_meeting
            return words.ngettext("OVERDUE ({count} day)", "OVERDUE ({count} days)", days).format(
                count=days
            )
        if status is TandemStatus.MEETING:
            return words.gettext("session {number} open").format(number=self.running_session)
        return words.gettext(_STATUS_WORDS[status])

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
        """The cohort in one line, in the chrome's language."""
        return self.summary_in(chrome())

    def summary_in(self, words: Speech) -> str:
        """The cohort in one line: `34 tandems, 22 of 204 sessions held, 23 overdue, ...`."""
        tandems = len(self.tandems)
        held = sum(t.sessions_held for t in self.tandems)
        planned = sum(t.sessions_planned or 0 for t in self.tandems)
        overdue = sum(t.overdue for t in self.tandems)
        late = sum(t.overdue_followups for t in self.tandems)
        open_ = sum(t.open_followups for t in self.tandems)
        ratings = [t.useful for t in self.tandems if t.useful is not None]
        parts = {
            "tandems": words.ngettext("{count} tandem", "{count} tandems", tandems).format(
                count=tandems
            ),
            "sessions": words.ngettext(
                "{held} of {count} session held", "{held} of {count} sessions held", planned
            ).format(held=held, count=planned),
            "overdue": overdue,
            "followups": words.ngettext(
                "{count} open follow-up ({late} late)",
                "{count} open follow-ups ({late} late)",
                open_,
            ).format(count=open_, late=late),
        }
        if not ratings:
            return words.gettext("{tandems}, {sessions}, {overdue} overdue, {followups}").format(
                **parts
            )
        return words.gettext(
            "{tandems}, {sessions}, {overdue} overdue, {followups}, usefulness {useful} of 5"
        ).format(**parts, useful=decimal(statistics.fmean(ratings), words))

    def to_doc(self) -> dict[str, Any]:
        return {
            "today": self.today.isoformat(),
            "summary": self.summary_in(speech(ENGLISH)),  # JSON for scripts: English
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
