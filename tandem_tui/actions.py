"""What the app does for any screen: the files it writes for a tandem, calendars and minutes.

The home screen, the meeting's palette and the end screen all ask the app, and the
app does the work here, below the screens and without Textual: a screen never
imports the app. Every outcome is told through `host.notify`, as one plain line.
"""

from __future__ import annotations

import errno
from collections.abc import Sequence
from dataclasses import dataclass, replace
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Literal, Protocol

from tandem_tui.i18n import N_, _, os_reason
from tandem_tui.paths import DIR_MODE
from tandem_tui.store import StoreError
from tandem_tui.text import sentence

if TYPE_CHECKING:
    from tandem_tui.library import Library
    from tandem_tui.store import Store

Severity = Literal["information", "warning", "error"]


class ActionHost(Protocol):
    """What an action needs of the app: the data, the agendas, and a way to say things."""

    store: Store
    library: Library

    def notify(
        self,
        message: str,
        *,
        severity: Severity = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None: ...


class FileKind(Enum):
    CALENDAR = "calendar"
    MINUTES = "minutes"


@dataclass(frozen=True)
class OutputFile:
    """A file the app offers to write for a tandem: its name, and what it is."""

    kind: FileKind
    tandem_id: str
    name: str
    title: str  # of the dialog that asks where: "Write the calendar of Lena Vogel & Markus Brandt"
    session: int | None = None  # minutes: the session they are of


#: Marked here, translated where shown (`_(FILE_ABOUT[kind])`).
FILE_ABOUT = {
    FileKind.CALENDAR: N_(
        "The next meetings and the follow-ups, to import into a calendar or task app."
    ),
    FileKind.MINUTES: N_("Time per card, shared notes and follow-ups; never private notes."),
}
REPLACE_HINT = {
    FileKind.CALENDAR: N_(
        "Replacing is the usual choice: importing the new file updates the "
        "same events instead of doubling them."
    ),
    FileKind.MINUTES: "",
}

# x and m on the home screen, the meeting's palette and the end screen all come here:
# the folder is shown before anything is written, a file already there is replaced
# only when the user says so, and the folder of the last write is remembered.


def files_folder(host: ActionHost) -> Path:
    """The folder calendars and minutes go into: the remembered one, else Documents."""
    from tandem_tui.paths import default_files_folder

    try:
        remembered = host.store.settings().files_folder
    except StoreError as error:
        host.notify(str(error), severity="warning", timeout=10, markup=False)
        remembered = None
    return remembered or default_files_folder()


def remember_files_folder(host: ActionHost, folder: Path) -> None:
    try:
        settings = host.store.settings()
        if settings.files_folder != folder:
            host.store.save_settings(replace(settings, files_folder=folder))
    except (OSError, StoreError) as error:
        host.notify(
            _("The folder was not remembered: {error}").format(error=error),
            severity="warning",
            markup=False,
        )


def calendar_file(host: ActionHost, tandem_id: str) -> OutputFile | None:
    """The tandem's calendar; None, and said why, when it would hold nothing."""
    store = host.store
    try:
        tandem = store.tandem(tandem_id)
        empty = not (
            tandem.next_meeting
            or store.sessions(tandem_id)
            or store.followups(tandem_id)
            or store.export_marks(tandem_id)
        )
    except StoreError as error:
        host.notify(str(error), severity="error", timeout=10, markup=False)
        return None
    if empty:
        host.notify(
            _(
                "Nothing to put in a calendar yet: no meeting is planned and there are no "
                "follow-ups. p plans the next meeting."
            ),
            severity="warning",
            markup=False,
        )
        return None
    return OutputFile(
        FileKind.CALENDAR,
        tandem_id,
        f"{tandem_id}.ics",
        _("Write the calendar of {tandem}").format(tandem=tandem.label),
    )


def minutes_file(host: ActionHost, tandem_id: str, session: int | None = None) -> OutputFile | None:
    """The minutes of session `session`, default the last one held; None if none was."""
    from tandem_tui.minutes import MinutesError, pick_session

    try:
        tandem = host.store.tandem(tandem_id)
        number = pick_session(host.store.sessions(tandem_id), session).number
    except MinutesError as error:
        host.notify(sentence(str(error)) + ".", severity="warning", markup=False)
        return None
    except StoreError as error:
        host.notify(str(error), severity="error", timeout=10, markup=False)
        return None
    return OutputFile(
        FileKind.MINUTES,
        tandem_id,
        f"{tandem_id}-session-{number}.md",
        _("Write the minutes of session {number} of {tandem}").format(
            number=number, tandem=tandem.label
        ),
        number,
    )


def make_folder(host: ActionHost, folder: Path, files: Sequence[OutputFile], kept: str) -> bool:
    """Make `folder` for `files` if it is not there; False, and said why, if it cannot be."""
    from tandem_tui.paths import shown_path

    try:
        if not folder.is_dir():
            if folder.exists():
                raise NotADirectoryError(errno.ENOTDIR, _("it is a file, not a folder"))
            folder.mkdir(parents=True, mode=DIR_MODE)  # for the user only, as files
            host.notify(
                _("Created the folder {folder}.").format(folder=shown_path(folder)), markup=False
            )
    except OSError as error:
        names = _(" and ").join(file.name for file in files)
        reason = os_reason(error)
        host.notify(
            _("{names} not written into {folder}: {reason}.").format(
                names=names, folder=shown_path(folder), reason=reason
            )
            + kept,
            severity="error",
            timeout=15,
            markup=False,
        )
        return False
    return True


def write_file(host: ActionHost, file: OutputFile, path: Path) -> Path | None:
    """Write `file` at `path` (asked for already), then remember its folder."""
    if file.kind is FileKind.CALENDAR:
        written = export_calendar(host, file.tandem_id, path)
    else:
        written = write_minutes(host, file.tandem_id, path, file.session)
    if written is not None:
        remember_files_folder(host, path.parent)
    return written


def export_calendar(host: ActionHost, tandem_id: str, path: Path) -> Path | None:
    """Write the tandem's calendar at `path` and say where; a failure is shown.

    The one place the app writes a calendar; `path` was shown to the user before.
    """
    from tandem_tui.export import export_tandem, write_calendar
    from tandem_tui.paths import shown_path

    try:
        tandem = host.store.tandem(tandem_id)
        result = export_tandem(  # each meeting in its own zone
            host.store, host.library, tandem, write=write_calendar(path)
        )
    except (OSError, StoreError) as error:
        host.notify(
            _("Could not write the calendar: {error}").format(error=error),
            severity="error",
            timeout=15,
            markup=False,
        )
        return None
    if result.empty:
        why = (
            _('No calendar written: its program "{program}" is not in the agenda library.')
            if tandem.program not in host.library.programs
            else _(
                "No calendar written: no meeting is planned and there are no follow-ups yet; "
                "p plans the next meeting."
            )
        )
        host.notify(
            why.format(program=tandem.program), severity="warning", timeout=15, markup=False
        )
        return None
    host.notify(
        _("{path}: {result}. Import it into your calendar.").format(
            path=shown_path(path), result=result
        ),
        markup=False,
    )
    return path


def write_minutes(
    host: ActionHost, tandem_id: str, path: Path, session: int | None = None
) -> Path | None:
    """Write a session's minutes (default: the last one held) at `path`, and say where.

    The one place the app writes minutes; `path` was shown to the user before.
    """
    from tandem_tui.minutes import MinutesError, minutes_markdown, pick_session
    from tandem_tui.paths import atomic_write_text, shown_path

    try:
        tandem = host.store.tandem(tandem_id)
        chosen = pick_session(host.store.sessions(tandem.id), session)
        text = minutes_markdown(
            tandem,
            chosen,
            host.store.shared_notes(tandem.id, chosen.number),
            host.store.followups(tandem.id),
            host.library.programs.get(tandem.program),
        )
        atomic_write_text(path, text)
    except MinutesError as error:
        host.notify(sentence(str(error)) + ".", severity="warning", markup=False)
        return None
    except (OSError, StoreError) as error:
        host.notify(
            _("Could not write the minutes: {error}").format(error=error),
            severity="error",
            timeout=15,
            markup=False,
        )
        return None
    host.notify(_("Minutes written: {path}").format(path=shown_path(path)), markup=False)
    return path
