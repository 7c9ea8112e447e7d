"""Nothing raw reaches the terminal: control characters in stored text are refused where
they are typed and made harmless wherever stored text is shown (issue 11, point 5)."""

from __future__ import annotations

import json
from pathlib import Path

from textual import events

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


# Every output path (issue 11, point 5): text from files with escape sequences in every
# field the app shows (names, goals, follow-ups, notes, agenda and card titles, prompts,
# takeaways, file names), through the command line, JSON, the minutes file and the app.

HOSTILE_AGENDA = """
[agenda]
id = "hostile"
title = "Agenda \\u001b]0;PWNED\\u0007 title"
language = "en"
description = "Described \\u001b[2J here"

[[cards]]
title = "Card \\u001b[31m one"
minutes = 10
prompts = ["Ask \\u009b2J this", "And [1m that"]
"""


def everything_hostile(home: Path) -> None:
    """A tandem whose every stored text carries escape sequences, as a hand could put them."""
    from dataclasses import replace

    from tandem_tui.library import load_library
    from tandem_tui.model import Feedback, Note, NoteKind, Role, Session, SessionStatus

    hand_edited(home)
    agendas = home / "agendas"
    agendas.mkdir(parents=True, exist_ok=True)
    (agendas / "hostile.toml").write_text(HOSTILE_AGENDA)
    library = load_library(home)
    agenda = library.agenda("rm-en-1-kickoff")
    card = replace(agenda.cards[0], title=f"Card {CLEAR}raw", prompts=(f"Ask {TITLE}me",))
    agenda = replace(agenda, title=f"Kick-off {RED}raw", cards=(card, *agenda.cards[1:]))
    with Store.open(home) as store:
        session = Session.start(1, agenda)
        session.status = SessionStatus.ENDED
        session.feedback = {Role.MENTOR: Feedback(4, 5, f"Learnt {TITLE}much")}
        store.save_session("lena-markus", session)
        store.save_note("lena-markus", Note(1, 0, f"Shared {CLEAR}words [1m here"))
        store.save_note("lena-markus", Note(1, 0, f"Mine {RED}only", NoteKind.PRIVATE, Role.MENTEE))
        store.save_followup(
            "lena-markus", FollowUp(text=f"Done {TITLE}thing", owner=Owner.MENTOR, session=1)
        )
    (home / "tandems" / f"stray{TITLE}").mkdir()  # a folder name with an escape in it


def test_every_output_path_of_the_command_line_is_harmless(cli, home: Path) -> None:
    everything_hostile(home)
    for command in (
        ("tandem", "list"),
        ("followup", "list", "--all"),
        ("report",),
        ("minutes", "lena", "--session", "1"),
        ("agenda", "list"),
        ("agenda", "show", "hostile"),
        ("agenda", "check"),
        ("export", "lena", "-o", "lena.ics"),
        ("tandem", "plan", "lena", "2030-01-07 10:00"),
    ):
        result = cli(*command)
        assert result.returncode == 0, (command, result.stderr)
        assert not has_control(result.stdout + result.stderr), (command, result.stdout)
    shown = cli("agenda", "show", "hostile").stdout
    assert "Agenda \\u001b]0;PWNED\\u0007 title" in shown and "And [1m that" in shown
    assert "\\u001b]0;PWNED" in cli("tandem", "list").stderr, "the stray folder, named harmlessly"
    for command in (
        ("tandem", "list", "--json"),
        ("followup", "list", "--all", "--json"),
        ("report", "--json"),
        ("agenda", "show", "hostile", "--json"),
    ):
        result = cli(*command)
        assert not has_control(result.stdout), command
        json.loads(result.stdout)  # still JSON, its escapes JSON's own
    assert "\\\\u001b]0;PWNED" in cli("followup", "list", "--all", "--json").stdout
    assert cli("minutes", "lena", "--session", "1", "-o", "minutes.md").returncode == 0
    minutes = (home.parent / "minutes.md").read_text()
    assert not has_control(minutes)
    assert "Shared \\u001b[2Jwords" in minutes and "Card \\u001b[2Jraw" in minutes


async def test_every_screen_of_the_app_shows_it_harmless(home: Path) -> None:
    from textual.message import Message
    from textual.notifications import Notify

    everything_hostile(home)
    told: list[str] = []

    def hook(message: Message) -> None:
        if isinstance(message, Notify):
            told.append(message.notification.message)

    def nothing_raw(where: str, screen: str) -> None:
        assert type(app.screen).__name__ == screen, where
        shot = app.export_screenshot()
        assert not has_control(shot), where
        assert not has_control(app.screen.sub_title or "") and not has_control(app.title)

    app = create_app(home, clock=ManualClock())
    async with app.run_test(size=(120, 40), message_hook=hook) as pilot:
        await pilot.pause()
        nothing_raw("home, with the stray folder listed", "HomeScreen")
        assert "stray\\u001b]0;PWNED" in app.export_screenshot()
        await pilot.press("f")  # follow-ups of the tandem
        await pilot.pause()
        nothing_raw("follow-up list", "FollowUpListScreen")
        await pilot.press("escape", "l")  # look back at session 1
        await pilot.pause()
        nothing_raw("look back", "HistoryScreen")
        await pilot.press("escape", "o")  # cohort overview
        await pilot.pause()
        nothing_raw("cohort", "CohortScreen")
        await pilot.press("escape", "enter")  # session 2: a review card with the follow-up
        await pilot.pause()
        nothing_raw("meeting", "MeetingScreen")
        await pilot.press("ctrl+o")
        await pilot.pause()
        app.post_message(events.Paste(f"Call {TITLE}HR"))
        await pilot.press("enter")
        await pilot.pause()
        nothing_raw("meeting with a follow-up added", "MeetingScreen")
        assert any("Follow-up added: Call \\u001b]0;PWNED" in m for m in told), told
        await pilot.press("ctrl+f")  # the end screen
        await pilot.pause()
        nothing_raw("end screen", "EndScreen")
        await pilot.press("escape", "ctrl+q")
    app.store.close()
    assert all(not has_control(message) for message in told)
