"""The facilitator's progress without content: a real Radicale server, partner A's data
folder and the facilitator's, each used through the real command. A's syncs write one
progress object per tandem to the cohort calendar; the facilitator's `report --cohort`
and cohort overview are built from that calendar alone, and the calendar's storage
holds no note, follow-up text, goal or takeaway."""

from __future__ import annotations

import base64
import json
import os
import signal
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest
from conftest import CliResult
from icalendar import Calendar as ICalendar
from radicale_server import Radicale, radicale, server

from tandem_tui.clock import ManualClock
from tandem_tui.library import Library, load_library
from tandem_tui.meeting import Meeting
from tandem_tui.model import Feedback, FollowUp, NoteKind, Owner, Participant, Role, Tandem
from tandem_tui.store import Store
from tandem_tui.sync.cohort import progress_uid, read_cohort, send_progress
from tandem_tui.sync.dav import Calendar

SHARED = "Gemeinsam: Team-Chat statt E-Mail-Flut"
PRIVATE = "Privat: war nervös vor dem Feedback"
FOLLOWUP = "Aufgabe: Kanal für das Führungsteam anlegen"
GOAL = "Ziel: Social-Media-Auftritt der Abteilung verstehen"
TAKEAWAY = "Erkenntnis: Fragen ohne Hierarchie"
SECRETS = (SHARED, PRIVATE, FOLLOWUP, GOAL, TAKEAWAY)
TODAY = date.today()  # the commands run on the real today

__all__ = ["radicale", "server"]  # the fixtures: a server of one test's own, one for the module


def fresh(name: str) -> str:
    """A calendar's name no other test of the module writes to."""
    return f"{name}-{uuid.uuid4().hex[:8]}"


@pytest.fixture
def password(server: Radicale, monkeypatch: pytest.MonkeyPatch) -> str:
    """The server's password from the environment, as a script or CI would give it."""
    monkeypatch.setenv("TANDEM_TUI_CALDAV_PASSWORD", server.password)
    return server.password


def _held(
    store: Store,
    library: Library,
    tandem: Tandem,
    days_ago: int,
    feedback: dict[Role, Feedback] | None = None,
) -> Meeting:
    """A meeting held `days_ago`, with a shared and a private note."""
    clock = ManualClock(datetime.combine(TODAY - timedelta(days=days_ago), time(17)).astimezone())
    meeting = Meeting.open(store, library, tandem, clock)
    meeting.resume()
    meeting.save_note(SHARED)
    meeting.save_note(PRIVATE, NoteKind.PRIVATE, Role.MENTOR)
    clock.advance(45 * 60)
    return meeting


def seed_partner_a(home: Path, program: str = "reverse-mentoring-en") -> None:
    """Partner A's three tandems: two sessions held, one held long ago, one not started."""
    library = load_library(home)
    created = datetime.now(UTC) - timedelta(days=90)
    tandems = [
        Tandem(
            "lena-markus",
            Participant("Lena Vogel"),
            Participant("Markus Brandt"),
            program,
            goals=(GOAL,),
            created_at=created,
        ),
        Tandem("jonas-petra", Participant("Jonas Weber"), Participant("Petra Lang"), program),
        Tandem("mia-tom", Participant("Mia Roth"), Participant("Tom Huber"), program),
    ]
    with Store.open(home) as store:
        for tandem in tandems:
            store.add_tandem(tandem)
        lena = tandems[0]
        first = _held(store, library, lena, 40)
        first.add_followup(FOLLOWUP, Owner.MENTEE, TODAY - timedelta(days=3))  # late
        done = first.add_followup(f"{FOLLOWUP} (done)", Owner.MENTOR, None)
        store.save_followup(lena.id, done.done())
        first.end(feedback={Role.MENTOR: Feedback(4, 5, TAKEAWAY), Role.MENTEE: Feedback(3, 4)})
        second = _held(store, library, lena, 12)
        second.add_followup(f"{FOLLOWUP} (later)", Owner.BOTH, TODAY + timedelta(days=20))
        second.end(
            next_meeting=datetime.combine(TODAY + timedelta(days=16), time(17)).astimezone(),
            feedback={Role.MENTOR: Feedback(5, 5, TAKEAWAY)},
        )
        jonas = tandems[1]
        _held(store, library, jonas, 60).end(feedback={Role.MENTEE: Feedback(2, 3, TAKEAWAY)})
        store.save_followup(jonas.id, FollowUp(FOLLOWUP))


