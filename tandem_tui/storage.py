"""The files under the store: errors, the atomic TinyDB storage, schema upgrades,
the summary index's file and the lock. Only `store.py` uses this module."""

from __future__ import annotations

import contextlib
import errno
import json
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from tinydb.storages import Storage

from tandem_tui.agendas import display_path
from tandem_tui.i18n import _, os_reason
from tandem_tui.journal import recover
from tandem_tui.paths import atomic_write_bytes
from tandem_tui.text import harmless
from tandem_tui.zones import machine_zone

#: 2: a planned meeting keeps its zone (`next_meeting_zone` beside `next_meeting`).
SCHEMA_VERSION = 2
LOCK_FILE = ".lock"
META_TABLE = "_meta"

Tables = dict[str, dict[str, Any]]
Migration = Callable[[Tables], Tables]


def zones_of_planned_meetings(tables: Tables) -> Tables:
    """Schema 1 to 2: the planned meeting, stored with a fixed offset, gets the machine's
    zone where that zone had the same offset at that instant (it was planned here, then);
    else no zone, and it is exported as before, in the zone of the machine exporting it.

    Shapes this does not expect are left as they are, for the check after the upgrade
    to name.
    """
    zone = machine_zone()
    for doc in tables.get("tandem", {}).values():
        if not isinstance(doc, dict) or "next_meeting_zone" in doc:
            continue
        planned = doc.get("next_meeting")
        try:
            when = datetime.fromisoformat(planned) if isinstance(planned, str) else None
        except ValueError:
            continue
        if when is None or when.utcoffset() is None:
            continue
        try:
            same = zone is not None and when.astimezone(zone).utcoffset() == when.utcoffset()
        except (OverflowError, ValueError):
            continue
        doc["next_meeting_zone"] = zone.key if same and zone is not None else None
    return tables


def unchanged(tables: Tables) -> Tables:
    """An upgrade for a kind of file that stayed as it was: only its version goes up."""
    return tables


#: Upgrades of a file's tables, by kind of file and the schema version they start from.
#: Each takes the tables of version N and returns those of version N + 1.
MIGRATIONS: dict[str, dict[int, Migration]] = {
    "tandem": {1: zones_of_planned_meetings},
    "notes": {1: unchanged},
    "settings": {1: unchanged},
    "exports": {1: unchanged},
}


@dataclass
class Change:
    """Writes and removals collected by `Store.change`, committed together."""

    writes: dict[Path, Tables]
    removals: list[Path]


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
        if path.parent.parent.name == "tandems":  # a tandem's file: forget is a way too
            message = _(
                "{file} cannot be read ({reason}); it was left untouched: restore it from "
                "a backup, or remove the whole tandem with 'tandem-tui forget {tandem}'"
            )
        else:
            message = _(
                "{file} cannot be read ({reason}); it was left untouched: restore it from "
                "a backup or move it away"
            )
        super().__init__(
            message.format(file=display_path(path), reason=reason, tandem=path.parent.name)
        )


class NewerFile(StoreError):
    """A file of a newer schema: read, it could be misunderstood; written, damaged."""

    def __init__(self, path: Path, version: int) -> None:
        self.path = path
        super().__init__(
            _(
                "{file} was written by a newer tandem-tui (schema {version}, "
                "this one knows {known}); upgrade tandem-tui to open it"
            ).format(file=display_path(path), version=version, known=SCHEMA_VERSION)
        )


class UnknownTandem(StoreError):
    pass


def unknown_tandem(tandem_id: str) -> UnknownTandem:
    """The error for an id no tandem has."""
    return UnknownTandem(_("no tandem with id {id}").format(id=repr(tandem_id)))


