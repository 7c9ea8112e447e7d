"""The cohort overview: every tandem's progress in counts, dates and ratings; never content.

From the cohort calendar when the settings name one (`settings cohort`), read in a
thread so that a slow server never holds the screen; else, or at a key, from this
machine's data.
"""

from __future__ import annotations

import threading
from datetime import date
from typing import TYPE_CHECKING

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Header, Label, Static
from textual.worker import get_current_worker

from tandem_tui import i18n
from tandem_tui.i18n import N_, _, ngettext, pgettext
from tandem_tui.report import CohortReport, cohort_report, decimal, rating_bar
from tandem_tui.screens.host import Host
from tandem_tui.text import literal
from tandem_tui.widgets.footer import Footer

if TYPE_CHECKING:
    from tandem_tui.records import CohortSettings


class CohortScreen(Screen[None]):
    CSS_PATH = "cohort.tcss"
    BINDINGS = [
        Binding("escape", "app.pop_screen", N_("Back"), id="back"),
        Binding("r", "reload", N_("Refresh"), id="reload"),
        Binding(
            "c",
            "source",
            N_("Source"),
            id="source",
            tooltip=N_("Switch between the cohort calendar and this machine's data"),
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.cohort: CohortSettings | None = None  # the cohort calendar, when one is set
        self.from_calendar = False  # what is shown: the calendar's report, or this machine's

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="cohort"):
            yield Static("", id="cohort-source")
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
        self.query_one("#cohort-source", Static).display = False
        app = self.app
        assert isinstance(app, Host)
        self.cohort = app.store.settings().cohort
        self.from_calendar = self.cohort is not None
        self.action_reload()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "source":
            return self.cohort is not None  # nothing to switch to without a cohort calendar
        return True

    def action_source(self) -> None:
        if self.cohort is None:
            return
        self.from_calendar = not self.from_calendar
        self.action_reload()

    def action_reload(self) -> None:
        app = self.app
        assert isinstance(app, Host)
        today = app.clock.now().date()
        if self.from_calendar and self.cohort is not None:
            self.show_source(
                _("Reading the cohort calendar {url}…").format(url=literal(self.cohort.url))
            )
            self.clear()
            self.read_calendar(self.cohort, today)
            return
        self.workers.cancel_group(self, "cohort")
        if self.cohort is not None:
            self.show_source(_("From this machine's data; c: from the cohort calendar"))
        self.show(cohort_report(app.store, app.library, today))

    @work(thread=True, exclusive=True, group="cohort")
    def read_calendar(self, cohort: CohortSettings, today: date) -> None:
        """The report from the cohort calendar, off the screen's thread: a slow or absent
        server never holds the overview. The requests run in a thread of their own that
        nobody waits for: leaving the screen or the app never waits for a server's answer."""
        worker = get_current_worker()
        outcome: list[CohortReport | str | BaseException] = []
        done = threading.Event()

        def read() -> None:
            try:
                outcome.append(read_report(cohort, today))
            except BaseException as error:  # a fault of ours: raised in the worker below
                outcome.append(error)
            finally:
                done.set()

        threading.Thread(target=read, name="tandem-tui-cohort", daemon=True).start()
        while not done.wait(0.1):
            if worker.is_cancelled:
                return  # the screen went, or shows this machine's data now
        if worker.is_cancelled:
            return
        found = outcome[0]
        if isinstance(found, BaseException):
            raise found
        if isinstance(found, CohortReport):
            self.app.call_from_thread(self.show_calendar, found)
        else:
            self.app.call_from_thread(self.show_failure, found)

    def show_calendar(self, report: CohortReport) -> None:
        if not self.from_calendar or self.cohort is None:
            return
        self.show_source(
            _("From the cohort calendar {url}; c: this machine's data").format(
                url=literal(self.cohort.url)
            )
        )
        self.show(report)

    def show_failure(self, problem: str) -> None:
        if not self.from_calendar:
            return
        self.show_source(
            _("[b $error]Could not read the cohort calendar:[/] {problem}").format(
                problem=literal(problem)
            )
            + "\n"
            + _("Press c to see this machine's tandems, r to try again.")
        )

    def clear(self) -> None:
        """Nothing shown while the cohort calendar is read, or when it could not be."""
        self.query_one("#cohort-table", DataTable).clear()
        self.query_one("#cohort-summary", Static).update("")
        self.query_one("#cohort-ratings", Static).update("")

    def show_source(self, text: str) -> None:
        source = self.query_one("#cohort-source", Static)
        source.display = True
        source.update(text)

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
                Text(f"{t.mentor} & {t.mentee}"),  # from a calendar too: no markup in it
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


def read_report(cohort: CohortSettings, today: date) -> CohortReport | str:
    """The cohort calendar's report, or why it could not be read (one line)."""
    from tandem_tui.sync.cohort import read_cohort
    from tandem_tui.sync.dav import Calendar, SyncError
    from tandem_tui.sync.service import PASSWORD_VARIABLE, password_for

    try:
        password = password_for(cohort.url, cohort.user)
    except SyncError:
        return _(
            "no password for {user}: set {variable}, or keep it in the system keyring "
            "with 'tandem-tui settings cohort --url URL --user USER'"
        ).format(user=cohort.user, variable=PASSWORD_VARIABLE)
    try:
        return read_cohort(Calendar(cohort.url, cohort.user, password), today)
    except SyncError as error:
        return str(error)