def _link_all(cli: Callable[..., CliResult], home: Path, server: Radicale, cohort: str) -> None:
    for tandem in ("lena-markus", "jonas-petra", "mia-tom"):
        linked = cli(
            "--home",
            str(home),
            "sync",
            "setup",
            tandem,
            "--url",
            f"{server.url}{server.user}/{cohort}-{tandem}/",
            "--user",
            server.user,
            "--cohort",
            f"{server.url}{server.user}/{cohort}/",
        )
        assert linked.returncode == 0, linked.stderr


def _cohort_folder(server: Radicale, cohort: str) -> Path:
    [folder] = [p for p in server.collections.rglob(cohort) if p.is_dir()]
    return folder


def _objects(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.glob("*.ics")}


def _data(text: bytes) -> dict[str, object]:
    """The machine-readable progress inside a stored object."""
    [journal] = ICalendar.from_ical(text).walk("VJOURNAL")
    doc: dict[str, object] = json.loads(base64.b64decode(str(journal["X-TANDEM-TUI-DATA"])))
    return doc


@pytest.fixture
def cohort_of_three(
    tmp_path: Path, server: Radicale, password: str, cli: Callable[..., CliResult]
) -> tuple[Path, str]:
    """Partner A's tandems linked and synced: the cohort calendar's name, and A's home."""
    partner_a = tmp_path / "partner-a"
    seed_partner_a(partner_a)
    cohort = fresh("cohort")
    _link_all(cli, partner_a, server, cohort)
    return partner_a, cohort


def test_the_facilitator_reads_every_tandem_of_the_cohort_from_its_calendar_alone(
    tmp_path: Path,
    server: Radicale,
    cli: Callable[..., CliResult],
    cohort_of_three: tuple[Path, str],
) -> None:
    partner_a, cohort = cohort_of_three
    facilitator = tmp_path / "facilitator"  # never saw a tandem: an empty data folder
    url = f"{server.url}{server.user}/{cohort}/"
    read = cli("--home", str(facilitator), "report", "--cohort", url, "--user", server.user)
    read_json = cli(
        "--home", str(facilitator), "report", "--cohort", url, "--user", server.user, "--json"
    )
    assert read.returncode == 0 and read_json.returncode == 0, read.stderr + read_json.stderr
    doc = json.loads(read_json.stdout)
    rows = {t["id"]: t for t in doc["tandems"]}
    assert list(rows) == ["jonas-petra", "lena-markus", "mia-tom"]
    lena, jonas, mia = rows["lena-markus"], rows["jonas-petra"], rows["mia-tom"]
    assert (lena["mentor"], lena["mentee"]) == ("Lena Vogel", "Markus Brandt")
    assert (lena["sessions_held"], lena["sessions_planned"]) == (2, 6)
    assert lena["last_met"] == (TODAY - timedelta(days=12)).isoformat()
    assert lena["next_meeting"].startswith((TODAY + timedelta(days=16)).isoformat())
    assert (lena["open_followups"], lena["overdue_followups"]) == (2, 1)
    assert (lena["feedback_useful"], lena["feedback_eye_level"]) == (4.0, 4.67)
    assert (lena["days_without_meeting"], lena["status"]) == (12, "on-track")
    assert (jonas["sessions_held"], jonas["status"], jonas["days_without_meeting"]) == (
        1,
        "overdue",
        60,
    )
    assert (jonas["open_followups"], jonas["overdue_followups"]) == (1, 0)
    assert (mia["sessions_held"], mia["status"], mia["feedback_useful"]) == (0, "not-started", None)
    assert doc["sessions"] == [
        {"session": 1, "useful": 3.0, "eye_level": 4.0, "ratings": 3},
        {"session": 2, "useful": 5.0, "eye_level": 5.0, "ratings": 1},
    ]
    # The same report as partner A's own data gives, table and JSON, word for word.
    local = cli("--home", str(partner_a), "report")
    local_json = cli("--home", str(partner_a), "report", "--json")
    assert read.stdout == local.stdout
    assert json.loads(local_json.stdout) == doc
    assert "3 tandems, 3 of 18 sessions held, 1 overdue, 3 open follow-ups (1 late)" in read.stdout
    for output in (read.stdout, read_json.stdout, read.stderr):
        assert not any(secret in output for secret in SECRETS)


