"""The home screen: every tandem with its progress; add one, or start or resume its meeting."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from textual import getters, on
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Header, OptionList, Static
from textual.widgets.option_list import Option

from tandem_tui.model import Program, Tandem
from tandem_tui.screens.host import Host
from tandem_tui.store import NotATandem, StoreError, TandemSummary
from tandem_tui.text import sentence
from tandem_tui.widgets.footer import Footer

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


FIRST_ENTRIES = 40  # entries of the tandem list drawn in the first frame (two lines each)


class HomeScreen(Screen[None]):
    """Tandems and their progress, never their content."""

    BINDINGS = [
        # Priority, so the footer shows it rather than the list's own (hidden) Enter.
        Binding(
            "enter",
            "meet",
            "Meet",
            id="meet",
            priority=True,
            tooltip="Start or resume this tandem's meeting",
        ),
        Binding("a", "add", "Add", id="add", tooltip="Register a new tandem"),
        Binding(
            "e",
            "edit",
            "Edit",
            id="edit",
            tooltip="Names, e-mails, learning goals and program of the selected tandem",
        ),
        Binding(
            "f",
            "followups",
            "Follow-ups",
            id="followups",
            tooltip="The selected tandem's follow-ups: tick off what is done",
        ),
        Binding("f1", "help", "Help", id="help", tooltip="Every key of this screen"),
        Binding(
            "x",
            "export",
            "Calendar",
            id="export",
            tooltip="Write the selected tandem's meetings and follow-ups as a .ics file, "
            "into a folder shown first",
        ),
        Binding(
            "g",
            "library",
            "Agendas",
            id="library",
            tooltip="Agendas and programs: open one in the editor, or start a new one",
        ),
        Binding(
            "o",
            "cohort",
            "Overview",
            id="cohort",
            tooltip="The cohort's progress: counts, dates and ratings, never content",
        ),
        Binding(
            "m",
            "minutes",
            "Minutes",
            id="minutes",
            tooltip="Write the minutes of the selected tandem's last meeting as a .md file, "
            "into a folder shown first",
        ),
        # Not in the footer: at 80 columns it has no room left. The palette and the hint
        # under the list name it.
        Binding(
            "p",
            "plan",
            "Plan",
            id="plan",
            tooltip="Plan or move the selected tandem's next meeting",
        ),
        # Left out of the footer: at 80 columns it would cut the keys after it.
        Binding(
            "l",
            "look_back",
            "Look back",
            id="look_back",
            tooltip="The selected tandem's sessions, read-only: cards, times, notes, follow-ups",
        ),
        Binding("r", "reload", "Refresh", show=False, id="reload"),
    ]

    tandem_list = getters.query_one("#tandems", OptionList)
    welcome = getters.query_one("#welcome", Static)

    _shown_once = False

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="home"):
            yield Static(WELCOME, id="welcome")
            yield OptionList(id="tandems")
            yield Static("", id="home-hint")
            yield Static("", id="home-problems")
        yield Footer(compact=True, palette_from_width=100)

    def on_mount(self) -> None:
        self.reload()
        starting_elsewhere = isinstance(self.app, Host) and self.app.new_agenda is not None
        if not self.tandem_list.option_count and not starting_elsewhere:
            self.action_add()  # first run: the welcome, and the form right away

    def on_screen_resume(self) -> None:
        # Back from a meeting or a form: show what changed. The first resume comes
        # right after on_mount has loaded the list; loading it twice slowed the start.
        if self._shown_once:
            self.reload()
        self._shown_once = True

    def reload(self) -> None:
        app = self.app
        assert isinstance(app, Host)
        today = app.clock.now().date()
        summaries, problems = app.store.summaries(today)
        tandems = [summary.tandem for summary in summaries]
        highlighted = self.selected_id()
        ids = [tandem.id for tandem in tandems]
        at = ids.index(highlighted) if highlighted in ids else 0

        programs = app.library.programs_alone()  # the agendas are read when needed

        def entries(chosen: list[TandemSummary]) -> list[Option]:
            return [
                Option(
                    self._entry(one.tandem, one, programs.get(one.tandem.program), today),
                    id=one.tandem.id,
                )
                for one in chosen
            ]

        # A list measures every entry before it is drawn: the first screenful goes in
        # now, the rest right after the first frame, so a start does not wait for a
        # cohort of a thousand.
        first = max(FIRST_ENTRIES, at + 1)
        self.tandem_list.set_options(entries(summaries[:first]))
        if len(summaries) > first:
            rest = summaries[first:]
            self.call_after_refresh(lambda: self.tandem_list.add_options(entries(rest)))
        if tandems:
            self.tandem_list.highlighted = at
            self.tandem_list.focus()
        self.welcome.display = not tandems
        self.tandem_list.display = bool(tandems)
        count = f"{len(tandems)} tandem" + ("" if len(tandems) == 1 else "s")
        self.query_one("#home-hint", Static).update(
            f"{count}. Enter starts or resumes the selected tandem's meeting; a adds a tandem; "
            "p plans its next meeting; l looks back; F1 lists every key."
            if tandems
            else ""
        )
        # A stray folder's line says itself that it was ignored.
        self.query_one("#home-problems", Static).update(
            Content("\n").join(
                Content(str(problem))
                if isinstance(problem, NotATandem)
                else Content.from_markup("[b]Could not read:[/b] $problem", problem=str(problem))
                for problem in problems
            )
        )

    def _entry(
        self, tandem: Tandem, summary: TandemSummary, program: Program | None, today: date
    ) -> Content:
        """Two lines: who, then how far they are; never anything they wrote."""
        planned = len(program.sessions) if program else "?"
        if summary.running_session:
            session = f"Session {summary.running_session} of {planned} under way"
        elif program and summary.sessions_held >= len(program.sessions):
            session = f"All {planned} sessions held"
        else:
            session = f"Session {summary.sessions_held + 1} of {planned}"
        facts = [session]
        if summary.last_met:
            facts.append(f"met {short_date(date.fromisoformat(summary.last_met), today)}")
        if tandem.next_meeting:
            when = short_date(tandem.next_meeting.astimezone(), today, with_time=True)
            facts.append(f"next {when}")
        if summary.open_followups:
            plural = "" if summary.open_followups == 1 else "s"
            late = f", {summary.overdue_followups} late" if summary.overdue_followups else ""
            facts.append(f"{summary.open_followups} open follow-up{plural}{late}")
        return Content.assemble(
            (tandem.mentor.name, "bold"),
            " & ",
            (tandem.mentee.name, "bold"),
            "  ",
            (tandem.id, "dim"),
            "\n" + " · ".join(facts),
        )

    def selected_id(self) -> str | None:
        index = self.tandem_list.highlighted
        if index is None or not self.tandem_list.option_count:
            return None
        return self.tandem_list.get_option_at_index(index).id

    def action_reload(self) -> None:
        self.reload()

    def action_add(self) -> None:
        from tandem_tui.screens.add_tandem import AddTandemScreen

        def added(tandem_id: str | None) -> None:
            self.reload()
            if tandem_id:
                self.notify(f"Added tandem {tandem_id}. Press Enter to hold its first meeting.")
                self.tandem_list.highlighted = self.tandem_list.get_option_index(tandem_id)

        first_run = not self.tandem_list.option_count
        self.app.push_screen(AddTandemScreen(WELCOME_FORM if first_run else ""), added)

    def selected_tandem(self) -> Tandem | None:
        """The highlighted tandem as stored; None, with a word why, if there is none."""
        tandem_id = self.selected_id()
        if tandem_id is None:
            self.notify("No tandem yet: a adds one.")
            return None
        app = self.app
        assert isinstance(app, Host)
        try:
            return app.store.tandem(tandem_id)
        except StoreError as error:
            self.notify(str(error), severity="error", timeout=10)
            return None

    def action_edit(self) -> None:
        from tandem_tui.screens.add_tandem import AddTandemScreen

        tandem = self.selected_tandem()
        if tandem is None:
            return

        def edited(saved_id: str | None) -> None:
            if saved_id:
                self.reload()
                self.notify(f"Saved tandem {saved_id}.")

        self.app.push_screen(AddTandemScreen(tandem=tandem), edited)

    def action_followups(self) -> None:
        from tandem_tui.screens.followups import FollowUpListScreen

        app = self.app
        assert isinstance(app, Host)
        tandem = self.selected_tandem()
        if tandem is not None:
            app.push_screen(
                FollowUpListScreen(app.store, tandem, app.clock), lambda _: self.reload()
            )

    def action_look_back(self) -> None:
        from tandem_tui.screens.history import HistoryScreen

        app = self.app
        assert isinstance(app, Host)
        tandem = self.selected_tandem()
        if tandem is None:
            return
        try:
            met = bool(app.store.sessions(tandem.id))
        except StoreError as error:
            self.notify(str(error), severity="error", timeout=10)
            return
        if not met:
            self.notify(f"{tandem.label} have not met yet: nothing to look back on.")
            return
        app.push_screen(HistoryScreen(app.store, tandem, app.clock))

    def action_meet(self) -> None:
        tandem_id = self.selected_id()
        if tandem_id is None:
            self.action_add()
            return
        try:
            app = self.app
            assert isinstance(app, Host)
            app.open_meeting(tandem_id)
        except StoreError as error:
            self.notify(str(error), severity="error")

    def action_export(self) -> None:
        tandem_id = self.selected_id()
        if tandem_id is not None and isinstance(self.app, Host):
            self.app.save_calendar(tandem_id)

    def action_minutes(self) -> None:
        tandem_id = self.selected_id()
        if tandem_id is not None and isinstance(self.app, Host):
            self.app.save_minutes(tandem_id)

    def action_plan(self) -> None:
        from dataclasses import replace

        from tandem_tui.screens.plan import PlannedMeeting, PlanScreen

        app = self.app
        assert isinstance(app, Host)
        tandem = self.selected_tandem()
        if tandem is None:
            return
        program = app.library.programs.get(tandem.program)
        held = [s.started_at for s in app.store.sessions(tandem.id)]

        def planned(plan: PlannedMeeting | None) -> None:
            if plan is None:
                return
            try:
                stored = app.store.tandem(tandem.id)
                app.store.update_tandem(replace(stored, next_meeting=plan.when))
            except StoreError as error:
                self.notify(str(error), severity="error", timeout=10)
                return
            self.reload()
            self.notify(plan.told(stored.id))

        app.push_screen(
            PlanScreen(tandem, app.clock.now(), program.cadence if program else None, held),
            planned,
        )

    def action_forget(self) -> None:
        from tandem_tui.screens.forget import ForgetScreen

        tandem_id = self.selected_id()
        app = self.app
        if tandem_id is None or not isinstance(app, Host):
            return

        def confirmed(typed: str | None) -> None:
            if typed != tandem_id:
                return
            try:
                forgotten = app.store.forget_tandem(tandem_id)
            except (OSError, StoreError) as error:
                self.notify(f"Could not forget {tandem_id}: {error}", severity="error")
                return
            self.reload()
            self.notify(sentence(str(forgotten)) + ".")

        self.app.push_screen(ForgetScreen(app.store.tandem(tandem_id)), confirmed)

    def action_library(self) -> None:
        from tandem_tui.screens.library import LibraryScreen

        self.app.push_screen(LibraryScreen())

    def action_help(self) -> None:
        from tandem_tui.screens.help import HelpScreen, keys_table

        self.app.push_screen(
            HelpScreen(
                keys_table(
                    "Keys of the tandem list",
                    [b for b in self.BINDINGS if isinstance(b, Binding)],
                    extra=[
                        ("Ctrl+P", "command palette: every action by name"),
                        ("Ctrl+Q", "quit"),
                    ],
                )
            )
        )

    def action_cohort(self) -> None:
        from tandem_tui.screens.cohort import CohortScreen

        self.app.push_screen(CohortScreen())

    def palette_commands(self) -> Iterable[SystemCommand]:
        yield SystemCommand("Add a tandem", "Register a new pair", self.action_add)
        yield SystemCommand(
            "Cohort overview", "Every tandem's progress, for facilitators", self.action_cohort
        )
        yield SystemCommand(
            "Agendas and programs",
            "Open one in the editor, or start a new one",
            self.action_library,
        )
        if self.selected_id() is not None:
            yield SystemCommand(
                "Meet", "Start or resume the selected tandem's meeting", self.action_meet
            )
            yield SystemCommand(
                "Look back at the selected tandem's sessions",
                "Read-only: cards, times, shared notes, follow-ups (l)",
                self.action_look_back,
            )
            yield SystemCommand(
                "Follow-ups of the selected tandem",
                "Tick off what is done, or add one",
                self.action_followups,
            )
            yield SystemCommand(
                "Edit the selected tandem",
                "Names, e-mails, learning goals and program",
                self.action_edit,
            )
            yield SystemCommand(
                "Export calendar (.ics)",
                "The selected tandem's meetings and follow-ups, into a folder shown first",
                self.action_export,
            )
            yield SystemCommand(
                "Plan the next meeting",
                "Plan or move the selected tandem's next meeting (p)",
                self.action_plan,
            )
            yield SystemCommand(
                "Forget the selected tandem",
                "Remove it and everything of it, for good, after typing its id",
                self.action_forget,
            )
            yield SystemCommand(
                "Write minutes (.md)",
                "The selected tandem's last meeting, shared notes only, into a folder shown first",
                self.action_minutes,
            )

    @on(OptionList.OptionSelected, "#tandems")
    def tandem_chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_meet()
