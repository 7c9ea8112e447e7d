"""No private note leaves through a side door: screenshots, folders the app makes, a shared home.

Issue 11, point 4. The built-in screenshot once saved an open private note as a
plain SVG in ~/Downloads, readable by anyone; folders made for exports took the
umask; a home folder given with --home was changed without a word.
"""

from __future__ import annotations

import html
import os
import re
import stat
import subprocess
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from conftest import _cli_command, make_tandem

from tandem_tui.app import create_app
from tandem_tui.clock import ManualClock
from tandem_tui.screens.meeting import MeetingScreen
from tandem_tui.store import Store

SECRET = "my boss reads my mail"


def svg_text(svg: str) -> str:
    """The words of an SVG screenshot: its text runs joined, with Rich's spaces as spaces."""
    runs = re.findall(r">([^<>]*)</text>", svg)
    return html.unescape("".join(runs)).replace("\xa0", " ")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


async def test_a_screenshot_never_shows_an_open_private_note(home: Path) -> None:
    with Store.open(home) as store:
        store.add_tandem(make_tandem())
    app = create_app(home, clock=ManualClock())
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter", "ctrl+r", *SECRET)
        screen = app.screen
        assert isinstance(screen, MeetingScreen)
        assert SECRET in svg_text(app.export_screenshot()), "the note is on screen before"
        await pilot.press("ctrl+p", *"screenshot", "enter")
        await pilot.pause(0.5)  # the picture is taken once the screen is drawn again
        assert screen.shield, "the shield went up for the picture and stays up"
        await pilot.press("ctrl+q")
    pictures = list(Path.home().rglob("tandem-tui-*.svg"))
    assert len(pictures) == 1, pictures
    (picture,) = pictures
    text = svg_text(picture.read_text())
    assert "Privacy shield on" in text
    assert SECRET not in text
    assert mode(picture) == 0o600, "for the user only"
    assert not (Path.home() / "Downloads").exists()
    with Store.open(home, readonly=True) as store:
        notes = [n.text for n in store.notes("lena-markus", 1)]
    assert SECRET in notes, "the note itself was saved, not lost to the shield"


def test_an_existing_home_is_not_changed_but_a_shared_one_is_named(cli, tmp_path: Path) -> None:
    shared = tmp_path / "shared-home"
    shared.mkdir()
    shared.chmod(0o755)
    result = cli("--home", str(shared), "tandem", "list")
    assert result.returncode == 0
    assert "can be read by others (mode 755)" in result.stderr
    assert f"chmod 700 {shared}" in result.stderr
    assert mode(shared) == 0o755, "the user's folder is theirs to set"
    fresh = tmp_path / "fresh-home"
    result = cli(
        "--home", str(fresh), "tandem", "add", "--mentor", "Lena Vogel", "--mentee", "Hans Weber"
    )
    assert result.returncode == 0 and "warning" not in result.stderr
    assert mode(fresh) == 0o700


def test_a_folder_made_for_exports_is_the_users_only_whatever_the_umask(
    home: Path, tmp_path: Path
) -> None:
    with Store.open(home) as store:  # with a meeting planned: a calendar to write
        planned = datetime(2027, 2, 12, 17, 0, tzinfo=UTC)
        store.add_tandem(replace(make_tandem(), next_meeting=planned))
    out = tmp_path / "calendars"
    result = subprocess.run(
        [*_cli_command(), "export", "--all", "-o", str(out)],
        capture_output=True,
        text=True,
        timeout=60,
        env=os.environ.copy(),
        preexec_fn=lambda: os.umask(0),
    )
    assert result.returncode == 0, result.stderr
    assert mode(out) == 0o700
    assert [mode(p) for p in out.iterdir()] == [0o600]
