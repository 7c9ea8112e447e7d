"""A tandem across machines (issue 15): partner A, partner B and a real Radicale with a
password, each partner with a data folder of their own, through the shell's commands.

A registers, links, holds a meeting with shared and private notes, and syncs; B joins
and sees the tandem, the series, the follow-ups and the minutes, and never a private
note; what each one changes reaches the other; a follow-up changed on both sides keeps
both texts; a task app's changes come in; a wrong password and a stopped server give
one line and lose nothing.
"""

from __future__ import annotations

import json
import os
from datetime import date, datetime, time, timedelta
from pathlib import Path

import caldav
import pytest
from radicale_server import Radicale, server

from tandem_tui import cli
from tandem_tui.clock import ManualClock
from tandem_tui.library import load_library
from tandem_tui.meeting import Meeting
from tandem_tui.model import FollowUp, FollowUpStatus, NoteKind, Owner, Role
from tandem_tui.store import Store

__all__ = ["server"]  # the fixture: one Radicale for the module

PRIVATE = "Ich traue mich nicht, das im Team anzusprechen"
TAKEAWAY = "Mehr zuhören als reden"
SHARED = "Markus tries the team chat this week"
TODO = "Install the team chat on the phone"
TODAY = date(2027, 3, 1)
MOMENT = datetime.combine(TODAY, time(9, 0)).astimezone()


@pytest.fixture
def url(server: Radicale, request: pytest.FixtureRequest) -> str:
    return f"{server.url}{server.user}/{request.node.name.removeprefix('test_')[:40]}/"


