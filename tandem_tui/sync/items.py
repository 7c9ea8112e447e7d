"""What a tandem is made of in its calendar, and back: one item per calendar object.

Each item has a UID, a kind and its `fields`: the content that matters, as plain JSON,
the same on both machines for the same state. A sync compares fields (by their digest),
never the text a server returns, which it may fold or reorder as it likes.

    meeting    VEVENT   the series as the export writes it (made here from the tandem:
                        sent when it changed here, never read back)
    followup   VTODO    text, owner, due date, status: read back from any task app
    record     VJOURNAL what the partner's machine needs to make the tandem: names,
                        e-mails, goals, program, the next meeting, the minutes' sealing
    minutes    VJOURNAL a held session: its agenda copy, card times and states, shared
                        notes and ratings; sealed under the tandem passphrase when chosen

Never a private note or a feedback takeaway: nothing here reads them.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from icalendar import Calendar, Component, Journal, Todo

from tandem_tui import i18n
from tandem_tui.export import (
    PRODID,
    UID_DOMAIN,
    Tasks,
    build_calendar,
    followup_uids,
    meeting_uid,
)
from tandem_tui.library import Library
from tandem_tui.model import (
    Feedback,
    FollowUp,
    FollowUpStatus,
    Note,
    NoteKind,
    Owner,
    Role,
    Session,
    SessionStatus,
    Tandem,
    owner_label,
)
from tandem_tui.text import harmless

MEETING, FOLLOWUP, RECORD, MINUTES, OTHER = "meeting", "followup", "record", "minutes", "other"
KIND = "X-TANDEM-TUI-KIND"
DATA = "X-TANDEM-TUI-DATA"  # the fields, as base64 of JSON
SEALED = "X-TANDEM-TUI-SEALED"  # or sealed under the tandem passphrase
OWNER = "X-TANDEM-TUI-OWNER"
CONFLICT = "X-TANDEM-TUI-CONFLICT-OF"
_OURS = re.compile(rf"^followup-([0-9a-f]{{32}})@{re.escape(UID_DOMAIN)}$")
IDS = uuid.UUID("5b0f8d3e-2f4a-4c1e-9a57-7c0de5ab1e55")  # ids of follow-ups made elsewhere


@dataclass
class Item:
    uid: str
    kind: str
    fields: dict[str, Any]
    component: Component | None = None  # a meeting's event, as the export made it
    zones: list[Component] = field(default_factory=list)

    @property
    def digest(self) -> str:
        return digest(self.fields)


def digest(fields: dict[str, Any]) -> str:
    text = json.dumps(fields, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:24]


def _moment(when: datetime | None) -> str | None:
    """To the second, in UTC: what an iCalendar date-time keeps."""
    return when.astimezone(UTC).replace(microsecond=0).isoformat() if when else None


def record_uid(tandem_id: str) -> str:
    return f"tandem-{tandem_id}-record@{UID_DOMAIN}"


def minutes_uid(tandem_id: str, number: int) -> str:
    return f"tandem-{tandem_id}-session-{number}@{UID_DOMAIN}"


def minutes_aad(tandem_id: str, number: int) -> bytes:
    return f"tandem-tui/minutes/{tandem_id}/{number}".encode()


def followup_id(uid: str) -> str:
    """The follow-up's id for a VTODO's UID: ours read back, or one made from a UID of
    another app, the same on every run (a sync run again makes no second one)."""
    found = _OURS.match(uid)
    return found.group(1) if found else uuid.uuid5(IDS, uid).hex


# from the store ---------------------------------------------------------------------------


def followup_fields(followup: FollowUp) -> dict[str, Any]:
    return {
        "id": followup.id,
        "text": followup.text,
        "owner": followup.owner.value,
        "due": followup.due.isoformat() if followup.due else None,
        "status": followup.status.value,
        "done_at": _moment(followup.done_at) if not followup.is_open else None,
        "session": followup.session,
        "card": followup.card,
        "created_at": _moment(followup.created_at),
        "conflict_of": followup.conflict_of,
    }


def program_files(library: Library, program_id: str) -> dict[str, str]:
    """The files of the tandem's program and its agendas, by name, unless they ship with
    tandem-tui: the partner's machine needs them to hold the next meeting."""
    from tandem_tui.authoring import is_bundled

    program = library.programs.get(program_id)
    if program is None or is_bundled(program.source):
        return {}
    sources = {program.source}
    sources |= {library.agendas[a].source for a in program.sessions if a in library.agendas}
    files: dict[str, str] = {}
    for source in sorted(s for s in sources if s and not is_bundled(s)):
        try:
            files[Path(source).name] = Path(source).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue  # gone or damaged since it was read: the partner keeps what they have
    return files


