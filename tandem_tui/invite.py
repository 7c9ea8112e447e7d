"""Meeting invitations (iTIP, RFC 5546) and the e-mails that carry them (iMIP, RFC 6047).

Outlook and Exchange copy the events of a published file instead of updating them, and
ignore VTODO; they, Google Calendar and Apple Calendar do keep an *invitation* up to date:
a later REQUEST with the same UID and a higher SEQUENCE moves the meeting, a CANCEL
removes it. So the meetings of the export go out again as invitations:

- one iTIP object per meeting (RFC 5546 wants one UID per object): METHOD:REQUEST for a
  planned meeting, METHOD:CANCEL for one the export marks STATUS:CANCELLED;
- each with the UID, SEQUENCE and DTSTAMP of the export, so a file imported before and
  the invitation are the same meeting; the ORGANIZER (with CN) and both partners as
  ATTENDEE (CN, ROLE=REQ-PARTICIPANT, PARTSTAT=NEEDS-ACTION, RSVP=TRUE);
- with the VTIMEZONEs its times use.

Follow-ups are not invited: they are no meetings, and Outlook ignores VTODO anyway.
Built on the export's calendar, never on the store: nothing here reads a note.

The mails speak the language of the calendar they come from, the tandem's program's
(its SUMMARY says which: LANGUAGE=de; none is English); the errors raised to the user
speak the chrome's.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid, parseaddr
from enum import StrEnum

from icalendar import Calendar, Component, Event, Timezone, vCalAddress

from tandem_tui import i18n
from tandem_tui.export import meeting_uid, to_ical
from tandem_tui.i18n import Speech, _, ngettext
from tandem_tui.model import Participant, Tandem
from tandem_tui.schema import MAX_SESSION

EMAIL = re.compile(r"^[^@\s<>,;:\"]+@[^@\s<>,;:\"]+\.[^@\s<>,;:\"]+$")


class InviteError(ValueError):
    """Invitations cannot be built as asked; the message says what to give or do."""


class Method(StrEnum):
    """The iTIP method of an invitation."""

    REQUEST = "REQUEST"  # add or update the meeting
    CANCEL = "CANCEL"  # remove it


@dataclass(frozen=True)
class Organizer:
    """Who invites: an address and, if known, a name (`Anna Schmidt <anna@example.org>`)."""

    email: str
    name: str = ""

    @classmethod
    def parse(cls, text: str, name: str = "") -> Organizer:
        """`anna@example.org` or `Anna Schmidt <anna@example.org>`; `name` if none given."""
        given_name, address = parseaddr(text.strip())
        if not address or not EMAIL.match(address):
            raise InviteError(
                _("{text} is not an e-mail address like anna@example.org or {example}").format(
                    text=_named(text.strip()), example=_named("Anna Schmidt <anna@example.org>")
                )
            )
        return cls(email=address, name=(given_name or name).strip())

    @property
    def common_name(self) -> str:
        return self.name or self.email

    def __str__(self) -> str:
        return str(_address(self.name, self.email))


@dataclass(frozen=True)
class Invitation:
    """One meeting's iTIP object: a calendar holding one UID, to mail or to write."""

    uid: str
    number: int  # the session of the tandem
    method: Method
    sequence: int
    summary: str
    start: datetime | date | None
    end: datetime | date | None
    description: str
    calendar: Calendar
    #: The language of the mail's texts: the calendar's.
    speech: Speech = field(default_factory=lambda: i18n.speech(i18n.ENGLISH))

    def to_ical(self) -> bytes:
        return to_ical(self.calendar)

    @property
    def is_update(self) -> bool:
        return self.method is Method.REQUEST and self.sequence > 0

    def is_over(self, now: datetime) -> bool:
        """True when the meeting ended before `now`: no one needs mail about it any more."""
        moment = self.end or self.start
        if not isinstance(moment, datetime):
            return False
        return moment.astimezone(UTC) <= now.astimezone(UTC)


