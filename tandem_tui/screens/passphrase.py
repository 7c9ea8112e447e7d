"""Dialogs for passphrases: to open a person's private notes, and to set or change one."""

from __future__ import annotations

from collections.abc import Callable

from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static
from textual.worker import get_current_worker

from tandem_tui import i18n
from tandem_tui.i18n import N_
from tandem_tui.meeting import Meeting
from tandem_tui.model import Role, Tandem
from tandem_tui.screens.dialog import FormDialog, ResultT
from tandem_tui.store import StoreError
from tandem_tui.text import harmless, literal, sentence
from tandem_tui.vault import (
    CannotDerive,
    Lock,
    Tampered,
    Unlocked,
    WrongPassphrase,
    check_passphrase,
    install_lock,
    make_lock,
    unlock,
)

NOT_RECOVERABLE = N_(
    "[b]A forgotten passphrase cannot be recovered[/b]: the private notes under it are "
    "lost with it. Nobody, not the facilitator and not tandem-tui, can open them."
)


class PassphraseDialog(FormDialog[ResultT]):
    """Asks for a person's passphrase and derives their data key in a worker thread.

    What the key then opens is the subclass's `opened`: a meeting's notes, or a look back.
    """

    def __init__(
        self, tandem: Tandem, person: Role, lock: Lock, *, speech: i18n.Speech | None = None
    ) -> None:
        """`speech`: the meeting's language (the tandem's) when asked in one; else the chrome's."""
        super().__init__()
        self.speech = speech or i18n.chrome()
        self.tandem = tandem
        self.person = person
        self.person_lock = lock
        self.opening = False  # a key is being derived: Enter again waits for it
        self.typed_after: list[str] = []  # typed on after Enter, while the key was derived

    def compose(self) -> ComposeResult:
        _ = self.speech.gettext
        name = literal(self.tandem.person(self.person).name)
        with Vertical(id="dialog"):
            yield Label(
                _("Private notes of {name} ({role})").format(name=name, role=role(self.person, _)),
                classes="dialog-title",
            )
            yield Label(_("{name}'s passphrase").format(name=name))
            yield Input(password=True, id="passphrase", compact=True)
            yield Label("", id="passphrase-error", classes="field-error")
            with Horizontal(classes="buttons"):
                yield Button(_("Open"), variant="primary", id="save", compact=True)
                yield Button(_("Cancel"), id="cancel", compact=True)

    def on_mount(self) -> None:
        self.set_focus(self.query_one("#passphrase", Input))

    async def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter ends the passphrase: what is typed after it, in the same hurry, is not
        part of it. It is kept, to go into the notes once they open."""
        event.stop()
        field = self.query_one("#passphrase", Input)
        if field.value.startswith(event.value):
            self.typed_after = [field.value[len(event.value) :]]
        self._open(event.value)

    def on_key(self, event: events.Key) -> None:
        if self.opening and event.is_printable and event.character:
            self.typed_after.append(event.character)  # for the notes, never the field
            event.stop()

    def action_save(self) -> None:
        self._open(self.query_one("#passphrase", Input).value)

    def _open(self, passphrase: str) -> None:
        if self.opening:
            return
        self.opening = True
        field = self.query_one("#passphrase", Input)
        field.disabled = True  # until it is known whether it opened
        self.set_focus(None)  # not the Cancel button: an Enter typed on would press it
        self.query_one("#save", Button).disabled = True
        self.query_one("#passphrase-error", Label).update(self.speech.gettext("Opening…"))
        self.derive_key(passphrase)

    @work(thread=True, exclusive=True, group="passphrase")
    def derive_key(self, passphrase: str) -> None:
        """The KDF is slow on purpose; in a thread, the meeting's clocks keep running."""
        _ = self.speech.gettext
        problem = _("That is not the passphrase. Nothing was changed; try again.")
        try:
            unlocked: Unlocked | None = unlock(self.person_lock, self.tandem.id, passphrase)
        except WrongPassphrase:
            unlocked = None
        except CannotDerive as error:
            unlocked, problem = None, f"{sentence(str(error))}."
        if get_current_worker().is_cancelled:
            return  # Escape while it worked: the dialog is gone
        if unlocked is None:
            self.app.call_from_thread(self.refused, problem)
        else:
            self.app.call_from_thread(self.opened, unlocked)

    def refused(self, problem: str) -> None:
        if not self.is_attached:
            return
        self.opening = False
        self.typed_after.clear()
        self.query_one("#save", Button).disabled = False
        field = self.query_one("#passphrase", Input)
        field.disabled = False
        field.value = ""
        field.focus()
        self.query_one("#passphrase-error", Label).update(problem)

    def opened(self, unlocked: Unlocked) -> None:
        raise NotImplementedError


