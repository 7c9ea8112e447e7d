"""The CalDAV ground the sync stands on: a real Radicale server with a password, the
caldav library as a client, and the calendars this app exports. What the server keeps
is read back from its own storage, as its operators could."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import caldav
import pytest
from caldav.lib.error import AuthorizationError
from icalendar import Calendar
from radicale_server import Radicale, radicale

from tandem_tui.clock import ManualClock
from tandem_tui.export import export_tandem
from tandem_tui.library import Library
from tandem_tui.meeting import Meeting
from tandem_tui.model import NoteKind, Owner, Participant, Role, Tandem
from tandem_tui.store import Store

__all__ = ["radicale"]  # the fixture

SECRET = "Nur für mich: war nervös vor dem Feedback"


def held_tandem(home: Path, library: Library) -> Tandem:
    """A tandem that held its first meeting, with a private note and a follow-up."""
    tandem = Tandem(
        id="lena-markus",
        mentor=Participant("Lena Vogel", "lena@example.org"),
        mentee=Participant("Markus Brandt", "markus@example.org"),
        program="reverse-mentoring-de",
    )
    clock = ManualClock(datetime(2027, 1, 8, 17, 0).astimezone())
    with Store.open(home) as store:
        store.add_tandem(tandem)
        meeting = Meeting.open(store, library, tandem, clock)
        meeting.resume()
        meeting.save_note("Wir duzen uns.")
        meeting.save_note(SECRET, NoteKind.PRIVATE, Role.MENTOR)
        meeting.add_followup("Team-Chat installieren", Owner.MENTEE, None)
        clock.advance(30 * 60)
        meeting.end(next_meeting=None)
    return tandem


def client(server: Radicale, password: str | None = None) -> caldav.DAVClient:
    return caldav.DAVClient(
        url=server.url, username=server.user, password=password or server.password
    )


def test_an_exported_calendar_goes_to_radicale_and_comes_back_whole(
    radicale: Radicale, home: Path, library: Library
) -> None:
    tandem = held_tandem(home, library)
    written: list[bytes] = []
    with Store.open(home) as store:
        export_tandem(store, library, tandem, now=datetime.now().astimezone(), write=written.append)
    exported = Calendar.from_ical(written[0])
    calendar = client(radicale).principal().make_calendar(name="Tandem lena-markus")
    for component in [*exported.walk("VEVENT"), *exported.walk("VTODO")]:
        single = Calendar()
        single.add("prodid", "-//tandem-tui//test//EN")
        single.add("version", "2.0")
        for zone in exported.walk("VTIMEZONE"):
            single.add_component(zone)
        single.add_component(component)
        if component.name == "VEVENT":
            calendar.add_event(single.to_ical().decode())
        else:
            calendar.add_todo(single.to_ical().decode())
    sent = {str(c["UID"]) for c in [*exported.walk("VEVENT"), *exported.walk("VTODO")]}
    back = {str(event.icalendar_component["UID"]) for event in calendar.events()}
    back |= {str(todo.icalendar_component["UID"]) for todo in calendar.todos()}
    assert back == sent and sent
    # What the server stores: the tandem's calendar, never a private note.
    stored = b"".join(p.read_bytes() for p in radicale.collections.rglob("*.ics"))
    assert b"Team-Chat installieren" in stored
    assert SECRET.encode() not in stored


def test_a_wrong_password_is_refused_by_the_server(radicale: Radicale) -> None:
    with pytest.raises(AuthorizationError):
        client(radicale, password="falsch").principal()


def test_a_stopped_server_is_a_connection_error_not_a_hang(radicale: Radicale) -> None:
    radicale.stop()
    with pytest.raises(Exception) as raised:
        client(radicale).principal()
    assert not isinstance(raised.value, AuthorizationError)
    radicale.start()
    assert client(radicale).principal() is not None
