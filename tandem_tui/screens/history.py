"""Looking back: a tandem's sessions, read-only, from the home screen or in a meeting.

The list on the left names each session; the one highlighted is shown on the right:
per card its time and status and the shared notes, then the follow-ups that came
from it and the feedback. Private notes stay hidden until asked for, behind the
person's passphrase if they set one, as in a meeting. Nothing here writes: no
key moves, ends or changes anything, and no field takes typing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from textual import getters, on
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Header, Label, OptionList, Static
from textual.widgets.option_list import Option

from tandem_tui.clock import Clock, format_pair
from tandem_tui.model import (
    FollowUp,
    NoteKind,
    Role,
    Session,
    SessionStatus,
    Tandem,
)
from tandem_tui.screens.followups import followup_line
from tandem_tui.store import Store, StoreError
from tandem_tui.text import harmless, literal
from tandem_tui.vault import Lock, Tampered, Unlocked, open_notes, tampering
from tandem_tui.widgets.footer import Footer

# What this screen says, in one place.
TITLE = "{label} · looking back"
SESSIONS = "Sessions (read-only)"
NONE_YET = "No earlier sessions to look back on yet."
UNDER_WAY = "under way"
HEAD = "Session {number}: {title}"
TIME_USED = "{used} used of {planned} planned"
LED_BY = "led by the {role}"
NO_SHARED = "No shared notes."
PRIVATE_OF = "Private notes of {name} ({role}):"
NOT_OPENED = "(could not be opened: not written for this place)"
FOLLOWUPS = "Follow-ups from this session"
NO_FOLLOWUPS = "None from this session."
FEEDBACK = "Feedback"
NO_FEEDBACK = "None given."
RATINGS = "{name}: useful {useful} of 5, at eye level {eye} of 5"
HIDDEN = "Private notes hidden (Ctrl+R: mentor's, mentee's)."
SHIELD_ON = "Privacy shield on. Ctrl+L lifts it."
SHOWING = "Private notes of {name} ({role}) shown: never exported. Ctrl+R: next."
NONE_HERE = "None in this session."
SHIELD_BLOCKS = "The privacy shield is on. Ctrl+L lifts it."


def time_of_box(used_seconds: float, minutes: int) -> str:
    """`9:00 of 10:00`: as the meeting's agenda shows a card's time."""
    used, planned = format_pair(used_seconds, minutes * 60)
    return f"{used} of {planned}"


@dataclass
class SessionRecord:
    """What the right-hand side shows of one session; built from the store, never written."""

    tandem: Tandem
    session: Session
    shared: Mapping[int, str]
    followups: list[FollowUp]
    today: date
    private_person: Role | None = None
    private: Mapping[int, str | None] = field(default_factory=dict)


class SessionView(VerticalScroll):
    """One session, read-only: a scrollable column of text, nothing to type into."""

    def __init__(self) -> None:
        super().__init__(id="session-view")
        self.record: SessionRecord | None = None

    def show(self, record: SessionRecord | None) -> None:
        """Show `record`; from the top when it is another session, else where the reader is."""
        another = (
            record is None
            or self.record is None
            or record.session.number != self.record.session.number
        )
        self.record = record
        self.refresh(recompose=True)
        if another:
            self.scroll_home(animate=False)

    def compose(self) -> ComposeResult:
        record = self.record
        if record is None:
            yield Static(NONE_YET, classes="record-empty")
            return
        session, tandem = record.session, record.tandem
        started = session.started_at.astimezone()
        when = f"{started:%A}, {started.day} {started:%B %Y, %H:%M}"
        if session.ended_at is not None:
            when += f" to {session.ended_at.astimezone():%H:%M}"
        if session.status is SessionStatus.RUNNING:
            when += f" ({UNDER_WAY})"
        used, planned = format_pair(session.used_seconds, session.planned_minutes * 60)
        used = TIME_USED.format(used=used, planned=planned)
        head = HEAD.format(number=session.number, title=literal(session.agenda.title))
        yield Static(f"[b]{head}[/b]\n{when}\n{used}", id="record-head")
        for index, run in enumerate(session.cards):
            with Vertical(classes="record-card"):
                yield Static(f"[b]{index + 1}. {literal(run.card.title)}[/b]", classes="card-title")
                facts = (
                    time_of_box(run.used_seconds, run.box_minutes),
                    run.outcome.value,  # as the end screen and the minutes say it
                    LED_BY.format(role=run.card.direction.value),
                )
                yield Static(f"[dim]{' · '.join(facts)}[/dim]", classes="card-facts")
                shared = record.shared.get(index, "").strip()
                yield Static(
                    literal(shared) if shared else f"[dim]{NO_SHARED}[/dim]", classes="card-shared"
                )
                private = record.private.get(index, "")
                if record.private_person is not None and (private is None or private.strip()):
                    person = record.private_person
                    heading = PRIVATE_OF.format(
                        name=literal(tandem.person(person).name), role=person.value
                    )
                    body = NOT_OPENED if private is None else literal(harmless(private.strip()))
                    yield Static(f"[b]{heading}[/b] {body}", classes="card-private")
        yield Label(FOLLOWUPS, classes="pane-title")
        lines = [followup_line(f, record.today) for f in record.followups]
        yield Static("\n".join(lines) or f"[dim]{NO_FOLLOWUPS}[/dim]", id="record-followups")
        yield Label(FEEDBACK, classes="pane-title")
        yield Static(self._feedback(record) or f"[dim]{NO_FEEDBACK}[/dim]", id="record-feedback")

    @staticmethod
    def _feedback(record: SessionRecord) -> str:
        lines = []
        for role, feedback in record.session.feedback.items():
            name = literal(f"{record.tandem.person(role).name} ({role.value})")
            line = RATINGS.format(name=name, useful=feedback.useful, eye=feedback.eye_level)
            if feedback.takeaway:
                line += f": {literal(feedback.takeaway)}"
            lines.append(line)
        return "\n".join(lines)


class HistoryScreen(Screen[None]):
    """A tandem's sessions to look back on, read-only.

    From the home screen: `HistoryScreen(store, tandem, clock)`, every session, the one
    under way too. In a meeting: `exclude=` the running session's number, `shield=` the
    meeting's privacy shield, `keys=` what its passphrases opened already.
    """

    CSS_PATH = "history.tcss"

    BINDINGS = [
        Binding(
            "ctrl+r",
            "private",
            "Private",
            id="private",
            tooltip="Private notes: the mentor's, then the mentee's, then hidden again",
        ),
        Binding(
            "ctrl+l",
            "shield",
            "Shield",
            id="shield",
            tooltip="Privacy shield: hide every private note at once (screen sharing)",
        ),
        Binding("escape", "back", "Back", id="back", tooltip="Back to where you came from"),
    ]

    session_list = getters.query_one("#sessions", OptionList)
    session_view = getters.query_one("#session-view", SessionView)

    def __init__(
        self,
        store: Store,
        tandem: Tandem,
        clock: Clock,
        *,
        exclude: int | None = None,
        shield: bool = False,
        keys: Mapping[Role, Unlocked] | None = None,
    ) -> None:
        super().__init__()
        self.store = store
        self.tandem = tandem
        self.clock = clock
        self.exclude = exclude
        self.shield = shield
        self.private_person: Role | None = None
        self._private_cursor: Role | None = None  # the person Ctrl+R tried last
        self._keys: dict[Role, Unlocked] = dict(keys or {})
        #: Private notes opened with a passphrase, by person, by (session, card).
        self._opened: dict[Role, dict[tuple[int, int], str]] = {}
        self.tampered: dict[Role, Tampered] = {}
        self.sessions: list[Session] = []
        self.locks: dict[Role, Lock] = {}
        self.followups: list[FollowUp] = []

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="history"):
            with Vertical(id="sessions-column"):
                yield Label(SESSIONS, classes="pane-title")
                yield OptionList(id="sessions")
            with Vertical(id="record-column"):
                yield Static("", id="private-state")
                yield SessionView()
        yield Footer(compact=True, palette_from_width=100)

    def on_mount(self) -> None:
        self.sub_title = TITLE.format(label=self.tandem.label)
        try:
            sessions = self.store.sessions(self.tandem.id)
            self.locks = self.store.locks(self.tandem.id)
            self.followups = self.store.followups(self.tandem.id)
            self._check_private()
        except StoreError as error:
            self.notify(str(error), severity="error", timeout=10)
            self.app.pop_screen()
            return
        # The latest first: that is the one a look back is most often for.
        self.sessions = [s for s in reversed(sessions) if s.number != self.exclude]
        today = self.clock.now().date()
        options: list[Option | None] = []
        for session in self.sessions:
            if options:
                options.append(None)
            options.append(Option(self._entry(session, today), id=str(session.number)))
        self.session_list.set_options(options)
        self._show_private_state()
        if self.sessions:
            self.session_list.highlighted = 0
            self.show_session()
        else:
            self.session_view.show(None)
        self.session_list.focus()

    @staticmethod
    def _entry(session: Session, today: date) -> Content:
        """Three lines: number and date, the agenda, the time used of planned."""
        started = session.started_at.astimezone()
        year = "" if started.year == today.year else f" {started.year}"
        when = f"{started.day} {started:%b}{year} {started:%H:%M}"
        time_used = time_of_box(session.used_seconds, session.planned_minutes)
        if session.status is SessionStatus.RUNNING:
            time_used += f" · {UNDER_WAY}"
        return Content.assemble(
            (f"{session.number}", "bold"),
            f" · {when}\n",
            session.agenda.title,
            "\n",
            (time_used, "dim"),
        )

    # showing ------------------------------------------------------------------------

    @property
    def shown_session(self) -> Session | None:
        index = self.session_list.highlighted
        if index is None or not self.sessions:
            return None
        option_id = self.session_list.get_option_at_index(index).id
        return next((s for s in self.sessions if str(s.number) == option_id), None)

    def show_session(self) -> None:
        session = self.shown_session
        if session is None:
            return
        try:
            notes = self.store.notes(self.tandem.id, session.number)
        except StoreError as error:
            self.notify(str(error), severity="error", timeout=10)
            return
        person = None if self.shield else self.private_person
        record = SessionRecord(
            tandem=self.tandem,
            session=session,
            shared={n.card: n.text for n in notes if n.kind is NoteKind.SHARED},
            followups=[f for f in self.followups if f.session == session.number],
            today=self.clock.now().date(),
        )
        if person is not None:
            record.private_person = person
            opened = self._opened.get(person)
            if opened is not None:
                record.private = {c: t for (s, c), t in opened.items() if s == session.number}
            else:
                record.private = {
                    n.card: n.text
                    for n in notes
                    if n.kind is NoteKind.PRIVATE and n.person is person and n.sealed is None
                }
        self.session_view.show(record)
        self._show_private_state(record)

    def _show_private_state(self, record: SessionRecord | None = None) -> None:
        person = None if self.shield else self.private_person
        state = self.query_one("#private-state", Static)
        if person is None:
            state.update(f"[dim]{SHIELD_ON if self.shield else HIDDEN}[/dim]")
            return
        name = literal(self.tandem.person(person).name)
        showing = SHOWING.format(name=name, role=person.value)
        if record is not None and not any(
            text is None or text.strip() for text in record.private.values()
        ):
            showing += f" {NONE_HERE}"
        state.update(f"[$warning]{showing}[/]")

    @on(OptionList.OptionHighlighted, "#sessions")
    def session_highlighted(self) -> None:
        self.show_session()

    @on(OptionList.OptionSelected, "#sessions")
    def session_chosen(self) -> None:
        self.session_view.focus()  # Enter: on into the session, to scroll through it

    # actions ------------------------------------------------------------------------

    def _check_private(self) -> None:
        """Open what the meeting's passphrases opened; find tampering (see vault.py)."""
        notes = self.store.all_notes(self.tandem.id)
        self.tampered.update(tampering(self.store, self.tandem.id, notes))
        for person, unlocked in self._keys.items():
            if person not in self.tampered:
                try:
                    self._opened[person], _ = open_notes(self.tandem.id, person, unlocked, notes)
                except Tampered as tampered:
                    self.tampered[person] = tampered

    def _open_with(self, person: Role, unlocked: Unlocked) -> bool:
        try:
            notes = self.store.all_notes(self.tandem.id)
            self._opened[person], _ = open_notes(self.tandem.id, person, unlocked, notes)
        except (StoreError, Tampered) as error:
            if isinstance(error, Tampered):
                self.tampered[person] = error
            self.notify(harmless(str(error)), severity="error", timeout=15)
            return False
        return True

    def is_locked(self, person: Role) -> bool:
        return person in self.tampered or (person in self.locks and person not in self._opened)

    def action_private(self) -> None:
        """Private notes in turn: the mentor's, the mentee's, hidden; a passphrase if set."""
        if self.shield:
            self.notify(SHIELD_BLOCKS)
            return
        order = [None, Role.MENTOR, Role.MENTEE]
        person = order[(order.index(self._private_cursor) + 1) % len(order)]
        self._private_cursor = person
        if person is not None and person in self.tampered:
            self.notify(harmless(str(self.tampered[person])), severity="error", timeout=15)
            self._open_private(None)
            return
        if person is not None and self.is_locked(person):
            from tandem_tui.screens.passphrase import KeyScreen

            def opened(unlocked: Unlocked | None) -> None:
                shown = unlocked is not None and self._open_with(person, unlocked)
                self._open_private(person if shown else None)

            self._open_private(None)
            self.app.push_screen(KeyScreen(self.tandem, person, self.locks[person]), opened)
            return
        self._open_private(person)

    def _open_private(self, person: Role | None) -> None:
        self.private_person = person
        self._show_private_state()
        self.show_session()

    def raise_shield(self) -> bool:
        """Hide every private note now (before a screenshot); True if one was shown."""
        if self.shield:
            return False
        shown = self.private_person is not None
        self.action_shield()
        return shown

    def action_shield(self) -> None:
        self.shield = not self.shield
        if self.shield:
            self.private_person = None
            self._private_cursor = None
        self._show_private_state()
        self.show_session()
        self.notify("Privacy shield on" if self.shield else "Privacy shield off")

    def action_back(self) -> None:
        self.dismiss()

    def palette_commands(self) -> Iterable[SystemCommand]:
        yield SystemCommand(
            "Private notes: the mentor's, the mentee's, hidden",
            "Ctrl+R, with the person's passphrase if they set one",
            self.action_private,
        )
        yield SystemCommand(
            "Privacy shield", "Ctrl+L: hide every private note at once", self.action_shield
        )
        yield SystemCommand("Back", "Escape: close the look back", self.action_back)