class KeyScreen(PassphraseDialog[Unlocked]):
    """Returns what a person's passphrase opened, to read their notes outside a meeting."""

    def opened(self, unlocked: Unlocked) -> None:
        if self.is_attached:
            self.dismiss(unlocked)


class UnlockScreen(PassphraseDialog[bool]):
    """Asks for a person's passphrase once per meeting; returns True when it opened."""

    def __init__(
        self, meeting: Meeting, person: Role, *, speech: i18n.Speech | None = None
    ) -> None:
        super().__init__(meeting.tandem, person, meeting.locks[person], speech=speech)
        self.meeting = meeting

    def opened(self, unlocked: Unlocked) -> None:
        if not self.is_attached:
            return
        try:
            self.meeting.open_private(self.person, unlocked)
        except (StoreError, Tampered) as error:
            self.dismiss(False)
            self.app.push_screen(TamperedScreen(self.meeting.tandem, error, speech=self.speech))
            return
        self.dismiss(True)


class TamperedScreen(ModalScreen[None]):
    """Says a person's private notes were changed outside tandem-tui and stay closed.

    Only Escape (or a click) closes it: what was typed on in a hurry (a passphrase, a
    private thought meant for the pane that did not open) goes nowhere, never into the
    shared notes behind it.
    """

    BINDINGS = [Binding("escape", "dismiss", N_("Back to the meeting"))]

    def __init__(
        self,
        tandem: Tandem,
        problem: Tampered | StoreError,
        *,
        speech: i18n.Speech | None = None,
    ) -> None:
        """`speech`: the meeting's language, the tandem's; the chrome's when not given."""
        super().__init__()
        self.speech = speech or i18n.chrome()
        self.tandem = tandem
        self.problem = problem

    def compose(self) -> ComposeResult:
        from tandem_tui.widgets.footer import Footer

        _ = self.speech.gettext
        with Vertical(id="dialog"):
            if isinstance(self.problem, Tampered):
                person = self.problem.person
                name = self.tandem.person(person).name
                title = _("The private notes of {name} ({role}) stay closed").format(
                    name=name, role=role(person, _)
                )
                body = tampered_text(self.tandem, self.problem, self.speech)
            else:
                title = _("The private notes stay closed")
                body = f"{sentence(str(self.problem))}."
            yield Label(harmless(title), classes="dialog-title")
            yield Static(harmless(body), classes="dialog-text", markup=False)
            yield Static(_("The rest of the meeting goes on. Escape closes this."), markup=False)
            with Horizontal(classes="buttons"):
                back = Button(_("Back to the meeting"), id="back", compact=True)
                back.can_focus = False  # Enter typed in a hurry does not close it
                yield back
        yield Footer(compact=True)

    def typing_mode(self) -> tuple[str, bool]:
        return self.speech.gettext("Typing goes nowhere here"), False

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss()


def role(person: Role, gettext: Callable[[str], str]) -> str:
    """ "mentor", "mentee": a person's role as `gettext`'s language names it."""
    return gettext(ROLES[person.value])


#: The roles as the dialogs name them, translated where shown.
ROLES = {"mentor": N_("mentor"), "mentee": N_("mentee")}


def tampered_text(tandem: Tandem, problem: Tampered, speech: i18n.Speech | None = None) -> str:
    """What happened and what to do, for a person whose notes were changed."""
    return (
        (speech or i18n.chrome())
        .gettext(
            "They were changed outside tandem-tui: {reason}. So that nothing is shown "
            "that they did not write, and nothing is written unprotected, their pane does not "
            "open. Restore the tandem's folder from a backup, or start their private notes "
            "afresh (what is there now is removed): {command}"
        )
        .format(
            reason=problem.reason,
            command=f"tandem-tui passphrase {tandem.id} --role {problem.person.value} --reset",
        )
    )


