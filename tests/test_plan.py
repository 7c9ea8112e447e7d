"""Planning or moving the next meeting from the home screen: the app's `tandem plan`."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest
from conftest import make_tandem
from textual.widgets import Input, Static

from tandem_tui.app import create_app
from tandem_tui.clock import ManualClock
from tandem_tui.dates import DateError, parse_meeting, suggest_meeting
from tandem_tui.model import Cadence
from tandem_tui.screens.home import HomeScreen
from tandem_tui.screens.plan import PlanScreen
from tandem_tui.store import Store

SIZE = (120, 36)
NOW = datetime(2026, 11, 27, 16, 55).astimezone()  # a Friday


def local(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%d %H:%M").astimezone()


def seed(home: Path, next_meeting: datetime | None = None) -> None:
    with Store.open(home) as store:
        store.add_tandem(replace(make_tandem(), next_meeting=next_meeting))


def stored_next_meeting(home: Path) -> datetime | None:
    with Store.open(home, readonly=True) as store:
        return store.tandem("lena-markus").next_meeting


def field_text(dialog: PlanScreen, selector: str) -> str:
    return str(dialog.query_one(selector, Static).render())


# the core ---------------------------------------------------------------------------------


def test_parse_meeting_takes_a_local_time_from_now_on() -> None:
    when = parse_meeting(" 2027-02-05 17:00 ", NOW)
    assert when == local("2027-02-05 17:00") and when.tzinfo is not None
    assert parse_meeting("2026-11-27 16:55", NOW) == NOW, "this very minute is not the past"


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("2026-11-27 16:54", '"2026-11-27 16:54" is in the past; give a later date and time'),
        ("2101-01-01 10:00", '"2101-01-01 10:00" is after 2100; give a date up to 2100-12-31'),
        ("9999-12-31 23:59", '"9999-12-31 23:59" is after 2100'),
        ("0001-01-01 00:00", "is in the past"),
        (
            "next friday",
            '"next friday" is not a date and time; give a date and time like 2027-02-05 17:00',
        ),
        ("2027-02-30 17:00", "is not a date: February 2027 has 28 days"),
        ("31.02.2027 17:00", "is not a date: February 2027 has 28 days"),
        ("", "no date and time given"),
    ],
)
def test_parse_meeting_refuses_with_a_reason(typed: str, reason: str) -> None:
    with pytest.raises(DateError, match=reason.replace("(", r"\(").replace(")", r"\)")):
        parse_meeting(typed, NOW)


def test_the_offered_meeting_keeps_the_series_slot() -> None:
    planned = local("2026-12-04 17:00")
    assert suggest_meeting(planned, [], Cadence.WEEKLY, NOW) == planned, "ahead: kept"
    passed = local("2026-11-06 17:30")  # a Friday, three weeks ago
    assert suggest_meeting(passed, [], Cadence.EVERY_2_WEEKS, NOW) == local("2026-12-04 17:30")
    held = [local("2026-10-02 16:10"), local("2026-10-30 09:40")]
    assert suggest_meeting(None, held, Cadence.EVERY_4_WEEKS, NOW) == local("2026-12-25 09:30")
    assert suggest_meeting(None, [], Cadence.WEEKLY, NOW) is None, "never met, nothing planned"


# the dialog -------------------------------------------------------------------------------


async def open_plan(pilot) -> PlanScreen:
    await pilot.press("p")
    await pilot.pause()
    dialog = pilot.app.screen
    assert isinstance(dialog, PlanScreen)
    return dialog


async def test_p_moves_the_next_meeting_and_the_store_keeps_it(home: Path) -> None:
    seed(home, local("2026-12-04 17:00"))
    app = create_app(home, clock=ManualClock(NOW))
    async with app.run_test(size=SIZE) as pilot:
        dialog = await open_plan(pilot)
        when = dialog.query_one("#plan-when", Input)
        assert when.value == "2026-12-04 17:00", "the planned meeting, filled in"
        assert field_text(dialog, "#plan-weekday") == "Friday, 4 December 2026"
        assert "Planned now for Friday, 4 December 2026, 17:00." in field_text(
            dialog, "#plan-state"
        )
        await pilot.press("ctrl+u", *"2026-12-08 18:30")
        assert field_text(dialog, "#plan-weekday") == "Tuesday, 8 December 2026"
        await pilot.press("enter")
        await pilot.pause()
        home_screen = app.screen
        assert isinstance(home_screen, HomeScreen)
        entry = str(home_screen.tandem_list.get_option_at_index(0).prompt)
        assert "next 8 Dec 18:30" in entry
    app.store.close()
    assert stored_next_meeting(home) == local("2026-12-08 18:30")

    again = create_app(home, clock=ManualClock(NOW))
    async with again.run_test(size=SIZE) as pilot:
        dialog = await open_plan(pilot)
        assert dialog.query_one("#plan-when", Input).value == "2026-12-08 18:30"
    again.store.close()


async def test_a_past_date_is_refused_beside_the_field_and_kept_as_typed(home: Path) -> None:
    seed(home, local("2026-12-04 17:00"))
    app = create_app(home, clock=ManualClock(NOW))
    async with app.run_test(size=SIZE) as pilot:
        dialog = await open_plan(pilot)
        await pilot.press("ctrl+u", *"2026-11-20 17:00", "enter")
        assert app.screen is dialog, "refused: the dialog stays"
        when = dialog.query_one("#plan-when", Input)
        assert when.value == "2026-11-20 17:00", "nothing typed is lost"
        assert (
            field_text(dialog, "#plan-when-error")
            == '"2026-11-20 17:00" is in the past; give a later date and time.'
        )
        assert field_text(dialog, "#plan-weekday") == ""
        await pilot.press("ctrl+u", *"2101-03-01 17:00", "enter")
        assert "after 2100" in field_text(dialog, "#plan-when-error")
        await pilot.press("ctrl+u", *"2026-12-11 17:00")
        assert field_text(dialog, "#plan-when-error") == "", "fixed: the message goes"
        await pilot.press("escape")
    app.store.close()
    assert stored_next_meeting(home) == local("2026-12-04 17:00"), "nothing changed on disk"


async def test_an_empty_field_clears_the_plan(home: Path) -> None:
    seed(home, local("2026-12-04 17:00"))
    app = create_app(home, clock=ManualClock(NOW))
    async with app.run_test(size=SIZE) as pilot:
        dialog = await open_plan(pilot)
        assert "empty: none" in " ".join(str(text.render()) for text in dialog.query(Static))
        await pilot.press("ctrl+u", "enter")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    app.store.close()
    assert stored_next_meeting(home) is None


async def test_a_passed_meeting_offers_the_next_in_its_series(home: Path) -> None:
    seed(home, local("2026-11-13 17:00"))  # two weeks ago; the program meets every 4 weeks
    app = create_app(home, clock=ManualClock(NOW))
    async with app.run_test(size=SIZE) as pilot:
        dialog = await open_plan(pilot)
        assert dialog.query_one("#plan-when", Input).value == "2026-12-11 17:00"
        assert "has passed" in field_text(dialog, "#plan-state")
        await pilot.press("escape")
    app.store.close()
    assert stored_next_meeting(home) == local("2026-11-13 17:00"), "offered, not saved"
