"""The shared behaviour of the app's small forms: Enter or Ctrl+S saves, Escape cancels."""

from __future__ import annotations

from typing import Any, TypeVar

from textual.binding import Binding
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Input, Label

from tandem_tui import i18n
from tandem_tui.i18n import N_
from tandem_tui.widgets.keys import keys_taken

ResultT = TypeVar("ResultT")


def keep_text_on_focus(screen: Screen[Any]) -> None:
    """A field reached with Tab keeps its text, the cursor at its end: typed words add to
    it. Textual selects it all, so the first key typed in a hurry wiped it."""
    for field in screen.query(Input):
        field.select_on_focus = False


class FormDialog(ModalScreen[ResultT | None]):
    """A modal form with a Save button (`#save`) and a Cancel button; cancelling returns None."""

    BINDINGS = [
        Binding("escape", "cancel", N_("Cancel"), id="cancel"),
        Binding("ctrl+s", "submit", N_("Save"), id="save", priority=True),
        # Enter in a field saves (Input.Submitted); on a choice such as a radio set too.
        Binding("enter", "submit", N_("Save"), show=False),
    ]

    _checked: dict[str, str] | None = None  # each field's text when the form was last checked

    def on_mount(self) -> None:
        # A footer of its own: else the one of the screen below shows through, with
        # keys that do nothing here.
        from tandem_tui.widgets.footer import Footer

        self.mount(Footer(compact=True))
        keep_text_on_focus(self)

    def typing_mode(self) -> tuple[str, bool]:
        """For the footer: typing goes into the field with the cursor, or nowhere."""
        speech = i18n.speech_of(self)  # a meeting's dialog: its own
        if isinstance(self.focused, Input):
            return speech.gettext("✎ Field · Enter saves"), True
        return speech.gettext("Tab: next field"), False

    async def action_submit(self) -> None:
        """Check the form and save it: Ctrl+S, Enter in a field, or the Save button.

        Keys typed just before Ctrl+S, in the same burst, reach the field first.
        """
        await keys_taken(self.focused)
        self._checked = {field.id: field.value for field in self.query(Input) if field.id}
        self.action_save()

    async def on_input_submitted(self, event: Input.Submitted) -> None:
        await self.action_submit()

    def on_input_changed(self, event: Input.Changed) -> None:
        """A field's message goes as soon as the field is being put right: once its text
        differs from what was checked. Not when the field was emptied: a dialog that
        clears a wrong passphrase keeps saying why.
        """
        field = event.input.id
        if field and event.value and self._checked and event.value != self._checked.get(field):
            for message in self.query(f"#{event.input.id}-error").results(Label):
                message.update("")

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            await self.action_submit()
        else:
            self.action_cancel()

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_save(self) -> None:
        raise NotImplementedError
