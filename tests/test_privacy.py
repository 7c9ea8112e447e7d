"""Discretion: private notes under a passphrase are nowhere in plain text, a wrong
passphrase changes nothing, a change cut off midway loses nothing, and `forget`
leaves nothing of a tandem behind."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import CliResult, make_tandem
from textual.pilot import Pilot
from textual.widgets import Input, Label, TextArea

from tandem_tui.app import create_app
from tandem_tui.clock import ManualClock
from tandem_tui.export import export_tandem, local_zone
from tandem_tui.library import Library
from tandem_tui.meeting import Meeting
from tandem_tui.minutes import minutes_markdown
from tandem_tui.model import NoteKind, Role
from tandem_tui.screens.meeting import MeetingScreen
from tandem_tui.screens.passphrase import UnlockScreen
from tandem_tui.store import Store
from tandem_tui.vault import KdfCost, WrongPassphrase, protect

MARKER = "SECRET-MARKER-5521"
PASSPHRASE = "correct horse battery"
CHEAP = KdfCost(memory_kib=8 * 1024, iterations=1, lanes=1)  # tests only: fast to derive


def every_byte(home: Path) -> bytes:
    """Everything under the data home, hidden files, temporary files and backups too."""
    return b"".join(p.read_bytes() for p in sorted(home.rglob("*")) if p.is_file())


def seed(home: Path, library: Library) -> None:
    with Store.open(home) as store:
        tandem = make_tandem()
        store.add_tandem(tandem)
        meeting = Meeting.open(store, library, tandem, ManualClock())
        meeting.save_note("shared words")
        meeting.save_note(f"{MARKER} written before the passphrase", NoteKind.PRIVATE, Role.MENTEE)
        meeting.next_card()
    # An old backup from a schema migration holds the note as it was.
    folder = home / "tandems" / "lena-markus"
    (folder / "notes-01.json.schema0.bak").write_bytes((folder / "notes-01.json").read_bytes())


@pytest.fixture
def protected(home: Path, library: Library) -> Path:
    seed(home, library)
    with Store.open(home) as store:
        assert protect(store, "lena-markus", Role.MENTEE, PASSPHRASE, cost=CHEAP) == 1
    return home


def test_a_passphrase_seals_the_notes_and_removes_old_backups(
    protected: Path, library: Library
) -> None:
    assert MARKER.encode() not in every_byte(protected)
    assert not list(protected.rglob("*.bak"))
    with Store.open(protected) as store:
        tandem = store.tandem("lena-markus")
        meeting = Meeting.open(store, library, tandem, ManualClock())
        meeting.go_to(0)
        meeting.unlock(Role.MENTEE, PASSPHRASE)
        assert meeting.note(NoteKind.PRIVATE, Role.MENTEE).startswith(MARKER)
        meeting.save_note(f"{MARKER} written under it", NoteKind.PRIVATE, Role.MENTEE)
        meeting.save_note("shared again")  # the shared notes stay readable
    assert MARKER.encode() not in every_byte(protected)
    assert b"shared again" in every_byte(protected)


def test_a_wrong_passphrase_changes_nothing(
    protected: Path, library: Library, cli: Callable[..., CliResult]
) -> None:
    cli("tandem", "list")  # the summary index (a cache) made once, as any start does
    before = every_byte(protected)
    with Store.open(protected) as store:
        meeting = Meeting.open(store, library, store.tandem("lena-markus"), ManualClock())
        with pytest.raises(WrongPassphrase):
            meeting.unlock(Role.MENTEE, "not the passphrase")
        assert meeting.is_locked(Role.MENTEE)
        with pytest.raises(WrongPassphrase):
            protect(store, "lena-markus", Role.MENTEE, "a new passphrase", "wrong old one")
    wrong = cli(
        "passphrase",
        "lena",
        "--role",
        "mentee",
        input="wrong old one\nnew passphrase\nnew passphrase\n",
    )
    assert wrong.returncode == 1 and "nothing was changed" in wrong.stderr
    assert every_byte(protected) == before, "byte for byte as it was"


def test_the_passphrase_command_sets_and_changes(
    home: Path, library: Library, cli: Callable[..., CliResult]
) -> None:
    seed(home, library)
    short = cli("passphrase", "lena", "--role", "mentee", input="short\nshort\n")
    assert short.returncode == 1 and "at least 8 characters" in short.stderr
    typo = cli("passphrase", "lena", "--role", "mentee", input=f"{PASSPHRASE}\nother words\n")
    assert typo.returncode == 1 and "did not match" in typo.stderr
    assert MARKER.encode() in every_byte(home), "nothing sealed while nothing was set"
    done = cli("passphrase", "lena", "--role", "mentee", input=f"{PASSPHRASE}\n{PASSPHRASE}\n")
    assert done.returncode == 0, done.stderr
    assert "1 sealed now" in done.stdout and "cannot be recovered" in done.stdout
    assert MARKER.encode() not in every_byte(home)
    changed = cli(
        "passphrase",
        "lena",
        "--role",
        "mentee",
        input=f"{PASSPHRASE}\nnew words here\nnew words here\n",
    )
    assert changed.returncode == 0, changed.stderr
    with Store.open(home, readonly=True) as store:
        meeting = Meeting.open(store, library, store.tandem("lena-markus"), ManualClock())
        with pytest.raises(WrongPassphrase):
            meeting.unlock(Role.MENTEE, PASSPHRASE)
        meeting.unlock(Role.MENTEE, "new words here")


CHANGER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from tandem_tui.model import Role
    from tandem_tui.store import Store
    from tandem_tui.vault import KdfCost, protect

    cheap = KdfCost(memory_kib=8 * 1024, iterations=1, lanes=1)
    phrases = ["first passphrase", "second passphrase"]
    with Store.open(Path(sys.argv[1])) as store:
        print("ready", flush=True)
        turn = 0
        while True:  # change back and forth until killed
            old, new = phrases[turn % 2], phrases[(turn + 1) % 2]
            protect(store, "lena-markus", Role.MENTEE, new, old, cost=cheap)
            turn += 1
    """
)