def install_program(folder: Path, library: Library, fields: dict[str, Any]) -> bool:
    """Put the program files that came with a record into the user's agenda folder, if
    this machine does not know the program; never over a file of the same name. Whether
    any was written."""
    from tandem_tui.paths import atomic_write_bytes, ensure_private_dir

    files = fields.get("program_files") or {}
    if not files or fields.get("program") in library.programs:
        return False
    written = False
    for name, text in files.items():
        target = folder / Path(name).name
        if target.suffix != ".toml" or target.exists():
            continue
        ensure_private_dir(folder)
        atomic_write_bytes(target, str(text).encode("utf-8"))
        written = True
    return written


def record_fields(
    tandem: Tandem, sealing: dict[str, Any] | None, files: dict[str, str] | None = None
) -> dict[str, Any]:
    doc = tandem.to_doc()
    return {
        "id": tandem.id,
        "mentor": doc["mentor"],
        "mentee": doc["mentee"],
        "program": tandem.program,
        "goals": list(tandem.goals),
        "created_at": doc["created_at"],
        "next_meeting": [doc["next_meeting"], doc["next_meeting_zone"]],
        "sealing": sealing,
        "program_files": files or {},
    }


def session_fields(session: Session, shared: dict[int, str]) -> dict[str, Any]:
    doc = session.to_doc()
    # Ratings travel (the facilitator sees their averages); a takeaway never does.
    doc["feedback"] = {
        role: {"useful": f["useful"], "eye_level": f["eye_level"]}
        for role, f in doc["feedback"].items()
    }
    doc["paused"] = True
    return {
        "number": session.number,
        "session": doc,
        "notes": {str(card): text for card, text in sorted(shared.items()) if text},
    }


def local_items(
    tandem: Tandem,
    sessions: list[Session],
    notes: dict[int, dict[int, str]],
    followups: list[FollowUp],
    library: Library,
    *,
    sealing: dict[str, Any] | None,
    foreign: dict[str, str],
    now: datetime,
    files: dict[str, str] | None = None,
) -> dict[str, Item]:
    """Every item of the tandem as this machine has it, by UID. `foreign`: the UIDs of
    follow-ups that came from another app, by follow-up id."""
    items: dict[str, Item] = {}
    uid = record_uid(tandem.id)
    if files is None:
        files = program_files(library, tandem.program)
    items[uid] = Item(uid, RECORD, record_fields(tandem, sealing, files))
    for session in sessions:
        if session.status is SessionStatus.ENDED:
            uid = minutes_uid(tandem.id, session.number)
            fields = session_fields(session, notes.get(session.number, {}))
            items[uid] = Item(uid, MINUTES, fields)
    for followup in followups:
        uid = foreign.get(followup.id) or followup_uids(followup)[0]
        items[uid] = Item(uid, FOLLOWUP, followup_fields(followup))
    program = library.programs.get(tandem.program)
    calendar, _marks, _result = build_calendar(
        tandem, sessions, [], program, library, tasks=Tasks.TODOS, now=now
    )
    zones = [c for c in calendar.subcomponents if c.name == "VTIMEZONE"]
    for event in calendar.walk("VEVENT"):
        uid = str(event["UID"])
        items[uid] = Item(uid, MEETING, {"event": meeting_fingerprint(event)}, event, zones)
    return items