def _named(text: str) -> str:
    """What a user gave, quoted in a message: 'anna' in English, „anna“ in German."""
    chrome = i18n.chrome()
    return repr(text) if chrome.base == i18n.ENGLISH else chrome.quote(text)


def check_addresses(tandem: Tandem) -> None:
    """Raise InviteError naming each partner without an e-mail address, and how to add one."""
    missing = [
        (role, person)
        for role, person in (("mentor", tandem.mentor), ("mentee", tandem.mentee))
        if not person.email.strip()
    ]
    if not missing:
        return
    named = [
        (_("{name} (mentor)") if role == "mentor" else _("{name} (mentee)")).format(
            name=person.name
        )
        for role, person in missing
    ]
    names = (
        _("{first} and {second}").format(first=named[0], second=named[1])
        if len(named) == 2
        else named[0]
    )
    options = " ".join(f"--{role}-email ADDRESS" for role, _person in missing)
    command = f"tandem-tui tandem edit {tandem.id} {options}"
    raise InviteError(
        ngettext(
            "{tandem}: {names} has no e-mail address to invite; add it with '{command}'",
            "{tandem}: {names} have no e-mail address to invite; add them with '{command}'",
            len(missing),
        ).format(tandem=tandem.id, names=names, command=command)
    )


def _meeting_numbers(tandem: Tandem) -> dict[str, int]:
    """Every UID a meeting of the tandem can have, with its session number."""
    return {meeting_uid(tandem, number): number for number in range(1, MAX_SESSION + 1)}


def _attendee(person: Participant, method: Method) -> vCalAddress:
    if method is Method.CANCEL:  # nothing to answer to a cancellation
        return vCalAddress.new(person.email, cn=person.name, role="REQ-PARTICIPANT")
    return vCalAddress.new(
        person.email,
        cn=person.name,
        cutype="INDIVIDUAL",
        role="REQ-PARTICIPANT",
        partstat="NEEDS-ACTION",
        rsvp=True,
    )


def _zone_ids(event: Component) -> list[str]:
    found = []
    for name in ("DTSTART", "DTEND", "RECURRENCE-ID"):
        value = event.get(name)
        zone = value.params.get("TZID") if value is not None else None
        if zone and zone not in found:
            found.append(str(zone))
    return found


def _calendar(source: Calendar, method: Method) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", str(source.get("PRODID", "-//tandem-tui//tandem-tui//EN")))
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method.value)
    return calendar


def _moment(event: Component, name: str) -> datetime | date | None:
    value = event.get(name)
    return value.dt if value is not None else None


def invitations(
    calendar: Calendar,
    tandem: Tandem,
    organizer: Organizer,
    *,
    sent_by: str | None = None,
) -> list[Invitation]:
    """The iTIP object of each meeting in the export's `calendar`, in the calendar's order.

    `sent_by` is the address that mails them when it is not the organizer's own (a
    facilitator's team mailbox, say): it goes into the ORGANIZER as SENT-BY.
    Raises InviteError when a partner has no e-mail address.
    """
    check_addresses(tandem)
    numbers = _meeting_numbers(tandem)
    speech = _speech_of(calendar)
    zones = {str(zone["TZID"]): zone for zone in calendar.walk("VTIMEZONE")}
    found = []
    for event in calendar.walk("VEVENT"):
        uid = str(event.get("UID", ""))
        if uid not in numbers:
            continue  # a follow-up's day: not a meeting to invite to
        cancelled = str(event.get("STATUS", "")).upper() == "CANCELLED"
        method = Method.CANCEL if cancelled else Method.REQUEST
        itip = Event()
        for name, value in event.items():
            if name not in ("ORGANIZER", "ATTENDEE"):
                itip[name] = value
        if method is Method.REQUEST:
            itip.subcomponents = list(event.subcomponents)  # the reminders, if any
        itip.add(
            "organizer",
            vCalAddress.new(
                organizer.email,
                cn=organizer.common_name,
                sent_by=f"mailto:{sent_by}" if sent_by and sent_by != organizer.email else None,
            ),
        )
        for person in (tandem.mentor, tandem.mentee):
            itip.add("attendee", _attendee(person, method))
        if "SEQUENCE" not in itip:
            itip.add("sequence", 0)
        if "DTSTAMP" not in itip:
            itip.add("dtstamp", datetime.now(UTC))
        itip_calendar = _calendar(calendar, method)
        for zone_id in _zone_ids(event):
            zone = zones.get(zone_id)
            if zone is not None:
                itip_calendar.add_component(zone)
        itip_calendar.add_component(itip)
        found.append(
            Invitation(
                uid=uid,
                number=numbers[uid],
                method=method,
                sequence=int(str(itip["SEQUENCE"])),
                summary=str(event.get("SUMMARY", "")),
                start=_moment(event, "DTSTART"),
                end=_moment(event, "DTEND"),
                description=str(event.get("DESCRIPTION", "")),
                calendar=itip_calendar,
                speech=speech,
            )
        )
    return found


