"""The cohort overview: every tandem's progress in counts, dates and ratings; never content."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Header, Label, Static

from tandem_tui import i18n
from tandem_tui.i18n import N_, _, ngettext, pgettext
from tandem_tui.report import CohortReport, cohort_report, decimal, rating_bar
from tandem_tui.screens.host import Host
from tandem_tui.text import literal
from tandem_tui.widgets.footer import Footer


class CohortScreen(Screen[None]):
    CSS_PATH = "cohort.tcss"
    BINDINGS = [
        Binding("escape", "app.pop_screen", N_("Back"), id="back"),
        Binding("r", "reload", N_("Refresh"), id="reload"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="cohort"):
            yield Static("", id="cohort-summary")
            yield DataTable(id="cohort-table", cursor_type="row", zebra_stripes=True)
            yield Label(_("Ratings per session, across the cohort (1 to 5)"), classes="pane-title")
            yield Static("", id="cohort-ratings")
            yield Static(
                _(
                    "[dim]Counts, dates and ratings only: no note, follow-up text or takeaway "
                    "is shown here. Overdue: no meeting for more than one and a half "
                    "cadences.[/dim]"
                )
            )
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = _("Cohort overview")
        table = self.query_one("#cohort-table", DataTable)
        table.add_columns(
            # TRANSLATORS: column headers of the cohort overview; short, the table is wide.
            pgettext("cohort column", "Tandem"),
            pgettext("cohort column", "Held"),
            pgettext("cohort column", "Last met"),
            pgettext("cohort column", "Next"),
            pgettext("cohort column", "Status"),
            pgettext("cohort column", "Follow-ups"),
            pgettext("cohort column", "Useful"),
            pgettext("cohort column", "Eye level"),
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
        speech = i18n.chrome()
        for t in report.tandems:
            opened = (
                _("{count} open ({late} late)").format(
                    count=t.open_followups, late=t.overdue_followups
                )
                if t.overdue_followups
                else _("{count} open").format(count=t.open_followups)
            )
            overdue = ngettext(
                "overdue, {count} day", "overdue, {count} days", t.days_without_meeting or 0
            ).format(count=t.days_without_meeting)
            table.add_row(
                f"{t.mentor} & {t.mentee}",
                _("{held} of {planned}").format(
                    held=t.sessions_held, planned=t.sessions_planned or "?"
                ),
                speech.numeric_day(t.last_met) if t.last_met else "-",
                speech.numeric_moment(t.next_meeting.astimezone()) if t.next_meeting else "-",
                Text(overdue, style="bold red")
                if t.overdue
                else Text(_("on track"), style="green"),
                opened,
                decimal(t.useful) if t.useful is not None else "-",
                decimal(t.eye_level) if t.eye_level is not None else "-",
                key=t.id,
            )
        unreadable = "".join(
            "\n" + _("[b $error]Not read:[/] {problem}").format(problem=literal(p))
            for p in report.unreadable
        )
        self.query_one("#cohort-summary", Static).update(f"[b]{report.summary}[/b]{unreadable}")
        lines = []
        for s in report.sessions:
            session = _("Session {number}").format(number=s.number)
            useful, eye_level = _("useful"), _("eye level")
            width = max(len(useful), len(eye_level))
            lines.append(
                f"{session}  {useful:<{width}} [$success]{rating_bar(s.useful)}[/] "
                f"{decimal(s.useful or 0)}  "
                + ngettext("({count} rating)", "({count} ratings)", s.ratings).format(
                    count=s.ratings
                )
            )
            lines.append(
                f"{'':<{len(session)}}  {eye_level:<{width}} [$accent]{rating_bar(s.eye_level)}[/] "
                f"{decimal(s.eye_level or 0)}"
            )
        self.query_one("#cohort-ratings", Static).update(
            "\n".join(lines) or _("[dim]No feedback given yet.[/dim]")
        )
