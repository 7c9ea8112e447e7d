"""Everything tandem-tui keeps on disk, behind one class. The only module that uses TinyDB.

Layout under the data home, partitioned so that saving a note rewrites one
small file, never the whole program's data::

    .lock                              held by the one process that may write
    settings.json                      what the app remembers, such as the folder for files
    agendas/                           the user's own agendas and programs
    tandems/<id>/tandem.json           the tandem, its sessions (timers, card states), follow-ups
    tandems/<id>/notes-<NN>.json       shared and private notes of session NN

Every file carries `{"_meta": {"1": {"kind": ..., "schema": N}}}`; older files
are migrated on open after a backup beside them. Every write is atomic. A file
that cannot be read raises `CorruptFile` naming it and is never overwritten;
the other tandems stay usable.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import re
import threading
from collections.abc import Callable, Iterator, MutableMapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import IO, Any, TypeVar

from tinydb import Query, TinyDB
from tinydb.storages import Storage

from tandem_tui import journal, schema
from tandem_tui.agendas import ID_PATTERN, display_path
from tandem_tui.model import FollowUp, Note, NoteKind, Role, Session, SessionStatus, Tandem
from tandem_tui.paths import (
    TEMP_SUFFIX,
    atomic_write_bytes,
    ensure_private_dir,
    exposed,
    remove_stale_temp_files,
)
from tandem_tui.text import harmless
from tandem_tui.vault import Lock
from tandem_tui.wording import count

SCHEMA_VERSION = 1
META_TABLE = "_meta"
TANDEM_FILE = "tandem.json"
SETTINGS_FILE = "settings.json"
SUMMARY_FILE = "summaries.json"  # the summary index: a cache, see Store.summaries
LOCK_FILE = ".lock"

Tables = dict[str, dict[str, Any]]
Migration = Callable[[Tables], Tables]

#: Upgrades of a file's tables, by kind of file and the schema version they start from.
#: Each takes the tables of version N and returns those of version N + 1.
MIGRATIONS: dict[str, dict[int, Migration]] = {"tandem": {}, "notes": {}, "settings": {}}


class StoreError(Exception):
    """A problem with the stored data that the user can act on; the message says how."""

    def __str__(self) -> str:
        # It may name a file whose name holds control characters: shown, not obeyed.
        return harmless(super().__str__())


class StoreLocked(StoreError):
    pass


class CorruptFile(StoreError):
    def __init__(self, path: Path, reason: str) -> None:
        self.path = path
        remedy = "restore it from a backup or move it away"
        if path.parent.parent.name == "tandems":  # a tandem's file: forget is a way too
            remedy = (
                "restore it from a backup, or remove the whole tandem with "
                f"'tandem-tui forget {path.parent.name}'"
            )
        super().__init__(
            f"{display_path(path)} cannot be read ({reason}); it was left untouched: {remedy}"
        )


class NewerFile(StoreError):
    """A file of a newer schema: read, it could be misunderstood; written, damaged."""

    def __init__(self, path: Path, version: int) -> None:
        self.path = path
        super().__init__(
            f"{display_path(path)} was written by a newer tandem-tui (schema {version}, "
            f"this one knows {SCHEMA_VERSION}); upgrade tandem-tui to open it"
        )


class UnknownTandem(StoreError):
    pass


class NotATandem(StoreError):
    """Something in `tandems/` that is not a tandem: a stray file, a copied folder."""

    def __init__(self, path: Path, reason: str) -> None:
        self.path = path
        super().__init__(
            f"{display_path(path)} is not a tandem ({reason}); ignored: "
            f"move it out of {display_path(path.parent)} to silence this"
        )


class AtomicJSONStorage(Storage):
    """A TinyDB storage that writes atomically and keeps the last state in memory.

    TinyDB reads the whole file before every query; the cache makes that free.
    Only the lock holder writes, so the cache cannot go stale. After a failed
    write the cache is dropped, because TinyDB has already changed it in place.
    """

    def __init__(
        self,
        path: Path,
        readonly: bool = False,
        writer: Callable[[Path, Tables], None] | None = None,
    ) -> None:
        super().__init__()
        self.path = path
        self.readonly = readonly
        self.writer = writer
        self._tables: Tables | None = None

    def read(self) -> Tables | None:
        if self._tables is None:
            self._tables = _read_tables(self.path)
        return self._tables

    def write(self, data: Tables) -> None:
        if self.readonly:
            self._tables = None
            raise StoreError(f"{display_path(self.path)} is open read-only; nothing was saved")
        try:
            if self.writer is not None:
                self.writer(self.path, data)
            else:
                atomic_write_bytes(self.path, serialize(data))
        except OSError as error:
            self._tables = None
            raise _write_error(self.path, error) from None
        except BaseException:
            self._tables = None
            raise
        self._tables = data

    def close(self) -> None:
        self._tables = None


def serialize(tables: Tables) -> bytes:
    return json.dumps(tables, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _read_tables(path: Path) -> Tables | None:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as error:
        raise CorruptFile(path, error.strerror or "not readable") from None
    if not raw:
        raise CorruptFile(path, "the file is empty")
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise CorruptFile(path, "not UTF-8") from None
    except json.JSONDecodeError as error:
        raise CorruptFile(path, f"not valid JSON at line {error.lineno}") from None
    if not isinstance(data, dict):
        raise CorruptFile(path, "not a tandem-tui data file")
    for name, table in data.items():
        if not isinstance(table, dict):
            raise CorruptFile(path, f"table {name!r} must be an object")
    return data


def _write_error(path: Path, error: OSError) -> StoreError:
    if error.errno == errno.ENOSPC:
        reason = "the disk is full"
    elif error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        reason = "no permission to write there"
    else:
        reason = error.strerror or str(error)
    return StoreError(f"could not save {display_path(path)}: {reason}; the file was left as it was")


@dataclass(frozen=True)
class Forgotten:
    """What `forget` removed."""

    tandem_id: str
    files: int
    sessions: int | None  # None: the tandem's files could not be read
    notes: int | None
    followups: int | None

    def __str__(self) -> str:
        if self.sessions is None or self.notes is None or self.followups is None:
            return (
                f"forgot {self.tandem_id}: {count(self.files, 'file')} removed "
                "(the tandem could not be read, so what it held was not counted)"
            )
        return (
            f"forgot {self.tandem_id}: {count(self.files, 'file')} removed, holding "
            f"{count(self.sessions, 'session')}, {count(self.notes, 'note')} and "
            f"{count(self.followups, 'follow-up')}"
        )


@dataclass(frozen=True)
class ExportMark:
    """What a meeting or follow-up looked like when last exported, and its SEQUENCE then."""

    fingerprint: str
    sequence: int


@dataclass(frozen=True)
class Settings:
    """What the app remembers between runs; a field left None means "not chosen yet"."""

    files_folder: Path | None = None  # where calendars and minutes were last written
    #: "tandem-id/role" of everyone who set a passphrase: kept apart from the locks, so
    #: that a lock removed from a tandem's file is noticed even before any note is sealed.
    protected: frozenset[str] = frozenset()

    def to_doc(self) -> dict[str, Any]:
        doc: dict[str, Any] = {
            "files_folder": str(self.files_folder) if self.files_folder else None
        }
        if self.protected:
            doc["protected"] = sorted(self.protected)
        return doc

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> Settings:
        folder = doc.get("files_folder")
        protected = doc.get("protected")
        return cls(
            files_folder=Path(folder) if isinstance(folder, str) and folder else None,
            protected=frozenset(p for p in protected if isinstance(p, str))
            if isinstance(protected, list)
            else frozenset(),
        )


@dataclass(frozen=True)
class TandemSummary:
    """Counts and dates of one tandem, for lists and progress: never any content."""

    tandem: Tandem
    sessions_held: int
    running_session: int | None
    last_met: str | None
    open_followups: int
    overdue_followups: int
    #: (session, useful, eye level) of each rating given at the end of a session held.
    ratings: tuple[tuple[int, int, int], ...] = ()


T = TypeVar("T")


@dataclass
class _Change:
    """Writes and removals collected by `Store.change`, committed together."""

    writes: dict[Path, Tables]
    removals: list[Path]


def natural_order(text: str) -> list[tuple[int, str]]:
    """Sort key that puts `lena-markus-2` before `lena-markus-10`."""
    return [(int(part), "") if part.isdigit() else (-1, part) for part in re.split(r"(\d+)", text)]


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
        self._change: _Change | None = None
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
                f"{self.tandems_dir} is a link; tandem-tui keeps its tandems only in a folder "
                "of the data home: put the folder itself there"
            )
        ensure_private_dir(self.tandems_dir)
        self._lock_handle = _acquire_lock(home / LOCK_FILE)
        journal.recover(home)  # what a killed change left: finished or undone
        remove_stale_temp_files(self.tandems_dir)
        for stale in home.glob(f".{SETTINGS_FILE}.*{TEMP_SUFFIX}"):  # a crashed settings write
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
        """Free the data home for a process about to end at once (`os._exit`).

        Waits at most `wait` seconds for a write in progress; one cut short leaves
        only a temporary file, removed on the next open. The mutex stays held, so
        no write starts in the moment before the process is gone.
        """
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
            pending = self._change = _Change({}, [])
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
        for open_path in [p for p in self._files if p == path or path in p.parents]:
            self._files.pop(open_path).close()

    @property
    def tandems_dir(self) -> Path:
        return self.home / "tandems"

    def tandem_dir(self, tandem_id: str) -> Path:
        folder = self.tandems_dir / tandem_id
        if not ID_PATTERN.match(tandem_id) or folder.is_symlink():
            raise UnknownTandem(f"no tandem with id {tandem_id!r}")
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
            self._check_schema(db, path, kind)
        except BaseException:
            db.close()
            raise
        self._files[path] = db
        return db

    def _check_schema(self, db: TinyDB, path: Path, kind: str) -> None:
        storage = db.storage
        assert isinstance(storage, AtomicJSONStorage)
        tables = storage.read()
        if tables is None:
            if not self.readonly:
                storage.write({META_TABLE: {"1": {"kind": kind, "schema": SCHEMA_VERSION}}})
            return
        meta = tables.get(META_TABLE, {}).get("1")
        if not isinstance(meta, dict) or meta.get("kind") != kind:
            raise CorruptFile(path, f"not a tandem-tui {kind} file")
        version = meta.get("schema")
        if not isinstance(version, int) or version < 1:
            raise CorruptFile(path, "its schema version is missing")
        if version > SCHEMA_VERSION:
            raise NewerFile(path, version)
        if version < SCHEMA_VERSION:
            if self.readonly:
                raise StoreError(
                    f"{display_path(path)} needs an upgrade from schema {version}; "
                    "open it once with a command that writes"
                )
            migrate_file(path, kind, tables, version)
            storage.close()  # drop the cache: read the migrated file afresh
            tables = storage.read()
        problem = schema.validate(kind, tables)  # the wrong shape: unreadable as well
        if problem is not None:
            raise CorruptFile(path, problem)

    # tandems -----------------------------------------------------------------------------

    def _tandem_db(self, tandem_id: str, *, create: bool = False) -> TinyDB:
        path = self.tandem_dir(tandem_id) / TANDEM_FILE
        try:
            return self._db(path, "tandem", create=create)
        except FileNotFoundError:
            raise UnknownTandem(f"no tandem with id {tandem_id!r}") from None

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
                strays.append(NotATandem(path, "a link to elsewhere, never followed"))
            elif not entry.is_dir():
                strays.append(NotATandem(path, "a file, not a folder"))
            elif not ID_PATTERN.match(entry.name):
                strays.append(NotATandem(path, "its name is not a tandem id"))
            elif not (stamp := _stamp(path / TANDEM_FILE)):
                strays.append(NotATandem(path, f"it holds no {TANDEM_FILE}"))
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
                raise CorruptFile(self.tandem_dir(tandem_id) / TANDEM_FILE, "the tandem is missing")
            tandem = Tandem.from_doc(dict(doc))
        if tandem.id != tandem_id:  # a copied folder, `lena-markus.old`: not a second tandem
            raise NotATandem(
                self.tandem_dir(tandem_id), f"it holds {tandem.id}: a copy or a renamed folder"
            )
        return tandem

    def tandems(self) -> tuple[list[Tandem], list[StoreError]]:
        """Every readable tandem, and an error for each one that could not be read
        or is not a tandem. From the summary index: see `summaries`."""
        found, problems = self._index()
        return [tandem for tandem, _ in found], problems

    def summaries(self, today: date) -> tuple[list[TandemSummary], list[StoreError]]:
        """Counts and dates of every tandem, for lists and progress, and the problems.

        Read from a small index of all tandems (`summaries.json` in the data home), not
        from each tandem's files: a start does not grow with the cohort. Each entry
        records the tandem file it was made from (its inode, change time and size,
        which every atomic write changes); an entry whose file changed since, or is
        missing or damaged, is made again from the files, and the index written back.
        """
        found, problems = self._index()
        late_before = today.isoformat()
        summaries = []
        for tandem, entry in found:
            open_due = entry["open_due"]
            summaries.append(
                TandemSummary(
                    tandem=tandem,
                    sessions_held=entry["held"],
                    running_session=entry["running"],
                    last_met=entry["last_met"],
                    open_followups=len(open_due),
                    overdue_followups=sum(1 for due in open_due if due and due < late_before),
                    ratings=tuple((n, useful, eye) for n, useful, eye in entry["ratings"]),
                )
            )
        return summaries, problems

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
                if entry is not None and entry.get("stamp") == stamp:
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
        finally:
            if not was_open:
                self._drop(path)  # the store keeps no more than it needs
        held = [s for s in sessions if s.status is SessionStatus.ENDED]
        last = max((s.started_at for s in held), default=None)
        return tandem, {
            "stamp": stamp,
            "tandem": tandem.to_doc(),
            "held": len(held),
            "running": next(
                (s.number for s in sessions if s.status is SessionStatus.RUNNING), None
            ),
            "last_met": last.date().isoformat() if last else None,
            "open_due": [f.due.isoformat() if f.due else "" for f in followups if f.is_open],
            "ratings": [
                [session.number, feedback.useful, feedback.eye_level]
                for session in held
                for feedback in session.feedback.values()
            ],
        }

    def add_tandems(self, tandems: Sequence[Tandem]) -> None:
        """Add all of `tandems` or none of them, however the process ends (one change)."""
        with self.change():
            for tandem in tandems:
                if self.tandem_dir(tandem.id).exists():
                    raise StoreError(f"a tandem with id {tandem.id!r} exists already")
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

    # erasure -----------------------------------------------------------------------------

    def forget_tandem(self, tandem_id: str) -> Forgotten:
        """Remove a tandem and everything of it: its files, backups and leftovers.

        Counts what was there first, for the user to see what went.
        """
        with self._mutex:
            folder = self.tandem_dir(tandem_id)
            if not folder.is_dir():
                raise UnknownTandem(f"no tandem with id {tandem_id!r}")
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
        """Who protects their private notes with a passphrase, and their wrapped keys.

        A damaged lock is left out here; `damaged_locks` says whose and why.
        """
        return self._locks(tandem_id)[0]

    def damaged_locks(self, tandem_id: str) -> dict[Role, str]:
        """Whose lock cannot be used, and what is wrong with it."""
        return self._locks(tandem_id)[1]

    def _locks(self, tandem_id: str) -> tuple[dict[Role, Lock], dict[Role, str]]:
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

    def export_marks(self, tandem_id: str) -> dict[str, ExportMark]:
        """By UID: what each exported meeting and follow-up looked like the last time."""
        with self._mutex:
            doc = self._tandem_db(tandem_id).table("exports").get(doc_id=1)
        marks = dict(doc or {}).get("marks", {})
        return {uid: ExportMark(str(fp), int(seq)) for uid, (fp, seq) in marks.items()}

    def save_export_marks(self, tandem_id: str, marks: dict[str, ExportMark]) -> None:
        doc = {"marks": {uid: [m.fingerprint, m.sequence] for uid, m in sorted(marks.items())}}
        with self._mutex:
            table = self._tandem_db(tandem_id).table("exports")
            if table.get(doc_id=1) is None:
                table.insert(doc)
            else:
                table.update(doc, doc_ids=[1])

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
                doc.update(settings.to_doc())
                if not settings.protected:
                    doc.pop("protected", None)  # left out when empty: remove the old list

            table.update(apply, doc_ids=[1])

    # summaries ---------------------------------------------------------------------------

    def summary(self, tandem: Tandem, today: date) -> TandemSummary:
        sessions = self.sessions(tandem.id)
        held = [s for s in sessions if s.status is SessionStatus.ENDED]
        running = next((s.number for s in sessions if s.status is SessionStatus.RUNNING), None)
        followups = self.followups(tandem.id)
        last = max((s.started_at for s in held), default=None)
        return TandemSummary(
            tandem=tandem,
            sessions_held=len(held),
            running_session=running,
            last_met=last.date().isoformat() if last else None,
            open_followups=sum(f.is_open for f in followups),
            overdue_followups=sum(f.is_overdue(today) for f in followups),
        )


INDEX_VERSION = 1


def _stamp(path: Path) -> list[int]:
    """What changes with every write of a file: a new inode (atomic replace), its time, size."""
    try:
        info = path.stat()
    except OSError:
        return []
    return [info.st_ino, info.st_mtime_ns, info.st_size]


def _read_index(path: Path) -> dict[str, dict[str, Any]]:
    """The summary index, or an empty one when it is missing, damaged or of another
    version: it is a cache, made again from the tandem files."""
    try:
        data = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("version") != INDEX_VERSION:
        return {}
    tandems = data.get("tandems")
    if not isinstance(tandems, dict):
        return {}
    good = {}
    for tandem_id, entry in tandems.items():
        if (
            isinstance(entry, dict)
            and isinstance(entry.get("tandem"), dict)
            and isinstance(entry.get("held"), int)
            and isinstance(entry.get("running"), int | None)
            and isinstance(entry.get("last_met"), str | None)
            and isinstance(entry.get("open_due"), list)
            and all(isinstance(due, str) for due in entry["open_due"])
            and isinstance(entry.get("ratings"), list)
            and all(
                isinstance(r, list) and len(r) == 3 and all(isinstance(v, int) for v in r)
                for r in entry["ratings"]
            )
        ):
            good[tandem_id] = entry
    return good


def _recover_if_free(home: Path) -> None:
    """A read-only opener finishes a killed change when no writer is at work."""
    try:
        handle = _acquire_lock(home / LOCK_FILE)
    except (StoreError, OSError):
        return  # a writer is at work (its change will be done in a moment) or no rights
    try:
        journal.recover(home)
    except OSError:
        pass  # read-only media: shown as it is
    finally:
        _release_lock(handle)


def migrate_file(path: Path, kind: str, tables: Tables, version: int) -> Path:
    """Upgrade one file to SCHEMA_VERSION, keeping the original beside it as a backup."""
    backup = path.with_name(f"{path.name}.schema{version}.bak")
    atomic_write_bytes(backup, path.read_bytes())
    steps = MIGRATIONS.get(kind, {})
    while version < SCHEMA_VERSION:
        step = steps.get(version)
        if step is None:
            raise StoreError(f"{display_path(path)}: no upgrade from schema {version} is known")
        tables = step(tables)
        version += 1
    tables[META_TABLE] = {"1": {"kind": kind, "schema": version}}
    try:
        atomic_write_bytes(path, serialize(tables))
    except OSError as error:
        raise _write_error(path, error) from None
    return backup


# The lock: fcntl where it exists (Linux, macOS), msvcrt on Windows.


def _acquire_lock(path: Path) -> IO[str]:
    # Never through a link: a planted one would have the lock truncate the file behind it.
    flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0)
    try:
        descriptor = os.open(path, flags, 0o600)
    except OSError as error:
        if path.is_symlink():
            raise StoreError(
                f"{path} is a link, not tandem-tui's lock file; remove it and try again"
            ) from None
        raise StoreError(f"cannot open {path}: {error.strerror or error}") from None
    handle = open(descriptor, "r+", encoding="utf-8")  # noqa: SIM115 - held for the store's lifetime
    with contextlib.suppress(OSError, AttributeError):  # no fchmod on Windows
        os.fchmod(descriptor, 0o600)
    try:
        _lock(handle)
    except OSError:
        handle.seek(0)
        holder = handle.read().strip() or "another process"
        handle.close()
        raise StoreLocked(
            f"the data in {path.parent} is in use by tandem-tui ({holder}); "
            "close that one first (read-only commands such as list still work)"
        ) from None
    handle.seek(0)
    handle.truncate()
    handle.write(f"pid {os.getpid()}")
    handle.flush()
    return handle


def _release_lock(handle: IO[str]) -> None:
    with contextlib.suppress(OSError):
        handle.seek(0)
        handle.truncate()
    handle.close()  # closing the descriptor releases the lock


try:
    import fcntl

    def _lock(handle: IO[str]) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)

except ImportError:  # Windows
    import msvcrt

    def _lock(handle: IO[str]) -> None:
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
