"""Private notes are tamper-evident and their keys rotate (issue 11, point 3).

Each case changes the files as someone with access to the folder could, then opens
the notes as the app does: the change is found, the pane stays closed, nothing is
written to it (never in plain text), and the rest of the meeting works.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import CliResult, make_tandem
from textual.widgets import TextArea

from tandem_tui.app import create_app
from tandem_tui.clock import ManualClock
from tandem_tui.library import Library
from tandem_tui.meeting import Meeting
from tandem_tui.model import NoteKind, Role
from tandem_tui.screens.meeting import MeetingScreen
from tandem_tui.screens.passphrase import TamperedScreen, UnlockScreen
from tandem_tui.store import Store
from tandem_tui.vault import KdfCost, Tampered, WrongPassphrase, check_passphrase, protect

MARKER = "TAMPER-MARKER-4410"
PHRASE = "correct horse battery"
NEW_PHRASE = "staple paper clip"
CHEAP = KdfCost(memory_kib=8 * 1024, iterations=1, lanes=1)  # tests only: fast to derive


def every_byte(home: Path) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(home.rglob("*")) if p.is_file())


def folder(home: Path, tandem_id: str = "lena-markus") -> Path:
    return home / "tandems" / tandem_id


def seed(home: Path, library: Library, tandem_id: str = "lena-markus") -> None:
    """A tandem whose mentee wrote private notes on cards 1 and 2, then set a passphrase."""
    with Store.open(home) as store:
        tandem = make_tandem(tandem_id)
        store.add_tandem(tandem)
        meeting = Meeting.open(store, library, tandem, ManualClock())
        meeting.save_note("shared words")
        meeting.save_note(f"{MARKER} card one", NoteKind.PRIVATE, Role.MENTEE)
        meeting.next_card()
        meeting.save_note(f"{MARKER} card two", NoteKind.PRIVATE, Role.MENTEE)
        assert protect(store, tandem_id, Role.MENTEE, PHRASE, cost=CHEAP) == 2


def edit_json(path: Path, change: Callable[[dict[str, Any]], None]) -> None:
    tables = json.loads(path.read_text())
    change(tables)
    path.write_text(json.dumps(tables))


def mentee_notes(tables: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {k: d for k, d in tables["notes"].items() if d.get("person") == "mentee"}


def open_mentee(home: Path, library: Library, phrase: str = PHRASE) -> Meeting:
    """Open the mentee's notes as the app's passphrase dialog does."""
    with Store.open(home) as store:
        meeting = Meeting.open(store, library, store.tandem("lena-markus"), ManualClock())
        meeting.unlock(Role.MENTEE, phrase)
        return meeting


def test_untouched_notes_open(home: Path, library: Library) -> None:
    seed(home, library)
    meeting = open_mentee(home, library)
    meeting.go_to(0)
    assert meeting.note(NoteKind.PRIVATE, Role.MENTEE) == f"{MARKER} card one"
    assert MARKER.encode() not in every_byte(home)


def test_a_removed_lock_keeps_the_pane_closed(home: Path, library: Library) -> None:
    seed(home, library)
    edit_json(folder(home) / "tandem.json", lambda t: t.pop("locks"))
    with Store.open(home) as store:
        meeting = Meeting.open(store, library, store.tandem("lena-markus"), ManualClock())
        assert "lock is gone" in str(meeting.tampered[Role.MENTEE])
        assert meeting.is_locked(Role.MENTEE)
        with pytest.raises(Tampered):
            meeting.save_note("typed after", NoteKind.PRIVATE, Role.MENTEE)
        meeting.save_note("the shared notes still work")
        meeting.save_note("and the mentor's pane", NoteKind.PRIVATE, Role.MENTOR)
    assert b"typed after" not in every_byte(home)


def test_a_deleted_note_is_found(home: Path, library: Library) -> None:
    seed(home, library)

    def delete_one(tables: dict[str, Any]) -> None:
        tables["notes"].pop(next(iter(mentee_notes(tables))))

    edit_json(folder(home) / "notes-01.json", delete_one)
    with pytest.raises(Tampered, match="is missing"):
        open_mentee(home, library)


def test_an_older_version_put_back_is_found(home: Path, library: Library) -> None:
    seed(home, library)
    notes = folder(home) / "notes-01.json"
    older = notes.read_bytes()
    meeting = open_mentee(home, library)
    with Store.open(home) as store:
        meeting.store = store
        meeting.save_note(f"{MARKER} card two, later", NoteKind.PRIVATE, Role.MENTEE)
    notes.write_bytes(older)
    with pytest.raises(Tampered, match="not its latest version"):
        open_mentee(home, library)


def test_plain_text_in_place_of_a_sealed_note_is_found(home: Path, library: Library) -> None:
    seed(home, library)

    def to_plain(tables: dict[str, Any]) -> None:
        for doc in mentee_notes(tables).values():
            doc["sealed"], doc["text"] = None, "planted words"

    edit_json(folder(home) / "notes-01.json", to_plain)
    with Store.open(home) as store:
        meeting = Meeting.open(store, library, store.tandem("lena-markus"), ManualClock())
        assert "plain text" in str(meeting.tampered[Role.MENTEE])
        with pytest.raises(Tampered):
            meeting.unlock(Role.MENTEE, PHRASE)
        meeting.go_to(0)
        assert meeting.is_locked(Role.MENTEE), "the planted words are never shown"


def test_a_note_moved_to_another_card_is_found(home: Path, library: Library) -> None:
    seed(home, library)

    def swap_cards(tables: dict[str, Any]) -> None:
        first, second = mentee_notes(tables).values()
        first["card"], second["card"] = second["card"], first["card"]

    edit_json(folder(home) / "notes-01.json", swap_cards)
    with pytest.raises(Tampered, match="does not open"):
        open_mentee(home, library)


def test_a_note_moved_from_another_tandem_is_found(home: Path, library: Library) -> None:
    seed(home, library)
    seed(home, library, "anna-bert")
    foreign = json.loads((folder(home, "anna-bert") / "notes-01.json").read_text())
    foreign_note = next(iter(mentee_notes(foreign).values()))

    def plant(tables: dict[str, Any]) -> None:
        key = next(k for k, d in mentee_notes(tables).items() if d["card"] == foreign_note["card"])
        tables["notes"][key] = foreign_note

    edit_json(folder(home) / "notes-01.json", plant)
    with pytest.raises(Tampered, match="does not open"):
        open_mentee(home, library)


def test_a_changed_passphrase_makes_a_new_key(home: Path, library: Library) -> None:
    """An old copy of the key file and the old passphrase open nothing written after."""
    seed(home, library)
    old_key_file = (folder(home) / "tandem.json").read_bytes()
    with Store.open(home) as store:
        protect(store, "lena-markus", Role.MENTEE, NEW_PHRASE, PHRASE, cost=CHEAP)
    meeting = open_mentee(home, library, NEW_PHRASE)
    with Store.open(home) as store:
        meeting.store = store
        meeting.save_note(f"{MARKER} after the change", NoteKind.PRIVATE, Role.MENTEE)
    (folder(home) / "tandem.json").write_bytes(old_key_file)
    with pytest.raises(Tampered, match="does not open"):
        open_mentee(home, library, PHRASE)
    with pytest.raises(WrongPassphrase):
        open_mentee(home, library, NEW_PHRASE)
    assert MARKER.encode() not in every_byte(home)


def test_passphrase_checks_every_notes_file_before_changing_anything(
    home: Path, library: Library, cli: Callable[..., CliResult]
) -> None:
    seed(home, library)
    (folder(home) / "notes-02.json").write_text("{not json")
    cli("tandem", "list")  # the summary index (a cache) made once, as any start does
    before = every_byte(home)
    change = cli(
        "passphrase", "lena", "--role", "mentee", input=f"{PHRASE}\n{NEW_PHRASE}\n{NEW_PHRASE}\n"
    )
    assert change.returncode == 1
    assert "notes-02.json cannot be read" in change.stderr and "Traceback" not in change.stderr
    assert every_byte(home) == before, "nothing was changed"
    # A tampered note: refused too, before anything is written.
    (folder(home) / "notes-02.json").unlink()
    edit_json(folder(home) / "notes-01.json", lambda t: t["notes"].pop(next(iter(mentee_notes(t)))))
    before = every_byte(home)
    change = cli(
        "passphrase", "lena", "--role", "mentee", input=f"{PHRASE}\n{NEW_PHRASE}\n{NEW_PHRASE}\n"
    )
    assert change.returncode == 1 and "changed outside tandem-tui" in change.stderr
    assert "passphrase lena-markus --role mentee --reset" in change.stderr
    assert "Traceback" not in change.stderr
    assert every_byte(home) == before


def test_a_passphrase_needs_eight_characters_besides_spaces(
    home: Path, library: Library, cli: Callable[..., CliResult]
) -> None:
    assert check_passphrase(" " * 12) is not None
    assert check_passphrase("a b c d e f g") is not None, "seven characters and spaces"
    assert check_passphrase("four word pass phrase") is None
    seed(home, library, "anna-bert")
    blank = cli("passphrase", "anna", "--role", "mentor", input=" " * 8 + "\n" + " " * 8 + "\n")
    assert blank.returncode == 1 and "besides spaces" in blank.stderr


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("lanes", 0),
        ("memory_kib", 64 * 1024 * 1024),
        ("memory_kib", 1024 * 1024),  # 1 GiB: more than a laptop may give
        ("iterations", 10_000),
        ("salt", "%%%"),
        ("salt", 12),
        ("kdf", "scrypt"),
        ("manifest", 12),
        ("wrapped_key", None),
    ],
)
def test_lock_parameters_from_a_file_are_bounded(
    home: Path, library: Library, field: str, value: object
) -> None:
    """A damaged lock closes that person's notes; the rest of the tandem goes on."""
    seed(home, library)

    def damage(tables: dict[str, Any]) -> None:
        for lock in tables["locks"].values():
            lock[field] = value

    edit_json(folder(home) / "tandem.json", damage)
    with Store.open(home) as store:
        assert Role.MENTEE not in store.locks("lena-markus")
        assert field.split("_")[0] in store.damaged_locks("lena-markus")[Role.MENTEE]
        meeting = Meeting.open(store, library, store.tandem("lena-markus"), ManualClock())
        assert "lock is damaged" in str(meeting.tampered[Role.MENTEE])
        with pytest.raises(Tampered):
            meeting.save_note("typed", NoteKind.PRIVATE, Role.MENTEE)
        meeting.save_note("the meeting goes on")
        meeting.save_note("so does the mentor's pane", NoteKind.PRIVATE, Role.MENTOR)


