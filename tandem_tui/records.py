"""What the store hands out besides the model: settings, export marks, summaries and
what `forget` removed. Plain data; no file is read or written here."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tandem_tui.model import Tandem
from tandem_tui.wording import count


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
    """What a meeting or follow-up looked like when last exported, and its SEQUENCE then.

    `sent` keeps its kind, start, end and summary as iCalendar lines, so that it can be
    cancelled once no longer planned; `cancelled` says it went out cancelled.
    """

    fingerprint: str
    sequence: int
    sent: str = ""
    cancelled: bool = False


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


def natural_order(text: str) -> list[tuple[int, str]]:
    """Sort key that puts `lena-markus-2` before `lena-markus-10`."""
    return [(int(part), "") if part.isdigit() else (-1, part) for part in re.split(r"(\d+)", text)]
