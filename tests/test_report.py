"""The cohort report: the right figures for a cohort of 34, and never a word of content."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest
from conftest import CliResult

from tandem_tui.clock import ManualClock
from tandem_tui.library import Library
from tandem_tui.meeting import Meeting
from tandem_tui.model import Feedback, FollowUp, NoteKind, Participant, Role, Tandem
from tandem_tui.report import cohort_report, is_overdue, rating_bar
from tandem_tui.store import Store

MARKER = "CONTENT-MARKER-9052"
TODAY = date(2027, 3, 1)


def seed_cohort(home: Path, library: Library) -> None:
    """34 tandems: a third never met, a third met two weeks ago, a third two months ago."""
    with Store.open(home) as store:
        for n in range(34):
            tandem = Tandem(
                id=f"tandem-{n:02d}",
                mentor=Participant(f"Mentor {n}"),
                mentee=Participant(f"Mentee {n}"),
                program="reverse-mentoring-en",
                created_at=datetime(2026, 12, 1, tzinfo=UTC),
            )
            store.add_tandem(tandem)
            store.save_followup(tandem.id, FollowUp(f"{MARKER} follow-up", due=date(2027, 2, 1)))
            if n % 3 == 0:
                continue
            held = datetime(2027, 2, 15, 17) if n % 3 == 1 else datetime(2027, 1, 1, 17)
            clock = ManualClock(held.astimezone())
            meeting = Meeting.open(store, library, tandem, clock)
            meeting.resume()
            meeting.save_note(f"{MARKER} shared")
            meeting.save_note(f"{MARKER} private", NoteKind.PRIVATE, Role.MENTOR)
            clock.advance(600)
            feedback = (
                {
                    Role.MENTOR: Feedback(4, 5, f"{MARKER} takeaway"),
                    Role.MENTEE: Feedback(3, 4, "fine"),
                }
                if n % 3 == 1
                else {Role.MENTOR: Feedback(2, 3, f"{MARKER} takeaway")}
            )
            meeting.end(feedback=feedback)


@pytest.fixture
def cohort(home: Path, library: Library) -> Path:
    seed_cohort(home, library)
    return home


def test_the_figures_of_a_cohort_of_34(cohort: Path, library: Library) -> None:
    with Store.open(cohort, readonly=True) as store:
        report = cohort_report(store, library, TODAY)
    assert len(report.tandems) == 34
    rows = {t.id: t for t in report.tandems}
    never, recent, lapsed = rows["tandem-00"], rows["tandem-01"], rows["tandem-02"]
    assert (never.sessions_held, never.last_met, never.overdue) == (0, None, True)
    assert never.days_without_meeting == 90  # since it was registered on 1 December
    assert (recent.sessions_held, recent.last_met, recent.overdue) == (1, date(2027, 2, 15), False)
    assert (lapsed.last_met, lapsed.days_without_meeting, lapsed.overdue) == (
        date(2027, 1, 1),
        59,
        True,
    )
    assert (recent.useful, recent.eye_level) == (3.5, 4.5)
    assert (never.useful, never.eye_level) == (None, None)
    assert all(t.open_followups == 1 and t.overdue_followups == 1 for t in report.tandems)
    assert sum(t.overdue for t in report.tandems) == 12 + 11
    [first] = report.sessions
    assert (first.number, first.ratings, first.useful, first.eye_level) == (1, 33, 3.0, 4.0)
    assert report.summary == (
        "34 tandems, 22 of 204 sessions held, 23 overdue, 34 open follow-ups (34 late), "
        "usefulness 2.8 of 5"
    )


def test_overdue_means_more_than_one_and_a_half_cadences() -> None:
    from tandem_tui.model import Cadence

    last = date(2027, 1, 1)
    assert not is_overdue(last, Cadence.EVERY_4_WEEKS, date(2027, 2, 12))  # 42 days
    assert is_overdue(last, Cadence.EVERY_4_WEEKS, date(2027, 2, 13))  # 43 days
    assert is_overdue(last, Cadence.WEEKLY, date(2027, 1, 12))  # 11 days > 10.5


def test_the_report_and_its_json_never_show_content(
    cohort: Path, cli: Callable[..., CliResult], capsys: pytest.CaptureFixture[str]
) -> None:
    from tandem_tui.cli import run

    # In-process, to give the command the report's "today"; the same code as the command.
    assert run(["report"], today=TODAY) == 0
    text = capsys.readouterr()
    assert run(["report", "--json"], today=TODAY) == 0
    data = capsys.readouterr()
    subprocess_run = cli("report", "--json")  # and the installed command, on the real today
    assert subprocess_run.returncode == 0, subprocess_run.stderr
    for output in (text.out, text.err, data.out, data.err, subprocess_run.stdout):
        assert MARKER not in output
    assert "OVERDUE (90 days)" in text.out
    assert "session 1  useful" in text.out
    parsed = json.loads(data.out)
    assert len(parsed["tandems"]) == 34
    assert parsed["sessions"] == [{"session": 1, "useful": 3.0, "eye_level": 4.0, "ratings": 33}]
    assert parsed["tandems"][1]["feedback_useful"] == 3.5


async def test_the_overview_screen_shows_the_cohort_without_content(
    cohort: Path, library: Library
) -> None:
    from textual.widgets import DataTable, Static

    from tandem_tui.app import create_app
    from tandem_tui.screens.cohort import CohortScreen

    app = create_app(cohort, clock=ManualClock(datetime(2027, 3, 1, 9).astimezone()))
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("o")
        screen = app.screen
        assert isinstance(screen, CohortScreen)
        table = screen.query_one("#cohort-table", DataTable)
        assert table.row_count == 34
        shown = " ".join(str(cell) for row in range(34) for cell in table.get_row_at(row))
        shown += str(screen.query_one("#cohort-summary", Static).render())
        shown += str(screen.query_one("#cohort-ratings", Static).render())
        assert "overdue, 90 days" in shown and "Session 1" in shown
        assert MARKER not in shown
    app.store.close()


def test_rating_bars_grow_with_the_rating() -> None:
    assert rating_bar(5.0, 10) == "█" * 10
    assert rating_bar(2.5, 10) == "█████     "
    assert rating_bar(None, 4) == "    "
    assert len(rating_bar(3.3, 20)) == 20


def test_cohort_set_up_at_scale_in_one_go(
    home: Path, cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    """Register 34 tandems from a spreadsheet, then write every calendar: two commands."""
    rows = ["mentor;mentee;mentee_email;first_meeting"]
    start = date.today() + timedelta(days=7)  # a first meeting in the past is refused
    rows += [
        f"Junior {n};Senior {n};s{n}@example.org;{start + timedelta(days=n % 28)} 17:00"
        for n in range(34)
    ]
    (tmp_path / "cohort.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    imported = cli("tandem", "import", "cohort.csv")
    assert imported.returncode == 0, imported.stderr
    exported = cli("export", "--all", "-o", "calendars", "--timezone", "Europe/Berlin")
    assert exported.returncode == 0, exported.stderr
    files = sorted((tmp_path / "calendars").glob("*.ics"))
    assert len(files) == 34
    assert "[34/34]" in exported.stdout and "34 calendars in calendars" in exported.stdout
    assert all(f.read_bytes().count(b"BEGIN:VEVENT") == 6 for f in files), "the whole series"


def _meet(store: Store, library: Library, tandem: Tandem, days_ago: int, *, end: bool) -> None:
    held = datetime.combine(date.today() - timedelta(days=days_ago), time(17)).astimezone()
    clock = ManualClock(held)
    meeting = Meeting.open(store, library, tandem, clock)
    meeting.resume()
    clock.advance(600)
    if end:
        meeting.end()
    else:
        meeting.pause()  # left open, as after a crash or a meeting under way


def _status_column(table: str) -> dict[str, str]:
    """Each tandem's STATUS cell, cut at the columns the header shows."""
    header, *rows = table.splitlines()
    start, stop = header.index("STATUS"), header.index("FOLLOW-UPS")
    return {row.split()[0]: row[start:stop].strip() for row in rows if row.strip()}


