"""One tandem's two-way sync with its calendar, after vdirsyncer's algorithm.

The tandem's `sync` state (in its file) keeps, per item, where it lives on the server
(href), its ETag there, and the digest and fields both sides had at the last sync: the
base. A sync lists what changed on the server (by sync token where the server keeps
them, else all of it by ETag), reads what changed, and decides each item:

    changed here only        sent, `If-Match` the ETag it had
    changed there only       taken here
    changed on both sides    merged field by field (merge.py); both sent and kept
    new here / there         sent with `If-None-Match: *` / made here
    removed there            removed here, unless changed here (then sent again)

Everything taken here is written in one change with the new state, once the sends
are done. A sync killed at any moment leaves either side as it was or ahead; the next
one finds the items the same on both sides (by content, not by what it remembers)
and takes them as synced: no duplicate, nothing lost. What is about to be sent is
written down first (`pending`): an item sent by a run killed before its write, and
changed here since, is merged against what was sent, not taken for a conflict.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from tandem_tui.library import Library
from tandem_tui.model import FollowUp, SessionStatus, Tandem
from tandem_tui.store import Store
from tandem_tui.sync import items as it
from tandem_tui.sync.dav import Calendar, Conflict, Listing
from tandem_tui.sync.merge import (
    FOLLOWUP_FIELDS,
    RECORD_FIELDS,
    conflict_copy,
    merge_fields,
    merge_minutes,
)

GONE = "gone"  # what the server no longer has
PENDING = 4  # versions of an item kept that runs cut short may have sent


@dataclass
class Outcome:
    """What one tandem's sync did, to tell the user."""

    tandem_id: str
    sent: int = 0
    taken: int = 0
    removed: int = 0
    conflicts: int = 0
    unchanged: bool = False
    problems: list[str] = field(default_factory=list)


@dataclass
class _Run:
    store: Store
    library: Library
    tandem: Tandem
    calendar: Calendar
    state: dict[str, Any]
    key: bytes | None
    now: datetime
    outcome: Outcome
    local_writes: list[Callable[[], None]] = field(default_factory=list)
    cut: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # sent, maybe
    decided: set[str] = field(default_factory=set)  # conflict copies made on the way
    stale: bool = False  # the tandem or a session came: the meetings made here are old

    @property
    def status(self) -> dict[str, dict[str, Any]]:
        items: dict[str, dict[str, Any]] = self.state.setdefault("items", {})
        return items

    @property
    def foreign(self) -> dict[str, str]:
        found: dict[str, str] = self.state.setdefault("foreign", {})
        return found


def sync_tandem(
    store: Store,
    library: Library,
    tandem_id: str,
    calendar: Calendar,
    *,
    key: bytes | None = None,
    now: datetime | None = None,
) -> Outcome:
    """Sync the tandem with `calendar`; its state is saved whatever happens, so that a
    failure half-way loses nothing of what was done."""
    state = store.sync_state(tandem_id)
    run = _Run(
        store,
        library,
        store.tandem(tandem_id),
        calendar,
        state,
        key,
        (now or datetime.now(UTC)).astimezone(UTC),
        Outcome(tandem_id),
    )
    try:
        _sync(run)
    finally:
        _save(run)
    return run.outcome


def _save(run: _Run) -> None:
    with run.store.change():
        for write in run.local_writes:
            write()
        run.store.save_sync_state(run.tandem.id, run.state)
    run.local_writes.clear()


def _local(run: _Run) -> dict[str, it.Item]:
    store, tandem_id = run.store, run.tandem.id
    sessions = store.sessions(tandem_id)
    notes = {
        s.number: store.shared_notes(tandem_id, s.number)
        for s in sessions
        if s.status is SessionStatus.ENDED
    }
    return it.local_items(
        run.tandem,
        sessions,
        notes,
        store.followups(tandem_id),
        run.library,
        sealing=run.state.get("link", {}).get("sealing"),
        foreign=run.foreign,
        now=run.now,
        files=_joined_files(run),
    )


def _joined_files(run: _Run) -> dict[str, str] | None:
    """On a machine that joined, the program's files as they came (its own copies,
    perhaps older or newer, must not start a tug of war); None where they are read."""
    if not run.state.get("link", {}).get("role"):
        return None
    record = run.status.get(it.record_uid(run.tandem.id), {})
    files: dict[str, str] = record.get("base", {}).get("program_files") or {}
    return files


