"""Mail through the SMTP server of the settings, and the password that server wants.

tandem-tui never stores the password: it is taken from the environment variable
TANDEM_TUI_SMTP_PASSWORD, else from the system keyring (the `keyring` package) when one
is usable on this machine, else asked on the terminal without echo. Every failure is a
`MailError` of one line that names the server and never the password, in the
chrome's language.
"""

from __future__ import annotations

import os
import smtplib
import socket
import ssl
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from email.message import EmailMessage
from typing import TYPE_CHECKING, Any

from tandem_tui.i18n import _, os_reason
from tandem_tui.records import MailSettings, Security

if TYPE_CHECKING:
    from keyring.backend import KeyringBackend

PASSWORD_VARIABLE = "TANDEM_TUI_SMTP_PASSWORD"
KEYRING_SERVICE = "tandem-tui smtp"
TIMEOUT = 30  # seconds a server may take to answer


class MailError(Exception):
    """Mail could not be sent; `sent` messages went out before the failure."""

    def __init__(self, message: str, sent: int = 0) -> None:
        super().__init__(message)
        self.sent = sent


def server_name(mail: MailSettings) -> str:
    return f"{mail.host}:{mail.port}"


# the password ------------------------------------------------------------------------


def keyring_account(mail: MailSettings) -> str:
    """The name the password has in the keyring: the login at that server."""
    return f"{mail.user}@{mail.host}"


def _keyring() -> KeyringBackend | None:
    """The keyring backend of this machine, if one can keep a password; else None."""
    try:
        import keyring
        from keyring.backends import chainer, fail, null
    except ImportError:  # an installation without it: the other ways remain
        return None
    backend = keyring.get_keyring()
    if isinstance(backend, fail.Keyring | null.Keyring):
        return None
    if isinstance(backend, chainer.ChainerBackend) and not backend.backends:
        return None
    return backend


keyring_backend = _keyring  # for the calendar's password too (sync/service.py)


def keyring_name() -> str | None:
    """The keyring a password would be kept in (`SecretService Keyring`), or None."""
    backend = _keyring()
    return backend.name if backend is not None else None


def keyring_password(mail: MailSettings) -> str | None:
    backend = _keyring()
    if backend is None:
        return None
    try:
        return backend.get_password(KEYRING_SERVICE, keyring_account(mail))
    except Exception:  # a locked or broken backend (D-Bus gone, say) is no keyring to use
        return None


def store_password(mail: MailSettings, password: str) -> str:
    """Keep the password in the system keyring; the keyring's name. Raises MailError."""
    backend = _keyring()
    if backend is None:
        raise MailError(
            _(
                "no system keyring is usable here; give the password in the environment "
                "variable {variable} instead"
            ).format(variable=PASSWORD_VARIABLE)
        )
    try:
        backend.set_password(KEYRING_SERVICE, keyring_account(mail), password)
    except Exception as error:  # the backend's own errors: locked, refused, D-Bus gone
        raise MailError(
            _("the keyring ({keyring}) did not take the password: {reason}").format(
                keyring=backend.name, reason=_first_line(error)
            )
        ) from None
    return str(backend.name)


def password_source(mail: MailSettings) -> str:
    """Where the password will come from: "none" (no user to log in), "environment",
    "keyring" or "ask" (on the terminal when mail is sent). Never the password itself."""
    if not mail.user:
        return "none"
    if os.environ.get(PASSWORD_VARIABLE):
        return "environment"
    if keyring_password(mail) is not None:
        return "keyring"
    return "ask"


def find_password(mail: MailSettings, ask: Callable[[str], str] | None) -> str | None:
    """The password for the settings' login: None when there is no user to log in.

    From the environment, else the keyring, else `ask(prompt)` (a terminal's getpass);
    a MailError saying how to give one when none of them has it.
    """
    if not mail.user:
        return None
    password = os.environ.get(PASSWORD_VARIABLE) or keyring_password(mail)
    if password:
        return password
    if ask is not None:
        password = ask(_("Password of {user} at {host}: ").format(user=mail.user, host=mail.host))
        if password:
            return password
    raise MailError(
        _(
            "no password for {user} at {host}: set {variable}, or keep it "
            "in the system keyring with 'tandem-tui settings mail --store-password'"
        ).format(user=mail.user, host=mail.host, variable=PASSWORD_VARIABLE)
    )


# sending -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Letter:
    """A message and the addresses it goes to."""

    message: EmailMessage
    to: Sequence[str]


