"""The home screen: every tandem with its progress; add one, or start or resume its meeting."""

from __future__ import annotations

from datetime import date, datetime

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


def short_date(when: date | datetime, today: date, *, with_time: bool = False) -> str:
    """`27 Nov`, `27 Nov 17:00`; with the year only when it is not this year's."""
    day = when.date() if isinstance(when, datetime) else when
    text = f"{day.day} {day:%b}" + (f" {day.year}" if day.year != today.year else "")
    if with_time and isinstance(when, datetime):
        text += f" {when:%H:%M}"
    return text


WELCOME_FORM = (
    "Welcome to tandem-tui. A tandem pairs a junior [b]mentor[/b], who coaches, with a senior "
    "[b]mentee[/b], who learns. Register your first one; Escape lets you look around first."
)


class HomeScreen(Screen[None]):
    """Tandems and their progress, never their content."""

    BINDINGS = [
        # Priority, so the footer shows it rather than the table's own (hidden) Enter.
        Binding(
            "enter",
            "meet",
            "Meet",
            id="meet",
            priority=True,
            tooltip="Start or resume this tandem's meeting",
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
            yield Static("", id="home-hint")
            yield Static("", id="home-problems")
        yield Footer()

    def on_mount(self) -> None:
        # The id comes last: at 80 columns it is the one the edge may cut.
        self.table.add_columns(
            "Mentor", "Mentee", "Session", "Last met", "Next", "Follow-ups", "Tandem id"
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
                short_date(tandem.next_meeting.astimezone(), today, with_time=True)
                if tandem.next_meeting
                else "-"
            )
            last_met = (
                short_date(date.fromisoformat(summary.last_met), today) if summary.last_met else "-"
            )
            overdue = f", {summary.overdue_followups} late" if summary.overdue_followups else ""
            followups = f"{summary.open_followups} open{overdue}" if summary.open_followups else "-"
            self.table.add_row(
                tandem.mentor.name,
                tandem.mentee.name,
                session,
                last_met,
                next_meeting,
                followups,
                tandem.id,
                key=tandem.id,
            )
        self.welcome.display = not tandems
        self.table.display = bool(tandems)
        count = f"{len(tandems)} tandem" + ("" if len(tandems) == 1 else "s")
        self.query_one("#home-hint", Static).update(
            f"{count}. Enter starts or resumes the selected tandem's meeting; a adds a tandem."
            if tandems
            else ""
        )
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

        first_run = not self.table.row_count
        self.app.push_screen(AddTandemScreen(WELCOME_FORM if first_run else ""), added)

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
