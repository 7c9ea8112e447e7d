"""A dialog to register a tandem: both names required, two different people, a known program."""

from __future__ import annotations

from textual import getters
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Select, Static

from tandem_tui.screens.dialog import FormDialog
from tandem_tui.store import StoreError
from tandem_tui.tandems import TandemError, TandemInput, build_tandem, default_program

FIELDS = ("mentor", "mentee", "mentor_email", "mentee_email", "program")


class AddTandemScreen(FormDialog[str]):
    """Returns the new tandem's id, or None when cancelled."""

    program = getters.query_one("#program", Select)

    def __init__(self, welcome: str = "") -> None:
        super().__init__()
        self.welcome = welcome

    def compose(self) -> ComposeResult:
        from tandem_tui.app import TandemApp

        app = self.app
        assert isinstance(app, TandemApp)
        programs = sorted(app.library.programs.values(), key=lambda p: p.id)
        with Vertical(id="dialog"):
            yield Label("New tandem", classes="dialog-title")
            if self.welcome:
                yield Static(self.welcome, id="dialog-welcome")
            for field, label, placeholder in (
                ("mentor", "Mentor (the junior who coaches)", "Name"),
                ("mentee", "Mentee (the senior who learns)", "Name"),
                ("mentor_email", "Mentor's e-mail (optional)", "name@example.org"),
                ("mentee_email", "Mentee's e-mail (optional)", "name@example.org"),
            ):
                yield Label(label)
                yield Input(placeholder=placeholder, id=field, compact=True)
                yield Label("", id=f"{field}-error", classes="field-error")
            yield Label("Program")
            yield Select(
                [(f"{p.title} ({p.language})", p.id) for p in programs],
                value=default_program(app.library) or Select.BLANK,
                allow_blank=False,
                compact=True,
                id="program",
            )
            yield Label("", id="program-error", classes="field-error")
            with Horizontal(classes="buttons"):
                yield Button("Save", variant="primary", id="save", compact=True)
                yield Button("Cancel", id="cancel", compact=True)

    def action_save(self) -> None:
        from tandem_tui.app import TandemApp

        app = self.app
        assert isinstance(app, TandemApp)

        def typed(field: str) -> str:
            return self.query_one(f"#{field}", Input).value

        program = self.program.value
        given = TandemInput(
            mentor=typed("mentor"),
            mentee=typed("mentee"),
            mentor_email=typed("mentor_email"),
            mentee_email=typed("mentee_email"),
            program=program if isinstance(program, str) else "",
        )
        for field in FIELDS:
            self.query_one(f"#{field}-error", Label).update("")
        try:
            tandem = build_tandem(given, app.library, app.store.tandem_ids())
            app.store.add_tandem(tandem)
        except TandemError as error:
            for problem in error.problems:
                field, _, message = problem.partition(": ")
                target = field if field in FIELDS else "mentor"
                self.query_one(f"#{target}-error", Label).update(message)
            return
        except StoreError as error:
            self.notify(str(error), severity="error")
            return
        self.dismiss(tandem.id)
