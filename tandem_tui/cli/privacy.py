"""`passphrase` and `forget`: one person's private notes under a key; a tandem gone for good."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from tandem_tui import agendas
from tandem_tui.cli.common import EXIT_OK, Context, UserError, resolve_tandem
from tandem_tui.cli.options import global_options, lower
from tandem_tui.i18n import N_, _, ngettext
from tandem_tui.model import Role, Tandem
from tandem_tui.paths import user_path
from tandem_tui.store import Store, StoreError

if TYPE_CHECKING:
    from tandem_tui.cli.options import Commands


def _read_secret(prompt: str) -> str:
    """A passphrase from the terminal without echo; from standard input when piped."""
    if sys.stdin.isatty():
        import getpass

        return getpass.getpass(prompt)
    line = sys.stdin.readline()
    if not line:
        raise UserError(_("no passphrase given on standard input"))
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
        shown_role = _role(role)
        if args.reset:
            return _reset_private(store, tandem, role, args.yes)
        locks = store.locks(tandem.id)
        if role in locks:
            not_done = _("passphrase not changed: {problem}")
        else:
            not_done = _("passphrase not set: {problem}")
        try:
            # Every notes file read and checked before anything is asked or changed.
            found = tampering(store, tandem.id, store.all_notes(tandem.id)).get(role)
            if found is not None:
                raise found
            previous = None
            if role in locks:
                old = _read_secret(
                    _("Current passphrase of {person} ({role}): ").format(
                        person=person, role=shown_role
                    )
                )
                previous = unlock(locks[role], tandem.id, old)  # a wrong one: said at once
            new = _read_secret(
                _("New passphrase of {person} ({role}): ").format(person=person, role=shown_role)
            )
            problem = check_passphrase(new)
            if problem:
                raise UserError(not_done.format(problem=problem))
            if _read_secret(_("The same again: ")) != new:
                raise UserError(not_done.format(problem=_("the two did not match")))
            lock, data_key, _salt = make_lock({}, tandem.id, role, new)
            sealed, _kept = install_lock(store, tandem.id, role, lock, data_key, previous)
        except WrongPassphrase:
            raise UserError(
                _("that is not the current passphrase of {person}; nothing was changed").format(
                    person=person
                )
            ) from None
        except (Tampered, CannotDerive) as error:
            raise UserError(_("{problem}; nothing was changed").format(problem=error)) from None
    if previous is None:
        if sealed:
            said = _(
                "{person}'s private notes in {id} are now kept encrypted ({count} sealed now). "
                "A forgotten passphrase cannot be recovered."
            )
        else:
            said = _(
                "{person}'s private notes in {id} are now kept encrypted (none written yet). "
                "A forgotten passphrase cannot be recovered."
            )
        print(said.format(person=person, id=tandem.id, count=sealed))
    else:
        print(
            ngettext(
                "passphrase of {person} in {id} changed: a new key, and "
                "{count} private note sealed again under it",
                "passphrase of {person} in {id} changed: a new key, and "
                "{count} private notes sealed again under it",
                sealed,
            ).format(person=person, id=tandem.id, count=sealed)
        )
    return EXIT_OK


def _reset_private(store: Store, tandem: Tandem, role: Role, yes: bool) -> int:
    person = tandem.person(role).name
    if not yes:
        print(
            _(
                "This removes every private note of {person} ({role}) in {id}, in every "
                "session, and their passphrase: for a forgotten passphrase, or notes changed "
                "outside tandem-tui. Shared notes and the partner's notes stay. It cannot be "
                "undone."
            ).format(person=person, role=_role(role), id=tandem.id)
        )
        _ask_for_id(tandem.id)
    removed = store.discard_private(tandem.id, role)
    print(
        ngettext(
            "{person}'s private notes in {id} start afresh: {count} note removed, no "
            "passphrase set (set one with 'tandem-tui passphrase {id} --role {role}')",
            "{person}'s private notes in {id} start afresh: {count} notes removed, no "
            "passphrase set (set one with 'tandem-tui passphrase {id} --role {role}')",
            removed,
        ).format(person=person, id=tandem.id, count=removed, role=role.value)
    )
    return EXIT_OK


def cmd_forget(ctx: Context, args: argparse.Namespace) -> int:
    with ctx.store() as store:
        try:
            tandem = resolve_tandem(store, args.tandem)
            tandem_id = tandem.id
            label = _("{names} ({id})").format(names=tandem.label, id=tandem.id)
        except (UserError, StoreError):
            # A tandem whose files cannot be read is forgotten by its exact id.
            folder = store.tandems_dir / args.tandem
            if args.tandem not in store.taken_ids() or folder.is_symlink():
                raise
            tandem_id = args.tandem
            label = _("the tandem in {folder}").format(
                folder=agendas.display_path(store.tandem_dir(tandem_id))
            )
        if not args.yes:
            print(
                _(
                    "This removes {tandem} and everything of it: sessions, "
                    "shared and private notes, follow-ups, backups. It cannot be undone."
                ).format(tandem=label)
            )
            _ask_for_id(tandem_id)
        cancellations = None
        if args.cancellations:
            cancellations = _write_cancellations(store, tandem_id, user_path(args.cancellations))
        forgotten = store.forget_tandem(tandem_id)
    print(forgotten)
    if cancellations:
        print(cancellations)
    print(
        _(
            "Calendar files and minutes written earlier are outside tandem-tui's data; "
            "delete them yourself if you keep any (e.g. {file})."
        ).format(file=f"{tandem_id}.ics")
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
            _(
                "nothing was removed: what went out in calendars cannot be read ({problem}); "
                "forget it without --cancellations"
            ).format(problem=error)
        ) from None
    result = cancel_everything(tandem, marks)
    if not result.cancelled:
        return _(
            "No cancellations written to {file}: none of the tandem's "
            "meetings or follow-ups went out in a calendar."
        ).format(file=agendas.display_path(path))
    write_calendar(path)(result.calendar)
    return ngettext(
        "{file}: {count} meeting or follow-up cancelled. Import it into every calendar that "
        "imported the tandem's calendar: it disappears there.",
        "{file}: {count} meetings and follow-ups cancelled. Import it into every calendar "
        "that imported the tandem's calendar: they disappear there.",
        result.cancelled,
    ).format(file=agendas.display_path(path), count=result.cancelled)


# A partner's role as a message names it, in the chrome's language.
_ROLES = {Role.MENTOR: N_("mentor"), Role.MENTEE: N_("mentee")}


def _role(role: Role) -> str:
    return _(_ROLES[role])


def _ask_for_id(tandem_id: str) -> None:
    """The tandem id typed to go ahead with a removal; anything else removes nothing."""
    print(_("Type the tandem id ({id}) to go ahead: ").format(id=tandem_id), end="", flush=True)
    if sys.stdin.readline().strip() != tandem_id:
        raise UserError(_("nothing was removed: the id typed did not match"))


def add_commands(commands: Commands) -> None:
    """`passphrase` and `forget`."""
    passphrase = commands.add_parser(
        "passphrase",
        help=_("keep one person's private notes encrypted under a passphrase, or change it"),
        description=_(
            "Set a passphrase for the mentor's or the mentee's private notes of a "
            "tandem, or change it. From then on their private notes are stored only encrypted, "
            "and the app asks for the passphrase before showing them. A forgotten passphrase "
            "cannot be recovered: the notes under it are lost."
        ),
    )
    global_options(passphrase, top=False)
    passphrase.add_argument("tandem", metavar="TANDEM", help=_("tandem id or part of a name"))
    passphrase.add_argument("--role", required=True, type=lower, choices=[r.value for r in Role])
    passphrase.add_argument(
        "--reset",
        action="store_true",
        help=_(
            "remove this person's private notes (every session) and passphrase, to start "
            "afresh: for a forgotten passphrase, or notes changed outside tandem-tui; asks for "
            "the tandem id to confirm"
        ),
    )
    passphrase.add_argument("--yes", action="store_true", help=_("with --reset: do not ask"))
    passphrase.set_defaults(handler=cmd_passphrase)

    forget = commands.add_parser(
        "forget",
        help=_("remove a tandem and everything of it, for good"),
        description=_(
            "Remove a tandem and everything tandem-tui keeps of it: sessions, shared "
            "and private notes, follow-ups, feedback and backups. Asks for the tandem id to be "
            "typed first, unless --yes."
        ),
    )
    global_options(forget, top=False)
    forget.add_argument("tandem", metavar="TANDEM", help=_("tandem id or part of a name"))
    forget.add_argument("--yes", action="store_true", help=_("do not ask (for scripts)"))
    forget.add_argument(
        "--cancellations",
        metavar=_("FILE"),
        help=_(
            "first write a calendar file that cancels every meeting and follow-up of the "
            "tandem that went out in a calendar; import it where those were imported"
        ),
    )
    forget.set_defaults(handler=cmd_forget)
