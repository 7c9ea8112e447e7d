"""Everything tandem-tui keeps on disk, behind one class. The only module that uses TinyDB.

Layout under the data home, partitioned so that saving a note rewrites one
small file, never the whole program's data::

    .lock                              held by the one process that may write
    settings.json                      what the app remembers, such as the folder for files
    agendas/                           the user's own agendas and programs
    tandems/<id>/tandem.json           the tandem, its sessions (timers, card states), follow-ups
    tandems/<id>/notes-<NN>.json       shared and private notes of session NN
    (tandem.json's `sync` table: its link to a calendar, what the last sync saw)

Every file carries `{"_meta": {"1": {"kind": ..., "schema": N}}}`; older files
are migrated on open after a backup beside them. Every write is atomic. A file
that cannot be read raises `CorruptFile` naming it and is never overwritten;
the other tandems stay usable.
"""

from __future__ import annotations

import contextlib
import json
import os
import threading
from collections.abc import Iterator, MutableMapping, Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from tinydb import Query, TinyDB
from tinydb.table import Document

from tandem_tui import journal
from tandem_tui.agendas import ID_PATTERN
from tandem_tui.i18n import _
from tandem_tui.model import FollowUp, Note, NoteKind, Role, Session, SessionStatus, Tandem
from tandem_tui.paths import (
    TEMP_SUFFIX,
    atomic_write_bytes,
    ensure_private_dir,
    exposed,
    remove_stale_temp_files,
)
from tandem_tui.records import (
    ExportMark,
    Forgotten,
    Settings,
    TandemSummary,
    natural_order,
)
from tandem_tui.storage import (
    INDEX_VERSION,
    LOCK_FILE,
    META_TABLE,
    MIGRATIONS,
    SCHEMA_VERSION,
    AtomicJSONStorage,
    Change,
    CorruptFile,
    NewerFile,
    NotATandem,
    StoreError,
    StoreLocked,
    Tables,
    UnknownTandem,
    _acquire_lock,
    _read_index,
    _recover_if_free,
    _release_lock,
    _stamp,
    _write_error,
    check_file,
    held,
    migrate_file,
    serialize,
    unknown_tandem,
)
from tandem_tui.text import harmless

if TYPE_CHECKING:
    from tandem_tui.vault import Lock

# Where others find them (the store is the one door to what is kept).
__all__ = ["CorruptFile", "NewerFile", "NotATandem", "Store", "StoreError", "StoreLocked"]
__all__ += ["ExportMark", "Forgotten", "Settings", "TandemSummary", "UnknownTandem"]
__all__ += ["META_TABLE", "MIGRATIONS", "SCHEMA_VERSION", "migrate_file", "natural_order"]

TANDEM_FILE = "tandem.json"
EXPORTS_FILE = "exports.json"  # beside it: what went out in calendars
EXPORTS_LOCK = ".exports.lock"  # in the data home: held while an export saves
SETTINGS_FILE = "settings.json"
SUMMARY_FILE = "summaries.json"  # the summary index: a cache, see Store.summaries


