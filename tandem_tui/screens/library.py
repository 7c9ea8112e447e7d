"""The agendas and programs tandem-tui knows: open one in its editor, or start a new one."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Header, OptionList, Static
from textual.widgets.option_list import Option

from tandem_tui.authoring import is_bundled
from tandem_tui.widgets.footer import Footer


class LibraryScreen(Screen[None]):
    BINDINGS = [
        Binding("enter", "open", "Open", id="open", priority=True),
        Binding("n", "new_agenda", "New agenda", id="new-agenda"),
        Binding("p", "new_program", "New program", id="new-program"),
        Binding("escape", "app.pop_screen", "Back", id="back"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="home"):
            yield OptionList(id="library-list")
            yield Static(
                "[dim]Bundled ones open read-only; Ctrl+E in the editor duplicates one to edit. "
                "Yours are saved in your agenda folder.[/dim]",
                id="home-hint",
            )
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Agendas and programs"
        self.reload()

    def on_screen_resume(self) -> None:
        self.reload()

    def reload(self) -> None:
        from tandem_tui.app import TandemApp

        app = self.app
        assert isinstance(app, TandemApp)
        library = app.library
        options: list[Option | None] = []
        for program in sorted(library.programs.values(), key=lambda p: p.id):
            where = "bundled" if is_bundled(program.source) else "yours"
            options.append(
                Option(
                    f"[b]Program[/b] {program.title}  [dim]{program.id} · {where} · "
                    f"{len(program.sessions)} sessions, {program.cadence.value}[/dim]",
                    id=f"program:{program.id}",
                )
            )
        options.append(None)
        for agenda in sorted(library.agendas.values(), key=lambda a: (a.language, a.id)):
            where = "bundled" if is_bundled(agenda.source) else "yours"
            options.append(
                Option(
                    f"Agenda {agenda.title}  [dim]{agenda.id} · {where} · "
                    f"{len(agenda.cards)} cards, {agenda.total_minutes} min[/dim]",
                    id=f"agenda:{agenda.id}",
                )
            )
        chooser = self.query_one("#library-list", OptionList)
        chooser.set_options(options)
        chooser.focus()

    def action_open(self) -> None:
        chooser = self.query_one("#library-list", OptionList)
        if chooser.highlighted is None:
            return
        option_id = chooser.get_option_at_index(chooser.highlighted).id or ""
        self.open(option_id)

    @on(OptionList.OptionSelected, "#library-list")
    def chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.open(event.option.id or "")

    def open(self, option_id: str) -> None:
        from tandem_tui.app import TandemApp

        app = self.app
        assert isinstance(app, TandemApp)
        kind, _, item_id = option_id.partition(":")
        if kind == "agenda":
            app.edit_agenda(item_id)
        elif kind == "program":
            app.edit_program(item_id)

    def action_new_agenda(self) -> None:
        from tandem_tui.app import TandemApp

        if isinstance(self.app, TandemApp):
            self.app.edit_agenda(None)

    def action_new_program(self) -> None:
        from tandem_tui.app import TandemApp

        if isinstance(self.app, TandemApp):
            self.app.edit_program(None)
