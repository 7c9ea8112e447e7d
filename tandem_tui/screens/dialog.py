"""The shared behaviour of the app's small forms: Enter or Ctrl+S saves, Escape cancels."""

from __future__ import annotations

from typing import TypeVar

from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label

ResultT = TypeVar("ResultT")


class FormDialog(ModalScreen[ResultT | None]):
    """A modal form with a Save button (`#save`) and a Cancel button; cancelling returns None."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="cancel"),
        Binding("ctrl+s", "save", "Save", id="save", priority=True),
    ]

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.action_save()

    def on_input_changed(self, event: Input.Changed) -> None:
        """A field's message goes as soon as the field is being put right.

        Not when the field was emptied: a dialog that clears a wrong passphrase keeps
        saying why.
        """
        if event.input.id and event.value:
            for message in self.query(f"#{event.input.id}-error").results(Label):
                message.update("")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.action_save()
        else:
            self.action_cancel()

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_save(self) -> None:
        raise NotImplementedError
