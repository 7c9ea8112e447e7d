"""The meeting screen: agenda, the card and its countdown, the meeting clock, notes, follow-ups."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial

from rich.markup import escape
from textual import getters, on
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Digits, Header, Label, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from tandem_tui.clock import format_seconds
from tandem_tui.meeting import Meeting, MeetingError, TimerState, review_prompt
from tandem_tui.model import CardStatus, NoteKind, Role
from tandem_tui.store import StoreError
from tandem_tui.widgets.footer import Footer

TICK_SECONDS = 0.25
NOTE_SAVE_DELAY = 0.5  # notes reach the disk within a second of the last keystroke
CHECKPOINT_SECONDS = 5.0
LATE_AFTER_SECONDS = 60  # a forecast within the minute still counts as on time


@dataclass(frozen=True)
class MeetingAction:
    """One action of the meeting: its keys, footer label, palette title and help text."""

    action: str
    label: str
    title: str
    ctrl_key: str
    single_keys: str
    group: Binding.Group | None = None

    @property
    def ctrl_shown(self) -> str:
        """`Ctrl+T`, `Ctrl+Up`, `F1`: as the keys are printed on a keyboard."""
        return "+".join(part.capitalize() for part in self.ctrl_key.split("+"))

    @property
    def single_shown(self) -> str:
        names = {
            "space": "Space",
            "plus": "+",
            "equals_sign": "=",
            "minus": "-",
            "question_mark": "?",
        }
        return " ".join(names.get(key, key) for key in self.single_keys.split(","))


ONE_MINUTE = Binding.Group("±1 min", compact=True)

# In order of need: the footer shows them left to right and cuts what does not fit
# (at 80 columns the last two); Help (F1) and the palette (Ctrl+P) always list all.
MEETING_ACTIONS = (
    MeetingAction("toggle_timer", "Pause", "Pause or resume the card's timer", "ctrl+t", "space"),
    MeetingAction("next_card", "Next", "Mark this card done and go to the next", "ctrl+n", "n"),
    MeetingAction("skip_card", "Skip", "Skip this card: it comes back next session", "ctrl+g", "s"),
    MeetingAction("add_followup", "Follow-up", "Add a follow-up", "ctrl+o", "f"),
    MeetingAction(
        "private", "Private", "Private notes: the mentor's, the mentee's, hidden", "ctrl+r", "p"
    ),
    MeetingAction(
        "shield",
        "Shield",
        "Privacy shield: hide every private pane (screen sharing)",
        "ctrl+l",
        "h",
    ),
    MeetingAction("finish", "End", "End the meeting", "ctrl+f", "e"),
    MeetingAction("help", "Help", "Every key of the meeting", "f1", "question_mark"),
    MeetingAction(
        "followups", "Tick off", "Follow-ups of every session: tick off what is done", "f2", "d"
    ),
    MeetingAction("previous_card", "Back", "Back to the previous card", "ctrl+b", "b"),
    MeetingAction(
        "more_time",
        "+1",
        "One minute more for this card",
        "ctrl+up",
        "plus,equals_sign",
        ONE_MINUTE,
    ),
    MeetingAction(
        "less_time", "-1", "One minute less for this card", "ctrl+down", "minus", ONE_MINUTE
    ),
)
STATUS_MARK = {CardStatus.PENDING: " ", CardStatus.DONE: "✓", CardStatus.SKIPPED: "»"}


class MeetingScreen(Screen[None]):
    """Runs one session of a tandem from the first card to the end screen."""

    CSS_PATH = "meeting.tcss"

    BINDINGS = [
        # A Ctrl key works while typing notes; a single key once the cursor is out (Escape).
        *(
            Binding(
                a.ctrl_key,
                a.action,
                a.label,
                id=a.action,
                priority=True,
                tooltip=a.title,
                group=a.group,
            )
            for a in MEETING_ACTIONS
        ),
        *(Binding(a.single_keys, a.action, a.label, show=False) for a in MEETING_ACTIONS),
        Binding("escape", "leave_notes", "Leave notes", show=False),
    ]

    agenda = getters.query_one("#agenda", OptionList)
    countdown = getters.query_one("#countdown", Digits)
    shared = getters.query_one("#shared", TextArea)
    private = getters.query_one("#private", TextArea)

    def __init__(self, tandem_id: str) -> None:
        super().__init__()
        self.tandem_id = tandem_id
        self.meeting: Meeting | None = None
        self.private_person: Role | None = None
        self._private_cursor: Role | None = None  # the pane Ctrl+R tried last
        self.shield = False
        self._note_timer: Timer | None = None
        self._unsaved: dict[tuple[int, NoteKind, Role | None], str] = {}
        self._since_checkpoint = 0.0
        self._belled: set[int] = set()

    # layout -------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="meeting"):
            with Vertical(id="agenda-column"):
                yield Label("Agenda", classes="pane-title")
                yield OptionList(id="agenda")
                yield Static("", id="meeting-clock")
            with Vertical(id="card-column"):
                with Horizontal(id="card-head"):
                    with VerticalScroll(id="card-text"):
                        yield Static("", id="card-title")
                        yield Static("", id="card-lead")
                        yield Static("", id="card-prompts")
                    with Vertical(id="timer"):
                        yield Digits("0:00", id="countdown")
                        yield Static("", id="timer-note")
                yield Label("Shared notes", classes="pane-title", id="shared-title")
                yield TextArea(id="shared", soft_wrap=True)
                yield Label("", classes="pane-title", id="private-title")
                yield TextArea(id="private", soft_wrap=True)
                yield Static("", id="private-masked")
                yield Static("", id="followups")
        yield Footer(compact=True, palette_from_width=100)

    def on_mount(self) -> None:
        from tandem_tui.app import TandemApp

        app = self.app
        assert isinstance(app, TandemApp)
        try:
            tandem = app.store.tandem(self.tandem_id)
            self.meeting = Meeting.open(app.store, app.library, tandem, app.clock)
        except (MeetingError, StoreError) as error:
            self.notify(str(error), severity="error", timeout=10)
            self.app.pop_screen()
            return
        session = self.meeting.session
        self.sub_title = f"{tandem.label} · session {session.number}: {session.agenda.title}"
        self.private.display = False
        self.show_card()
        self.refresh_followups()
        self.set_interval(TICK_SECONDS, self.tick)
        self.shared.focus()

    def on_unmount(self) -> None:
        self.save_now()

    @property
    def running_meeting(self) -> Meeting:
        assert self.meeting is not None
        return self.meeting

    # showing state ------------------------------------------------------------------

    def show_card(self) -> None:
        meeting = self.running_meeting
        run = meeting.current
        card = run.card
        tandem = meeting.tandem
        lead = tandem.person(card.direction)
        position = f"card {meeting.index + 1} of {len(meeting.cards)}"
        self.query_one("#card-title", Static).update(
            f"[b]{escape(card.title)}[/b]  [dim]{position}[/dim]"
        )
        self.query_one("#card-lead", Static).update(
            f"Led by the {card.direction.value}: {escape(lead.name)}"
        )
        self.show_prompts()
        self._load_notes()
        self.refresh_agenda()
        self.tick()

    def show_prompts(self) -> None:
        """The card's prompts; a follow-up of the review card ticked off since shows ✓."""
        meeting = self.running_meeting
        language = meeting.session.agenda.language
        done = {
            review_prompt(f, language)
            for f in meeting.store.followups(meeting.tandem.id)
            if not f.is_open
        }
        lines = [
            f"[dim]✓ {escape(prompt)}[/dim]" if prompt in done else f"• {escape(prompt)}"
            for prompt in meeting.current.card.prompts
        ]
        goals = meeting.tandem.goals
        if goals:  # what the pair set out to learn, in view at every card
            lines.append(f"[dim]Goals: {escape(' · '.join(goals))}[/dim]")
        self.query_one("#card-prompts", Static).update("\n".join(lines))

    def _load_notes(self) -> None:
        meeting = self.running_meeting
        self.shared.load_text(meeting.note())
        self._show_private()

    def _show_private(self) -> None:
        meeting = self.running_meeting
        title = self.query_one("#private-title", Label)
        masked = self.query_one("#private-masked", Static)
        person = None if self.shield else self.private_person
        if person is None:
            if self.private.has_focus:
                # Hand focus on now: Textual would only move it once the hidden pane's
                # Hide event arrives, which depends on when the next frame is drawn.
                self.shared.focus()
            self.private.display = False
            masked.display = True
            title.update("Private notes")
            masked.update(
                "[dim]Privacy shield on. Ctrl+L lifts it.[/dim]"
                if self.shield
                else "[dim]Hidden. Ctrl+R: mentor's, again: mentee's.[/dim]"
            )
            return
        name = meeting.tandem.person(person).name
        title.update(f"Private notes of {escape(name)} ({person.value}): never exported")
        self.private.load_text(meeting.note(NoteKind.PRIVATE, person))
        masked.display = False
        self.private.display = True

    def _agenda_line(self, index: int) -> str:
        meeting = self.running_meeting
        run = meeting.cards[index]
        used = format_seconds(meeting.elapsed(index))
        return (
            f"{STATUS_MARK[run.status]} {escape(run.card.title)}\n"
            f"  [dim]{used} of {run.box_minutes} min[/dim]"
        )

    def refresh_agenda(self) -> None:
        meeting = self.running_meeting
        self.agenda.set_options(
            Option(self._agenda_line(index), id=str(index)) for index in range(len(meeting.cards))
        )
        self.agenda.highlighted = meeting.index

    def refresh_followups(self) -> None:
        meeting = self.running_meeting
        followups = meeting.followups()
        earlier = sum(
            f.is_open and f.session != meeting.session.number
            for f in meeting.store.followups(meeting.tandem.id)
        )
        box = self.query_one("#followups", Static)
        still_open = f"{earlier} open from before: F2 ticks them off. " if earlier else ""
        if not followups:
            box.update(f"[dim]{still_open}No follow-ups yet. Ctrl+O adds one.[/dim]")
            return
        lines = [
            f"{'•' if f.is_open else '✓'} {escape(f.text)} [dim]({f.owner.value}"
            + (f", due {f.due.isoformat()}" if f.due else "")
            + ")[/dim]"
            for f in followups
        ]
        heading = f"[b]Follow-ups[/b] [dim]{still_open}[/dim]".rstrip()
        box.update(heading + "\n" + "\n".join(lines))

    def tick(self) -> None:
        """Redraw the timers from the clock; never counts ticks."""
        if self.meeting is None:
            return
        meeting = self.meeting
        remaining = meeting.remaining()
        state = meeting.timer_state()
        text = format_seconds(remaining) if remaining >= 0 else f"+{format_seconds(remaining)}"
        self.countdown.update(text)
        timer = self.query_one("#timer")
        for name in TimerState:
            timer.set_class(state is name, f"-{name.value}")
        timer.set_class(not meeting.running, "-paused")
        note = (
            "paused · Ctrl+T"
            if not meeting.running
            else {
                TimerState.NORMAL: f"of {meeting.current.box_minutes} min",
                TimerState.WARNING: "time box nearly used",
                TimerState.OVERTIME: "over the time box",
            }[state]
        )
        self.query_one("#timer-note", Static).update(note)
        if state is TimerState.OVERTIME and meeting.index not in self._belled:
            self._belled.add(meeting.index)
            from tandem_tui.app import TandemApp

            if isinstance(self.app, TandemApp) and self.app.bell_enabled:
                self.app.bell()
        elapsed = meeting.meeting_elapsed()
        planned = meeting.session.planned_minutes * 60
        forecast = meeting.forecast_end()
        late = (forecast - meeting.planned_end()).total_seconds() >= LATE_AFTER_SECONDS
        self.query_one("#meeting-clock", Static).update(
            f"Meeting {format_seconds(elapsed)} of {format_seconds(planned)}\n"
            + ("[b $error]" if late else "[b $success]")
            + f"ends ~{forecast.astimezone().strftime('%H:%M')}[/]"
            + (" (late)" if late else " (on time)")
        )
        if meeting.running:
            # Only the current card's line changes while its timer runs.
            self.agenda.replace_option_prompt_at_index(
                meeting.index, self._agenda_line(meeting.index)
            )
            self._since_checkpoint += TICK_SECONDS
            if self._since_checkpoint >= CHECKPOINT_SECONDS:
                self._since_checkpoint = 0.0
                self._guarded(meeting.checkpoint)

    # saving -------------------------------------------------------------------------

    def _guarded(self, action: object) -> bool:
        """Run a store action; a failed save is shown, and what was typed stays on screen."""
        assert callable(action)
        try:
            action()
        except StoreError as error:
            self.notify(str(error), severity="error", timeout=10)
            return False
        return True

    @on(TextArea.Changed)
    def note_changed(self, event: TextArea.Changed) -> None:
        if self.meeting is None:
            return
        if event.text_area is self.shared:
            pane: tuple[NoteKind, Role | None] = (NoteKind.SHARED, None)
        elif self.private_person is not None:
            pane = (NoteKind.PRIVATE, self.private_person)
        else:
            return
        # Remember the text with the card it belongs to, so a later save needs no widget.
        self._unsaved[(self.meeting.index, *pane)] = event.text_area.text
        # A one-shot timer cannot be re-armed once it has fired: start a fresh one.
        if self._note_timer is not None:
            self._note_timer.stop()
        self._note_timer = self.set_timer(NOTE_SAVE_DELAY, self.save_notes)

    def save_notes(self) -> None:
        if self.meeting is None:
            return
        meeting = self.meeting
        for (card, kind, person), text in list(self._unsaved.items()):
            if self._guarded(partial(meeting.save_note, text, kind, person, card=card)):
                del self._unsaved[(card, kind, person)]

    def save_now(self) -> None:
        """Everything in memory to disk: on quit, Ctrl+C, SIGTERM and a closed terminal."""
        if self.meeting is None:
            return
        self.save_notes()
        self._guarded(self.meeting.checkpoint)

    # actions ------------------------------------------------------------------------

    def _move(self, move: str) -> None:
        self.save_notes()
        meeting = self.running_meeting
        if self._guarded(getattr(meeting, move)):
            self.show_card()

    def action_toggle_timer(self) -> None:
        self._guarded(self.running_meeting.toggle)
        self.tick()

    def action_next_card(self) -> None:
        meeting = self.running_meeting
        if meeting.index + 1 >= len(meeting.cards):
            self.save_notes()
            self._guarded(meeting.next_card)
            self.refresh_agenda()
            self.notify("That was the last card. Ctrl+F ends the meeting.")
            return
        self._move("next_card")

    def action_previous_card(self) -> None:
        self._move("previous_card")

    def action_skip_card(self) -> None:
        self._move("skip_card")
        self.notify("Skipped: it comes back at the start of the next session.")

    def action_more_time(self) -> None:
        self._guarded(lambda: self.running_meeting.adjust_box(+1))
        self.refresh_agenda()
        self.tick()

    def action_less_time(self) -> None:
        self._guarded(lambda: self.running_meeting.adjust_box(-1))
        self.refresh_agenda()
        self.tick()

    def action_private(self) -> None:
        """Private panes in turn: the mentor's, the mentee's, hidden; a passphrase if set."""
        if self.shield:
            self.notify("The privacy shield is on. Ctrl+L lifts it.")
            return
        self.save_notes()
        order = [None, Role.MENTOR, Role.MENTEE]
        person = order[(order.index(self._private_cursor) + 1) % len(order)]
        self._private_cursor = person
        if person is not None and self.running_meeting.is_locked(person):
            from tandem_tui.screens.passphrase import UnlockScreen

            def opened(unlocked: bool | None) -> None:
                self._open_private(person if unlocked else None)

            self.private_person = None
            self._show_private()
            self.app.push_screen(UnlockScreen(self.running_meeting, person), opened)
            return
        self._open_private(person)

    def _open_private(self, person: Role | None) -> None:
        self.private_person = person
        self._show_private()
        if person is not None:
            self.private.focus()
        else:
            self.shared.focus()

    def set_passphrase(self, person: Role) -> None:
        from tandem_tui.screens.passphrase import SetPassphraseScreen

        def done(saved: bool | None) -> None:
            if saved:
                name = self.running_meeting.tandem.person(person).name
                self.notify(f"{name}'s private notes are kept encrypted under the passphrase.")
                self._show_private()

        self.save_notes()
        self.app.push_screen(SetPassphraseScreen(self.running_meeting, person), done)

    def action_shield(self) -> None:
        self.save_notes()
        self.shield = not self.shield
        if self.shield:
            self.private_person = None
            self._private_cursor = None
        self._show_private()
        self.notify("Privacy shield on" if self.shield else "Privacy shield off")

    def action_leave_notes(self) -> None:
        self.agenda.focus()

    def action_add_followup(self) -> None:
        from tandem_tui.screens.followup import FollowUpDraft, FollowUpScreen

        def added(draft: FollowUpDraft | None) -> None:
            if draft is None:
                return
            if self._guarded(
                lambda: self.running_meeting.add_followup(draft.text, draft.owner, draft.due)
            ):
                self.refresh_followups()
                self.notify(f"Follow-up added: {draft.text}")

        meeting = self.running_meeting
        self.app.push_screen(FollowUpScreen(meeting.tandem, meeting.clock.now().date()), added)

    def action_followups(self) -> None:
        from tandem_tui.screens.followup import FollowUpDraft
        from tandem_tui.screens.followups import FollowUpListScreen

        meeting = self.running_meeting

        def add(draft: FollowUpDraft) -> None:
            self._guarded(lambda: meeting.add_followup(draft.text, draft.owner, draft.due))

        def closed(_: None) -> None:
            self.refresh_followups()
            self.show_prompts()

        self.save_notes()
        self.app.push_screen(
            FollowUpListScreen(meeting.store, meeting.tandem, meeting.clock, add=add), closed
        )

    def action_finish(self) -> None:
        from tandem_tui.screens.end import EndScreen

        self.save_now()
        self.app.push_screen(EndScreen(self.running_meeting))

    def action_help(self) -> None:
        from tandem_tui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen())

    @on(OptionList.OptionSelected, "#agenda")
    def jump_to_card(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self.save_notes()
            self._guarded(lambda: self.running_meeting.go_to(int(event.option.id or 0)))
            self.show_card()

    def palette_commands(self) -> Iterable[SystemCommand]:
        """The meeting's actions in the command palette, beside the app's own."""
        for a in MEETING_ACTIONS:
            yield SystemCommand(a.title, a.ctrl_shown, getattr(self, f"action_{a.action}"))
        for role in Role:
            verb = "Change" if role in self.running_meeting.locks else "Set"
            yield SystemCommand(
                f"{verb} the {role.value}'s passphrase",
                f"Keep the {role.value}'s private notes encrypted; it cannot be recovered",
                partial(self.set_passphrase, role),
            )
        yield SystemCommand(
            "Export calendar (.ics)",
            "The next meetings and the follow-ups, to import; the folder is shown first",
            self.export_calendar,
        )
        yield SystemCommand(
            "Write minutes so far (.md)",
            "This meeting's time, shared notes and follow-ups; the folder is shown first",
            self.write_minutes,
        )

    def export_calendar(self) -> None:
        from tandem_tui.app import TandemApp

        if isinstance(self.app, TandemApp):
            self.app.save_calendar(self.running_meeting.tandem.id)

    def write_minutes(self) -> None:
        from tandem_tui.app import TandemApp

        self.save_now()
        meeting = self.running_meeting
        if isinstance(self.app, TandemApp):
            self.app.save_minutes(meeting.tandem.id, meeting.session.number)
