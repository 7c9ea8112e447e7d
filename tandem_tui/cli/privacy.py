"""`passphrase` and `forget`: one person's private notes under a key; a tandem gone for good."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from tandem_tui import agendas
from tandem_tui.cli.common import EXIT_OK, Context, UserError, resolve_tandem
from tandem_tui.cli.options import global_options, lower
from tandem_tui.model import Role, Tandem
from tandem_tui.paths import user_path
from tandem_tui.store import Store, StoreError
from tandem_tui.wording import count

if TYPE_CHECKING:
    from tandem_tui.cli.options import Commands


def _read_secret(prompt: str) -> str:
    """A passphrase from the terminal without echo; from standard input when piped."""
    if sys.stdin.isatty():
        import getpass

        return getpass.getpass(prompt)
    line = sys.stdin.readline()
    if not line:
        raise UserError("no passphrase given on standard input")
    return line.rstrip("\n")


def cmd_passphrase(ctx: Context, args: argparse.Namespace) -> int:
    from tandem_tui.vault import (
        CannotDerive,
        Tampered,
        WrongPassphrase,
        check_passphrase,
        install_lock,
        make_lock,
        tampering,
        unlock,
    )

    role = Role(args.role)
    with ctx.store() as store:
        tandem = resolve_tandem(store, args.tandem)
        person = tandem.person(role).name
        if args.reset:
            return _reset_private(store, tandem, role, args.yes)
        locks = store.locks(tandem.id)
        verb = "changed" if role in locks else "set"
        try:
            # Every notes file read and checked before anything is asked or changed.
            found = tampering(store, tandem.id, store.all_notes(tandem.id)).get(role)
            if found is not None:
                raise found
            previous = None
            if role in locks:
                old = _read_secret(f"Current passphrase of {person} ({role.value}): ")
                previous = unlock(locks[role], tandem.id, old)  # a wrong one: said at once
            new = _read_secret(f"New passphrase of {person} ({role.value}): ")
            problem = check_passphrase(new)
            if problem:
                raise UserError(f"passphrase not {verb}: {problem}")
            if _read_secret("The same again: ") != new:
                raise UserError(f"passphrase not {verb}: the two did not match")
            lock, data_key, _ = make_lock({}, tandem.id, role, new)
            sealed, _ = install_lock(store, tandem.id, role, lock, data_key, previous)
        except WrongPassphrase:
            raise UserError(
                f"that is not the current passphrase of {person}; nothing was changed"
            ) from None
        except (Tampered, CannotDerive) as error:
            raise UserError(f"{error}; nothing was changed") from None
    if previous is None:
        done = f"{sealed} sealed now" if sealed else "none written yet"
        print(
            f"{person}'s private notes in {tandem.id} are now kept encrypted "
            f"({done}). A forgotten passphrase cannot be recovered."
        )
    else:
        print(
            f"passphrase of {person} in {tandem.id} changed: a new key, and "
            f"{count(sealed, 'private note')} sealed again under it"
        )
    return EXIT_OK


def _reset_private(store: Store, tandem: Tandem, role: Role, yes: bool) -> int:
    person = tandem.person(role).name
    if not yes:
        print(
            f"This removes every private note of {person} ({role.value}) in {tandem.id}, in "
            "every session, and their passphrase: for a forgotten passphrase, or notes changed "
            "outside tandem-tui. Shared notes and the partner's notes stay. It cannot be undone."
        )
        print(f"Type the tandem id ({tandem.id}) to go ahead: ", end="", flush=True)
        if sys.stdin.readline().strip() != tandem.id:
            raise UserError("nothing was removed: the id typed did not match")
    removed = store.discard_private(tandem.id, role)
    print(
        f"{person}'s private notes in {tandem.id} start afresh: {count(removed, 'note')} "
        f"removed, no passphrase set (set one with 'tandem-tui passphrase {tandem.id} "
        f"--role {role.value}')"
    )
    return EXIT_OK


def cmd_forget(ctx: Context, args: argparse.Namespace) -> int:
    with ctx.store() as store:
        try:
            tandem = resolve_tandem(store, args.tandem)
            tandem_id, label = tandem.id, f"{tandem.label} ({tandem.id})"
        except (UserError, StoreError):
            # A tandem whose files cannot be read is forgotten by its exact id.
            folder = store.tandems_dir / args.tandem
            if args.tandem not in store.taken_ids() or folder.is_symlink():
                raise
            tandem_id = args.tandem
            label = f"the tandem in {agendas.display_path(store.tandem_dir(tandem_id))}"
        if not args.yes:
            print(
                f"This removes {label} and everything of it: sessions, "
                "shared and private notes, follow-ups, backups. It cannot be undone."
            )
            print(f"Type the tandem id ({tandem_id}) to go ahead: ", end="", flush=True)
            typed = sys.stdin.readline().strip()
            if typed != tandem_id:
                raise UserError("nothing was removed: the id typed did not match")
        cancellations = None
        if args.cancellations:
            cancellations = _write_cancellations(store, tandem_id, user_path(args.cancellations))
        forgotten = store.forget_tandem(tandem_id)
    print(forgotten)
    if cancellations:
        print(cancellations)
    print(
        "Calendar files and minutes written earlier are outside tandem-tui's data; "
        f"delete them yourself if you keep any (e.g. {tandem_id}.ics)."
    )
    return EXIT_OK


def _write_cancellations(store: Store, tandem_id: str, path: Path) -> str:
    """Write the calendar cancelling all the tandem's events that went out; what to say."""
    from tandem_tui.export import cancel_everything, write_calendar

    try:
        tandem = store.tandem(tandem_id)
        marks = store.export_marks(tandem_id)
    except StoreError as error:
        raise UserError(
            f"nothing was removed: what went out in calendars cannot be read ({error}); "
            "forget it without --cancellations"
        ) from None
    result = cancel_everything(tandem, marks)
    if not result.cancelled:
        return (
            f"No cancellations written to {agendas.display_path(path)}: none of the tandem's "
            "meetings or follow-ups went out in a calendar."
        )
    write_calendar(path)(result.calendar)
    return (
        f"{agendas.display_path(path)}: "
        f"{count(result.cancelled, 'meeting or follow-up', 'meetings and follow-ups')} "
        "cancelled. Import it into every calendar that imported the tandem's calendar: "
        "they disappear there."
    )


