"""Linking a tandem to a calendar, its password, and a whole sync: what the command
line and the app call. Core module: no Textual.

A tandem's link (in its file's `sync` table): the calendar's address, the user, the
cohort calendar's address, whose machine this is (after `tandem join`), and, when the
minutes go sealed, the salt and check of the tandem passphrase and the key made from
it. The key stays on this machine, beside the minutes it protects; the password to
the server never touches the data folder: it comes from TANDEM_TUI_CALDAV_PASSWORD,
else the system keyring, else it is asked.
"""

from __future__ import annotations

import base64
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from tandem_tui.i18n import _
from tandem_tui.library import Library
from tandem_tui.model import Role
from tandem_tui.store import Store
from tandem_tui.sync import items as it
from tandem_tui.sync.dav import Calendar, SyncError
from tandem_tui.sync.engine import Outcome, sync_tandem

PASSWORD_VARIABLE = "TANDEM_TUI_CALDAV_PASSWORD"
PASSPHRASE_VARIABLE = "TANDEM_TUI_SYNC_PASSPHRASE"
KEYRING_SERVICE = "tandem-tui-caldav"
CHECK = "tandem-tui"  # sealed with the key, so that a wrong passphrase is told at once


@dataclass(frozen=True)
class Link:
    url: str
    user: str = ""
    cohort: str = ""
    role: str = ""

    @classmethod
    def of(cls, state: dict[str, Any]) -> Link | None:
        doc = state.get("link")
        if not doc or not doc.get("url"):
            return None
        return cls(doc["url"], doc.get("user", ""), doc.get("cohort", ""), doc.get("role", ""))


def check_url(url: str) -> str:
    """The address as given, if it is one a calendar can have; else a SyncError saying why."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise SyncError(
            _("{url} is not a calendar's address like https://dav.example.org/anna/tandem/").format(
                url=url
            )
        )
    return url.strip()


# the password -----------------------------------------------------------------------------


def _account(url: str, user: str) -> str:
    return f"{user}@{urlsplit(url).netloc}"


def password_for(url: str, user: str, ask: Callable[[str], str] | None = None) -> str | None:
    """From the environment, the keyring, or `ask(prompt)`; None when no user logs in."""
    if not user:
        return os.environ.get(PASSWORD_VARIABLE) or None
    password = os.environ.get(PASSWORD_VARIABLE)
    if password:
        return password
    from tandem_tui.mailer import keyring_backend

    backend = keyring_backend()
    if backend is not None:
        try:
            found = backend.get_password(KEYRING_SERVICE, _account(url, user))
        except Exception:  # a locked or broken keyring is no keyring to use
            found = None
        if found:
            return found
    if ask is not None:
        answer = ask(
            _("Password of {user} at {host}: ").format(user=user, host=urlsplit(url).netloc)
        )
        if answer:
            return answer
    raise SyncError(
        _(
            "no password for {user} at {host}: set {variable}, or run 'tandem-tui sync setup' "
            "on a machine with a system keyring"
        ).format(user=user, host=urlsplit(url).netloc, variable=PASSWORD_VARIABLE)
    )


def remember_password(url: str, user: str, password: str) -> bool:
    """Keep the password in the system keyring, if there is one; whether it was kept."""
    if not user or os.environ.get(PASSWORD_VARIABLE) == password:
        return False
    from tandem_tui.mailer import keyring_backend

    backend = keyring_backend()
    if backend is None:
        return False
    try:
        backend.set_password(KEYRING_SERVICE, _account(url, user), password)
    except Exception:
        return False
    return True


# the tandem passphrase --------------------------------------------------------------------


def sealing_for(passphrase: str) -> tuple[dict[str, Any], bytes]:
    """A new salt and check for the minutes' key, and the key."""
    from tandem_tui import vault

    salt = os.urandom(16)
    key = vault.shared_key(passphrase, salt)
    sealing = {"salt": base64.b64encode(salt).decode(), "check": vault.seal(key, CHECK, b"check")}
    return sealing, key


def key_for(sealing: dict[str, Any], passphrase: str) -> bytes:
    """The key of the passphrase; a SyncError when it is not the tandem's."""
    from tandem_tui import vault

    key = vault.shared_key(passphrase, base64.b64decode(sealing["salt"]))
    try:
        vault.unseal(key, sealing["check"], b"check")
    except (vault.WrongPassphrase, vault.Tampered):
        raise SyncError(
            _("that is not the tandem passphrase the minutes were sealed with")
        ) from None
    return key


def _key(state: dict[str, Any]) -> bytes | None:
    text = state.get("link", {}).get("key")
    return base64.b64decode(text) if text else None


# setting up, joining, syncing -------------------------------------------------------------


def calendar_of(link: Link, password: str | None) -> Calendar:
    return Calendar(link.url, link.user, password)


