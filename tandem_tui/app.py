"""The Textual app: builds the screens over one store, one agenda library and one clock."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sys
import threading
from collections.abc import Iterable, Sequence
from functools import partial
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Any, TypeVar

from textual import events
from textual.app import SystemCommand
from textual.binding import Binding
from textual.notifications import SeverityLevel
from textual.screen import Screen

from tandem_tui import actions, i18n
from tandem_tui.actions import FILE_ABOUT, REPLACE_HINT, OutputFile
from tandem_tui.clock import Clock, SystemClock
from tandem_tui.i18n import N_, _, os_reason
from tandem_tui.library import Library, load_library
from tandem_tui.paths import DIR_MODE, unsaved_dir
from tandem_tui.shutdown import Watchdog, exit_code, resume_only_with_a_terminal
from tandem_tui.store import Store
from tandem_tui.sync_worker import SyncingApp
from tandem_tui.textual_texts import (
    KEYS_HELP,
    PALETTE_PLACEHOLDER,
    SCREENSHOT,
    SCREENSHOT_HELP,
    TEXTUAL_TEXTS,
    THEMES_PLACEHOLDER,
)

if TYPE_CHECKING:
    from tandem_tui.authoring import AgendaDraft, ProgramDraft
    from tandem_tui.screens.host import Host

DraftT = TypeVar("DraftT", "AgendaDraft", "ProgramDraft")
KEY_HOLD_SECONDS = 1.0  # at most, for a new screen to mount before a key goes to it
SCREENSHOT_DELAY = 0.2  # seconds for the screen to be drawn again before the picture
FOCUS_ACTIONS = ("app.focus_next", "app.focus_previous", "focus_next", "focus_previous")


#: What asks the app to end from outside: SIGTERM, and SIGHUP from a closed terminal.
ENDING_SIGNALS = [s for s in (signal.SIGTERM, getattr(signal, "SIGHUP", None)) if s is not None]


class TandemApp(SyncingApp):
    """tandem-tui: the home screen of tandems, and the meeting screen."""

    # The home screen is the default screen, whose own CSS_PATH Textual does not read:
    # its styles load with the app's. Every other screen brings its .tcss when shown.
    CSS_PATH = ["app.tcss", "screens/home.tcss"]
    TITLE = "tandem-tui"
    BINDINGS = [
        Binding("ctrl+q", "quit", N_("Quit"), id="quit", tooltip=N_("Save everything and quit")),
    ]

    def __init__(
        self,
        store: Store,
        library: Library,
        *,
        clock: Clock | None = None,
        meet: str | None = None,
        bell: bool = False,
        title_suffix: str = "",
        agenda_dirs: Sequence[Path] = (),
    ) -> None:
        super().__init__()
        from tandem_tui import paste_guard

        paste_guard.install()  # an ESC inside a paste is text, never a key
        self.store = store
        self.library = library
        self.agenda_dirs = list(agenda_dirs)
        self.clock: Clock = clock or SystemClock()
        self.meet = meet
        self.new_agenda: str | None = None  # `agenda new ID`: open the editor on it
        self.bell_enabled = bell
        # The command line sets one: then a signal ends the process even if Textual hangs.
        self.watchdog: Watchdog | None = None
        self._ending_by: int | None = None  # the signal that ends the app, once one came
        self._saved_at_signal = False
        self._signals_before: dict[int, Any] = {}
        if title_suffix:
            self.sub_title = title_suffix

    def get_default_screen(self) -> Screen[Any]:
        # The home screen is the app's first screen: no blank frame before it.
        from tandem_tui.screens.home import HomeScreen

        return HomeScreen()

    def on_mount(self) -> None:
        self.call_after_refresh(collect_from_now_on)
        self._install_signal_handlers()
        if self.store.home_warning:
            self.notify(self.store.home_warning, severity="warning", timeout=15, markup=False)
        if unsaved_dir(self.store.home).is_dir() and self.new_agenda is None:
            self.call_after_refresh(self._tell_of_unsaved_drafts)
        if self.meet:
            self.call_after_refresh(self.open_meeting, self.meet)
        if self.new_agenda is not None:
            self.call_after_refresh(self.edit_agenda, None, self.new_agenda)
        self.call_after_refresh(self.check_size)

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and not event.is_forwarded:
            await self._screen_ready()
            route = getattr(self.screen, "route_typing", None)
            if callable(route) and event.is_printable:
                route(event)  # moves the focus, at once, to where typing goes
            if self._moved_focus_at_once(event):
                return
            moves_on = getattr(self.screen, "enter_moves_on", None)
            if event.key == "enter" and callable(moves_on) and moves_on():
                return
            if await self._bound_in_order(event):
                return
        if isinstance(event, events.Paste) and not event.is_forwarded:
            event = harmless_paste(event)
        await super().on_event(event)

    async def _bound_in_order(self, event: events.Key) -> bool:
        """A key bound to an action acts in its turn among the keys typed around it: in a
        text field Backspace, arrows, Home, End, Escape and Ctrl keys; elsewhere the
        focused widget's own keys (a checkbox's Space, a radio set's arrows).

        Textual runs such a binding only once the key has bubbled up from the field to
        the app, one hop at a time, while the keys after it go straight on: a burst of
        `abc`, Backspace, `d` gave `abcd`, then the deletion; Space then Enter on the
        end screen ticked the checkbox Enter had moved on to.
        """
        from textual.widgets import Input, TextArea

        from tandem_tui.widgets.keys import keys_taken

        focused = self.focused
        if focused is None:
            return False
        text_field = isinstance(focused, (Input, TextArea))
        if text_field and event.is_printable:
            return False  # a letter: the field takes it itself
        if isinstance(focused, TextArea) and (
            event.key == "enter"  # a new line, taken by the text area itself
            or (focused.tab_behavior == "indent" and event.key in ("tab", "escape"))
        ):
            return False
        active = self.screen.active_bindings.get(event.key)
        if active is None or not active.enabled:
            return False
        if not text_field and active.node is not focused:
            return False  # a checkbox's Space, a list's arrows: only the widget's own keys
        await keys_taken(focused)  # the letters typed before it first
        await self.run_action(active.binding.action, active.node)
        return True

    def _moved_focus_at_once(self, event: events.Key) -> bool:
        """Tab and Shift+Tab move the focus now, not once the key has bubbled up.

        A field passes Tab on to its screen one hop at a time; keys typed right after
        it (a date after the follow-up's text, pasted in one go) were handed to the
        field that still had the focus.
        """
        if event.key not in ("tab", "shift+tab"):
            return False
        if getattr(self.focused, "tab_behavior", None) == "indent":
            return False  # a text area that takes Tab as text
        active = self.screen.active_bindings.get(event.key)
        if active is None or active.binding.action not in FOCUS_ACTIONS:
            return False  # bound to something else by the widget or screen
        if event.key == "tab":
            self.screen.focus_next()
        else:
            self.screen.focus_previous()
        return True

    async def _screen_ready(self) -> None:
        """Hold a key until the screen it goes to is up.

        Keys typed in one burst (Ctrl+O, then the follow-up's text at once) arrive
        before the dialog that Ctrl+O opens has mounted its fields; handed on then,
        they went to no field, or to the screen below.
        """
        loop = asyncio.get_running_loop()
        deadline = loop.time() + KEY_HOLD_SECONDS
        while not self.screen.is_mounted and loop.time() < deadline:
            await asyncio.sleep(0.005)

    def _tell_of_unsaved_drafts(self) -> None:
        from tandem_tui.authoring import take_unsaved, unsaved_drafts

        home = self.store.home
        named = []
        for path in unsaved_drafts(home):
            kind, _sep, key = path.stem.partition("-")
            if take_unsaved(home, kind, key) is not None:  # what the library can open
                if kind == "agenda":
                    named.append(_("a new agenda") if key == "new" else _("agenda {id}"))
                else:
                    named.append(_("a new program") if key == "new" else _("program {id}"))
                named[-1] = named[-1].format(id=key)
        if named:
            self.notify(
                _("Kept unsaved from last time: {drafts}. g lists it, to go on with it.").format(
                    drafts=", ".join(named)
                ),
                timeout=15,
            )

    def on_resize(self, event: events.Resize) -> None:
        # Runs before App's own handler has stored the new size: take it from the event.
        self.check_size(event.size.width, event.size.height)

    def check_size(self, width: int | None = None, height: int | None = None) -> None:
        """Cover the app with a message while the terminal is too small, never crash."""
        from tandem_tui.screens.too_small import TooSmallScreen, too_small

        if not self.screen_stack:
            return  # still starting: on_mount checks once the home screen is up
        if width is None or height is None:
            width, height = self.size
        top = self.screen
        if too_small(width, height):
            if isinstance(top, TooSmallScreen):
                top.show_size(width, height)
            else:
                self.push_screen(TooSmallScreen())
        elif isinstance(top, TooSmallScreen):
            top.dismiss()

    def open_meeting(self, tandem_id: str) -> None:
        from tandem_tui.screens.meeting import MeetingScreen

        self.push_screen(MeetingScreen(tandem_id))

    def _install_signal_handlers(self) -> None:
        """SIGTERM and SIGHUP (a closed terminal) save everything, then the app exits.

        Plain signal handlers, not the event loop's: the loop's run only when the loop
        does, and a terminal that stops reading output stops the loop in Textual's
        writes. A plain handler runs even then (it interrupts the wait), so the
        watchdog starts whatever the loop is doing.
        """
        if threading.current_thread() is not threading.main_thread():
            return  # signals are the main thread's; a test may run the app elsewhere
        loop = asyncio.get_running_loop()

        def on_signal(signum: int, frame: FrameType | None) -> None:
            if self._ending_by is not None:
                # A second signal: end now, as any program would.
                signal.signal(signum, signal.SIG_DFL)
                os.kill(os.getpid(), signum)
                return
            self._ending_by = signum
            if self.watchdog is not None:
                self.watchdog.start(signum)
            loop.call_soon_threadsafe(self.end_by_signal, signum)

        for signum in ENDING_SIGNALS:
            with contextlib.suppress(ValueError, OSError):
                self._signals_before[signum] = signal.signal(signum, on_signal)
        # A hang-up comes with a SIGCONT that would restart the driver and hang its
        # shutdown (see tandem_tui.shutdown).
        if sys.__stdin__ is not None:
            resume_only_with_a_terminal(sys.__stdin__.fileno())

    def on_unmount(self) -> None:
        # The handlers are the process's, the app is not: a test runs many apps.
        for signum, before in self._signals_before.items():
            with contextlib.suppress(ValueError, OSError, TypeError):
                signal.signal(signum, before)
        self._signals_before.clear()

    def end_by_signal(self, signum: int) -> None:
        """Save and exit; the watchdog, started first, ends the process if the exit hangs."""
        if self.watchdog is not None:
            self.watchdog.start(signum)
        self._ending_by = signum
        try:
            self.save_all()
            self._saved_at_signal = True
        finally:
            # Saved: a further signal now ends the process at once, as it would any
            # program, even while Textual's shutdown is stuck and this loop stands still.
            for each in ENDING_SIGNALS:
                with contextlib.suppress(ValueError, OSError):
                    signal.signal(each, signal.SIG_DFL)
            self.exit(return_code=exit_code(signum))

    def release_at_exit(self, wait: float) -> None:
        """The watchdog's last step: save what the loop could not, free the data folder.

        The loop saves on a signal; when it stands still (a terminal that stopped
        reading), this saves from the watchdog's thread, the app's own being stuck in
        a write to the terminal, never in the store.
        """
        if not self._saved_at_signal:
            with contextlib.suppress(Exception):
                self.save_all()
        self.store.close_at_exit(wait)

    def _fatal_error(self) -> None:
        """Textual's crash report lists local variables, and a note's text can be one.

        The report here shows where it failed, never the values: it may end up pasted
        into a bug report or a chat.
        """
        from rich.segment import Segment, Segments
        from rich.traceback import Traceback

        from tandem_tui.text import harmless

        self.bell()
        traceback = Traceback(show_locals=False, width=None)
        # Its colours stay; its text (an error message may quote a file) is made harmless.
        self._exit_renderables.append(
            Segments(
                Segment(harmless(segment.text), segment.style, segment.control)
                for segment in self.console.render(traceback, self.console.options)
            )
        )
        self._close_messages_no_wait()

    def exit(self, result: None = None, return_code: int = 0, message: Any | None = None) -> None:
        """End the app. After a crash it still ends as one, whatever exits next: a quit
        still queued or a signal never turns a crash into a clean exit 0."""
        super().exit(result, return_code or self.return_code or 0, message)

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Every notification of the app and its screens comes here: shown as plain text.

        Messages quote names, follow-ups, paths and errors from files: as markup,
        `[1m` in a follow-up broke the screen; raw, a control character in one reached
        the terminal. None of the app's messages uses markup.
        """
        from tandem_tui.text import harmless

        super().notify(
            harmless(message),
            title=harmless(title),
            severity=severity,
            timeout=timeout,
            markup=False,
        )

    def save_all(self) -> None:
        """Save what any open screen holds in memory: notes typed, timers running."""
        for screen in self.screen_stack:
            saver = getattr(screen, "save_now", None)
            if callable(saver):
                saver()

    async def action_quit(self) -> None:
        self.save_all()
        self.exit()

    # screenshots ---------------------------------------------------------------------

    def take_screenshot(self) -> None:
        """Save the screen as SVG, readable by the user only, with every private pane hidden.

        Textual's own command wrote it to ~/Downloads for anyone to read, open private
        note and all, where `forget` never reaches.
        """
        hidden = False
        for screen in self.screen_stack:
            raise_shield = getattr(screen, "raise_shield", None)
            if callable(raise_shield) and raise_shield():
                hidden = True
        # Once the screen is laid out and drawn again, shield up (as Textual's own
        # command waits a tenth of a second, for the palette to close).
        self.set_timer(SCREENSHOT_DELAY, partial(self._save_screenshot, hidden))

    def _save_screenshot(self, hidden: bool) -> None:
        from tandem_tui.paths import atomic_write_text, shown_path

        stamp = self.clock.now().strftime("%Y%m%d-%H%M%S")
        path = self.files_folder() / f"tandem-tui-{stamp}.svg"
        try:
            path.parent.mkdir(parents=True, exist_ok=True, mode=DIR_MODE)
            atomic_write_text(path, self.export_screenshot())
        except OSError as error:
            self.notify(
                _("Screenshot not saved: {error}").format(error=os_reason(error)),
                severity="error",
                markup=False,
            )
            return
        saved = (
            _("Screenshot saved: {path}. The privacy shield is on: Ctrl+L lifts it.")
            if hidden
            else _("Screenshot saved: {path}.")
        )
        self.notify(saved.format(path=shown_path(path)), markup=False, timeout=10)

    def deliver_screenshot(
        self,
        filename: str | None = None,
        path: str | None = None,
        time_format: str | None = None,
    ) -> str | None:
        self.take_screenshot()
        return None

    # agendas ------------------------------------------------------------------------

    @property
    def agenda_folder(self) -> Path:
        """Where new agendas and programs are saved: the first --agendas, else the user's."""
        from tandem_tui.agendas import user_dir

        return self.agenda_dirs[0] if self.agenda_dirs else user_dir(self.store.home)

    def reload_library(self) -> None:
        """Read the agendas again, after an editor saved one."""
        self.library = load_library(self.store.home, self.agenda_dirs)

    def edit_agenda(self, agenda_id: str | None = None, new_id: str = "") -> None:
        """Open the editor on an agenda, or on a new one (with `new_id`, if given)."""
        from tandem_tui.authoring import AgendaDraft, CardDraft
        from tandem_tui.screens.agenda_editor import AgendaEditorScreen

        if agenda_id is not None:
            agenda = self.library.agenda(agenda_id)
            draft, source = AgendaDraft.of(agenda), agenda.source
        else:
            draft, source = AgendaDraft(id=new_id, cards=[CardDraft()]), None
        key = draft.id
        draft, recovered = self._or_kept_draft(draft, source)
        minutes = next(
            (
                p.meeting_minutes
                for p in self.library.programs.values()
                if agenda_id is not None and agenda_id in p.sessions
            ),
            60,
        )
        self.push_screen(
            AgendaEditorScreen(
                draft,
                folder=self.agenda_folder,
                source=source,
                meeting_minutes=minutes,
                unsaved_key=key,
                recovered=recovered,
            )
        )

    def edit_program(self, program_id: str | None = None, new_id: str = "") -> None:
        from tandem_tui.authoring import ProgramDraft
        from tandem_tui.screens.program_editor import ProgramEditorScreen

        if program_id is not None:
            program = self.library.program(program_id)
            draft, source = ProgramDraft.of(program), program.source
        else:
            draft, source = ProgramDraft(id=new_id), None
        key = draft.id
        draft, recovered = self._or_kept_draft(draft, source)
        self.push_screen(
            ProgramEditorScreen(
                draft,
                folder=self.agenda_folder,
                source=source,
                unsaved_key=key,
                recovered=recovered,
            )
        )

    def _or_kept_draft(self, draft: DraftT, source: str | None) -> tuple[DraftT, bool]:
        """What an editor kept unsaved of `draft` when the app last closed, if anything."""
        from tandem_tui.authoring import AgendaDraft, is_bundled, take_unsaved

        kind = "agenda" if isinstance(draft, AgendaDraft) else "program"
        kept = None if is_bundled(source) else take_unsaved(self.store.home, kind, draft.id)
        if isinstance(kept, type(draft)):
            return kept, True
        return draft, False

    # files for calendars and readers (the work is in tandem_tui.actions) -------------

    def files_folder(self) -> Path:
        """The folder calendars and minutes go into: the remembered one, else Documents."""
        return actions.files_folder(self)

    def calendar_file(self, tandem_id: str) -> OutputFile | None:
        return actions.calendar_file(self, tandem_id)

    def minutes_file(self, tandem_id: str, session: int | None = None) -> OutputFile | None:
        """The minutes of session `session`, default the last one held; None if none was."""
        return actions.minutes_file(self, tandem_id, session)

    def save_calendar(self, tandem_id: str) -> None:
        """Ask where, showing the remembered folder, then write the tandem's calendar."""
        file = self.calendar_file(tandem_id)
        if file is not None:
            self.save_file(file)

    def save_minutes(self, tandem_id: str, session: int | None = None) -> None:
        """Ask where, showing the remembered folder, then write a session's minutes."""
        file = self.minutes_file(tandem_id, session)
        if file is not None:
            self.save_file(file)

    def save_file(self, file: OutputFile) -> None:
        from tandem_tui.screens.save_file import SaveFileScreen

        def chosen(path: Path | None) -> None:
            if path is not None:
                actions.write_file(self, file, path)

        self.push_screen(
            SaveFileScreen(
                file.title,
                file.name,
                self.files_folder(),
                about=_(FILE_ABOUT[file.kind]),
                hint=_(REPLACE_HINT[file.kind]) if REPLACE_HINT[file.kind] else "",
            ),
            chosen,
        )

    def write_files_into(
        self, folder: Path, files: Sequence[OutputFile], *, kept: str = ""
    ) -> None:
        """Write `files` into `folder` without a folder dialog (the end screen showed it).

        A file already there is replaced only after asking; `kept` is added to the
        message that names a file not written because the user kept the old one.
        """
        self.run_worker(self._write_files_into(folder, list(files), kept), group="files")

    async def _write_files_into(self, folder: Path, files: list[OutputFile], kept: str) -> None:
        from tandem_tui.paths import free_name, is_taken, shown_path
        from tandem_tui.screens.save_file import Existing, ReplaceFileScreen

        if not actions.make_folder(self, folder, files, kept):
            return
        for file in files:
            target = folder / file.name
            if is_taken(target):
                choice = await self.push_screen_wait(
                    ReplaceFileScreen(
                        target,
                        hint=_(REPLACE_HINT[file.kind]) if REPLACE_HINT[file.kind] else "",
                    )
                )
                if choice is None:
                    self.notify(
                        _("{name} was not written: the one already in {folder} was kept.").format(
                            name=file.name, folder=shown_path(folder)
                        )
                        + kept,
                        severity="warning",
                        timeout=15,
                        markup=False,
                    )
                    continue
                if choice is Existing.KEEP_BOTH:
                    target = free_name(target)
            actions.write_file(self, file, target)

    def speech_here(self, screen: Screen[object] | None = None) -> i18n.Speech:
        """The language of `screen` (the current one): a tandem's meeting speaks its
        program's, everything else the chrome's. The palette and the footer follow it."""
        return i18n.speech_of(screen or self.screen)

    def get_key_display(self, binding: Binding) -> str:
        display = super().get_key_display(binding)
        if display == "space":
            # TRANSLATORS: the space bar, as the footer names it (lower case in English).
            return self.speech_here().pgettext("footer key", "space")
        return display

    def action_command_palette(self) -> None:
        """Textual's palette, its placeholder in the language of the screen it opens on."""
        from textual.command import CommandPalette

        if self.use_command_palette and not CommandPalette.is_open(self):  # type: ignore[arg-type]
            placeholder = self.speech_here().gettext(PALETTE_PLACEHOLDER)
            self.push_screen(CommandPalette(placeholder=placeholder, id="--command-palette"))

    def search_themes(self) -> None:
        """Textual's list of themes, its placeholder in the screen's language."""
        from textual.command import CommandPalette
        from textual.theme import ThemeProvider

        placeholder = self.speech_here().gettext(THEMES_PLACEHOLDER)
        self.push_screen(CommandPalette(providers=[ThemeProvider], placeholder=placeholder))

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        say = self.speech_here(screen).gettext
        for command in super().get_system_commands(screen):
            if command.title == "Screenshot":  # Textual's: into Downloads, for anyone
                continue
            if command.title == "Keys":  # Textual's panel speaks only English: ours instead
                if command.help.startswith("Show"):
                    show = partial(self.show_keys, screen)
                    yield SystemCommand(say(TEXTUAL_TEXTS["Keys"]), say(KEYS_HELP), show)
                continue
            yield SystemCommand(
                say(TEXTUAL_TEXTS.get(command.title, command.title)),
                say(TEXTUAL_TEXTS.get(command.help, command.help)),
                command.callback,
                command.discover,
            )
        yield SystemCommand(say(SCREENSHOT), say(SCREENSHOT_HELP), self.take_screenshot)
        commands = getattr(screen, "palette_commands", None)
        if callable(commands):
            yield from commands()

    def show_keys(self, screen: Screen[object]) -> None:
        """The keys of `screen` in its language: its own help page where it has one."""
        own_help = getattr(screen, "action_help", None)
        if callable(own_help):
            own_help()
            return
        from tandem_tui.screens.help import HelpScreen, keys_table

        speech = self.speech_here(screen)
        bindings = [active.binding for active in screen.active_bindings.values()]
        page = keys_table(speech.gettext("Keys"), [b for b in bindings if b.show], speech=speech)
        self.push_screen(HelpScreen(page, speech=speech))


def collect_from_now_on() -> None:
    """After the first frame of a start that paused the garbage collector (the command
    line's): what was loaded until then lives as long as the app, so the collector
    leaves it out of every pass (`gc.freeze`) and runs again."""
    import gc

    if not gc.isenabled():
        gc.freeze()
        gc.enable()


def harmless_paste(paste: events.Paste) -> events.Paste:
    """A paste with its control characters written out (`\\u001b`), or as it was.

    Pasted text is drawn as it is, in a note or a field: `\\e]0;TITLE\\a` copied along
    with it would rename the terminal, `\\e[2J` clear it. Line breaks stay line breaks.
    """
    from tandem_tui.text import harmless, has_control

    text = paste.text.replace("\r\n", "\n").replace("\r", "\n")
    return events.Paste(harmless(text)) if has_control(text) else paste


def create_app(
    home: Path,
    agenda_dirs: Sequence[Path] = (),
    *,
    library: Library | None = None,
    clock: Clock | None = None,
    meet: str | None = None,
    bell: bool = False,
    title_suffix: str = "",
) -> TandemApp:
    """The app over the data in `home`; the command line and the tests both build it here.

    `library` saves loading the agendas again when the caller has them already.
    Raises StoreLocked when another tandem-tui is writing to the same home.
    """
    store = Store(home)
    return TandemApp(
        store,
        library if library is not None else load_library(home, agenda_dirs),
        agenda_dirs=agenda_dirs,
        clock=clock,
        meet=meet,
        bell=bell,
        title_suffix=title_suffix,
    )


if TYPE_CHECKING:

    def _hosts_the_screens(app: TandemApp) -> Host:
        """For mypy only: the app offers all the screens ask of it (tandem_tui.screens.host)."""
        return app
