"""The agendas and programs tandem-tui knows: open one in its editor, or start a new one."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Header, OptionList, Static
from textual.widgets.option_list import Option

from tandem_tui.authoring import is_bundled, take_unsaved, unsaved_drafts
from tandem_tui.i18n import N_, _, ngettext
from tandem_tui.screens.host import Host
from tandem_tui.text import literal
from tandem_tui.widgets.footer import Footer

#: How often a program's tandems meet, as its line in the list says it: in English
#: the value as a program file writes it.
CADENCES = {
    # TRANSLATORS: how often a program's tandems meet, in the list of programs.
    "weekly": N_("weekly"),
    "every-2-weeks": N_("every-2-weeks"),
    "every-4-weeks": N_("every-4-weeks"),
    "monthly": N_("monthly"),
}


class LibraryScreen(Screen[None]):
    BINDINGS = [
        Binding("enter", "open", N_("Open"), id="open", priority=True),
        Binding("n", "new_agenda", N_("New agenda"), id="new-agenda"),
        Binding("p", "new_program", N_("New program"), id="new-program"),
        Binding("escape", "app.pop_screen", N_("Back"), id="back"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="home"):
            yield OptionList(id="library-list")
            yield Static(
                _(
                    "[dim]Bundled ones open read-only; Ctrl+E in the editor duplicates one "
                    "to edit. Yours are saved in your agenda folder.[/dim]"
                ),
                id="home-hint",
            )
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = _("Agendas and programs")
        self.reload()

    def on_screen_resume(self) -> None:
        self.reload()

    def reload(self) -> None:
        app = self.app
        assert isinstance(app, Host)
        library = app.library
        options: list[Option | None] = []
        # Drafts an editor kept unsaved when the app last closed: on top, to go on with.
        kept: set[tuple[str, str]] = set()
        for path in unsaved_drafts(app.store.home):
            kind, _sep, key = path.stem.partition("-")
            kept.add((kind, key))
            known = library.agendas if kind == "agenda" else library.programs
            draft = take_unsaved(app.store.home, kind, key)
            if key in known or draft is None:
                continue
            title = literal(draft.title or _("(no title yet)"))
            options.append(
                Option(
                    (
                        _("[b $warning]Unsaved[/] agenda {title}  ")
                        if kind == "agenda"
                        else _("[b $warning]Unsaved[/] program {title}  ")
                    ).format(title=title)
                    + _("[dim]kept from last time · Enter goes on with it[/dim]"),
                    id=f"unsaved-{kind}:{key}",
                )
            )
        unsaved_mark = _(" · [b $warning]unsaved changes kept[/]")
        for program in sorted(library.programs.values(), key=lambda p: p.id):
            where = _("bundled") if is_bundled(program.source) else _("yours")
            mark = unsaved_mark if ("program", program.id) in kept else ""
            sessions = ngettext("{count} session", "{count} sessions", len(program.sessions))
            options.append(
                Option(
                    _(
                        "[b]Program[/b] {title}  [dim]{id} · {where} · {sessions}, {cadence}[/dim]"
                    ).format(
                        title=literal(program.title),
                        id=program.id,
                        where=where,
                        sessions=sessions.format(count=len(program.sessions)),
                        cadence=_(CADENCES.get(program.cadence.value, program.cadence.value)),
                    )
                    + mark,
                    id=f"program:{program.id}",
                )
            )
        options.append(None)
        for agenda in sorted(library.agendas.values(), key=lambda a: (a.language, a.id)):
            where = _("bundled") if is_bundled(agenda.source) else _("yours")
            mark = unsaved_mark if ("agenda", agenda.id) in kept else ""
            cards = ngettext("{count} card", "{count} cards", len(agenda.cards))
            options.append(
                Option(
                    _("Agenda {title}  [dim]{id} · {where} · {cards}, {minutes} min[/dim]").format(
                        title=literal(agenda.title),
                        id=agenda.id,
                        where=where,
                        cards=cards.format(count=len(agenda.cards)),
                        minutes=agenda.total_minutes,
                    )
                    + mark,
                    id=f"agenda:{agenda.id}",
                )
            )
        chooser = self.query_one("#library-list", OptionList)
        before = chooser.highlighted
        chooser.set_options(options)
        # Enter opens what is highlighted: there always is something, from the start.
        chooser.highlighted = min(before or 0, chooser.option_count - 1)
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
        app = self.app
        assert isinstance(app, Host)
        kind, _, item_id = option_id.partition(":")
        if kind == "agenda":
            app.edit_agenda(item_id)
        elif kind == "program":
            app.edit_program(item_id)
        elif kind == "unsaved-agenda":
            app.edit_agenda(None, "" if item_id == "new" else item_id)
        elif kind == "unsaved-program":
            app.edit_program(None, "" if item_id == "new" else item_id)

    def action_new_agenda(self) -> None:
        if isinstance(self.app, Host):
            self.app.edit_agenda(None)

    def action_new_program(self) -> None:
        if isinstance(self.app, Host):
            self.app.edit_program(None)