def meeting_fingerprint(event: Component) -> str:
    """What a meeting's event says, without when it was written or how often changed."""
    event.pop("SEQUENCE", None)
    event.pop("DTSTAMP", None)
    return hashlib.sha256(event.to_ical()).hexdigest()[:24]


def remote_meeting_fingerprint(text: str) -> str | None:
    """The same of a meeting read from the server; None if it holds no event."""
    try:
        events = Calendar.from_ical(text).walk("VEVENT")
    except ValueError:
        return None
    return meeting_fingerprint(events[0]) if events else None


# to the calendar --------------------------------------------------------------------------


def _wrap(component: Component, zones: Sequence[Component] = ()) -> str:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    for zone in zones:
        calendar.add_component(zone)
    calendar.add_component(component)
    text: bytes = calendar.to_ical()
    return text.decode("utf-8")


def _data(fields: dict[str, Any]) -> str:
    text = json.dumps(fields, ensure_ascii=False, separators=(",", ":"))
    return base64.b64encode(text.encode("utf-8")).decode("ascii")


def to_ical(
    item: Item,
    tandem: Tandem,
    library: Library,
    *,
    key: bytes | None,
    sequence: int,
    now: datetime,
) -> str:
    """The text of the calendar object for `item`."""
    stamp = now.astimezone(UTC).replace(microsecond=0)
    program = library.programs.get(tandem.program)
    speech = i18n.speech_for(program.language) if program else i18n.chrome()
    if item.kind == MEETING:
        assert item.component is not None
        event = item.component  # made afresh by each sync: changed in place
        event.pop("SEQUENCE", None)
        event.pop("DTSTAMP", None)
        event.add("sequence", sequence)
        event.add("dtstamp", stamp)
        return _wrap(event, item.zones)
    if item.kind == FOLLOWUP:
        return _wrap(_todo(item.uid, item.fields, tandem, speech, stamp))
    journal = Journal()
    journal.add("uid", item.uid)
    journal.add("dtstamp", stamp)
    journal.add(KIND, item.kind)
    journal.add("categories", [speech.gettext("Reverse mentoring")])
    if item.kind == RECORD:
        journal.add("summary", f"Tandem {tandem.label}")
        journal.add(
            "description",
            speech.gettext("What tandem-tui needs to set up this tandem on the partner's machine."),
        )
        journal.add(DATA, _data(item.fields))
        return _wrap(journal)
    number = item.fields["number"]
    journal.add("summary", speech.gettext("Minutes of session {number}").format(number=number))
    journal.add("related-to", meeting_uid(tandem, number))
    journal.add("dtstart", datetime.fromisoformat(item.fields["session"]["started_at"]))
    if key is None:
        journal.add("description", minutes_text(item.fields, speech))
        journal.add(DATA, _data(item.fields))
    else:
        from tandem_tui import vault

        journal.add(
            "description",
            speech.gettext("Sealed: only the tandem's partners can read these minutes."),
        )
        text = json.dumps(item.fields, ensure_ascii=False)
        journal.add(SEALED, vault.seal(key, text, minutes_aad(tandem.id, number)))
    return _wrap(journal)


def minutes_text(fields: dict[str, Any], speech: i18n.Speech) -> str:
    """The minutes as a person reads them in a calendar app: each card, its minutes, its
    shared notes."""
    session = fields["session"]
    lines = [speech.swiss(session["agenda"]["title"]), ""]
    for index, run in enumerate(session["cards"]):
        used = round(run.get("used_seconds", 0) / 60)
        lines.append(
            speech.gettext("{title}: {used} of {box} min").format(
                title=speech.swiss(run["card"]["title"]), used=used, box=run["planned_minutes"]
            )
        )
        note = fields["notes"].get(str(index))
        if note:
            lines += [f"  {line}" for line in note.splitlines()]
    return "\n".join(lines)