def test_the_cohort_calendar_holds_no_note_followup_text_goal_or_takeaway(
    server: Radicale, cohort_of_three: tuple[Path, str]
) -> None:
    _partner_a, cohort = cohort_of_three
    folder = _cohort_folder(server, cohort)
    stored = _objects(folder)
    assert len(stored) == 3, "one progress object per tandem"
    # Every file the server keeps of the calendar, its caches too.
    everything = b"".join(p.read_bytes() for p in folder.rglob("*") if p.is_file())
    decoded = json.dumps([_data(text) for text in stored.values()], ensure_ascii=False)
    for secret in SECRETS:
        assert secret.encode() not in everything
        assert secret not in decoded
    # Its own words, for a person who opens the calendar: one line per tandem.
    summaries = sorted(
        str(ICalendar.from_ical(t).walk("VJOURNAL")[0]["SUMMARY"]) for t in stored.values()
    )
    assert summaries == [
        "Tandem Jonas Weber & Petra Lang: 1 of 6 sessions",
        "Tandem Lena Vogel & Markus Brandt: 2 of 6 sessions",
        "Tandem Mia Roth & Tom Huber: 0 of 6 sessions",
    ]
    # The tandems' own calendars on the same server hold the shared notes: the grep
    # above would have found them, had it looked in the wrong place.
    assert SHARED.encode() in b"".join(p.read_bytes() for p in server.collections.rglob("*.ics"))


def test_a_sync_without_change_sends_no_second_progress_object(
    server: Radicale, cli: Callable[..., CliResult], cohort_of_three: tuple[Path, str]
) -> None:
    partner_a, cohort = cohort_of_three
    folder = _cohort_folder(server, cohort)
    url = f"{server.url}{server.user}/{cohort}/"
    calendar = Calendar(url, server.user, server.password)
    before = calendar.listing(None).etags
    stamps = {p.name: p.stat().st_mtime_ns for p in folder.glob("*.ics")}
    again = cli("--home", str(partner_a), "sync", "now", "--all")
    assert again.returncode == 0, again.stderr
    assert calendar.listing(None).etags == before
    assert {p.name: p.stat().st_mtime_ns for p in folder.glob("*.ics")} == stamps

    # A meeting held since: that tandem's object, and only that one, is written anew.
    library = load_library(partner_a)
    with Store.open(partner_a) as store:
        _held(store, library, store.tandem("mia-tom"), 1).end()
    synced = cli("--home", str(partner_a), "sync", "now", "--all")
    assert synced.returncode == 0, synced.stderr
    after = calendar.listing(None).etags
    changed = {href.rsplit("/", 1)[-1] for href in after if after[href] != before.get(href)}
    assert changed == {"progress-mia-tom@tandem-tui.ics"}
    assert len(after) == 3
    assert _data(_objects(folder)["progress-mia-tom@tandem-tui.ics"])["sessions_held"] == 1


