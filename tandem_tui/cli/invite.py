"""`export --invite` and `export --send`: a tandem's meetings as invitations, in a file or
mailed to both partners. The options are the export command's (cli/export.py)."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from typing import TYPE_CHECKING, Any

from tandem_tui import agendas
from tandem_tui.cli.common import EXIT_OK, Context, UserError, output_path, resolve_tandem, warn
from tandem_tui.i18n import _, chrome, ngettext

if TYPE_CHECKING:
    from tandem_tui.invite import Invitation, Organizer
    from tandem_tui.model import Tandem
    from tandem_tui.records import MailSettings

SET_MAIL = "tandem-tui settings mail --host HOST --port 587 --user USER --from EMAIL"


def add_options(export: argparse.ArgumentParser) -> None:
    """The export command's options for invitations."""
    export.add_argument(
        "--invite",
        action="store_true",
        help=_(
            "write the meetings as invitations (METHOD:REQUEST, iTIP) from an organizer to "
            "both partners, under the same UIDs as the plain file, so that later updates and "
            "cancellations replace them; to import into the organizer's calendar. For Outlook "
            "and Exchange, mailing them with --send is the reliable way"
        ),
    )
    export.add_argument(
        "--send",
        action="store_true",
        help=_(
            "mail each coming meeting's invitation (or cancellation) to both partners "
            "(iMIP), through the server of 'tandem-tui settings mail'; the password comes from "
            "$TANDEM_TUI_SMTP_PASSWORD, the system keyring, or is asked"
        ),
    )
    export.add_argument(
        "--organizer",
        metavar="EMAIL",
        help=_(
            "who invites, e.g. the facilitator: 'Anna Schmidt <anna@example.org>' or an "
            "address (default: the sender of 'tandem-tui settings mail --from')"
        ),
    )


def _organizer(given: str | None, mail: MailSettings | None) -> Organizer:
    from tandem_tui.invite import InviteError, Organizer

    try:
        if given:
            same = mail is not None and given.strip().casefold() == mail.sender.casefold()
            return Organizer.parse(given, mail.sender_name if mail and same else "")
        if mail is not None and mail.sender:
            return Organizer.parse(mail.sender, mail.sender_name)
    except InviteError as error:
        raise UserError(_("--organizer: {problem}").format(problem=error)) from None
    raise UserError(
        _(
            "no organizer for the invitations: give --organizer EMAIL, "
            "or set the sender once with 'tandem-tui settings mail --from EMAIL'"
        )
    )


def _server(mail: MailSettings | None) -> MailSettings:
    if mail is None or not mail.host:
        raise UserError(
            _("no mail server to send through; set one with '{command}'").format(command=SET_MAIL)
        )
    if not mail.sender:
        raise UserError(
            _("no sender address to send from; set it with 'tandem-tui settings mail --from EMAIL'")
        )
    return mail


def _ask() -> Any:
    """getpass on a terminal; None where nobody can answer (a script, a pipe)."""
    if not sys.stdin.isatty():
        return None
    import getpass

    return getpass.getpass


def cmd_invite(ctx: Context, args: argparse.Namespace, zone: Any) -> int:
    """`export TANDEM --invite` or `--send`."""
    from icalendar import Calendar

    from tandem_tui.export import DEFAULT_ALARMS, Tasks, export_tandem, nothing_to_export
    from tandem_tui.invite import InviteError, check_addresses, invitations
    from tandem_tui.mailer import MailError, find_password

    if args.all:
        raise UserError(_("--invite and --send take one TANDEM, not --all"))
    if args.send and args.output:
        raise UserError(_("--send mails the invitations and writes no file: leave out -o"))
    with ctx.store(readonly=True) as store:
        tandem = resolve_tandem(store, args.tandem)
        mail = store.settings().mail
    if args.send:
        mail = _server(mail)
    organizer = _organizer(args.organizer, mail)
    try:
        check_addresses(tandem)
    except InviteError as error:
        raise UserError(str(error)) from None
    password = None
    if args.send and mail is not None:
        try:  # asked before the data is opened: the app is not kept waiting for a typist
            password = find_password(mail, _ask())
        except MailError as error:
            raise UserError(str(error)) from None

    library = ctx.library()
    alarms = () if args.no_alarms else tuple(args.alarm or DEFAULT_ALARMS)
    with ctx.store_even_while_open() as store:
        tandem = resolve_tandem(store, tandem.id)
        # The plain export's calendar, with its marks kept: the same UIDs and SEQUENCEs.
        result = export_tandem(
            store, library, tandem, zone=zone, tasks=Tasks(args.tasks), alarms=alarms
        )
    if result.empty:
        raise UserError(nothing_to_export(tandem, library))
    sent_by = mail.sender if args.send and mail is not None else None
    found = invitations(Calendar.from_ical(result.calendar), tandem, organizer, sent_by=sent_by)
    if not found:
        raise UserError(
            _(
                "{id}: no meeting to invite to: none is planned yet. Plan one with "
                "'tandem-tui tandem plan {id} \"YYYY-MM-DD HH:MM\"'"
            ).format(id=tandem.id)
        )
    if args.send and mail is not None:
        return _send(ctx, tandem, organizer, found, mail, password)
    return _write(args, tandem, organizer, found)