def add_commands(commands: Commands) -> None:
    """`passphrase` and `forget`."""
    passphrase = commands.add_parser(
        "passphrase",
        help="keep one person's private notes encrypted under a passphrase, or change it",
        description="Set a passphrase for the mentor's or the mentee's private notes of a "
        "tandem, or change it. From then on their private notes are stored only encrypted, "
        "and the app asks for the passphrase before showing them. A forgotten passphrase "
        "cannot be recovered: the notes under it are lost.",
    )
    global_options(passphrase, top=False)
    passphrase.add_argument("tandem", metavar="TANDEM", help="tandem id or part of a name")
    passphrase.add_argument("--role", required=True, type=lower, choices=[r.value for r in Role])
    passphrase.add_argument(
        "--reset",
        action="store_true",
        help="remove this person's private notes (every session) and passphrase, to start "
        "afresh: for a forgotten passphrase, or notes changed outside tandem-tui; asks for "
        "the tandem id to confirm",
    )
    passphrase.add_argument("--yes", action="store_true", help="with --reset: do not ask")
    passphrase.set_defaults(handler=cmd_passphrase)

    forget = commands.add_parser(
        "forget",
        help="remove a tandem and everything of it, for good",
        description="Remove a tandem and everything tandem-tui keeps of it: sessions, shared "
        "and private notes, follow-ups, feedback and backups. Asks for the tandem id to be "
        "typed first, unless --yes.",
    )
    global_options(forget, top=False)
    forget.add_argument("tandem", metavar="TANDEM", help="tandem id or part of a name")
    forget.add_argument("--yes", action="store_true", help="do not ask (for scripts)")
    forget.add_argument(
        "--cancellations",
        metavar="FILE",
        help="first write a calendar file that cancels every meeting and follow-up of the "
        "tandem that went out in a calendar; import it where those were imported",
    )
    forget.set_defaults(handler=cmd_forget)
