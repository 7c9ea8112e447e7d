"""One meeting as it runs: the current card, its timer, notes and follow-ups.

The meeting screen shows what this class knows and calls its methods; it holds
no timing or storage logic of its own, so everything here is testable without
Textual and with a clock the test moves by hand. Every change is saved at once,
so a meeting killed at any moment resumes where it was.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from enum import StrEnum

from tandem_tui import i18n
from tandem_tui.clock import Clock
from tandem_tui.i18n import N_, Speech
from tandem_tui.library import Library
from tandem_tui.model import (
    Cadence,
    Card,
    CardOutcome,
    CardRun,
    CardStatus,
    Feedback,
    FollowUp,
    Note,
    NoteKind,
    Owner,
    Role,
    Session,
    SessionStatus,
    Tandem,
    owner_label,
)
from tandem_tui.store import Store, StoreError
from tandem_tui.vault import (
    Lock,
    Locked,
    Manifest,
    Tampered,
    Unlocked,
    note_aad,
    open_notes,
    save_sealed_note,
    seal,
    seal_manifest,
    tampering,
    unlock,
)

WARNING_SHARE = 0.8
REVIEW_MINUTES = 5
MIN_BOX, MAX_BOX = 1, 240

# The review card is written in the tandem's language when a session starts, and kept
# with the session as written.
REVIEW_TITLE = N_("Review: carried over")
# TRANSLATORS: a prompt of the review card: the title of a card skipped or left unfinished.
_CARRIED = N_("Still open from last time: {title}")
# TRANSLATORS: a prompt of the review card: an open follow-up, its owner and due date.
_FOLLOWUP_DUE = N_("Follow-up ({owner}, {due}): {text}")
_FOLLOWUP = N_("Follow-up ({owner}): {text}")
# The hidden private pane's hint, by whose notes Ctrl+R opens first.
PRIVATE_HINT = {
    Role.MENTOR: N_("Hidden. Ctrl+R: mentor's, again: mentee's."),
    Role.MENTEE: N_("Hidden. Ctrl+R: mentee's, again: mentor's."),
}
# How German review cards named a follow-up before the owner and date were German too.
_OLD_GERMAN_FOLLOWUP = "Aufgabe ({owner}{due}): {text}"


class MeetingError(Exception):
    """A meeting cannot start or go on; the message says why."""


class TimerState(StrEnum):
    NORMAL = "normal"
    WARNING = "warning"  # 80 % of the time box used
    OVERTIME = "overtime"  # past the time box


def own_role(store: Store, tandem_id: str) -> Role | None:
    """Whose machine this is, for a tandem joined with `tandem join --role` (else None)."""
    return role_of(store.sync_state(tandem_id).get("link") or {})


def role_of(link: dict[str, object]) -> Role | None:
    """The role a sync link records (`tandem join --role`), if any."""
    role = link.get("role")
    return Role(role) if role in (Role.MENTOR.value, Role.MENTEE.value) else None


def private_order(own: Role | None) -> list[Role]:
    """The private notes in Ctrl+R's turn: this machine's own person's first."""
    if own is Role.MENTEE:
        return [Role.MENTEE, Role.MENTOR]
    return [Role.MENTOR, Role.MENTEE]


def tandem_speech(library: Library, tandem: Tandem) -> Speech:
    """The language a tandem's meeting speaks: its program's, whatever the chrome's;
    the chrome's when the program is not installed."""
    program = library.programs_alone().get(tandem.program)
    return i18n.chrome() if program is None else i18n.speech_for(program.language)


def review_prompt(followup: FollowUp, language: str) -> str:
    """How the review card names an open follow-up: `Follow-up (mentee, 2026-11-30): text`;
    `Aufgabe (Mentee, 30.11.2026): text` in German."""
    speech = i18n.speech_for(language)
    owner = owner_label(followup.owner, speech)
    if followup.due is None:
        return speech.gettext(_FOLLOWUP).format(owner=owner, text=followup.text)
    due = speech.numeric_day(followup.due)
    return speech.gettext(_FOLLOWUP_DUE).format(owner=owner, due=due, text=followup.text)


