"""`settings mail|cohort|show`: what the app remembers, such as the mail server for invitations.

Passwords are never among them: `settings mail --store-password` puts one in the
system keyring, and `settings show` says only where it will come from.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from tandem_tui import agendas
from tandem_tui.cli.common import EXIT_OK, Context, UserError, print_json, quoted, warn
from tandem_tui.cli.options import action, group, lower
from tandem_tui.i18n import N_, _

if TYPE_CHECKING:
    from tandem_tui.cli.options import Commands
    from tandem_tui.records import CohortSettings, MailSettings, Settings

LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1")

PASSWORD_TEXT = {
    "none": N_("none needed (no user to log in)"),
    "environment": N_("from the environment variable TANDEM_TUI_SMTP_PASSWORD"),
    "keyring": N_("in the system keyring"),
    "ask": N_("asked when mail is sent (not stored)"),
}


def _host(text: str) -> str:
    host = text.strip()
    if not host or any(char.isspace() or not char.isprintable() for char in host):
        raise UserError(
            _("--host: {given} is not a server name like smtp.example.org").format(
                given=quoted(text)
            )
        )
    if host.count(":") == 1:
        raise UserError(
            _("--host: {given}: give the server's name alone and its port with --port").format(
                given=quoted(host)
            )
        )
    return host


def _port(value: int) -> int:
    if not 1 <= value <= 65535:
        raise UserError(_("--port: {given} is not a port (1 to 65535)").format(given=value))
    return value


def _user(text: str) -> str:
    user = text.strip()
    if any(not char.isprintable() for char in user):
        raise UserError(_("--user: the user name must be one line of printable characters"))
    return user


def _changed_mail(before: MailSettings, args: argparse.Namespace) -> MailSettings:
    from tandem_tui.invite import InviteError, Organizer
    from tandem_tui.records import Security

    mail = before
    if args.host is not None:
        mail = replace(mail, host=_host(args.host))
    if args.security is not None:
        security = Security(args.security)
        port = mail.port
        if args.port is None and port == mail.security.default_port:
            port = security.default_port  # the usual port went with the usual security
        mail = replace(mail, security=security, port=port)
    if args.port is not None:
        mail = replace(mail, port=_port(args.port))
    if args.user is not None:
        mail = replace(mail, user=_user(args.user))
    if args.sender is not None:
        try:
            sender = Organizer.parse(args.sender)
        except InviteError as error:
            raise UserError(_("--from: {problem}").format(problem=error)) from None
        mail = replace(mail, sender=sender.email, sender_name=sender.name)
    return mail


def _read_password(mail: MailSettings) -> str:
    prompt = _("Password of {user} at {host}: ").format(user=mail.user, host=mail.host)
    if sys.stdin.isatty():
        import getpass

        password = getpass.getpass(prompt)
    else:  # from a pipe or a password manager's command: the first line
        password = sys.stdin.readline().rstrip("\r\n")
    if not password:
        raise UserError(_("no password given; nothing was changed"))
    return password


def cmd_settings_mail(ctx: Context, args: argparse.Namespace) -> int:
    from tandem_tui.mailer import MailError, store_password
    from tandem_tui.records import MailSettings

    with ctx.store() as store:
        settings = store.settings()
        before = settings.mail or MailSettings()
        mail = _changed_mail(before, args)
        if args.store_password:
            if not mail.host or not mail.user:
                raise UserError(
                    _("--store-password keeps the password of a login: set --host and --user first")
                )
            try:
                keyring = store_password(mail, _read_password(mail))
            except MailError as error:
                raise UserError(str(error)) from None
            print(
                _("password of {user} at {host} kept in the system keyring ({keyring})").format(
                    user=mail.user, host=mail.host, keyring=keyring
                )
            )
        if mail != before:
            store.save_settings(replace(settings, mail=mail))
            print(_("mail settings saved"))
        elif not args.store_password:
            print(_("nothing to change; the mail settings are:"))
    _print_mail(mail)
    if mail.security.value == "none" and mail.user and mail.host not in LOCAL_HOSTS:
        warn(
            _("with --security none the password goes unencrypted to {host}").format(host=mail.host)
        )
    return EXIT_OK


def _mail_lines(mail: MailSettings | None) -> list[tuple[str, str]]:
    from tandem_tui.invite import Organizer
    from tandem_tui.mailer import keyring_name, password_source

    server = _("Mail server")
    if mail is None or not (mail.host or mail.sender):
        return [(server, _("not set; set it with 'tandem-tui settings mail --host HOST ...'"))]
    lines = []
    if mail.host:
        if mail.user:
            login = _("{host}:{port}, {security}, login {user}")
        else:
            login = _("{host}:{port}, {security}, no login")
        lines.append(
            (
                server,
                login.format(
                    host=mail.host, port=mail.port, security=mail.security.value, user=mail.user
                ),
            )
        )
    else:
        lines.append((server, _("not set (--host)")))
    unset = _("not set (--from)")
    sender = str(Organizer(mail.sender, mail.sender_name)) if mail.sender else unset
    lines.append((_("Sender"), sender))
    if mail.user:
        source = password_source(mail)
        text = _(PASSWORD_TEXT[source])
        if source == "keyring":
            text += f" ({keyring_name()})"
        lines.append((_("Password"), text))
    return lines


def _print_mail(mail: MailSettings | None) -> None:
    _print_settings(_mail_lines(mail))


def _print_settings(lines: list[tuple[str, str]]) -> None:
    """`  Label:        value`, the values in one column."""
    labels = [_("{label}:").format(label=label) for label, _value in lines]
    width = max(14, *(len(label) + 1 for label in labels))
    for label, (_label, value) in zip(labels, lines, strict=True):
        print(f"  {label:<{width}}{value}")


def _settings_doc(settings: Settings) -> dict[str, Any]:
    from tandem_tui.mailer import password_source

    doc: dict[str, Any] = {
        "files_folder": str(settings.files_folder) if settings.files_folder else None,
        "mail": None,
        "cohort": settings.cohort.to_doc() if settings.cohort else None,
    }
    if settings.mail is not None:
        doc["mail"] = settings.mail.to_doc() | {"password": password_source(settings.mail)}
    return doc


def _cohort_lines(cohort: CohortSettings | None) -> list[tuple[str, str]]:
    label = _("Cohort calendar")
    if cohort is None:
        return [
            (
                label,
                _("not set; the cohort overview shows this machine's tandems ('settings cohort')"),
            )
        ]
    if cohort.user:
        return [(label, _("{url}, login {user}").format(url=cohort.url, user=cohort.user))]
    return [(label, _("{url}, no login").format(url=cohort.url))]


def cmd_settings_cohort(ctx: Context, args: argparse.Namespace) -> int:
    from tandem_tui.cli.sync import _ask
    from tandem_tui.records import CohortSettings
    from tandem_tui.sync import service
    from tandem_tui.sync.dav import Calendar, SyncError

    if args.off:
        if args.user is not None:
            raise UserError(_("--user goes with --url, not with --off"))
        with ctx.store() as store:
            settings = store.settings()
            if settings.cohort is not None:
                store.save_settings(replace(settings, cohort=None))
        print(_("the cohort overview shows this machine's tandems again"))
        return EXIT_OK
    try:
        url = service.check_url(args.url)
        user = _user(args.user or "")
        password = service.password_for(url, user, ask=_ask)
        if not Calendar(url, user, password).exists():  # a typo is told now, not in the app
            raise SyncError(_("there is no calendar at {url}").format(url=url))
    except SyncError as error:
        raise UserError(str(error)) from None
    with ctx.store() as store:
        settings = store.settings()
        store.save_settings(replace(settings, cohort=CohortSettings(url, user)))
    print(_("the cohort overview reads the cohort calendar {url}").format(url=url))
    if password and service.remember_password(url, user, password):
        print(_("the password is kept in the system keyring, not in the data folder"))
    return EXIT_OK


def cmd_settings_show(ctx: Context, args: argparse.Namespace) -> int:
    with ctx.store(readonly=True) as store:
        settings = store.settings()
    if args.json:
        print_json(_settings_doc(settings))
        return EXIT_OK
    folder = settings.files_folder
    shown = agendas.display_path(folder) if folder else _("not chosen yet")
    _print_settings(
        [(_("Files folder"), shown), *_mail_lines(settings.mail), *_cohort_lines(settings.cohort)]
    )
    return EXIT_OK


def add_commands(commands: Commands) -> None:
    """The `settings` group."""
    settings = group(commands, "settings", _("show and change what the app remembers"))
    show = action(settings, "show", cmd_settings_show, _("show the settings (never a password)"))
    show.add_argument("--json", action="store_true", help=_("print JSON for scripts"))
    mail = action(
        settings,
        "mail",
        cmd_settings_mail,
        _(
            "set the mail server that 'export --send' mails invitations through; "
            "only the options given change"
        ),
    )
    mail.add_argument("--host", metavar="HOST", help=_("the SMTP server, e.g. smtp.example.org"))
    mail.add_argument(
        "--port",
        type=int,
        metavar="PORT",
        help=_("its port (default: 587, 465 with ssl, 25 none)"),
    )
    mail.add_argument(
        "--security",
        type=lower,
        choices=["starttls", "ssl", "none"],  # records.Security
        help=_("starttls (default), ssl, or none (only for a server you trust on the way)"),
    )
    mail.add_argument(
        "--user", metavar=_("USER"), help=_("the login at the server; an empty string: no login")
    )
    mail.add_argument(
        "--from",
        dest="sender",
        metavar="EMAIL",
        help=_(
            "the sender, also the organizer of invitations: "
            "'Anna Schmidt <anna@example.org>' or an address"
        ),
    )
    mail.add_argument(
        "--store-password",
        action="store_true",
        help=_(
            "keep the login's password in the system keyring (asked without echo, or "
            "the first line of standard input); never in the data folder"
        ),
    )
    cohort = action(
        settings,
        "cohort",
        cmd_settings_cohort,
        _(
            "the cohort calendar the app's cohort overview is read from (the password as for "
            "a sync: environment, system keyring, or asked now and kept in the keyring)"
        ),
    )
    which = cohort.add_mutually_exclusive_group(required=True)
    which.add_argument("--url", metavar="URL", help=_("the cohort calendar's address"))
    which.add_argument(
        "--off", action="store_true", help=_("show this machine's tandems in the overview again")
    )
    cohort.add_argument("--user", metavar=_("USER"), help=_("the login at the server"))