class Store:
    """The data of one data home. Open it with `Store.open(home)`, close it when done.

    A writable store holds an exclusive lock on the data home for its lifetime;
    a second writer is refused with `StoreLocked`. Read-only stores take no lock
    and see the last complete state of each file.
    """

    def __init__(self, home: Path, *, readonly: bool = False) -> None:
        self.home = home
        self.readonly = readonly
        self._files: dict[Path, TinyDB] = {}
        self._mutex = threading.RLock()
        self._lock_handle: IO[str] | None = None
        self._change: Change | None = None
        # A folder the user gave that exists already is theirs to set: never changed
        # silently, but said when others can read it.
        self.home_warning = exposed(home) if home.is_dir() else ""
        if readonly:
            if journal.is_hot(home):
                _recover_if_free(home)
            return
        if not home.is_dir():
            ensure_private_dir(home)
        if self.tandems_dir.is_symlink():
            raise StoreError(
                _(
                    "{folder} is a link; tandem-tui keeps its tandems only in a folder "
                    "of the data home: put the folder itself there"
                ).format(folder=self.tandems_dir)
            )
        ensure_private_dir(self.tandems_dir)
        self._lock_handle, crashed = _acquire_lock(home / LOCK_FILE)
        journal.recover(home)  # what a killed change left: finished or undone
        if crashed:
            # A walk through every tandem's folder: only after a writer that crashed.
            remove_stale_temp_files(self.tandems_dir)
        for name in (SETTINGS_FILE, SUMMARY_FILE):  # writes of the home's own files cut short
            for stale in home.glob(f".{name}.*{TEMP_SUFFIX}"):
                with contextlib.suppress(OSError):
                    stale.unlink()

    @classmethod
    @contextlib.contextmanager
    def open(cls, home: Path, *, readonly: bool = False) -> Iterator[Store]:
        store = cls(home, readonly=readonly)
        try:
            yield store
        finally:
            store.close()

    def close(self) -> None:
        with self._mutex:
            for db in self._files.values():
                db.close()
            self._files.clear()
            if self._lock_handle is not None:
                _release_lock(self._lock_handle)
                self._lock_handle = None

    def close_at_exit(self, wait: float) -> None:
        """Free the data home for a process about to end at once (`os._exit`): waits at
        most `wait` seconds for a write in progress (one cut short leaves only a temporary
        file); the mutex stays held, so no write starts before the process is gone."""
        if self._mutex.acquire(timeout=wait):
            self.close()

    @contextlib.contextmanager
    def change(self) -> Iterator[None]:
        """Make every write inside one change that happens whole or not at all.

        Writes are held in memory (reads inside see them) and committed together
        through the journal when the block ends; an exception discards them all.
        A change inside a change is part of the outer one.
        """
        with self._mutex:
            if self._change is not None:
                yield
                return
            pending = self._change = Change({}, [])
            try:
                yield
                self._change = None
                journal.commit(
                    self.home,
                    {path: serialize(tables) for path, tables in pending.writes.items()},
                    pending.removals,
                )
            except BaseException as error:
                self._change = None
                for path in [*pending.writes, *pending.removals]:
                    self._drop(path)  # TinyDB changed its tables in place: read afresh
                if isinstance(error, OSError):
                    raise _write_error(next(iter(pending.writes), self.home), error) from None
                raise
            for path in pending.removals:
                self._drop(path)

    def _write(self, path: Path, tables: Tables) -> None:
        if self._change is not None:
            self._change.writes[path] = tables
        elif not path.parent.is_dir():  # a new folder and its file: together or not at all
            with self.change():
                self._write(path, tables)
        else:
            atomic_write_bytes(path, serialize(tables))

    def _remove(self, path: Path) -> None:
        """Remove a file or a folder; inside `change`, with the rest of the change."""
        with self.change():
            assert self._change is not None
            self._change.removals.append(path)

    def _drop(self, path: Path) -> None:
        """Close the files at or under `path`, so that the next read comes from the disk."""
        db = self._files.pop(path, None)
        if db is not None:
            db.close()
        if path.suffix != ".json":  # a folder: what is open inside it
            for open_path in [p for p in self._files if path in p.parents]:
                self._files.pop(open_path).close()

    @property
    def tandems_dir(self) -> Path:
        return self.home / "tandems"

    def tandem_dir(self, tandem_id: str) -> Path:
        folder = self.tandems_dir / tandem_id
        if not ID_PATTERN.match(tandem_id) or folder.is_symlink():
            raise unknown_tandem(tandem_id)
        return folder

    # files -------------------------------------------------------------------------------

    def _db(self, path: Path, kind: str, *, create: bool) -> TinyDB:
        db = self._files.get(path)
        if db is not None:
            return db
        if not create and not path.exists():
            raise FileNotFoundError(path)
        db = TinyDB(path, storage=AtomicJSONStorage, readonly=self.readonly, writer=self._write)
        try:
            storage = db.storage
            assert isinstance(storage, AtomicJSONStorage)
            check_file(storage, path, kind, readonly=self.readonly)
        except BaseException:
            db.close()
            raise
        self._files[path] = db
        return db

    # tandems -----------------------------------------------------------------------------

    def _tandem_db(self, tandem_id: str, *, create: bool = False) -> TinyDB:
        path = self.tandem_dir(tandem_id) / TANDEM_FILE
        try:
            return self._db(path, "tandem", create=create)
        except FileNotFoundError:
            raise unknown_tandem(tandem_id) from None

    def tandem_ids(self) -> list[str]:
        """The folders in `tandems/` that hold a tandem: named as an id, with a tandem file."""
        return [tandem_id for tandem_id, _ in self._scan()[0]]

    def _scan(self) -> tuple[list[tuple[str, list[int]]], list[NotATandem]]:
        """One pass over `tandems/`: each tandem's id with the stamp of its file (see
        `_stamp`), in natural order, and what else is there. One stat per tandem."""
        tandems: list[tuple[str, list[int]]] = []
        strays: list[NotATandem] = []
        if self.tandems_dir.is_symlink():  # never followed (a writer refuses to open)
            return [], []
        try:
            entries = sorted(os.scandir(self.tandems_dir), key=lambda e: e.name)
        except OSError:
            return [], []
        for entry in entries:
            path = Path(entry.path)
            if entry.name.startswith(".") and entry.name.endswith(TEMP_SUFFIX):
                continue  # a write cut short; removed on the next open
            if entry.is_symlink():
                strays.append(NotATandem(path, _("a link to elsewhere, never followed")))
            elif not entry.is_dir():
                strays.append(NotATandem(path, _("a file, not a folder")))
            elif not ID_PATTERN.match(entry.name):
                strays.append(NotATandem(path, _("its name is not a tandem id")))
            elif not (stamp := _stamp(path / TANDEM_FILE)):
                reason = _("it holds no {file}").format(file=TANDEM_FILE)
                strays.append(NotATandem(path, reason))
            else:
                tandems.append((entry.name, stamp))
        tandems.sort(key=lambda found: natural_order(found[0]))
        return tandems, strays

    def taken_ids(self) -> set[str]:
        """Every name in `tandems/`, tandem or not: a new tandem's id must be none of them."""
        if not self.tandems_dir.is_dir():
            return set()
        return {p.name for p in self.tandems_dir.iterdir()}

    def strays(self) -> list[NotATandem]:
        """What else is in `tandems/`, each with a word why it is not a tandem."""
        return self._scan()[1]

    def tandem(self, tandem_id: str) -> Tandem:
        with self._mutex:
            doc = self._tandem_db(tandem_id).table("tandem").get(doc_id=1)
            if doc is None:
                missing = _("the tandem is missing")
                raise CorruptFile(self.tandem_dir(tandem_id) / TANDEM_FILE, missing)
            tandem = Tandem.from_doc(dict(doc))
        if tandem.id != tandem_id:  # a copied folder, `lena-markus.old`: not a second tandem
            reason = _("it holds {id}: a copy or a renamed folder").format(id=tandem.id)
            raise NotATandem(self.tandem_dir(tandem_id), reason)
        return tandem

    def tandems(self) -> tuple[list[Tandem], list[StoreError]]:
        """Every readable tandem, and an error for each one that could not be read
        or is not a tandem. From the summary index: see `summaries`."""
        found, problems = self._index()
        return [tandem for tandem, _ in found], problems

    def summaries(self, today: date) -> tuple[list[TandemSummary], list[StoreError]]:
        """Counts and dates of every tandem, for lists and progress, and the problems.

        Read from a small index (`summaries.json`), not from each tandem's files: a start
        does not grow with the cohort. Each entry records the stamp of the tandem file it
        was made from; an entry whose file changed or is damaged is made again and saved.
        """
        found, problems = self._index()
        return [TandemSummary.of(tandem, entry, today) for tandem, entry in found], problems

    def summary(self, tandem_id: str, today: date) -> TandemSummary:
        """One tandem's counts and dates, from its file (its progress for the cohort)."""
        with self._mutex:
            tandem, entry = self._index_entry(tandem_id, [])
        return TandemSummary.of(tandem, entry, today)

    def _index(self) -> tuple[list[tuple[Tandem, dict[str, Any]]], list[StoreError]]:
        with self._mutex:
            index = _read_index(self.home / SUMMARY_FILE)
            found, strays = self._scan()
            problems: list[StoreError] = list(strays)
            fresh: dict[str, dict[str, Any]] = {}
            tandems: list[tuple[Tandem, dict[str, Any]]] = []
            for tandem_id, stamp in found:
                entry = index.get(tandem_id)
                tandem = None
                # An entry made before the index kept the sync's time is made again.
                if entry is not None and entry.get("stamp") == stamp and "synced" in entry:
                    with contextlib.suppress(KeyError, TypeError, ValueError, AttributeError):
                        tandem = Tandem.from_doc(entry["tandem"])
                if tandem is None:
                    try:
                        tandem, entry = self._index_entry(tandem_id, stamp)
                    except StoreError as error:
                        problems.append(error)
                        continue
                assert entry is not None
                fresh[tandem_id] = entry
                tandems.append((tandem, entry))
            # Read-only openers write it too: it is a cache, replaced whole, and checked
            # entry by entry against the files when read.
            if fresh != index and self._change is None:
                with contextlib.suppress(OSError):  # a cache: the next start makes it again
                    atomic_write_bytes(
                        self.home / SUMMARY_FILE,
                        json.dumps({"version": INDEX_VERSION, "tandems": fresh}).encode(),
                    )
            return tandems, problems

    def _index_entry(self, tandem_id: str, stamp: list[int]) -> tuple[Tandem, dict[str, Any]]:
        """What the index keeps of one tandem, from its file (closed again unless open)."""
        path = self.tandem_dir(tandem_id) / TANDEM_FILE
        was_open = path in self._files
        try:
            tandem = self.tandem(tandem_id)
            sessions = self.sessions(tandem_id)
            followups = self.followups(tandem_id)
            link: dict[str, Any] = self._tandem_db(tandem_id).table("sync").get(doc_id=1) or {}
        finally:
            if not was_open:
                self._drop(path)  # the store keeps no more than it needs
        held = [s for s in sessions if s.status is SessionStatus.ENDED]
        last = max((s.started_at for s in held), default=None)
        return tandem, {
            "stamp": stamp,
            "tandem": tandem.to_doc(),
            "held": len(held),
            "running": next((s.number for s in sessions if s not in held), None),
            "last_met": last.date().isoformat() if last else None,
            "open_due": [f.due.isoformat() if f.due else "" for f in followups if f.is_open],
            "ratings": [
                [session.number, feedback.useful, feedback.eye_level]
                for session in held
                for feedback in session.feedback.values()
            ],
            # None: not linked to a calendar; "": never synced; else when, in UTC.
            "synced": (link.get("synced_at") or "") if link.get("link", {}).get("url") else None,
        }

    def add_tandems(self, tandems: Sequence[Tandem]) -> None:
        """Add all of `tandems` or none of them, however the process ends (one change)."""
        with self.change():
            for tandem in tandems:
                if self.tandem_dir(tandem.id).exists():
                    exists = _("a tandem with id {id} exists already")
                    raise StoreError(exists.format(id=repr(tandem.id)))
            for tandem in tandems:
                db = self._tandem_db(tandem.id, create=True)
                db.table("tandem").insert(tandem.to_doc())

    def add_tandem(self, tandem: Tandem) -> None:
        self.add_tandems([tandem])

    def update_tandem(self, tandem: Tandem) -> None:
        with self._mutex:
            self._tandem_db(tandem.id).table("tandem").update(tandem.to_doc(), doc_ids=[1])

    # sessions ----------------------------------------------------------------------------

    def sessions(self, tandem_id: str) -> list[Session]:
        with self._mutex:
            docs = self._tandem_db(tandem_id).table("sessions").all()
            return sorted((Session.from_doc(dict(d)) for d in docs), key=lambda s: s.number)

    def session(self, tandem_id: str, number: int) -> Session | None:
        with self._mutex:
            table = self._tandem_db(tandem_id).table("sessions")
            doc = table.get(Query().number == number)
            return Session.from_doc(dict(doc)) if doc else None

    def running_session(self, tandem_id: str) -> Session | None:
        for session in self.sessions(tandem_id):
            if session.status is SessionStatus.RUNNING:
                return session
        return None

    def save_session(self, tandem_id: str, session: Session) -> None:
        with self._mutex:
            table = self._tandem_db(tandem_id).table("sessions")
            table.upsert(session.to_doc(), Query().number == session.number)

    # notes -------------------------------------------------------------------------------

    def _notes_db(self, tandem_id: str, session: int, *, create: bool) -> TinyDB | None:
        self._tandem_db(tandem_id)  # an unknown tandem fails here, not with a stray file
        path = self.tandem_dir(tandem_id) / f"notes-{session:02d}.json"
        try:
            return self._db(path, "notes", create=create)
        except FileNotFoundError:
            return None

    def notes(self, tandem_id: str, session: int) -> list[Note]:
        with self._mutex:
            db = self._notes_db(tandem_id, session, create=False)
            if db is None:
                return []
            return [Note.from_doc(dict(d)) for d in db.table("notes").all()]

    def save_note(self, tandem_id: str, note: Note) -> None:
        """Store the text of one note, replacing the earlier text of the same pane."""
        with self._mutex:
            db = self._notes_db(tandem_id, note.session, create=True)
            assert db is not None
            note_query = Query()
            person = note.person.value if note.person else None
            db.table("notes").upsert(
                note.to_doc(),
                (note_query.card == note.card)
                & (note_query.kind == note.kind.value)
                & (note_query.person == person),
            )

    def shared_notes(self, tandem_id: str, session: int) -> dict[int, str]:
        """The shared notes of a session by card: what minutes and exports may show."""
        return {
            note.card: note.text
            for note in self.notes(tandem_id, session)
            if note.kind is NoteKind.SHARED
        }

    def private_note(self, tandem_id: str, session: int, card: int, person: Role) -> str:
        for note in self.notes(tandem_id, session):
            if note.kind is NoteKind.PRIVATE and note.card == card and note.person is person:
                return note.text
        return ""

    # follow-ups --------------------------------------------------------------------------

    def followups(self, tandem_id: str) -> list[FollowUp]:
        with self._mutex:
            docs = self._tandem_db(tandem_id).table("followups").all()
            return sorted(
                (FollowUp.from_doc(dict(d)) for d in docs),
                key=lambda f: (f.due is None, f.due or f.created_at.date(), f.created_at),
            )

    def save_followup(self, tandem_id: str, followup: FollowUp) -> None:
        with self._mutex:
            table = self._tandem_db(tandem_id).table("followups")
            table.upsert(followup.to_doc(), Query().id == followup.id)

    def delete_followup(self, tandem_id: str, followup_id: str) -> None:
        with self._mutex:
            self._tandem_db(tandem_id).table("followups").remove(Query().id == followup_id)

    def sync_state(self, tandem_id: str) -> dict[str, Any]:
        """The tandem's link to a calendar and what its last sync saw (see sync/), or {}."""
        with self._mutex:
            doc = self._tandem_db(tandem_id).table("sync").get(doc_id=1)
        return json.loads(json.dumps(doc)) if doc else {}  # a copy to change freely

    def save_sync_state(self, tandem_id: str, state: dict[str, Any]) -> None:
        with self.change():  # all of it in one write: an old calendar's token goes too
            (table := self._tandem_db(tandem_id).table("sync")).truncate()
            table.insert(Document(state, doc_id=1))

    # erasure -----------------------------------------------------------------------------

    def forget_tandem(self, tandem_id: str) -> Forgotten:
        """Remove a tandem and everything of it (files, backups, leftovers); says what went."""
        with self._mutex, self.exporting():  # not while a command exports it
            folder = self.tandem_dir(tandem_id)
            if not folder.is_dir():
                raise unknown_tandem(tandem_id)
            try:
                sessions = self.sessions(tandem_id)
                notes = sum(len(self.notes(tandem_id, s.number)) for s in sessions)
                followups: int | None = len(self.followups(tandem_id))
            except StoreError:  # a damaged tandem is forgotten all the same
                sessions, notes, followups = [], 0, None
            files = sorted(p for p in folder.rglob("*") if p.is_file())
            self._drop(folder)
            with self.change():  # whole or not at all, the index's copy of the names too
                self._remove(folder)
                self.mark_protected(tandem_id, set())
                index = _read_index(self.home / SUMMARY_FILE)
                if index.pop(tandem_id, None) is not None:
                    data: dict[str, Any] = {"version": INDEX_VERSION, "tandems": index}
                    self._write(self.home / SUMMARY_FILE, data)
        if followups is None:
            return Forgotten(tandem_id, len(files), None, None, None)
        return Forgotten(tandem_id, len(files), len(sessions), notes, followups)

    # passphrases -------------------------------------------------------------------------

    def locks(self, tandem_id: str) -> dict[Role, Lock]:
        """Who protects their notes with a passphrase, and their wrapped keys (not the
        damaged ones: `damaged_locks` says whose and why)."""
        return self._locks(tandem_id)[0]

    def damaged_locks(self, tandem_id: str) -> dict[Role, str]:
        return self._locks(tandem_id)[1]  # whose lock cannot be used, and why

    def _locks(self, tandem_id: str) -> tuple[dict[Role, Lock], dict[Role, str]]:
        from tandem_tui.vault import Lock  # the cryptography's module: not for every start

        with self._mutex:
            docs = self._tandem_db(tandem_id).table("locks").all()
        locks, damaged = {}, {}
        for doc in docs:
            role = Role(doc["role"])  # the schema checked it
            try:
                locks[role] = Lock.from_doc(dict(doc))
            except (ValueError, KeyError, TypeError) as error:
                damaged[role] = harmless(str(error))
        return locks, damaged

    def save_lock(self, tandem_id: str, lock: Lock) -> None:
        """One atomic write: a passphrase change takes effect whole or not at all."""
        with self._mutex:
            self._tandem_db(tandem_id).table("locks").upsert(
                lock.to_doc(), Query().role == lock.role.value
            )

    def all_notes(self, tandem_id: str) -> list[Note]:
        """The notes of every session of the tandem (to check private ones as a whole)."""
        with self._mutex:
            found: list[Note] = []
            for path in sorted(self.tandem_dir(tandem_id).glob("notes-*.json")):
                number = path.stem.removeprefix("notes-")
                if number.isdigit():
                    found.extend(self.notes(tandem_id, int(number)))
            return found

    def discard_private(self, tandem_id: str, role: Role) -> int:
        """Remove `role`'s private notes in every session, their lock and the tandem's
        backups, in one change; returns how many notes went."""
        removed = 0
        with self.change():
            for path in sorted(self.tandem_dir(tandem_id).glob("notes-*.json")):
                number = path.stem.removeprefix("notes-")
                db = (
                    self._notes_db(tandem_id, int(number), create=False)
                    if number.isdigit()
                    else None
                )
                if db is None:
                    continue
                where = Query()
                gone = db.table("notes").remove(
                    (where.kind == NoteKind.PRIVATE.value) & (where.person == role.value)
                )
                removed += len(gone)
            self._tandem_db(tandem_id).table("locks").remove(Query().role == role.value)
            self.mark_protected(tandem_id, self.protected_roles(tandem_id) - {role})
            self.remove_backups(tandem_id)
        return removed

    def protected_roles(self, tandem_id: str) -> set[Role]:
        """Who set a passphrase in the tandem, as recorded apart from its locks."""
        return {role for role in Role if f"{tandem_id}/{role.value}" in self.settings().protected}

    def mark_protected(self, tandem_id: str, roles: set[Role]) -> None:
        """Record who in the tandem has a passphrase (inside a change, with the locks)."""
        settings = self.settings()
        others = {p for p in settings.protected if not p.startswith(f"{tandem_id}/")}
        marks = others | {f"{tandem_id}/{role.value}" for role in roles}
        if marks != settings.protected:
            self.save_settings(replace(settings, protected=frozenset(marks)))

    def remove_backups(self, tandem_id: str) -> int:
        """Remove the tandem's backups (they may hold notes from before a passphrase)."""
        backups = sorted(self.tandem_dir(tandem_id).glob("*.bak"))
        with self.change():
            for backup in backups:
                self._remove(backup)
        return len(backups)

    # exports -----------------------------------------------------------------------------

    @contextlib.contextmanager
    def exporting(self) -> Iterator[None]:
        """Held while an export reads what went out and saves what it sends: the app and
        a command may export at the same time, the command with a read-only store."""
        with held(self.home / EXPORTS_LOCK):
            yield

    def export_marks(self, tandem_id: str) -> dict[str, ExportMark]:
        """By UID: what each exported meeting and follow-up looked like the last time."""
        path = self.tandem_dir(tandem_id) / EXPORTS_FILE
        with self._mutex:
            self._drop(path)  # another tandem-tui may have exported since: read it afresh
            try:
                found = self._db(path, "exports", create=False).table("exports").get(doc_id=1)
            except FileNotFoundError:  # none yet; or kept in the tandem's file, as before
                found = self._tandem_db(tandem_id).table("exports").get(doc_id=1)
        doc: dict[str, Any] = dict(found or {})
        sent, cancelled = doc.get("sent", {}), set(doc.get("cancelled", []))
        return {
            uid: ExportMark(str(fp), int(seq), sent.get(uid, ""), uid in cancelled)
            for uid, (fp, seq) in doc.get("marks", {}).items()
        }

    def save_export_marks(self, tandem_id: str, marks: dict[str, ExportMark]) -> None:
        """Save what went out, in the tandem's `exports.json`: a file of its own, which
        nothing else writes, so that an export may save it also while the app holds the
        data home (and this store is read-only). Call within `exporting()`."""
        doc = {
            "marks": {uid: [m.fingerprint, m.sequence] for uid, m in sorted(marks.items())},
            "sent": {uid: m.sent for uid, m in sorted(marks.items()) if m.sent},
            "cancelled": sorted(uid for uid, m in marks.items() if m.cancelled),
        }
        path = self.tandem_dir(tandem_id) / EXPORTS_FILE
        meta = {"1": {"kind": "exports", "schema": SCHEMA_VERSION}}
        with self._mutex:
            if not path.parent.is_dir():
                raise unknown_tandem(tandem_id)
            try:
                atomic_write_bytes(path, serialize({META_TABLE: meta, "exports": {"1": doc}}))
            except OSError as error:
                raise _write_error(path, error) from None
            self._drop(path)

    # settings ----------------------------------------------------------------------------

    def settings(self) -> Settings:
        """What the app remembers; the defaults while nothing was saved yet."""
        with self._mutex:
            try:
                db = self._db(self.home / SETTINGS_FILE, "settings", create=False)
            except FileNotFoundError:
                return Settings()
            doc = db.table("settings").get(doc_id=1)
        return Settings.from_doc(dict(doc or {}))

    def save_settings(self, settings: Settings) -> None:
        """Store `settings`, keeping any field a newer tandem-tui added that this one ignores."""
        with self._mutex:
            table = self._db(self.home / SETTINGS_FILE, "settings", create=True).table("settings")
            if table.get(doc_id=1) is None:
                table.insert(settings.to_doc())
                return

            def apply(doc: MutableMapping[str, Any]) -> None:
                new = settings.to_doc()
                doc.update(new)
                for key in ("protected", "cohort"):  # left out when empty: remove the old one
                    if key not in new:
                        doc.pop(key, None)

            table.update(apply, doc_ids=[1])
