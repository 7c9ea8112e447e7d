"""Changing a follow-up in the app (`e` in the follow-up list, from home and in a
meeting): its text opens with the cursor at the end and nothing selected, so what is
typed is added to it instead of replacing it."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from conftest import make_tandem
from textual.widgets import Input

from tandem_tui.app import create_app
from tandem_tui.clock import ManualClock
from tandem_tui.model import FollowUp, Owner
from tandem_tui.screens.followup import FollowUpScreen
from tandem_tui.screens.followups import FollowUpListScreen
from tandem_tui.screens.meeting import MeetingScreen
from tandem_tui.store import Store

SIZE = (120, 36)


def seeded(home: Path, clock: ManualClock) -> None:
    with Store.open(home) as store:
        store.add_tandem(make_tandem())
        due = clock.now().date() + timedelta(days=3)
        store.save_followup("lena-markus", FollowUp("Send the ground rules", Owner.MENTOR, due))


def texts(home: Path) -> list[str]:
    with Store.open(home, readonly=True) as store:
        return [f.text for f in store.followups("lena-markus")]


async def test_typing_in_an_edit_adds_to_the_text_from_home(home: Path) -> None:
    clock = ManualClock()
    seeded(home, clock)
    app = create_app(home, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f")
        assert isinstance(app.screen, FollowUpListScreen)
        await pilot.press("e")
        dialog = app.screen
        assert isinstance(dialog, FollowUpScreen)
        field = dialog.query_one("#followup-text", Input)
        assert field.has_focus and field.selection.is_empty
        await pilot.press(*" today", "ctrl+s")
        assert isinstance(app.screen, FollowUpListScreen)
    app.store.close()
    assert texts(home) == ["Send the ground rules today"]


async def test_typing_in_an_edit_adds_to_the_text_in_a_meeting(home: Path) -> None:
    clock = ManualClock()
    seeded(home, clock)
    app = create_app(home, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        assert isinstance(app.screen, MeetingScreen)
        await pilot.press("f2", "e")
        assert isinstance(app.screen, FollowUpScreen)
        await pilot.press(*" today", "enter")
        assert isinstance(app.screen, FollowUpListScreen)
        await pilot.press("escape", "ctrl+q")
    app.store.close()
    assert texts(home) == ["Send the ground rules today"]
