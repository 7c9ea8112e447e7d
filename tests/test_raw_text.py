"""Nothing raw reaches the terminal: control characters in stored text are refused where
they are typed and made harmless wherever stored text is shown (issue 11, point 5)."""

from __future__ import annotations

import json
from pathlib import Path

from tandem_tui.app import create_app
from tandem_tui.clock import ManualClock
from tandem_tui.model import FollowUp, Owner, Participant, Tandem
from tandem_tui.store import Store
from tandem_tui.text import harmless, has_control

TITLE = "\x1b]0;PWNED\x07"
CLEAR = "\x1b[2J"
RED = "\x1b[31m"
CSI = "\x9b2J"  # one C1 character does what ESC [ does
HOSTILE = [TITLE, CLEAR, RED, CSI, "\x07", "\x7f"]


def test_harmless_writes_every_control_character_visibly() -> None:
    for raw in HOSTILE:
        shown = harmless(f"Lena {raw}Vogel")
        assert not has_control(shown), repr(shown)
        assert shown.startswith("Lena \\u00")
    assert harmless("two\tlines\nhere") == "two\tlines\nhere"
    assert json.loads(f'"{harmless(CLEAR)}"') == CLEAR, "the visible form is JSON's own"


def test_control_characters_are_refused_where_they_are_typed(cli) -> None:
    for raw in HOSTILE:
        result = cli("tandem", "add", "--mentor", f"Lena{raw}", "--mentee", "Markus Brandt")
        assert result.returncode == 1, repr(raw)
        assert "control characters" in result.stderr
        assert not has_control(result.stderr), "the message quotes nothing raw"
    result = cli("tandem", "add", "--mentor", "Lena", "--mentee", "Markus", "--goal", f"x{RED}")
    assert result.returncode == 1 and "control characters" in result.stderr
    cli("tandem", "add", "--mentor", "Lena Vogel", "--mentee", "Markus Brandt")
    result = cli("followup", "add", "lena", f"Mail{TITLE}", "--owner", "mentee")
    assert result.returncode == 1 and "control characters" in result.stderr


def hand_edited(home: Path) -> None:
    """Control characters that came in by hand, past every input check."""
    tandem = Tandem(
        id="lena-markus",
        mentor=Participant(f"Lena {TITLE}Vogel", "lena@example.org"),
        mentee=Participant(f"Markus {CLEAR}Brandt"),
        program="reverse-mentoring-en",
        goals=(f"Chat {RED}instead of mail",),
    )
    with Store.open(home) as store:
        store.add_tandem(tandem)
        store.save_followup(tandem.id, FollowUp(text=f"Call {CSI}HR", owner=Owner.BOTH))


def test_every_command_prints_stored_text_harmless(cli, home: Path) -> None:
    hand_edited(home)
    for command in (
        ("tandem", "list"),
        ("tandem", "list", "--json"),
        ("followup", "list", "lena"),
        ("followup", "list", "lena", "--json"),
        ("report",),
        ("report", "--json"),
        ("tandem", "edit", "lena", "--goal", "plain"),
        ("minutes", "lena"),
    ):
        result = cli(*command)
        assert not has_control(result.stdout + result.stderr), (command, result.stdout)
    listed = json.loads(cli("tandem", "list", "--json").stdout)
    assert listed[0]["mentor"]["name"] == f"Lena {harmless(TITLE)}Vogel", "shown, not obeyed"


async def test_the_app_shows_stored_text_harmless(home: Path) -> None:
    hand_edited(home)
    app = create_app(home, clock=ManualClock())
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert not has_control(app.export_screenshot())
        await pilot.press("enter")  # the meeting: names in the title, goals under the card
        await pilot.pause()
        assert not has_control(app.screen.sub_title)
        assert not has_control(app.export_screenshot())
        await pilot.press("f2")
        await pilot.pause()
        assert not has_control(app.export_screenshot())
        await pilot.press("escape", "ctrl+q")


def test_a_csv_cell_over_the_limit_names_its_row(cli, tmp_path: Path) -> None:
    """Point 6 of issue 11: a huge cell is a message with its row, never a traceback."""
    path = tmp_path / "cohort.csv"
    huge = "x" * (200 * 1024)
    path.write_text(
        f"mentor,mentee,goals\nLena Vogel,Markus Brandt,ok\nAnna Roth,Karl Maier,{huge}\n"
    )
    result = cli("tandem", "import", str(path))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "row 3: a cell is longer than 128 KiB" in result.stderr
    assert cli("tandem", "list", "--json").stdout.strip() in ("[]", ""), "nothing imported"