def _sync(run: _Run) -> None:
    local = _local(run)
    _note_pending(run, local)
    listing = run.calendar.listing(run.state.get("token"))
    remote = _remote(run, listing)
    status = run.status
    uids = sorted({*local, *status, *remote}, key=_order)
    for uid in uids:
        if uid in run.decided:
            continue
        if run.stale and _order(uid)[0] == MEETINGS_RANK:
            continue  # made from what just came: the next pass sends them as they are now
        for _attempt in range(3):
            try:
                _decide(run, uid, local.get(uid), status.get(uid), remote.get(uid))
                status.get(uid, {}).pop("pending", None)  # decided: what was sent is known
                break
            except Conflict:  # changed on the server since we listed it: read it again
                remote[uid] = _reread(run, uid, status.get(uid))
    if listing.token:
        run.state["token"] = listing.token
    run.state["synced_at"] = run.now.replace(microsecond=0).isoformat()
    run.outcome.unchanged = not (run.outcome.sent or run.outcome.taken or run.outcome.removed)


def _note_pending(run: _Run, local: dict[str, it.Item]) -> None:
    """Write down what this run may send, before it does: a run killed between its sends
    and its write left them on the server, and the next one knows them by this (with
    what earlier runs cut short may have sent)."""
    status = run.status
    run.cut = {uid: list(e["pending"]) for uid, e in status.items() if e.get("pending")}
    changed = [
        item
        for uid, item in local.items()
        if item.kind in (it.FOLLOWUP, it.RECORD, it.MINUTES)
        and status.get(uid, {}).get("hash") != item.digest
        and item.fields not in run.cut.get(uid, [])
    ]
    for item in changed:
        entry = status.setdefault(item.uid, {"href": run.calendar.href_for(item.uid)})
        entry["pending"] = [*run.cut.get(item.uid, []), item.fields][-PENDING:]
    if changed:
        _save(run)


def _sent_before(run: _Run, entry: dict[str, Any], remote: it.Item) -> None:
    """The base of an item a run cut short may have sent: the version the server holds,
    else (the partner changed it since) the one nearest to it."""
    cut = run.cut.get(remote.uid, [])
    same = [fields for fields in cut if it.digest(fields) == remote.digest]
    if not same and cut and "hash" not in entry:
        same = [max(cut, key=lambda f: sum(f.get(k) == v for k, v in remote.fields.items()))]
    if same:
        entry.update(hash=it.digest(same[0]), base=same[0])


def _order(uid: str) -> tuple[int, str]:
    """The record first (a partner's machine needs the tandem before the rest), the
    meetings last (they are made from the rest)."""
    if uid.endswith("-record@tandem-tui"):
        return (0, uid)
    ours = uid.endswith("@tandem-tui") and not uid.startswith(("followup-", "tandem-"))
    return (MEETINGS_RANK if ours else 1, uid)


MEETINGS_RANK = 2


def _remote(run: _Run, listing: Listing) -> dict[str, it.Item | str]:
    """By UID: what changed on the server since the last sync (an item, or GONE)."""
    status = run.status
    by_href = {entry["href"]: uid for uid, entry in status.items()}
    changed: dict[str, it.Item | str] = {}
    known = set(by_href)
    gone = known - set(listing.etags) if listing.complete else listing.gone & known
    for href in gone:
        changed[by_href[href]] = GONE
    wanted = [
        href
        for href, etag in listing.etags.items()
        if href not in by_href or status[by_href[href]].get("etag") != etag
    ]
    for href, (etag, text) in run.calendar.fetch(wanted).items():
        try:
            item = it.parse(text, tandem_id=run.tandem.id, key=run.key, now=run.now)
            if item is not None:
                it.check(item, run.now)
        except it.Unreadable:
            problem = "sealed" if it.SEALED in text else "unreadable"
            if problem not in run.outcome.problems:
                run.outcome.problems.append(problem)
            continue
        if item is None:
            continue
        item.fields = dict(item.fields)
        changed[item.uid] = item
        entry = status.get(item.uid)
        if entry is None or entry["href"] != href:
            # known by its place from now on; its base stays until it is decided
            status[item.uid] = {**(entry or {}), "href": href}
        status[item.uid]["seen"] = etag
    return changed


def _reread(run: _Run, uid: str, entry: dict[str, Any] | None) -> it.Item | str:
    href = entry["href"] if entry else run.calendar.href_for(uid)
    found = run.calendar.get(href)
    if found is None:
        return GONE
    etag, text = found
    item = it.parse(text, tandem_id=run.tandem.id, key=run.key, now=run.now)
    run.status.setdefault(uid, {"href": href})["seen"] = etag
    return item if item is not None else GONE


# deciding one item ------------------------------------------------------------------------


