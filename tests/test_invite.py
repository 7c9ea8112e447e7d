"""Invitations: `export --invite` files and `export --send` mail, received by a real SMTP
server (aiosmtpd) on this machine and read back with the email package, icalendar and
vobject, as a calendar that gets the mail would read it.
"""

from __future__ import annotations

import json
import socket
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date, datetime, timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import vobject
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, Envelope, LoginPassword, Session
from conftest import CliResult, make_tandem
from icalendar import Calendar, Event

from tandem_tui.export import build_calendar, meeting_uid
from tandem_tui.invite import (
    InviteError,
    Method,
    Organizer,
    combined,
    imip_message,
    invitations,
    recipients,
)
from tandem_tui.library import Library
from tandem_tui.mailer import Letter, MailError, send
from tandem_tui.model import FollowUp, Owner
from tandem_tui.records import MailSettings, Security
from tandem_tui.schema import validate

BERLIN = ZoneInfo("Europe/Berlin")
PASSWORD = "correct horse 7391"
ORGANIZER = "Anna Schmidt <anna@example.org>"
PARTNERS = ["lena@example.org", "markus@example.org"]

Cli = Callable[..., CliResult]

# The guarded server takes a login without TLS on purpose: it is this machine's own.
pytestmark = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")


class Mailbox:
    """What the SMTP server received; `refuse_from` makes it refuse the n-th message on."""

    def __init__(self) -> None:
        self.envelopes: list[Envelope] = []
        self.logins: list[bytes] = []
        self.refuse_from: int | None = None

    async def handle_DATA(self, server: Any, session: Session, envelope: Envelope) -> str:
        if self.refuse_from is not None and len(self.envelopes) + 1 >= self.refuse_from:
            return "554 5.6.0 Message refused by policy"
        self.envelopes.append(envelope)
        return "250 OK"

    def messages(self) -> list[EmailMessage]:
        found = []
        for envelope in self.envelopes:
            assert isinstance(envelope.content, bytes)
            message = message_from_bytes(envelope.content, policy=policy.default)
            assert isinstance(message, EmailMessage)
            found.append(message)
        return found


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def serve(mailbox: Mailbox, **smtp: Any) -> Iterator[int]:
    port = free_port()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port, **smtp)
    controller.start()
    try:
        yield port
    finally:
        controller.stop()


@pytest.fixture
def mailbox() -> Mailbox:
    return Mailbox()


@pytest.fixture
def smtp_port(mailbox: Mailbox) -> Iterator[int]:
    """A real SMTP server without TLS or login."""
    yield from serve(mailbox)


@pytest.fixture
def guarded_port(mailbox: Mailbox) -> Iterator[int]:
    """A real SMTP server that wants the login anna with PASSWORD (AUTH PLAIN or LOGIN)."""

    def authenticator(
        server: Any, session: Session, envelope: Envelope, mechanism: str, auth_data: Any
    ) -> AuthResult:
        if not isinstance(auth_data, LoginPassword):
            return AuthResult(success=False)
        mailbox.logins.append(auth_data.login)
        good = auth_data.login == b"anna" and auth_data.password == PASSWORD.encode()
        return AuthResult(success=good, handled=False)

    yield from serve(
        mailbox, authenticator=authenticator, auth_required=True, auth_require_tls=False
    )


@pytest.fixture(autouse=True)
def scratch_keyring_and_zone(monkeypatch: pytest.MonkeyPatch) -> None:
    """A real keyring backend keeping its file in the test's scratch folder (XDG_DATA_HOME),
    so no test reads or writes the keyring of whoever runs the suite."""
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyrings.alt.file.PlaintextKeyring")
    monkeypatch.delenv("TANDEM_TUI_SMTP_PASSWORD", raising=False)
    # Meetings are planned in Berlin's local time, whatever zone the machine is in.
    monkeypatch.setenv("TZ", "Europe/Berlin")


def soon(days: int = 30) -> str:
    """A meeting time ahead of today, whenever the suite runs."""
    return (date.today() + timedelta(days=days)).strftime("%Y-%m-%d 17:00")


