"""The domain of tandem-tui as plain dataclasses.

No Textual and no TinyDB here: the store turns these into JSON documents with
`to_doc`/`from_doc`, the screens and the command line work with the objects.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from typing import Any

from tandem_tui.i18n import Speech, chrome
from tandem_tui.text import harmless
from tandem_tui.zones import in_zone, zone_name


class Role(StrEnum):
    """The two partners of a tandem. The mentor is the junior who coaches."""

    MENTOR = "mentor"
    MENTEE = "mentee"


class Owner(StrEnum):
    """Who carries out a follow-up."""

    MENTOR = "mentor"
    MENTEE = "mentee"
    BOTH = "both"


def role_label(role: Role, speech: Speech | None = None) -> str:
    """The role as a person reads it: "mentor", "mentee"; "Mentor", "Mentee" in German.
    The stored value (`role.value`) stays English; `speech` defaults to the chrome's."""
    words = speech or chrome()
    if role is Role.MENTOR:
        return words.pgettext("role", "mentor")
    return words.pgettext("role", "mentee")


def owner_label(owner: Owner, speech: Speech | None = None) -> str:
    """Who does a follow-up, as a person reads it: "mentor", "mentee", "both";
    "Mentor", "Mentee", "beide" in German. `speech` defaults to the chrome's."""
    words = speech or chrome()
    if owner is Owner.MENTOR:
        return words.pgettext("owner", "mentor")
    if owner is Owner.MENTEE:
        return words.pgettext("owner", "mentee")
    return words.pgettext("owner", "both")


class CardStatus(StrEnum):
    """What is stored for a card: pending until it is marked done or skipped."""

    PENDING = "pending"
    DONE = "done"
    SKIPPED = "skipped"


class CardOutcome(StrEnum):
    """How a card went, as every screen, the minutes and the review card name it.

    Derived from the stored status and the time used (`CardRun.outcome`), so the
    end screen, the minutes and the next session's review card cannot disagree.
    """

    DONE = "done"
    SKIPPED = "skipped"
    UNFINISHED = "unfinished"  # worked on, neither done nor skipped
    NOT_REACHED = "not reached"

    @property
    def carried_over(self) -> bool:
        """Comes back on the next session's review card."""
        return self is not CardOutcome.DONE


def outcome_label(outcome: CardOutcome, speech: Speech | None = None) -> str:
    """How a card went, as a person reads it: "done", "skipped", "unfinished",
    "not reached"; "erledigt", "übersprungen", "nicht fertig", "nicht erreicht"."""
    words = speech or chrome()
    if outcome is CardOutcome.DONE:
        return words.pgettext("card", "done")
    if outcome is CardOutcome.SKIPPED:
        return words.pgettext("card", "skipped")
    if outcome is CardOutcome.UNFINISHED:
        return words.pgettext("card", "unfinished")
    return words.pgettext("card", "not reached")


class SessionStatus(StrEnum):
    RUNNING = "running"
    ENDED = "ended"


class FollowUpStatus(StrEnum):
    OPEN = "open"
    DONE = "done"


def followup_status_label(status: FollowUpStatus, speech: Speech | None = None) -> str:
    """A follow-up's status as a person reads it: "open", "done"; "offen", "erledigt"."""
    words = speech or chrome()
    if status is FollowUpStatus.OPEN:
        return words.pgettext("follow-up", "open")
    return words.pgettext("follow-up", "done")


class NoteKind(StrEnum):
    SHARED = "shared"
    PRIVATE = "private"


class Cadence(StrEnum):
    """How often a tandem meets."""

    WEEKLY = "weekly"
    EVERY_2_WEEKS = "every-2-weeks"
    EVERY_4_WEEKS = "every-4-weeks"
    MONTHLY = "monthly"

    def after(self, day: date, steps: int = 1) -> date:
        """The date `steps` meetings after `day`."""
        weeks = {"weekly": 1, "every-2-weeks": 2, "every-4-weeks": 4}
        if self.value in weeks:
            return day + timedelta(weeks=weeks[self.value] * steps)
        from calendar import monthrange  # only here: not for every start

        month_index = day.month - 1 + steps
        year, month = day.year + month_index // 12, month_index % 12 + 1
        return date(year, month, min(day.day, monthrange(year, month)[1]))

    @property
    def days(self) -> int:
        """The typical gap in days, for judging whether a tandem is overdue."""
        return {"weekly": 7, "every-2-weeks": 14, "every-4-weeks": 28, "monthly": 30}[self.value]


