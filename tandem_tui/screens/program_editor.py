"""The program editor: which agenda for session 1..N, the cadence and the meeting length.

A program is only a plan for meetings to come: each session keeps its own copy of
the agenda it was held with, so changing a program never rewrites a session held.
"""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Label, OptionList, Select, Static
from textual.widgets.option_list import Option

from tandem_tui.agendas import Problem, display_path
from tandem_tui.authoring import ProgramDraft, check, errors, is_bundled, save, target_path
from tandem_tui.model import Cadence

CADENCES = [
    ("weekly", Cadence.WEEKLY),
    ("every two weeks", Cadence.EVERY_2_WEEKS),
    ("every four weeks", Cadence.EVERY_4_WEEKS),
    ("monthly", Cadence.MONTHLY),
]


class ProgramEditorScreen(Screen[str | None]):
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="save", priority=True),
        Binding("ctrl+n", "add_session", "New session", id="add-session", priority=True),
        Binding("ctrl+d", "remove_session", "Remove session", id="remove-session", priority=True),
        Binding("ctrl+up", "move_session(-1)", "Move up", id="session-up", priority=True),
        Binding("ctrl+down", "move_session(1)", "Move down", id="session-down", priority=True),
        Binding("ctrl+e", "duplicate", "Duplicate to edit", id="duplicate", priority=True),
        Binding("escape", "leave", "Back", id="leave"),
    ]

    def __init__(self, draft: ProgramDraft, *, folder: Path, source: str | None = None) -> None:
        super().__init__()
        self.draft = draft
        self.folder = folder
        self.source = source
        self.read_only = is_bundled(source)
        self.index = 0
        self.problems: list[Problem] = []
        self.dirty = False
        self._leave_warned = False

    @property
    def path(self) -> Path:
        return target_path(self.folder, self.draft.id or "new-program", self.source)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "duplicate":
            return self.read_only
        if action in ("save", "add_session", "remove_session", "move_session"):
            return not self.read_only
        return True

    def compose(self) -> ComposeResult:
        from tandem_tui.app import TandemApp

        app = self.app
        assert isinstance(app, TandemApp)
        agendas = sorted(app.library.agendas.values(), key=lambda a: (a.language, a.id))
        yield Header()
        with VerticalScroll(id="editor"):
            yield Static("", id="editor-note")
            with Horizontal(classes="editor-row"):
                with Vertical(classes="editor-field"):
                    yield Label("Id (the file's name)")
                    yield Input(self.draft.id, id="program-id", compact=True)
                    yield Label("", id="program-id-error", classes="field-error")
                with Vertical(classes="editor-field narrow"):
                    yield Label("Language")
                    yield Input(self.draft.language, id="program-language", compact=True)
                    yield Label("", id="program-language-error", classes="field-error")
            yield Label("Title")
            yield Input(self.draft.title, id="program-title", compact=True)
            yield Label("", id="program-title-error", classes="field-error")
            with Horizontal(classes="editor-row"):
                with Vertical(classes="editor-field"):
                    yield Label("Cadence")
                    yield Select(
                        CADENCES,
                        value=self.draft.cadence,
                        allow_blank=False,
                        id="program-cadence",
                        compact=True,
                    )
                with Vertical(classes="editor-field"):
                    yield Label("Meeting length in minutes")
                    yield Input(
                        self.draft.meeting_minutes, id="program-meeting_minutes", compact=True
                    )
                    yield Label("", id="program-meeting_minutes-error", classes="field-error")
            with Horizontal(id="cards-area"):
                with Vertical(id="card-list-column"):
                    yield Label("Sessions", classes="pane-title")
                    yield OptionList(id="session-list")
                with Vertical(id="card-form"):
                    yield Label("", id="session-heading", classes="pane-title")
                    yield Select(
                        [(f"{a.title} ({a.id}, {a.total_minutes} min)", a.id) for a in agendas],
                        allow_blank=True,
                        prompt="Choose the agenda",
                        id="session-agenda",
                        compact=True,
                    )
            yield Static("", id="editor-problems")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = f"Program {self.draft.id or '(new)'}"
        if self.read_only:
            for widget in self.query("Input, Select"):
                widget.disabled = True
            note = (
                "[b $warning]Bundled with tandem-tui: read-only.[/] "
                "Ctrl+E duplicates it into your agendas, to edit."
            )
        else:
            note = ""
        self.query_one("#editor-note", Static).update(note)
        self.show_target()
        self.query_one("#program-id", Input).disabled = self.read_only or self.source is not None
        self.refresh_sessions()
        self.load_session()
        self.run_checks()
        if not self.read_only:
            self.query_one("#program-title" if self.source else "#program-id", Input).focus()

    def refresh_sessions(self) -> None:
        from tandem_tui.app import TandemApp

        app = self.app
        assert isinstance(app, TandemApp)
        options = []
        for number, agenda_id in enumerate(self.draft.sessions, start=1):
            agenda = app.library.agendas.get(agenda_id)
            title = agenda.title if agenda else f"{agenda_id} (missing)"
            options.append(Option(f"{number}. {title}", id=str(number - 1)))
        session_list = self.query_one("#session-list", OptionList)
        session_list.set_options(options)
        if self.draft.sessions:
            session_list.highlighted = self.index

    def load_session(self) -> None:
        heading = self.query_one("#session-heading", Label)
        chooser = self.query_one("#session-agenda", Select)
        if not self.draft.sessions:
            heading.update("No sessions yet: Ctrl+N adds one")
            chooser.display = False
            return
        chooser.display = True
        heading.update(f"Agenda of session {self.index + 1} of {len(self.draft.sessions)}")
        from tandem_tui.app import TandemApp

        app = self.app
        assert isinstance(app, TandemApp)
        agenda_id = self.draft.sessions[self.index]
        with chooser.prevent(Select.Changed):
            chooser.value = agenda_id if agenda_id in app.library.agendas else Select.BLANK

    def run_checks(self) -> None:
        from tandem_tui.app import TandemApp

        app = self.app
        assert isinstance(app, TandemApp)
        self.problems = check(self.draft, self.path, app.library, source=self.source)
        fields = ("id", "title", "language", "meeting_minutes")
        shown: dict[str, list[str]] = {name: [] for name in fields}
        elsewhere = []
        for problem in self.problems:
            name = (problem.field or "").removeprefix("program.")
            if name in shown:
                shown[name].append(problem.message)
            else:
                elsewhere.append(problem.message)
        for name, messages in shown.items():
            self.query_one(f"#program-{name}-error", Label).update("; ".join(messages))
        count = len(errors(self.problems))
        self.query_one("#editor-problems", Static).update(
            "\n".join(f"[$error]•[/] {line}" for line in elsewhere)
            + (f"\n[b]{count} to fix before saving[/b]" if count else "")
        )

    def show_target(self) -> None:
        if not self.read_only:
            self.query_one("#editor-note", Static).update(
                f"[dim]Saves to {display_path(self.path)}. Sessions already held keep the agenda "
                "they were held with.[/dim]"
            )

    def edited(self) -> None:
        self.show_target()
        self.dirty = True
        self._leave_warned = False
        self.refresh_sessions()
        self.run_checks()

    @on(Input.Changed)
    def field_changed(self, event: Input.Changed) -> None:
        name = (event.input.id or "").removeprefix("program-")
        if name in ("id", "title", "language", "meeting_minutes"):
            setattr(self.draft, name, event.value)
            self.edited()

    @on(Select.Changed, "#program-cadence")
    def cadence_changed(self, event: Select.Changed) -> None:
        if isinstance(event.value, Cadence):
            self.draft.cadence = event.value
            self.edited()

    @on(Select.Changed, "#session-agenda")
    def agenda_changed(self, event: Select.Changed) -> None:
        if self.draft.sessions and isinstance(event.value, str):
            self.draft.sessions[self.index] = event.value
            self.edited()

    @on(OptionList.OptionHighlighted, "#session-list")
    def session_chosen(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id is not None and int(event.option.id) != self.index:
            self.index = int(event.option.id)
            self.load_session()

    def action_add_session(self) -> None:
        from tandem_tui.app import TandemApp

        app = self.app
        assert isinstance(app, TandemApp)
        known = sorted(a.id for a in app.library.agendas.values())
        last = self.draft.sessions[self.index] if self.draft.sessions else (known or [""])[0]
        self.index = len(self.draft.sessions) and self.index + 1
        self.draft.sessions.insert(self.index, last)
        self.edited()
        self.load_session()
        self.query_one("#session-agenda", Select).focus()

    def action_remove_session(self) -> None:
        if not self.draft.sessions:
            return
        self.draft.sessions.pop(self.index)
        self.index = max(0, min(self.index, len(self.draft.sessions) - 1))
        self.edited()
        self.load_session()

    def action_move_session(self, step: int) -> None:
        target = self.index + step
        sessions = self.draft.sessions
        if not 0 <= target < len(sessions):
            return
        sessions[self.index], sessions[target] = sessions[target], sessions[self.index]
        self.index = target
        self.edited()
        self.load_session()

    def action_duplicate(self) -> None:
        copy = ProgramDraft(
            id=f"{self.draft.id}-copy",
            title=f"{self.draft.title} (copy)",
            language=self.draft.language,
            description=self.draft.description,
            cadence=self.draft.cadence,
            meeting_minutes=self.draft.meeting_minutes,
            sessions=list(self.draft.sessions),
        )
        self.app.switch_screen(ProgramEditorScreen(copy, folder=self.folder))

    def action_save(self) -> None:
        from tandem_tui.app import TandemApp

        self.run_checks()
        if errors(self.problems):
            self.notify(
                f"Not saved: {len(errors(self.problems))} to fix first; see beside the fields.",
                severity="error",
            )
            return
        path = self.path
        try:
            save(self.draft, path)
        except OSError as error:
            self.notify(f"Not saved: {error}", severity="error", timeout=15)
            return
        app = self.app
        if isinstance(app, TandemApp):
            app.reload_library()
        self.source = str(path)
        self.dirty = False
        self.query_one("#program-id", Input).disabled = True
        self.notify(f"Saved {display_path(path)}")

    def action_leave(self) -> None:
        if self.dirty and not self._leave_warned:
            self._leave_warned = True
            self.notify("Unsaved changes: Ctrl+S saves; Escape again leaves without saving.")
            return
        self.dismiss(self.draft.id if self.source else None)