def test_a_partner_machines_newer_object_is_replaced_and_a_missing_calendar_made(
    tmp_path: Path, home: Path, library: Library, server: Radicale
) -> None:
    """Both partners write the same object; a partner who joined with --cohort may be the
    first to write to a calendar nobody made yet."""
    seed_partner_a(home)
    url = f"{server.url}{server.user}/{fresh('made')}/"
    calendar = Calendar(url, server.user, server.password)
    now = datetime.now(UTC)
    with Store.open(home) as store:
        assert send_progress(store, library, "lena-markus", calendar, now=now)
        assert calendar.exists()
        assert not send_progress(store, library, "lena-markus", calendar, now=now)
        # The partner's machine writes the object (an older state of the tandem, say).
        href = calendar.href_for(progress_uid("lena-markus"))
        etag, text = calendar.get(href) or ("", "")
        calendar.put(href, text.replace("2 of 6", "1 of 6"), etag)
        # Here, a third meeting: sent over the partner's version, which changed meanwhile.
        _held(store, library, store.tandem("lena-markus"), 0).end()
        assert send_progress(store, library, "lena-markus", calendar, now=now)
        kept = store.sync_state("lena-markus")["cohort"]
    report = read_cohort(calendar, TODAY)
    assert [(t.id, t.sessions_held) for t in report.tandems] == [("lena-markus", 3)]
    assert kept["etag"] == calendar.get(href)[0]  # type: ignore[index]


def test_what_cannot_be_read_is_named_and_the_rest_reported(
    tmp_path: Path, home: Path, library: Library, server: Radicale, password: str
) -> None:
    seed_partner_a(home)
    url = f"{server.url}{server.user}/{fresh('damaged')}/"
    calendar = Calendar(url, server.user, server.password)
    calendar.ensure("Cohort")
    with Store.open(home) as store:
        send_progress(store, library, "mia-tom", calendar, now=None)
    damaged = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//x//EN\r\nBEGIN:VJOURNAL\r\n"
        "UID:progress-broken@tandem-tui\r\nDTSTAMP:20270101T000000Z\r\n"
        "X-TANDEM-TUI-KIND:progress\r\nX-TANDEM-TUI-DATA:bm90IGpzb24=\r\n"
        "END:VJOURNAL\r\nEND:VCALENDAR\r\n"
    )
    calendar.put(calendar.href_for("progress-broken@tandem-tui"), damaged, None)
    party = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//x//EN\r\nBEGIN:VEVENT\r\n"
        "UID:summer-party@example.org\r\nDTSTAMP:20270101T000000Z\r\n"
        "DTSTART:20270701T170000Z\r\nSUMMARY:Sommerfest\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    calendar.put(calendar.href_for("summer-party@example.org"), party, None)
    from tandem_tui.cli import run

    report = read_cohort(calendar, TODAY)
    assert [t.id for t in report.tandems] == ["mia-tom"]
    assert report.unreadable == ["progress-broken@tandem-tui.ics in the cohort calendar: damaged"]
    assert run(["report", "--cohort", url, "--user", server.user]) == 0