def set_up(
    store: Store,
    tandem_id: str,
    link: Link,
    password: str | None,
    *,
    passphrase: str | None = None,
) -> bool:
    """Link the tandem to the calendar (made when it does not exist): whether it was
    made. The calendar must answer to the password before anything is kept."""
    tandem = store.tandem(tandem_id)
    made = calendar_of(link, password).ensure(f"Tandem {tandem.label}")
    if link.cohort:
        Calendar(link.cohort, link.user, password).ensure("Cohort")
    state = store.sync_state(tandem_id)
    doc = {**state.get("link", {}), "url": link.url, "user": link.user, "cohort": link.cohort}
    if link.role:
        doc["role"] = link.role
    if passphrase:
        sealing, key = sealing_for(passphrase)
        doc |= {"sealing": sealing, "key": base64.b64encode(key).decode()}
    if doc.get("url") != state.get("link", {}).get("url"):
        state = {}  # another calendar: what the last one held says nothing about it
    state["link"] = doc
    with store.change():
        store.save_sync_state(tandem_id, state)
    return made


def join(
    store: Store,
    library: Library,
    link: Link,
    password: str | None,
    role: Role,
    passphrase: Callable[[], str] | None = None,
    now: datetime | None = None,
) -> tuple[str, Outcome]:
    """Make the tandem of the calendar at `link` here, and sync it: its id."""
    calendar = calendar_of(link, password)
    if not calendar.exists():
        raise SyncError(_("there is no calendar at {url}").format(url=link.url))
    listing = calendar.listing(None)
    record = None
    for _etag, text in calendar.fetch(list(listing.etags)).values():
        if "X-TANDEM-TUI-KIND:record" in text.replace("\r\n ", ""):
            record = it.parse(text, tandem_id="", key=None, now=now or datetime.now(UTC))
            break
    if record is None:
        raise SyncError(
            _("the calendar at {url} holds no tandem; sync the tandem there first").format(
                url=link.url
            )
        )
    tandem = it.tandem_from(record.fields)
    if tandem.id in store.taken_ids():
        here = Link.of(store.sync_state(tandem.id)) if tandem.id in store.tandem_ids() else None
        if here is not None and here.url.rstrip("/") == link.url.rstrip("/"):
            # joined before (perhaps cut short): what is left is a sync
            return tandem.id, sync(store, library, tandem.id, password, now=now)
        raise SyncError(_("a tandem with id {id} exists already here").format(id=tandem.id))
    doc: dict[str, Any] = {"url": link.url, "user": link.user, "cohort": link.cohort}
    doc["role"] = role.value
    sealing = record.fields.get("sealing")
    if sealing:
        if passphrase is None:
            raise SyncError(_("the minutes of this tandem are sealed: give the tandem passphrase"))
        doc |= {
            "sealing": sealing,
            "key": base64.b64encode(key_for(sealing, passphrase())).decode(),
        }
    from tandem_tui.agendas import user_dir
    from tandem_tui.library import load_library

    if it.install_program(user_dir(store.home), library, record.fields):
        library = load_library(store.home)  # with the program that came
    with store.change():
        store.add_tandem(tandem)
        store.save_sync_state(tandem.id, {"link": doc})
    return tandem.id, sync(store, library, tandem.id, password, now=now)


def sync(
    store: Store,
    library: Library,
    tandem_id: str,
    password: str | None,
    *,
    now: datetime | None = None,
) -> Outcome:
    """One tandem's whole sync: its calendar, then its progress to the cohort's."""
    state = store.sync_state(tandem_id)
    link = Link.of(state)
    if link is None:
        raise not_linked(tandem_id)
    calendar = calendar_of(link, password)
    outcome = sync_tandem(store, library, tandem_id, calendar, key=_key(state), now=now)
    if outcome.taken:  # the meetings are made from what came: send them as they are now
        again = sync_tandem(store, library, tandem_id, calendar, key=_key(state), now=now)
        outcome.sent += again.sent
        outcome.removed += again.removed
    if link.cohort:
        from tandem_tui.sync.cohort import send_progress

        send_progress(
            store, library, tandem_id, Calendar(link.cohort, link.user, password), now=now
        )
    return outcome


def not_linked(tandem_id: str) -> SyncError:
    return SyncError(
        _(
            "{id} is not linked to a calendar; link it with 'tandem-tui sync setup {id} --url URL'"
        ).format(id=tandem_id)
    )


def linked(store: Store) -> list[tuple[str, Link]]:
    """Every tandem linked to a calendar, with its link."""
    found = []
    for tandem_id in store.tandem_ids():
        link = Link.of(store.sync_state(tandem_id))
        if link is not None:
            found.append((tandem_id, link))
    return found
