"""A dialog to register or edit a tandem: both names required, two different people, a known
program; e-mails and learning goals optional."""

from __future__ import annotations

from textual import getters
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Select, Static

from tandem_tui.i18n import _
from tandem_tui.model import Tandem
from tandem_tui.screens.dialog import FormDialog
from tandem_tui.screens.host import Host
from tandem_tui.store import StoreError
from tandem_tui.tandems import (
    TandemError,
    TandemInput,
    build_tandem,
    default_program,
    edit_tandem,
    split_goals,
)
from tandem_tui.text import literal

FIELDS = ("mentor", "mentee", "mentor_email", "mentee_email", "goals", "program")


class AddTandemScreen(FormDialog[str]):
    """Returns the new (or edited) tandem's id, or None when cancelled."""

    program = getters.query_one("#program", Select)

    def __init__(self, welcome: str = "", *, tandem: Tandem | None = None) -> None:
        super().__init__()
        self.welcome = welcome
        self.tandem = tandem

    def compose(self) -> ComposeResult:
        app = self.app
        assert isinstance(app, Host)
        programs = sorted(app.library.programs.values(), key=lambda p: p.id)
        with Vertical(id="dialog"):
            tandem = self.tandem
            title = _("Edit tandem {id}").format(id=tandem.id) if tandem else _("New tandem")
            yield Label(title, classes="dialog-title")
            if self.welcome:
                yield Static(self.welcome, id="dialog-welcome")
            # Mentor and mentee side by side: the form fits 80x24 with the welcome.
            for row in (
                (
                    ("mentor", _("Mentor: the junior, coaches"), _("Name"), "name"),
                    ("mentee", _("Mentee: the senior, learns"), _("Name"), "name"),
                ),
                (
                    ("mentor_email", _("Mentor's e-mail (optional)"), "name@example.org", "email"),
                    ("mentee_email", _("Mentee's e-mail (optional)"), "name@example.org", "email"),
                ),
            ):
                with Horizontal(classes="form-row"):
                    for field, label, placeholder, part in row:
                        person = getattr(tandem, field.split("_")[0]) if tandem else None
                        with Vertical(classes="form-cell"):
                            yield Label(label)
                            yield Input(
                                getattr(person, part) if person else "",
                                placeholder=placeholder,
                                id=field,
                                compact=True,
                            )
                            yield Label("", id=f"{field}-error", classes="field-error")
            yield Label(_("Learning goals (optional; separate them with ;)"))
            yield Input(
                "; ".join(tandem.goals) if tandem else "",
                placeholder=_("e.g. Use the team chat; Understand what trainees expect"),
                id="goals",
                compact=True,
            )
            yield Label("", id="goals-error", classes="field-error")
            yield Label(_("Program: applies from the next session on") if tandem else _("Program"))
            known = {p.id for p in programs}
            if tandem and tandem.program in known:
                chosen: str | None = tandem.program
            else:
                chosen = default_program(app.library)
            yield Select(
                [(f"{p.title} ({p.language})", p.id) for p in programs],
                value=chosen or Select.BLANK,
                allow_blank=False,
                compact=True,
                id="program",
            )
            note = ""
            if tandem is not None and tandem.program not in known:
                note = _(
                    'its program "{program}" is not installed any more; '
                    "saving moves it to the one chosen here"
                ).format(program=literal(tandem.program))
            yield Label(note, id="program-error", classes="field-error")
            with Horizontal(classes="buttons"):
                yield Button(_("Save"), variant="primary", id="save", compact=True)
                yield Button(_("Cancel"), id="cancel", compact=True)

    def action_save(self) -> None:
        app = self.app
        assert isinstance(app, Host)

        def typed(field: str) -> str:
            return self.query_one(f"#{field}", Input).value

        program = self.program.value
        given = TandemInput(
            mentor=typed("mentor"),
            mentee=typed("mentee"),
            mentor_email=typed("mentor_email"),
            mentee_email=typed("mentee_email"),
            program=program if isinstance(program, str) else "",
            goals=split_goals(typed("goals")),
        )
        for field in FIELDS:
            self.query_one(f"#{field}-error", Label).update("")
        try:
            registered, _ = app.store.tandems()
            if self.tandem is not None:
                tandem = edit_tandem(self.tandem, given, app.library, registered=registered)
                app.store.update_tandem(tandem)
            else:
                tandem = build_tandem(
                    given, app.library, app.store.taken_ids(), registered=registered
                )
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