class SetPassphraseScreen(FormDialog[bool]):
    """Sets a person's first passphrase (sealing their notes) or changes it."""

    def __init__(
        self, meeting: Meeting, person: Role, *, speech: i18n.Speech | None = None
    ) -> None:
        """`speech`: the meeting's language, the tandem's; the chrome's when not given."""
        super().__init__()
        self.speech = speech or i18n.chrome()
        self.meeting = meeting
        self.person = person
        self.changing = person in meeting.locks
        self.working = False  # the lock is being made: Enter again waits for it
        self._at_enter: dict[str, str] = {}  # the field Enter was pressed in, as it was then

    def compose(self) -> ComposeResult:
        _ = self.speech.gettext
        name = literal(self.meeting.tandem.person(self.person).name)
        title = (
            _("Change the passphrase of {name} ({role})")
            if self.changing
            else _("Set a passphrase of {name} ({role})")
        )
        with Vertical(id="dialog"):
            yield Label(title.format(name=name, role=role(self.person, _)), classes="dialog-title")
            about = (
                _("A new key is made, and every private note of {name} is sealed again under it.")
                if self.changing
                else _(
                    "Private notes of {name} are then stored only encrypted, and opened "
                    "only with it."
                )
            )
            yield Static(about.format(name=name) + " " + _(NOT_RECOVERABLE), classes="dialog-text")
            if self.changing:
                yield Label(_("Current passphrase"))
                yield Input(password=True, id="old", compact=True)
                yield Label("", id="old-error", classes="field-error")
            yield Label(
                _("New passphrase (8 characters or more besides spaces; a few words are easiest)")
            )
            yield Input(password=True, id="new", compact=True)
            yield Label("", id="new-error", classes="field-error")
            yield Label(_("The same again"))
            yield Input(password=True, id="again", compact=True)
            yield Label("", id="again-error", classes="field-error")
            with Horizontal(classes="buttons"):
                yield Button(_("Save"), variant="primary", id="save", compact=True)
                yield Button(_("Cancel"), id="cancel", compact=True)

    def on_mount(self) -> None:
        self.set_focus(self.query_one("#old" if self.changing else "#new", Input))

    async def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter ends the field it is typed in: keys typed on after it are not part of it."""
        event.stop()
        if event.input.id:
            self._at_enter = {event.input.id: event.value}
        self.action_save()

    def action_save(self) -> None:
        if self.working:
            return
        at_enter, self._at_enter = self._at_enter, {}
        new = at_enter.get("new", self.query_one("#new", Input).value)
        again = at_enter.get("again", self.query_one("#again", Input).value)
        problem = check_passphrase(new)
        self.query_one("#new-error", Label).update(sentence(problem) + "." if problem else "")
        mismatch = not problem and new != again
        self.query_one("#again-error", Label).update(
            self.speech.gettext("Not the same as the new passphrase; type it again.")
            if mismatch
            else ""
        )
        if self.changing:
            self.query_one("#old-error", Label).update("")
        if problem or mismatch:
            return
        old = at_enter.get("old", self.query_one("#old", Input).value) if self.changing else None
        for field in self.query(Input):
            field.disabled = True  # while the lock is made: nothing typed goes into it
        self.set_focus(None)  # not the Cancel button: an Enter typed on would press it
        self.working = True
        self.query_one("#save", Button).disabled = True
        self.query_one("#again-error", Label).update(self.speech.gettext("Encrypting…"))
        self.lock_in_background(dict(self.meeting.locks), new, old)

    @work(thread=True, exclusive=True, group="passphrase")
    def lock_in_background(self, locks: dict[Role, Lock], new: str, old: str | None) -> None:
        """The KDF is slow on purpose; in a thread, the meeting's clocks keep running."""
        meeting = self.meeting
        try:
            made: tuple[Lock, bytes, Unlocked | None] | None = make_lock(
                locks, meeting.tandem.id, self.person, new, old
            )
        except (WrongPassphrase, CannotDerive):
            made = None
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self.made, made)

    def made(self, made: tuple[Lock, bytes, Unlocked | None] | None) -> None:
        """Back on the app's thread, the only one that writes to the store."""
        if not self.is_attached:
            return
        self.working = False
        for field in self.query(Input):
            field.disabled = False
        self.query_one("#save", Button).disabled = False
        self.query_one("#again-error", Label).update("")
        if made is None:
            self.query_one("#old-error", Label).update(
                self.speech.gettext("That is not the current passphrase. Nothing was changed.")
            )
            self.query_one("#old", Input).focus()
            return
        lock, data_key, previous = made
        meeting = self.meeting
        try:
            install_lock(meeting.store, meeting.tandem.id, self.person, lock, data_key, previous)
            meeting.locks = meeting.store.locks(meeting.tandem.id)
            meeting.open_private(self.person, Unlocked(data_key, meeting.locks[self.person]))
        except (StoreError, Tampered) as error:
            self.notify(harmless(str(error)), severity="error", timeout=15)
            return
        self.dismiss(True)