def _todo(
    uid: str, fields: dict[str, Any], tandem: Tandem, speech: i18n.Speech, stamp: datetime
) -> Todo:
    todo = Todo()
    todo.add("uid", uid)
    todo.add("dtstamp", stamp)
    todo.add("summary", fields["text"])
    owner = Owner(fields["owner"])
    todo.add(
        "description",
        speech.gettext("Tandem {tandem}; who: {owner}").format(
            tandem=tandem.label, owner=owner_label(owner, speech)
        ),
    )
    todo.add(OWNER, owner.value)
    if fields["due"]:
        todo.add("due", date.fromisoformat(fields["due"]))
    if fields["created_at"]:
        todo.add("created", datetime.fromisoformat(fields["created_at"]))
    if fields["status"] == FollowUpStatus.DONE.value:
        todo.add("status", "COMPLETED")
        todo.add("percent-complete", 100)
        if fields["done_at"]:
            todo.add("completed", datetime.fromisoformat(fields["done_at"]))
    else:
        todo.add("status", "NEEDS-ACTION")
    for name, value in (
        ("X-TANDEM-TUI-SESSION", fields["session"]),
        ("X-TANDEM-TUI-CARD", fields["card"]),
    ):
        if value is not None:
            todo.add(name, str(value))
    if fields["conflict_of"]:
        todo.add(CONFLICT, fields["conflict_of"])
    todo.add("categories", [speech.gettext("Reverse mentoring")])
    return todo


# from the calendar ------------------------------------------------------------------------


class Unreadable(Exception):
    """An object of ours that cannot be read here (sealed, and no key)."""


def parse(text: str, *, tandem_id: str, key: bytes | None, now: datetime) -> Item | None:
    """The item in a calendar object's text; None for what is not ours to read (another
    app's event). `Unreadable` for sealed minutes without the key."""
    try:
        calendar = Calendar.from_ical(text)
    except ValueError:
        return None
    for component in calendar.subcomponents:
        if component.name == "VTODO":
            return _followup_item(component, now)
        if component.name == "VJOURNAL" and str(component.get(KIND, "")) in (RECORD, MINUTES):
            return _journal_item(component, tandem_id, key)
        if component.name == "VEVENT" and "UID" in component:
            uid = str(component["UID"])
            kind = MEETING if uid.endswith(f"@{UID_DOMAIN}") and "followup-" not in uid else OTHER
            return Item(uid, kind, {})
    return None


def _text(component: Component, name: str) -> str:
    value = component.get(name)
    return harmless(str(value)) if value is not None else ""


def _followup_item(todo: Component, now: datetime) -> Item:
    uid = str(todo.get("UID", ""))
    status = str(todo.get("STATUS", "NEEDS-ACTION")).upper()
    done = status == "COMPLETED"
    due_value = todo.get("DUE")
    due: date | None = None
    if due_value is not None:
        when = due_value.dt
        due = (
            when.astimezone().date()
            if isinstance(when, datetime) and when.tzinfo
            else (when.date() if isinstance(when, datetime) else when)
        )
    # When it was ticked off: COMPLETED, else when the task last changed (never "now",
    # which would differ each time the same task is read)
    stamps = [todo.get(name) for name in ("COMPLETED", "LAST-MODIFIED", "DTSTAMP")]
    stamp = next((found.dt for found in stamps if found is not None), now)
    done_at = stamp if done else None
    if isinstance(done_at, datetime) and done_at.tzinfo is None:
        done_at = done_at.replace(tzinfo=UTC)
    created = todo.get("CREATED")
    created_at = created.dt if created is not None else now
    if created_at.tzinfo is None:
        created_at = created_at.replace(tzinfo=UTC)
    owner_text = str(todo.get(OWNER, Owner.BOTH.value))
    owner = owner_text if owner_text in {o.value for o in Owner} else Owner.BOTH.value

    def number(name: str) -> int | None:
        value = str(todo.get(name, ""))
        return int(value) if value.isdigit() else None

    fields = {
        "id": followup_id(uid),
        "text": _text(todo, "SUMMARY") or "…",
        "owner": owner,
        "due": due.isoformat() if due else None,
        "status": FollowUpStatus.DONE.value if done else FollowUpStatus.OPEN.value,
        "done_at": _moment(done_at) if isinstance(done_at, datetime) else None,
        "session": number("X-TANDEM-TUI-SESSION"),
        "card": number("X-TANDEM-TUI-CARD"),
        "created_at": _moment(created_at),
        "conflict_of": str(todo[CONFLICT]) if CONFLICT in todo else None,
    }
    item = Item(uid, FOLLOWUP, fields)
    if status == "CANCELLED":
        item.kind = "cancelled"  # a deletion, as task apps write one
    return item