def test_the_status_column_says_where_every_tandem_stands(
    home: Path, library: Library, cli: Callable[..., CliResult]
) -> None:
    """Before, STATUS was blank for every tandem that was not overdue."""
    with Store.open(home) as store:
        for tandem_id in ("new", "on-track", "overdue", "in-meeting", "finished"):
            created = datetime.now(UTC) - timedelta(days=400 if tandem_id == "finished" else 3)
            tandem = Tandem(
                tandem_id,
                Participant(f"Mentor {tandem_id}"),
                Participant(f"Mentee {tandem_id}"),
                "reverse-mentoring-en",
                created_at=created,
            )
            store.add_tandem(tandem)
        _meet(store, library, store.tandem("on-track"), 10, end=True)
        _meet(store, library, store.tandem("overdue"), 50, end=True)
        _meet(store, library, store.tandem("in-meeting"), 0, end=False)
        for n in range(6):
            _meet(store, library, store.tandem("finished"), 300 - n * 28, end=True)
    result = cli("report")
    assert result.returncode == 0, result.stderr
    assert _status_column(result.stdout.split("\n\n")[0]) == {
        "finished": "finished",
        "in-meeting": "session 1 open",
        "new": "not started",
        "on-track": "on track",
        "overdue": "OVERDUE (50 days)",
    }
    data = json.loads(cli("report", "--json").stdout)
    assert {t["id"]: t["status"] for t in data["tandems"]} == {
        "finished": "finished",
        "in-meeting": "meeting",
        "new": "not-started",
        "on-track": "on-track",
        "overdue": "overdue",
    }
    assert "5 tandems, 8 of 30 sessions held, 1 overdue" in result.stdout


def test_one_day_overdue_is_singular() -> None:
    from tandem_tui.report import TandemReport

    row = TandemReport("t", "A", "B", "p", 1, 6, date(2027, 1, 1), None, 1, True, 0, 0, None, None)
    assert row.status_text == "OVERDUE (1 day)"
