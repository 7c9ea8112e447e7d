"""Dates, times and owners typed the German way, through the real command and the app.

The parsing itself is tested in test_dates_and_model.py; here: what a user types in the
shell or a dialog ends up stored as meant, and a wrong date is refused in one line.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from conftest import CliResult, make_tandem
from textual.widgets import Input, Label

from tandem_tui.app import create_app
from tandem_tui.clock import ManualClock
from tandem_tui.dates import parse_due
from tandem_tui.screens.followup import FollowUpScreen
from tandem_tui.screens.followups import FollowUpListScreen
from tandem_tui.screens.home import HomeScreen
from tandem_tui.screens.plan import PlanScreen
from tandem_tui.store import Store

Cli = Callable[..., CliResult]
BERLIN = ZoneInfo("Europe/Berlin")
SIZE = (120, 36)
TODAY = date(2026, 11, 27)  # a Friday


@pytest.fixture
def berlin(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """This machine (this process and the commands it starts) in Berlin."""
    monkeypatch.setenv("TZ", "Europe/Berlin")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def followups(cli: Cli) -> dict[str, tuple[str, str | None]]:
    """Each follow-up's text: its owner and due date, as `followup list --json` gives them."""
    result = cli("followup", "list", "--json")
    assert result.returncode == 0, result.stderr
    return {f["text"]: (f["owner"], f["due"]) for f in json.loads(result.stdout)}


def next_friday(today: date) -> date:
    return today + timedelta(days=(4 - today.weekday()) % 7 or 7)


# the command line ---------------------------------------------------------------------------


def test_followup_add_takes_german_dates_and_owners(cli: Cli) -> None:
    assert cli("tandem", "add", "--mentor", "Lena", "--mentee", "Markus").returncode == 0
    typed = [
        ("year end", "31.12.2027", "Beide"),
        ("friday", "Freitag", "MENTEE"),
        ("fr", "fr", "mentor"),
        ("tomorrow", "morgen", "both"),
        ("after tomorrow", "übermorgen", " beide "),
        ("padded", "05.02.2027", "Mentor"),
    ]
    before = date.today()
    for text, due, owner in typed:
        result = cli("followup", "add", "lena", text, "--due", due, "--owner", owner)
        assert result.returncode == 0, result.stderr
    today = date.today()
    if today != before:  # midnight passed between the commands: the words moved with it
        pytest.skip("the day changed while the commands ran")
    assert followups(cli) == {
        "year end": ("both", "2027-12-31"),
        "friday": ("mentee", next_friday(today).isoformat()),
        "fr": ("mentor", next_friday(today).isoformat()),
        "tomorrow": ("both", (today + timedelta(days=1)).isoformat()),
        "after tomorrow": ("both", (today + timedelta(days=2)).isoformat()),
        "padded": ("mentor", "2027-02-05"),
    }


def test_followup_add_on_a_given_day(capsys: pytest.CaptureFixture[str]) -> None:
    """In-process, to give the command its "today": a Friday; the same code as the command."""
    from tandem_tui.cli import run

    assert run(["tandem", "add", "--mentor", "Lena", "--mentee", "Markus"], today=TODAY) == 0
    for text, due in [("a", "Freitag"), ("b", "morgen"), ("c", "31.12."), ("d", "26.11.")]:
        assert run(["followup", "add", "lena", text, "--due", due], today=TODAY) == 0
    capsys.readouterr()
    assert run(["followup", "list", "--json"], today=TODAY) == 0
    listing = json.loads(capsys.readouterr().out)
    assert {f["text"]: f["due"] for f in listing} == {
        "a": "2026-12-04",  # the next Friday, never today
        "b": "2026-11-28",
        "c": "2026-12-31",
        "d": "2027-11-26",  # passed this year: next year's
    }


@pytest.mark.parametrize(
    ("due", "message"),
    [
        ("31.02.2027", '--due: "31.02.2027" is not a date: February 2027 has 28 days'),
        ("30.2.", '--due: "30.2." is not a date: February '),
        ("1.1.2101", '--due: "1.1.2101" is after 2100; give a date up to 2100-12-31'),
        ("31.12.2020", '--due: "31.12.2020" is in the past; give today or a later date'),
        ("31.12.20", '--due: "31.12.20" is in the past; give today or a later date'),
        ("31.13.2027", '--due: "31.13.2027" is not a date; give a date like 2026-12-01, 31.12.'),
    ],
)
def test_a_german_date_that_makes_no_sense_is_refused_in_one_line(
    cli: Cli, home: Path, due: str, message: str
) -> None:
    cli("tandem", "add", "--mentor", "Lena", "--mentee", "Markus")
    result = cli("followup", "add", "lena", "x", "--due", due)
    assert result.returncode == 1
    assert result.stderr.startswith(f"tandem-tui: error: {message}")
    assert len(result.stderr.splitlines()) == 1 and "Traceback" not in result.stderr
    assert followups(cli) == {}


def test_an_owner_in_neither_language_is_refused(cli: Cli) -> None:
    cli("tandem", "add", "--mentor", "Lena", "--mentee", "Markus")
    wrong = cli("followup", "add", "lena", "x", "--owner", "alle")
    assert wrong.returncode == 2
    assert "invalid choice: 'alle' (choose from 'mentor', 'mentee', 'both')" in wrong.stderr


