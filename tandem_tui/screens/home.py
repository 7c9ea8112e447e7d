"""The home screen: every tandem with its progress; add one, or start or resume its meeting."""

from __future__ import annotations

from textual import getters
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from tandem_tui.store import StoreError, TandemSummary

WELCOME = (
    "Welcome to tandem-tui. A tandem is a pair: a junior [b]mentor[/b] who coaches a senior "
    "[b]mentee[/b] on digital tools and new ways of working, and learns about leadership in "
    "return. Add your first tandem to begin: press [b]a[/b]."
)


class HomeScreen(Screen[None]):
    """Tandems and their progress, never their content."""

    BINDINGS = [
        Binding(
            "enter", "meet", "Meet", id="meet", tooltip="Start or resume this tandem's meeting"
        ),
        Binding("a", "add", "Add tandem", id="add", tooltip="Register a new tandem"),
        Binding("r", "reload", "Refresh", show=False, id="reload"),
    ]

    table = getters.query_one("#tandems", DataTable)
    welcome = getters.query_one("#welcome", Static)

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="home"):
            yield Static(WELCOME, id="welcome")
            yield DataTable(id="tandems", cursor_type="row", zebra_stripes=True)
            yield Static("", id="home-problems")
        yield Footer()

    def on_mount(self) -> None:
        self.table.add_columns(
            "Tandem", "Mentor", "Mentee", "Session", "Last met", "Next", "Open follow-ups"
        )
        self.reload()
        if not self.table.row_count:
            self.action_add()  # first run: the welcome, and the form right away

    def on_screen_resume(self) -> None:
        self.reload()

    def reload(self) -> None:
        from tandem_tui.app import TandemApp

        app = self.app
        assert isinstance(app, TandemApp)
        tandems, problems = app.store.tandems()
        today = app.clock.now().date()
        self.table.clear()
        for tandem in tandems:
            summary: TandemSummary = app.store.summary(tandem, today)
            program = app.library.programs.get(tandem.program)
            planned = len(program.sessions) if program else "?"
            session = (
                f"{summary.running_session} of {planned} (open)"
                if summary.running_session
                else f"{summary.sessions_held + 1} of {planned}"
                if not program or summary.sessions_held < len(program.sessions)
                else f"all {planned} held"
            )
            next_meeting = (
                tandem.next_meeting.astimezone().strftime("%Y-%m-%d %H:%M")
                if tandem.next_meeting
                else "-"
            )
            overdue = f" ({summary.overdue_followups} overdue)" if summary.overdue_followups else ""
            self.table.add_row(
                tandem.id,
                tandem.mentor.name,
                tandem.mentee.name,
                session,
                summary.last_met or "-",
                next_meeting,
                f"{summary.open_followups}{overdue}",
                key=tandem.id,
            )
        self.welcome.display = not tandems
        self.table.display = bool(tandems)
        self.query_one("#home-problems", Static).update(
            "\n".join(f"[b]Could not read:[/b] {problem}" for problem in problems)
        )
        if tandems:
            self.table.focus()

    def action_reload(self) -> None:
        self.reload()

    def action_add(self) -> None:
        from tandem_tui.screens.add_tandem import AddTandemScreen

        def added(tandem_id: str | None) -> None:
            self.reload()
            if tandem_id:
                self.notify(f"Added tandem {tandem_id}. Press Enter to hold its first meeting.")
                self.table.move_cursor(row=self.table.get_row_index(tandem_id))

        self.app.push_screen(AddTandemScreen(), added)

    def action_meet(self) -> None:
        if not self.table.row_count:
            self.action_add()
            return
        row_key, _ = self.table.coordinate_to_cell_key(self.table.cursor_coordinate)
        if row_key.value is None:
            return
        try:
            from tandem_tui.app import TandemApp

            app = self.app
            assert isinstance(app, TandemApp)
            app.open_meeting(row_key.value)
        except StoreError as error:
            self.notify(str(error), severity="error")

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_meet()