class NotATandem(StoreError):
    """Something in `tandems/` that is not a tandem: a stray file, a copied folder."""

    def __init__(self, path: Path, reason: str) -> None:
        self.path = path
        super().__init__(
            _(
                "{file} is not a tandem ({reason}); ignored: "
                "move it out of {folder} to silence this"
            ).format(file=display_path(path), reason=reason, folder=display_path(path.parent))
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
            raise StoreError(
                _("{file} is open read-only; nothing was saved").format(
                    file=display_path(self.path)
                )
            )
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

    def keep(self, tables: Tables) -> Tables:
        """Serve `tables` until closed, as read-only openers read an older file: upgraded."""
        self._tables = tables
        return tables

    def close(self) -> None:
        self._tables = None


def check_file(storage: AtomicJSONStorage, path: Path, kind: str, *, readonly: bool) -> None:
    """Check a file just opened: its kind, its schema version (upgraded when older and
    `readonly` is not set, refused when newer) and the shape of every table. A new file
    gets its `_meta` table."""
    tables = storage.read()
    if tables is None:
        if not readonly:
            storage.write({META_TABLE: {"1": {"kind": kind, "schema": SCHEMA_VERSION}}})
        return
    meta = tables.get(META_TABLE, {}).get("1")
    if not isinstance(meta, dict) or meta.get("kind") != kind:
        raise CorruptFile(path, not_a_file_of(kind))
    version = meta.get("schema")
    if not isinstance(version, int) or version < 1:
        raise CorruptFile(path, _("its schema version is missing"))
    if version > SCHEMA_VERSION:
        raise NewerFile(path, version)
    if version < SCHEMA_VERSION and readonly:
        # Read as upgraded, in memory only: the file stays as it is until a writer opens it.
        tables = storage.keep(upgrade(path, kind, tables, version))
    elif version < SCHEMA_VERSION:
        migrate_file(path, kind, tables, version)
        storage.close()  # drop the cache: read the migrated file afresh
        tables = storage.read()
    from tandem_tui import schema  # when a file is first read, not at every start

    problem = schema.validate(kind, tables)  # the wrong shape: unreadable as well
    if problem is not None:
        raise CorruptFile(path, problem)


def not_a_file_of(kind: str) -> str:
    """Why a file of another kind is unreadable: "not a tandem-tui tandem file"."""
    if kind == "tandem":
        return _("not a tandem-tui tandem file")
    if kind == "notes":
        return _("not a tandem-tui notes file")
    if kind == "settings":
        return _("not a tandem-tui settings file")
    if kind == "exports":
        return _("not a tandem-tui exports file")
    return _("not a tandem-tui {kind} file").format(kind=kind)


def serialize(tables: Tables) -> bytes:
    return json.dumps(tables, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _read_tables(path: Path) -> Tables | None:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as error:
        raise CorruptFile(path, os_reason(error) if error.strerror else _("not readable")) from None
    if not raw:
        raise CorruptFile(path, _("the file is empty"))
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise CorruptFile(path, _("not UTF-8")) from None
    except json.JSONDecodeError as error:
        raise CorruptFile(
            path, _("not valid JSON at line {line}").format(line=error.lineno)
        ) from None
    if not isinstance(data, dict):
        raise CorruptFile(path, _("not a tandem-tui data file"))
    for name, table in data.items():
        if not isinstance(table, dict):
            raise CorruptFile(path, _("table {name} must be an object").format(name=repr(name)))
    return data


def _write_error(path: Path, error: OSError) -> StoreError:
    if error.errno == errno.ENOSPC:
        reason = _("the disk is full")
    elif error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        reason = _("no permission to write there")
    else:
        reason = os_reason(error)
    return StoreError(
        _("could not save {file}: {reason}; the file was left as it was").format(
            file=display_path(path), reason=reason
        )
    )


#: 2: with schema 2, a tandem's copy in the index holds its meeting's zone: an index of
#: copies from schema 1 is made again from the (upgraded) files.
INDEX_VERSION = 2


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


def upgrade(path: Path, kind: str, tables: Tables, version: int) -> Tables:
    """The tables of a file of schema `version` as SCHEMA_VERSION has them (changed in
    place); `path` only names the file in a message."""
    steps = MIGRATIONS.get(kind, {})
    while version < SCHEMA_VERSION:
        step = steps.get(version)
        if step is None:
            raise StoreError(
                _("{file}: no upgrade from schema {version} is known").format(
                    file=display_path(path), version=version
                )
            )
        tables = step(tables)
        version += 1
    tables[META_TABLE] = {"1": {"kind": kind, "schema": version}}
    return tables


def migrate_file(path: Path, kind: str, tables: Tables, version: int) -> Path:
    """Upgrade one file to SCHEMA_VERSION, keeping the original beside it as a backup."""
    backup = path.with_name(f"{path.name}.schema{version}.bak")
    atomic_write_bytes(backup, path.read_bytes())
    tables = upgrade(path, kind, tables, version)
    try:
        atomic_write_bytes(path, serialize(tables))
    except OSError as error:
        raise _write_error(path, error) from None
    return backup


# The lock: fcntl where it exists (Linux, macOS), msvcrt on Windows.


def _acquire_lock(path: Path) -> tuple[IO[str], bool]:
    """The lock, held; and whether the last holder ended without releasing it (a crash:
    only then can a write cut short have left a temporary file behind)."""
    # Never through a link: a planted one would have the lock truncate the file behind it.
    flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0)
    try:
        descriptor = os.open(path, flags, 0o600)
    except OSError as error:
        if path.is_symlink():
            raise StoreError(
                _("{file} is a link, not tandem-tui's lock file; remove it and try again").format(
                    file=path
                )
            ) from None
        raise StoreError(
            _("cannot open {file}: {reason}").format(file=path, reason=os_reason(error))
        ) from None
    handle = open(descriptor, "r+", encoding="utf-8")  # noqa: SIM115 - held for the store's lifetime
    with contextlib.suppress(OSError, AttributeError):  # no fchmod on Windows
        os.fchmod(descriptor, 0o600)
    try:
        _lock(handle)
    except OSError:
        handle.seek(0)
        holder = handle.read().strip() or _("another process")
        handle.close()
        raise StoreLocked(
            _(
                "the data in {folder} is in use by tandem-tui ({holder}); "
                "close that one first (read-only commands such as list still work)"
            ).format(folder=path.parent, holder=holder)
        ) from None
    handle.seek(0)
    left = handle.read().strip()  # a holder's pid: it ended without closing (a crash)
    handle.seek(0)
    handle.truncate()
    handle.write(f"pid {os.getpid()}")
    handle.flush()
    return handle, bool(left)


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


@contextlib.contextmanager
def held(path: Path) -> Iterator[None]:
    """An exclusive lock on `path`, waited for: for short sections that the app and a
    command may both enter, such as saving what an export sent."""
    flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0)
    descriptor = os.open(path, flags, 0o600)
    try:
        _wait_for(descriptor)
        yield
    finally:
        os.close(descriptor)  # releases the lock


try:
    import fcntl

    def _wait_for(descriptor: int) -> None:
        fcntl.flock(descriptor, fcntl.LOCK_EX)

except ImportError:  # Windows
    import msvcrt

    def _wait_for(descriptor: int) -> None:
        msvcrt.locking(descriptor, msvcrt.LK_LOCK, 1)  # type: ignore[attr-defined]


def _recover_if_free(home: Path) -> None:
    """A read-only opener finishes a killed change when no writer is at work."""
    try:
        handle, _ = _acquire_lock(home / LOCK_FILE)
    except (StoreError, OSError):
        return  # a writer is at work (its change will be done in a moment) or no rights
    try:
        recover(home)
    except OSError:
        pass  # read-only media: shown as it is
    finally:
        _release_lock(handle)
