"""The shape of every file the store reads, checked before any of it is used.

A file edited by hand, or damaged, can be valid JSON of the wrong shape: a tandem
without its mentor, a session with no cards, a rating of 7, a lock asking for 64 GiB
of memory. Read unchecked, such a file ends in a `KeyError` somewhere deep, naming
no file. Here each table of each kind of file is described once, with its fields,
their types and ranges, and `validate` names the first problem in a short phrase:
table, entry and field ("table 'tandem', entry 1: 'mentor' must be an object"). The
store then treats the file as unreadable: named, never overwritten, the rest usable.

What passes here, the model's `from_doc` can read and the screens can show: every
field it requires, in the type it converts to, in the range the app works in. It is
as lenient as `from_doc` where that is: optional fields may be missing (older files
lack some), and keys or tables it does not know are allowed (a newer minor version
may add them). Core module: no Textual, no TinyDB.
"""

from __future__ import annotations

import base64
import binascii
import math
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from tandem_tui.agendas import ID_PATTERN, MAX_CARD_MINUTES
from tandem_tui.i18n import N_, _, ngettext
from tandem_tui.model import (
    RATING_RANGE,
    CardStatus,
    FollowUpStatus,
    NoteKind,
    Owner,
    Role,
    SessionStatus,
)
from tandem_tui.records import Security
from tandem_tui.text import harmless
from tandem_tui.zones import MAX_NAME, NAME_PATTERN

#: Dates and times outside these years are not ones the app meant: their arithmetic
#: (the next meeting, a cadence later, local time) could overflow.
FIRST_YEAR, LAST_YEAR = 1900, 2200
#: Time used on one card: a year at most (a meeting left running over a holiday is less).
MAX_USED_SECONDS = 366 * 24 * 3600
#: Sessions of one tandem; programs have about six.
MAX_SESSION = 999
#: Cards of one session: an agenda's and a review card.
MAX_CARDS = 999
#: Bounds of the key derivation's cost read from a lock: enough to be safe, little
#: enough that a file cannot make the app ask for 64 GiB or hang for an hour.
MIN_SALT_BYTES = 8  # Argon2's own minimum
MAX_SHOWN = 30  # characters of a wrong value quoted in a problem
EXAMPLE_MOMENT = "2026-11-27T17:00:00+01:00"


class Invalid(Exception):
    """One problem at one place inside an entry; `where` is the path to it, outermost first."""

    def __init__(self, problem: str, where: tuple[str | int, ...] = ()) -> None:
        super().__init__(problem)
        self.problem = problem
        self.where = where

    def inside(self, step: str | int) -> Invalid:
        return Invalid(self.problem, (step, *self.where))


def _shown(value: Any) -> str:
    """A wrong value, short and harmless, for a one-line message."""
    text = value if isinstance(value, str) else repr(value)
    text = harmless(" ".join(text.split()))
    return repr(text if len(text) <= MAX_SHOWN else text[: MAX_SHOWN - 1] + "…")


# checks of one value ------------------------------------------------------------------
#
# Each check takes a value and raises Invalid naming what it must be; nested checks
# add the key or index they looked into.

Check = Callable[[Any], None]


def text(
    *,
    pattern: re.Pattern[str] | None = None,
    rule: str = "",
    non_empty: bool = False,
    one_line: bool = False,
) -> Check:
    def check(value: Any) -> None:
        if not isinstance(value, str):
            raise Invalid(_("must be a text"))
        if "\x00" in value:
            raise Invalid(_("must not hold a NUL character"))
        if one_line and ("\n" in value or "\r" in value):
            raise Invalid(_("must be one line"))
        if non_empty and not value.strip():
            raise Invalid(_("must not be empty"))
        if pattern is not None and not pattern.match(value):
            raise Invalid(
                _("must be {rule}, not {value}").format(rule=_(rule), value=_shown(value))
            )

    return check


IDENTIFIER = text(pattern=ID_PATTERN, rule=N_("an id of lower-case letters, digits, '.', '_', '-'"))


def whole(low: int, high: int) -> Check:
    def check(value: Any) -> None:
        if isinstance(value, bool) or not isinstance(value, int):
            raise Invalid(
                _("must be a whole number from {low} to {high}").format(low=low, high=high)
            )
        if not low <= value <= high:
            raise Invalid(
                _("must be from {low} to {high}, not {value}").format(
                    low=low, high=high, value=value
                )
            )

    return check


def number(low: float, high: float) -> Check:
    def check(value: Any) -> None:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise Invalid(
                _("must be a number from {low} to {high}").format(low=f"{low:g}", high=f"{high:g}")
            )
        if not math.isfinite(value) or not low <= value <= high:
            raise Invalid(
                _("must be from {low} to {high}, not {value}").format(
                    low=f"{low:g}", high=f"{high:g}", value=repr(value)
                )
            )

    return check


