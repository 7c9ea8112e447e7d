"""Forgetting a tandem from the app: only after its id has been typed."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Static

from tandem_tui.i18n import _
from tandem_tui.model import Tandem
from tandem_tui.screens.dialog import FormDialog
from tandem_tui.text import literal


class ForgetScreen(FormDialog[str]):
    """Returns the tandem id once typed exactly; None when cancelled."""

    def __init__(self, tandem: Tandem) -> None:
        super().__init__()
        self.tandem = tandem

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(
                _("Forget {tandem}").format(tandem=literal(self.tandem.label)),
                classes="dialog-title",
            )
            yield Static(
                _(
                    "This removes the tandem and everything tandem-tui keeps of it: sessions, "
                    "shared and private notes, follow-ups, feedback and backups. "
                    "[b]It cannot be undone.[/b]"
                ),
                classes="dialog-text",
            )
            yield Label(_("Type {id} to go ahead").format(id=self.tandem.id))
            yield Input(id="confirm", compact=True)
            yield Label("", id="confirm-error", classes="field-error")
            with Horizontal(classes="buttons"):
                yield Button(_("Forget"), variant="error", id="save", compact=True)
                yield Button(_("Cancel"), id="cancel", compact=True)

    def on_mount(self) -> None:
        self.set_focus(self.query_one("#confirm", Input))

    def action_save(self) -> None:
        if self.query_one("#confirm", Input).value.strip() != self.tandem.id:
            self.query_one("#confirm-error", Label).update(
                _("Type the id exactly, {id}, or press Escape to keep it.").format(
                    id=self.tandem.id
                )
            )
            return
        self.dismiss(self.tandem.id)
