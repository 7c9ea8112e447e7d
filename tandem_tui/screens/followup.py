"""The follow-up dialog: who does what by when.

A bad value is named beside its field, and nothing typed is lost.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from textual import getters
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label

from tandem_tui.dates import DateError, parse_due
from tandem_tui.model import Owner, Tandem
from tandem_tui.screens.dialog import FormDialog
from tandem_tui.text import followup_problem
from tandem_tui.widgets.toggles import RadioButton, RadioSet


@dataclass(frozen=True)
class FollowUpDraft:
    text: str
    owner: Owner
    due: date | None


class FollowUpScreen(FormDialog[FollowUpDraft]):
    text = getters.query_one("#followup-text", Input)
    due = getters.query_one("#followup-due", Input)
    owner = getters.query_one("#followup-owner", RadioSet)

    def __init__(self, tandem: Tandem, today: date, editing: FollowUpDraft | None = None) -> None:
        """`editing`: the follow-up as it stands, to change; otherwise a new one."""
        super().__init__()
        self.tandem = tandem
        self.today = today
        self.editing = editing

    def compose(self) -> ComposeResult:
        given = self.editing
        owner = given.owner if given else Owner.BOTH
        with Vertical(id="dialog"):
            yield Label(
                "Change the follow-up" if given else "New follow-up", classes="dialog-title"
            )
            yield Label("What is to be done")
            yield Input(
                given.text if given else "",
                placeholder="e.g. Try the team chat for a week",
                id="followup-text",
                compact=True,
            )
            yield Label("", id="followup-text-error", classes="field-error")
            yield Label("Due (optional)")
            yield Input(
                given.due.isoformat() if given and given.due else "",
                placeholder="2026-12-01, +3d, +2w or friday",
                id="followup-due",
                compact=True,
            )
            yield Label("", id="followup-due-error", classes="field-error")
            yield Label("Who")
            with RadioSet(id="followup-owner", compact=True):
                for who, label in (
                    (Owner.MENTOR, f"Mentor ({self.tandem.mentor.name})"),
                    (Owner.MENTEE, f"Mentee ({self.tandem.mentee.name})"),
                    (Owner.BOTH, "Both"),
                ):
                    yield RadioButton(label, name=who.value, value=who is owner)
            with Horizontal(classes="buttons"):
                yield Button("Save" if given else "Add", variant="primary", id="save", compact=True)
                yield Button("Cancel", id="cancel", compact=True)

    def on_mount(self) -> None:
        self.set_focus(self.text)  # at once: keys typed right after Ctrl+O land here

    def action_save(self) -> None:
        text_error = self.query_one("#followup-text-error", Label)
        due_error = self.query_one("#followup-due-error", Label)
        text = " ".join(self.text.value.split())
        problem = followup_problem(text)
        if problem is None:
            text_error.update("")
        else:
            text_error.update(f"The text {problem}." if text else "Say what is to be done.")
        due: date | None = None
        if self.due.value.strip():
            try:
                due = parse_due(
                    self.due.value, self.today, allow=self.editing.due if self.editing else None
                )
            except DateError as error:
                message = str(error)  # not capitalize(): that lowers "February"
                due_error.update(f"{message[:1].upper()}{message[1:]}.")
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
