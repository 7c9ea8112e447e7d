"""The app never exits 0 after a crash (issue 11, point 2): whatever breaks inside it, the
process ends with a non-zero status and the report of the crash shown once, readable."""

from __future__ import annotations

import re
import sys
import textwrap
from pathlib import Path

import pytest
import test_terminal
from conftest import make_tandem
from test_terminal import ANSI, Terminal

from tandem_tui.app import create_app
from tandem_tui.clock import ManualClock
from tandem_tui.screens.home import HomeScreen
from tandem_tui.store import Store


class Broken(Exception):
    """What a bug raises; the tests put one where no check stands."""


def look_back_breaks(self: HomeScreen) -> None:
    raise Broken("a bug \x1b[2J in the look back")


@pytest.fixture
def one_tandem(home: Path) -> Path:
    with Store.open(home) as store:
        store.add_tandem(make_tandem())
    return home


async def test_a_crash_ends_the_app_with_a_non_zero_code(
    one_tandem: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(HomeScreen, "action_look_back", look_back_breaks)
    app = create_app(one_tandem, clock=ManualClock())
    with pytest.raises(Broken):
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            await pilot.press("l")
            await pilot.pause()
    assert app.return_code == 1
    app.exit()  # a quit still queued behind the crash, say: it stays a crash
    assert app.return_code == 1
    app.store.close()


async def test_a_clean_quit_still_exits_0(one_tandem: Path) -> None:
    app = create_app(one_tandem, clock=ManualClock())
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+q")
    assert app.return_code == 0
    app.store.close()


# The installed command in a real terminal, with a bug put in at start-up.
BROKEN_APP = textwrap.dedent(
    """
    import sys
    from tandem_tui.app import TandemApp
    from tandem_tui.screens.home import HomeScreen
    from tandem_tui.__main__ import main

    def broken(*args, **kwargs):
        raise ZeroDivisionError("a bug \\x1b]0;TITLE\\x07 here")

    HomeScreen.action_look_back = broken
    TandemApp.edit_agenda = broken
    main()
    """
)


def crashed_in_a_terminal(monkeypatch: pytest.MonkeyPatch, args: list[str], key: str) -> Terminal:
    monkeypatch.setattr(
        test_terminal, "_cli_command", lambda: [sys.executable, "-c", BROKEN_APP, *args]
    )
    terminal = Terminal([])
    try:
        if key:
            terminal.read_until("Enter starts or resumes")
            terminal.type(key)
        terminal.read_until("ZeroDivisionError: a bug")  # reading, else its writes block
        assert terminal.gone_within(20), "a crashed app ends"
        terminal.read_ready()
    finally:
        terminal.close()
    return terminal


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX terminal")
@pytest.mark.parametrize(
    ("args", "key"),
    [([], "l"), (["agenda", "new", "my-agenda"], "")],
    ids=["tandem-tui", "agenda-new"],
)
def test_the_command_exits_non_zero_with_the_report_once(
    one_tandem: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], key: str
) -> None:
    terminal = crashed_in_a_terminal(monkeypatch, args, key)
    assert terminal.process.returncode == 1
    shown = ANSI.sub(b"", terminal.screen).decode(errors="replace")
    assert len(re.findall(r"ZeroDivisionError: a bug", shown)) == 1, shown[-2000:]
    assert "\\u001b[" not in shown, "the report's colours are colours, not codes written out"
    assert "a bug \\u001b]0;TITLE" in shown, "the message's own escape shown, not obeyed"
    assert b"\x1b]0;TITLE" not in terminal.screen