def test_a_passphrase_change_killed_midway_leaves_old_or_new_working(
    home: Path, library: Library, tmp_path: Path
) -> None:
    seed(home, library)
    with Store.open(home) as store:
        protect(store, "lena-markus", Role.MENTEE, "first passphrase", cost=CHEAP)
    script = tmp_path / "changer.py"
    script.write_text(CHANGER)
    rng = random.Random(7)
    for _ in range(8):
        child = subprocess.Popen(
            [sys.executable, str(script), str(home)], stdout=subprocess.PIPE, text=True
        )
        assert child.stdout is not None and child.stdout.readline().strip() == "ready"
        try:
            child.wait(timeout=rng.uniform(0.05, 0.4))
        except subprocess.TimeoutExpired:
            os.kill(child.pid, signal.SIGKILL)
        child.wait()
        with Store.open(home) as store:
            opened = []
            for phrase in ("first passphrase", "second passphrase"):
                meeting = Meeting.open(store, library, store.tandem("lena-markus"), ManualClock())
                meeting.go_to(0)
                try:
                    meeting.unlock(Role.MENTEE, phrase)
                except WrongPassphrase:
                    continue
                opened.append(meeting.note(NoteKind.PRIVATE, Role.MENTEE))
        assert len(opened) == 1, "exactly one of the two opens, whenever it was cut off"
        assert opened[0].startswith(MARKER)
    assert MARKER.encode() not in every_byte(home)