def test_tandem_plan_takes_a_german_date_and_time_in_the_machines_zone(
    cli: Cli, home: Path, berlin: None
) -> None:
    cli("tandem", "add", "--mentor", "Lena", "--mentee", "Markus")
    result = cli("tandem", "plan", "lena", "05.02.2027 17:00")
    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        "lena-markus: next meeting Friday, 5 February 2027, 17:00 (Europe/Berlin)\n"
    )
    with Store.open(home, readonly=True) as store:
        planned = store.tandem("lena-markus").next_meeting
    assert planned == datetime(2027, 2, 5, 17, 0, tzinfo=BERLIN)
    assert planned is not None and planned.utcoffset() == timedelta(hours=1)

    again = cli("tandem", "plan", "lena", "5.2. 18 Uhr")  # the next 5 February to come
    assert again.returncode == 0, again.stderr
    with Store.open(home, readonly=True) as store:
        moved = store.tandem("lena-markus").next_meeting
    assert moved is not None and (moved.month, moved.day, moved.hour) == (2, 5, 18)
    assert date.today() <= moved.date() <= date.today() + timedelta(days=366)


@pytest.mark.parametrize(
    ("when", "message"),
    [
        ("31.02.2027 17:00", '"31.02.2027 17:00" is not a date: February 2027 has 28 days'),
        ("31.12.2020 17 Uhr", '"31.12.2020 17 Uhr" is in the past; give a later date and time'),
        ("1.1.2101 9:00", '"1.1.2101 9:00" is after 2100'),
        ("05.02.2027", '"05.02.2027" is not a date and time; give a date and time like'),
    ],
)
def test_tandem_plan_refuses_a_german_date_that_makes_no_sense(
    cli: Cli, home: Path, when: str, message: str
) -> None:
    cli("tandem", "add", "--mentor", "Lena", "--mentee", "Markus")
    result = cli("tandem", "plan", "lena", when)
    assert result.returncode == 1
    assert result.stderr.startswith(f"tandem-tui: error: {message}")
    assert len(result.stderr.splitlines()) == 1 and "Traceback" not in result.stderr
    with Store.open(home, readonly=True) as store:
        assert store.tandem("lena-markus").next_meeting is None


def test_the_help_of_the_date_options_shows_the_german_forms(cli: Cli) -> None:
    due = " ".join(cli("followup", "add", "--help").stdout.split())
    assert "31.12.2026, 31.12., +3d, +2w, today, morgen" in due
    assert "also: beide" in due
    plan = " ".join(cli("tandem", "plan", "--help").stdout.split())
    assert "5.2.2027 17:00" in plan and "morgen 17 Uhr" in plan


# the app --------------------------------------------------------------------------------------

NOW = datetime(2026, 11, 27, 16, 55, tzinfo=BERLIN)  # a Friday afternoon


def seed(home: Path) -> None:
    with Store.open(home) as store:
        store.add_tandem(make_tandem())


async def test_the_plan_dialog_takes_a_german_date_and_time(home: Path, berlin: None) -> None:
    seed(home)
    app = create_app(home, clock=ManualClock(NOW))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("p")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, PlanScreen)
        await pilot.press("ctrl+u", *"30.2.2027 17:00", "enter")
        assert app.screen is dialog, "refused: the dialog stays"
        error = str(dialog.query_one("#plan-when-error", Label).render())
        assert error == '"30.2.2027 17:00" is not a date: February 2027 has 28 days.'
        await pilot.press("ctrl+u", *"05.02.2027 17:00")
        assert str(dialog.query_one("#plan-weekday", Label).render()) == "Friday, 5 February 2027"
        assert str(dialog.query_one("#plan-when-error", Label).render()) == ""
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    app.store.close()
    with Store.open(home, readonly=True) as store:
        planned = store.tandem("lena-markus").next_meeting
    assert planned == datetime(2027, 2, 5, 17, 0, tzinfo=BERLIN)
    assert planned is not None and planned.utcoffset() == timedelta(hours=1)


async def test_the_followup_dialog_takes_a_german_date(home: Path) -> None:
    seed(home)
    app = create_app(home, clock=ManualClock(NOW))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f")
        listing = app.screen
        assert isinstance(listing, FollowUpListScreen)
        await pilot.press("a")
        dialog = app.screen
        assert isinstance(dialog, FollowUpScreen)
        await pilot.press(*"Book the workshop", "tab", *"31.02.2027", "enter")
        assert app.screen is dialog, "refused: the dialog stays"
        assert str(dialog.query_one("#followup-due-error", Label).render()) == (
            '"31.02.2027" is not a date: February 2027 has 28 days.'
        )
        assert dialog.query_one("#followup-due", Input).value == "31.02.2027", "nothing lost"
        dialog.query_one("#followup-due", Input).value = "31.12.2027"
        await pilot.press("enter")
        assert app.screen is listing
        await pilot.press("a")
        await pilot.press(*"Call HR", "tab", *"Fr", "enter")
        assert app.screen is listing
    app.store.close()
    with Store.open(home, readonly=True) as store:
        due = {f.text: f.due for f in store.followups("lena-markus")}
    assert due == {"Book the workshop": date(2027, 12, 31), "Call HR": date(2026, 12, 4)}


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("+3d", 3),
        ("+3t", 3),
        ("+3T", 3),
        ("+3 Tage", 3),
        ("+1 Tag", 1),
        ("+1 day", 1),
        ("+2w", 14),
        ("+2W", 14),
        ("+2 Wochen", 14),
        ("+1 Woche", 7),
        ("+2 weeks", 14),
    ],
)
def test_days_and_weeks_ahead_in_either_language(text: str, days: int) -> None:
    today = date(2026, 11, 28)
    assert parse_due(text, today) == today + timedelta(days=days)