def _speech_of(calendar: Calendar) -> Speech:
    """The language the export wrote the calendar's texts in: its first meeting's
    SUMMARY says which (LANGUAGE=de); English where none does."""
    for event in calendar.walk("VEVENT"):
        summary = event.get("SUMMARY")
        params = getattr(summary, "params", None)
        if params is not None:
            language = i18n.language_of(params.get("LANGUAGE"))
            return i18n.speech(language or i18n.ENGLISH)
    return i18n.speech(i18n.ENGLISH)


def combined(invitations: Iterable[Invitation], method: Method) -> bytes | None:
    """All invitations of `method` in one calendar, for a file to import; None if none.

    A file may hold many meetings; mail holds one each (see `imip_message`).
    """
    chosen = [i for i in invitations if i.method is method]
    if not chosen:
        return None
    calendar = _calendar(chosen[0].calendar, method)
    zones: dict[str, Timezone] = {}
    events = []
    for invitation in chosen:
        for component in invitation.calendar.subcomponents:
            if isinstance(component, Timezone):
                zones.setdefault(str(component["TZID"]), component)
            else:
                events.append(component)
    for component in [*zones.values(), *events]:
        calendar.add_component(component)
    return to_ical(calendar)


# the e-mails ---------------------------------------------------------------------------


def _address(name: str, email: str) -> Address:
    local, _, domain = email.rpartition("@")
    return Address(display_name=name, username=local, domain=domain)


def _when(start: datetime | date | None, end: datetime | date | None, speech: Speech) -> str:
    """`Friday, 5 February 2027, 17:00 to 18:15 (Europe/Berlin)`."""
    if not isinstance(start, datetime):
        return speech.long_day(start) if isinstance(start, date) else "-"
    text = speech.long_moment(start)
    if isinstance(end, datetime):
        end = end.astimezone(start.tzinfo)
        same_day = end.date() == start.date()
        until = speech.clock(end) if same_day else speech.long_moment(end)
        text = speech.gettext("{start} to {end}").format(start=text, end=until)
    zone = getattr(start.tzinfo, "key", None) or start.tzname() or ""
    return f"{text} ({zone})" if zone else text


def _short_when(start: datetime | date | None, speech: Speech) -> str:
    """`Fri 5 Feb 2027 17:00`, `Fr. 5. Feb. 2027 17:00`."""
    if isinstance(start, datetime):
        return f"{speech.short_day(start)} {start.year} {speech.clock(start)}"
    if isinstance(start, date):
        return f"{speech.short_day(start)} {start.year}"
    return ""


