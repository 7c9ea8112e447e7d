"""Looking back: a tandem's sessions, read-only, from the home screen or in a meeting.

The list on the left names each session; the one highlighted is shown on the right:
per card its time and status and the shared notes, then the follow-ups that came
from it and the feedback. Private notes stay hidden until asked for, behind the
person's passphrase if they set one, as in a meeting. Nothing here writes: no
key moves, ends or changes anything, and no field takes typing. The screen belongs
to the tandem: it speaks its program's language whatever the app's chrome speaks.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from textual import getters, on
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Header, Label, OptionList, Static
from textual.widgets.option_list import Option

from tandem_tui import i18n
from tandem_tui.clock import Clock, format_pair
from tandem_tui.i18n import N_, Speech
from tandem_tui.meeting import own_role, private_order
from tandem_tui.model import (
    FollowUp,
    NoteKind,
    Role,
    Session,
    SessionStatus,
    Tandem,
    outcome_label,
    role_label,
)
from tandem_tui.screens.followup import running_app, tandem_speech
from tandem_tui.screens.followups import beside_originals, followup_line
from tandem_tui.store import Store, StoreError
from tandem_tui.text import harmless, literal
from tandem_tui.vault import Lock, Tampered, Unlocked, open_notes, tampering
from tandem_tui.widgets.footer import Footer

# What this screen says, in one place.
TITLE = N_("{label} · looking back")
SESSIONS = N_("Sessions (read-only)")
NONE_YET = N_("No earlier sessions to look back on yet.")
UNDER_WAY = N_("under way")
HEAD = N_("Session {number}: {title}")
# TRANSLATORS: when a session was held: "Friday, 27 November 2026, 16:55 to 17:50".
FROM_TO = N_("{start} to {end}")
TIME_USED = N_("{used} used of {planned} planned")
OF_BOX = N_("{used} of {planned}")
LED_BY = {Role.MENTOR: N_("led by the mentor"), Role.MENTEE: N_("led by the mentee")}
NO_SHARED = N_("No shared notes.")
PRIVATE_OF = N_("Private notes of {name} ({role}):")
NOT_OPENED = N_("(could not be opened: not written for this place)")
FOLLOWUPS = N_("Follow-ups from this session")
NO_FOLLOWUPS = N_("None from this session.")
FEEDBACK = N_("Feedback")
NO_FEEDBACK = N_("None given.")
RATINGS = N_("{name}: useful {useful} of 5, at eye level {eye} of 5")
HIDDEN = {
    Role.MENTOR: N_("Private notes hidden (Ctrl+R: mentor's, mentee's)."),
    Role.MENTEE: N_("Private notes hidden (Ctrl+R: mentee's, mentor's)."),
}
SHIELD_ON = N_("Privacy shield on. Ctrl+L lifts it.")
SHOWING = N_("Private notes of {name} ({role}) shown: never exported. Ctrl+R: next.")
NONE_HERE = N_("None in this session.")
# On a machine joined as one partner: the other's private notes are not synced here.
ELSEWHERE = N_(
    "{name} ({role}) keeps private notes on their own machine, not this one. Ctrl+R: next."
)
SHIELD_BLOCKS = N_("The privacy shield is on. Ctrl+L lifts it.")
SHIELD_RAISED = N_("Privacy shield on")
SHIELD_LIFTED = N_("Privacy shield off")
PRIVATE_COMMAND = N_("Private notes: the mentor's, the mentee's, hidden")
PRIVATE_HELP = N_("Ctrl+R, with the person's passphrase if they set one")
SHIELD_COMMAND = N_("Privacy shield")
SHIELD_HELP = N_("Ctrl+L: hide every private note at once")
BACK_COMMAND = N_("Back")
BACK_HELP = N_("Escape: close the look back")
# The day of a session in the list: "27 Nov", "27. Nov." (Babel's patterns).
_LIST_DAY = {"en": ("d MMM", "d MMM y"), "de": ("d. MMM", "d. MMM y")}


def time_of_box(used_seconds: float, minutes: int, speech: Speech | None = None) -> str:
    """`9:00 of 10:00`: as the meeting's agenda shows a card's time."""
    used, planned = format_pair(used_seconds, minutes * 60)
    return (speech or i18n.chrome()).gettext(OF_BOX).format(used=used, planned=planned)


def list_day(started: datetime, today: date, speech: Speech) -> str:
    """`27 Nov 16:55`, `3 Dec 2025 17:00`: the year only where it is not this one."""
    from babel.dates import format_date

    short, with_year = _LIST_DAY.get(speech.base, _LIST_DAY["en"])
    pattern = short if started.year == today.year else with_year
    day = speech.swiss(format_date(started.date(), pattern, locale=speech.language))
    return f"{day} {speech.clock(started)}"


@dataclass
class SessionRecord:
    """What the right-hand side shows of one session; built from the store, never written."""

    tandem: Tandem
    session: Session
    shared: Mapping[int, str]
    followups: list[FollowUp]
    today: date
    speech: Speech = field(default_factory=i18n.chrome)
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
            speech = i18n.speech_of(self.screen)
            yield Static(speech.gettext(NONE_YET), classes="record-empty")
            return
        session, tandem, speech = record.session, record.tandem, record.speech
        say = speech.gettext
        when = speech.long_moment(session.started_at.astimezone())
        if session.ended_at is not None:
            when = say(FROM_TO).format(start=when, end=speech.clock(session.ended_at.astimezone()))
        if session.status is SessionStatus.RUNNING:
            when += f" ({say(UNDER_WAY)})"
        used, planned = format_pair(session.used_seconds, session.planned_minutes * 60)
        used = say(TIME_USED).format(used=used, planned=planned)
        title = literal(speech.swiss(session.agenda.title))
        head = say(HEAD).format(number=session.number, title=title)
        yield Static(f"[b]{head}[/b]\n{when}\n{used}", id="record-head")
        for index, run in enumerate(session.cards):
            with Vertical(classes="record-card"):
                card_title = literal(speech.swiss(run.card.title))
                yield Static(f"[b]{index + 1}. {card_title}[/b]", classes="card-title")
                facts = (
                    time_of_box(run.used_seconds, run.box_minutes, speech),
                    outcome_label(run.outcome, speech),  # as the end screen and the minutes say it
                    say(LED_BY[run.card.direction]),
                )
                yield Static(f"[dim]{' · '.join(facts)}[/dim]", classes="card-facts")
                shared = record.shared.get(index, "").strip()
                yield Static(
                    literal(shared) if shared else f"[dim]{say(NO_SHARED)}[/dim]",
                    classes="card-shared",
                )
                private = record.private.get(index, "")
                if record.private_person is not None and (private is None or private.strip()):
                    person = record.private_person
                    heading = say(PRIVATE_OF).format(
                        name=literal(tandem.person(person).name), role=role_label(person, speech)
                    )
                    body = (
                        say(NOT_OPENED) if private is None else literal(harmless(private.strip()))
                    )
                    yield Static(f"[b]{heading}[/b] {body}", classes="card-private")
        yield Label(say(FOLLOWUPS), classes="pane-title")
        texts = {f.id: f.text for f in record.followups}
        lines = [
            followup_line(f, record.today, speech, texts)
            for f in beside_originals(record.followups)
        ]
        yield Static("\n".join(lines) or f"[dim]{say(NO_FOLLOWUPS)}[/dim]", id="record-followups")
        yield Label(say(FEEDBACK), classes="pane-title")
        yield Static(
            self._feedback(record) or f"[dim]{say(NO_FEEDBACK)}[/dim]", id="record-feedback"
        )

    @staticmethod
    def _feedback(record: SessionRecord) -> str:
        speech = record.speech
        lines = []
        for role, feedback in record.session.feedback.items():
            name = literal(f"{record.tandem.person(role).name} ({role_label(role, speech)})")
            line = speech.gettext(RATINGS).format(
                name=name, useful=feedback.useful, eye=feedback.eye_level
            )
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
            N_("Private"),
            id="private",
            tooltip=N_("Private notes: the mentor's, then the mentee's, then hidden again"),
        ),
        Binding(
            "ctrl+l",
            "shield",
            N_("Shield"),
            id="shield",
            tooltip=N_("Privacy shield: hide every private note at once (screen sharing)"),
        ),
        Binding("escape", "back", N_("Back"), id="back", tooltip=N_("Back to where you came from")),
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
        self.own_role: Role | None = None  # whose machine this is, on a joined tandem
        self.sessions: list[Session] = []
        self.locks: dict[Role, Lock] = {}
        self.followups: list[FollowUp] = []
        self.speech = tandem_speech(tandem, running_app(self))

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="history"):
            with Vertical(id="sessions-column"):
                yield Label(self.speech.gettext(SESSIONS), classes="pane-title")
                yield OptionList(id="sessions")
            with Vertical(id="record-column"):
                yield Static("", id="private-state")
                yield SessionView()
        yield Footer(compact=True, palette_from_width=100)

    def on_mount(self) -> None:
        self.sub_title = self.speech.gettext(TITLE).format(label=self.tandem.label)
        try:
            sessions = self.store.sessions(self.tandem.id)
            self.locks = self.store.locks(self.tandem.id)
            self.own_role = own_role(self.store, self.tandem.id)
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
            entry = self._entry(session, today, self.speech)
            options.append(Option(entry, id=str(session.number)))
        self.session_list.set_options(options)
        self._show_private_state()
        if self.sessions:
            self.session_list.highlighted = 0
            self.show_session()
        else:
            self.session_view.show(None)
        self.session_list.focus()

    @staticmethod
    def _entry(session: Session, today: date, speech: Speech) -> Content:
        """Three lines: number and date, the agenda, the time used of planned."""
        when = list_day(session.started_at.astimezone(), today, speech)
        time_used = time_of_box(session.used_seconds, session.planned_minutes, speech)
        if session.status is SessionStatus.RUNNING:
            time_used += f" · {speech.gettext(UNDER_WAY)}"
        return Content.assemble(
            (f"{session.number}", "bold"),
            f" · {when}\n",
            speech.swiss(session.agenda.title),
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
            speech=self.speech,
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
        say = self.speech.gettext
        state = self.query_one("#private-state", Static)
        if person is None:
            hidden = say(HIDDEN[private_order(self.own_role)[0]])
            state.update(f"[dim]{say(SHIELD_ON) if self.shield else hidden}[/dim]")
            return
        name = literal(self.tandem.person(person).name)
        role = role_label(person, self.speech)
        showing = say(SHOWING).format(name=name, role=role)
        if record is not None and not any(
            text is None or text.strip() for text in record.private.values()
        ):
            if self.own_role not in (None, person):
                state.update(f"[dim]{say(ELSEWHERE).format(name=name, role=role)}[/dim]")
                return
            showing += f" {say(NONE_HERE)}"
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
            self.notify(self.speech.gettext(SHIELD_BLOCKS))
            return
        order = [None, *private_order(self.own_role)]
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
        self.notify(self.speech.gettext(SHIELD_RAISED if self.shield else SHIELD_LIFTED))

    def action_back(self) -> None:
        self.dismiss()

    def palette_commands(self) -> Iterable[SystemCommand]:
        say = self.speech.gettext
        yield SystemCommand(say(PRIVATE_COMMAND), say(PRIVATE_HELP), self.action_private)
        yield SystemCommand(say(SHIELD_COMMAND), say(SHIELD_HELP), self.action_shield)
        yield SystemCommand(say(BACK_COMMAND), say(BACK_HELP), self.action_back)
