"""Planning or moving a tandem's next meeting from the home screen: the app's `tandem plan`.

A bad value is named below the field and the text stays as typed; the weekday of a
date that parses is shown beside it. The dialog speaks the tandem's program language,
whatever the app's chrome speaks; what it tells once closed, on the home screen, is in
the chrome's.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from textual import getters
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Static

from tandem_tui import i18n
from tandem_tui.dates import DateError, parse_meeting, suggest_meeting
from tandem_tui.i18n import N_, Speech
from tandem_tui.model import Cadence, Tandem
from tandem_tui.screens.dialog import FormDialog
from tandem_tui.screens.followup import IN_FIELD, NOT_IN_FIELD, running_app, tandem_speech
from tandem_tui.text import literal, sentence
from tandem_tui.zones import machine_zone, shown_zone, zone_of

# Every text of this dialog, in one place.
TITLE = N_("Next meeting of {label}")
PLANNED = N_("Planned now for {when}.")
PASSED = N_("The meeting planned for {when} has passed; offered: the next one in its series.")
SUGGESTED = N_("Nothing planned yet; offered: one cadence after the last meeting.")
NOTHING = N_("Nothing planned yet.")
THERE = N_("{when} ({time} in {zone})")
# TRANSLATORS: YYYY-MM-DD HH:MM is the form of a date and time as typed in this language.
FIELD = N_("Date and time in {zone} (YYYY-MM-DD HH:MM); empty: none")
LOCAL = N_("local time")
SAVE = N_("Save")
CANCEL = N_("Cancel")
# Told on the home screen once the dialog is closed: in the chrome's language.
CLEARED = N_("{id}: no next meeting planned.")
SAVED = N_("{id}: next meeting {when}.")
SAVED_HERE = N_("{id}: next meeting {when} ({zone}).")


def long_date(when: datetime, speech: Speech | None = None) -> str:
    """`Friday, 4 December 2026, 17:00`, in local time."""
    return (speech or i18n.chrome()).long_moment(when.astimezone())


def elsewhere(when: datetime) -> bool:
    """Whether a meeting keeps a zone that is not this machine's."""
    zone, here = zone_of(when), machine_zone()
    return zone is not None and (here is None or zone.key != here.key)


def planned_date(when: datetime, speech: Speech | None = None) -> str:
    """`long_date`, and the time in the meeting's own zone where that is not this machine's:
    `Saturday, 5 December 2026, 01:00 (17:00 in Europe/Berlin)`."""
    speech = speech or i18n.chrome()
    if not elsewhere(when):
        return long_date(when, speech)
    there = speech.gettext(THERE)
    return there.format(
        when=long_date(when, speech), time=speech.clock(when), zone=shown_zone(when)
    )


@dataclass(frozen=True)
class PlannedMeeting:
    """The dialog's answer; `when` None clears the plan."""

    when: datetime | None

    def told(self, tandem_id: str) -> str:
        """What the home screen says once the plan is saved, in the chrome's language."""
        if self.when is None:
            return i18n._(CLEARED).format(id=tandem_id)
        if elsewhere(self.when):
            return i18n._(SAVED).format(id=tandem_id, when=planned_date(self.when))
        return i18n._(SAVED_HERE).format(
            id=tandem_id, when=long_date(self.when), zone=shown_zone(self.when)
        )


class PlanScreen(FormDialog[PlannedMeeting]):
    CSS_PATH = "plan.tcss"

    when = getters.query_one("#plan-when", Input)
    weekday = getters.query_one("#plan-weekday", Label)
    error = getters.query_one("#plan-when-error", Label)

    def __init__(
        self,
        tandem: Tandem,
        now: datetime,
        cadence: Cadence | None,
        held: list[datetime],
        *,
        speech: Speech | None = None,
    ) -> None:
        """`held`: when the tandem's sessions started, for a suggestion when none is planned.
        `speech`: the tandem's language, where the caller knows it."""
        super().__init__()
        self.tandem = tandem
        self.now = now
        self.offered = suggest_meeting(tandem.next_meeting, held, cadence, now)
        self.speech = speech or tandem_speech(tandem, running_app(self))

    def typing_mode(self) -> tuple[str, bool]:
        """For the footer, in the tandem's language like the rest of the dialog."""
        if isinstance(self.focused, Input):
            return self.speech.gettext(IN_FIELD), True
        return self.speech.gettext(NOT_IN_FIELD), False

    def compose(self) -> ComposeResult:
        speech = self.speech
        say = speech.gettext
        planned = self.tandem.next_meeting
        if planned is not None and planned > self.now:
            state = say(PLANNED).format(when=planned_date(planned, speech))
        elif planned is not None:
            state = say(PASSED).format(when=planned_date(planned, speech))
        elif self.offered is not None:
            state = say(SUGGESTED)
        else:
            state = say(NOTHING)
        # The empty field shows the form of a date as typed here: a week from now, at five.
        example = datetime.combine(self.now.date() + timedelta(days=7), time(17))
        with Vertical(id="dialog"):
            title = say(TITLE).format(label=self.tandem.label)
            yield Label(literal(title), classes="dialog-title")
            yield Static(state, id="plan-state", classes="dialog-text")
            here = machine_zone()
            # A Static, not a Label: a long zone's name wraps instead of cutting the line.
            yield Static(say(FIELD).format(zone=here.key if here is not None else say(LOCAL)))
            with Horizontal(id="plan-row"):
                yield Input(
                    speech.numeric_moment(self.offered.astimezone()) if self.offered else "",
                    placeholder=speech.numeric_moment(example),
                    id="plan-when",
                    compact=True,
                )
                yield Label("", id="plan-weekday")
            yield Label("", id="plan-when-error", classes="field-error")
            with Horizontal(classes="buttons"):
                yield Button(say(SAVE), variant="primary", id="save", compact=True)
                yield Button(say(CANCEL), id="cancel", compact=True)

    def on_mount(self) -> None:
        self.set_focus(self.when)
        self.when.cursor_position = len(self.when.value)
        self.show_weekday()

    def on_input_changed(self, event: Input.Changed) -> None:
        self.show_weekday()

    def show_weekday(self) -> None:
        """The weekday once the text parses; then an earlier message is gone too."""
        try:
            when = parse_meeting(self.when.value, self.now, speech=self.speech)
        except DateError:
            self.weekday.update("")
            return
        self.weekday.update(self.speech.long_day(when.date()))
        self.error.update("")

    def action_save(self) -> None:
        if not self.when.value.strip():
            self.dismiss(PlannedMeeting(None))
            return
        try:
            when = parse_meeting(self.when.value, self.now, speech=self.speech)
        except DateError as error:
            self.error.update(literal(sentence(f"{error}.")))
            self.when.focus()
            return
        # A time typed is in this machine's zone; the one planned or offered, left as it
        # was, keeps the zone its series runs in.
        kept = [t for t in (self.tandem.next_meeting, self.offered) if t is not None and t == when]
        self.dismiss(PlannedMeeting(kept[0] if kept else when))