def review_prompts(followup: FollowUp, language: str) -> set[str]:
    """Every way a review card may name `followup`: as it does now, and as a German card
    of an earlier version did (`Aufgabe (both, 2026-11-30): text`)."""
    due = f", {followup.due.isoformat()}" if followup.due else ""
    old = _OLD_GERMAN_FOLLOWUP.format(owner=followup.owner.value, due=due, text=followup.text)
    return {review_prompt(followup, language), old}


def review_card(store: Store, tandem: Tandem, language: str) -> Card | None:
    """A card for what the last meeting left open: skipped or unfinished cards, open follow-ups.

    Written in `language` (the agenda's), as the rest of the session's cards are.
    """
    speech = i18n.speech_for(language)
    title = speech.gettext(REVIEW_TITLE)
    held = [s for s in store.sessions(tandem.id) if s.status is SessionStatus.ENDED]
    prompts = []
    if held:
        last = held[-1]
        prompts += [
            speech.gettext(_CARRIED).format(title=run.card.title)
            for run in last.cards
            if run.outcome.carried_over and run.card.title != title
        ]
    prompts += [review_prompt(f, language) for f in store.followups(tandem.id) if f.is_open]
    if not prompts:
        return None
    return Card(title=title, minutes=REVIEW_MINUTES, prompts=tuple(prompts))


def next_session(store: Store, library: Library, tandem: Tandem, clock: Clock) -> Session:
    """Start the tandem's next session from its program, with a review card when needed."""
    try:
        program = library.program(tandem.program)
    except KeyError:
        raise MeetingError(
            i18n._(
                "the program {program} of {tandem} is not installed; run 'tandem-tui agenda check'"
            ).format(program=repr(tandem.program), tandem=tandem.label)
        ) from None
    sessions = store.sessions(tandem.id)
    number = max((s.number for s in sessions), default=0) + 1
    agenda_id = program.agenda_for(number)
    if agenda_id is None:
        raise MeetingError(
            i18n.ngettext(
                "the {count} session of {program} is held for {tandem}",
                "all {count} sessions of {program} are held for {tandem}",
                len(program.sessions),
            ).format(count=len(program.sessions), program=program.title, tandem=tandem.label)
        )
    try:
        agenda = library.agenda(agenda_id)
    except KeyError:
        raise MeetingError(
            i18n._(
                "session {number} needs agenda {agenda}, which is missing; "
                "run 'tandem-tui agenda check'"
            ).format(number=number, agenda=repr(agenda_id))
        ) from None
    review = review_card(store, tandem, agenda.language)
    if review is not None:
        agenda = replace(agenda, cards=(review, *agenda.cards))
    session = Session.start(number, agenda, now=clock.now())
    store.save_session(tandem.id, session)
    return session


def next_meeting_minutes(store: Store, library: Library, tandem: Tandem) -> int | None:
    """How long the tandem's next meeting is planned: its agenda's boxes, and the review card's
    when the last meeting left something open. The meeting clock shows the same length.
    """
    program = library.programs.get(tandem.program)
    if program is None:
        return None
    running = store.running_session(tandem.id)
    if running is not None:
        return running.planned_minutes
    held = sum(s.status is SessionStatus.ENDED for s in store.sessions(tandem.id))
    agenda_id = program.agenda_for(held + 1)
    agenda = library.agendas.get(agenda_id) if agenda_id else None
    if agenda is None:
        return program.meeting_minutes
    review = review_card(store, tandem, agenda.language)
    return agenda.total_minutes + (review.minutes if review is not None else 0)


@dataclass(frozen=True)
class CardMove:
    """The cards as they were before a move, so that Ctrl+Z can put them back."""

    what: str  # "next", "skip", "back", "go to", "more time", "less time"
    current: int
    statuses: tuple[CardStatus, ...]
    boxes: tuple[int | None, ...]


