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
import shutil
import threading
from collections.abc import Callable, Iterator, MutableMapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import IO, Any, TypeVar

from tinydb import Query, TinyDB
from tinydb.storages import Storage

from tandem_tui import schema
from tandem_tui.agendas import ID_PATTERN, display_path
from tandem_tui.model import FollowUp, Note, NoteKind, Role, Session, SessionStatus, Tandem
from tandem_tui.paths import (
    TEMP_SUFFIX,
    atomic_write_bytes,
    atomic_write_text,
    ensure_private_dir,
    exposed,
    fsync_dir,
    remove_stale_temp_files,
)
from tandem_tui.text import harmless
from tandem_tui.vault import Lock
from tandem_tui.wording import count

SCHEMA_VERSION = 1
META_TABLE = "_meta"
TANDEM_FILE = "tandem.json"
SETTINGS_FILE = "settings.json"
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
        super().__init__(
            f"{display_path(path)} cannot be read ({reason}); it was left untouched: "
            "restore it from a backup or move it away"
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

    def __init__(self, path: Path, readonly: bool = False) -> None:
        super().__init__()
        self.path = path
        self.readonly = readonly
        self._tables: Tables | None = None

    def read(self) -> Tables | None:
        if self._tables is None:
            self._tables = _read_tables(self.path)
        return self._tables

    def write(self, data: Tables) -> None:
        if self.readonly:
            self._tables = None
            raise StoreError(f"{display_path(self.path)} is open read-only; nothing was saved")
        serialized = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        try:
            atomic_write_text(self.path, serialized)
        except OSError as error:
            self._tables = None
            raise _write_error(self.path, error) from None
        self._tables = data

    def close(self) -> None:
        self._tables = None


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
    if not isinstance(data, dict) or not all(isinstance(t, dict) for t in data.values()):
        raise CorruptFile(path, "not a tandem-tui data file")
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
    sessions: int
    notes: int
    followups: int

    def __str__(self) -> str:
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

    def to_doc(self) -> dict[str, Any]:
        return {"files_folder": str(self.files_folder) if self.files_folder else None}

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> Settings:
        folder = doc.get("files_folder")
        return cls(files_folder=Path(folder) if isinstance(folder, str) and folder else None)


@dataclass(frozen=True)
class TandemSummary:
    """Counts and dates of one tandem, for lists and progress: never any content."""

    tandem: Tandem
    sessions_held: int
    running_session: int | None
    last_met: str | None
    open_followups: int
    overdue_followups: int


T = TypeVar("T")


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
        # A folder the user gave that exists already is theirs to set: never changed
        # silently, but said when others can read it.
        self.home_warning = exposed(home) if home.is_dir() else ""
        if readonly:
            return
        if not home.is_dir():
            ensure_private_dir(home)
        ensure_private_dir(self.tandems_dir)
        self._lock_handle = _acquire_lock(home / LOCK_FILE)
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

    @property
    def tandems_dir(self) -> Path:
        return self.home / "tandems"

    def tandem_dir(self, tandem_id: str) -> Path:
        if not ID_PATTERN.match(tandem_id):
            raise UnknownTandem(f"no tandem with id {tandem_id!r}")
        return self.tandems_dir / tandem_id

    # files -------------------------------------------------------------------------------

    def _db(self, path: Path, kind: str, *, create: bool) -> TinyDB:
        db = self._files.get(path)
        if db is not None:
            return db
        if not create and not path.exists():
            raise FileNotFoundError(path)
        storage_kwargs = {"readonly": self.readonly}
        db = TinyDB(path, storage=AtomicJSONStorage, **storage_kwargs)
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
        if not self.tandems_dir.is_dir():
            return []
        return sorted(
            (
                p.name
                for p in self.tandems_dir.iterdir()
                if p.is_dir() and ID_PATTERN.match(p.name) and (p / TANDEM_FILE).exists()
            ),
            key=natural_order,
        )

    def strays(self) -> list[NotATandem]:
        """What else is in `tandems/`, each with a word why it is not a tandem."""
        if not self.tandems_dir.is_dir():
            return []
        found = []
        for path in sorted(self.tandems_dir.iterdir()):
            if path.name.startswith(".") and path.name.endswith(TEMP_SUFFIX):
                continue  # a write cut short; removed on the next open
            if not path.is_dir():
                found.append(NotATandem(path, "a file, not a folder"))
            elif not ID_PATTERN.match(path.name):
                found.append(NotATandem(path, "its name is not a tandem id"))
            elif not (path / TANDEM_FILE).exists():
                found.append(NotATandem(path, f"it holds no {TANDEM_FILE}"))
        return found

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
        or is not a tandem."""
        found: list[Tandem] = []
        problems: list[StoreError] = list(self.strays())
        for tandem_id in self.tandem_ids():
            try:
                found.append(self.tandem(tandem_id))
            except StoreError as error:
                problems.append(error)
        return found, problems

    def add_tandems(self, tandems: Sequence[Tandem]) -> None:
        """Add all of `tandems` or, if any write fails, none of them."""
        with self._mutex:
            for tandem in tandems:
                if self.tandem_dir(tandem.id).exists():
                    raise StoreError(f"a tandem with id {tandem.id!r} exists already")
            created: list[str] = []
            try:
                for tandem in tandems:
                    ensure_private_dir(self.tandem_dir(tandem.id))
                    created.append(tandem.id)
                    db = self._tandem_db(tandem.id, create=True)
                    db.table("tandem").insert(tandem.to_doc())
            except BaseException:
                for tandem_id in created:
                    self._forget_files(tandem_id)
                    shutil.rmtree(self.tandem_dir(tandem_id), ignore_errors=True)
                raise

    def add_tandem(self, tandem: Tandem) -> None:
        self.add_tandems([tandem])

    def update_tandem(self, tandem: Tandem) -> None:
        with self._mutex:
            self._tandem_db(tandem.id).table("tandem").update(tandem.to_doc(), doc_ids=[1])

    def _forget_files(self, tandem_id: str) -> None:
        folder = self.tandem_dir(tandem_id)
        for path in [p for p in self._files if p.parent == folder]:
            self._files.pop(path).close()

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
            self.tandem(tandem_id)  # an unknown tandem fails here, and nothing is removed
            sessions = self.sessions(tandem_id)
            notes = sum(len(self.notes(tandem_id, s.number)) for s in sessions)
            followups = len(self.followups(tandem_id))
            folder = self.tandem_dir(tandem_id)
            self._forget_files(tandem_id)
            files = sorted(p for p in folder.rglob("*") if p.is_file())
            shutil.rmtree(folder)
            fsync_dir(folder.parent)
        return Forgotten(tandem_id, len(files), len(sessions), notes, followups)

    # passphrases -------------------------------------------------------------------------

    def locks(self, tandem_id: str) -> dict[Role, Lock]:
        """Who protects their private notes with a passphrase, and their wrapped keys."""
        with self._mutex:
            docs = self._tandem_db(tandem_id).table("locks").all()
        return {lock.role: lock for lock in (Lock.from_doc(dict(d)) for d in docs)}

    def save_lock(self, tandem_id: str, lock: Lock) -> None:
        """One atomic write: a passphrase change takes effect whole or not at all."""
        with self._mutex:
            self._tandem_db(tandem_id).table("locks").upsert(
                lock.to_doc(), Query().role == lock.role.value
            )

    def seal_private_notes(self, tandem_id: str, role: Role, data_key: bytes) -> int:
        """Replace `role`'s plaintext private notes, in every session, by sealed ones.

        Also deletes the tandem's backups, which may hold notes from before. Returns
        how many notes were sealed. Each notes file is rewritten atomically; cut off
        midway, the notes not yet sealed are sealed the next time.
        """
        from tandem_tui.vault import note_aad, seal

        sealed = 0
        with self._mutex:
            folder = self.tandem_dir(tandem_id)
            for path in sorted(folder.glob("notes-*.json")):
                number = int(path.stem.removeprefix("notes-"))
                db = self._notes_db(tandem_id, number, create=False)
                if db is None:
                    continue
                table = db.table("notes")
                due = [
                    doc.doc_id
                    for doc in table.all()
                    if doc.get("person") == role.value and doc.get("sealed") is None
                ]

                def seal_one(doc: MutableMapping[str, Any]) -> None:
                    aad = note_aad(tandem_id, int(doc["session"]), int(doc["card"]), role)
                    doc["sealed"] = seal(data_key, doc.get("text", ""), aad)
                    doc["text"] = ""

                if due:
                    table.update(seal_one, doc_ids=due)  # one write per file
                    sealed += len(due)
            for backup in folder.glob("*.bak"):
                backup.unlink()
        return sealed

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
            else:
                table.update(settings.to_doc(), doc_ids=[1])

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
        atomic_write_text(path, json.dumps(tables, ensure_ascii=False, separators=(",", ":")))
    except OSError as error:
        raise _write_error(path, error) from None
    return backup


# The lock: fcntl where it exists (Linux, macOS), msvcrt on Windows.


def _acquire_lock(path: Path) -> IO[str]:
    handle = open(path, "a+", encoding="utf-8")  # noqa: SIM115 - held for the store's lifetime
    with contextlib.suppress(OSError):
        os.chmod(path, 0o600)
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