async def test_the_app_keeps_a_tampered_pane_closed_and_the_meeting_going(
    home: Path, library: Library
) -> None:
    seed(home, library)
    notes = folder(home) / "notes-01.json"
    older = notes.read_bytes()
    meeting = open_mentee(home, library)
    with Store.open(home) as store:
        meeting.store = store
        meeting.save_note(f"{MARKER} newer", NoteKind.PRIVATE, Role.MENTEE)
    notes.write_bytes(older)  # an older version of the sealed note put back
    app = create_app(home, clock=ManualClock())
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("enter")
        screen = app.screen
        assert isinstance(screen, MeetingScreen)
        await pilot.press("ctrl+r", "ctrl+r")  # the mentor's pane, then the mentee's
        assert isinstance(app.screen, UnlockScreen)
        await pilot.press(*PHRASE, "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, TamperedScreen)
        assert "not its latest version" in screen_text(app.screen)
        # The private thought typed on in a hurry goes nowhere, Enter closes nothing.
        await pilot.press(*"my private thought", "enter", *"more")
        assert isinstance(app.screen, TamperedScreen)
        await pilot.press("escape")
        assert app.screen is screen
        assert screen.private_person is None, "the mentee's pane stays closed"
        await pilot.press(*"typed on")  # goes to the shared notes
        assert "typed on" in screen.query_one("#shared", TextArea).text
        await pilot.press("ctrl+r", "ctrl+r")  # hidden, the mentor's
        assert screen.private_person is Role.MENTOR
        await pilot.press("ctrl+r")  # the mentee's again: refused at once, nothing asked
        assert isinstance(app.screen, TamperedScreen)
        await pilot.press("escape")
        assert screen.private_person is None and app.screen is screen
        await pilot.press("ctrl+q")
    app.store.close()
    assert b"typed on" in every_byte(home)
    assert b"private thought" not in every_byte(home)
    assert MARKER.encode() not in every_byte(home)


async def test_a_passphrase_typed_blind_after_a_removed_lock_goes_nowhere(
    home: Path, library: Library
) -> None:
    """With the lock gone no passphrase box opens: what the person types, expecting
    one, must not land in the shared notes (where anyone could read it)."""
    seed(home, library)
    edit_json(folder(home) / "tandem.json", lambda t: t.pop("locks"))
    app = create_app(home, clock=ManualClock())
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("enter", "ctrl+r", "ctrl+r", *PHRASE, "enter", *"a thought")
        assert isinstance(app.screen, TamperedScreen)
        assert "lock is gone" in screen_text(app.screen)
        assert "passphrase lena-markus --role mentee --reset" in screen_text(app.screen)
        await pilot.press("escape", "ctrl+q")
    app.store.close()
    assert PHRASE.encode() not in every_byte(home)
    assert b"a thought" not in every_byte(home)


def screen_text(screen: object) -> str:
    from textual.widgets import Label, Static

    assert isinstance(screen, TamperedScreen)
    return " ".join(str(w.render()) for w in screen.query(Static) if not isinstance(w, Label)) + (
        " ".join(str(w.render()) for w in screen.query(Label))
    )


def test_a_lock_of_the_first_format_gets_its_manifest_when_opened(
    home: Path, library: Library
) -> None:
    """Locks written before manifests existed open as before, and are guarded from then on."""
    import os

    from tandem_tui import vault
    from tandem_tui.model import Note

    with Store.open(home) as store:
        store.add_tandem(make_tandem())
        data_key = os.urandom(vault.KEY_BYTES)
        salt = os.urandom(vault.SALT_BYTES)
        derived = vault._derive(PHRASE, salt, CHEAP)
        wrapped = vault._seal_bytes(
            derived, data_key, vault._key_aad("lena-markus", Role.MENTEE, 1)
        )
        store.save_lock("lena-markus", vault.Lock(Role.MENTEE, salt, wrapped, CHEAP, None, 1))
        sealed = vault.seal(data_key, MARKER, vault.note_aad("lena-markus", 1, 0, Role.MENTEE))
        store.save_note("lena-markus", Note(1, 0, "", NoteKind.PRIVATE, Role.MENTEE, sealed=sealed))

    def first_format(tables: dict[str, Any]) -> None:  # exactly as the first format wrote it
        tables["locks"]["1"].pop("format")
        tables["locks"]["1"].pop("manifest", None)

    edit_json(folder(home) / "tandem.json", first_format)
    meeting = open_mentee(home, library)
    meeting.go_to(0)
    assert meeting.note(NoteKind.PRIVATE, Role.MENTEE) == MARKER
    lock = json.loads((folder(home) / "tandem.json").read_text())["locks"]["1"]
    assert lock["format"] == 2 and lock["manifest"]
    edit_json(folder(home) / "notes-01.json", lambda t: t["notes"].clear())
    with pytest.raises(Tampered, match="is missing"):
        open_mentee(home, library)


def test_reset_starts_a_persons_private_notes_afresh(
    home: Path, library: Library, cli: Callable[..., CliResult]
) -> None:
    """The way forward after tampering, or a forgotten passphrase: that person's private
    notes and passphrase go; shared notes and the partner's notes stay."""
    seed(home, library)
    with Store.open(home) as store:
        meeting = Meeting.open(store, library, store.tandem("lena-markus"), ManualClock())
        meeting.save_note("the mentor's own", NoteKind.PRIVATE, Role.MENTOR)
    edit_json(folder(home) / "notes-01.json", lambda t: t["notes"].pop(next(iter(mentee_notes(t)))))
    refused = cli("passphrase", "lena", "--role", "mentee", "--reset", input="lena\n")
    assert refused.returncode == 1 and "nothing was removed" in refused.stderr
    done = cli("passphrase", "lena", "--role", "mentee", "--reset", input="lena-markus\n")
    assert done.returncode == 0, done.stderr
    assert "1 note removed" in done.stdout and "no passphrase set" in done.stdout
    with Store.open(home) as store:
        assert Role.MENTEE not in store.locks("lena-markus")
        meeting = Meeting.open(store, library, store.tandem("lena-markus"), ManualClock())
        assert not meeting.tampered and not meeting.is_locked(Role.MENTEE)
        assert store.shared_notes("lena-markus", 1) == {0: "shared words"}
        assert store.private_note("lena-markus", 1, 1, Role.MENTOR) == "the mentor's own"
        assert not [n for n in store.all_notes("lena-markus") if n.person is Role.MENTEE]


def test_a_removed_lock_is_found_before_any_note_is_sealed(
    home: Path, library: Library, cli: Callable[..., CliResult]
) -> None:
    """The data home records who set a passphrase apart from the tandem's file: a lock
    removed before the person wrote anything still keeps their pane closed."""
    with Store.open(home) as store:
        store.add_tandem(make_tandem())
        protect(store, "lena-markus", Role.MENTEE, PHRASE, cost=CHEAP)
    edit_json(folder(home) / "tandem.json", lambda t: t.pop("locks"))
    with Store.open(home) as store:
        meeting = Meeting.open(store, library, store.tandem("lena-markus"), ManualClock())
        assert "lock is gone" in str(meeting.tampered[Role.MENTEE])
        with pytest.raises(Tampered):
            meeting.save_note("my boss is difficult", NoteKind.PRIVATE, Role.MENTEE)
    again = cli("passphrase", "lena", "--role", "mentee", input=f"{PHRASE}\n{PHRASE}\n")
    assert again.returncode == 1 and "lock is gone" in again.stderr
    assert b"my boss" not in every_byte(home)
    cli("passphrase", "lena", "--role", "mentee", "--reset", "--yes")
    with Store.open(home) as store:
        meeting = Meeting.open(store, library, store.tandem("lena-markus"), ManualClock())
        assert not meeting.tampered
    cli("passphrase", "lena", "--role", "mentee", input=f"{PHRASE}\n{PHRASE}\n")
    assert "lena-markus/mentee" in (home / "settings.json").read_text()
    forgotten = cli("forget", "lena-markus", "--yes")
    assert forgotten.returncode == 0
    assert "lena-markus" not in (home / "settings.json").read_text()


def test_a_note_moved_to_another_session_is_found(home: Path, library: Library) -> None:
    seed(home, library)
    first = folder(home) / "notes-01.json"
    tables = json.loads(first.read_text())
    key, moved = next(iter(mentee_notes(tables).items()))
    del tables["notes"][key]
    first.write_text(json.dumps(tables))
    moved["session"] = 2
    second = {"_meta": tables["_meta"], "notes": {"1": moved}}
    (folder(home) / "notes-02.json").write_text(json.dumps(second))
    with pytest.raises(Tampered, match="does not open"):
        open_mentee(home, library)


async def test_words_typed_on_after_the_passphrase_go_into_the_opened_notes(
    home: Path, library: Library
) -> None:
    """Found by an audit: Enter, then typing on, made the passphrase wrong and lost
    the words. Enter ends the passphrase; the words go into the notes that opened."""
    seed(home, library)
    app = create_app(home, clock=ManualClock())
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("enter", "ctrl+b", "ctrl+r", "ctrl+r")
        assert isinstance(app.screen, UnlockScreen)
        await pilot.press(*PHRASE, "enter", *" hurried words", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, MeetingScreen) and screen.private_person is Role.MENTEE
        text = screen.query_one("#private", TextArea).text
        assert text.rstrip("\n") == f"{MARKER} card one hurried words", text
        await pilot.press("ctrl+q")
    app.store.close()
    assert b"hurried" not in every_byte(home), "sealed like the rest"


async def test_a_passphrase_change_takes_the_fields_as_they_were_at_enter(
    home: Path, library: Library
) -> None:
    from tandem_tui.screens.passphrase import SetPassphraseScreen

    seed(home, library)
    app = create_app(home, clock=ManualClock())
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("enter")
        meeting_screen = app.screen
        assert isinstance(meeting_screen, MeetingScreen)
        meeting_screen.set_passphrase(Role.MENTEE)
        await pilot.pause()
        assert isinstance(app.screen, SetPassphraseScreen)
        await pilot.press(*PHRASE, "tab", *NEW_PHRASE, "tab", *NEW_PHRASE, "enter", *"typed on")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen is meeting_screen, "changed: the words after Enter spoiled nothing"
        await pilot.press("ctrl+q")
    app.store.close()
    with pytest.raises(WrongPassphrase):
        open_mentee(home, library, PHRASE)
    open_mentee(home, library, NEW_PHRASE)


def test_a_passphrase_opens_however_its_accents_are_composed(home: Path, library: Library) -> None:
    import unicodedata

    composed = "Grüße aus Zürich"
    assert check_passphrase("pass\tword-123") is not None, "a tab cannot be typed in the app"
    with Store.open(home) as store:
        store.add_tandem(make_tandem())
        protect(store, "lena-markus", Role.MENTEE, composed, cost=CHEAP)
    open_mentee(home, library, unicodedata.normalize("NFD", composed))
