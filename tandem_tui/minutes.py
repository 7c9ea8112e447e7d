"""A session's minutes as Markdown: date, participants, time and shared notes per card,
and the follow-ups. Built from shared notes only; private notes are never read here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from tandem_tui.clock import format_pair
from tandem_tui.model import CardOutcome, FollowUp, Program, Session, SessionStatus, Tandem
from tandem_tui.text import harmless


class MinutesError(ValueError):
    """No such session, or none held yet; the message says which sessions there are."""


def pick_session(sessions: list[Session], number: int | None) -> Session:
    """Session `number`, or else the last one ended (or the one under way if none has)."""
    if not sessions:
        raise MinutesError("this tandem has not met yet: there are no minutes to write")
    if number is not None:
        for session in sessions:
            if session.number == number:
                return session
        held = ", ".join(str(s.number) for s in sessions)
        raise MinutesError(f"no session {number}; this tandem has held session {held}")
    ended = [s for s in sessions if s.status is SessionStatus.ENDED]
    return (ended or sessions)[-1]


OUTCOME_TEXT = {
    CardOutcome.DONE: "done",
    CardOutcome.SKIPPED: "skipped, comes back next time",
    CardOutcome.UNFINISHED: "unfinished, comes back next time",
    CardOutcome.NOT_REACHED: "not reached, comes back next time",
}


def _cell(text: str) -> str:
    """Text that stays inside one cell of a Markdown table."""
    return " ".join(text.split()).replace("\\", "\\\\").replace("|", "\\|")


def _owner(tandem: Tandem, followup: FollowUp) -> str:
    from tandem_tui.model import Owner

    if followup.owner is Owner.MENTOR:
        return tandem.mentor.name
    if followup.owner is Owner.MENTEE:
        return tandem.mentee.name
    return "both"


def minutes_markdown(
    tandem: Tandem,
    session: Session,
    shared_notes: Mapping[int, str],
    followups: Iterable[FollowUp],
    program: Program | None,
) -> str:
    started = session.started_at.astimezone()
    ended = session.ended_at.astimezone() if session.ended_at else None
    total = f" of {len(program.sessions)}" if program else ""
    when = f"{started:%A, %d %B %Y, %H:%M}" + (f" to {ended:%H:%M}" if ended else "")
    status = "" if session.status is SessionStatus.ENDED else " (still under way)"
    used, planned = format_pair(session.used_seconds, session.planned_minutes * 60)
    lines = [
        f"# Minutes: {tandem.label}, session {session.number}{total}",
        "",
        f"- **Date:** {when}{status}",
        f"- **Mentor:** {tandem.mentor.name}",
        f"- **Mentee:** {tandem.mentee.name}",
        f"- **Agenda:** {session.agenda.title}",
        f"- **Time:** {used} used of {planned} planned",
    ]
    if tandem.goals:
        lines.append(f"- **Goals:** {'; '.join(tandem.goals)}")
    lines.append("")
    for index, run in enumerate(session.cards):
        state = OUTCOME_TEXT[run.outcome]
        card_used, box = format_pair(run.used_seconds, run.box_minutes * 60)
        lines += [
            f"## {index + 1}. {run.card.title}",
            "",
            f"*{card_used} used of {box}, {state}; led by the {run.card.direction.value}.*",
            "",
        ]
        notes = shared_notes.get(index, "").strip()
        lines += [notes if notes else "*No shared notes.*", ""]
    mine = [f for f in followups if f.session == session.number]
    lines += ["## Follow-ups", ""]
    if mine:
        lines += ["| Follow-up | Who | Due | Status |", "|---|---|---|---|"]
        lines += [
            f"| {_cell(f.text)} | {_cell(_owner(tandem, f))} | "
            f"{f.due.isoformat() if f.due else ''} | {f.status.value} |"
            for f in mine
        ]
    else:
        lines.append("*None from this session.*")
    if session.feedback:
        lines += ["", "## Feedback", ""]
        for role, feedback in session.feedback.items():
            name = tandem.person(role).name
            takeaway = f": {feedback.takeaway}" if feedback.takeaway else ""
            lines.append(
                f"- **{name}**: useful {feedback.useful} of 5, at eye level "
                f"{feedback.eye_level} of 5{takeaway}"
            )
    lines += ["", "---", "", "*Shared notes only: private notes never leave tandem-tui.*", ""]
    # Read in a terminal as often as in an editor: no control character gets through,
    # whatever the notes of this very meeting were pasted from.
    return harmless("\n".join(lines))