def test_days_without_a_meeting_are_counted_for_the_day_it_is_read(
    server: Radicale,
    cohort_of_three: tuple[Path, str],
    password: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from tandem_tui.cli import run

    _partner_a, cohort = cohort_of_three
    url = f"{server.url}{server.user}/{cohort}/"
    later = TODAY + timedelta(days=40)
    assert run(["report", "--cohort", url, "--user", server.user, "--json"], today=later) == 0
    rows = {t["id"]: t for t in json.loads(capsys.readouterr().out)["tandems"]}
    lena = rows["lena-markus"]
    assert (lena["days_without_meeting"], lena["status"]) == (52, "overdue")
    assert (lena["open_followups"], lena["overdue_followups"]) == (2, 2)  # both due by then


def test_a_wrong_password_a_stopped_server_and_a_wrong_address_give_one_line(
    tmp_path: Path,
    server: Radicale,
    radicale: Radicale,
    cli: Callable[..., CliResult],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    facilitator = ["--home", str(tmp_path / "facilitator")]

    def report(url: str) -> CliResult:
        return cli(*facilitator, "report", "--cohort", url, "--user", server.user)

    def one_line(result: CliResult) -> str:
        assert result.returncode == 1, result.stdout + result.stderr
        assert result.stdout == "" and "Traceback" not in result.stderr
        [line] = result.stderr.strip().splitlines()
        return line

    monkeypatch.setenv("TANDEM_TUI_CALDAV_PASSWORD", "not-the-password")
    wrong = one_line(report(f"{server.url}{server.user}/cohort/"))
    assert wrong == (
        f"tandem-tui: error: the server at 127.0.0.1:{server.port} did not accept "
        "the user name or password"
    )
    monkeypatch.setenv("TANDEM_TUI_CALDAV_PASSWORD", server.password)
    radicale.stop()
    stopped = one_line(report(f"{radicale.url}{server.user}/cohort/"))
    assert stopped == (
        f"tandem-tui: error: cannot reach 127.0.0.1:{radicale.port}: no server answers there"
    )
    principal = one_line(report(f"{server.url}{server.user}/"))
    assert principal.endswith("is not a calendar; give the address of a calendar")
    missing = one_line(report(f"{server.url}{server.user}/no-such-cohort/"))
    assert missing.endswith(f"there is no calendar at {server.url}{server.user}/no-such-cohort/")
    assert one_line(report("dav.example.org/cohort")).endswith(
        "is not a calendar's address like https://dav.example.org/anna/tandem/"
    )


def test_the_progress_speaks_the_tandems_language(
    home: Path, library: Library, server: Radicale, tmp_path: Path
) -> None:
    seed_partner_a(home, program="reverse-mentoring-de")
    url = f"{server.url}{server.user}/{fresh('de')}/"
    calendar = Calendar(url, server.user, server.password)
    with Store.open(home) as store:
        send_progress(store, library, "lena-markus", calendar, now=None)
    found = calendar.get(calendar.href_for(progress_uid("lena-markus")))
    assert found is not None
    [journal] = ICalendar.from_ical(found[1]).walk("VJOURNAL")
    assert str(journal["SUMMARY"]) == "Tandem Lena Vogel & Markus Brandt: 2 von 6 Treffen"
    assert "Fortschritt" in str(journal["DESCRIPTION"])


# the setting and the app's cohort overview ------------------------------------------------


def test_the_cohort_setting_is_checked_kept_shown_and_turned_off(
    home: Path, server: Radicale, password: str, cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    url = f"{server.url}{server.user}/{fresh('setting')}/"
    missing = cli("settings", "cohort", "--url", url, "--user", server.user)
    assert missing.returncode == 1
    assert missing.stderr.strip() == f"tandem-tui: error: there is no calendar at {url}"
    assert not (home / "settings.json").exists(), "nothing kept from a wrong address"
    Calendar(url, server.user, server.password).ensure("Cohort")
    kept = cli("settings", "cohort", "--url", url, "--user", server.user)
    assert kept.returncode == 0, kept.stderr
    assert f"the cohort overview reads the cohort calendar {url}" in kept.stdout
    shown = cli("settings", "show")
    assert f"Cohort calendar: {url}, login {server.user}" in shown.stdout
    assert json.loads(cli("settings", "show", "--json").stdout)["cohort"] == {
        "url": url,
        "user": server.user,
    }
    assert server.password not in (home / "settings.json").read_text()
    off = cli("settings", "cohort", "--off")
    assert off.returncode == 0
    assert json.loads(cli("settings", "show", "--json").stdout)["cohort"] is None
    assert "cohort" not in json.loads((home / "settings.json").read_text())["settings"]["1"]


async def test_the_cohort_overview_reads_the_cohort_calendar(
    tmp_path: Path,
    home: Path,
    server: Radicale,
    password: str,
    cohort_of_three: tuple[Path, str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from textual.widgets import DataTable, Static

    from tandem_tui.app import create_app
    from tandem_tui.records import CohortSettings, Settings
    from tandem_tui.screens.cohort import CohortScreen

    _partner_a, cohort = cohort_of_three
    url = f"{server.url}{server.user}/{cohort}/"
    with Store.open(home) as store:  # the facilitator's machine: one tandem of its own
        store.add_tandem(
            Tandem(
                "eva-karl", Participant("Eva Kern"), Participant("Karl Ott"), "reverse-mentoring-en"
            )
        )
        store.save_settings(Settings(cohort=CohortSettings(url, server.user)))
    app = create_app(home, clock=ManualClock(datetime.combine(TODAY, time(9)).astimezone()))

    def shown(screen: CohortScreen) -> str:
        table = screen.query_one("#cohort-table", DataTable)
        cells = [str(c) for row in range(table.row_count) for c in table.get_row_at(row)]
        return " ".join(
            [
                str(screen.query_one("#cohort-source", Static).render()),
                str(screen.query_one("#cohort-summary", Static).render()),
                *cells,
            ]
        )

    assert server.process is not None
    async with app.run_test(size=(120, 36)) as pilot:
        os.kill(server.process.pid, signal.SIGSTOP)  # the server holds its answer
        try:
            await pilot.press("o")
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, CohortScreen)
            assert f"Reading the cohort calendar {url}…" in shown(screen)
            assert screen.query_one("#cohort-table", DataTable).row_count == 0
        finally:
            os.kill(server.process.pid, signal.SIGCONT)
        await app.workers.wait_for_complete()
        await pilot.pause()
        table = screen.query_one("#cohort-table", DataTable)
        assert table.row_count == 3
        text = shown(screen)
        assert "Lena Vogel & Markus Brandt" in text and "Eva Kern" not in text
        assert f"From the cohort calendar {url}" in text
        assert "3 tandems, 3 of 18 sessions held" in text
        assert not any(secret in text for secret in SECRETS)

        await pilot.press("c")  # this machine's data instead
        await pilot.pause()
        assert table.row_count == 1 and "Eva Kern & Karl Ott" in shown(screen)

        monkeypatch.setenv("TANDEM_TUI_CALDAV_PASSWORD", "not-the-password")
        await pilot.press("c")  # back to the calendar, which refuses now
        await app.workers.wait_for_complete()
        await pilot.pause()
        text = shown(screen)
        assert "Could not read the cohort calendar: the server at" in text
        assert "did not accept the user name or password" in text
        assert "Press c to see this machine's tandems" in text
        assert table.row_count == 0
        await pilot.press("c")
        await pilot.pause()
        assert table.row_count == 1, "this machine's report stays at hand"
    app.store.close()


async def test_leaving_the_app_never_waits_for_a_stalled_cohort_calendar(
    home: Path, server: Radicale, password: str
) -> None:
    """The server takes the connection and never answers: the app still quits at once.
    As a program ends, Python waits for the threads that did the app's work: none may be
    left waiting for the server's answer (up to 20 seconds, the requests' timeout)."""
    import asyncio
    import threading

    from tandem_tui.app import create_app
    from tandem_tui.records import CohortSettings, Settings
    from tandem_tui.screens.cohort import CohortScreen

    url = f"{server.url}{server.user}/{fresh('stalled')}/"
    with Store.open(home) as store:
        store.add_tandem(
            Tandem(
                "eva-karl", Participant("Eva Kern"), Participant("Karl Ott"), "reverse-mentoring-en"
            )
        )
        store.save_settings(Settings(cohort=CohortSettings(url, server.user)))
    app = create_app(home, clock=ManualClock(datetime.combine(TODAY, time(9)).astimezone()))
    assert server.process is not None
    os.kill(server.process.pid, signal.SIGSTOP)
    try:
        async with app.run_test(size=(120, 36)) as pilot:
            await pilot.press("o")
            await pilot.pause()
            assert isinstance(app.screen, CohortScreen)
            assert any(t.name == "tandem-tui-cohort" for t in threading.enumerate())
        # What `asyncio.run` does as the program ends: wait for the workers' threads.
        loop = asyncio.get_running_loop()
        await asyncio.wait_for(loop.shutdown_default_executor(), timeout=5)
    finally:
        os.kill(server.process.pid, signal.SIGCONT)
    app.store.close()
