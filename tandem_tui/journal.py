"""Changes to several files that happen whole or not at all, however the process dies.

One mechanism for every change that touches more than one file (adding or
importing tandems, setting or changing a passphrase, forgetting a tandem, a
private note with its manifest): a redo journal in the data home, as a
database's write-ahead log does it.

1. Every new file is written in full into `.journal/` and flushed to the disk.
2. `.journal/intent.json` says where each one goes and what is removed. Its
   atomic write is the commit point: before it, the change has not happened;
   after it, the change will happen.
3. The new files are renamed into place (creating folders as needed) and what
   is removed is first moved into `.journal/trash/`, so that no one ever sees a
   folder half removed.
4. `.journal/` is removed.

`recover` runs when the data home is opened by the one process that may write.
A journal without an intent is what a run killed before its commit point left:
it is removed, and the change did not happen. A journal with an intent is
carried out to the end: step 3 again (every step of it can be done twice),
then step 4. Either way silently, and never a state that only deleting files
by hand would fix.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import re
import shutil
from collections.abc import Iterable, Mapping
from pathlib import Path, PurePosixPath
from typing import Any

from tandem_tui.paths import DIR_MODE, FILE_MODE, atomic_write_bytes, ensure_private_dir, fsync_dir

JOURNAL_DIR = ".journal"
INTENT = "intent.json"
TRASH = "trash"


def journal_dir(home: Path) -> Path:
    return home / JOURNAL_DIR


def is_hot(home: Path) -> bool:
    """A journal is there: a change was cut off (or is under way in another process)."""
    return journal_dir(home).exists() or journal_dir(home).is_symlink()


def commit(home: Path, writes: Mapping[Path, bytes], removals: Iterable[Path] = ()) -> None:
    """Write every file of `writes` (full contents) and remove `removals`, all or nothing.

    Paths lie inside `home`. A single write and nothing removed needs no journal:
    the atomic rename of one file is its own commit point.
    """
    removals = [path for path in removals if path.exists() or path.is_symlink()]
    if not removals and len(writes) <= 1 and all(t.parent.is_dir() for t in writes):
        for target, data in writes.items():
            atomic_write_bytes(target, data)
        return
    folder = journal_dir(home)
    if folder.exists():  # a journal of a run that died: finish it before a new one
        recover(home)
    ensure_private_dir(folder)
    entries = []
    for number, (target, data) in enumerate(writes.items()):
        staged = folder / f"{number}.new"
        _write_new(staged, data)
        entries.append({"staged": staged.name, "target": _relative(home, target)})
    fsync_dir(folder)
    intent: dict[str, Any] = {
        "writes": entries,
        "removals": [_relative(home, path) for path in removals],
    }
    checked_intent(home, intent)
    atomic_write_bytes(folder / INTENT, json.dumps(intent).encode("utf-8"))
    _carry_out(home, intent)


def recover(home: Path) -> bool:
    """Finish or undo what a killed change left; True when there was something to do.

    An intent is carried out only when the journal holds nothing but what this module
    writes (staged files named `N.new`, the intent, a trash folder) and every path in
    the intent is a place inside the data home reached through no link. Anything else
    was not written by tandem-tui (a planted journal could otherwise make a command
    write or remove files anywhere): it is dropped and nothing is done. So is one
    that cannot be carried out (a target that is a folder): the files are as they were.
    """
    folder = journal_dir(home)
    if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
        folder.unlink()  # never tandem-tui's: nothing in or behind it is used
        return True
    if not folder.exists():
        return False
    try:
        _check_contents(folder)
        intent = checked_intent(home, json.loads((folder / INTENT).read_bytes()))
    except (OSError, ValueError):
        intent = None  # killed before the commit point, or not ours: nothing happens
    if intent is None:
        _remove_journal(home)
        return True
    try:
        _carry_out(home, intent)
    except OSError:
        _remove_journal(home)  # cannot be done: planted, or the disk refuses
    return True


def _check_contents(folder: Path) -> None:
    """ValueError unless the journal holds only plain files `N.new` and `intent.json`
    and a real trash folder: no link, no folder where a file belongs."""
    for entry in os.scandir(folder):
        if entry.is_symlink():
            raise ValueError(f"{entry.name} in the journal is a link")
        if entry.name == TRASH and entry.is_dir(follow_symlinks=False):
            continue
        if not entry.is_file(follow_symlinks=False):
            raise ValueError(f"{entry.name} in the journal is not a file")
        if entry.name != INTENT and not STAGED.fullmatch(entry.name):
            raise ValueError(f"{entry.name} does not belong in the journal")


STAGED = re.compile(r"\d{1,6}\.new")


def checked_intent(home: Path, intent: object) -> dict[str, Any]:
    """`intent` when it is what `commit` writes; ValueError saying why not."""
    if not isinstance(intent, dict):
        raise ValueError("not an object")
    writes, removals = intent.get("writes"), intent.get("removals")
    if not isinstance(writes, list) or not isinstance(removals, list):
        raise ValueError("no lists of writes and removals")
    for entry in writes:
        if not isinstance(entry, dict) or not isinstance(entry.get("staged"), str):
            raise ValueError("a write without its staged file")
        if not STAGED.fullmatch(entry["staged"]):
            raise ValueError(f"a staged file named {entry['staged']!r}")
        _inside(home, entry.get("target"))
        target = home / entry["target"]
        if target.is_dir() or (target.parent.exists() and not target.parent.is_dir()):
            raise ValueError(f"the target {entry['target']!r} is not a file's place")
    for relative in removals:
        _inside(home, relative)
    return intent


def _inside(home: Path, relative: object) -> None:
    """ValueError unless `relative` names a place inside `home`, through no link."""
    if not isinstance(relative, str) or not relative:
        raise ValueError("a path that is not text")
    path = PurePosixPath(relative)
    if not path.parts or path.is_absolute() or ".." in path.parts or path.parts[0] == JOURNAL_DIR:
        raise ValueError(f"the path {relative!r} leads out of the data home")
    place = home
    for part in path.parts[:-1]:
        place = place / part
        if place.is_symlink():
            raise ValueError(f"the path {relative!r} passes a link")


def _carry_out(home: Path, intent: dict[str, Any]) -> None:
    folder = journal_dir(home)
    touched: set[Path] = set()
    for entry in intent.get("writes", []):
        staged = folder / entry["staged"]
        target = home / entry["target"]
        if staged.exists():  # else it was put in place before the process died
            ensure_private_dir(target.parent)
            os.replace(staged, target)
            touched.add(target.parent)
    trash = folder / TRASH
    for number, relative in enumerate(intent.get("removals", [])):
        target = home / relative
        if target.exists() or target.is_symlink():
            trash.mkdir(mode=DIR_MODE, exist_ok=True)
            if trash.is_symlink():
                raise OSError(errno.ELOOP, "the journal's trash is a link", str(trash))
            os.replace(target, trash / str(number))
            touched.add(target.parent)
    for parent in touched:
        fsync_dir(parent)
    _remove_journal(home)


def _remove_journal(home: Path) -> None:
    folder = journal_dir(home)
    # The intent goes first: from then on, whatever is left is leftovers only.
    with contextlib.suppress(OSError):
        (folder / INTENT).unlink()
    fsync_dir(folder)
    shutil.rmtree(folder, ignore_errors=True)
    fsync_dir(home)


def _write_new(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        os.fsync(fd)
    finally:
        os.close(fd)


def _relative(home: Path, path: Path) -> str:
    relative = path.relative_to(home)
    if ".." in relative.parts:
        raise ValueError(f"{path} is outside the data home")
    return relative.as_posix()