class Meeting:
    """A running session of a tandem. Create it with `Meeting.open`."""

    def __init__(
        self,
        store: Store,
        tandem: Tandem,
        session: Session,
        clock: Clock,
        speech: Speech | None = None,
    ) -> None:
        self.store = store
        self.tandem = tandem
        self.session = session
        self.clock = clock
        #: The tandem's language, whatever the chrome's: its meeting, end screen and
        #: follow-ups speak it (`tandem_speech`; the session's agenda's when not given).
        self.speech = speech or i18n.speech_for(session.agenda.language)
        self._since: float | None = None if session.paused else clock.monotonic()
        notes = store.notes(tandem.id, session.number)
        self._notes: dict[tuple[int, NoteKind, Role | None], str] = {
            (note.card, note.kind, note.person): note.text for note in notes if note.sealed is None
        }
        self.locks: dict[Role, Lock] = store.locks(tandem.id)
        self._keys: dict[Role, Unlocked] = {}
        self._manifests: dict[Role, Manifest] = {}
        #: People whose private notes are not as their last change left them: their
        #: pane stays closed and nothing is written to it (see vault.py).
        self.tampered: dict[Role, Tampered | StoreError] = {}
        link = store.sync_state(tandem.id).get("link") or {}
        #: Linked to a calendar (see sync/): it carries the meetings, no .ics is needed.
        self.linked = bool(link)
        #: The person whose machine this is (a joined tandem), whose notes Ctrl+R opens first.
        self.own_role = role_of(link)
        self.check_private()
        self._moves: list[CardMove] = []  # for undo; this meeting's moves only

    @classmethod
    def open(cls, store: Store, library: Library, tandem: Tandem, clock: Clock) -> Meeting:
        """Resume the tandem's unfinished session, or start its next one."""
        session = store.running_session(tandem.id) or next_session(store, library, tandem, clock)
        return cls(store, tandem, session, clock, tandem_speech(library, tandem))

    # the cards and their timers ---------------------------------------------------------

    @property
    def cards(self) -> list[CardRun]:
        return self.session.cards

    @property
    def index(self) -> int:
        return self.session.current

    @property
    def current(self) -> CardRun:
        return self.session.cards[self.session.current]

    @property
    def running(self) -> bool:
        return self._since is not None

    def elapsed(self, index: int | None = None) -> float:
        """Seconds spent on a card, counting the running stretch of the current one."""
        index = self.index if index is None else index
        spent = self.cards[index].used_seconds
        if self._since is not None and index == self.index:
            spent += self.clock.monotonic() - self._since
        return spent

    def remaining(self, index: int | None = None) -> float:
        """Seconds left in a card's box; negative in overtime."""
        index = self.index if index is None else index
        return self.cards[index].box_minutes * 60 - self.elapsed(index)

    def timer_state(self, index: int | None = None) -> TimerState:
        index = self.index if index is None else index
        share = self.elapsed(index) / (self.cards[index].box_minutes * 60)
        if share >= 1:
            return TimerState.OVERTIME
        if share >= WARNING_SHARE:
            return TimerState.WARNING
        return TimerState.NORMAL

    def meeting_elapsed(self) -> float:
        return sum(self.elapsed(i) for i in range(len(self.cards)))

    def forecast_end(self) -> datetime:
        """When the meeting ends if the current card finishes its box and the rest keep theirs."""
        later = sum(
            run.box_minutes * 60
            for i, run in enumerate(self.cards)
            if i > self.index and run.status is CardStatus.PENDING
        )
        return self.clock.now() + timedelta(seconds=max(self.remaining(), 0) + later)

    def planned_end(self) -> datetime:
        return self.session.started_at + timedelta(minutes=self.session.planned_minutes)

    # actions ----------------------------------------------------------------------------

    def _accrue(self) -> None:
        if self._since is not None:
            now = self.clock.monotonic()
            self.current.used_seconds += now - self._since
            self._since = now

    def checkpoint(self) -> None:
        """Save the timers as they are now: on every action, and now and then while running."""
        self._accrue()
        self.session.paused = self._since is None
        self.store.save_session(self.tandem.id, self.session)

    def pause(self) -> None:
        self._accrue()
        self._since = None
        self.checkpoint()

    def resume(self) -> None:
        if self._since is None:
            self._since = self.clock.monotonic()
        self.checkpoint()

    def toggle(self) -> None:
        if self.running:
            self.pause()
        else:
            self.resume()

    def _remember(self, what: str) -> None:
        self._moves.append(
            CardMove(
                what,
                self.session.current,
                tuple(run.status for run in self.cards),
                tuple(run.planned_minutes for run in self.cards),
            )
        )

    def undo(self) -> str | None:
        """Put the cards back as they were before the last move; what it undid, or None.

        The time already spent stays with the card it was spent on: undo moves the
        cards, it does not rewrite the clock.
        """
        if not self._moves:
            return None
        move = self._moves.pop()
        self._accrue()
        for run, status, box in zip(self.cards, move.statuses, move.boxes, strict=True):
            run.status = status
            run.planned_minutes = box
        self.session.current = move.current
        self.checkpoint()
        return move.what

    def _go(self, index: int) -> None:
        self._accrue()
        self.session.current = index
        self.checkpoint()

    def go_to(self, index: int) -> None:
        """Make card `index` the current one; its status stays as it is."""
        if not 0 <= index < len(self.cards) or index == self.index:
            return
        self._remember("go to")
        self._go(index)

    def next_card(self) -> bool:
        """Mark the current card done and move on; False on the last card (it is done, too).

        A card skipped before and worked on since is done once it is left with next.
        """
        if self.current.status is CardStatus.DONE and self.index + 1 >= len(self.cards):
            return False
        self._remember("next")
        self.current.status = CardStatus.DONE
        return self._advance()

    def _advance(self) -> bool:
        if self.index + 1 >= len(self.cards):
            self.checkpoint()
            return False
        self._go(self.index + 1)
        return True

    def previous_card(self) -> bool:
        if self.index == 0:
            return False
        self._remember("back")
        self._go(self.index - 1)
        return True

    def skip_card(self) -> bool:
        """Skip the current card: it comes back at the start of the next session."""
        self._remember("skip")
        self.current.status = CardStatus.SKIPPED
        return self._advance()

    def adjust_box(self, minutes: int) -> None:
        """One minute more or less for the current card."""
        run = self.current
        box = min(MAX_BOX, max(MIN_BOX, run.box_minutes + minutes))
        if box == run.box_minutes:
            return
        self._remember("more time" if minutes > 0 else "less time")
        run.planned_minutes = box
        self.checkpoint()

    def outcome(self, index: int) -> CardOutcome:
        """How card `index` stands if the meeting ended now: what `end` will store.

        The card under way when the meeting ends counts as done once time was spent
        on it; a card left with time used but not marked is unfinished.
        """
        run = self.cards[index]
        if (
            index == self.index
            and run.status is CardStatus.PENDING
            and self.elapsed(index) > 0
            and self.session.status is SessionStatus.RUNNING
        ):
            return CardOutcome.DONE
        if run.status is CardStatus.PENDING and self.elapsed(index) > 0:
            return CardOutcome.UNFINISHED
        return run.outcome

    # notes and follow-ups ---------------------------------------------------------------

    def note(self, kind: NoteKind = NoteKind.SHARED, person: Role | None = None) -> str:
        if person is not None and self.is_locked(person):
            raise Locked(self._needs_passphrase(person))
        return self._notes.get((self.index, kind, person), "")

    def _needs_passphrase(self, person: Role) -> str:
        if person is Role.MENTOR:
            return self.speech.gettext("the mentor's private notes need their passphrase")
        return self.speech.gettext("the mentee's private notes need their passphrase")

    @property
    def unlocked(self) -> dict[Role, Unlocked]:
        """What the passphrases given in this meeting opened, by person."""
        return dict(self._keys)

    @property
    def private_order(self) -> list[Role]:
        """Whose private notes Ctrl+R opens in turn: this machine's own person's first."""
        return private_order(self.own_role)

    def private_hint(self) -> str:
        """What the hidden private pane says Ctrl+R opens, in that order."""
        return self.speech.gettext(PRIVATE_HINT[self.private_order[0]])

    def is_locked(self, person: Role) -> bool:
        """Under a passphrase that has not been given in this meeting yet, or tampered with."""
        return person in self.tampered or (person in self.locks and person not in self._keys)

    def check_private(self) -> None:
        """Find what can be seen of tampering before any passphrase is given."""
        try:
            notes = self.store.all_notes(self.tandem.id)
            self.tampered.update(tampering(self.store, self.tandem.id, notes))
        except StoreError as error:
            for person in self.locks:  # what cannot be read cannot be checked
                self.tampered[person] = error
            return
        for note in notes:  # a plain note of a person under a lock is never shown
            if note.person in self.locks and note.sealed is None:
                self._notes.pop((note.card, note.kind, note.person), None)

    def unlock(self, person: Role, passphrase: str) -> None:
        """Open `person`'s private notes; WrongPassphrase (nothing changed) if it is not it."""
        self.open_private(person, unlock(self.locks[person], self.tandem.id, passphrase))

    def open_private(self, person: Role, unlocked: Unlocked) -> None:
        """Open `person`'s private notes with what `vault.unlock` gave for their lock.

        The app derives the key in a worker thread (the memory-hard KDF takes a good
        part of a second) and opens the notes here, on the thread that owns the store.
        Every sealed note of the person, in every session, is checked against the
        manifest first: Tampered, and the pane stays closed, when anything differs.
        """
        if person in self.tampered:
            raise self.tampered[person]
        try:
            texts, manifest = open_notes(
                self.tandem.id, person, unlocked, self.store.all_notes(self.tandem.id)
            )
        except Tampered as tampered:
            self.tampered[person] = tampered
            raise
        lock = unlocked.lock
        if lock.manifest is None:  # a lock of the first format gets its manifest now
            lock = replace(
                lock, manifest=seal_manifest(unlocked.data_key, self.tandem.id, person, manifest)
            )
            self.store.save_lock(self.tandem.id, lock)
        for (session, card), text in texts.items():
            if session == self.session.number:
                self._notes[(card, NoteKind.PRIVATE, person)] = text
        self.locks[person] = lock
        self._keys[person] = Unlocked(unlocked.data_key, lock)
        self._manifests[person] = manifest

    def save_note(
        self,
        text: str,
        kind: NoteKind = NoteKind.SHARED,
        person: Role | None = None,
        card: int | None = None,
    ) -> None:
        card = self.index if card is None else card
        if self._notes.get((card, kind, person), "") == text:
            return
        now = self.clock.now()
        if person is not None and person in self.tampered:
            raise self.tampered[person]
        if person is not None and person in self.locks:
            opened = self._keys.get(person)
            if opened is None:
                raise Locked(self._needs_passphrase(person))
            aad = note_aad(self.tandem.id, self.session.number, card, person)
            sealed = seal(opened.data_key, text, aad)
            note = Note(self.session.number, card, "", kind, person, now, sealed=sealed)
            lock, self._manifests[person] = save_sealed_note(
                self.store,
                self.tandem.id,
                note,
                opened.data_key,
                self.locks[person],
                self._manifests[person],
            )
            self.locks[person] = lock
            self._keys[person] = Unlocked(opened.data_key, lock)
        else:
            self.store.save_note(
                self.tandem.id, Note(self.session.number, card, text, kind, person, updated_at=now)
            )
        self._notes[(card, kind, person)] = text

    def add_followup(self, text: str, owner: Owner, due: date | None) -> FollowUp:
        now = self.clock.now()
        followup = FollowUp(
            text=text,
            owner=owner,
            due=due,
            session=self.session.number,
            card=self.index,
            created_at=now,
            updated_at=now,
        )
        self.store.save_followup(self.tandem.id, followup)
        return followup

    def followups(self) -> list[FollowUp]:
        return [f for f in self.store.followups(self.tandem.id) if f.session == self.session.number]

    # the end ----------------------------------------------------------------------------

    def suggested_next_meeting(self, library: Library) -> datetime | None:
        """The series' slot one cadence on: the weekday and time this meeting was planned
        for (else the time it started, to the half hour), never a time already past.
        None when the series would run past 2100.
        """
        from tandem_tui.dates import next_in_series, on_the_half_hour

        program = library.programs.get(self.tandem.program)
        cadence = program.cadence if program is not None else Cadence.EVERY_4_WEEKS
        slot = self.tandem.next_meeting
        if slot is None:
            started = self.session.started_at.astimezone()
            slot = on_the_half_hour(started)
        # At least one cadence after the slot, even when the meeting came early.
        return next_in_series(slot, cadence, max(self.clock.now(), slot))

    def end(
        self,
        next_meeting: datetime | None = None,
        feedback: dict[Role, Feedback] | None = None,
    ) -> None:
        self._accrue()
        if feedback:
            self.session.feedback = dict(feedback)
        self._since = None
        if self.outcome(self.index) is CardOutcome.DONE:
            self.current.status = CardStatus.DONE
        self.session.status = SessionStatus.ENDED
        self.session.ended_at = self.clock.now()
        self.checkpoint()
        if next_meeting is not None:
            self.tandem = replace(self.tandem, next_meeting=next_meeting)
            self.store.update_tandem(self.tandem)