def register(cli: Cli, *, mentee_email: str = "markus@example.org", when: str = "") -> None:
    added = cli(
        "tandem",
        "add",
        "--mentor",
        "Lena Vogel",
        "--mentee",
        "Markus Brandt",
        "--mentor-email",
        "lena@example.org",
        *(["--mentee-email", mentee_email] if mentee_email else []),
    )
    assert added.returncode == 0, added.stderr
    planned = cli("tandem", "plan", "lena", when or soon())
    assert planned.returncode == 0, planned.stderr
    follow_up = cli("followup", "add", "lena", "Send the ground rules", "--owner", "mentor")
    assert follow_up.returncode == 0, follow_up.stderr


def set_server(cli: Cli, port: int, *extra: str) -> None:
    result = cli(
        "settings",
        "mail",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--security",
        "none",
        "--from",
        ORGANIZER,
        *extra,
    )
    assert result.returncode == 0, result.stderr


def plain_meetings(tmp_path: Path, cli: Cli) -> dict[str, int]:
    """UID -> SEQUENCE of the meetings in the plain `export` file of the tandem."""
    written = cli("export", "lena", "-o", "plain.ics", "--timezone", "Europe/Berlin")
    assert written.returncode == 0, written.stderr
    calendar = Calendar.from_ical((tmp_path / "plain.ics").read_bytes())
    assert str(calendar["METHOD"]) == "PUBLISH"
    return {
        str(e["UID"]): int(e["SEQUENCE"])
        for e in calendar.walk("VEVENT")
        if not str(e["UID"]).startswith("followup-")
    }


def calendar_part(message: EmailMessage) -> tuple[EmailMessage, Calendar, str]:
    assert message.get_content_type() == "multipart/alternative"
    parts = list(message.iter_parts())
    assert [p.get_content_type() for p in parts] == ["text/plain", "text/calendar"]
    part = parts[1]
    assert isinstance(part, EmailMessage)
    text = part.get_content()
    return part, Calendar.from_ical(text), text


def attendees(event: Event) -> dict[str, Any]:
    found = event["ATTENDEE"]
    return {str(a).removeprefix("mailto:"): a.params for a in found}


def test_send_mails_one_imip_request_per_meeting_under_the_exports_uids(
    tmp_path: Path, cli: Cli, mailbox: Mailbox, smtp_port: int
) -> None:
    register(cli)
    set_server(cli, smtp_port)
    exported = plain_meetings(tmp_path, cli)
    assert len(exported) == 6

    sent = cli("export", "lena", "--send", "--timezone", "Europe/Berlin")

    assert sent.returncode == 0, sent.stderr
    assert f"6 messages sent through 127.0.0.1:{smtp_port}" in sent.stdout
    assert "lena@example.org, markus@example.org" in sent.stdout
    messages = mailbox.messages()
    assert len(messages) == 6
    received: dict[str, int] = {}
    for envelope, message in zip(mailbox.envelopes, messages, strict=True):
        assert envelope.mail_from == "anna@example.org"
        assert sorted(envelope.rcpt_tos) == PARTNERS
        assert message["From"] == ORGANIZER
        assert [a.addr_spec for a in message["To"].addresses] == PARTNERS
        part, calendar, text = calendar_part(message)
        assert part.get_param("method") == "REQUEST"
        assert str(part.get_param("charset")).upper() == "UTF-8"
        assert str(calendar["METHOD"]) == "REQUEST"
        events = calendar.walk("VEVENT")
        assert len(events) == 1, "RFC 5546: one UID per iTIP object"
        assert not calendar.walk("VTODO"), "follow-ups are not invited"
        event = events[0]
        assert [str(z["TZID"]) for z in calendar.walk("VTIMEZONE")] == ["Europe/Berlin"]
        assert event["DTSTART"].params["TZID"] == "Europe/Berlin"
        organizer = event["ORGANIZER"]
        assert str(organizer) == "mailto:anna@example.org"
        assert organizer.params["CN"] == "Anna Schmidt"
        people = attendees(event)
        assert sorted(people) == PARTNERS
        assert people["lena@example.org"]["CN"] == "Lena Vogel"
        for params in people.values():
            assert params["RSVP"] == "TRUE"
            assert params["PARTSTAT"] == "NEEDS-ACTION"
            assert params["ROLE"] == "REQ-PARTICIPANT"
        received[str(event["UID"])] = int(event["SEQUENCE"])
        assert str(event["SUMMARY"]) in " ".join(str(message["Subject"]).split())
        plain = next(message.iter_parts()).get_content()
        assert "Lena Vogel (mentor) and Markus Brandt (mentee)" in plain
        assert "17:00" in plain and "(Europe/Berlin)" in plain
        # vobject, another parser, reads the same object.
        parsed = vobject.readOne(text)
        assert parsed.method.value == "REQUEST"
        assert len(parsed.vevent.attendee_list) == 2
    assert received == exported, "the same meetings, UIDs and SEQUENCEs as the plain export"


