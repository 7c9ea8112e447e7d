"""Planning or moving a tandem's next meeting from the home screen: the app's `tandem plan`.

A bad value is named below the field and the text stays as typed; the weekday of a
date that parses is shown beside it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from textual import getters
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Static

from tandem_tui.dates import (
    MEETING_FORMAT,
    DateError,
    parse_meeting,
    suggest_meeting,
)
from tandem_tui.model import Cadence, Tandem
from tandem_tui.screens.dialog import FormDialog
from tandem_tui.text import literal
from tandem_tui.zones import machine_zone, shown_zone, zone_of

# Every text of this dialog, in one place.
TITLE = "Next meeting of {label}"
PLANNED = "Planned now for {when}."
PASSED = "The meeting planned for {when} has passed; offered: the next one in its series."
SUGGESTED = "Nothing planned yet; offered: one cadence after the last meeting."
NOTHING = "Nothing planned yet."
THERE = "{when} ({time} in {zone})"
FIELD = "Date and time in {zone} (YYYY-MM-DD HH:MM); empty: none"
LOCAL = "local time"
NONE_PLANNED = "none planned"
SAVE = "Save"
CANCEL = "Cancel"
CLEARED = "{id}: no next meeting planned."
SAVED = "{id}: next meeting {when}."
SAVED_HERE = "{id}: next meeting {when} ({zone})."


def long_date(when: datetime) -> str:
    """`Friday, 4 December 2026, 17:00`, in local time."""
    when = when.astimezone()
    return f"{when:%A}, {when.day} {when:%B %Y, %H:%M}"


def elsewhere(when: datetime) -> bool:
    """Whether a meeting keeps a zone that is not this machine's."""
    zone, here = zone_of(when), machine_zone()
    return zone is not None and (here is None or zone.key != here.key)


def planned_date(when: datetime) -> str:
    """`long_date`, and the time in the meeting's own zone where that is not this machine's:
    `Saturday, 5 December 2026, 01:00 (17:00 in Europe/Berlin)`."""
    if not elsewhere(when):
        return long_date(when)
    return THERE.format(when=long_date(when), time=f"{when:%H:%M}", zone=shown_zone(when))


@dataclass(frozen=True)
class PlannedMeeting:
    """The dialog's answer; `when` None clears the plan."""

    when: datetime | None

    def told(self, tandem_id: str) -> str:
        if self.when is None:
            return CLEARED.format(id=tandem_id)
        if elsewhere(self.when):
            return SAVED.format(id=tandem_id, when=planned_date(self.when))
        return SAVED_HERE.format(
            id=tandem_id, when=long_date(self.when), zone=shown_zone(self.when)
        )


class PlanScreen(FormDialog[PlannedMeeting]):
    CSS_PATH = "plan.tcss"

    when = getters.query_one("#plan-when", Input)
    weekday = getters.query_one("#plan-weekday", Label)
    error = getters.query_one("#plan-when-error", Label)

    def __init__(
        self, tandem: Tandem, now: datetime, cadence: Cadence | None, held: list[datetime]
    ) -> None:
        """`held`: when the tandem's sessions started, for a suggestion when none is planned."""
        super().__init__()
        self.tandem = tandem
        self.now = now
        self.offered = suggest_meeting(tandem.next_meeting, held, cadence, now)

    def compose(self) -> ComposeResult:
        planned = self.tandem.next_meeting
        if planned is not None and planned > self.now:
            state = PLANNED.format(when=planned_date(planned))
        elif planned is not None:
            state = PASSED.format(when=planned_date(planned))
        elif self.offered is not None:
            state = SUGGESTED
        else:
            state = NOTHING
        with Vertical(id="dialog"):
            yield Label(literal(TITLE.format(label=self.tandem.label)), classes="dialog-title")
            yield Static(state, id="plan-state", classes="dialog-text")
            here = machine_zone()
            # A Static, not a Label: a long zone's name wraps instead of cutting the line.
            yield Static(FIELD.format(zone=here.key if here is not None else LOCAL))
            with Horizontal(id="plan-row"):
                yield Input(
                    f"{self.offered.astimezone():{MEETING_FORMAT}}" if self.offered else "",
                    placeholder=NONE_PLANNED,
                    id="plan-when",
                    compact=True,
                )
                yield Label("", id="plan-weekday")
            yield Label("", id="plan-when-error", classes="field-error")
            with Horizontal(classes="buttons"):
                yield Button(SAVE, variant="primary", id="save", compact=True)
                yield Button(CANCEL, id="cancel", compact=True)

    def on_mount(self) -> None:
        self.set_focus(self.when)
        self.when.cursor_position = len(self.when.value)
        self.show_weekday()

    def on_input_changed(self, event: Input.Changed) -> None:
        self.show_weekday()

    def show_weekday(self) -> None:
        """The weekday once the text parses; then an earlier message is gone too."""
        try:
            when = parse_meeting(self.when.value, self.now)
        except DateError:
            self.weekday.update("")
            return
        self.weekday.update(f"{when:%A}, {when.day} {when:%B %Y}")
        self.error.update("")

    def action_save(self) -> None:
        if not self.when.value.strip():
            self.dismiss(PlannedMeeting(None))
            return
        try:
            when = parse_meeting(self.when.value, self.now)
        except DateError as error:
            message = str(error)
            self.error.update(literal(message[:1].upper() + message[1:] + "."))
            self.when.focus()
            return
        # A time typed is in this machine's zone; the one planned or offered, left as it
        # was, keeps the zone its series runs in.
        kept = [t for t in (self.tandem.next_meeting, self.offered) if t is not None and t == when]
        self.dismiss(PlannedMeeting(kept[0] if kept else when))
