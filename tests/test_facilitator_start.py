"""A facilitator's machine: no tandems of its own, a cohort calendar set (`settings
cohort`). The app starts on the empty home screen, not in the "New tandem" form, and o
opens the cohort overview instead of typing into the form's Mentor field."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Static

from tandem_tui.app import create_app
from tandem_tui.clock import ManualClock
from tandem_tui.records import CohortSettings, Settings
from tandem_tui.screens.add_tandem import AddTandemScreen
from tandem_tui.screens.cohort import CohortScreen
from tandem_tui.screens.home import HomeScreen
from tandem_tui.store import Store
from tandem_tui.sync import service

SIZE = (100, 30)


@pytest.fixture(autouse=True)
def password(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(service.PASSWORD_VARIABLE, "secret")  # never a keyring here


async def test_a_facilitator_starts_on_the_home_screen_and_o_opens_the_cohort(
    home: Path,
) -> None:
    with Store.open(home) as store:  # a server that is not there: the overview says so
        store.save_settings(Settings(cohort=CohortSettings("http://127.0.0.1:9/c/", "u")))
    app = create_app(home, clock=ManualClock())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen), "no form pushed at the start"
        welcome = app.screen.query_one("#welcome", Static)
        assert welcome.display and "press a" in str(welcome.render())
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, CohortScreen)
        assert not any(isinstance(screen, AddTandemScreen) for screen in app.screen_stack)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("a")  # adding one of its own still works
        assert isinstance(app.screen, AddTandemScreen)
        await pilot.press("escape")
    app.store.close()
    with Store.open(home, readonly=True) as store:
        assert store.tandem_ids() == []
        assert store.settings().cohort == CohortSettings("http://127.0.0.1:9/c/", "u")


async def test_without_a_cohort_the_first_run_still_opens_the_form(home: Path) -> None:
    app = create_app(home, clock=ManualClock())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, AddTandemScreen)
    app.store.close()