async def opened(pilot: Pilot[None]) -> None:
    """The key is derived in a worker thread: wait for it, then for what it set off."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def test_the_app_asks_once_and_keeps_the_note_sealed(
    protected: Path, library: Library
) -> None:
    app = create_app(protected, clock=ManualClock())
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("enter")
        screen = app.screen
        assert isinstance(screen, MeetingScreen)
        await pilot.press("ctrl+b")  # back to card 1, where the note is
        await pilot.press("ctrl+r")  # the mentor's pane: no passphrase, opens at once
        assert screen.private_person is Role.MENTOR
        await pilot.press("ctrl+r")  # the mentee's: asks
        assert isinstance(app.screen, UnlockScreen)
        await pilot.press(*"guess", "enter")
        await opened(pilot)
        assert isinstance(app.screen, UnlockScreen)
        error = app.screen.query_one("#passphrase-error", Label)
        assert "not the passphrase" in str(error.render())
        await pilot.press(*PASSPHRASE, "enter")
        await opened(pilot)
        assert app.screen is screen
        private = screen.query_one("#private", TextArea)
        assert private.display and private.text.startswith(MARKER)
        await pilot.press("end", *" and more")
        await pilot.press("ctrl+r", "ctrl+r", "ctrl+r")  # round again: no second question
        assert screen.private_person is Role.MENTEE
        await pilot.press("ctrl+q")
    app.store.close()
    assert MARKER.encode() not in every_byte(protected)
    assert b"and more" not in every_byte(protected)


async def test_a_crash_report_shows_no_note(
    protected: Path,
    library: Library,
    capfd: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app = create_app(protected, clock=ManualClock())

    def broken_save(self: Meeting, text: str, *args: object, **kwargs: object) -> None:
        raise RuntimeError("the disk caught fire")  # `text`, the note, is a local here

    with pytest.raises(RuntimeError, match="caught fire"):
        async with app.run_test(size=(120, 36)) as pilot:
            await pilot.press("enter", "ctrl+b", "ctrl+r", "ctrl+r", *PASSPHRASE, "enter")
            await opened(pilot)
            assert isinstance(app.screen, MeetingScreen) and app.screen.private.has_focus
            await pilot.press(*f" {MARKER}-typed")
            monkeypatch.setattr(Meeting, "save_note", broken_save)
            await pilot.press("ctrl+n")  # saving on the way to the next card crashes
            await pilot.pause()
    monkeypatch.undo()
    app.store.close()
    app._print_error_renderables()  # the report Textual prints as the app closes
    captured = capfd.readouterr()
    shown = captured.out + captured.err
    assert "RuntimeError" in shown and "caught fire" in shown, "the crash was reported"
    assert MARKER not in shown


def test_forget_leaves_nothing_of_the_tandem(
    protected: Path, cli: Callable[..., CliResult], library: Library
) -> None:
    with Store.open(protected) as store:
        export_tandem(store, library, store.tandem("lena-markus"), zone=local_zone())
    kept = cli("forget", "lena", input="lena\n")
    assert kept.returncode == 1 and "nothing was removed" in kept.stderr
    assert (protected / "tandems" / "lena-markus").exists()
    gone = cli("forget", "lena", input="lena-markus\n")
    assert gone.returncode == 0, gone.stderr
    assert "forgot lena-markus:" in gone.stdout and "holding 1 session," in gone.stdout
    assert not (protected / "tandems" / "lena-markus").exists()
    everything = every_byte(protected)
    for trace in (b"lena-markus", b"Lena Vogel", b"Markus Brandt", MARKER.encode()):
        assert trace not in everything
    listed = cli("tandem", "list")
    assert "lena" not in listed.stdout.lower()


def test_exports_and_minutes_of_a_protected_tandem_hold_no_private_note(
    protected: Path, library: Library
) -> None:
    with Store.open(protected) as store:
        tandem = store.tandem("lena-markus")
        calendar = export_tandem(store, library, tandem, zone=local_zone()).calendar
        [session] = store.sessions(tandem.id)
        minutes = minutes_markdown(
            tandem, session, store.shared_notes(tandem.id, 1), store.followups(tandem.id), None
        )
    assert MARKER.encode() not in calendar
    assert MARKER not in minutes and "shared words" in minutes


async def test_forget_from_the_app_after_typing_the_id(protected: Path) -> None:
    from tandem_tui.screens.forget import ForgetScreen
    from tandem_tui.screens.home import HomeScreen

    app = create_app(protected, clock=ManualClock())
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.press(*"Forget the selected")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ForgetScreen)
        await pilot.press(*"lena", "enter")
        assert app.screen is dialog, "a wrong id keeps everything"
        assert "Type the id exactly" in str(dialog.query_one("#confirm-error", Label).render())
        assert (protected / "tandems" / "lena-markus").exists()
        await pilot.press(*"-markus", "enter")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert app.screen.tandem_list.option_count == 0
    app.store.close()
    assert not (protected / "tandems" / "lena-markus").exists()
    assert MARKER.encode() not in every_byte(protected)


async def test_setting_and_changing_a_passphrase_in_the_app(home: Path, library: Library) -> None:
    seed(home, library)
    app = create_app(home, clock=ManualClock())
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("enter", "ctrl+b")  # card 1, where the mentee's note is
        meeting = app.screen
        assert isinstance(meeting, MeetingScreen)
        meeting.set_passphrase(Role.MENTEE)
        await pilot.pause()
        await pilot.press(*"short", "tab", *"short", "enter")  # too short: said, not saved
        assert "at least 8 characters" in str(app.screen.query_one("#new-error").render())
        assert app.store.locks("lena-markus") == {}
        first = app.screen.query_one("#new", Input)
        first.value = app.screen.query_one("#again", Input).value = PASSPHRASE
        await pilot.press("enter")
        await opened(pilot)
        assert app.screen is meeting, "set: the dialog closes"
        assert Role.MENTEE in app.store.locks("lena-markus")
        assert MARKER.encode() not in every_byte(home), "the note before it is sealed now"

        meeting.set_passphrase(Role.MENTEE)  # again: now it is a change
        await pilot.pause()
        before = app.store.locks("lena-markus")
        await pilot.press(*"not the one", "tab", *"new words here", "tab", *"new words here")
        await pilot.press("enter")
        await opened(pilot)
        assert "not the current passphrase" in str(app.screen.query_one("#old-error").render())
        assert app.store.locks("lena-markus") == before, "a wrong one changes nothing"
        app.screen.query_one("#old", Input).value = PASSPHRASE
        await pilot.press("enter")
        await opened(pilot)
        assert app.screen is meeting
        assert app.store.locks("lena-markus") != before
    app.store.close()
    with Store.open(home) as store:
        reopened = Meeting.open(store, library, store.tandem("lena-markus"), ManualClock())
        reopened.go_to(0)
        with pytest.raises(WrongPassphrase):
            reopened.unlock(Role.MENTEE, PASSPHRASE)
        reopened.unlock(Role.MENTEE, "new words here")
        assert reopened.note(NoteKind.PRIVATE, Role.MENTEE).startswith(MARKER)