@pytest.fixture(autouse=True)
def password(server: Radicale, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("TANDEM_TUI_CALDAV_PASSWORD", server.password)
    return server.password


def run(
    capsys: pytest.CaptureFixture[str], home: Path, *argv: str, now: datetime = MOMENT
) -> tuple[int, str, str]:
    capsys.readouterr()
    code = cli.run([*argv, "--home", str(home)], today=now.date(), now=now)
    out, err = capsys.readouterr()
    return code, out, err


def hold_meeting(home: Path, tandem_id: str, when: datetime) -> None:
    """A meeting as the app holds it: shared notes, a private note, a follow-up, ratings
    with a takeaway, the next meeting agreed."""
    from tandem_tui.model import Feedback

    library = load_library(home)
    with Store.open(home) as store:
        clock = ManualClock(when)
        meeting = Meeting.open(store, library, store.tandem(tandem_id), clock)
        meeting.resume()
        meeting.save_note(SHARED)
        meeting.save_note(PRIVATE, NoteKind.PRIVATE, Role.MENTEE)
        clock.advance(600)
        meeting.next_card()
        meeting.add_followup(TODO, Owner.MENTEE, when.date() + timedelta(days=7))
        clock.advance(600)
        meeting.end(
            next_meeting=when + timedelta(weeks=4),
            feedback={Role.MENTEE: Feedback(5, 4, TAKEAWAY), Role.MENTOR: Feedback(4, 5)},
        )


def followups(home: Path, tandem_id: str = "lena-markus") -> list[FollowUp]:
    with Store.open(home, readonly=True) as store:
        return store.followups(tandem_id)


def every_file_text(folder: Path) -> str:
    return "\n".join(
        p.read_text(encoding="utf-8", errors="replace") for p in folder.rglob("*") if p.is_file()
    )


@pytest.fixture
def pair(
    tmp_path: Path, url: str, server: Radicale, capsys: pytest.CaptureFixture[str]
) -> tuple[Path, Path]:
    """A registered, linked, met and synced; B joined."""
    a, b = tmp_path / "a", tmp_path / "b"
    code, _out, err = run(
        capsys,
        a,
        "tandem",
        "add",
        "--mentor",
        "Lena Vogel",
        "--mentee",
        "Markus Brandt",
        "--goal",
        "Team chat instead of printed mails",
    )
    assert code == 0, err
    code, out, err = run(capsys, a, "sync", "setup", "lena-markus", "--url", url, "--user", "anna")
    assert code == 0, err
    assert "made the calendar" in out and "linked lena-markus" in out
    hold_meeting(a, "lena-markus", MOMENT - timedelta(days=1))
    code, out, err = run(capsys, a, "sync", "lena-markus")
    assert code == 0, err
    assert "lena-markus:" in out and "sent" in out
    code, out, err = run(capsys, b, "tandem", "join", url, "--user", "anna", "--role", "mentee")
    assert code == 0, err
    assert "joined lena-markus (Lena Vogel & Markus Brandt)" in out
    # B takes the minutes and the follow-up (the tandem it made from the record); the meetings
    # B makes from them are the ones A sent: nothing needs to go back
    assert "lena-markus: 0 sent, 2 received" in out
    return a, b


def test_the_partner_joins_and_sees_everything_but_the_private_notes(
    pair: tuple[Path, Path], url: str, server: Radicale, capsys: pytest.CaptureFixture[str]
) -> None:
    a, b = pair
    with Store.open(b, readonly=True) as store:
        tandem = store.tandem("lena-markus")
        assert tandem.mentee.name == "Markus Brandt"
        assert tandem.goals == ("Team chat instead of printed mails",)
        assert tandem.next_meeting is not None
        sessions = store.sessions("lena-markus")
        assert [s.number for s in sessions] == [1]
        assert store.shared_notes("lena-markus", 1)[0] == SHARED
        ratings = {
            role: (f.useful, f.eye_level, f.takeaway) for role, f in sessions[0].feedback.items()
        }
        assert ratings == {Role.MENTEE: (5, 4, ""), Role.MENTOR: (4, 5, "")}
    with Store.open(a, readonly=True) as store:
        a_sessions = store.sessions("lena-markus")
        assert [c.used_seconds for c in a_sessions[0].cards] == [
            c.used_seconds for c in sessions[0].cards
        ]
    assert [f.text for f in followups(b)] == [TODO]
    # The minutes as B's shell prints them, from what came
    code, out, _err = run(capsys, b, "minutes", "lena-markus")
    assert code == 0 and SHARED in out
    # The series is on the server for every calendar app: meetings, and the follow-up
    client = caldav.DAVClient(server.url, username=server.user, password=server.password)
    calendar = client.calendar(url=url)
    assert len(calendar.events()) >= 2
    assert [str(t.icalendar_component["SUMMARY"]) for t in calendar.todos()] == [TODO]
    # Never a private note or a takeaway: not on B's disk, not on the server
    for folder in (b, server.collections / "collection-root" / url.split("/", 3)[3]):
        text = every_file_text(folder)
        assert SHARED in text or folder == b  # (B's notes file holds it; the server too)
        assert PRIVATE not in text and TAKEAWAY not in text
    assert PRIVATE in every_file_text(a)  # A's own machine keeps it


def test_what_one_partner_changes_reaches_the_other(
    pair: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    a, b = pair
    todo = followups(b)[0]
    assert run(capsys, b, "followup", "done", todo.short_id)[0] == 0
    code, out, _err = run(capsys, b, "sync", "--all")
    assert code == 0 and "1 sent" in out
    code, out, _err = run(capsys, a, "sync", "--all")
    assert code == 0 and "1 received" in out
    assert followups(a)[0].status is FollowUpStatus.DONE
    # B holds the next meeting; A sees it held, with its notes
    hold_meeting(b, "lena-markus", MOMENT + timedelta(weeks=4))
    assert run(capsys, b, "sync", "--all")[0] == 0
    assert run(capsys, a, "sync", "--all")[0] == 0
    with Store.open(a, readonly=True) as store:
        assert [s.number for s in store.sessions("lena-markus")] == [1, 2]
        assert store.shared_notes("lena-markus", 2)[0] == SHARED
        private = [n for n in store.notes("lena-markus", 2) if n.kind is NoteKind.PRIVATE]
        assert private == []  # B's private note of that meeting stayed with B
    # Nothing left to do on either side
    for home in (a, b):
        code, out, _err = run(capsys, home, "sync", "--all")
        assert (code, out.strip()) == (0, "lena-markus: up to date")


def test_a_follow_up_changed_on_both_sides_keeps_both_texts(
    pair: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    a, b = pair
    todo = followups(a)[0]
    run(capsys, a, "followup", "edit", todo.short_id, "--text", "Install the chat, with Lena")
    run(capsys, b, "followup", "edit", todo.short_id, "--text", "Install the chat and try it")
    run(capsys, b, "followup", "edit", todo.short_id, "--owner", "both")
    assert run(capsys, a, "sync", "--all")[0] == 0
    code, out, _err = run(capsys, b, "sync", "--all")
    assert code == 0 and "changed on both sides" in out
    assert run(capsys, a, "sync", "--all")[0] == 0
    for home in (a, b):
        found = {f.text: f for f in followups(home)}
        assert set(found) == {"Install the chat, with Lena", "Install the chat and try it"}
        marked = [f for f in found.values() if f.conflict_of]
        assert len(marked) == 1 and marked[0].conflict_of == todo.id
    # B's owner change (on one side only) merged into the follow-up both kept
    assert {f.owner for f in followups(a) if not f.conflict_of} == {Owner.BOTH}
    # Run again: no third text, no second copy
    for home in (a, b, a):
        assert run(capsys, home, "sync", "--all")[0] == 0
    assert len(followups(a)) == len(followups(b)) == 2


def test_a_task_apps_changes_come_in(
    pair: tuple[Path, Path], url: str, server: Radicale, capsys: pytest.CaptureFixture[str]
) -> None:
    a, _b = pair
    client = caldav.DAVClient(server.url, username=server.user, password=server.password)
    calendar = client.calendar(url=url)
    (todo,) = calendar.todos()
    todo.icalendar_component["STATUS"] = "COMPLETED"  # ticked off, as Thunderbird does
    todo.save()
    calendar.add_todo(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Tasks//EN\r\nBEGIN:VTODO\r\n"
        "UID:from-the-phone-1\r\nSUMMARY:Book the room for May\r\nDUE;VALUE=DATE:20270320\r\n"
        "STATUS:NEEDS-ACTION\r\nEND:VTODO\r\nEND:VCALENDAR\r\n"
    )
    code, out, _err = run(capsys, a, "sync", "lena-markus")
    assert code == 0 and "2 received" in out
    found = {f.text: f for f in followups(a)}
    assert found[TODO].status is FollowUpStatus.DONE
    assert found["Book the room for May"].due == date(2027, 3, 20)
    # Removed there: gone here after the next sync
    (phone,) = [
        t for t in calendar.todos() if str(t.icalendar_component["UID"]) == "from-the-phone-1"
    ]
    phone.delete()
    assert run(capsys, a, "sync", "lena-markus")[0] == 0
    assert [f.text for f in followups(a)] == [TODO]


def test_a_wrong_password_and_a_stopped_server_say_one_line_and_lose_nothing(
    pair: tuple[Path, Path],
    server: Radicale,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    a, _b = pair
    todo = followups(a)[0]
    run(capsys, a, "followup", "done", todo.short_id)
    monkeypatch.setenv("TANDEM_TUI_CALDAV_PASSWORD", "not-the-password")
    code, out, err = run(capsys, a, "sync", "--all")
    assert code == 1 and out == ""
    assert err.strip().splitlines() == [
        "tandem-tui: error: lena-markus: the server at "
        f"{server.url.split('/')[2]} did not accept the user name or password (the password "
        "came from TANDEM_TUI_CALDAV_PASSWORD); nothing was lost, the changes wait for the "
        "next sync"
    ]
    monkeypatch.setenv("TANDEM_TUI_CALDAV_PASSWORD", server.password)
    server.stop()
    try:
        code, out, err = run(capsys, a, "sync", "--all")
        assert code == 1
        assert len(err.strip().splitlines()) == 1
        assert "cannot reach" in err and "no server answers there" in err
    finally:
        server.start()
    assert followups(a)[0].status is FollowUpStatus.DONE  # kept, and goes up now
    code, out, _err = run(capsys, a, "sync", "--all")
    assert code == 0 and "1 sent" in out


def test_sealed_minutes_are_unreadable_on_the_server(
    tmp_path: Path,
    url: str,
    server: Radicale,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    a, b, c = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    run(capsys, a, "tandem", "add", "--mentor", "Lena Vogel", "--mentee", "Markus Brandt")
    monkeypatch.setenv("TANDEM_TUI_SYNC_PASSPHRASE", "Unser Tandem bleibt unter uns 2027")
    code, _out, err = run(
        capsys, a, "sync", "setup", "lena-markus", "--url", url, "--user", "anna", "--seal"
    )
    assert code == 0, err
    hold_meeting(a, "lena-markus", MOMENT - timedelta(days=1))
    assert run(capsys, a, "sync", "lena-markus")[0] == 0
    stored = every_file_text(server.collections / "collection-root" / url.split("/", 3)[3])
    assert SHARED not in stored and TODO in stored  # the follow-up stays readable for task apps
    code, _out, err = run(capsys, b, "tandem", "join", url, "--user", "anna", "--role", "mentee")
    assert code == 0, err
    with Store.open(b, readonly=True) as store:
        assert store.shared_notes("lena-markus", 1)[0] == SHARED
    monkeypatch.setenv("TANDEM_TUI_SYNC_PASSPHRASE", "a guess that is wrong")
    code, _out, err = run(capsys, c, "tandem", "join", url, "--user", "anna", "--role", "mentor")
    assert code == 1
    assert err.strip() == (
        "tandem-tui: error: that is not the tandem passphrase the minutes were sealed with"
    )
    with Store.open(c, readonly=True) as store:
        assert store.tandem_ids() == []


def test_bad_addresses_and_unlinked_tandems_are_told(
    tmp_path: Path, server: Radicale, capsys: pytest.CaptureFixture[str]
) -> None:
    a = tmp_path / "a"
    run(capsys, a, "tandem", "add", "--mentor", "Lena Vogel", "--mentee", "Markus Brandt")
    code, _out, err = run(capsys, a, "sync", "setup", "lena-markus", "--url", "dav.example.org")
    assert code == 1 and "is not a calendar's address" in err
    code, _out, err = run(capsys, a, "sync", "lena-markus")
    assert code == 1 and "is not linked to a calendar" in err
    code, _out, err = run(capsys, a, "sync")
    assert code == 1 and "name a tandem to sync, or give --all" in err
    code, _out, err = run(
        capsys,
        a,
        "tandem",
        "join",
        f"{server.url}anna/nothing-here/",
        "--user",
        "anna",
        "--role",
        "mentor",
    )
    assert code == 1 and "there is no calendar at" in err
    code, out, _err = run(capsys, a, "sync", "status", "--json")
    assert code == 0 and json.loads(out) == []
    # The short form also after the options before the command
    assert cli.run(["--home", str(a), "sync", "--all"], today=TODAY, now=MOMENT) == 1
    assert "no tandem is linked to a calendar yet" in capsys.readouterr().err


OUR_PROGRAM = """\
[program]
id = "our-cohort"
title = "Our cohort"
language = "en"
sessions = ["our-kickoff", "rm-en-6-closing"]
"""
OUR_AGENDA = """\
[agenda]
id = "our-kickoff"
title = "Our kick-off"
language = "en"

[[cards]]
title = "Who we are"
minutes = 20
"""


def test_a_program_of_our_own_travels_with_the_tandem(
    tmp_path: Path, url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """B's machine does not know A's own program: it comes with the tandem, and B can
    hold the next meeting on it."""
    a, b = tmp_path / "a", tmp_path / "b"
    (a / "agendas").mkdir(parents=True)
    (a / "agendas" / "our-cohort.toml").write_text(OUR_PROGRAM)
    (a / "agendas" / "our-kickoff.toml").write_text(OUR_AGENDA)
    code, _out, err = run(
        capsys,
        a,
        "tandem",
        "add",
        "--mentor",
        "Lena Vogel",
        "--mentee",
        "Markus Brandt",
        "--program",
        "our-cohort",
    )
    assert code == 0, err
    assert run(capsys, a, "sync", "setup", "lena", "--url", url, "--user", "anna")[0] == 0
    hold_meeting(a, "lena-markus", MOMENT - timedelta(days=1))
    assert run(capsys, a, "sync", "lena")[0] == 0
    code, _out, err = run(capsys, b, "tandem", "join", url, "--user", "anna", "--role", "mentor")
    assert code == 0, err
    assert (b / "agendas" / "our-cohort.toml").read_text() == OUR_PROGRAM
    assert (b / "agendas" / "our-kickoff.toml").read_text() == OUR_AGENDA
    library = load_library(b)
    with Store.open(b) as store:
        assert store.sessions("lena-markus")[0].agenda.title == "Our kick-off"
        meeting = Meeting.open(store, library, store.tandem("lena-markus"), ManualClock(MOMENT))
        assert (meeting.session.number, meeting.session.agenda.id) == (2, "rm-en-6-closing")
    code, out, _err = run(capsys, b, "sync", "--all")
    assert code == 0 and "up to date" in out


def test_a_token_the_server_no_longer_knows_means_reading_everything_again(
    pair: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    a, _b = pair
    with Store.open(a) as store:
        state = store.sync_state("lena-markus")
        assert state["token"].startswith("http")  # Radicale keeps tokens: they are used
        state["token"] = "http://radicale.org/ns/sync/0000"
        with store.change():
            store.save_sync_state("lena-markus", state)
    code, out, err = run(capsys, a, "sync", "--all")
    assert (code, out.strip()) == (0, "lena-markus: up to date"), err
    with Store.open(a, readonly=True) as store:
        assert store.sync_state("lena-markus")["token"] != "http://radicale.org/ns/sync/0000"


def test_a_tick_made_while_the_sync_is_on_the_network_is_kept(
    pair: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """The app ticks a follow-up off while its background sync waits on the server, and
    that sync brings the partner's new text of the same follow-up: both stay."""
    from tandem_tui.sync import service
    from tandem_tui.sync.dav import Calendar
    from tandem_tui.sync.engine import sync_tandem

    a, b = pair
    todo = followups(a)[0]
    run(capsys, b, "followup", "edit", todo.short_id, "--text", "Install the chat today")
    assert run(capsys, b, "sync", "--all")[0] == 0

    with Store.open(a) as store:

        class Slow(Calendar):
            """The real server; while it is being read, the user ticks the follow-up off."""

            def fetch(self, hrefs: list[str]) -> dict[str, tuple[str, str]]:
                found = super().fetch(hrefs)
                store.save_followup("lena-markus", store.followups("lena-markus")[0].done())
                return found

        link = service.Link.of(store.sync_state("lena-markus"))
        assert link is not None

        calendar = Slow(link.url, link.user, os.environ["TANDEM_TUI_CALDAV_PASSWORD"])
        outcome = sync_tandem(store, load_library(a), "lena-markus", calendar)
        assert outcome.taken == 1
        (kept,) = store.followups("lena-markus")
        assert (kept.text, kept.status) == ("Install the chat today", FollowUpStatus.DONE)
    assert run(capsys, a, "sync", "--all")[0] == 0  # the tick goes up (now or with this one)
    assert run(capsys, b, "sync", "--all")[0] == 0
    assert [(f.text, f.status) for f in followups(b)] == [
        ("Install the chat today", FollowUpStatus.DONE)
    ]


def test_a_place_that_is_not_theirs_or_not_a_calendar_is_told_so(
    tmp_path: Path, server: Radicale, capsys: pytest.CaptureFixture[str]
) -> None:
    """Not the password's fault: the user hears what to check instead."""
    a = tmp_path / "a"
    run(capsys, a, "tandem", "add", "--mentor", "Lena Vogel", "--mentee", "Markus Brandt")
    host = server.url.split("/")[2]
    others = f"{server.url}bob/tandem/"
    code, _out, err = run(capsys, a, "sync", "setup", "lena", "--url", others, "--user", "anna")
    assert code == 1
    assert err.strip() == (
        f"tandem-tui: error: the server at {host} does not let anna use {others} (HTTP 403); "
        "check the address"
    )
    home = f"{server.url}anna/"  # the user's home on the server: a folder, no calendar
    code, _out, err = run(capsys, a, "sync", "setup", "lena", "--url", home, "--user", "anna")
    assert code == 1
    assert err.strip() == (
        f"tandem-tui: error: {home} is not a calendar; give the address of a calendar"
    )
    code, _out, err = run(capsys, a, "tandem", "join", f"{server.url}anna/x/", "--role", "mentor")
    assert code == 1
    assert err.strip() == f"tandem-tui: error: the server at {host} asks for a login: give --user"
    with Store.open(a, readonly=True) as store:
        assert store.sync_state("lena-markus") == {}  # nothing kept of the failed links