def _decide(
    run: _Run,
    uid: str,
    local: it.Item | None,
    entry: dict[str, Any] | None,
    remote: it.Item | str | None,
) -> None:
    kind = (local.kind if local else None) or (remote.kind if isinstance(remote, it.Item) else None)
    if kind is None and entry is not None:
        kind = entry.get("kind")
    theirs = kind == it.MEETING and local is None and (entry or {}).get("kind") != it.MEETING
    if kind in (it.OTHER, None) or theirs:  # another app's, or a meeting another machine made
        if entry is not None and "seen" in entry:
            entry["etag"] = entry.pop("seen")
            entry.setdefault("kind", it.OTHER)
        if remote == GONE:
            run.status.pop(uid, None)
        return
    if kind == it.MEETING:
        _meeting(run, uid, local, entry, remote)
        return
    if isinstance(remote, it.Item) and remote.kind == "cancelled":
        remote = GONE
    if entry is not None and uid in run.cut and isinstance(remote, it.Item):
        _sent_before(run, entry, remote)
    known = entry is not None and "hash" in entry
    if remote is None and known:
        assert entry is not None
        remote = it.Item(uid, kind, entry["base"])  # unchanged there
        remote_changed = False
    else:
        remote_changed = remote is not None
    if (
        isinstance(remote, it.Item)
        and known
        and entry is not None
        and remote.digest == entry["hash"]
    ):
        remote_changed = False
        entry["etag"] = entry.pop("seen", entry.get("etag"))
    base_hash = entry.get("hash") if entry is not None else None
    local_changed = local is not None and (not known or local.digest != base_hash)

    if remote == GONE:
        if local is None or (known and not local_changed):
            if local is not None:
                _take_removal(run, local)
            run.status.pop(uid, None)
        else:
            entry = run.status.setdefault(uid, {"href": run.calendar.href_for(uid)})
            entry.pop("etag", None)
            _send(run, uid, local, entry, new=True)
        return
    if local is None:
        if isinstance(remote, it.Item) and (remote_changed or not known):
            _take(run, remote, None)
            _settle(run, uid, remote)
        elif known and entry is not None:
            run.calendar.delete(entry["href"], entry["etag"])
            run.status.pop(uid, None)
            run.outcome.removed += 1
        return
    assert isinstance(remote, it.Item) or remote is None
    if remote is None:  # never on the server
        entry = run.status.setdefault(uid, {"href": run.calendar.href_for(uid)})
        _send(run, uid, local, entry, new=True)
        return
    if not remote_changed:
        if local_changed:
            assert entry is not None
            _send(run, uid, local, entry, new=False)
        return
    if local.digest == remote.digest:  # the same on both sides: nothing to move
        _settle(run, uid, remote)
        return
    if known and not local_changed:
        _take(run, remote, local)
        _settle(run, uid, remote)
        return
    base = entry.get("base") if known and entry is not None else None
    merged = _merge(run, kind, base, local, remote)
    if merged.digest != remote.digest:
        entry = run.status[uid]
        entry["etag"] = entry.pop("seen", entry.get("etag"))
        _send(run, uid, merged, entry, new=False)
    else:
        _settle(run, uid, remote)
    if merged.digest != local.digest:
        _take(run, merged, local)


def _merge(
    run: _Run, kind: str, base: dict[str, Any] | None, local: it.Item, remote: it.Item
) -> it.Item:
    if kind == it.MINUTES:
        fields = merge_minutes(base, local.fields, remote.fields)
        return it.Item(local.uid, kind, fields)
    names = FOLLOWUP_FIELDS if kind == it.FOLLOWUP else RECORD_FIELDS
    fields, conflicts = merge_fields(base, local.fields, remote.fields, names)
    if conflicts and kind == it.FOLLOWUP:
        copy = conflict_copy(local.fields, remote.fields)
        run.outcome.conflicts += 1
        copy_item = it.Item(f"followup-{copy['id']}@tandem-tui", it.FOLLOWUP, copy)
        run.decided.add(copy_item.uid)
        _take(run, copy_item, None)
        entry = run.status.setdefault(copy_item.uid, {"href": run.calendar.href_for(copy_item.uid)})
        if "hash" not in entry:
            try:
                _send(run, copy_item.uid, copy_item, entry, new=True)
            except Conflict:  # sent by a run that was cut short: it is there already
                _settle(run, copy_item.uid, copy_item)
    elif conflicts:  # the tandem's details: this machine's stay, and the user hears it
        run.outcome.problems.append("record")
    return it.Item(local.uid, kind, fields)


def _meeting(
    run: _Run, uid: str, local: it.Item | None, entry: dict[str, Any] | None, remote: Any
) -> None:
    """A meeting is made here from the tandem: sent when it changed here; what another
    machine sent stands until this one's changes (the last to change it wins)."""
    if entry is not None and "seen" in entry:
        entry["etag"] = entry.pop("seen")
    if remote == GONE and entry is not None:
        entry.pop("etag", None)
        entry.pop("hash", None)
    if local is None:
        if entry is not None and entry.get("etag"):
            with contextlib.suppress(Conflict):  # changed elsewhere since: theirs now
                run.calendar.delete(entry["href"], entry["etag"])
            run.outcome.removed += 1
        run.status.pop(uid, None)
        return
    if entry is not None and entry.get("hash") == local.digest and entry.get("etag"):
        return
    entry = run.status.setdefault(uid, {"href": run.calendar.href_for(uid)})
    if not entry.get("etag") or not entry.get("hash"):  # not sent from here yet: there?
        found = run.calendar.get(entry["href"])
        if found is not None:
            entry["etag"] = found[0]
            if it.remote_meeting_fingerprint(found[1]) == local.fields["event"]:
                entry.update(hash=local.digest, kind=it.MEETING)  # the same: sent elsewhere
                return
    entry["seq"] = int(entry.get("seq", -1)) + 1
    _send(run, uid, local, entry, new=not entry.get("etag"))


