"""Files from the app: calendars and minutes go into a folder the user sees, can change and
finds remembered next time, and a file already there is never replaced without asking."""

from __future__ import annotations

import json
import stat
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from conftest import make_tandem
from textual.message import Message
from textual.notifications import Notify
from textual.widgets import Input, Label

from tandem_tui.app import create_app
from tandem_tui.clock import ManualClock
from tandem_tui.library import load_library
from tandem_tui.meeting import Meeting
from tandem_tui.model import SessionStatus
from tandem_tui.paths import default_files_folder, free_name
from tandem_tui.screens.end import EndScreen
from tandem_tui.screens.home import HomeScreen
from tandem_tui.screens.meeting import MeetingScreen
from tandem_tui.screens.save_file import ReplaceFileScreen, SaveFileScreen
from tandem_tui.store import SCHEMA_VERSION, CorruptFile, Settings, Store

SIZE = (120, 36)


@pytest.fixture
def documents() -> Path:
    """The user's Documents folder (the home folder is the test's scratch folder)."""
    folder = Path.home() / "Documents"
    folder.mkdir()
    return folder


def seed(home: Path, *, held: bool = False, planned: bool = True) -> None:
    """The example tandem; with `held`, its first meeting was held and ended; with
    `planned`, its next meeting is planned (a calendar has something in it)."""
    with Store.open(home) as store:
        tandem = make_tandem()
        if planned:
            when = datetime(2027, 2, 12, 17, 0, tzinfo=UTC)
            tandem = replace(tandem, next_meeting=when)
        store.add_tandem(tandem)
        if held:
            tandem = store.tandem("lena-markus")
            Meeting.open(store, load_library(home), tandem, ManualClock()).end()


class Told:
    """The notifications an app showed, collected through the message hook."""

    def __init__(self) -> None:
        self.messages: list[str] = []

    def __call__(self, message: Message) -> None:
        if isinstance(message, Notify):
            self.messages.append(str(message.notification.message))

    def __contains__(self, text: object) -> bool:
        return any(str(text) in message for message in self.messages)


async def open_save_dialog(pilot: Any, key: str) -> SaveFileScreen:
    await pilot.press(key)
    await pilot.pause()
    dialog = pilot.app.screen
    assert isinstance(dialog, SaveFileScreen)
    return dialog


def folder_field(dialog: SaveFileScreen) -> str:
    return dialog.query_one("#save-folder", Input).value


def folder_message(dialog: SaveFileScreen) -> str:
    return str(dialog.query_one("#save-folder-error", Label).render())


# the core ---------------------------------------------------------------------------------


def test_free_name_never_names_anything_already_there(tmp_path: Path) -> None:
    target = tmp_path / "lena-markus.ics"
    assert free_name(target) == target
    target.write_text("old")
    assert free_name(target) == tmp_path / "lena-markus-2.ics"
    (tmp_path / "lena-markus-2.ics").write_text("older")
    (tmp_path / "lena-markus-3.ics").symlink_to(tmp_path / "gone")  # a dangling link counts
    assert free_name(target) == tmp_path / "lena-markus-4.ics"
    minutes = tmp_path / "lena-markus-session-2.md"
    minutes.write_text("old")
    assert free_name(minutes) == tmp_path / "lena-markus-session-2-2.md"


def test_files_go_to_documents_by_default_else_the_home_folder() -> None:
    assert default_files_folder() == Path.home(), "no Documents folder here yet"
    (Path.home() / "Documents").mkdir()
    assert default_files_folder() == Path.home() / "Documents"


def test_settings_are_a_private_versioned_file_of_the_data_home(home: Path) -> None:
    with Store.open(home) as store:
        assert store.settings() == Settings(), "nothing chosen yet"
        assert not (home / "settings.json").exists(), "reading writes nothing"
        store.save_settings(Settings(files_folder=Path("/srv/tandems")))
    path = home / "settings.json"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    tables = json.loads(path.read_text())
    assert tables["_meta"] == {"1": {"kind": "settings", "schema": SCHEMA_VERSION}}
    assert tables["settings"]["1"]["files_folder"] == "/srv/tandems"
    # A field a newer tandem-tui wrote survives a save by this one.
    tables["settings"]["1"]["theme"] = "dark"
    path.write_text(json.dumps(tables))
    with Store.open(home) as store:
        assert store.settings().files_folder == Path("/srv/tandems")
        store.save_settings(Settings(files_folder=Path("/srv/other")))
    saved = json.loads(path.read_text())["settings"]["1"]
    assert saved == {"files_folder": "/srv/other", "theme": "dark"}


