"""A session's minutes as Markdown: date, participants, time and shared notes per card,
and the follow-ups. Built from shared notes only; private notes are never read here.

The minutes speak the language of the tandem's program, whatever the chrome's; the
errors raised to the user speak the chrome's.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime

from tandem_tui import i18n
from tandem_tui.clock import format_pair
from tandem_tui.i18n import ENGLISH, N_, Speech, _
from tandem_tui.model import (
    CardOutcome,
    FollowUp,
    Owner,
    Program,
    Role,
    Session,
    SessionStatus,
    Tandem,
    followup_status_label,
    owner_label,
)
from tandem_tui.text import harmless


class MinutesError(ValueError):
    """No such session, or none held yet; the message says which sessions there are."""


def pick_session(sessions: list[Session], number: int | None) -> Session:
    """Session `number`, or else the last one ended (or the one under way if none has)."""
    if not sessions:
        raise MinutesError(_("this tandem has not met yet: there are no minutes to write"))
    if number is not None:
        for session in sessions:
            if session.number == number:
                return session
        held = ", ".join(str(s.number) for s in sessions)
        raise MinutesError(
            _("no session {number}; this tandem has held session {held}").format(
                number=number, held=held
            )
        )
    ended = [s for s in sessions if s.status is SessionStatus.ENDED]
    return (ended or sessions)[-1]


#: How a card ended, in the minutes; translated where written, in the tandem's language.
OUTCOME_TEXT = {
    CardOutcome.DONE: N_("done"),
    CardOutcome.SKIPPED: N_("skipped, comes back next time"),
    CardOutcome.UNFINISHED: N_("unfinished, comes back next time"),
    CardOutcome.NOT_REACHED: N_("not reached, comes back next time"),
}
_LED_BY = {
    Role.MENTOR: N_("*{used} used of {box}, {state}; led by the mentor.*"),
    Role.MENTEE: N_("*{used} used of {box}, {state}; led by the mentee.*"),
}


def _cell(text: str) -> str:
    """Text that stays inside one cell of a Markdown table."""
    return " ".join(text.split()).replace("\\", "\\\\").replace("|", "\\|")


def _owner(tandem: Tandem, followup: FollowUp, speech: Speech) -> str:
    if followup.owner is Owner.MENTOR:
        return tandem.mentor.name
    if followup.owner is Owner.MENTEE:
        return tandem.mentee.name
    return owner_label(Owner.BOTH, speech)


def _moment(when: datetime, speech: Speech) -> str:
    """ "Freitag, 5. Februar 2027, 17:00"; in English, as the minutes always wrote it,
    "Friday, 05 February 2027, 17:00"."""
    if speech.base != ENGLISH:
        return speech.long_moment(when)
    from babel.dates import format_datetime

    return format_datetime(when, "EEEE, dd MMMM y, HH:mm", tzinfo=when.tzinfo, locale="en")


def minutes_markdown(
    tandem: Tandem,
    session: Session,
    shared_notes: Mapping[int, str],
    followups: Iterable[FollowUp],
    program: Program | None,
) -> str:
    """The minutes, in the language of the tandem's program whatever the chrome's."""
    speech = i18n.speech_for(program.language) if program else i18n.chrome()
    started = session.started_at.astimezone()
    ended = session.ended_at.astimezone() if session.ended_at else None
    if program:
        heading = speech.gettext("# Minutes: {tandem}, session {number} of {total}").format(
            tandem=tandem.label, number=session.number, total=len(program.sessions)
        )
    else:
        heading = speech.gettext("# Minutes: {tandem}, session {number}").format(
            tandem=tandem.label, number=session.number
        )
    when = _moment(started, speech)
    if ended:
        when = speech.gettext("{start} to {end}").format(start=when, end=speech.clock(ended))
    if session.status is SessionStatus.ENDED:
        date_line = speech.gettext("- **Date:** {when}").format(when=when)
    else:
        date_line = speech.gettext("- **Date:** {when} (still under way)").format(when=when)
    used, planned = format_pair(session.used_seconds, session.planned_minutes * 60)
    lines = [
        heading,
        "",
        date_line,
        speech.gettext("- **Mentor:** {name}").format(name=tandem.mentor.name),
        speech.gettext("- **Mentee:** {name}").format(name=tandem.mentee.name),
        speech.gettext("- **Agenda:** {title}").format(title=speech.swiss(session.agenda.title)),
        speech.gettext("- **Time:** {used} used of {planned} planned").format(
            used=used, planned=planned
        ),
    ]
    if tandem.goals:
        lines.append(speech.gettext("- **Goals:** {goals}").format(goals="; ".join(tandem.goals)))
    lines.append("")
    for index, run in enumerate(session.cards):
        card_used, box = format_pair(run.used_seconds, run.box_minutes * 60)
        lines += [
            f"## {index + 1}. {speech.swiss(run.card.title)}",
            "",
            speech.gettext(_LED_BY[run.card.direction]).format(
                used=card_used, box=box, state=speech.gettext(OUTCOME_TEXT[run.outcome])
            ),
            "",
        ]
        notes = shared_notes.get(index, "").strip()
        lines += [notes if notes else speech.gettext("*No shared notes.*"), ""]
    mine = [f for f in followups if f.session == session.number]
    lines += [speech.gettext("## Follow-ups"), ""]
    if mine:
        # TRANSLATORS: the header of the minutes' table of follow-ups, in Markdown.
        lines += [speech.gettext("| Follow-up | Who | Due | Status |"), "|---|---|---|---|"]
        lines += [
            f"| {_cell(f.text)} | {_cell(_owner(tandem, f, speech))} | "
            f"{speech.numeric_day(f.due) if f.due else ''} | "
            f"{followup_status_label(f.status, speech)} |"
            for f in mine
        ]
    else:
        lines.append(speech.gettext("*None from this session.*"))
    if session.feedback:
        lines += ["", speech.gettext("## Feedback"), ""]
        for role, feedback in session.feedback.items():
            line = speech.gettext(
                "- **{name}**: useful {useful} of 5, at eye level {eye_level} of 5"
            ).format(
                name=tandem.person(role).name,
                useful=feedback.useful,
                eye_level=feedback.eye_level,
            )
            lines.append(f"{line}: {feedback.takeaway}" if feedback.takeaway else line)
    lines += [
        "",
        "---",
        "",
        speech.gettext("*Shared notes only: private notes never leave tandem-tui.*"),
        "",
    ]
    # Read in a terminal as often as in an editor: no control character gets through,
    # whatever the notes of this very meeting were pasted from.
    return harmless("\n".join(lines))