#: Called after each message the server took, with its index and the addresses it
#: refused (the others got it).
Sent = Callable[[int, dict[str, tuple[int, bytes]]], None]


def _first_line(value: Any) -> str:
    text = value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)
    return " ".join(text.split()) or type(value).__name__


def _answer(error: smtplib.SMTPResponseException) -> str:
    return f"{error.smtp_code} {_first_line(error.smtp_error)}"


def _explain(error: Exception, mail: MailSettings, stage: str) -> str:
    """One line naming the server and what went wrong, for each way it can."""
    server = server_name(mail)
    if isinstance(error, smtplib.SMTPAuthenticationError):
        return _(
            "{server} refused the login of {user} ({answer}); check the user and the password"
        ).format(server=server, user=mail.user, answer=_answer(error))
    if isinstance(error, smtplib.SMTPNotSupportedError):
        if stage == "starttls":
            return _("{server} offers no STARTTLS; choose --security ssl or none").format(
                server=server
            )
        return _("{server} offers no login; set no user ('settings mail --user \"\"')").format(
            server=server
        )
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        refused = ", ".join(
            f"{address} ({code} {_first_line(text)})"
            for address, (code, text) in error.recipients.items()
        )
        return _("{server} refused the recipients {refused}").format(server=server, refused=refused)
    if isinstance(error, smtplib.SMTPSenderRefused):
        return _("{server} refused the sender {sender} ({answer})").format(
            server=server, sender=error.sender, answer=_answer(error)
        )
    if isinstance(error, smtplib.SMTPServerDisconnected):
        return _("{server} closed the connection ({reason})").format(
            server=server, reason=_first_line(error)
        )
    if isinstance(error, smtplib.SMTPResponseException):
        return _("{server} answered {answer}").format(server=server, answer=_answer(error))
    if isinstance(error, smtplib.SMTPException):
        return f"{server}: {_first_line(error)}"
    if isinstance(error, ssl.SSLCertVerificationError):
        return _("{server}: its certificate could not be verified ({reason})").format(
            server=server, reason=error.verify_message
        )
    if isinstance(error, ssl.SSLError):
        return _("{server}: no TLS connection ({reason}); check --security and --port").format(
            server=server, reason=error.reason or _first_line(error)
        )
    if isinstance(error, ConnectionRefusedError):
        return _("{server} refused the connection; check --host and --port").format(server=server)
    if isinstance(error, TimeoutError):
        return _("{server} did not answer within {seconds} seconds").format(
            server=server, seconds=TIMEOUT
        )
    if isinstance(error, socket.gaierror):
        return _("unknown mail server {host} ({reason})").format(
            host=mail.host, reason=_first_line(os_reason(error))
        )
    if isinstance(error, OSError):
        return _("could not reach {server}: {reason}").format(
            server=server, reason=_first_line(os_reason(error))
        )
    return f"{server}: {_first_line(error)}"


def send(
    mail: MailSettings,
    password: str | None,
    letters: Sequence[Letter],
    on_sent: Sent | None = None,
) -> None:
    """Send each letter through one connection to the server; MailError on any failure."""
    context = ssl.create_default_context()
    stage, sent = "connect", 0
    smtp: smtplib.SMTP | None = None
    try:
        if mail.security is Security.SSL:
            smtp = smtplib.SMTP_SSL(mail.host, mail.port, timeout=TIMEOUT, context=context)
        else:
            smtp = smtplib.SMTP(mail.host, mail.port, timeout=TIMEOUT)
        stage = "hello"
        smtp.ehlo()
        if mail.security is Security.STARTTLS:
            stage = "starttls"
            smtp.starttls(context=context)
            smtp.ehlo()
        if mail.user:
            stage = "login"
            smtp.login(mail.user, password or "")
        stage = "send"
        for index, letter in enumerate(letters):
            refused = smtp.send_message(
                letter.message, from_addr=mail.sender or None, to_addrs=list(letter.to)
            )
            sent += 1
            if on_sent is not None:
                on_sent(index, refused)
    except (smtplib.SMTPException, OSError) as error:
        if smtp is not None:
            smtp.close()  # no goodbye to a server that failed: it may not answer one
        raise MailError(_explain(error, mail, stage), sent=sent) from None
    try:
        smtp.quit()
    except (smtplib.SMTPException, OSError):
        smtp.close()  # what was sent is sent; a goodbye lost changes nothing
