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

from tandem_tui import i18n
from tandem_tui.i18n import N_, _, ngettext
from tandem_tui.model import Program, Tandem
from tandem_tui.screens.host import Host
from tandem_tui.store import NotATandem, StoreError, TandemSummary
from tandem_tui.text import sentence
from tandem_tui.widgets.footer import Footer

WELCOME = N_(
    "Welcome to tandem-tui. A tandem is a pair: a junior [b]mentor[/b] who coaches a senior "
    "[b]mentee[/b] on digital tools and new ways of working, and learns about leadership in "
    "return. Add your first tandem to begin: press [b]a[/b]."
)


def short_date(when: date | datetime, today: date, *, with_time: bool = False) -> str:
    """`27 Nov`, `27 Nov 17:00`; with the year only when it is not this year's.

    Other languages write the chrome's numeric dates: `27.11.`, `27.11.2027 17:00`
    (Babel's month names would slow the first frame down).
    """
    day = when.date() if isinstance(when, datetime) else when
    speech = i18n.chrome()
    if speech.base == i18n.ENGLISH:
        text = f"{day.day} {day:%b}" + (f" {day.year}" if day.year != today.year else "")
    else:
        text = speech.numeric_day(day)
        if day.year == today.year:
            text = text.removesuffix(str(day.year))
    if with_time and isinstance(when, datetime):
        text += f" {when:%H:%M}"
    return text