# x and m on the home screen ---------------------------------------------------------------


async def test_x_shows_the_folder_writes_there_and_remembers_it(
    home: Path, documents: Path
) -> None:
    seed(home, held=True)
    app = create_app(home, clock=ManualClock())
    async with app.run_test(size=SIZE) as pilot:
        dialog = await open_save_dialog(pilot, "x")
        assert folder_field(dialog) == "~/Documents", "the folder is shown before writing"
        assert "lena-markus.ics" in str(dialog.query_one("#save-name", Label).render())
        await pilot.press("ctrl+u", *"~/calendars", "enter")
        assert app.screen is dialog, "a folder that does not exist is not created unasked"
        assert "~/calendars does not exist yet. Enter again creates it." in folder_message(dialog)
        assert not (Path.home() / "calendars").exists()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    app.store.close()

    calendar = Path.home() / "calendars" / "lena-markus.ics"
    assert b"BEGIN:VCALENDAR" in calendar.read_bytes()
    assert not list(Path.cwd().glob("*.ics")), "nothing in the working folder"
    assert not list(documents.iterdir())
    with Store.open(home, readonly=True) as store:
        assert store.settings().files_folder == Path.home() / "calendars"

    again = create_app(home, clock=ManualClock())
    async with again.run_test(size=SIZE) as pilot:
        dialog = await open_save_dialog(pilot, "m")  # minutes go where calendars went
        assert folder_field(dialog) == "~/calendars"
    again.store.close()


async def test_a_folder_is_remembered_only_once_a_file_was_written(
    home: Path, documents: Path
) -> None:
    seed(home)
    app = create_app(home, clock=ManualClock())
    async with app.run_test(size=SIZE) as pilot:
        await open_save_dialog(pilot, "x")
        await pilot.press("ctrl+u", *"~/elsewhere", "escape")
        assert isinstance(app.screen, HomeScreen)
        dialog = await open_save_dialog(pilot, "x")
        assert folder_field(dialog) == "~/Documents"
        (Path.home() / "a-file").write_text("not a folder")
        await pilot.press("ctrl+u", *"~/a-file", "enter")
        assert app.screen is dialog
        assert "~/a-file is a file, not a folder." in folder_message(dialog)
        await pilot.press("ctrl+u", *"~/Documents")
        assert folder_message(dialog) == "", "the message goes once the folder is changed"
    app.store.close()
    assert not (home / "settings.json").exists()
    assert not (Path.home() / "elsewhere").exists()


async def test_an_existing_calendar_is_replaced_only_when_asked(
    home: Path, documents: Path
) -> None:
    seed(home, planned=True)
    calendar = documents / "lena-markus.ics"
    calendar.write_text("MY OWN CALENDAR")
    told = Told()
    app = create_app(home, clock=ManualClock())
    async with app.run_test(size=SIZE, message_hook=told) as pilot:
        dialog = await open_save_dialog(pilot, "x")
        await pilot.press("enter")
        question = app.screen
        assert isinstance(question, ReplaceFileScreen)
        text = " ".join(str(label.render()) for label in question.query(Label))
        assert "lena-markus.ics is already in ~/Documents" in text
        await pilot.press("escape")  # Cancel: back in the dialog, nothing written
        assert app.screen is dialog
        assert "Nothing written yet" in folder_message(dialog)
        assert calendar.read_text() == "MY OWN CALENDAR"
        assert sorted(p.name for p in documents.iterdir()) == ["lena-markus.ics"]

        await pilot.press("enter", *"kr ok", "right", "enter")  # letters do nothing; Keep both
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert calendar.read_text() == "MY OWN CALENDAR"
        assert b"BEGIN:VCALENDAR" in (documents / "lena-markus-2.ics").read_bytes()
        assert "~/Documents/lena-markus-2.ics" in told

        await open_save_dialog(pilot, "x")
        await pilot.press(
            "enter", "enter"
        )  # Replace has the focus: Enter, never without the question
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert b"BEGIN:VCALENDAR" in calendar.read_bytes()
        assert sorted(p.name for p in documents.iterdir()) == [
            "lena-markus-2.ics",
            "lena-markus.ics",
        ]
    app.store.close()