def flag(value: Any) -> None:
    if not isinstance(value, bool):
        raise Invalid(_("must be true or false"))


def choice(values: type[StrEnum]) -> Check:
    allowed = [member.value for member in values]

    def check(value: Any) -> None:
        if not isinstance(value, str) or value not in allowed:
            raise Invalid(
                _("must be one of {allowed}, not {value}").format(
                    allowed=", ".join(allowed), value=_shown(value)
                )
            )

    return check


def _in_years(year: int) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise Invalid(
            _("must be in the years {first} to {last}").format(first=FIRST_YEAR, last=LAST_YEAR)
        )


def moment(value: Any) -> None:
    """A date and time with its offset from UTC, as `to_doc` writes them."""
    if not isinstance(value, str):
        raise Invalid(_("must be a date and time like {example}").format(example=EXAMPLE_MOMENT))
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise Invalid(
            _("must be a date and time like {example}, not {value}").format(
                example=EXAMPLE_MOMENT, value=_shown(value)
            )
        ) from None
    if parsed.utcoffset() is None:
        raise Invalid(_("must say its offset from UTC, like +01:00"))
    _in_years(parsed.year)


def day(value: Any) -> None:
    if not isinstance(value, str):
        raise Invalid(_("must be a date like 2026-11-27"))
    try:
        parsed = date.fromisoformat(value)
    except ValueError:
        raise Invalid(
            _("must be a date like 2026-11-27, not {value}").format(value=_shown(value))
        ) from None
    _in_years(parsed.year)


def base64_bytes(min_bytes: int = 1) -> Check:
    def check(value: Any) -> None:
        if not isinstance(value, str):
            raise Invalid(_("must be base64 text"))
        try:
            decoded = base64.b64decode(value, validate=True)
        except (binascii.Error, ValueError):
            raise Invalid(_("must be base64 text")) from None
        if len(decoded) < min_bytes:
            raise Invalid(
                ngettext(
                    "must hold at least {count} byte", "must hold at least {count} bytes", min_bytes
                ).format(count=min_bytes)
            )

    return check


def optional(check: Check, *, empty: bool = False) -> Check:
    """`check`, or null (and the empty text, where `from_doc` reads it as none)."""

    def checked(value: Any) -> None:
        if value is None or (empty and value == ""):
            return
        check(value)

    return checked


def list_of(item: Check, *, non_empty: bool = False, most: int = 10_000) -> Check:
    def check(value: Any) -> None:
        if not isinstance(value, list):
            raise Invalid(_("must be a list"))
        if non_empty and not value:
            raise Invalid(_("must not be empty"))
        if len(value) > most:
            raise Invalid(
                ngettext(
                    "must hold at most {count} item", "must hold at most {count} items", most
                ).format(count=most)
            )
        for index, each in enumerate(value):
            try:
                item(each)
            except Invalid as error:
                raise error.inside(index) from None

    return check


def map_of(key: Check, value_check: Check) -> Check:
    def check(value: Any) -> None:
        if not isinstance(value, dict):
            raise Invalid(_("must be an object"))
        for name, each in value.items():
            try:
                key(name)
            except Invalid as error:
                raise Invalid(_("has a key that {problem}").format(problem=error.problem)) from None
            try:
                value_check(each)
            except Invalid as error:
                raise error.inside(name) from None

    return check


def pair(first: Check, second: Check) -> Check:
    def check(value: Any) -> None:
        if not isinstance(value, list) or len(value) != 2:
            raise Invalid(_("must be a list of two"))
        for index, (each, part) in enumerate(zip(value, (first, second), strict=True)):
            try:
                part(each)
            except Invalid as error:
                raise error.inside(index) from None

    return check


@dataclass(frozen=True)
class Field:
    check: Check
    required: bool = False


def need(check: Check) -> Field:
    return Field(check, required=True)


def may(check: Check) -> Field:
    return Field(check)


Rule = Callable[[Mapping[str, Any]], None]


@dataclass(frozen=True)
class Shape:
    """An object with known fields; others are allowed. `rules` check fields together."""

    fields: Mapping[str, Field]
    rules: tuple[Rule, ...] = ()

    def __call__(self, value: Any) -> None:
        if not isinstance(value, dict):
            raise Invalid(_("must be an object"))
        for name, spec in self.fields.items():
            if name not in value:
                if spec.required:
                    raise Invalid(_("is missing"), (name,))
                continue
            try:
                spec.check(value[name])
            except Invalid as error:
                raise error.inside(name) from None
        for rule in self.rules:
            rule(value)