# sending and taking -----------------------------------------------------------------------


def _send(run: _Run, uid: str, item: it.Item, entry: dict[str, Any], *, new: bool) -> None:
    text = it.to_ical(
        item, run.tandem, run.library, key=run.key, sequence=int(entry.get("seq", 0)), now=run.now
    )
    etag = run.calendar.put(entry["href"], text, None if new else entry.get("etag"))
    entry.update(etag=etag, hash=item.digest, kind=item.kind)
    entry.pop("seen", None)
    if item.kind != it.MEETING:
        entry["base"] = item.fields
    run.outcome.sent += 1


def _settle(run: _Run, uid: str, item: it.Item) -> None:
    """The item is the same on both sides now: remember it so."""
    entry = run.status.setdefault(uid, {"href": run.calendar.href_for(uid)})
    entry["etag"] = entry.pop("seen", entry.get("etag"))
    entry.update(hash=item.digest, kind=item.kind, base=item.fields)


def _take(run: _Run, item: it.Item, before: it.Item | None) -> None:
    """Write `item` here (with the rest, when the sync ends)."""
    store, tandem_id, now = run.store, run.tandem.id, run.now
    run.outcome.taken += 1
    fields = item.fields
    if item.kind == it.FOLLOWUP:
        if not item.uid.startswith(f"followup-{fields['id']}@"):
            run.foreign[fields["id"]] = item.uid
        old = {f.id: f for f in store.followups(tandem_id)}.get(fields["id"])
        followup: FollowUp = it.followup_from(fields, old, now)
        # As this run saw it at its start (what was changed here since is kept, below)
        seen = before.fields if before is not None else None

        def write_followup() -> None:
            # Changed here while the sync was away on the network (ticked off in the app,
            # say): that change goes on top of what came, never under it.
            current = {f.id: f for f in store.followups(tandem_id)}.get(fields["id"])
            mine = it.followup_fields(current) if current is not None else None
            if current is None or seen is None or mine == seen:
                store.save_followup(tandem_id, followup)
                return
            assert mine is not None
            merged, _both = merge_fields(seen, mine, fields, FOLLOWUP_FIELDS)
            store.save_followup(tandem_id, it.followup_from(merged, current, now))

        run.local_writes.append(write_followup)
    elif item.kind == it.RECORD:
        run.stale = True
        from tandem_tui.agendas import user_dir
        from tandem_tui.library import load_library

        if it.install_program(user_dir(store.home), run.library, fields):
            run.library = load_library(store.home)  # with the program that came
        tandem = it.tandem_from(fields)
        seen_tandem = run.tandem
        run.tandem = tandem
        if fields.get("sealing") is not None:
            run.state.setdefault("link", {})["sealing"] = fields["sealing"]

        def write_tandem() -> None:
            current = store.tandem(tandem_id)
            if current == seen_tandem:
                store.update_tandem(tandem)
                return
            # Edited here meanwhile (a meeting's end set the next one): on top of what came
            seen, mine = it.record_fields(seen_tandem, None), it.record_fields(current, None)
            merged, _both = merge_fields(seen, mine, fields, RECORD_FIELDS)
            store.update_tandem(it.tandem_from(merged))

        run.local_writes.append(write_tandem)
    elif item.kind == it.MINUTES:
        run.stale = True
        number = int(fields["number"])
        existing = store.session(tandem_id, number)
        if existing is not None and existing.status is not SessionStatus.ENDED:
            run.outcome.problems.append(f"session {number}")
            run.outcome.taken -= 1
            return
        session = it.session_from(fields, existing)
        notes = it.shared_notes_from(fields, number, now)

        def write() -> None:
            store.save_session(tandem_id, session)
            for note in notes:
                store.save_note(tandem_id, note)

        run.local_writes.append(write)


def _take_removal(run: _Run, item: it.Item) -> None:
    if item.kind == it.FOLLOWUP:
        store, tandem_id, followup_id = run.store, run.tandem.id, item.fields["id"]
        run.foreign.pop(followup_id, None)
        run.local_writes.append(lambda: store.delete_followup(tandem_id, followup_id))
        run.outcome.removed += 1
    # a record or minutes removed there stay here, and go up again when they change
