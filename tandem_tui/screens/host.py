"""What the screens know of the app they run in: a narrow interface, never the app itself.

The app imports the screens; a screen importing the app back would tie the two into
one module in many files. A screen asks for its host instead:

    app = self.app
    assert isinstance(app, Host)

and mypy checks that `tandem_tui.app.TandemApp` offers everything listed here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, runtime_checkable

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

    from tandem_tui.actions import OutputFile
    from tandem_tui.clock import Clock
    from tandem_tui.library import Library
    from tandem_tui.store import Store


@runtime_checkable
class Host(Protocol):
    """The app as a screen sees it: the data, the agendas, the clock and app-wide actions."""

    store: Store
    library: Library
    clock: Clock
    bell_enabled: bool
    new_agenda: str | None  # `agenda new ID`: the app opens the editor on it at the start
    syncing: str | None  # the tandem syncing with its calendar now, in the background
    sync_failed: set[str]  # the tandems whose last sync in this run failed

    def reload_library(self) -> None:
        """Read the agendas again, after an editor saved one."""

    def sync_tandems(self, tandem_ids: Sequence[str] | None = None, *, asked: bool = False) -> None:
        """Sync these tandems (default: every linked one) with their calendars, in the
        background; `asked`: by a key, so the user hears back even when nothing changed."""

    def open_meeting(self, tandem_id: str) -> None:
        """The tandem's unfinished meeting, or its next one, over the current screen."""

    def edit_agenda(self, agenda_id: str | None = None, new_id: str = "") -> None:
        """The editor on an agenda, or on a new one."""

    def edit_program(self, program_id: str | None = None, new_id: str = "") -> None:
        """The editor on a program, or on a new one."""

    def files_folder(self) -> Path:
        """The folder calendars and minutes go into."""

    def calendar_file(self, tandem_id: str) -> OutputFile | None:
        """The tandem's calendar, to write; None (and said why) if it cannot be."""

    def minutes_file(self, tandem_id: str, session: int | None = None) -> OutputFile | None:
        """A session's minutes, to write; None (and said why) if there are none."""

    def save_calendar(self, tandem_id: str) -> None:
        """Ask where, then write the tandem's calendar."""

    def save_minutes(self, tandem_id: str, session: int | None = None) -> None:
        """Ask where, then write a session's minutes."""

    def write_files_into(
        self, folder: Path, files: Sequence[OutputFile], *, kept: str = ""
    ) -> None:
        """Write `files` into `folder`, asking before a file already there is replaced."""
