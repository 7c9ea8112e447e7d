"""The store on real files: partitioned writes, permissions, the lock, corrupt files, migrations."""

from __future__ import annotations

import errno
import json
import os
import stat
import subprocess
import sys
import textwrap
from datetime import date
from pathlib import Path

import pytest
from conftest import make_tandem

from tandem_tui import journal
from tandem_tui import storage as storage_module
from tandem_tui import store as store_module
from tandem_tui.model import FollowUp, Note, NoteKind, Owner, Role, Session
from tandem_tui.store import CorruptFile, Store, StoreError, StoreLocked, UnknownTandem


def snapshot(folder: Path) -> dict[str, tuple[int, bytes]]:
    return {
        str(p.relative_to(folder)): (p.stat().st_mtime_ns, p.read_bytes())
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def filled(home: Path, library) -> Path:
    """Two tandems, each with two sessions of notes and a follow-up."""
    with Store.open(home) as store:
        for tandem_id in ("lena-markus", "jonas-petra"):
            store.add_tandem(make_tandem(tandem_id))
            for number, agenda_id in ((1, "rm-en-1-kickoff"), (2, "rm-en-2-digital-workplace")):
                store.save_session(tandem_id, Session.start(number, library.agenda(agenda_id)))
                store.save_note(tandem_id, Note(number, 0, f"shared {number}"))
                store.save_note(tandem_id, Note(number, 0, "mine", NoteKind.PRIVATE, Role.MENTEE))
            store.save_followup(tandem_id, FollowUp("Try a chat tool", Owner.MENTEE))
    return home


def test_round_trip(filled: Path) -> None:
    with Store.open(filled, readonly=True) as store:
        tandems, problems = store.tandems()
        assert [t.id for t in tandems] == ["jonas-petra", "lena-markus"] and problems == []
        assert [s.number for s in store.sessions("lena-markus")] == [1, 2]
        assert store.shared_notes("lena-markus", 2) == {0: "shared 2"}
        assert store.private_note("lena-markus", 2, 0, Role.MENTEE) == "mine"
        assert store.private_note("lena-markus", 2, 0, Role.MENTOR) == ""
        assert [f.text for f in store.followups("lena-markus")] == ["Try a chat tool"]


def test_saving_a_note_rewrites_only_that_sessions_notes_file(filled: Path) -> None:
    before = snapshot(filled / "tandems")
    with Store.open(filled) as store:
        store.save_note("lena-markus", Note(2, 3, "a new thought"))
    after = snapshot(filled / "tandems")
    changed = {name for name in after if before.get(name) != after[name]}
    assert changed == {"lena-markus/notes-02.json"}


def test_saving_a_note_replaces_the_same_pane(filled: Path) -> None:
    with Store.open(filled) as store:
        store.save_note("lena-markus", Note(1, 0, "revised"))
        texts = [n.text for n in store.notes("lena-markus", 1) if n.kind is NoteKind.SHARED]
    assert texts == ["revised"]


def test_folders_are_0700_and_files_0600(filled: Path) -> None:
    for path in [filled, *filled.rglob("*")]:
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode == (0o700 if path.is_dir() else 0o600), path


def test_every_file_carries_its_schema_version(filled: Path) -> None:
    for path in (filled / "tandems").rglob("*.json"):
        meta = json.loads(path.read_text())["_meta"]["1"]
        assert meta["schema"] == store_module.SCHEMA_VERSION
        assert meta["kind"] in {"tandem", "notes"}


HOLDER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from tandem_tui.store import Store
    store = Store(Path(sys.argv[1]))
    print("ready", flush=True)
    sys.stdin.read()
    store.close()
    """
)


def test_a_second_writer_is_refused_and_readers_still_work(filled: Path, cli) -> None:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(filled)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
        with pytest.raises(StoreLocked, match=rf"in use by tandem-tui \(pid {holder.pid}\)"):
            Store(filled)
        with Store.open(filled, readonly=True) as reader:
            assert len(reader.tandems()[0]) == 2
        result = cli("followup", "add", "lena", "Book a room", "--due", "+3d")
        assert result.returncode == 1
        assert "is in use by tandem-tui" in result.stderr and "Traceback" not in result.stderr
        assert cli("tandem", "list").returncode == 0
    finally:
        holder.communicate("", timeout=10)
    with Store.open(filled) as store:  # the lock is free again once the holder ends
        assert len(store.followups("lena-markus")) == 1


def test_a_corrupt_file_is_named_left_untouched_and_the_rest_works(filled: Path, cli) -> None:
    broken = filled / "tandems" / "lena-markus" / "tandem.json"
    broken.write_text('{"_meta": {"1": {"kind": "tandem", "sche')
    garbage = broken.read_bytes()
    with Store.open(filled) as store:
        tandems, problems = store.tandems()
        assert [t.id for t in tandems] == ["jonas-petra"]
        assert len(problems) == 1 and "lena-markus/tandem.json cannot be read" in str(problems[0])
        with pytest.raises(CorruptFile):
            store.save_followup("lena-markus", FollowUp("x"))
        store.save_followup("jonas-petra", FollowUp("still works"))
    assert broken.read_bytes() == garbage
    listing = cli("tandem", "list")
    assert listing.returncode == 0 and "jonas-petra" in listing.stdout
    assert "tandem.json cannot be read (not valid JSON at line 1)" in listing.stderr
    added = cli("followup", "add", "lena-markus", "Try again")
    assert added.returncode == 1 and "Traceback" not in added.stderr


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "the file is empty"),
        (b"\xff\xfe{}", "not UTF-8"),
        (b"[1, 2]", "not a tandem-tui data file"),
        (b'{"_meta": {"1": {"kind": "notes", "schema": 1}}}', "not a tandem-tui tandem file"),
        (b'{"_meta": {"1": {"kind": "tandem"}}}', "its schema version is missing"),
    ],
)
def test_each_kind_of_nonsense_is_named(filled: Path, content: bytes, reason: str) -> None:
    path = filled / "tandems" / "lena-markus" / "tandem.json"
    path.write_bytes(content)
    with Store.open(filled) as store, pytest.raises(CorruptFile, match=reason):
        store.sessions("lena-markus")
    assert path.read_bytes() == content


def test_a_newer_schema_is_refused_not_overwritten(filled: Path) -> None:
    path = filled / "tandems" / "lena-markus" / "tandem.json"
    data = json.loads(path.read_text())
    data["_meta"]["1"]["schema"] = 99
    path.write_text(json.dumps(data))
    before = path.read_bytes()
    with Store.open(filled) as store, pytest.raises(StoreError, match="newer tandem-tui"):
        store.followups("lena-markus")
    assert path.read_bytes() == before


def test_an_older_file_is_migrated_with_a_backup(
    filled: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = filled / "tandems" / "lena-markus" / "tandem.json"
    original = path.read_bytes()

    def owners_in_capitals(tables: dict) -> dict:
        for doc in tables["followups"].values():
            doc["text"] = doc["text"].upper()
        return tables

    current = store_module.SCHEMA_VERSION
    monkeypatch.setattr(store_module, "SCHEMA_VERSION", current + 1)  # what the store checks
    monkeypatch.setattr(storage_module, "SCHEMA_VERSION", current + 1)  # what it upgrades to
    monkeypatch.setitem(store_module.MIGRATIONS, "tandem", {current: owners_in_capitals})
    with Store.open(filled) as store:
        assert [f.text for f in store.followups("lena-markus")] == ["TRY A CHAT TOOL"]
    backup = path.with_name(f"tandem.json.schema{current}.bak")
    assert backup.read_bytes() == original
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    assert json.loads(path.read_text())["_meta"]["1"]["schema"] == current + 1


def test_stale_temporary_files_are_cleaned_up(filled: Path) -> None:
    stale = filled / "tandems" / "lena-markus" / ".tandem.json.0badc0de.tmp"
    stale.write_text("half a file")
    # A writer killed while holding the lock leaves its pid in the lock file: only then
    # is there anything to clean up (a clean close empties it, and no folder is walked).
    (filled / ".lock").write_text("pid 4242")
    with Store.open(filled, readonly=True):
        assert stale.exists()  # readers hold no lock and must not touch files
    with Store.open(filled):
        assert not stale.exists()
    assert (filled / ".lock").read_text() == "", "a clean close leaves the lock file empty"


def test_a_full_disk_loses_nothing(filled: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = filled / "tandems" / "lena-markus" / "notes-01.json"
    before = path.read_bytes()
    real_write = os.write

    def disk_full(fd: int, data: bytes) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    with Store.open(filled) as store:
        monkeypatch.setattr(os, "write", disk_full)
        with pytest.raises(StoreError, match="the disk is full; the file was left as it was"):
            store.save_note("lena-markus", Note(1, 0, "lost?"))
        assert path.read_bytes() == before
        assert store.shared_notes("lena-markus", 1) == {0: "shared 1"}  # memory matches disk
        monkeypatch.setattr(os, "write", real_write)
        store.save_note("lena-markus", Note(1, 0, "saved after all"))
    assert not list(path.parent.glob(".*.tmp"))
    with Store.open(filled, readonly=True) as store:
        assert store.shared_notes("lena-markus", 1) == {0: "saved after all"}


def test_an_unknown_tandem_is_named(filled: Path) -> None:
    with Store.open(filled) as store:
        with pytest.raises(UnknownTandem, match="no tandem with id 'nobody'"):
            store.sessions("nobody")
        with pytest.raises(UnknownTandem):
            store.save_note("../../etc", Note(1, 0, "x"))
    assert not (filled / "tandems" / "nobody").exists()


def test_adding_many_is_all_or_nothing(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    tandems = [make_tandem(f"t{i}") for i in range(5)]
    calls = {"n": 0}
    real = journal._write_new

    def fail_on_the_fourth(path: Path, data: bytes) -> None:
        calls["n"] += 1
        if calls["n"] == 4:
            raise OSError(errno.ENOSPC, "No space left on device")
        real(path, data)

    monkeypatch.setattr(journal, "_write_new", fail_on_the_fourth)
    with Store.open(home) as store:
        with pytest.raises(StoreError, match="disk is full"):
            store.add_tandems(tandems)
        assert store.tandem_ids() == []
        with pytest.raises(UnknownTandem):
            store.tandem("t0")
    monkeypatch.undo()
    with Store.open(home) as store:
        assert store.tandem_ids() == [], "the cut-off change is undone on the next open"
        assert not (home / ".journal").exists()
        store.add_tandems(tandems)
        assert store.tandem_ids() == [f"t{i}" for i in range(5)]


def test_summary_counts_without_content(filled: Path) -> None:
    with Store.open(filled) as store:
        store.save_followup("lena-markus", FollowUp("late", due=date(2026, 1, 1)))
        summaries, _ = store.summaries(date(2026, 6, 1))
        summary = next(s for s in summaries if s.tandem.id == "lena-markus")
    assert (summary.open_followups, summary.overdue_followups) == (2, 1)
    assert summary.running_session == 1 and summary.sessions_held == 0


def test_tandems_are_listed_in_natural_order(home: Path) -> None:
    ids = ["lena-markus-10", "lena-markus", "anna-bert", "lena-markus-2"]
    with Store.open(home) as store:
        store.add_tandems([make_tandem(tandem_id) for tandem_id in ids])
        assert store.tandem_ids() == ["anna-bert", "lena-markus", "lena-markus-2", "lena-markus-10"]


def test_forget_removes_a_tandem_whose_files_cannot_be_read(cli, home: Path) -> None:
    """What an older tandem-tui left after a kill (a tandem file holding only its
    header) or a damaged file: named in one line, and `forget` takes it by its id."""
    with Store.open(home) as store:
        store.add_tandems([make_tandem("lena-markus"), make_tandem("anna-bert")])
    broken = home / "tandems" / "lena-markus" / "tandem.json"
    header = {"kind": "tandem", "schema": store_module.SCHEMA_VERSION}
    broken.write_text(json.dumps({"_meta": {"1": header}}))
    listed = cli("tandem", "list")
    assert "anna-bert" in listed.stdout and "Traceback" not in listed.stderr
    assert "lena-markus" in listed.stderr and "tandem.json" in listed.stderr
    refused = cli("forget", "lena-markus", input="anna-bert\n")
    assert refused.returncode == 1 and broken.exists()
    gone = cli("forget", "lena-markus", input="lena-markus\n")
    assert gone.returncode == 0, gone.stderr
    assert "forgot lena-markus: 1 file removed" in gone.stdout
    assert not broken.parent.exists()
    listed = cli("tandem", "list")
    assert listed.returncode == 0 and listed.stderr == "" and "anna-bert" in listed.stdout
