"""What the meeting screen shows, drawn from the meeting: the card, the agenda, the clocks.

Each function takes the meeting and returns what one part of the screen shows; the
screen puts it in place. Text from files goes in as template values, never as
markup: `[1m` in a title is words, not a style.

Everything speaks the tandem's language (`meeting.speech`), whatever the chrome's;
the agenda's own words are shown as written (with "ss" for "ß" in Swiss German).
"""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.content import Content

from tandem_tui.clock import format_pair, format_seconds
from tandem_tui.meeting import Meeting, TimerState, review_prompts
from tandem_tui.model import CardStatus, Role, owner_label

LATE_AFTER_SECONDS = 60  # a forecast within the minute still counts as on time
FOLLOWUP_LINES = 4  # below the heading; more are summed up as "+N more"
STATUS_MARK = {CardStatus.PENDING: " ", CardStatus.DONE: "✓", CardStatus.SKIPPED: "»"}


def card_title(meeting: Meeting) -> Content:
    speech = meeting.speech
    position = speech.gettext("card {number} of {total}").format(
        number=meeting.index + 1, total=len(meeting.cards)
    )
    return Content.from_markup(
        "[b]$title[/b]  [dim]$position[/dim]",
        title=speech.swiss(meeting.current.card.title),
        position=position,
    )


def card_lead(meeting: Meeting) -> Content:
    card = meeting.current.card
    name = meeting.tandem.person(card.direction).name
    if card.direction is Role.MENTOR:
        return Content(meeting.speech.gettext("Led by the mentor: {name}").format(name=name))
    return Content(meeting.speech.gettext("Led by the mentee: {name}").format(name=name))


def prompts(meeting: Meeting) -> Content:
    """The card's prompts; a follow-up of the review card ticked off since shows ✓."""
    speech = meeting.speech
    language = meeting.session.agenda.language
    done = {
        prompt
        for f in meeting.store.followups(meeting.tandem.id)
        if not f.is_open
        for prompt in review_prompts(f, language)
    }
    lines = [
        Content.from_markup("[dim]✓ $prompt[/dim]", prompt=speech.swiss(prompt))
        if prompt in done
        else Content(f"• {speech.swiss(prompt)}")
        for prompt in meeting.current.card.prompts
    ]
    goals = meeting.tandem.goals
    if goals:  # what the pair set out to learn, in view at every card
        shown = speech.gettext("Goals: {goals}").format(goals=" · ".join(goals))
        lines.append(Content.from_markup("[dim]$goals[/dim]", goals=shown))
    return Content("\n").join(lines)


def agenda_line(meeting: Meeting, index: int) -> Table:
    """A card in the agenda: a long title wraps under itself, not under its mark."""
    run = meeting.cards[index]
    used, box = format_pair(meeting.elapsed(index), run.box_minutes * 60)
    line = Table.grid(padding=(0, 1, 0, 0))
    line.add_column(width=1, no_wrap=True)
    line.add_column(ratio=1)
    line.add_row(STATUS_MARK[run.status], Text(meeting.speech.swiss(run.card.title)))
    # TRANSLATORS: a card's time in the agenda: time used of its time box, "3:00 of 10:00".
    times = meeting.speech.gettext("{used} of {box}").format(used=used, box=box)
    line.add_row("", Text(times, style="dim"))
    return line


def followups(meeting: Meeting) -> Content:
    """This session's follow-ups, the first few of them, and how many are open from before."""
    speech = meeting.speech
    listed = meeting.followups()
    earlier = sum(
        f.is_open and f.session != meeting.session.number
        for f in meeting.store.followups(meeting.tandem.id)
    )
    still_open = (
        speech.ngettext(
            "{count} open from before: F2 ticks them off.",
            "{count} open from before: F2 ticks them off.",
            earlier,
        ).format(count=earlier)
        if earlier
        else ""
    )
    if not listed:
        empty = speech.gettext("No follow-ups yet. Ctrl+O adds one.")
        return Content.from_markup(
            "[dim]$text[/dim]", text=f"{still_open} {empty}" if still_open else empty
        )
    lines = [
        Content.from_markup(
            "$mark $text [dim]($facts)[/dim]",
            mark="•" if f.is_open else "✓",
            text=f.text,
            facts=(
                speech.gettext("{owner}, due {due}").format(
                    owner=owner_label(f.owner, speech), due=speech.numeric_day(f.due)
                )
                if f.due
                else owner_label(f.owner, speech)
            ),
        )
        for f in listed
    ]
    if len(lines) > FOLLOWUP_LINES:
        hidden = len(lines) - (FOLLOWUP_LINES - 1)
        lines = [
            *lines[: FOLLOWUP_LINES - 1],
            Content.from_markup(
                "[b]$more[/b] [dim]$all[/dim]",
                more=speech.ngettext("+{count} more", "+{count} more", hidden).format(count=hidden),
                all=speech.gettext("· F2 lists all"),
            ),
        ]
    heading = Content.from_markup(
        "[b]$heading[/b] [dim]$still_open[/dim]",
        heading=speech.gettext("Follow-ups"),
        still_open=still_open,
    ).rstrip()
    return Content("\n").join([heading, *lines])


def countdown(meeting: Meeting) -> str:
    """The card's time left, or its overtime as `+m:ss`."""
    remaining = meeting.remaining()
    return format_seconds(remaining) if remaining >= 0 else f"+{format_seconds(remaining)}"


def timer_note(meeting: Meeting, state: TimerState) -> str:
    """The line under the countdown."""
    speech = meeting.speech
    if not meeting.running:
        # TRANSLATORS: under a card's countdown while its timer stands; the key resumes it.
        return speech.gettext("paused · Ctrl+T")
    if state is TimerState.WARNING:
        return speech.gettext("time box nearly used")
    if state is TimerState.OVERTIME:
        return speech.gettext("over the time box")
    minutes = meeting.current.box_minutes
    # TRANSLATORS: under a card's countdown: the length of its time box.
    return speech.ngettext("of {count} min", "of {count} min", minutes).format(count=minutes)


def meeting_clock(meeting: Meeting) -> Content:
    """The meeting's time so far, and when it ends if the cards left keep their boxes."""
    speech = meeting.speech
    elapsed, planned = format_pair(meeting.meeting_elapsed(), meeting.session.planned_minutes * 60)
    forecast = meeting.forecast_end()
    late = (forecast - meeting.planned_end()).total_seconds() >= LATE_AFTER_SECONDS
    # TRANSLATORS: the meeting clock: time spent in the meeting of its planned length.
    so_far = speech.gettext("Meeting {elapsed} of {planned}").format(
        elapsed=elapsed, planned=planned
    )
    # TRANSLATORS: the meeting clock: when the meeting ends if the cards left keep their boxes.
    ends = speech.gettext("ends ~{time}").format(time=speech.clock(forecast.astimezone()))
    return Content.from_markup(
        "$so_far\n[b $error]$ends[/] $late" if late else "$so_far\n[b $success]$ends[/] $late",
        so_far=so_far,
        ends=ends,
        late=speech.gettext("(late)") if late else speech.gettext("(on time)"),
    )