def check(item: Item, now: datetime) -> None:
    """`Unreadable` unless the item's fields make what they stand for here (a server,
    or another program, may have written anything)."""
    try:
        if item.kind == FOLLOWUP:
            followup_from(item.fields, None, now)
        elif item.kind == RECORD:
            tandem_from(item.fields)
        elif item.kind == MINUTES:
            session_from(item.fields, None)
            shared_notes_from(item.fields, int(item.fields["number"]), now)
    except (KeyError, TypeError, ValueError, AttributeError, IndexError):
        raise Unreadable(item.uid) from None


def _journal_item(journal: Component, tandem_id: str, key: bytes | None) -> Item:
    uid = str(journal["UID"])
    kind = str(journal[KIND])
    if DATA in journal:
        try:
            fields = json.loads(base64.b64decode(str(journal[DATA])).decode("utf-8"))
        except ValueError:
            raise Unreadable(uid) from None
        return Item(uid, kind, fields)
    if SEALED in journal and key is not None:
        from tandem_tui import vault

        try:
            number = int(uid.split("@")[0].rsplit("-", 1)[1])
            text = vault.unseal(key, str(journal[SEALED]), minutes_aad(tandem_id, number))
            return Item(uid, kind, json.loads(text))
        except (vault.WrongPassphrase, vault.Tampered, ValueError, IndexError):
            raise Unreadable(uid) from None
    raise Unreadable(uid)


# back into the store ----------------------------------------------------------------------


def followup_from(fields: dict[str, Any], before: FollowUp | None, now: datetime) -> FollowUp:
    done = fields["status"] == FollowUpStatus.DONE.value
    base = before or FollowUp(text=fields["text"], id=fields["id"])
    return replace(
        base,
        text=fields["text"],
        owner=Owner(fields["owner"]),
        due=date.fromisoformat(fields["due"]) if fields["due"] else None,
        status=FollowUpStatus.DONE if done else FollowUpStatus.OPEN,
        done_at=datetime.fromisoformat(fields["done_at"])
        if done and fields["done_at"]
        else ((base.done_at or now) if done else None),
        session=fields["session"],
        card=fields["card"],
        created_at=(
            datetime.fromisoformat(fields["created_at"])
            if before is None and fields["created_at"]
            else base.created_at
        ),
        updated_at=now,
        conflict_of=fields["conflict_of"],
    )


def tandem_from(fields: dict[str, Any]) -> Tandem:
    next_at, zone = fields["next_meeting"]
    doc = {key: fields[key] for key in ("id", "mentor", "mentee", "program", "goals")}
    doc |= {"created_at": fields["created_at"], "next_meeting": next_at, "next_meeting_zone": zone}
    return Tandem.from_doc(doc)


def session_from(fields: dict[str, Any], before: Session | None) -> Session:
    """The session in `fields`, keeping this machine's own takeaways."""
    doc = json.loads(json.dumps(fields["session"]))
    takeaways = {role: f.takeaway for role, f in before.feedback.items()} if before else {}
    session = Session.from_doc({**doc, "feedback": {}})
    session.feedback = {
        Role(role): Feedback(int(f["useful"]), int(f["eye_level"]), takeaways.get(Role(role), ""))
        for role, f in doc.get("feedback", {}).items()
    }
    return session


def shared_notes_from(fields: dict[str, Any], number: int, now: datetime) -> list[Note]:
    return [
        Note(
            session=number,
            card=int(card),
            text=harmless(text),
            kind=NoteKind.SHARED,
            updated_at=now,
        )
        for card, text in fields["notes"].items()
    ]
