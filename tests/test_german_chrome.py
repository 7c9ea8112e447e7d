"""The chrome in German: the home screen, its footer, a dialog and a notification speak
German once the chrome's language is German (`--lang de`), and English as before
otherwise. A German footer at 80 columns leaves keys out whole, never cuts a word."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from conftest import make_tandem
from textual.notifications import Notify
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Button, Input, Label, OptionList, Static

from tandem_tui import i18n
from tandem_tui.app import TandemApp, create_app
from tandem_tui.clock import ManualClock
from tandem_tui.model import FollowUp, Owner
from tandem_tui.screens.add_tandem import AddTandemScreen
from tandem_tui.screens.cohort import CohortScreen
from tandem_tui.screens.home import HomeScreen
from tandem_tui.screens.library import LibraryScreen
from tandem_tui.store import Store
from tandem_tui.widgets.footer import KeyHint

NOW = datetime(2027, 2, 1, 9, 0).astimezone()


def seed(home: Path) -> None:
    """A tandem with its next meeting planned and one open follow-up."""
    from dataclasses import replace

    tandem = replace(make_tandem(), next_meeting=NOW + timedelta(days=4, hours=8))
    with Store.open(home) as store:
        store.add_tandem(tandem)
        store.save_followup(tandem.id, FollowUp("Try the team chat", Owner.MENTEE))


def footer_hints(screen: Screen[Any]) -> list[KeyHint]:
    return list(screen.query(KeyHint))


def shown(widget: Static | Label) -> str:
    return str(widget.render())


async def settle(pilot: Pilot[Any]) -> None:
    await pilot.pause()
    await pilot.pause()


async def test_the_home_screen_speaks_german(home: Path) -> None:
    seed(home)
    i18n.use("de")
    app = create_app(home, clock=ManualClock(NOW))
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, HomeScreen)
        entry = str(screen.query_one("#tandems", OptionList).get_option_at_index(0).prompt)
        assert "Treffen 1 von 6" in entry
        assert "nächstes 05.02. 17:00" in entry  # a numeric German date, this year's
        assert "1 offene Aufgabe" in entry
        hint = shown(screen.query_one("#home-hint", Static))
        assert hint.startswith("1 Tandem. Enter beginnt oder setzt das Treffen")
        labels = [hint.description for hint in footer_hints(screen)]
        assert labels[:4] == ["Treffen", "Neu", "Ändern", "Aufgaben"]
        assert "Meet" not in labels and "Add" not in labels
        # The palette key, shown at this width, is Textual's own: German too.
        assert "Befehle" in labels
        tooltips = {hint.description: str(hint.tooltip) for hint in footer_hints(screen)}
        assert tooltips["Neu"] == "Ein neues Tandem anlegen"
    app.store.close()


async def test_english_stays_as_it_was(home: Path) -> None:
    seed(home)
    app = create_app(home, clock=ManualClock(NOW))
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        screen = app.screen
        entry = str(screen.query_one("#tandems", OptionList).get_option_at_index(0).prompt)
        assert "Session 1 of 6 · next 5 Feb 17:00 · 1 open follow-up" in entry
        hint = shown(screen.query_one("#home-hint", Static))
        assert hint.startswith("1 tandem. Enter starts or resumes the selected tandem's meeting")
        labels = [hint.description for hint in footer_hints(screen)]
        assert labels[:4] == ["Meet", "Add", "Edit", "Follow-ups"]
        assert "palette" in labels
    app.store.close()


async def keys_whole(app: TandemApp, width: int) -> list[str]:
    """The footer's keys as drawn: each one whole and inside the screen; their labels."""
    screen = app.screen
    hints = footer_hints(screen)
    assert hints, f"no keys in the footer of {type(screen).__name__}"
    for hint in hints:
        assert hint.region.width >= hint.cells, f"{hint.description!r} is cut"
        assert hint.region.right <= width, f"{hint.description!r} runs off the screen"
    return [hint.description for hint in hints]


async def test_the_german_footer_never_cuts_a_word_at_80_columns(home: Path) -> None:
    seed(home)
    i18n.use("de")
    app = create_app(home, clock=ManualClock(NOW))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        home_keys = await keys_whole(app, 80)
        # Translated as bound, in the screen's order of need; what does not fit is
        # left out from the right, whole.
        assert home_keys == [
            "Treffen",
            "Neu",
            "Ändern",
            "Aufgaben",
            "Hilfe",
            "Kalender",
            "Agenden",
            "Übersicht",
        ]
        await pilot.press("g")
        await settle(pilot)
        assert isinstance(app.screen, LibraryScreen)
        assert (await keys_whole(app, 80))[:4] == [
            "Öffnen",
            "Neue Agenda",
            "Neues Programm",
            "Zurück",
        ]
        await pilot.press("escape", "o")
        await settle(pilot)
        assert isinstance(app.screen, CohortScreen)
        assert (await keys_whole(app, 80))[:2] == ["Zurück", "Neu laden"]
        await pilot.press("escape", "a")
        await settle(pilot)
        assert isinstance(app.screen, AddTandemScreen)
        assert await keys_whole(app, 80) == ["Abbrechen", "Speichern"]
    app.store.close()


async def test_adding_a_tandem_in_german_dialog_and_notification(home: Path) -> None:
    seed(home)
    i18n.use("de")
    told: list[str] = []

    def hook(message: object) -> None:
        if isinstance(message, Notify):
            told.append(str(message.notification.message))

    app = create_app(home, clock=ManualClock(NOW))
    async with app.run_test(size=(120, 36), message_hook=hook) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, AddTandemScreen)
        texts = [shown(label) for label in form.query(Label)]
        assert "Neues Tandem" in texts
        assert "Mentor: jünger, coacht" in texts
        assert "Lernziele (optional; trenne sie mit ;)" in texts
        assert [str(b.label) for b in form.query(Button)] == ["Speichern", "Abbrechen"]
        assert form.query_one("#mentor", Input).placeholder == "Name"
        await pilot.press(*"Jana Roth", "tab", *"Peter Keller", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
    app.store.close()

    assert "Tandem jana-peter angelegt. Drück Enter, um sein erstes Treffen abzuhalten." in told
    with Store.open(home, readonly=True) as store:
        assert store.tandem("jana-peter").mentee.name == "Peter Keller"


async def test_a_refusal_in_german_and_the_same_in_english(home: Path) -> None:
    """Forgetting asks for the id: typed wrong, the dialog says so in the chrome's words."""
    seed(home)
    for language, title, refusal in (
        ("de", "Lena Vogel & Markus Brandt vergessen", "Gib die Id genau ein, lena-markus"),
        ("en", "Forget Lena Vogel & Markus Brandt", "Type the id exactly, lena-markus"),
    ):
        i18n.use(language)
        app = create_app(home, clock=ManualClock(NOW))
        async with app.run_test(size=(120, 36)) as pilot:
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, HomeScreen)
            screen.action_forget()
            await settle(pilot)
            await pilot.press(*"lena", "enter")
            await settle(pilot)
            assert shown(app.screen.query_one(".dialog-title", Label)) == title
            assert shown(app.screen.query_one("#confirm-error", Label)).startswith(refusal)
        app.store.close()
    with Store.open(home, readonly=True) as store:
        assert store.tandem_ids() == ["lena-markus"], "nothing was forgotten"
