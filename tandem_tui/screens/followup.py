"""The follow-up dialog: who does what by when.

A bad value is named beside its field, and nothing typed is lost.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from textual import getters
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, RadioButton, RadioSet

from tandem_tui.dates import DUE_HELP, DateError, parse_due
from tandem_tui.model import Owner, Tandem
from tandem_tui.screens.dialog import FormDialog


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
            yield Label("Who")
            with RadioSet(id="followup-owner", compact=True):
                for who, label in (
                    (Owner.MENTOR, f"Mentor ({self.tandem.mentor.name})"),
                    (Owner.MENTEE, f"Mentee ({self.tandem.mentee.name})"),
                    (Owner.BOTH, "Both"),
                ):
                    yield RadioButton(label, name=who.value, value=who is owner)
            yield Label("Due (optional)")
            yield Input(
                given.due.isoformat() if given and given.due else "",
                placeholder="2026-12-01, +3d, +2w or friday",
                id="followup-due",
                compact=True,
            )
            yield Label("", id="followup-due-error", classes="field-error")
            with Horizontal(classes="buttons"):
                yield Button("Save" if given else "Add", variant="primary", id="save", compact=True)
                yield Button("Cancel", id="cancel", compact=True)

    def on_mount(self) -> None:
        self.text.focus()

    def action_save(self) -> None:
        text_error = self.query_one("#followup-text-error", Label)
        due_error = self.query_one("#followup-due-error", Label)
        text = " ".join(self.text.value.split())
        text_error.update("" if text else "Say what is to be done.")
        due: date | None = None
        if self.due.value.strip():
            try:
                due = parse_due(self.due.value, self.today)
                due_error.update(f"{due:%A, %d %B %Y}")
            except DateError:
                due_error.update(f"Not a date. Give {DUE_HELP}.")
                self.due.focus()
                return
        else:
            due_error.update("")
        if not text:
            self.text.focus()
            return
        pressed = self.owner.pressed_button
        owner = Owner(pressed.name) if pressed is not None and pressed.name else Owner.BOTH
        self.dismiss(FollowUpDraft(text, owner, due))
