"""The follow-up dialog: who does what by when.

A bad value is named beside its field, and nothing typed is lost. The dialog belongs
to a tandem: it speaks the tandem's program language whatever the app's chrome speaks
(`tandem_speech`), and so do the end screen, the follow-up list, the look back and the
plan dialog.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from textual import getters
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Button, Input, Label

from tandem_tui import i18n, meeting
from tandem_tui.dates import DateError, parse_due
from tandem_tui.i18n import N_, Speech
from tandem_tui.model import Owner, Tandem
from tandem_tui.screens.dialog import FormDialog
from tandem_tui.screens.host import Host
from tandem_tui.text import followup_problem, sentence
from tandem_tui.widgets.toggles import RadioButton, RadioSet

# Every text of this dialog, in one place.
NEW = N_("New follow-up")
CHANGE = N_("Change the follow-up")
WHAT = N_("What is to be done")
WHAT_EXAMPLE = N_("e.g. Try the team chat for a week")
DUE = N_("Due (optional)")
# TRANSLATORS: examples of due dates as typed in this language (the app reads them all).
DUE_EXAMPLE = N_("2027-12-31, friday, tomorrow, +2w")
WHO = N_("Who")
MENTOR_CHOICE = N_("Mentor ({name})")
MENTEE_CHOICE = N_("Mentee ({name})")
BOTH_CHOICE = N_("Both")
SAVE = N_("Save")
CANCEL = N_("Cancel")
TEXT_PROBLEM = N_("The text {problem}.")
SAY_WHAT = N_("Say what is to be done.")
IN_FIELD = N_("✎ Field · Enter saves")
NOT_IN_FIELD = N_("Tab: next field")


def tandem_speech(tandem: Tandem, host: object) -> Speech:
    """The language `tandem`'s own screens speak: its program's, whatever the chrome;
    the chrome's where the program is not installed."""
    return meeting.tandem_speech(host.library, tandem) if isinstance(host, Host) else i18n.chrome()


def running_app(screen: Screen[Any]) -> object:
    """The app `screen` is built in, or None outside one (a screen built alone)."""
    try:
        return screen.app
    except RuntimeError:  # Textual's NoActiveAppError
        return None


@dataclass(frozen=True)
class FollowUpDraft:
    text: str
    owner: Owner
    due: date | None


class FollowUpScreen(FormDialog[FollowUpDraft]):
    text = getters.query_one("#followup-text", Input)
    due = getters.query_one("#followup-due", Input)
    owner = getters.query_one("#followup-owner", RadioSet)

    def __init__(
        self,
        tandem: Tandem,
        today: date,
        editing: FollowUpDraft | None = None,
        *,
        speech: Speech | None = None,
    ) -> None:
        """`editing`: the follow-up as it stands, to change; otherwise a new one.
        `speech`: the tandem's language, where the caller knows it already."""
        super().__init__()
        self.tandem = tandem
        self.today = today
        self.editing = editing
        self.speech = speech or tandem_speech(tandem, running_app(self))

    def typing_mode(self) -> tuple[str, bool]:
        """For the footer, in the tandem's language like the rest of the dialog."""
        if isinstance(self.focused, Input):
            return self.speech.gettext(IN_FIELD), True
        return self.speech.gettext(NOT_IN_FIELD), False

    def compose(self) -> ComposeResult:
        say = self.speech.gettext
        given = self.editing
        owner = given.owner if given else Owner.BOTH
        with Vertical(id="dialog"):
            yield Label(say(CHANGE) if given else say(NEW), classes="dialog-title")
            yield Label(say(WHAT))
            yield Input(
                given.text if given else "",
                placeholder=say(WHAT_EXAMPLE),
                id="followup-text",
                compact=True,
                select_on_focus=False,  # an edit appends: the first key keeps the text
            )
            yield Label("", id="followup-text-error", classes="field-error")
            yield Label(say(DUE))
            yield Input(
                self.speech.numeric_day(given.due) if given and given.due else "",
                placeholder=say(DUE_EXAMPLE),
                id="followup-due",
                compact=True,
            )
            yield Label("", id="followup-due-error", classes="field-error")
            yield Label(say(WHO))
            with RadioSet(id="followup-owner", compact=True):
                for who, label in (
                    (Owner.MENTOR, say(MENTOR_CHOICE).format(name=self.tandem.mentor.name)),
                    (Owner.MENTEE, say(MENTEE_CHOICE).format(name=self.tandem.mentee.name)),
                    (Owner.BOTH, say(BOTH_CHOICE)),
                ):
                    yield RadioButton(label, name=who.value, value=who is owner)
            with Horizontal(classes="buttons"):
                yield Button(
                    say(SAVE) if given else self.speech.pgettext("button", "Add"),
                    variant="primary",
                    id="save",
                    compact=True,
                )
                yield Button(say(CANCEL), id="cancel", compact=True)

    def on_mount(self) -> None:
        self.text.cursor_position = len(self.text.value)  # at the end, nothing selected
        self.set_focus(self.text)  # at once: keys typed right after Ctrl+O land here

    def action_save(self) -> None:
        say = self.speech.gettext
        text_error = self.query_one("#followup-text-error", Label)
        due_error = self.query_one("#followup-due-error", Label)
        text = " ".join(self.text.value.split())
        problem = followup_problem(text, self.speech)
        if problem is None:
            text_error.update("")
        else:
            text_error.update(say(TEXT_PROBLEM).format(problem=problem) if text else say(SAY_WHAT))
        due: date | None = None
        if self.due.value.strip():
            try:
                due = parse_due(
                    self.due.value,
                    self.today,
                    allow=self.editing.due if self.editing else None,
                    speech=self.speech,
                )
            except DateError as error:
                # sentence(), not capitalize(): that lowers "February"
                due_error.update(f"{sentence(str(error))}.")
                self.set_focus(self.due)
                return
        else:
            due_error.update("")
        if problem is not None:
            self.set_focus(self.text)
            return
        pressed = self.owner.pressed_button
        owner = Owner(pressed.name) if pressed is not None and pressed.name else Owner.BOTH
        self.dismiss(FollowUpDraft(text, owner, due))