@dataclass(frozen=True)
class Table:
    """A table of a file: each entry of one shape; `unique` fields differ between entries."""

    entry: Shape
    unique: tuple[str, ...] = ()
    most: int | None = None  # entries at most (settings and exports have one)


# the shapes of the model's documents --------------------------------------------------

PERSON = Shape({"name": need(text(one_line=True)), "email": may(text(one_line=True))})

CARD = Shape(
    {
        "title": need(text()),
        "minutes": need(whole(1, MAX_CARD_MINUTES)),
        "prompts": may(list_of(text())),
        "direction": may(choice(Role)),
    }
)

AGENDA = Shape(
    {
        "id": need(IDENTIFIER),
        "title": need(text()),
        "language": may(text()),
        "description": may(text()),
        "cards": need(list_of(CARD, non_empty=True, most=MAX_CARDS)),
    }
)

CARD_RUN = Shape(
    {
        "card": need(CARD),
        "status": may(choice(CardStatus)),
        "used_seconds": may(number(0, MAX_USED_SECONDS)),
        "planned_minutes": may(optional(whole(1, MAX_CARD_MINUTES))),
    }
)

FEEDBACK = Shape(
    {
        "useful": need(whole(RATING_RANGE.start, RATING_RANGE.stop - 1)),
        "eye_level": need(whole(RATING_RANGE.start, RATING_RANGE.stop - 1)),
        "takeaway": may(text()),
    }
)


def _current_card_exists(session: Mapping[str, Any]) -> None:
    current = session.get("current", 0)
    if current >= len(session["cards"]):
        cards = len(session["cards"])
        raise Invalid(
            _("is card {current}, but the session has {count}").format(
                current=current, count=cards
            ),
            ("current",),
        )


SESSION = Shape(
    {
        "number": need(whole(1, MAX_SESSION)),
        "agenda": need(AGENDA),
        "cards": need(list_of(CARD_RUN, non_empty=True, most=MAX_CARDS)),
        "status": may(choice(SessionStatus)),
        "current": may(whole(0, MAX_CARDS - 1)),
        "paused": may(flag),
        "started_at": may(optional(moment, empty=True)),
        "ended_at": may(optional(moment, empty=True)),
        "feedback": may(map_of(choice(Role), FEEDBACK)),
    },
    rules=(_current_card_exists,),
)

ZONE = text(pattern=NAME_PATTERN, rule=N_("a time zone name like Europe/Berlin"))


def _zone_of_a_meeting(tandem: Mapping[str, Any]) -> None:
    """A zone is the planned meeting's: none without one. A name this machine does not
    know is no damage (a newer zone database may know it): the time stays as stored."""
    zone = tandem.get("next_meeting_zone")
    if zone is not None and len(zone) > MAX_NAME:
        most = ngettext(
            "must be at most {count} character", "must be at most {count} characters", MAX_NAME
        ).format(count=MAX_NAME)
        raise Invalid(most, ("next_meeting_zone",))
    if zone is not None and not tandem.get("next_meeting"):
        raise Invalid(_("must be null: no meeting is planned"), ("next_meeting_zone",))


TANDEM = Shape(
    {
        "id": need(IDENTIFIER),
        "mentor": need(PERSON),
        "mentee": need(PERSON),
        "program": need(IDENTIFIER),
        "goals": may(list_of(text(one_line=True))),
        "created_at": may(optional(moment, empty=True)),
        "next_meeting": may(optional(moment, empty=True)),
        "next_meeting_zone": may(optional(ZONE)),
    },
    rules=(_zone_of_a_meeting,),
)

FOLLOWUP = Shape(
    {
        "id": need(IDENTIFIER),
        "text": need(text()),
        "owner": may(choice(Owner)),
        "due": may(optional(day, empty=True)),
        "status": may(choice(FollowUpStatus)),
        "session": may(optional(whole(1, MAX_SESSION))),
        "card": may(optional(whole(0, MAX_CARDS - 1))),
        "created_at": may(optional(moment, empty=True)),
        "updated_at": may(optional(moment, empty=True)),
        "done_at": may(optional(moment, empty=True)),
        "conflict_of": may(optional(IDENTIFIER)),
    }
)

#: Only whose lock it is: the rest of a lock (its key derivation, its bounded cost,
#: its keys) is checked by `vault.Lock.from_doc` when it is read, so that a damaged
#: lock closes that one person's notes and the rest of the tandem goes on.
LOCK = Shape({"role": need(choice(Role))})

EXPORTS = Shape(
    {
        "marks": may(map_of(text(), pair(text(), whole(0, 1_000_000)))),
        "sent": may(map_of(text(), text())),  # what went out, to cancel it later
        "cancelled": may(list_of(text(), most=100_000)),
    }
)