def cadence_label(cadence: Cadence, speech: Speech | None = None) -> str:
    """How often a tandem meets, as a person reads it: "every 2 weeks"; "alle 2 Wochen".
    The stored value (`every-2-weeks`) stays as it is."""
    words = speech or chrome()
    if cadence is Cadence.WEEKLY:
        # TRANSLATORS: how often a tandem meets.
        return words.gettext("weekly")
    if cadence is Cadence.EVERY_2_WEEKS:
        return words.gettext("every 2 weeks")
    if cadence is Cadence.EVERY_4_WEEKS:
        return words.gettext("every 4 weeks")
    return words.gettext("monthly")


def utcnow() -> datetime:
    return datetime.now(UTC)


def new_id() -> str:
    return uuid.uuid4().hex


def _dt(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _iso(value: datetime | date | None) -> str | None:
    return value.isoformat() if value else None


@dataclass(frozen=True)
class Card:
    """One topic of an agenda with its time box."""

    title: str
    minutes: int
    prompts: tuple[str, ...] = ()
    direction: Role = Role.MENTOR

    def to_doc(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "minutes": self.minutes,
            "prompts": list(self.prompts),
            "direction": self.direction.value,
        }

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> Card:
        return cls(
            title=harmless(doc["title"]),
            minutes=int(doc["minutes"]),
            prompts=tuple(harmless(prompt) for prompt in doc.get("prompts", ())),
            direction=Role(doc.get("direction", Role.MENTOR)),
        )


@dataclass(frozen=True)
class Agenda:
    """What a tandem talks through in one meeting: an ordered list of cards."""

    id: str
    title: str
    language: str
    cards: tuple[Card, ...]
    description: str = ""
    source: str | None = None  # the file it came from; not part of a session's copy

    @property
    def total_minutes(self) -> int:
        return sum(card.minutes for card in self.cards)

    def to_doc(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "language": self.language,
            "description": self.description,
            "cards": [card.to_doc() for card in self.cards],
        }

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> Agenda:
        return cls(
            id=doc["id"],
            title=harmless(doc["title"]),
            language=doc.get("language", "en"),
            description=harmless(doc.get("description", "")),
            cards=tuple(Card.from_doc(card) for card in doc["cards"]),
        )


@dataclass(frozen=True)
class Program:
    """The agendas for sessions 1..N, with the default cadence and meeting length."""

    id: str
    title: str
    language: str
    sessions: tuple[str, ...]
    cadence: Cadence = Cadence.EVERY_4_WEEKS
    meeting_minutes: int = 60
    description: str = ""
    source: str | None = None

    def agenda_for(self, number: int) -> str | None:
        """The agenda id of session `number` (1-based), or None past the end."""
        return self.sessions[number - 1] if 1 <= number <= len(self.sessions) else None


@dataclass(frozen=True)
class Participant:
    name: str
    email: str = ""

    def to_doc(self) -> dict[str, str]:
        return {"name": self.name, "email": self.email}

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> Participant:
        # Text from a file is shown in a terminal: control characters made harmless.
        return cls(name=harmless(doc["name"]), email=harmless(doc.get("email", "")))


@dataclass(frozen=True)
class Tandem:
    """A pair: the junior mentor and the senior mentee, on a program."""

    id: str
    mentor: Participant
    mentee: Participant
    program: str
    goals: tuple[str, ...] = ()
    created_at: datetime = field(default_factory=utcnow)
    # As agreed at the end of the last meeting, in the zone it was planned in (a ZoneInfo:
    # see zones.py); a fixed offset where no zone is known.
    next_meeting: datetime | None = None

    @property
    def label(self) -> str:
        return f"{self.mentor.name} & {self.mentee.name}"

    def person(self, role: Role) -> Participant:
        return self.mentor if role is Role.MENTOR else self.mentee

    def to_doc(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "mentor": self.mentor.to_doc(),
            "mentee": self.mentee.to_doc(),
            "program": self.program,
            "goals": list(self.goals),
            "created_at": _iso(self.created_at),
            "next_meeting": _iso(self.next_meeting),
            "next_meeting_zone": zone_name(self.next_meeting),
        }

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> Tandem:
        return cls(
            id=doc["id"],
            mentor=Participant.from_doc(doc["mentor"]),
            mentee=Participant.from_doc(doc["mentee"]),
            program=doc["program"],
            goals=tuple(harmless(goal) for goal in doc.get("goals", ())),
            created_at=_dt(doc.get("created_at")) or utcnow(),
            next_meeting=in_zone(_dt(doc.get("next_meeting")), doc.get("next_meeting_zone")),
        )


@dataclass
class CardRun:
    """How one card of a session went: its time box, the time used, its status."""

    card: Card
    status: CardStatus = CardStatus.PENDING
    used_seconds: float = 0.0
    planned_minutes: int | None = None  # the box after +1/-1 minute; defaults to the card's

    @property
    def box_minutes(self) -> int:
        return self.planned_minutes if self.planned_minutes is not None else self.card.minutes

    @property
    def outcome(self) -> CardOutcome:
        if self.status is CardStatus.DONE:
            return CardOutcome.DONE
        if self.status is CardStatus.SKIPPED:
            return CardOutcome.SKIPPED
        return CardOutcome.UNFINISHED if self.used_seconds > 0 else CardOutcome.NOT_REACHED

    def to_doc(self) -> dict[str, Any]:
        return {
            "card": self.card.to_doc(),
            "status": self.status.value,
            "used_seconds": round(self.used_seconds, 3),
            "planned_minutes": self.box_minutes,
        }

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> CardRun:
        return cls(
            card=Card.from_doc(doc["card"]),
            status=CardStatus(doc.get("status", CardStatus.PENDING)),
            used_seconds=float(doc.get("used_seconds", 0.0)),
            planned_minutes=doc.get("planned_minutes"),
        )


RATING_RANGE = range(1, 6)


@dataclass(frozen=True)
class Feedback:
    """One partner's view of a session: two ratings from 1 to 5 and a one-line takeaway.

    Reports show the ratings only; the takeaway stays with the tandem.
    """

    useful: int
    eye_level: int
    takeaway: str = ""

    def __post_init__(self) -> None:
        for name in ("useful", "eye_level"):
            if getattr(self, name) not in RATING_RANGE:
                raise ValueError(f"{name} must be a rating from 1 to 5")

    def to_doc(self) -> dict[str, Any]:
        return {"useful": self.useful, "eye_level": self.eye_level, "takeaway": self.takeaway}

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> Feedback:
        takeaway = harmless(str(doc.get("takeaway", "")))
        return cls(int(doc["useful"]), int(doc["eye_level"]), takeaway)


@dataclass
class Session:
    """One meeting of a tandem, with its own copy of the agenda as it was at the start."""

    number: int
    agenda: Agenda
    cards: list[CardRun]
    status: SessionStatus = SessionStatus.RUNNING
    current: int = 0
    paused: bool = True
    started_at: datetime = field(default_factory=utcnow)
    ended_at: datetime | None = None
    feedback: dict[Role, Feedback] = field(default_factory=dict)

    @classmethod
    def start(cls, number: int, agenda: Agenda, now: datetime | None = None) -> Session:
        copy = replace(agenda, source=None)
        return cls(
            number=number,
            agenda=copy,
            cards=[CardRun(card) for card in copy.cards],
            started_at=now or utcnow(),
        )

    @property
    def planned_minutes(self) -> int:
        return sum(run.box_minutes for run in self.cards)

    @property
    def used_seconds(self) -> float:
        return sum(run.used_seconds for run in self.cards)

    def to_doc(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "agenda": self.agenda.to_doc(),
            "cards": [run.to_doc() for run in self.cards],
            "status": self.status.value,
            "current": self.current,
            "paused": self.paused,
            "started_at": _iso(self.started_at),
            "ended_at": _iso(self.ended_at),
            "feedback": {role.value: f.to_doc() for role, f in self.feedback.items()},
        }

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> Session:
        return cls(
            number=int(doc["number"]),
            agenda=Agenda.from_doc(doc["agenda"]),
            cards=[CardRun.from_doc(run) for run in doc["cards"]],
            status=SessionStatus(doc.get("status", SessionStatus.RUNNING)),
            current=int(doc.get("current", 0)),
            paused=bool(doc.get("paused", True)),
            started_at=_dt(doc.get("started_at")) or utcnow(),
            ended_at=_dt(doc.get("ended_at")),
            feedback={
                Role(role): Feedback.from_doc(f) for role, f in doc.get("feedback", {}).items()
            },
        )


@dataclass(frozen=True)
class Note:
    """Shared notes of a card, or one person's private notes of a card.

    A private note under a passphrase keeps `text` empty and its words in `sealed`
    (see vault.py): only the sealed form is ever written.
    """

    session: int
    card: int
    text: str
    kind: NoteKind = NoteKind.SHARED
    person: Role | None = None  # set for private notes only
    updated_at: datetime = field(default_factory=utcnow)
    sealed: str | None = None

    def __post_init__(self) -> None:
        if (self.kind is NoteKind.PRIVATE) != (self.person is not None):
            raise ValueError("a private note needs a person, a shared note has none")
        if self.sealed is not None and (self.kind is not NoteKind.PRIVATE or self.text):
            raise ValueError("only a private note is sealed, and then it keeps no text")

    def to_doc(self) -> dict[str, Any]:
        return {
            "session": self.session,
            "card": self.card,
            "text": self.text,
            "kind": self.kind.value,
            "person": self.person.value if self.person else None,
            "updated_at": _iso(self.updated_at),
            "sealed": self.sealed,
        }

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> Note:
        person = doc.get("person")
        return cls(
            session=int(doc["session"]),
            card=int(doc["card"]),
            text=harmless(doc.get("text", "")),
            kind=NoteKind(doc.get("kind", NoteKind.SHARED)),
            person=Role(person) if person else None,
            updated_at=_dt(doc.get("updated_at")) or utcnow(),
            sealed=doc.get("sealed"),
        )


@dataclass(frozen=True)
class FollowUp:
    """Who does what by when; `id` stays the same for the life of the follow-up."""

    text: str
    owner: Owner = Owner.BOTH
    due: date | None = None
    status: FollowUpStatus = FollowUpStatus.OPEN
    session: int | None = None  # the session it came from
    card: int | None = None  # and the card within that session
    id: str = field(default_factory=new_id)
    created_at: datetime = field(default_factory=utcnow)
    updated_at: datetime = field(default_factory=utcnow)
    done_at: datetime | None = None
    # Set on the copy a sync made when both partners changed the same field: the id of
    # the follow-up it disagrees with (see sync/merge.py).
    conflict_of: str | None = None

    @property
    def is_open(self) -> bool:
        return self.status is FollowUpStatus.OPEN

    @property
    def short_id(self) -> str:
        return self.id[:8]

    def is_overdue(self, today: date) -> bool:
        return self.is_open and self.due is not None and self.due < today

    def done(self, now: datetime | None = None) -> FollowUp:
        when = now or utcnow()
        return replace(self, status=FollowUpStatus.DONE, done_at=when, updated_at=when)

    def reopened(self, now: datetime | None = None) -> FollowUp:
        """Open again: ticked off by mistake, or not done after all."""
        return replace(self, status=FollowUpStatus.OPEN, done_at=None, updated_at=now or utcnow())

    def to_doc(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "text": self.text,
            "owner": self.owner.value,
            "due": _iso(self.due),
            "status": self.status.value,
            "session": self.session,
            "card": self.card,
            "created_at": _iso(self.created_at),
            "updated_at": _iso(self.updated_at),
            "done_at": _iso(self.done_at),
            **({"conflict_of": self.conflict_of} if self.conflict_of else {}),
        }

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> FollowUp:
        due = doc.get("due")
        return cls(
            id=doc["id"],
            text=harmless(doc["text"]),
            owner=Owner(doc.get("owner", Owner.BOTH)),
            due=date.fromisoformat(due) if due else None,
            status=FollowUpStatus(doc.get("status", FollowUpStatus.OPEN)),
            session=doc.get("session"),
            card=doc.get("card"),
            created_at=_dt(doc.get("created_at")) or utcnow(),
            updated_at=_dt(doc.get("updated_at")) or utcnow(),
            done_at=_dt(doc.get("done_at")),
            conflict_of=doc.get("conflict_of") or None,
        )
