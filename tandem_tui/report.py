"""The cohort overview for facilitators: progress in counts, dates and ratings.

Built from what `Store.summaries` and the sessions' feedback ratings hold; it never
reads a note, a follow-up's text or a feedback takeaway, so none can leak into a
report, its JSON or the overview screen.

Each tandem's row is made from its `TandemProgress` for the day asked: the same from
this machine's data as from the cohort calendar its syncs write to (sync/cohort.py),
so the facilitator's `report --cohort` says what the tandem's own machine would.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from tandem_tui.i18n import ENGLISH, N_, Speech, chrome, speech
from tandem_tui.library import Library
from tandem_tui.model import Cadence
from tandem_tui.store import Store, TandemSummary
from tandem_tui.text import harmless

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


def is_overdue(last: date, cadence: Cadence | int, today: date) -> bool:
    """More than one and a half cadences (or as many days) without a meeting."""
    days = cadence if isinstance(cadence, int) else cadence.days
    return (today - last).days > days * OVERDUE_CADENCES


@dataclass(frozen=True)
class TandemProgress:
    """One tandem's progress whatever the day: what its row in the report is made from
    for a given day, and what its machine sends to the cohort calendar (sync/cohort.py).

    Counts, dates and ratings only: names, sessions, the due dates of open follow-ups
    (never their texts), the averages of each session's ratings (never a takeaway).
    """

    id: str
    mentor: str
    mentee: str
    program: str
    sessions_held: int
    sessions_planned: int | None
    last_met: date | None
    next_meeting: datetime | None
    running_session: int | None
    counted_from: date  # the last meeting, else the registration: days without one count from it
    cadence_days: int
    open_due: tuple[date | None, ...]  # of each open follow-up
    sessions: tuple[SessionRatings, ...]  # this tandem's ratings, by session

    @property
    def finished(self) -> bool:
        return self.sessions_planned is not None and self.sessions_held >= self.sessions_planned

    def report(self, today: date) -> TandemReport:
        """The tandem's row on `today`: days without a meeting and what is late, counted."""
        rated = [s for s in self.sessions if s.ratings]
        return TandemReport(
            id=self.id,
            mentor=self.mentor,
            mentee=self.mentee,
            program=self.program,
            sessions_held=self.sessions_held,
            sessions_planned=self.sessions_planned,
            last_met=self.last_met,
            next_meeting=self.next_meeting,
            days_without_meeting=(today - self.counted_from).days,
            overdue=not self.finished and is_overdue(self.counted_from, self.cadence_days, today),
            open_followups=len(self.open_due),
            overdue_followups=sum(1 for due in self.open_due if due is not None and due < today),
            useful=_weighted(rated, lambda s: s.useful),
            eye_level=_weighted(rated, lambda s: s.eye_level),
            running_session=self.running_session,
        )

    def to_doc(self) -> dict[str, Any]:
        """What the report's JSON says of the tandem, but for what depends on the day (the
        reader counts it from `counted_from`, `cadence_days` and `open_due`)."""
        rated = [s for s in self.sessions if s.ratings]
        return {
            "id": self.id,
            "mentor": self.mentor,
            "mentee": self.mentee,
            "program": self.program,
            "sessions_held": self.sessions_held,
            "sessions_planned": self.sessions_planned,
            "last_met": self.last_met.isoformat() if self.last_met else None,
            "next_meeting": self.next_meeting.isoformat() if self.next_meeting else None,
            "running_session": self.running_session,
            "open_followups": len(self.open_due),
            "feedback_useful": _round(_weighted(rated, lambda s: s.useful)),
            "feedback_eye_level": _round(_weighted(rated, lambda s: s.eye_level)),
            "counted_from": self.counted_from.isoformat(),
            "cadence_days": self.cadence_days,
            "open_due": sorted((d.isoformat() if d else "" for d in self.open_due), key=_due_key),
            # unrounded: the cohort's averages are made from them
            "sessions": [
                {
                    "session": s.number,
                    "useful": s.useful,
                    "eye_level": s.eye_level,
                    "ratings": s.ratings,
                }
                for s in self.sessions
            ],
        }

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> TandemProgress:
        """From `to_doc`'s JSON, as another machine sent it: checked field by field
        (ValueError, TypeError or KeyError when it will not do); texts made harmless."""

        def name(key: str) -> str:
            value = doc[key]
            if not isinstance(value, str) or not value.strip() or len(value) > 200:
                raise ValueError(key)
            return harmless(" ".join(value.split()))

        def count(value: Any, *, none: bool = False) -> Any:
            if value is None and none:
                return None
            if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < 10_000:
                raise ValueError(value)
            return value

        def rating(value: Any) -> float | None:
            if value is None:
                return None
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise ValueError(value)
            if not 1 <= value <= 5:
                raise ValueError(value)
            return float(value)

        def day(value: Any) -> date | None:
            return date.fromisoformat(value) if value else None

        next_meeting = doc.get("next_meeting")
        when = datetime.fromisoformat(next_meeting) if next_meeting else None
        if when is not None and when.tzinfo is None:
            raise ValueError(next_meeting)
        sessions = tuple(
            SessionRatings(
                count(s["session"]),
                rating(s["useful"]),
                rating(s["eye_level"]),
                count(s["ratings"]),
            )
            for s in doc.get("sessions") or []
        )
        counted_from = day(doc["counted_from"])
        if counted_from is None:
            raise ValueError("counted_from")
        return cls(
            id=name("id"),
            mentor=name("mentor"),
            mentee=name("mentee"),
            program=name("program"),
            sessions_held=count(doc["sessions_held"]),
            sessions_planned=count(doc.get("sessions_planned"), none=True),
            last_met=day(doc.get("last_met")),
            next_meeting=when,
            running_session=count(doc.get("running_session"), none=True),
            counted_from=counted_from,
            cadence_days=max(1, count(doc["cadence_days"])),
            open_due=tuple(day(d) for d in doc.get("open_due") or []),
            sessions=sessions,
        )


