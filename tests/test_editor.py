"""Pilot tests of the agenda and program editors: typed as a facilitator would, then
checked against the file on disk and against `agenda check`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from conftest import CliResult
from textual.widgets import Input, Label

from tandem_tui.agendas import parse_file, user_dir
from tandem_tui.app import create_app
from tandem_tui.clock import ManualClock
from tandem_tui.library import load_library
from tandem_tui.model import Agenda, Card, Role
from tandem_tui.screens.agenda_editor import AgendaEditorScreen

SIZE = (120, 40)


def error_of(screen, field: str) -> str:
    return str(screen.query_one(f"#{field}-error", Label).render())


async def type_into(pilot, selector: str, text: str) -> None:
    await pilot.click(selector)
    field = pilot.app.screen.query_one(selector, Input)
    field.action_select_all()
    await pilot.press("backspace", *text)


async def test_create_an_agenda_with_three_cards_reorder_fix_and_save(
    home: Path, cli: Callable[..., CliResult]
) -> None:
    app = create_app(home, clock=ManualClock())
    app.new_agenda = "tools-for-leaders"
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, AgendaEditorScreen)
        await type_into(pilot, "#agenda-title", "Tools for leaders")
        assert error_of(screen, "agenda-title") == ""

        await type_into(pilot, "#card-title", "Warm-up")
        await type_into(pilot, "#card-minutes", "5")
        await pilot.press("ctrl+n")
        await type_into(pilot, "#card-title", "Chat instead of mail")
        await type_into(pilot, "#card-minutes", "25")
        await pilot.click("#card-direction")
        await pilot.press("down", "enter")  # the mentee leads this one
        await pilot.press("ctrl+n")
        await type_into(pilot, "#card-title", "Next steps")
        await type_into(pilot, "#card-minutes", "abc")  # a broken field...
        assert "whole number of minutes" in error_of(screen, "card-minutes")
        await pilot.press("ctrl+s")
        assert not (user_dir(home) / "tools-for-leaders.toml").exists(), "not saved broken"
        await type_into(pilot, "#card-minutes", "10")  # ...fixed
        assert error_of(screen, "card-minutes") == ""
        assert "Total" in str(screen.query_one("#total").render())
        assert "40 of 60 min" in str(screen.query_one("#total").render())

        await pilot.press("ctrl+up")  # "Next steps" moves before "Chat instead of mail"
        await pilot.press("ctrl+s")
        await pilot.pause()
    app.store.close()

    path = user_dir(home) / "tools-for-leaders.toml"
    parsed = parse_file(path)
    assert parsed.problems == []
    agenda = parsed.item
    assert isinstance(agenda, Agenda)
    assert agenda.title == "Tools for leaders"
    assert agenda.cards == (
        Card("Warm-up", 5),
        Card("Next steps", 10),
        Card("Chat instead of mail", 25, direction=Role.MENTEE),
    )
    # It loads back equal, and the command finds nothing wrong with it.
    assert load_library(home).agendas["tools-for-leaders"].cards == agenda.cards
    checked = cli("agenda", "check", str(path))
    assert checked.returncode == 0, checked.stdout + checked.stderr


async def test_a_bundled_agenda_is_read_only_and_duplicates_to_edit(home: Path) -> None:
    app = create_app(home, clock=ManualClock())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.edit_agenda("rm-en-1-kickoff")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, AgendaEditorScreen) and screen.read_only
        assert screen.query_one("#agenda-title", Input).disabled
        await pilot.press("ctrl+s")  # nothing to save: bundled files are never written
        await pilot.press("ctrl+e")
        await pilot.pause()
        copy = app.screen
        assert isinstance(copy, AgendaEditorScreen) and not copy.read_only
        assert copy.draft.id == "rm-en-1-kickoff-copy"
        await pilot.press("ctrl+s")
        await pilot.pause()
    app.store.close()
    saved = parse_file(user_dir(home) / "rm-en-1-kickoff-copy.toml").item
    assert isinstance(saved, Agenda)
    bundled = load_library(home).agendas["rm-en-1-kickoff"]
    assert saved.cards == bundled.cards


async def test_an_id_already_taken_is_named_beside_the_field(home: Path) -> None:
    app = create_app(home, clock=ManualClock())
    app.new_agenda = "rm-en-1-kickoff"
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, AgendaEditorScreen)
        assert "already used" in error_of(screen, "agenda-id")
    app.store.close()


def test_agenda_new_refuses_a_bad_or_taken_id(cli: Callable[..., CliResult]) -> None:
    bad = cli("agenda", "new", "Bad Id")
    assert bad.returncode == 1 and "not a valid agenda id" in bad.stderr
    taken = cli("agenda", "new", "rm-en-1-kickoff")
    assert taken.returncode == 1 and "exists already" in taken.stderr


async def test_create_a_program_of_two_sessions_and_save_it(
    home: Path, cli: Callable[..., CliResult]
) -> None:
    from tandem_tui.model import Cadence, Program
    from tandem_tui.screens.program_editor import ProgramEditorScreen

    app = create_app(home, clock=ManualClock())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("escape")  # past the first-run form
        await pilot.press("g", "p")  # agendas and programs, then a new program
        screen = app.screen
        assert isinstance(screen, ProgramEditorScreen)
        await pilot.press(*"leaders-short")
        await type_into(pilot, "#program-title", "Short program for leaders")
        await type_into(pilot, "#program-meeting_minutes", "0")
        assert "0 is not allowed" in error_of(screen, "program-meeting_minutes")
        await type_into(pilot, "#program-meeting_minutes", "60")
        await pilot.click("#program-cadence")
        await pilot.press("up", "enter")  # every two weeks
        await pilot.press("ctrl+n", "ctrl+n", "ctrl+n")  # the series, in order
        assert screen.program.sessions == [
            "rm-en-1-kickoff",
            "rm-en-2-digital-workplace",
            "rm-en-3-social-media",
        ]
        await pilot.press("ctrl+d")  # the third goes again
        await pilot.press("enter", "down", "enter")  # session 2 gets another agenda
        await pilot.press("ctrl+s")
        await pilot.pause()
    app.store.close()
    path = user_dir(home) / "leaders-short.toml"
    program = parse_file(path).item
    assert isinstance(program, Program)
    assert program.title == "Short program for leaders"
    assert program.cadence is Cadence.EVERY_2_WEEKS and program.meeting_minutes == 60
    assert len(program.sessions) == 2
    assert program.sessions[0] == "rm-en-1-kickoff"
    assert program.sessions[1] not in ("rm-en-1-kickoff", "rm-en-2-digital-workplace")
    library = load_library(home)
    assert all(agenda_id in library.agendas for agenda_id in program.sessions)
    checked = cli("agenda", "check")
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_changing_a_program_never_rewrites_a_session_held(home: Path) -> None:
    from conftest import make_tandem

    from tandem_tui.authoring import AgendaDraft, ProgramDraft, save
    from tandem_tui.meeting import Meeting
    from tandem_tui.store import Store

    library = load_library(home)
    mine = AgendaDraft.of(library.agendas["rm-en-1-kickoff"])
    mine.id = "my-kickoff"
    save(mine, user_dir(home) / "my-kickoff.toml")
    program = ProgramDraft(id="mine", title="Mine", sessions=["my-kickoff"])
    save(program, user_dir(home) / "mine.toml")
    library = load_library(home)
    with Store.open(home) as store:
        tandem = make_tandem(program="mine")
        store.add_tandem(tandem)
        meeting = Meeting.open(store, library, tandem, ManualClock())
        meeting.end()
        held = store.session(tandem.id, 1)
    # The facilitator rewrites the agenda and points the program elsewhere.
    mine.cards[0].title = "Something else entirely"
    save(mine, user_dir(home) / "my-kickoff.toml")
    program.sessions = ["rm-en-2-digital-workplace"]
    save(program, user_dir(home) / "mine.toml")
    with Store.open(home, readonly=True) as store:
        again = store.session(tandem.id, 1)
    assert held is not None and again is not None
    assert again.agenda == held.agenda
    assert again.agenda.cards[0].title == "Getting to know each other"


async def test_the_last_card_cannot_be_removed(home: Path) -> None:
    app = create_app(home, clock=ManualClock())
    app.new_agenda = "one-card"
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, AgendaEditorScreen)
        await pilot.press("ctrl+n")
        assert len(screen.agenda.cards) == 2
        await pilot.press("ctrl+d", "ctrl+d")
        assert len(screen.agenda.cards) == 1, "one card stays: an agenda needs one"
    app.store.close()


async def test_an_unsaved_agenda_is_kept_on_quit_and_restored(home: Path) -> None:
    from tandem_tui.authoring import unsaved_path

    app = create_app(home, clock=ManualClock())
    app.new_agenda = "half-done"
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await type_into(pilot, "#agenda-title", "Half done")
        await type_into(pilot, "#card-title", "Warm-up")
        await type_into(pilot, "#card-minutes", "ten")  # a mistake: it cannot be saved yet
        await pilot.press("ctrl+q")  # quit, as the terminal might close
    app.store.close()
    kept = unsaved_path(home, "agenda", "half-done")
    assert kept.exists() and "Half done" in kept.read_text()
    assert not (user_dir(home) / "half-done.toml").exists()

    again = create_app(home, clock=ManualClock())
    async with again.run_test(size=SIZE) as pilot:
        await pilot.press("escape")  # past the first-run form
        await pilot.press("g")  # the kept draft is on top of the agendas and programs
        await pilot.press("enter")
        screen = again.screen
        assert isinstance(screen, AgendaEditorScreen)
        assert screen.query_one("#agenda-title", Input).value == "Half done"
        assert screen.query_one("#card-minutes", Input).value == "ten"
        assert "whole number of minutes" in error_of(screen, "card-minutes")
        await type_into(pilot, "#card-minutes", "10")
        await pilot.press("ctrl+s")
        assert (user_dir(home) / "half-done.toml").exists()
        assert not kept.exists(), "saved: the kept draft goes"
    again.store.close()