WELCOME_FORM = N_(
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
            N_("Meet"),
            id="meet",
            priority=True,
            tooltip=N_("Start or resume this tandem's meeting"),
        ),
        Binding("a", "add", N_("Add"), id="add", tooltip=N_("Register a new tandem")),
        Binding(
            "e",
            "edit",
            N_("Edit"),
            id="edit",
            tooltip=N_("Names, e-mails, learning goals and program of the selected tandem"),
        ),
        Binding(
            "f",
            "followups",
            N_("Follow-ups"),
            id="followups",
            tooltip=N_("The selected tandem's follow-ups: tick off what is done"),
        ),
        # Shown only while a tandem is linked to a calendar (see check_action).
        Binding(
            "y",
            "sync",
            N_("Sync"),
            id="sync",
            tooltip=N_("Sync every tandem linked to a calendar now"),
        ),
        Binding("f1", "help", N_("Help"), id="help", tooltip=N_("Every key of this screen")),
        Binding(
            "x",
            "export",
            N_("Calendar"),
            id="export",
            tooltip=N_(
                "Write the selected tandem's meetings and follow-ups as a .ics file, "
                "into a folder shown first"
            ),
        ),
        Binding(
            "g",
            "library",
            N_("Agendas"),
            id="library",
            tooltip=N_("Agendas and programs: open one in the editor, or start a new one"),
        ),
        Binding(
            "o",
            "cohort",
            N_("Overview"),
            id="cohort",
            tooltip=N_("The cohort's progress: counts, dates and ratings, never content"),
        ),
        Binding(
            "m",
            "minutes",
            N_("Minutes"),
            id="minutes",
            tooltip=N_(
                "Write the minutes of the selected tandem's last meeting as a .md file, "
                "into a folder shown first"
            ),
        ),
        # Not in the footer: at 80 columns it has no room left. The palette and the hint
        # under the list name it.
        Binding(
            "p",
            "plan",
            N_("Plan"),
            id="plan",
            tooltip=N_("Plan or move the selected tandem's next meeting"),
        ),
        # Left out of the footer: at 80 columns it would cut the keys after it.
        Binding(
            "l",
            "look_back",
            N_("Look back"),
            id="look_back",
            tooltip=N_(
                "The selected tandem's sessions, read-only: cards, times, notes, follow-ups"
            ),
        ),
        Binding("r", "reload", N_("Refresh"), show=False, id="reload"),
    ]

    tandem_list = getters.query_one("#tandems", OptionList)
    welcome = getters.query_one("#welcome", Static)

    _shown_once = False
    linked: frozenset[str] = frozenset()  # the tandems linked to a calendar

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="home"):
            yield Static(_(WELCOME), id="welcome")
            yield OptionList(id="tandems")
            yield Static("", id="home-hint")
            yield Static("", id="home-problems")
        yield Footer(compact=True, palette_from_width=100)

    def on_mount(self) -> None:
        self.reload()
        starting_elsewhere = isinstance(self.app, Host) and self.app.new_agenda is not None
        if not self.tandem_list.option_count and not starting_elsewhere and not self._cohort():
            self.action_add()  # first run: the welcome, and the form right away

    def _cohort(self) -> bool:
        """A facilitator's machine (a cohort calendar set): no tandems of its own to add."""
        app = self.app
        try:
            return isinstance(app, Host) and app.store.settings().cohort is not None
        except StoreError:
            return False

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
        linked = frozenset(s.tandem.id for s in summaries if s.synced is not None)
        if linked != self.linked:
            self.linked = linked
            self.refresh_bindings()  # the sync key comes or goes
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
        self.query_one("#home-hint", Static).update(
            ngettext(
                "{count} tandem. Enter starts or resumes the selected tandem's meeting; "
                "a adds a tandem; p plans its next meeting; l looks back; F1 lists every key.",
                "{count} tandems. Enter starts or resumes the selected tandem's meeting; "
                "a adds a tandem; p plans its next meeting; l looks back; F1 lists every key.",
                len(tandems),
            ).format(count=len(tandems))
            if tandems
            else ""
        )
        # A stray folder's line says itself that it was ignored.
        self.query_one("#home-problems", Static).update(
            Content("\n").join(
                Content(str(problem))
                if isinstance(problem, NotATandem)
                else Content.from_markup(_("[b]Could not read:[/b] $problem"), problem=str(problem))
                for problem in problems
            )
        )

    def _entry(
        self, tandem: Tandem, summary: TandemSummary, program: Program | None, today: date
    ) -> Content:
        """Two lines: who, then how far they are; never anything they wrote."""
        planned = str(len(program.sessions)) if program else "?"
        if summary.running_session:
            session = _("Session {number} of {total} under way").format(
                number=summary.running_session, total=planned
            )
        elif program and summary.sessions_held >= len(program.sessions):
            session = ngettext(
                "The {total} session held", "All {total} sessions held", len(program.sessions)
            ).format(total=planned)
        else:
            session = _("Session {number} of {total}").format(
                number=summary.sessions_held + 1, total=planned
            )
        facts = [session]
        if summary.last_met:
            met = short_date(date.fromisoformat(summary.last_met), today)
            facts.append(_("met {day}").format(day=met))
        if tandem.next_meeting:
            when = short_date(tandem.next_meeting.astimezone(), today, with_time=True)
            facts.append(_("next {when}").format(when=when))
        if summary.open_followups:
            opened = summary.open_followups
            if summary.overdue_followups:
                facts.append(
                    ngettext(
                        "{count} open follow-up, {late} late",
                        "{count} open follow-ups, {late} late",
                        opened,
                    ).format(count=opened, late=summary.overdue_followups)
                )
            else:
                facts.append(
                    ngettext("{count} open follow-up", "{count} open follow-ups", opened).format(
                        count=opened
                    )
                )
        return Content.assemble(
            (tandem.mentor.name, "bold"),
            " & ",
            (tandem.mentee.name, "bold"),
            "  ",
            (tandem.id, "dim"),
            self._sync_said(tandem.id, summary.synced, today),
            "\n" + " · ".join(facts),
        )

    def _sync_said(self, tandem_id: str, synced: str | None, today: date) -> Content:
        """`  synced 17:05` beside a tandem linked to a calendar; nothing beside others."""
        app = self.app
        if synced is None or not isinstance(app, Host):
            return Content("")
        if app.syncing == tandem_id:
            return Content.from_markup("  [dim]$said[/dim]", said=_("syncing…"))
        if tandem_id in app.sync_failed:
            return Content.from_markup("  [b $warning]$said[/]", said=_("sync failed"))
        if not synced:
            return Content.from_markup("  [dim]$said[/dim]", said=_("not synced yet"))
        when = datetime.fromisoformat(synced).astimezone()
        shown = (
            i18n.chrome().clock(when)
            if when.date() == today
            else short_date(when, today, with_time=True)
        )
        return Content.from_markup("  [dim]$said[/dim]", said=_("synced {when}").format(when=shown))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "sync":
            return bool(self.linked)  # hidden while no tandem is linked to a calendar
        return True

    def sync_changed(self, tandem_id: str, came_in: bool) -> None:
        """A tandem's sync started or ended (the app says so): shown at once when this
        screen is in view, else when it comes back (`on_screen_resume`)."""
        if self.is_current:
            self.reload()

    def action_sync(self) -> None:
        app = self.app
        if isinstance(app, Host) and self.linked:
            app.sync_tandems(sorted(self.linked), asked=True)

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
                self.notify(
                    _("Added tandem {id}. Press Enter to hold its first meeting.").format(
                        id=tandem_id
                    )
                )
                self.tandem_list.highlighted = self.tandem_list.get_option_index(tandem_id)

        first_run = not self.tandem_list.option_count
        self.app.push_screen(AddTandemScreen(_(WELCOME_FORM) if first_run else ""), added)

    def selected_tandem(self) -> Tandem | None:
        """The highlighted tandem as stored; None, with a word why, if there is none."""
        tandem_id = self.selected_id()
        if tandem_id is None:
            self.notify(_("No tandem yet: a adds one."))
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
                self.notify(_("Saved tandem {id}.").format(id=saved_id))

        self.app.push_screen(AddTandemScreen(tandem=tandem), edited)

    def action_followups(self) -> None:
        from tandem_tui.screens.followups import FollowUpListScreen

        app = self.app
        assert isinstance(app, Host)
        tandem = self.selected_tandem()
        if tandem is not None:
            app.push_screen(
                # A dialog over the tandem list speaks the list's language.
                FollowUpListScreen(app.store, tandem, app.clock, speech=i18n.chrome()),
                lambda _: self.reload(),
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
            self.notify(
                _("{tandem} have not met yet: nothing to look back on.").format(tandem=tandem.label)
            )
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
            PlanScreen(
                tandem,
                app.clock.now(),
                program.cadence if program else None,
                held,
                speech=i18n.chrome(),
            ),
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
                self.notify(
                    _("Could not forget {id}: {error}").format(id=tandem_id, error=error),
                    severity="error",
                )
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
                    _("Keys of the tandem list"),
                    [
                        b
                        for b in self.BINDINGS
                        if isinstance(b, Binding) and (b.action != "sync" or self.linked)
                    ],
                    extra=[
                        ("ctrl+p", _("command palette: every action by name")),
                        ("ctrl+q", _("quit")),
                    ],
                )
            )
        )

    def action_cohort(self) -> None:
        from tandem_tui.screens.cohort import CohortScreen

        self.app.push_screen(CohortScreen())

    def palette_commands(self) -> Iterable[SystemCommand]:
        yield SystemCommand(_("Add a tandem"), _("Register a new pair"), self.action_add)
        yield SystemCommand(
            _("Cohort overview"), _("Every tandem's progress, for facilitators"), self.action_cohort
        )
        yield SystemCommand(
            _("Agendas and programs"),
            _("Open one in the editor, or start a new one"),
            self.action_library,
        )
        if self.linked:
            yield SystemCommand(
                _("Sync now"),
                _("Every tandem linked to a calendar, in the background (y)"),
                self.action_sync,
            )
        if self.selected_id() is not None:
            yield SystemCommand(
                _("Meet"), _("Start or resume the selected tandem's meeting"), self.action_meet
            )
            yield SystemCommand(
                _("Look back at the selected tandem's sessions"),
                _("Read-only: cards, times, shared notes, follow-ups (l)"),
                self.action_look_back,
            )
            yield SystemCommand(
                _("Follow-ups of the selected tandem"),
                _("Tick off what is done, or add one"),
                self.action_followups,
            )
            yield SystemCommand(
                _("Edit the selected tandem"),
                _("Names, e-mails, learning goals and program"),
                self.action_edit,
            )
            yield SystemCommand(
                _("Export calendar (.ics)"),
                _("The selected tandem's meetings and follow-ups, into a folder shown first"),
                self.action_export,
            )
            yield SystemCommand(
                _("Plan the next meeting"),
                _("Plan or move the selected tandem's next meeting (p)"),
                self.action_plan,
            )
            yield SystemCommand(
                _("Forget the selected tandem"),
                _("Remove it and everything of it, for good, after typing its id"),
                self.action_forget,
            )
            yield SystemCommand(
                _("Write minutes (.md)"),
                _(
                    "The selected tandem's last meeting, shared notes only, "
                    "into a folder shown first"
                ),
                self.action_minutes,
            )

    @on(OptionList.OptionSelected, "#tandems")
    def tandem_chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_meet()