def test_a_replan_sends_updates_with_a_higher_sequence(
    cli: Cli, mailbox: Mailbox, smtp_port: int
) -> None:
    register(cli, when=soon(30))
    set_server(cli, smtp_port)
    assert cli("export", "lena", "--send", "--timezone", "Europe/Berlin").returncode == 0
    first = {}
    for message in mailbox.messages():
        event = calendar_part(message)[1].walk("VEVENT")[0]
        first[str(event["UID"])] = (int(event["SEQUENCE"]), event["DTSTART"].dt)
    mailbox.envelopes.clear()

    assert cli("tandem", "plan", "lena", soon(37)).returncode == 0
    again = cli("export", "lena", "--send", "--timezone", "Europe/Berlin")

    assert again.returncode == 0, again.stderr
    assert "updated invitation (sequence 1) sent" in again.stdout
    second = mailbox.messages()
    assert len(second) == len(first) == 6
    for message in second:
        assert str(message["Subject"]).startswith("Updated invitation: ")
        event = calendar_part(message)[1].walk("VEVENT")[0]
        sequence, start = first[str(event["UID"])]
        assert int(event["SEQUENCE"]) > sequence
        assert event["DTSTART"].dt - start == timedelta(days=7)


def test_the_password_comes_from_the_environment_and_a_wrong_one_is_named(
    home: Path, cli: Cli, mailbox: Mailbox, guarded_port: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    register(cli)
    set_server(cli, guarded_port, "--user", "anna")

    monkeypatch.setenv("TANDEM_TUI_SMTP_PASSWORD", "not the password")
    refused = cli("export", "lena", "--send", input="")
    assert refused.returncode == 1
    assert refused.stderr.strip().splitlines() == [
        f"tandem-tui: error: 127.0.0.1:{guarded_port} refused the login of anna "
        "(535 5.7.8 Authentication credentials invalid); check the user and the password; "
        "nothing was sent"
    ]
    assert "not the password" not in refused.stderr + refused.stdout
    assert mailbox.envelopes == []

    monkeypatch.setenv("TANDEM_TUI_SMTP_PASSWORD", PASSWORD)
    sent = cli("export", "lena", "--send", input="")
    assert sent.returncode == 0, sent.stderr
    assert len(mailbox.messages()) == 6
    assert mailbox.logins[-1] == b"anna"

    settings = (home / "settings.json").read_text()
    assert PASSWORD not in settings and "password" not in settings
    assert json.loads(settings)["settings"]["1"]["mail"] == {
        "host": "127.0.0.1",
        "port": guarded_port,
        "security": "none",
        "user": "anna",
        "from": "anna@example.org",
        "from_name": "Anna Schmidt",
    }
    shown = cli("settings", "show")
    assert "from the environment variable TANDEM_TUI_SMTP_PASSWORD" in shown.stdout
    assert PASSWORD not in shown.stdout


def test_a_password_kept_in_the_keyring_is_used_and_never_stored_in_the_data_folder(
    tmp_path: Path, home: Path, cli: Cli, mailbox: Mailbox, guarded_port: int
) -> None:
    register(cli)
    stored = cli(
        "settings",
        "mail",
        "--host",
        "127.0.0.1",
        "--port",
        str(guarded_port),
        "--security",
        "none",
        "--user",
        "anna",
        "--from",
        ORGANIZER,
        "--store-password",
        input=PASSWORD + "\n",
    )
    assert stored.returncode == 0, stored.stderr
    assert "password of anna at 127.0.0.1 kept in the system keyring" in stored.stdout
    assert "in the system keyring" in cli("settings", "show").stdout

    sent = cli("export", "lena", "--send", input="")

    assert sent.returncode == 0, sent.stderr
    assert len(mailbox.messages()) == 6
    for path in home.rglob("*"):
        if path.is_file():
            assert PASSWORD.encode() not in path.read_bytes(), path
    # The keyring's own file, outside the data folder, is where it went.
    assert (tmp_path / "xdg-data" / "python_keyring" / "keyring_pass.cfg").is_file()
    doc = json.loads(cli("settings", "show", "--json").stdout)
    assert doc["mail"]["password"] == "keyring"


def test_without_a_keyring_or_terminal_the_password_is_asked_for_clearly(
    cli: Cli, mailbox: Mailbox, guarded_port: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    register(cli)
    set_server(cli, guarded_port, "--user", "anna")

    sent = cli("export", "lena", "--send", input="")
    kept = cli("settings", "mail", "--store-password", input=PASSWORD + "\n")

    assert sent.returncode == 1
    assert sent.stderr == (
        "tandem-tui: error: no password for anna at 127.0.0.1: set TANDEM_TUI_SMTP_PASSWORD, "
        "or keep it in the system keyring with 'tandem-tui settings mail --store-password'\n"
    )
    assert kept.returncode == 1
    assert "no system keyring is usable here" in kept.stderr
    assert "TANDEM_TUI_SMTP_PASSWORD" in kept.stderr
    assert mailbox.envelopes == []


def test_a_partner_without_an_address_is_named_with_the_command_to_add_it(
    tmp_path: Path, cli: Cli, mailbox: Mailbox, smtp_port: int
) -> None:
    register(cli, mentee_email="")
    set_server(cli, smtp_port)
    expected = (
        "tandem-tui: error: lena-markus: Markus Brandt (mentee) has no e-mail address to "
        "invite; add it with 'tandem-tui tandem edit lena-markus --mentee-email ADDRESS'\n"
    )

    for command in (("--send",), ("--invite",)):
        result = cli("export", "lena", *command)
        assert result.returncode == 1
        assert result.stderr == expected
    assert mailbox.envelopes == []
    assert not (tmp_path / "lena-markus-invitations.ics").exists()

    assert cli("tandem", "edit", "lena", "--mentee-email", "markus@example.org").returncode == 0
    assert cli("export", "lena", "--send").returncode == 0
    assert len(mailbox.envelopes) == 6


def test_the_invitation_file_holds_the_series_as_one_request(tmp_path: Path, cli: Cli) -> None:
    register(cli)
    exported = plain_meetings(tmp_path, cli)

    nobody = cli("export", "lena", "--invite")
    written = cli(
        "export", "lena", "--invite", "--organizer", ORGANIZER, "--timezone", "Europe/Berlin"
    )

    assert nobody.returncode == 1
    assert "give --organizer EMAIL" in nobody.stderr
    assert written.returncode == 0, written.stderr
    assert written.stdout.startswith(
        "lena-markus-invitations.ics: 6 invitations (METHOD:REQUEST) to the meetings of "
        f"Lena Vogel & Markus Brandt, from {ORGANIZER}\n"
    )
    data = (tmp_path / "lena-markus-invitations.ics").read_bytes()
    calendar = Calendar.from_ical(data)
    assert str(calendar["METHOD"]) == "REQUEST"
    assert not calendar.walk("VTODO")
    assert len(calendar.walk("VTIMEZONE")) == 1
    events = calendar.walk("VEVENT")
    assert {str(e["UID"]): int(e["SEQUENCE"]) for e in events} == exported
    for event in events:
        assert str(event["ORGANIZER"]) == "mailto:anna@example.org"
        assert sorted(attendees(event)) == PARTNERS
    assert vobject.readOne(data.decode()).validate(raiseException=True)
    helped = " ".join(cli("export", "--help").stdout.split())
    assert "For Outlook and Exchange, mailing them with --send is the reliable way" in helped


def test_errors_of_the_server_name_it_and_what_went_out_before(
    cli: Cli, mailbox: Mailbox, smtp_port: int
) -> None:
    register(cli)
    set_server(cli, free_port())
    unreachable = cli("export", "lena", "--send")
    assert unreachable.returncode == 1
    assert "refused the connection; check --host and --port; nothing was sent" in unreachable.stderr
    assert "Traceback" not in unreachable.stderr

    set_server(cli, smtp_port)
    mailbox.refuse_from = 3
    partly = cli("export", "lena", "--send")
    assert partly.returncode == 1
    assert partly.stdout.count(": invitation sent") == 2
    assert partly.stderr.strip() == (
        f"tandem-tui: error: 127.0.0.1:{smtp_port} answered 554 5.6.0 Message refused by "
        "policy; 2 of 6 messages went out before it (sending again is safe: the same "
        "meetings are updated, never doubled)"
    )
    assert len(mailbox.envelopes) == 2

    tls = cli("settings", "mail", "--security", "starttls", "--port", str(smtp_port))
    assert tls.returncode == 0
    no_tls = cli("export", "lena", "--send")
    assert no_tls.returncode == 1
    assert (
        f"127.0.0.1:{smtp_port} offers no STARTTLS; choose --security ssl or none" in no_tls.stderr
    )


def test_send_needs_a_server_and_takes_one_tandem(cli: Cli) -> None:
    register(cli)
    no_server = cli("export", "lena", "--send")
    assert no_server.returncode == 1
    assert (
        "no mail server to send through; set one with 'tandem-tui settings mail" in no_server.stderr
    )
    every = cli("export", "--all", "--send")
    assert every.returncode == 1
    assert "--invite and --send take one TANDEM, not --all" in every.stderr


def test_settings_mail_checks_what_it_is_given(home: Path, cli: Cli) -> None:
    with_port = cli("settings", "mail", "--host", "smtp.example.org:587")
    bad_port = cli("settings", "mail", "--host", "smtp.example.org", "--port", "70000")
    bad_from = cli("settings", "mail", "--host", "smtp.example.org", "--from", "anna")
    assert [r.returncode for r in (with_port, bad_port, bad_from)] == [1, 1, 1]
    assert "give the server's name alone and its port with --port" in with_port.stderr
    assert "--port: 70000 is not a port (1 to 65535)" in bad_port.stderr
    assert "--from: 'anna' is not an e-mail address" in bad_from.stderr
    assert not (home / "settings.json").exists(), "nothing stored from bad input"

    ssl = cli("settings", "mail", "--host", "smtp.example.org", "--security", "ssl")
    assert ssl.returncode == 0
    assert "smtp.example.org:465, ssl, no login" in ssl.stdout
    shown = cli("settings", "show", "--json")
    assert json.loads(shown.stdout)["mail"] == {
        "host": "smtp.example.org",
        "port": 465,
        "security": "ssl",
        "user": "",
        "from": "",
        "from_name": "",
        "password": "none",
    }


def test_settings_files_check_the_mail_settings_shape() -> None:
    good = {"settings": {"1": {"mail": {"host": "smtp.example.org", "port": 587}}}}
    assert validate("settings", good) is None
    wrong = {"settings": {"1": {"mail": {"host": "smtp.example.org", "port": "587"}}}}
    assert validate("settings", wrong) == (
        "table 'settings', entry 1: 'mail.port' must be a whole number from 1 to 65535"
    )
    unknown = {"settings": {"1": {"mail": {"security": "tls"}}}}
    assert "must be one of starttls, ssl, none" in str(validate("settings", unknown))


# the core: invitations from a calendar that cancels a meeting -----------------------------


def calendar_with_a_cancellation(library: Library) -> tuple[Calendar, Any]:
    """The export's calendar with session 4 cancelled, as the export writes a meeting no
    longer planned: STATUS:CANCELLED and SEQUENCE raised."""
    start = datetime.now(BERLIN).replace(hour=17, minute=0, second=0, microsecond=0)
    tandem = replace(make_tandem(), next_meeting=start + timedelta(days=30))
    followup = FollowUp(
        text="Send the ground rules", owner=Owner.MENTOR, due=date.today() + timedelta(days=9)
    )
    calendar, _, _ = build_calendar(
        tandem,
        [],
        [followup],
        library.programs.get(tandem.program),
        library,
        zone=BERLIN,
    )
    for event in calendar.walk("VEVENT"):
        if str(event["UID"]) == meeting_uid(tandem, 4):
            event["STATUS"] = "CANCELLED"
            event["SEQUENCE"] = 3
    return calendar, tandem


def test_a_cancelled_meeting_becomes_a_cancel_with_its_sequence(library: Library) -> None:
    calendar, tandem = calendar_with_a_cancellation(library)
    organizer = Organizer.parse(ORGANIZER)

    found = invitations(calendar, tandem, organizer)

    assert [i.number for i in found] == [1, 2, 3, 4, 5, 6], "no follow-up among them"
    assert [i.method for i in found].count(Method.CANCEL) == 1
    cancel = found[3]
    assert cancel.method is Method.CANCEL and cancel.sequence == 3
    assert str(cancel.calendar["METHOD"]) == "CANCEL"
    event = cancel.calendar.walk("VEVENT")[0]
    assert str(event["STATUS"]) == "CANCELLED"
    assert int(event["SEQUENCE"]) == 3
    assert "RSVP" not in attendees(event)["lena@example.org"], "nothing to answer"
    requests = Calendar.from_ical(combined(found, Method.REQUEST) or b"")
    cancels = Calendar.from_ical(combined(found, Method.CANCEL) or b"")
    assert len(requests.walk("VEVENT")) == 5
    assert [str(e["UID"]) for e in cancels.walk("VEVENT")] == [meeting_uid(tandem, 4)]
    message = imip_message(cancel, tandem, organizer)
    assert str(message["Subject"]).startswith("Cancelled: Tandem Lena Vogel & Markus Brandt")


def test_a_team_mailbox_sends_on_behalf_of_the_organizer(library: Library) -> None:
    calendar, tandem = calendar_with_a_cancellation(library)
    organizer = Organizer.parse(ORGANIZER)
    office = Organizer.parse("Mentoring Office <office@example.org>")

    first = invitations(calendar, tandem, organizer, sent_by=office.email)[0]
    message = imip_message(first, tandem, organizer, sender=office)

    event = first.calendar.walk("VEVENT")[0]
    assert event["ORGANIZER"].params["SENT-BY"] == "mailto:office@example.org"
    assert message["From"] == ORGANIZER
    assert message["Sender"] == "Mentoring Office <office@example.org>"


def test_a_cancellation_arrives_as_text_calendar_method_cancel(
    library: Library, mailbox: Mailbox, smtp_port: int
) -> None:
    calendar, tandem = calendar_with_a_cancellation(library)
    organizer = Organizer.parse(ORGANIZER)
    cancel = [i for i in invitations(calendar, tandem, organizer) if i.method is Method.CANCEL]
    mail = MailSettings(
        host="127.0.0.1", port=smtp_port, security=Security.NONE, sender="anna@example.org"
    )

    send(mail, None, [Letter(imip_message(cancel[0], tandem, organizer), recipients(tandem))])

    (message,) = mailbox.messages()
    part, received, text = calendar_part(message)
    assert part.get_param("method") == "CANCEL"
    assert str(received["METHOD"]) == "CANCEL"
    assert str(received.walk("VEVENT")[0]["UID"]) == meeting_uid(tandem, 4)
    assert vobject.readOne(text).method.value == "CANCEL"


def test_the_core_refuses_a_tandem_without_addresses(library: Library) -> None:
    calendar, tandem = calendar_with_a_cancellation(library)
    nobody = replace(
        tandem, mentor=replace(tandem.mentor, email=""), mentee=replace(tandem.mentee, email="")
    )
    with pytest.raises(
        InviteError, match=r"Lena Vogel \(mentor\) and Markus Brandt \(mentee\) have"
    ):
        invitations(calendar, nobody, Organizer.parse(ORGANIZER))
    with pytest.raises(MailError, match="refused the connection"):
        send(MailSettings(host="127.0.0.1", port=free_port(), security=Security.NONE), None, [])
