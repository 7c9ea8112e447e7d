"""The program editor: which agenda for session 1..N, the cadence and the meeting length.

A program is only a plan for meetings to come: each session keeps its own copy of
the agenda it was held with, so changing a program never rewrites a session held.
"""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Header, Input, Label, OptionList, Select, Static
from textual.widgets.option_list import Option

from tandem_tui.authoring import ProgramDraft
from tandem_tui.i18n import N_, _
from tandem_tui.model import Cadence
from tandem_tui.screens.editor import DraftEditor, editor_bindings
from tandem_tui.screens.host import Host
from tandem_tui.widgets.footer import Footer

CADENCES = [
    (N_("weekly"), Cadence.WEEKLY),
    (N_("every two weeks"), Cadence.EVERY_2_WEEKS),
    (N_("every four weeks"), Cadence.EVERY_4_WEEKS),
    (N_("monthly"), Cadence.MONTHLY),
]


class ProgramEditorScreen(DraftEditor):
    ITEM = "session"
    BINDINGS = editor_bindings(N_("New session"), N_("Remove session"))
    KIND = "program"
    ID_FIELD = "#program-id"
    HINT = N_("Sessions already held keep the agenda they were held with.")
    SAYS = {
        "restored": N_(
            "Restored the program as it was, unsaved, when tandem-tui last closed. "
            "Ctrl+S saves it; Escape twice drops it."
        ),
        "not kept": N_("The unsaved program could not be kept: {error}"),
        "at least one": N_("This program needs at least one session."),
    }

    def __init__(
        self,
        draft: ProgramDraft,
        *,
        folder: Path,
        source: str | None = None,
        unsaved_key: str | None = None,
        recovered: bool = False,
    ) -> None:
        super().__init__(
            draft, folder=folder, source=source, unsaved_key=unsaved_key, recovered=recovered
        )
        self.program = draft

    @property
    def items(self) -> list[str]:
        return self.program.sessions

    def new_item(self) -> str:
        """The agenda after the selected session's, in the program's language.

        Agendas of one series sort by id (`rm-en-1-kickoff`, `rm-en-2-...`), so adding
        sessions one after the other lays out a series in order, ready to change.
        """
        app = self.app
        assert isinstance(app, Host)
        agendas = app.library.agendas
        language = self.program.language.strip()
        same_language = sorted(a for a in agendas if agendas[a].language == language)
        candidates = same_language or sorted(agendas)
        if not self.program.sessions:
            return next(iter(candidates), "")
        current = self.program.sessions[self.index]
        if current not in candidates:
            return current
        return candidates[min(candidates.index(current) + 1, len(candidates) - 1)]

    def duplicate(self) -> ProgramEditorScreen:
        draft = self.program
        copy = ProgramDraft(
            id=f"{draft.id}-copy",
            title=_("{title} (copy)").format(title=draft.title),
            language=draft.language,
            description=draft.description,
            cadence=draft.cadence,
            meeting_minutes=draft.meeting_minutes,
            sessions=list(draft.sessions),
        )
        return ProgramEditorScreen(copy, folder=self.folder)

    def compose(self) -> ComposeResult:
        app = self.app
        assert isinstance(app, Host)
        agendas = sorted(app.library.agendas.values(), key=lambda a: (a.language, a.id))
        yield Header()
        with VerticalScroll(id="editor"):
            yield Static("", id="editor-note")
            with Horizontal(classes="editor-row"):
                with Vertical(classes="editor-field"):
                    yield Label(_("Id (the file's name)"))
                    yield Input(self.program.id, id="program-id", compact=True)
                    yield Label("", id="program-id-error", classes="field-error")
                with Vertical(classes="editor-field narrow"):
                    yield Label(_("Language"))
                    yield Input(self.program.language, id="program-language", compact=True)
                    yield Label("", id="program-language-error", classes="field-error")
            yield Label(_("Title"))
            yield Input(self.program.title, id="program-title", compact=True)
            yield Label("", id="program-title-error", classes="field-error")
            with Horizontal(classes="editor-row"):
                with Vertical(classes="editor-field"):
                    yield Label(_("Cadence"))
                    yield Select(
                        [(_(words), cadence) for words, cadence in CADENCES],
                        value=self.program.cadence,
                        allow_blank=False,
                        id="program-cadence",
                        compact=True,
                    )
                with Vertical(classes="editor-field"):
                    yield Label(_("Meeting length in minutes"))
                    yield Input(
                        self.program.meeting_minutes, id="program-meeting_minutes", compact=True
                    )
                    yield Label("", id="program-meeting_minutes-error", classes="field-error")
            with Horizontal(id="cards-area"):
                with Vertical(id="card-list-column"):
                    yield Label(_("Sessions"), classes="pane-title")
                    yield OptionList(id="session-list")
                with Vertical(id="card-form"):
                    yield Label("", id="session-heading", classes="pane-title")
                    yield Select(
                        [
                            (
                                _("{title} ({id}, {minutes} min)").format(
                                    title=a.title, id=a.id, minutes=a.total_minutes
                                ),
                                a.id,
                            )
                            for a in agendas
                        ],
                        allow_blank=True,
                        prompt=_("Choose the agenda"),
                        id="session-agenda",
                        compact=True,
                    )
            yield Static("", id="editor-problems")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = _("Program {id}").format(id=self.program.id or _("(new)"))
        if self.read_only:
            for widget in self.query("Input, Select"):
                widget.disabled = True
        self.show_target()
        self.query_one("#program-id", Input).disabled = self.read_only or self.source is not None
        self.refresh_items()
        self.load_item()
        self.run_checks()
        if not self.read_only:
            self.query_one("#program-title" if self.source else "#program-id", Input).focus()

    def refresh_items(self) -> None:
        app = self.app
        assert isinstance(app, Host)
        options = []
        for number, agenda_id in enumerate(self.program.sessions, start=1):
            agenda = app.library.agendas.get(agenda_id)
            title = agenda.title if agenda else _("{id} (missing)").format(id=agenda_id)
            options.append(Option(f"{number}. {title}", id=str(number - 1)))
        session_list = self.query_one("#session-list", OptionList)
        session_list.set_options(options)
        if self.program.sessions:
            session_list.highlighted = self.index

    def load_item(self) -> None:
        heading = self.query_one("#session-heading", Label)
        chooser = self.query_one("#session-agenda", Select)
        if not self.program.sessions:
            heading.update(_("No sessions yet: Ctrl+N adds one"))
            chooser.display = False
            return
        chooser.display = True
        heading.update(
            _("Agenda of session {number} of {total}").format(
                number=self.index + 1, total=len(self.program.sessions)
            )
        )
        app = self.app
        assert isinstance(app, Host)
        agenda_id = self.program.sessions[self.index]
        with chooser.prevent(Select.Changed):
            chooser.value = agenda_id if agenda_id in app.library.agendas else Select.BLANK

    def show_problems(self) -> None:
        fields = ("id", "title", "language", "meeting_minutes")
        shown: dict[str, list[str]] = {name: [] for name in fields}
        elsewhere = []
        for problem in self.problems:
            name = (problem.field or "").removeprefix("program.")
            if name in shown:
                shown[name].append(problem.message)
            elif name == "sessions" and not self.program.sessions:
                # The file's words ("sessions = [...]") mean nothing here: say it the app's way.
                elsewhere.append(_("no sessions yet: Ctrl+N adds one, then choose its agenda"))
            else:
                elsewhere.append(problem.message)
        for name, messages in shown.items():
            self.query_one(f"#program-{name}-error", Label).update("; ".join(messages))
        self.query_one("#editor-problems", Static).update(
            "\n".join(f"[$error]•[/] {line}" for line in elsewhere) + self.problem_summary()
        )

    @on(Input.Changed)
    def field_changed(self, event: Input.Changed) -> None:
        name = (event.input.id or "").removeprefix("program-")
        if name in ("id", "title", "language", "meeting_minutes"):
            setattr(self.program, name, event.value)
            self.edited()

    @on(Select.Changed, "#program-cadence")
    def cadence_changed(self, event: Select.Changed) -> None:
        if isinstance(event.value, Cadence):
            self.program.cadence = event.value
            self.edited()

    @on(Select.Changed, "#session-agenda")
    def agenda_changed(self, event: Select.Changed) -> None:
        if self.program.sessions and isinstance(event.value, str):
            self.program.sessions[self.index] = event.value
            self.edited()

    @on(OptionList.OptionHighlighted, "#session-list")
    def session_chosen(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id is not None and int(event.option.id) != self.index:
            self.index = int(event.option.id)
            self.load_item()

    def action_add_item(self) -> None:
        super().action_add_item()
        self.query_one("#session-agenda", Select).focus()
