"""`sync setup|now|status` and `tandem join`: a tandem across machines, by a CalDAV calendar.

`tandem-tui sync TANDEM` and `tandem-tui sync --all` are short for `sync now ...`.
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import datetime
from typing import TYPE_CHECKING

from tandem_tui import i18n
from tandem_tui.cli.common import (
    EXIT_OK,
    EXIT_USER_ERROR,
    Context,
    UserError,
    error_line,
    print_json,
    resolve_tandem,
)
from tandem_tui.cli.options import action, group
from tandem_tui.i18n import _, ngettext

if TYPE_CHECKING:
    from tandem_tui.cli.options import Commands
    from tandem_tui.store import Store
    from tandem_tui.sync.engine import Outcome

ACTIONS = ("setup", "now", "status")
_VALUED = ("--home", "--agendas", "--lang")  # the top level's options that take a value


def shorthand(argv: list[str]) -> list[str]:
    """`sync TANDEM` and `sync --all` as `sync now TANDEM`, `sync now --all`, also after
    the options that come before a command (`--home DIR sync --all`)."""
    at = 0
    while at < len(argv) and argv[at].startswith("-") and argv[at] not in ("-h", "--help"):
        at += 2 if argv[at] in _VALUED else 1
    rest = argv[at + 1 :]
    if argv[at : at + 1] == ["sync"] and (not rest or rest[0] not in (*ACTIONS, "-h", "--help")):
        return [*argv[: at + 1], "now", *rest]
    return argv


def _ask(prompt: str) -> str:
    """A password from the terminal without echo; the first line of standard input when
    piped (a password manager's command)."""
    if sys.stdin.isatty():
        import getpass

        return getpass.getpass(prompt)
    return sys.stdin.readline().rstrip("\r\n")


def _typed_password(url: str, user: str) -> str | None:
    """The password at `sync setup` and `tandem join`: asked first, so that a changed one
    replaces what the keyring kept; without an answer, the environment's or the keyring's."""
    from urllib.parse import urlsplit

    from tandem_tui.sync import service
    from tandem_tui.sync.dav import SyncError

    if user and not os.environ.get(service.PASSWORD_VARIABLE):
        host = urlsplit(url).netloc
        typed = _ask(_("Password of {user} at {host}: ").format(user=user, host=host))
        if typed:
            return typed
        try:
            return service.password_for(url, user)
        except SyncError:
            raise UserError(
                _(
                    "no password given for {user} at {host}: type it when asked, or set {variable}"
                ).format(user=user, host=host, variable=service.PASSWORD_VARIABLE)
            ) from None
    return service.password_for(url, user)


def _passphrase(*, new: bool) -> str:
    from tandem_tui.sync.service import PASSPHRASE_VARIABLE
    from tandem_tui.vault import check_passphrase

    given = os.environ.get(PASSPHRASE_VARIABLE)
    if given is None:
        given = _ask(_("Tandem passphrase (both partners know it): "))
        if new and sys.stdin.isatty() and _ask(_("The same again: ")) != given:
            raise UserError(_("the two passphrases differ; nothing was changed"))
    if not given:
        raise UserError(_("no tandem passphrase given; nothing was changed"))
    if new and (problem := check_passphrase(given)):
        raise UserError(problem)
    return given


def _password_hint(tandem_id: str) -> str:
    """Where the password that failed came from, and how to give the new one."""
    from tandem_tui.sync.service import PASSWORD_VARIABLE

    if os.environ.get(PASSWORD_VARIABLE):
        return _(" (the password came from {variable})").format(variable=PASSWORD_VARIABLE)
    return _(" (a new password? run 'tandem-tui sync {tandem}' in a terminal to give it)").format(
        tandem=tandem_id
    )


def _kept_in_keyring() -> str:
    return _("the password is kept in the system keyring, not in the data folder")


def _said(outcome: Outcome) -> str:
    if outcome.unchanged and not outcome.problems:
        return _("{tandem}: up to date").format(tandem=outcome.tandem_id)
    parts = [
        ngettext("{count} sent", "{count} sent", outcome.sent).format(count=outcome.sent),
        ngettext("{count} received", "{count} received", outcome.taken).format(count=outcome.taken),
    ]
    if outcome.removed:
        parts.append(
            ngettext("{count} removed", "{count} removed", outcome.removed).format(
                count=outcome.removed
            )
        )
    line = _("{tandem}: {changes}").format(tandem=outcome.tandem_id, changes=", ".join(parts))
    if outcome.conflicts:
        line += "\n  " + ngettext(
            "{count} follow-up was changed on both sides: both versions are kept, the other "
            "one marked as a conflict ('followup list')",
            "{count} follow-ups were changed on both sides: both versions are kept, the other "
            "ones marked as a conflict ('followup list')",
            outcome.conflicts,
        ).format(count=outcome.conflicts)
    if "sealed" in outcome.problems:
        line += "\n  " + _(
            "sealed minutes could not be read here: the tandem passphrase differs; they stay "
            "on the server"
        )
    if "record" in outcome.problems:
        line += "\n  " + _(
            "both partners changed the tandem's details (names, goals, next meeting) in the "
            "same place: this machine's stay; check them with 'tandem list'"
        )
    if "unreadable" in outcome.problems:
        line += "\n  " + _("entries in the calendar that tandem-tui cannot read were left alone")
    for problem in outcome.problems:
        if problem.startswith("session "):
            line += "\n  " + _(
                "the other machine's minutes of {session} wait: that meeting is still open "
                "here; end it and sync again"
            ).format(session=problem)
    return line


def cmd_sync_setup(ctx: Context, args: argparse.Namespace) -> int:
    from tandem_tui.sync import service
    from tandem_tui.sync.dav import SyncError

    try:
        url = service.check_url(args.url)
        cohort = service.check_url(args.cohort) if args.cohort else ""
        link = service.Link(url, args.user or "", cohort)
        with ctx.store() as store:
            tandem = resolve_tandem(store, args.tandem)
            password = _typed_password(url, link.user)
            passphrase = _passphrase(new=True) if args.seal else None
            made = service.set_up(store, tandem.id, link, password, passphrase=passphrase)
            if made:
                print(_("made the calendar {url}").format(url=url))
            print(_("linked {tandem} to {url}").format(tandem=tandem.id, url=url))
            if password and service.remember_password(url, link.user, password):
                print(_kept_in_keyring())
            print(_said(service.sync(store, ctx.library(), tandem.id, password, now=ctx.now)))
    except SyncError as error:
        raise UserError(str(error)) from None
    return EXIT_OK


def cmd_sync_now(ctx: Context, args: argparse.Namespace) -> int:
    from tandem_tui.store import StoreLocked

    if args.tandem and args.all:
        raise UserError(_("name a tandem to sync, or give --all, not both"))
    if not args.tandem and not args.all:
        raise UserError(_("name a tandem to sync, or give --all"))

    try:
        with ctx.store() as store:
            return _sync_now(ctx, args, store)
    except StoreLocked as locked:  # (opening the store is what raises it)
        hint = _("{reason}; the app syncs by itself: press y on its home screen")
        raise UserError(hint.format(reason=locked)) from None


def _sync_now(ctx: Context, args: argparse.Namespace, store: Store) -> int:
    from tandem_tui.sync import service
    from tandem_tui.sync.dav import SyncError, WrongPassword

    failed = False
    passwords: dict[tuple[str, str], str | None] = {}
    asked: set[tuple[str, str]] = set()
    linked = dict(service.linked(store))
    if args.tandem:
        tandem = resolve_tandem(store, args.tandem)
        if tandem.id not in linked:
            raise UserError(str(service.not_linked(tandem.id)))
        targets = [tandem.id]
    else:
        targets = list(linked)
        if not targets:
            raise UserError(_("no tandem is linked to a calendar yet ('sync setup')"))
    library = ctx.library()
    for tandem_id in targets:
        link = linked[tandem_id]
        account = (link.url.split("/")[2], link.user)
        tty = sys.stdin.isatty()

        def ask(prompt: str, account: tuple[str, str] = account) -> str:
            asked.add(account)
            return _ask(prompt)

        try:
            if account not in passwords:
                found = service.password_for(link.url, link.user, ask=ask if tty else None)
                passwords[account] = found
            try:
                outcome = service.sync(store, library, tandem_id, passwords[account], now=ctx.now)
            except WrongPassword:
                if not (tty and link.user) or account in asked:
                    raise
                # The keyring's (or the environment's) is old: the new one, once
                passwords[account] = ask(
                    _("Password of {user} at {host}: ").format(user=link.user, host=account[0])
                )
                outcome = service.sync(store, library, tandem_id, passwords[account], now=ctx.now)
            password = passwords[account]
            if account in asked and password:
                asked.discard(account)  # it worked: kept for the next time, and the app's
                if service.remember_password(link.url, link.user, password):
                    print(_kept_in_keyring())
        except SyncError as error:
            failed = True
            problem = str(error)
            if isinstance(error, WrongPassword) and link.user:
                problem += _password_hint(tandem_id)
            line = _(
                "{tandem}: {problem}; nothing was lost, the changes wait for the next sync"
            ).format(tandem=tandem_id, problem=problem)
            print(error_line(line), file=sys.stderr)
            continue
        print(_said(outcome))
    return EXIT_USER_ERROR if failed else EXIT_OK


def cmd_sync_status(ctx: Context, args: argparse.Namespace) -> int:
    from tandem_tui.sync import service

    rows = []
    with ctx.store(readonly=True) as store:
        for tandem_id, link in service.linked(store):
            state = store.sync_state(tandem_id)
            rows.append(
                {
                    "tandem": tandem_id,
                    "url": link.url,
                    "user": link.user,
                    "cohort": link.cohort or None,
                    "role": link.role or None,
                    "sealed": bool(state.get("link", {}).get("sealing")),
                    "synced_at": state.get("synced_at"),
                }
            )
    if args.json:
        print_json(rows)
        return EXIT_OK
    if not rows:
        print(_("no tandem is linked to a calendar yet ('sync setup')"))
    for row in rows:
        synced = row["synced_at"]
        when = (
            i18n.chrome().numeric_moment(datetime.fromisoformat(str(synced)).astimezone())
            if synced
            else _("never")
        )
        print(
            _("{tandem}: {url} (last sync: {when})").format(
                tandem=row["tandem"], url=row["url"], when=when
            )
        )
    return EXIT_OK


def cmd_tandem_join(ctx: Context, args: argparse.Namespace) -> int:
    from tandem_tui.model import Role
    from tandem_tui.sync import service
    from tandem_tui.sync.dav import SyncError

    try:
        url = service.check_url(args.url)
        link = service.Link(
            url, args.user or "", service.check_url(args.cohort) if args.cohort else ""
        )
        with ctx.store() as store:
            password = _typed_password(url, link.user)
            tandem_id, outcome = service.join(
                store,
                ctx.library(),
                link,
                password,
                Role(args.role),
                passphrase=lambda: _passphrase(new=False),
                now=ctx.now,
            )
            tandem = store.tandem(tandem_id)
            if password and service.remember_password(url, link.user, password):
                print(_kept_in_keyring())
    except SyncError as error:
        raise UserError(str(error)) from None
    print(_("joined {tandem} ({label})").format(tandem=tandem_id, label=tandem.label))
    print(_said(outcome))
    return EXIT_OK


def add_commands(commands: Commands) -> None:
    """The `sync` group."""
    sync = group(
        commands,
        "sync",
        _(
            "keep a tandem in a CalDAV calendar both partners reach ('sync TANDEM' and "
            "'sync --all' are short for 'sync now TANDEM', 'sync now --all')"
        ),
    )
    setup = action(sync, "setup", cmd_sync_setup, _("link a tandem to a calendar, and sync it"))
    setup.add_argument("tandem", metavar="TANDEM", help=_("tandem id or part of a name"))
    setup.add_argument("--url", required=True, metavar="URL", help=_("the calendar's address"))
    setup.add_argument("--user", metavar="USER", help=_("the login at the server"))
    setup.add_argument(
        "--cohort", metavar="URL", help=_("the cohort's calendar, for the facilitator's progress")
    )
    setup.add_argument(
        "--seal",
        action="store_true",
        help=_("seal the minutes under a tandem passphrase both partners know"),
    )
    now = action(sync, "now", cmd_sync_now, _("sync a tandem, or all linked ones, now"))
    now.add_argument("tandem", nargs="?", metavar="TANDEM", help=_("tandem id or part of a name"))
    now.add_argument("--all", action="store_true", help=_("every tandem linked to a calendar"))
    status = action(sync, "status", cmd_sync_status, _("list the tandems linked to calendars"))
    status.add_argument("--json", action="store_true", help=_("print JSON for scripts"))


def add_join(tandem_group: Commands) -> None:
    """`tandem join`, in the `tandem` group."""
    join = action(
        tandem_group, "join", cmd_tandem_join, _("set up a tandem here from its calendar")
    )
    join.add_argument("url", metavar="URL", help=_("the tandem's calendar address"))
    join.add_argument("--user", metavar="USER", help=_("the login at the server"))
    join.add_argument(
        "--role", required=True, choices=["mentor", "mentee"], help=_("who you are in the tandem")
    )
    join.add_argument(
        "--cohort", metavar="URL", help=_("the cohort's calendar, for the facilitator's progress")
    )
