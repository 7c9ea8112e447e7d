"""Where tandem-tui keeps its data, and how files get there safely.

Every file is written atomically (temporary file, fsync, rename, fsync of the
folder) so that a crash at any instant leaves the old file or the new one.
Folders are private to the user (0700), files too (0600).
"""

from __future__ import annotations

import contextlib
import errno
import os
from pathlib import Path

from platformdirs import user_data_path, user_documents_path

from tandem_tui import APP_NAME
from tandem_tui.i18n import _

HOME_ENV = "TANDEM_TUI_HOME"
TEMP_SUFFIX = ".tmp"
DIR_MODE = 0o700
FILE_MODE = 0o600


def user_path(text: str | os.PathLike[str]) -> Path:
    """A path as a user typed it, `~` expanded; `~name` of no such user stays as typed."""
    try:
        return Path(text).expanduser()
    except RuntimeError:
        return Path(text)


def data_home(cli_home: str | os.PathLike[str] | None = None) -> Path:
    """The data home: `--home`, else `TANDEM_TUI_HOME`, else the platform's data folder."""
    if cli_home:
        return user_path(cli_home)
    env = os.environ.get(HOME_ENV)
    if env:
        return user_path(env)
    return user_data_path(APP_NAME, appauthor=False)


def unsaved_dir(home: Path) -> Path:
    """Where editors keep drafts not yet saved, to restore them next time."""
    return home / "unsaved"


def exposed(path: Path) -> str:
    """What is wrong with a folder others can read or enter: "" when it is the user's only."""
    try:
        mode = path.stat().st_mode & 0o777
    except OSError:
        return ""
    if not mode & 0o077:
        return ""
    return _(
        "{folder} can be read by others (mode {mode}); 'chmod 700 {folder}' keeps it to you"
    ).format(folder=path, mode=f"{mode:o}")


def ensure_private_dir(path: Path) -> Path:
    """Create `path` (and parents) readable by the user only."""
    if path.exists() and not path.is_dir():
        raise NotADirectoryError(errno.ENOTDIR, _("is a file, not a folder"), str(path))
    # Each folder made on the way is the user's only too, whatever the umask
    # (`mkdir(parents=True)` would give the ones above the last the umask's mode).
    missing = [path, *(parent for parent in path.parents if not parent.exists())]
    for folder in sorted({p for p in missing if not p.exists()}, key=lambda p: len(p.parts)):
        folder.mkdir(mode=DIR_MODE, exist_ok=True)
        folder.chmod(DIR_MODE)
    if path.stat().st_mode & 0o777 != DIR_MODE:
        path.chmod(DIR_MODE)
    return path


def temp_name(target: Path) -> Path:
    """A temporary file beside `target`; the leading dot keeps it out of globs."""
    return target.with_name(f".{target.name}.{os.urandom(4).hex()}{TEMP_SUFFIX}")


def fsync_dir(folder: Path) -> None:
    # Directory fsync makes the rename itself durable; not every platform allows it.
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # e.g. Windows or some network file systems: the rename is still atomic
    finally:
        os.close(fd)


def atomic_write_bytes(target: Path, data: bytes) -> None:
    """Replace `target` with `data` so that readers see the old or the new file, never a mix.

    A failure names `target`, never the hidden temporary file written first.
    """
    try:
        _atomic_write(target, data)
    except OSError as error:
        if error.filename is None or Path(error.filename) == target:
            raise
        raise type(error)(error.errno, error.strerror, str(target)) from error


def _atomic_write(target: Path, data: bytes) -> None:
    tmp = temp_name(target)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    try:
        view = memoryview(data)
        while view:
            written = os.write(fd, view)
            view = view[written:]
        os.fsync(fd)
    except BaseException:
        os.close(fd)
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    os.close(fd)
    try:
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    fsync_dir(target.parent)


def atomic_write_text(target: Path, text: str) -> None:
    atomic_write_bytes(target, text.encode("utf-8"))


def remove_stale_temp_files(folder: Path) -> list[Path]:
    """Delete temporary files a crashed writer left behind. Call only while holding the lock."""
    removed: list[Path] = []
    if not folder.exists():
        return removed
    for stale in folder.rglob(f".*{TEMP_SUFFIX}"):
        with contextlib.suppress(FileNotFoundError):
            stale.unlink()
            removed.append(stale)
    return removed


def default_files_folder() -> Path:
    """Where calendars and minutes go until the user picks a folder: their documents.

    The Documents folder is where people look for a file an app made; the working
    folder of a terminal app is wherever the terminal happened to start, often
    somewhere nobody looks. Without a Documents folder (a server, a minimal
    system), the home folder, which always exists.
    """
    with contextlib.suppress(OSError, RuntimeError):  # RuntimeError: no home folder known
        documents = user_documents_path()
        if documents.is_dir():
            return documents
    try:
        return Path.home()
    except RuntimeError:
        return Path.cwd()


def shown_path(path: Path) -> str:
    """A file or folder as the user reads it: `~/Documents` rather than the whole home path."""
    with contextlib.suppress(RuntimeError, ValueError):
        inside = path.relative_to(Path.home())
        return "~" if inside == Path() else f"~{os.sep}{inside}"
    return str(path)


def free_name(target: Path) -> Path:
    """`target` if no file has that name yet, else the first free `name-2.ext`, `name-3.ext`...

    For "keep both": the new file goes beside the old one, which stays as it was.
    """
    if not is_taken(target):
        return target
    number = 2
    while True:
        candidate = target.with_name(f"{target.stem}-{number}{target.suffix}")
        if not is_taken(candidate):
            return candidate
        number += 1


def is_taken(path: Path) -> bool:
    """Whether writing `path` would replace something: a file, a folder, even a dangling link."""
    return os.path.lexists(path)
