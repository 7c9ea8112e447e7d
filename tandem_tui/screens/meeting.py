"""The meeting screen: agenda, the card and its countdown, the meeting clock, notes, follow-ups.

Typing is never a command here. Every action has a Ctrl or F key; letters, digits
and spaces always write into a note: where the focus is a note, there, and
anywhere else into the shared notes. So a sentence typed after Escape or Tab
lands in the notes instead of moving, skipping or ending the meeting.

The screen speaks the tandem's language (`speech`, its program's) whatever the
chrome's: a German tandem's meeting is German in an English app, keys and all.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterable
from functools import partial
from itertools import count

from textual import events, getters, on
from textual.app import ComposeResult, SystemCommand
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Digits, Header, Label, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from tandem_tui import i18n
from tandem_tui.i18n import Speech
from tandem_tui.meeting import Meeting, MeetingError, TimerState, tandem_speech
from tandem_tui.model import NoteKind, Role, SessionStatus, role_label
from tandem_tui.screens import meeting_view as view
from tandem_tui.screens.host import Host
from tandem_tui.screens.meeting_keys import (
    EXPORT,
    MEETING_ACTIONS,
    MEETING_BINDINGS,
    MINUTES,
    MOVE_UNDONE,
    bindings_said,
    passphrase_command,
)
from tandem_tui.store import StoreError
from tandem_tui.text import harmless
from tandem_tui.vault import Tampered
from tandem_tui.widgets.footer import Footer
from tandem_tui.widgets.keys import keys_taken
from tandem_tui.widgets.note_pane import NotePane

TICK_SECONDS = 0.25
NOTE_SAVE_DELAY = 0.5  # after the last keystroke
NOTE_SAVE_AT_MOST = 1.5  # after the first unsaved keystroke, even while typing on
CHECKPOINT_SECONDS = 5.0


class MeetingScreen(Screen[None]):
    """Runs one session of a tandem from the first card to the end screen."""

    CSS_PATH = "meeting.tcss"
    AUTO_FOCUS = "#shared"

    BINDINGS = [*MEETING_BINDINGS]  # priority: they work in a note, and only they act

    agenda = getters.query_one("#agenda", OptionList)
    countdown = getters.query_one("#countdown", Digits)

    def __init__(self, tandem_id: str) -> None:
        super().__init__()
        self.tandem_id = tandem_id
        self.meeting: Meeting | None = None
        #: The tandem's language; the chrome's until `compose` knows the tandem.
        self.speech: Speech = i18n.chrome()
        self.private_person: Role | None = None
        self._private_cursor: Role | None = None  # the pane Ctrl+R tried last
        self.shield = False
        self._note_timer: Timer | None = None
        self._unsaved: dict[tuple[int, NoteKind, Role | None], str] = {}
        self._unsaved_since: float | None = None
        self._loaded: dict[TextArea, str] = {}  # what each pane held when its card was shown
        self._order = count()
        self._last_edit = -1  # when the notes were last typed in, to choose what Ctrl+Z undoes
        self._last_move = -1
        self._since_checkpoint = 0.0
        self._belled: set[int] = set()
        self.end_draft: dict[str, object] = {}  # what the end screen held when left unsaved
        # Held, not looked up: what they hold is still read on the way out, after unmount.
        self.shared = NotePane(id="shared", soft_wrap=True)
        self.private = NotePane(id="private", soft_wrap=True)
        self._last_note: TextArea = self.shared

    # layout -------------------------------------------------------------------------

    def _find_speech(self) -> Speech:
        """The tandem's language, known before anything is drawn (the footer's keys too)."""
        app = self.app
        if not isinstance(app, Host):
            return i18n.chrome()
        try:
            return tandem_speech(app.library, app.store.tandem(self.tandem_id))
        except StoreError:  # said when the meeting opens
            return i18n.chrome()

    def _speak_keys(self) -> None:
        """The screen's keys with their words in its language, for every footer that draws
        them and for their tooltips (a footer that translates what it shows through the
        screen's `speech` finds them translated already; German stays German)."""
        self._bindings = bindings_said(self._bindings, self.speech)

    def compose(self) -> ComposeResult:
        self.speech = self._find_speech()
        self._speak_keys()
        speech = self.speech
        yield Header()
        with Horizontal(id="meeting"):
            with Vertical(id="agenda-column"):
                yield Label(speech.gettext("Agenda"), classes="pane-title", id="agenda-title")
                yield OptionList(id="agenda")
                yield Static("", id="meeting-clock")
            with Vertical(id="card-column"):
                with Horizontal(id="card-head"):
                    # Not focusable: it takes no keys, so it cannot hide where they go.
                    with VerticalScroll(id="card-text", can_focus=False):
                        yield Static("", id="card-title")
                        yield Static("", id="card-lead")
                        yield Static("", id="card-prompts")
                    with Vertical(id="timer"):
                        yield Digits("0:00", id="countdown")
                        yield Static("", id="timer-note")
                yield Label(speech.gettext("Shared notes"), classes="pane-title", id="shared-title")
                yield self.shared
                yield Label("", classes="pane-title", id="private-title")
                yield self.private
                yield Static("", id="private-masked")
                yield Static("", id="followups")
        yield Footer(compact=True, palette_from_width=100)

    def on_mount(self) -> None:
        app = self.app
        assert isinstance(app, Host)
        try:
            tandem = app.store.tandem(self.tandem_id)
            self.meeting = Meeting.open(app.store, app.library, tandem, app.clock)
        except (MeetingError, StoreError) as error:
            self.notify(str(error), severity="error", timeout=10)
            self.app.pop_screen()
            return
        self.meeting.speech = self.speech
        session = self.meeting.session
        self.sub_title = self.speech.gettext("{tandem} · session {number}: {agenda}").format(
            tandem=tandem.label,
            number=session.number,
            agenda=self.speech.swiss(session.agenda.title),
        )
        self.private.display = False
        self.show_card()
        self.refresh_followups()
        self.set_interval(TICK_SECONDS, self.tick)
        self._focus_note(self.shared)

    def on_unmount(self) -> None:
        self.save_now()
        ended = self.meeting is not None and self.meeting.session.status is SessionStatus.ENDED
        if ended and isinstance(self.app, Host):  # and saved: to its calendar, if it has one
            self.app.sync_tandems([self.tandem_id])

    @property
    def running_meeting(self) -> Meeting:
        assert self.meeting is not None
        return self.meeting

    # where typing goes --------------------------------------------------------------

    def typing_mode(self) -> tuple[str, bool]:
        """For the footer: letters always write; it names the note they go into."""
        focused = self.focused
        speech = self.speech
        if focused is self.private and self.private_person is not None:
            person = role_label(self.private_person, self.speech)
            return speech.gettext("✎ Private notes, {person}").format(person=person), True
        if focused is self.agenda:
            if self._typing_target() is self.private:
                # TRANSLATORS: the footer's badge: on the agenda, letters go into the notes.
                return speech.gettext("Agenda → private notes"), False
            return speech.gettext("Agenda → shared notes"), False
        return speech.gettext("✎ Shared notes"), True

    def _typing_target(self) -> TextArea:
        """The note typing goes to from outside the notes: the one last written in, while
        it is shown (a private thought after Escape stays private), else the shared."""
        last = self._last_note
        if last is self.private and (self.private_person is None or self.shield):
            return self.shared
        return last

    def route_typing(self, event: events.Key) -> None:
        """Where a printable key goes: the focused note, else the note last written in.

        The app asks before it hands the key on, so a burst of keys arrives in order
        and none acts as a command on the agenda or anything else that has the focus.
        """
        if not isinstance(self.focused, TextArea) and event.is_printable:
            self.set_focus(self._typing_target())

    def _focus_note(self, pane: TextArea) -> None:
        """The cursor into a note, at once, and typing from the agenda follows it there."""
        self.set_focus(pane)
        self._last_note = pane

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        if isinstance(event.widget, TextArea):
            self._last_note = event.widget
        self._show_focus()

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        self._show_focus()

    def _show_focus(self) -> None:
        """Highlight the focused area's title; the footer names where typing goes."""
        focused = self.focused
        for title, pane in (
            ("#shared-title", self.shared),
            ("#private-title", self.private),
            ("#agenda-title", self.agenda),
        ):
            self.query_one(title).set_class(focused is pane, "-focused")
        with contextlib.suppress(Exception):
            self.query_one(Footer).refresh_mode()

    async def _settle(self) -> None:
        """Let the focused note take the keys typed before a command, then keep them.

        Keys reach a note through its own queue; a Ctrl key is handled by the app at
        once. Without this, letters typed just before Ctrl+N landed on the next card.
        """
        if isinstance(self.focused, TextArea):
            await keys_taken(self.focused)
        self._capture()

    def _capture(self) -> None:
        """Remember what the panes hold now, with the card they belong to."""
        if self.meeting is not None:
            for pane in (self.shared, self.private):
                self._remember(pane)

    def _remember(self, pane: TextArea) -> bool:
        """Keep `pane`'s text to save if it differs from what was loaded; True then.

        Its text now, with the card it shows now: a change reported late, after a card
        move, holds the new card's text and saves nothing wrong; typing undone back to
        the saved text leaves nothing to save.
        """
        key = self._pane_key(pane)
        if key is None:
            return False
        if pane.text == self._loaded.get(pane):
            self._unsaved.pop(key, None)
            return False
        self._unsaved[key] = pane.text
        return True

    def _pane_key(self, pane: TextArea) -> tuple[int, NoteKind, Role | None] | None:
        assert self.meeting is not None
        if pane is self.shared:
            return (self.meeting.index, NoteKind.SHARED, None)
        if pane is self.private and self.private_person is not None and not self.shield:
            return (self.meeting.index, NoteKind.PRIVATE, self.private_person)
        return None

    # showing state ------------------------------------------------------------------

    def show_card(self) -> None:
        meeting = self.running_meeting
        self.query_one("#card-title", Static).update(view.card_title(meeting))
        self.query_one("#card-lead", Static).update(view.card_lead(meeting))
        self.show_prompts()
        self._load_notes()
        self.refresh_agenda()
        self.tick()

    def show_prompts(self) -> None:
        """The card's prompts; a follow-up of the review card ticked off since shows ✓."""
        self.query_one("#card-prompts", Static).update(view.prompts(self.running_meeting))

    def _load(self, pane: TextArea, text: str) -> None:
        """Show a note with the cursor at its end, where one goes on writing.

        Control characters the note brought from a file are shown written out.
        """
        text = harmless(text)
        self._loaded[pane] = text
        pane.load_text(text)
        pane.move_cursor(pane.document.end)

    def _load_notes(self) -> None:
        meeting = self.running_meeting
        self._load(self.shared, meeting.note())
        self._show_private()

    def _show_private(self) -> None:
        meeting = self.running_meeting
        title = self.query_one("#private-title", Label)
        masked = self.query_one("#private-masked", Static)
        person = None if self.shield else self.private_person
        speech = self.speech
        if person is None:
            if self.private.has_focus:
                self._focus_note(self.shared)
            self.private.display = False
            masked.display = True
            title.update(speech.gettext("Private notes"))
            masked.update(
                Content.from_markup(
                    "[dim]$text[/dim]",
                    text=speech.gettext("Privacy shield on. Ctrl+L lifts it.")
                    if self.shield
                    else meeting.private_hint(),
                )
            )
            return
        # TRANSLATORS: an open private pane's title: "Private · Lena Vogel (mentor) · encrypted".
        shown = speech.gettext("Private · {name} ({person}) · {state}").format(
            name=meeting.tandem.person(person).name,
            person=role_label(person, self.speech),
            state=speech.gettext("encrypted")
            if person in meeting.locks
            else speech.gettext("no passphrase"),
        )
        title.update(Content(shown))
        self._load(self.private, meeting.note(NoteKind.PRIVATE, person))
        masked.display = False
        self.private.display = True

    def refresh_agenda(self) -> None:
        meeting = self.running_meeting
        self.agenda.set_options(
            Option(view.agenda_line(meeting, index), id=str(index))
            for index in range(len(meeting.cards))
        )
        self.agenda.highlighted = meeting.index

    def refresh_followups(self) -> None:
        self.query_one("#followups", Static).update(view.followups(self.running_meeting))

    def tick(self) -> None:
        """Redraw the timers from the clock; never counts ticks."""
        if self.meeting is None:
            return
        meeting = self.meeting
        state = meeting.timer_state()
        self.countdown.update(view.countdown(meeting))
        timer = self.query_one("#timer")
        for name in TimerState:
            timer.set_class(state is name, f"-{name.value}")
        timer.set_class(not meeting.running, "-paused")
        self.query_one("#timer-note", Static).update(view.timer_note(meeting, state))
        if state is TimerState.OVERTIME and meeting.index not in self._belled:
            self._belled.add(meeting.index)
            if isinstance(self.app, Host) and self.app.bell_enabled:
                self.app.bell()
        self.query_one("#meeting-clock", Static).update(view.meeting_clock(meeting))
        if meeting.running:
            # Only the current card's line changes while its timer runs.
            self.agenda.replace_option_prompt_at_index(
                meeting.index, view.agenda_line(meeting, meeting.index)
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
        except (StoreError, Tampered) as error:
            self.notify(harmless(str(error)), severity="error", timeout=10)
            return False
        return True

    @on(TextArea.Changed)
    def note_changed(self, event: TextArea.Changed) -> None:
        if self.meeting is not None and self._remember(event.text_area):
            self._last_edit = next(self._order)
            self._arm_save()

    def _arm_save(self) -> None:
        """Save half a second after the last keystroke, and never later than 1.5 s after
        the first unsaved one, so notes reach the disk while someone types on and on."""
        now = time.monotonic()
        if self._unsaved_since is None:
            self._unsaved_since = now
        delay = min(NOTE_SAVE_DELAY, max(0.01, self._unsaved_since + NOTE_SAVE_AT_MOST - now))
        # A one-shot timer cannot be re-armed once it has fired: start a fresh one.
        if self._note_timer is not None:
            self._note_timer.stop()
        self._note_timer = self.set_timer(delay, self.save_notes)

    def save_notes(self) -> None:
        if self.meeting is None:
            return
        meeting = self.meeting
        self._capture()
        for (card, kind, person), text in list(self._unsaved.items()):
            if self._guarded(partial(meeting.save_note, text, kind, person, card=card)):
                del self._unsaved[(card, kind, person)]
                if card == meeting.index:
                    pane = self.shared if kind is NoteKind.SHARED else self.private
                    if kind is NoteKind.SHARED or person == self.private_person:
                        self._loaded[pane] = text
        if not self._unsaved:
            self._unsaved_since = None

    def save_now(self) -> None:
        """Everything in memory to disk: on quit, Ctrl+C, SIGTERM and a closed terminal."""
        if self.meeting is None:
            return
        self.save_notes()
        self._guarded(self.meeting.checkpoint)

    # actions ------------------------------------------------------------------------

    async def _move(self, move: str, *args: int) -> bool:
        """A card move: keys typed before it stay with the card they were typed on."""
        await self._settle()
        self.save_notes()
        moved = self._guarded(partial(getattr(self.running_meeting, move), *args))
        if moved:
            self._last_move = next(self._order)
            self.show_card()
            self._focus_note(self.shared)
        return moved

    async def action_toggle_timer(self) -> None:
        self._guarded(self.running_meeting.toggle)
        self.tick()

    async def action_next_card(self) -> None:
        meeting = self.running_meeting
        last = meeting.index + 1 >= len(meeting.cards)
        await self._move("next_card")
        speech = self.speech
        if last:
            self.notify(
                speech.gettext("That was the last card. Ctrl+F ends the meeting; Ctrl+Z undoes.")
            )
        else:
            self.notify(speech.gettext("Card done. Ctrl+Z undoes."), timeout=3)

    async def action_previous_card(self) -> None:
        await self._move("previous_card")

    async def action_skip_card(self) -> None:
        if await self._move("skip_card"):
            self.notify(
                self.speech.gettext(
                    "Skipped: it comes back at the start of the next session. Ctrl+Z undoes."
                )
            )

    async def action_more_time(self) -> None:
        await self._move("adjust_box", +1)

    async def action_less_time(self) -> None:
        await self._move("adjust_box", -1)

    async def action_undo(self) -> None:
        """Ctrl+Z: the last thing done, a card move or typing in the focused note."""
        await self._settle()  # keys typed just before Ctrl+Z are in the note now
        focused = self.focused
        typed_last = self._last_edit > self._last_move or (
            isinstance(focused, TextArea) and focused.text != self._loaded.get(focused)
        )
        if isinstance(focused, TextArea) and typed_last and focused.history.undo_stack:
            focused.action_undo()
            return
        self.save_notes()
        try:
            undone = self.running_meeting.undo()
        except StoreError as error:
            self.notify(str(error), severity="error", timeout=10)
            return
        if undone is None:
            self.notify(
                self.speech.gettext("Nothing more to undo: every card move is undone."), timeout=3
            )
            return
        self._last_move = next(self._order)
        self.show_card()
        self._focus_note(self.shared)
        self.notify(self.speech.gettext(MOVE_UNDONE[undone]), timeout=3)

    async def action_private(self) -> None:
        """Private panes in turn: the mentor's, the mentee's, hidden; a passphrase if set."""
        if self.shield:
            self.notify(self.speech.gettext("The privacy shield is on. Ctrl+L lifts it."))
            return
        await self._settle()
        self.save_notes()
        order = [None, *self.running_meeting.private_order]
        person = order[(order.index(self._private_cursor) + 1) % len(order)]
        self._private_cursor = person
        tampered = self.running_meeting.tampered.get(person) if person else None
        if tampered is not None:
            from tandem_tui.screens.passphrase import TamperedScreen

            self._open_private(None)
            self.app.push_screen(
                TamperedScreen(self.running_meeting.tandem, tampered, speech=self.speech)
            )
            return
        if person is not None and self.running_meeting.is_locked(person):
            from tandem_tui.screens.passphrase import UnlockScreen

            asking = UnlockScreen(self.running_meeting, person, speech=self.speech)

            def opened(unlocked: bool | None) -> None:
                self._open_private(person if unlocked else None)
                typed = "".join(asking.typed_after)
                if unlocked and typed:  # typed on after Enter: meant for these notes
                    self.private.insert(typed, self.private.document.end)

            self.private_person = None
            self._show_private()
            self.app.push_screen(asking, opened)
            return
        self._open_private(person)

    def _open_private(self, person: Role | None) -> None:
        self.private_person = person
        self._show_private()
        self._focus_note(self.private if person is not None else self.shared)
        self._show_focus()

    def set_passphrase(self, person: Role) -> None:
        from tandem_tui.screens.passphrase import SetPassphraseScreen

        changing = person in self.running_meeting.locks

        def done(saved: bool | None) -> None:
            if saved:
                name = self.running_meeting.tandem.person(person).name
                speech = self.speech
                changed = speech.gettext(
                    "{name}'s passphrase is changed: the private notes are sealed under a new key."
                )
                kept = speech.gettext(
                    "{name}'s private notes are kept encrypted under the passphrase."
                )
                self.notify((changed if changing else kept).format(name=name))
                self._show_private()

        self.save_notes()
        self.app.push_screen(
            SetPassphraseScreen(self.running_meeting, person, speech=self.speech), done
        )

    def raise_shield(self) -> bool:
        """Hide every private pane now (before a screenshot); True if one was shown."""
        if self.shield:
            return False
        shown = self.private_person is not None
        self.save_notes()
        self.shield = True
        self.private_person = None
        self._private_cursor = None
        self._show_private()
        self._show_focus()
        return shown

    async def action_shield(self) -> None:
        await self._settle()
        self.save_notes()
        self.shield = not self.shield
        if self.shield:
            self.private_person = None
            self._private_cursor = None
        self._show_private()
        self._show_focus()
        speech = self.speech
        self.notify(
            speech.gettext("Privacy shield on")
            if self.shield
            else speech.gettext("Privacy shield off")
        )

    def action_leave_notes(self) -> None:
        self.set_focus(self.agenda)

    async def action_add_followup(self) -> None:
        from tandem_tui.screens.followup import FollowUpDraft, FollowUpScreen

        def added(draft: FollowUpDraft | None) -> None:
            if draft is None:
                return
            if self._guarded(
                lambda: self.running_meeting.add_followup(draft.text, draft.owner, draft.due)
            ):
                self.refresh_followups()
                self.notify(self.speech.gettext("Follow-up added: {text}").format(text=draft.text))

        await self._settle()
        self.save_notes()
        meeting = self.running_meeting
        self.app.push_screen(FollowUpScreen(meeting.tandem, meeting.clock.now().date()), added)

    async def action_followups(self) -> None:
        from tandem_tui.screens.followup import FollowUpDraft
        from tandem_tui.screens.followups import FollowUpListScreen

        meeting = self.running_meeting

        def add(draft: FollowUpDraft) -> None:
            self._guarded(lambda: meeting.add_followup(draft.text, draft.owner, draft.due))

        def closed(_: None) -> None:
            self.refresh_followups()
            self.show_prompts()

        await self._settle()
        self.save_notes()
        self.app.push_screen(
            FollowUpListScreen(meeting.store, meeting.tandem, meeting.clock, add=add), closed
        )

    async def action_finish(self) -> None:
        from tandem_tui.screens.end import EndScreen

        await self._settle()
        self.save_now()
        meeting = self.running_meeting
        running = meeting.running
        if running:  # the times on the end screen are the times that will be stored
            self._guarded(meeting.pause)
            self.tick()
        self.app.push_screen(EndScreen(meeting, self.end_draft, resume=running))

    async def action_look_back(self) -> None:
        from tandem_tui.screens.history import HistoryScreen

        await self._settle()
        self.save_now()
        meeting = self.running_meeting
        self.app.push_screen(
            HistoryScreen(
                meeting.store,
                meeting.tandem,
                meeting.clock,
                exclude=meeting.session.number,
                shield=self.shield,
                keys=meeting.unlocked,
            )
        )

    def action_help(self) -> None:
        from tandem_tui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen(speech=self.speech))

    @on(OptionList.OptionSelected, "#agenda")
    async def jump_to_card(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            await self._move("go_to", int(event.option.id))

    def palette_commands(self) -> Iterable[SystemCommand]:
        """The meeting's actions in the command palette, beside the app's own."""
        speech = self.speech
        for a in MEETING_ACTIONS:
            run = getattr(self, f"action_{a.action}")
            yield SystemCommand(speech.gettext(a.title), a.key_said(speech), run)
        for role in Role:
            changing = role in self.running_meeting.locks
            title, help_text = passphrase_command(speech, role, changing)
            yield SystemCommand(title, help_text, partial(self.set_passphrase, role))
        for (title, help_text), write in (
            (EXPORT, self.export_calendar),
            (MINUTES, self.write_minutes),
        ):
            yield SystemCommand(speech.gettext(title), speech.gettext(help_text), write)

    def export_calendar(self) -> None:
        if isinstance(self.app, Host):
            self.app.save_calendar(self.running_meeting.tandem.id)

    def write_minutes(self) -> None:
        self.save_now()
        meeting = self.running_meeting
        if isinstance(self.app, Host):
            self.app.save_minutes(meeting.tandem.id, meeting.session.number)
