"""What the meeting screen shows, drawn from the meeting: the card, the agenda, the clocks.

Each function takes the meeting and returns what one part of the screen shows; the
screen puts it in place. Text from files goes in as template values, never as
markup: `[1m` in a title is words, not a style.
"""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.content import Content

from tandem_tui.clock import format_pair, format_seconds
from tandem_tui.meeting import Meeting, TimerState, review_prompt
from tandem_tui.model import CardStatus

LATE_AFTER_SECONDS = 60  # a forecast within the minute still counts as on time
FOLLOWUP_LINES = 4  # below the heading; more are summed up as "+N more"
STATUS_MARK = {CardStatus.PENDING: " ", CardStatus.DONE: "✓", CardStatus.SKIPPED: "»"}


def card_title(meeting: Meeting) -> Content:
    position = f"card {meeting.index + 1} of {len(meeting.cards)}"
    return Content.from_markup(
        "[b]$title[/b]  [dim]$position[/dim]", title=meeting.current.card.title, position=position
    )


def card_lead(meeting: Meeting) -> Content:
    card = meeting.current.card
    lead = meeting.tandem.person(card.direction)
    return Content(f"Led by the {card.direction.value}: {lead.name}")


def prompts(meeting: Meeting) -> Content:
    """The card's prompts; a follow-up of the review card ticked off since shows ✓."""
    language = meeting.session.agenda.language
    done = {
        review_prompt(f, language)
        for f in meeting.store.followups(meeting.tandem.id)
        if not f.is_open
    }
    lines = [
        Content.from_markup("[dim]✓ $prompt[/dim]", prompt=prompt)
        if prompt in done
        else Content(f"• {prompt}")
        for prompt in meeting.current.card.prompts
    ]
    goals = meeting.tandem.goals
    if goals:  # what the pair set out to learn, in view at every card
        lines.append(Content.from_markup("[dim]Goals: $goals[/dim]", goals=" · ".join(goals)))
    return Content("\n").join(lines)


def agenda_line(meeting: Meeting, index: int) -> Table:
    """A card in the agenda: a long title wraps under itself, not under its mark."""
    run = meeting.cards[index]
    used, box = format_pair(meeting.elapsed(index), run.box_minutes * 60)
    line = Table.grid(padding=(0, 1, 0, 0))
    line.add_column(width=1, no_wrap=True)
    line.add_column(ratio=1)
    line.add_row(STATUS_MARK[run.status], Text(run.card.title))
    line.add_row("", Text(f"{used} of {box}", style="dim"))
    return line


def followups(meeting: Meeting) -> Content | str:
    """This session's follow-ups, the first few of them, and how many are open from before."""
    listed = meeting.followups()
    earlier = sum(
        f.is_open and f.session != meeting.session.number
        for f in meeting.store.followups(meeting.tandem.id)
    )
    still_open = f"{earlier} open from before: F2 ticks them off. " if earlier else ""
    if not listed:
        return f"[dim]{still_open}No follow-ups yet. Ctrl+O adds one.[/dim]"
    lines = [
        Content.from_markup(
            "$mark $text [dim]($facts)[/dim]",
            mark="•" if f.is_open else "✓",
            text=f.text,
            facts=f.owner.value + (f", due {f.due.isoformat()}" if f.due else ""),
        )
        for f in listed
    ]
    if len(lines) > FOLLOWUP_LINES:
        hidden = len(lines) - (FOLLOWUP_LINES - 1)
        lines = [
            *lines[: FOLLOWUP_LINES - 1],
            Content.from_markup(f"[b]+{hidden} more[/b] [dim]· F2 lists all[/dim]"),
        ]
    heading = Content.from_markup(f"[b]Follow-ups[/b] [dim]{still_open}[/dim]".rstrip())
    return Content("\n").join([heading, *lines])


def countdown(meeting: Meeting) -> str:
    """The card's time left, or its overtime as `+m:ss`."""
    remaining = meeting.remaining()
    return format_seconds(remaining) if remaining >= 0 else f"+{format_seconds(remaining)}"


def timer_note(meeting: Meeting, state: TimerState) -> str:
    """The line under the countdown."""
    if not meeting.running:
        return "paused · Ctrl+T"
    return {
        TimerState.NORMAL: f"of {meeting.current.box_minutes} min",
        TimerState.WARNING: "time box nearly used",
        TimerState.OVERTIME: "over the time box",
    }[state]


def meeting_clock(meeting: Meeting) -> str:
    """The meeting's time so far, and when it ends if the cards left keep their boxes."""
    elapsed, planned = format_pair(meeting.meeting_elapsed(), meeting.session.planned_minutes * 60)
    forecast = meeting.forecast_end()
    late = (forecast - meeting.planned_end()).total_seconds() >= LATE_AFTER_SECONDS
    return (
        f"Meeting {elapsed} of {planned}\n"
        + ("[b $error]" if late else "[b $success]")
        + f"ends ~{forecast.astimezone().strftime('%H:%M')}[/]"
        + (" (late)" if late else " (on time)")
    )
