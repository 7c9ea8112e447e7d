"""Stated limits (issue 11, point 6): names, goals, follow-ups and notes each have a limit,
said in the message where it is reached; nothing already typed is lost."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import make_tandem
from textual import events
from textual.message import Message
from textual.notifications import Notify
from textual.widgets import Input, Label

from tandem_tui.app import create_app
from tandem_tui.clock import ManualClock
from tandem_tui.screens.add_tandem import AddTandemScreen
from tandem_tui.screens.followup import FollowUpScreen
from tandem_tui.screens.meeting import MeetingScreen
from tandem_tui.store import Store
from tandem_tui.text import MAX_FOLLOWUP, MAX_GOAL, MAX_NAME, MAX_NOTE, has_control

SIZE = (120, 36)


class Told:
    """The notifications the app showed."""

    def __init__(self) -> None:
        self.messages: list[str] = []

    def __call__(self, message: Message) -> None:
        if isinstance(message, Notify):
            self.messages.append(str(message.notification.message))

    def __contains__(self, text: object) -> bool:
        return any(str(text) in message for message in self.messages)


def test_the_command_line_states_each_limit(cli) -> None:
    long_name = "Lena " + "x" * MAX_NAME
    result = cli("tandem", "add", "--mentor", long_name, "--mentee", "Markus Brandt")
    assert result.returncode == 1
    assert f"mentor: the name has {len(long_name)} characters; a name may have at most 120" in (
        result.stderr
    )
    result = cli("tandem", "add", "--mentor", "Lena", "--mentee", "Markus", "--goal", "g" * 201)
    assert result.returncode == 1 and "has 201 characters; a goal may have at most 200" in (
        result.stderr
    )
    assert cli("tandem", "list", "--json").stdout.strip() == "[]", "nothing added"
    result = cli("tandem", "add", "--mentor", "L" * MAX_NAME, "--mentee", "Markus Brandt")
    assert result.returncode == 0, "at the limit is fine"
    result = cli("tandem", "add", "--mentor", "Anna Roth", "--mentee", "Hans", "--goal", "g" * 200)
    assert result.returncode == 0
    text = "Call " + "x" * MAX_FOLLOWUP
    result = cli("followup", "add", "anna", text)
    assert result.returncode == 1
    assert (
        f"the follow-up text has {len(text)} characters; a follow-up may have at most 500"
        in result.stderr
    )
    assert cli("followup", "add", "anna", "x" * MAX_FOLLOWUP).returncode == 0
    listed = json.loads(cli("followup", "list", "--json").stdout)
    assert [len(f["text"]) for f in listed] == [MAX_FOLLOWUP]
    assert (MAX_NAME, MAX_GOAL, MAX_FOLLOWUP, MAX_NOTE) == (120, 200, 500, 100_000), "README"


async def test_the_add_form_says_the_limit_beside_the_field(home: Path) -> None:
    app = create_app(home, clock=ManualClock())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        form = app.screen
        assert isinstance(form, AddTandemScreen)  # the first run opens it
        long_name = "Lena " + "V" * MAX_NAME
        app.post_message(events.Paste(long_name))  # long texts come pasted
        await pilot.pause()
        await pilot.press("tab", *"Markus Brandt", "tab", "tab", "tab")
        app.post_message(events.Paste("g" * (MAX_GOAL + 1)))
        await pilot.pause()
        await pilot.press("ctrl+s")
        assert app.screen is form, "a mistake keeps the form open"
        assert "a name may have at most 120" in str(form.query_one("#mentor-error").render())
        assert "a goal may have at most 200" in str(form.query_one("#goals-error").render())
        assert form.query_one("#mentor", Input).value == long_name, "nothing typed is lost"
        form.query_one("#mentor", Input).value = "Lena Vogel"
        form.query_one("#goals", Input).value = "Use the team chat"
        await pilot.press("ctrl+s")
        assert not isinstance(app.screen, AddTandemScreen)
    app.store.close()


async def test_the_followup_dialog_refuses_too_long_and_raw_text(home: Path) -> None:
    with Store.open(home) as store:
        store.add_tandem(make_tandem())
    app = create_app(home, clock=ManualClock())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "ctrl+o")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, FollowUpScreen)
        text = "Try the chat " + "x" * MAX_FOLLOWUP
        app.post_message(events.Paste(text))
        await pilot.pause()
        await pilot.press("enter")
        assert app.screen is dialog
        error = str(dialog.query_one("#followup-text-error", Label).render())
        assert f"The text has {len(text)} characters; a follow-up may have at most 500." in error
        assert dialog.query_one("#followup-text", Input).value == text, "kept as typed"
        # However a control character came in, it is refused there, with a word why.
        dialog.query_one("#followup-text", Input).value = "Call \x1b[2JHR"
        await pilot.press("enter")
        assert app.screen is dialog
        assert "holds control characters" in str(
            dialog.query_one("#followup-text-error", Label).render()
        )
        dialog.query_one("#followup-text", Input).value = "Try the chat"
        await pilot.press("enter")
        assert isinstance(app.screen, MeetingScreen)
    app.store.close()
    with Store.open(home, readonly=True) as store:
        assert [f.text for f in store.followups("lena-markus")] == ["Try the chat"]


async def test_a_full_note_refuses_more_and_keeps_everything(home: Path) -> None:
    with Store.open(home) as store:
        store.add_tandem(make_tandem())
    told = Told()
    app = create_app(home, clock=ManualClock())
    async with app.run_test(size=SIZE, message_hook=told) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        almost = "n" * (MAX_NOTE - 5)
        app.post_message(events.Paste(almost))
        await pilot.pause()
        assert "This note is full" not in told
        await pilot.press(*"abcdefgh")  # five fit, three do not
        await pilot.pause()
        assert "This note is full: a note holds at most 100,000 characters" in told
        app.post_message(events.Paste("more words"))
        await pilot.pause()
        assert "the 10 pasted characters were not added" in told
        await pilot.press("backspace", "backspace", *"XY")  # room again: writing goes on
        await pilot.press("ctrl+n")
    app.store.close()
    with Store.open(home, readonly=True) as store:
        assert store.shared_notes("lena-markus", 1)[0] == almost + "abcXY"


async def test_a_pasted_control_character_is_shown_written_out(home: Path) -> None:
    with Store.open(home) as store:
        store.add_tandem(make_tandem())
    app = create_app(home, clock=ManualClock())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        app.post_message(events.Paste("copied \x1b]0;PWNED\x07 from a terminal\r\nline two"))
        await pilot.pause()
        assert not has_control(app.export_screenshot())
        screen = app.screen
        assert isinstance(screen, MeetingScreen)
        assert screen.shared.text == "copied \\u001b]0;PWNED\\u0007 from a terminal\nline two"
        await pilot.press("ctrl+o")
        await pilot.pause()
        app.post_message(events.Paste("Call \x1b[31mHR"))
        await pilot.pause()
        assert not has_control(app.export_screenshot())
        assert app.screen.query_one("#followup-text", Input).value == "Call \\u001b[31mHR"
        await pilot.press("escape", "ctrl+q")
    app.store.close()