def _write(
    args: argparse.Namespace, tandem: Tandem, organizer: Organizer, found: list[Invitation]
) -> int:
    from tandem_tui.invite import Method, combined
    from tandem_tui.paths import atomic_write_bytes

    requests, cancels = combined(found, Method.REQUEST), combined(found, Method.CANCEL)
    if args.output == "-":
        # Two iCalendar objects in one stream (RFC 5545 allows it): one method each.
        sys.stdout.buffer.write((requests or b"") + (cancels or b""))
        return EXIT_OK
    path = output_path(args.output, f"{tandem.id}-invitations.ics")
    invited = sum(i.method is Method.REQUEST for i in found)
    if requests is not None:
        atomic_write_bytes(path, requests)
        print(
            ngettext(
                "{file}: {count} invitation (METHOD:REQUEST) to the meetings of {names}, "
                "from {organizer}",
                "{file}: {count} invitations (METHOD:REQUEST) to the meetings of {names}, "
                "from {organizer}",
                invited,
            ).format(
                file=agendas.display_path(path),
                count=invited,
                names=tandem.label,
                organizer=organizer,
            )
        )
    if cancels is not None:
        cancelled = len(found) - invited
        other = path.with_name(f"{path.stem}-cancellations{path.suffix or '.ics'}")
        atomic_write_bytes(other, cancels)
        print(
            ngettext(
                "{file}: {count} cancellation (METHOD:CANCEL) of meetings no longer planned",
                "{file}: {count} cancellations (METHOD:CANCEL) of meetings no longer planned",
                cancelled,
            ).format(file=agendas.display_path(other), count=cancelled)
        )
    print(
        _(
            "  import into the organizer's calendar; for Outlook and Exchange, mail them "
            "with 'tandem-tui export {id} --send'"
        ).format(id=tandem.id)
    )
    return EXIT_OK


def _send(
    ctx: Context,
    tandem: Tandem,
    organizer: Organizer,
    found: list[Invitation],
    mail: MailSettings,
    password: str | None,
) -> int:
    from tandem_tui.invite import Method, Organizer, imip_message, recipients
    from tandem_tui.mailer import Letter, MailError, send, server_name

    due = [i for i in found if not i.is_over(ctx.now)]
    over = len(found) - len(due)
    if not due:
        print(_("{id}: nothing to mail: every meeting is over").format(id=tandem.id))
        return EXIT_OK
    sender = Organizer.parse(mail.sender, mail.sender_name)
    to = recipients(tandem)
    letters = [
        Letter(imip_message(i, tandem, organizer, sender=sender, now=ctx.now), to) for i in due
    ]

    speech = chrome()

    def sent(index: int, refused: dict[str, tuple[int, bytes]]) -> None:
        invitation = due[index]
        if invitation.method is Method.CANCEL:
            kind = _("cancellation sent")
        elif invitation.is_update:
            kind = _("updated invitation (sequence {sequence}) sent").format(
                sequence=invitation.sequence
            )
        else:
            kind = _("invitation sent")
        when = invitation.start
        if isinstance(when, datetime):
            shown = f"{speech.short_day(when.date())} {when.year} {speech.clock(when)}"
            line = _("[{number}/{total}] session {session}, {when}: {sent}")
        else:
            shown, line = "", _("[{number}/{total}] session {session}: {sent}")
        print(
            line.format(
                number=index + 1, total=len(due), session=invitation.number, when=shown, sent=kind
            )
        )
        for address, (code, text) in refused.items():
            answer = " ".join(text.decode("utf-8", "replace").split())
            warn(
                _("{server} refused {address}: {code} {answer}").format(
                    server=server_name(mail), address=address, code=code, answer=answer
                )
            )

    try:
        send(mail, password, letters, sent)
    except MailError as error:
        if not error.sent:
            raise UserError(_("{problem}; nothing was sent").format(problem=error)) from None
        raise UserError(
            ngettext(
                "{problem}; {sent} of {count} message went out before it "
                "(sending again is safe: the same meetings are updated, never doubled)",
                "{problem}; {sent} of {count} messages went out before it "
                "(sending again is safe: the same meetings are updated, never doubled)",
                len(letters),
            ).format(problem=error, sent=error.sent, count=len(letters))
        ) from None
    said = ngettext(
        "{count} message sent through {server} to {addresses}",
        "{count} messages sent through {server} to {addresses}",
        len(letters),
    ).format(count=len(letters), server=server_name(mail), addresses=", ".join(to))
    if over:
        said += ngettext(
            "; {count} meeting already over, not mailed",
            "; {count} meetings already over, not mailed",
            over,
        ).format(count=over)
    print(said)
    return EXIT_OK