def _private_has_a_person(note: Mapping[str, Any]) -> None:
    private = note.get("kind", NoteKind.SHARED.value) == NoteKind.PRIVATE.value
    if private and not note.get("person"):
        raise Invalid(_("is missing: a private note is a person's"), ("person",))
    if not private and note.get("person"):
        raise Invalid(_("must be null: a shared note is nobody's own"), ("person",))
    if note.get("sealed") is not None:
        if not private:
            raise Invalid(_("must be null: only private notes are sealed"), ("sealed",))
        if note.get("text"):
            sealed_only = _("must be empty: a sealed note keeps its words sealed only")
            raise Invalid(sealed_only, ("text",))


NOTE = Shape(
    {
        "session": need(whole(1, MAX_SESSION)),
        "card": need(whole(0, MAX_CARDS - 1)),
        "text": may(text()),
        "kind": may(choice(NoteKind)),
        "person": may(optional(choice(Role), empty=True)),
        "updated_at": may(optional(moment, empty=True)),
        "sealed": may(optional(base64_bytes())),
    },
    rules=(_private_has_a_person,),
)

MAIL = Shape(
    {
        "host": may(text(one_line=True)),
        "port": may(whole(1, 65535)),
        "security": may(choice(Security)),
        "user": may(text(one_line=True)),
        "from": may(text(one_line=True)),
        "from_name": may(text(one_line=True)),
    }
)

COHORT = Shape({"url": need(text(one_line=True)), "user": may(text(one_line=True))})

SETTINGS = Shape(
    {
        "files_folder": may(optional(text())),
        "protected": may(list_of(text(), most=100_000)),
        "mail": may(MAIL),
        "cohort": may(COHORT),
    }
)

#: By kind of file, its tables. Tables not named here are allowed and left alone.
SCHEMAS: dict[str, dict[str, Table]] = {
    "tandem": {
        "tandem": Table(TANDEM, most=1),
        "sessions": Table(SESSION, unique=("number",)),
        "followups": Table(FOLLOWUP, unique=("id",)),
        "locks": Table(LOCK, unique=("role",)),
        "exports": Table(EXPORTS, most=1),
    },
    "notes": {"notes": Table(NOTE)},
    "settings": {"settings": Table(SETTINGS, most=1)},
    "exports": {"exports": Table(EXPORTS, most=1)},
}

_ENTRY_KEY = re.compile(r"^[1-9][0-9]{0,9}$")


def _place(where: Iterable[str | int]) -> str:
    """`'agenda.cards[2].minutes'`: where in an entry, as one would write it."""
    shown = ""
    for step in where:
        if isinstance(step, int):
            shown += f"[{step}]"
        else:
            name = harmless(step)[:MAX_SHOWN]
            shown += f".{name}" if shown else name
    return f"'{shown}'" if shown else ""


def validate(kind: str, tables: Any) -> str | None:
    """The first problem in the tables of a file of `kind`, as a short phrase; None if none.

    `kind` is "tandem", "notes" or "settings". The `_meta` table is the store's to
    check. Entries are numbered as TinyDB numbers them, from 1.
    """
    schema = SCHEMAS[kind]
    if not isinstance(tables, dict):
        return _("the file must hold an object of tables")
    for name, table in schema.items():
        if name not in tables:
            continue
        entries = tables[name]
        if not isinstance(entries, dict):
            return _("table '{name}' must be an object").format(name=name)
        if table.most is not None and len(entries) > table.most:
            return ngettext(
                "table '{name}' must hold at most {count} entry",
                "table '{name}' must hold at most {count} entries",
                table.most,
            ).format(name=name, count=table.most)
        seen: dict[str, dict[Any, str]] = {key: {} for key in table.unique}
        for key, entry in entries.items():
            if not isinstance(key, str) or not _ENTRY_KEY.match(key):
                return _("table '{name}': entry {key} must be numbered 1, 2, 3…").format(
                    name=name, key=_shown(key)
                )
            try:
                table.entry(entry)
            except Invalid as error:
                place = _place(error.where)
                if not place:
                    return _("table '{name}', entry {key}: {problem}").format(
                        name=name, key=key, problem=error.problem
                    )
                return _("table '{name}', entry {key}: {place} {problem}").format(
                    name=name, key=key, place=place, problem=error.problem
                )
            for unique in table.unique:
                value = entry.get(unique)
                if value is None:
                    continue
                if value in seen[unique]:
                    return _(
                        "table '{name}', entry {key}: '{field}' is the same as in "
                        "entry {other}; it must differ"
                    ).format(name=name, key=key, field=unique, other=seen[unique][value])
                seen[unique][value] = key
    return None
