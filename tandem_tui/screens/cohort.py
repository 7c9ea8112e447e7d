"""The cohort overview: every tandem's progress in counts, dates and ratings; never content."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Header, Label, Static

from tandem_tui.report import CohortReport, cohort_report, rating_bar
from tandem_tui.screens.host import Host
from tandem_tui.text import literal
from tandem_tui.widgets.footer import Footer


class CohortScreen(Screen[None]):
    CSS_PATH = "cohort.tcss"
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="back"),
        Binding("r", "reload", "Refresh", id="reload"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="cohort"):
            yield Static("", id="cohort-summary")
            yield DataTable(id="cohort-table", cursor_type="row", zebra_stripes=True)
            yield Label("Ratings per session, across the cohort (1 to 5)", classes="pane-title")
            yield Static("", id="cohort-ratings")
            yield Static(
                "[dim]Counts, dates and ratings only: no note, follow-up text or takeaway "
                "is shown here. Overdue: no meeting for more than one and a half cadences.[/dim]"
            )
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Cohort overview"
        table = self.query_one("#cohort-table", DataTable)
        table.add_columns(
            "Tandem", "Held", "Last met", "Next", "Status", "Follow-ups", "Useful", "Eye level"
        )
        self.action_reload()

    def action_reload(self) -> None:
        app = self.app
        assert isinstance(app, Host)
        report = cohort_report(app.store, app.library, app.clock.now().date())
        self.show(report)

    def show(self, report: CohortReport) -> None:
        table = self.query_one("#cohort-table", DataTable)
        table.clear()
        for t in report.tandems:
            late = f" ({t.overdue_followups} late)" if t.overdue_followups else ""
            table.add_row(
                f"{t.mentor} & {t.mentee}",
                f"{t.sessions_held} of {t.sessions_planned or '?'}",
                t.last_met.isoformat() if t.last_met else "-",
                t.next_meeting.astimezone().strftime("%Y-%m-%d %H:%M") if t.next_meeting else "-",
                Text(f"overdue, {t.days_without_meeting} days", style="bold red")
                if t.overdue
                else Text("on track", style="green"),
                f"{t.open_followups} open{late}",
                f"{t.useful:.1f}" if t.useful is not None else "-",
                f"{t.eye_level:.1f}" if t.eye_level is not None else "-",
                key=t.id,
            )
        unreadable = "".join(f"\n[b $error]Not read:[/] {literal(p)}" for p in report.unreadable)
        self.query_one("#cohort-summary", Static).update(f"[b]{report.summary}[/b]{unreadable}")
        lines = []
        for s in report.sessions:
            lines.append(
                f"Session {s.number}  useful    [$success]{rating_bar(s.useful)}[/] "
                f"{s.useful or 0:.1f}  ({s.ratings} ratings)"
            )
            lines.append(
                f"           eye level [$accent]{rating_bar(s.eye_level)}[/] {s.eye_level or 0:.1f}"
            )
        self.query_one("#cohort-ratings", Static).update(
            "\n".join(lines) or "[dim]No feedback given yet.[/dim]"
        )