def _due_key(due: str) -> str:
    return due or "~"  # none last


def _weighted(
    sessions: Iterable[SessionRatings], value: Callable[[SessionRatings], float | None]
) -> float | None:
    """The average of every rating behind `sessions`' averages."""
    total, count = 0.0, 0
    for s in sessions:
        average = value(s)
        if average is not None and s.ratings:
            total += average * s.ratings
            count += s.ratings
    return total / count if count else None


def cohort_sessions(sessions: Iterable[SessionRatings]) -> list[SessionRatings]:
    """The cohort's ratings per session, from each tandem's."""
    by_number: dict[int, list[SessionRatings]] = {}
    for s in sessions:
        if s.ratings:
            by_number.setdefault(s.number, []).append(s)
    return [
        SessionRatings(
            number,
            _weighted(rated, lambda s: s.useful),
            _weighted(rated, lambda s: s.eye_level),
            sum(s.ratings for s in rated),
        )
        for number, rated in sorted(by_number.items())
    ]


def cohort_of(
    progress: Iterable[TandemProgress], today: date, unreadable: list[str]
) -> CohortReport:
    """The report on `today` of the tandems' progress."""
    progress = list(progress)
    return CohortReport(
        today,
        [p.report(today) for p in progress],
        cohort_sessions(s for p in progress for s in p.sessions),
        unreadable,
    )


def cohort_report(store: Store, library: Library, today: date) -> CohortReport:
    """The report from this machine's data."""
    summaries, problems = store.summaries(today)
    return cohort_of(
        (tandem_progress(library, summary) for summary in summaries),
        today,
        [str(p) for p in problems],
    )


def tandem_progress(library: Library, summary: TandemSummary) -> TandemProgress:
    """One tandem's progress, from its summary alone: the tandem's files are not read."""
    tandem = summary.tandem
    program = library.programs.get(tandem.program)
    cadence = program.cadence if program else Cadence.EVERY_4_WEEKS
    by_number: dict[int, list[tuple[int, int]]] = {}
    for number, useful, eye_level in summary.ratings:
        by_number.setdefault(number, []).append((useful, eye_level))
    last_met = date.fromisoformat(summary.last_met) if summary.last_met else None
    return TandemProgress(
        id=tandem.id,
        mentor=tandem.mentor.name,
        mentee=tandem.mentee.name,
        program=tandem.program,
        sessions_held=summary.sessions_held,
        sessions_planned=len(program.sessions) if program else None,
        last_met=last_met,
        next_meeting=tandem.next_meeting,
        running_session=summary.running_session,
        counted_from=last_met or tandem.created_at.astimezone().date(),
        cadence_days=cadence.days,
        open_due=tuple(date.fromisoformat(due) if due else None for due in summary.open_due),
        sessions=tuple(
            SessionRatings(
                number,
                statistics.fmean(u for u, _e in ratings),
                statistics.fmean(e for _u, e in ratings),
                len(ratings),
            )
            for number, ratings in sorted(by_number.items())
        ),
    )


def rating_bar(value: float | None, width: int = 20) -> str:
    """`██████████████▌      ` for 3.6 of 5: a bar any terminal shows."""
    if value is None:
        return " " * width
    eighths = round(value / 5 * width * 8)
    full, rest = divmod(eighths, 8)
    partial = " ▏▎▍▌▋▊▉"[rest] if rest else ""
    return ("█" * full + partial).ljust(width)