def subject(invitation: Invitation) -> str:
    """`Invitation: Tandem Lena & Markus: Kick-off (Fri 5 Feb 2027 17:00)`."""
    speech = invitation.speech
    when = _short_when(invitation.start, invitation.speech)
    if invitation.method is Method.CANCEL:
        text = (
            speech.gettext("Cancelled: {summary} ({when})")
            if when
            else speech.gettext("Cancelled: {summary}")
        )
    elif invitation.is_update:
        text = (
            speech.gettext("Updated invitation: {summary} ({when})")
            if when
            else speech.gettext("Updated invitation: {summary}")
        )
    else:
        text = (
            speech.gettext("Invitation: {summary} ({when})")
            if when
            else speech.gettext("Invitation: {summary}")
        )
    return text.format(summary=invitation.summary, when=when)


def plain_text(invitation: Invitation, tandem: Tandem, organizer: Organizer) -> str:
    """The message's text for mail programs that show no calendar: what, when, the tandem."""
    speech = invitation.speech
    prefix = speech.gettext("Tandem {tandem}: {title}").format(tandem=tandem.label, title="")
    title = invitation.summary.removeprefix(prefix)
    number = invitation.number
    if invitation.method is Method.CANCEL:
        opening = speech.gettext("Cancelled: reverse-mentoring session {number} is off.")
        closing = speech.gettext("Your calendar app removes it when you open this message.")
    else:
        opening = (
            speech.gettext("Updated invitation to reverse-mentoring session {number}.")
            if invitation.is_update
            else speech.gettext("Invitation to reverse-mentoring session {number}.")
        )
        closing = speech.gettext(
            "Accept or decline in your calendar app; it keeps the meeting up to date."
        )
    # TRANSLATORS: the labels of the mail's lines line up: each with its spaces is 9 wide.
    lines = [
        opening.format(number=number),
        "",
        speech.gettext("What:    {title}").format(title=title),
        speech.gettext("When:    {when}").format(
            when=_when(invitation.start, invitation.end, speech)
        ),
        speech.gettext("Tandem:  {mentor} (mentor) and {mentee} (mentee)").format(
            mentor=tandem.mentor.name, mentee=tandem.mentee.name
        ),
        speech.gettext("From:    {organizer}").format(organizer=organizer),
    ]
    if invitation.description and invitation.method is Method.REQUEST:
        lines += ["", invitation.description]
    lines += ["", closing]
    return "\n".join(lines) + "\n"


def imip_message(
    invitation: Invitation,
    tandem: Tandem,
    organizer: Organizer,
    *,
    sender: Organizer | None = None,
    now: datetime | None = None,
) -> EmailMessage:
    """The e-mail of one invitation to both partners (RFC 6047): multipart/alternative of a
    text and the calendar, `text/calendar; method=REQUEST` (or CANCEL).

    From the organizer; `sender`, when another address mails it, as Sender.
    """
    message = EmailMessage()
    message["From"] = _address(organizer.name, organizer.email)
    if sender is not None and sender.email != organizer.email:
        message["Sender"] = _address(sender.name, sender.email)
    message["To"] = [_address(p.name, p.email) for p in (tandem.mentor, tandem.mentee)]
    message["Subject"] = subject(invitation)
    message["Date"] = format_datetime((now or datetime.now(UTC)).astimezone())
    message["Message-ID"] = make_msgid(domain=organizer.email.rpartition("@")[2])
    text = plain_text(invitation, tandem, organizer)
    message.set_content(text, cte="7bit" if text.isascii() else "quoted-printable")
    calendar = invitation.to_ical().decode("utf-8")
    message.add_alternative(
        calendar,
        subtype="calendar",
        cte="7bit" if calendar.isascii() else "quoted-printable",
        params={"method": invitation.method.value, "component": "VEVENT"},
    )
    for part in message.iter_parts():
        del part["MIME-Version"]  # the message's own header says it; parts need none
        part.set_param("charset", "UTF-8")
    return message


def recipients(tandem: Tandem) -> Sequence[str]:
    return [tandem.mentor.email, tandem.mentee.email]
