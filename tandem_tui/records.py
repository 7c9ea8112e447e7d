"""What the store hands out besides the model: settings, export marks, summaries and
what `forget` removed. Plain data; no file is read or written here."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Any

from tandem_tui.i18n import _, ngettext
from tandem_tui.model import Tandem


@dataclass(frozen=True)
class Forgotten:
    """What `forget` removed."""

    tandem_id: str
    files: int
    sessions: int | None  # None: the tandem's files could not be read
    notes: int | None
    followups: int | None

    def __str__(self) -> str:
        files = ngettext("{count} file", "{count} files", self.files).format(count=self.files)
        if self.sessions is None or self.notes is None or self.followups is None:
            return _(
                "forgot {tandem}: {files} removed "
                "(the tandem could not be read, so what it held was not counted)"
            ).format(tandem=self.tandem_id, files=files)
        return _(
            "forgot {tandem}: {files} removed, holding {sessions}, {notes} and {followups}"
        ).format(
            tandem=self.tandem_id,
            files=files,
            sessions=ngettext("{count} session", "{count} sessions", self.sessions).format(
                count=self.sessions
            ),
            notes=ngettext("{count} note", "{count} notes", self.notes).format(count=self.notes),
            followups=ngettext("{count} follow-up", "{count} follow-ups", self.followups).format(
                count=self.followups
            ),
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


class Security(StrEnum):
    """How the connection to the mail server is protected."""

    STARTTLS = "starttls"  # plain first, then TLS before the login (port 587)
    SSL = "ssl"  # TLS from the first byte (port 465)
    NONE = "none"  # no TLS: only for a server on this machine or a trusted network

    @property
    def default_port(self) -> int:
        return {Security.STARTTLS: 587, Security.SSL: 465, Security.NONE: 25}[self]


@dataclass(frozen=True)
class MailSettings:
    """The SMTP server invitations are mailed through, and whom they come from.

    Never a password: that comes from the environment, the system keyring or the
    terminal when mail is sent (see `mailer`).
    """

    host: str = ""
    port: int = 587
    security: Security = Security.STARTTLS
    user: str = ""  # empty: the server takes mail without a login
    sender: str = ""  # the From address, and the organizer unless another is given
    sender_name: str = ""

    def to_doc(self) -> dict[str, Any]:
        return {
            "host": self.host,
            "port": self.port,
            "security": self.security.value,
            "user": self.user,
            "from": self.sender,
            "from_name": self.sender_name,
        }

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> MailSettings:
        def text(key: str) -> str:
            value = doc.get(key)
            return value if isinstance(value, str) else ""

        security = doc.get("security")
        port = doc.get("port")
        chosen = Security(security) if security in set(Security) else Security.STARTTLS
        return cls(
            host=text("host"),
            port=port
            if isinstance(port, int) and not isinstance(port, bool)
            else chosen.default_port,
            security=chosen,
            user=text("user"),
            sender=text("from"),
            sender_name=text("from_name"),
        )


@dataclass(frozen=True)
class CohortSettings:
    """The cohort calendar the facilitator's overview is read from. Never a password:
    that comes from the environment or the system keyring, as for a sync."""

    url: str
    user: str = ""

    def to_doc(self) -> dict[str, Any]:
        return {"url": self.url, "user": self.user}

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> CohortSettings | None:
        url, user = doc.get("url"), doc.get("user")
        if not isinstance(url, str) or not url:
            return None
        return cls(url, user if isinstance(user, str) else "")


@dataclass(frozen=True)
class Settings:
    """What the app remembers between runs; a field left None means "not chosen yet"."""

    files_folder: Path | None = None  # where calendars and minutes were last written
    #: "tandem-id/role" of everyone who set a passphrase: kept apart from the locks, so
    #: that a lock removed from a tandem's file is noticed even before any note is sealed.
    protected: frozenset[str] = frozenset()
    mail: MailSettings | None = None  # where invitations are mailed through
    cohort: CohortSettings | None = None  # the facilitator's cohort calendar, if any

    def to_doc(self) -> dict[str, Any]:
        doc: dict[str, Any] = {
            "files_folder": str(self.files_folder) if self.files_folder else None
        }
        if self.protected:
            doc["protected"] = sorted(self.protected)
        if self.mail is not None:
            doc["mail"] = self.mail.to_doc()
        if self.cohort is not None:
            doc["cohort"] = self.cohort.to_doc()
        return doc

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> Settings:
        folder = doc.get("files_folder")
        protected = doc.get("protected")
        mail = doc.get("mail")
        cohort = doc.get("cohort")
        return cls(
            files_folder=Path(folder) if isinstance(folder, str) and folder else None,
            protected=frozenset(p for p in protected if isinstance(p, str))
            if isinstance(protected, list)
            else frozenset(),
            mail=MailSettings.from_doc(mail) if isinstance(mail, dict) else None,
            cohort=CohortSettings.from_doc(cohort) if isinstance(cohort, dict) else None,
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
    #: When it last synced with its calendar (ISO, UTC); "" never; None: not linked to one.
    synced: str | None = None
    #: The due date of each open follow-up ("" when it has none), never its text.
    open_due: tuple[str, ...] = ()

    @classmethod
    def of(cls, tandem: Tandem, entry: dict[str, Any], today: date) -> TandemSummary:
        """From the tandem's entry in the summary index (see `Store.summaries`)."""
        open_due = tuple(entry["open_due"])
        late_before = today.isoformat()
        return cls(
            tandem=tandem,
            sessions_held=entry["held"],
            running_session=entry["running"],
            last_met=entry["last_met"],
            open_followups=len(open_due),
            overdue_followups=sum(1 for due in open_due if due and due < late_before),
            ratings=tuple((n, useful, eye) for n, useful, eye in entry["ratings"]),
            synced=entry.get("synced"),
            open_due=open_due,
        )


def natural_order(text: str) -> list[tuple[int, str]]:
    """Sort key that puts `lena-markus-2` before `lena-markus-10`."""
    return [(int(part), "") if part.isdigit() else (-1, part) for part in re.split(r"(\d+)", text)]