async def test_m_writes_the_minutes_of_the_last_meeting_through_the_same_dialog(
    home: Path, documents: Path
) -> None:
    seed(home)
    told = Told()
    app = create_app(home, clock=ManualClock())
    async with app.run_test(size=SIZE, message_hook=told) as pilot:
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen), "no meeting held: no dialog"
        assert "This tandem has not met yet" in told
    app.store.close()

    with Store.open(home) as store:
        Meeting.open(store, load_library(home), store.tandem("lena-markus"), ManualClock()).end()
    app = create_app(home, clock=ManualClock())
    async with app.run_test(size=SIZE) as pilot:
        dialog = await open_save_dialog(pilot, "m")
        assert "lena-markus-session-1.md" in str(dialog.query_one("#save-name", Label).render())
        await pilot.press("enter")
        await pilot.pause()
    app.store.close()
    assert "# " in (documents / "lena-markus-session-1.md").read_text()


async def test_a_corrupt_settings_file_is_named_and_never_overwritten(
    home: Path, documents: Path
) -> None:
    seed(home)
    (home / "settings.json").write_text("nonsense")
    told = Told()
    app = create_app(home, clock=ManualClock())
    async with app.run_test(size=SIZE, message_hook=told) as pilot:
        dialog = await open_save_dialog(pilot, "x")
        assert folder_field(dialog) == "~/Documents", "the default stands in"
        assert "settings.json cannot be read" in told
        await pilot.press("enter")
        await pilot.pause()
        assert "The folder was not remembered" in told
    app.store.close()
    assert (documents / "lena-markus.ics").exists(), "the file is written all the same"
    assert (home / "settings.json").read_text() == "nonsense"
    with pytest.raises(CorruptFile), Store.open(home) as store:
        store.settings()


# the meeting's palette and the end screen -------------------------------------------------


async def test_the_meeting_palette_uses_the_remembered_folder(home: Path, documents: Path) -> None:
    seed(home)
    with Store.open(home) as store:
        store.save_settings(Settings(files_folder=Path.home() / "tandem-files"))
    (Path.home() / "tandem-files").mkdir()
    app = create_app(home, clock=ManualClock())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        assert isinstance(app.screen, MeetingScreen)
        await pilot.press(*"shared words")
        await pilot.press("ctrl+p", *"Write minutes so far")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, SaveFileScreen)
        assert folder_field(dialog) == "~/tandem-files"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, MeetingScreen), "the meeting goes on"
    app.store.close()
    minutes = Path.home() / "tandem-files" / "lena-markus-session-1.md"
    assert "shared words" in minutes.read_text()


async def test_the_end_screen_asks_before_replacing_and_the_meeting_stays_ended(
    home: Path, documents: Path
) -> None:
    seed(home, planned=True)
    calendar = documents / "lena-markus.ics"
    calendar.write_text("MY OWN CALENDAR")
    told = Told()
    app = create_app(home, clock=ManualClock())
    async with app.run_test(size=SIZE, message_hook=told) as pilot:
        await pilot.press("enter", "ctrl+f")
        end = app.screen
        assert isinstance(end, EndScreen)
        assert end.query_one("#files-folder", Input).value == "~/Documents"
        await pilot.press("ctrl+s")
        await pilot.pause()
        question = app.screen
        assert isinstance(question, ReplaceFileScreen), "asked, on top of the home screen"
        with Store.open(home, readonly=True) as store:
            session = store.session("lena-markus", 1)
            assert session is not None and session.status is SessionStatus.ENDED
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert (
            "lena-markus.ics was not written: the one already in ~/Documents was kept. "
            "The meeting is ended and saved." in told
        )
    app.store.close()
    assert calendar.read_text() == "MY OWN CALENDAR"
    assert sorted(p.name for p in documents.iterdir()) == ["lena-markus.ics"]


async def test_the_end_screen_writes_into_the_folder_typed_and_remembers_it(
    home: Path, documents: Path
) -> None:
    seed(home)
    app = create_app(home, clock=ManualClock())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "ctrl+f")
        end = app.screen
        assert isinstance(end, EndScreen)
        end.query_one("#files-folder", Input).value = "~/round-1/calendars"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    app.store.close()
    assert (Path.home() / "round-1" / "calendars" / "lena-markus.ics").exists()
    assert not list(documents.iterdir())
    with Store.open(home, readonly=True) as store:
        assert store.settings().files_folder == Path.home() / "round-1" / "calendars"


async def test_a_calendar_with_nothing_in_it_is_not_offered(home: Path, documents: Path) -> None:
    seed(home, planned=False)
    told = Told()
    app = create_app(home, clock=ManualClock())
    async with app.run_test(size=SIZE, message_hook=told) as pilot:
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen), "no dialog for a file with nothing in it"
        assert "Nothing to put in a calendar yet" in told
        assert "p plans the next meeting" in told
    app.store.close()
    assert not any(documents.iterdir()) if documents.exists() else True
