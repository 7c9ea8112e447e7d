"""Every change is whole or not at all, however the process dies (issue 11, point 1).

`tandem add`, `tandem import`, `passphrase` (set and change) and `forget` are run as
real commands and killed with SIGKILL at random moments: half of the kills at a
random step of the command's own work on the data folder (every file opened,
renamed, removed or made there, found with an audit hook), half at a random time.
After each kill the next start must see every tandem complete or absent, no
warning, and exactly one working passphrase.

`pytest tests/test_kills.py --kills 1000` runs a thousand kills of each command by
hand (the README gives the figures); the suite runs KILLS of each.
"""

from __future__ import annotations

import csv
import json
import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import CliResult, make_tandem

from tandem_tui import journal
from tandem_tui.clock import ManualClock
from tandem_tui.journal import journal_dir
from tandem_tui.library import Library
from tandem_tui.meeting import Meeting
from tandem_tui.model import NoteKind, Role
from tandem_tui.store import Store
from tandem_tui.vault import WrongPassphrase, check_without_key, open_notes, unlock

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")

MARKER = "KILL-MARKER-7731"
PHRASES = ("first passphrase", "second passphrase")

# Runs the real command line; with a step N > 0 it kills itself with SIGKILL just before
# the N-th operation on the data folder or request to a server (a sync's), and with 0
# it reports how many there were.
DRIVER = textwrap.dedent(
    """
    import os, signal, sys
    home, kill_at, args = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
    steps = 0
    WATCHED = {"open", "os.rename", "os.remove", "os.rmdir", "os.mkdir", "shutil.rmtree",
               "os.chmod", "os.truncate", "http.client.send"}

    def hook(event, payload):
        global steps
        if event not in WATCHED or not payload:
            return
        path = home if event == "http.client.send" else payload[0]
        if isinstance(path, bytes):
            path = path.decode(errors="replace")
        if not isinstance(path, str) or not path.startswith(home):
            return
        steps += 1
        if steps == kill_at:
            os.kill(os.getpid(), signal.SIGKILL)

    sys.addaudithook(hook)
    from tandem_tui.cli import run
    code = run(["--home", home, *args])
    print(f"steps {steps}", file=sys.stderr)
    sys.exit(code)
    """
)


@dataclass
class Killer:
    """Runs one command at a time and kills it at a random moment."""

    home: Path
    script: Path
    rng: random.Random
    steps: int = 0  # how many operations a whole run makes
    seconds: float = 0.0  # how long a whole run takes
    killed: int = 0
    finished: int = 0

    def run(
        self, *args: str, kill_at: int = 0, stdin: str = ""
    ) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, str(self.script), str(self.home), str(kill_at), *args],
            input=stdin,
            capture_output=True,
            text=True,
            timeout=120,
        )

    def measure(self, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
        """A whole run, to know its steps and time."""
        started = time.monotonic()
        done = self.run(*args, stdin=stdin)
        assert done.returncode == 0, done.stderr
        self.seconds = time.monotonic() - started
        self.steps = int(done.stderr.rsplit("steps ", 1)[1])
        return done

    def kill(self, *args: str, stdin: str = "") -> bool:
        """Run and kill at a random step or a random time; True when it was killed."""
        if self.rng.random() < 0.5:
            done = self.run(*args, kill_at=self.rng.randint(1, self.steps), stdin=stdin)
            was_killed = done.returncode == -signal.SIGKILL
        else:
            child = subprocess.Popen(
                [sys.executable, str(self.script), str(self.home), "0", *args],
                stdin=subprocess.PIPE,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                text=True,
            )
            assert child.stdin is not None
            child.stdin.write(stdin)
            child.stdin.close()
            try:
                child.wait(timeout=self.rng.uniform(0.0, self.seconds * 1.1))
                was_killed = False
            except subprocess.TimeoutExpired:
                child.send_signal(signal.SIGKILL)
                child.wait()
                was_killed = True
        self.killed += was_killed
        self.finished += not was_killed
        return was_killed


@pytest.fixture
def killer(home: Path, tmp_path: Path) -> Killer:
    script = tmp_path / "driver.py"
    script.write_text(DRIVER)
    return Killer(home, script, random.Random(int(os.environ.get("KILL_SEED", "2026"))))


@pytest.fixture
def kills(request: pytest.FixtureRequest) -> int:
    return int(request.config.getoption("--kills"))


def check_whole(home: Path) -> list[str]:
    """What the next start sees: the journal dealt with, every tandem whole; the ids."""
    with Store.open(home) as store:
        assert not journal_dir(home).exists(), "the next start finished or undid the change"
        tandems, problems = store.tandems()
        assert not problems, [str(p) for p in problems]
        ids = store.tandem_ids()
        assert [t.id for t in tandems] == ids, "every folder is a whole tandem"
        for tandem_id in ids:
            store.sessions(tandem_id), store.followups(tandem_id), store.all_notes(tandem_id)
    leftovers = [p for p in home.rglob("*") if p.name.endswith(".tmp")]
    assert not leftovers, leftovers
    return ids


def report(name: str, killer: Killer) -> None:
    print(
        f"\n{name}: {killer.killed} killed, {killer.finished} finished "
        f"({killer.steps} steps, {killer.seconds:.2f} s a whole run); all whole"
    )


def test_tandem_add_killed_adds_whole_or_nothing(killer: Killer, kills: int) -> None:
    killer.measure(
        "tandem", "add", "--mentor", "Ada Probe", "--mentee", "Bea Probe", "--id", "probe"
    )
    number = 0
    while killer.killed < kills:
        number += 1
        tandem_id = f"pair-{number}"
        args = ("tandem", "add", "--mentor", f"Mia {number}", "--mentee", f"Max {number}")
        was_killed = killer.kill(*args, "--id", tandem_id, "--goal", "Learn the tools")
        ids = check_whole(killer.home)
        if not was_killed:
            assert tandem_id in ids
    report("tandem add", killer)


def test_tandem_import_killed_imports_all_rows_or_none(
    killer: Killer, kills: int, tmp_path: Path
) -> None:
    def cohort(number: int) -> Path:
        path = tmp_path / f"cohort-{number}.csv"
        with path.open("w", newline="", encoding="utf-8") as file:
            writer = csv.writer(file)
            writer.writerow(["mentor", "mentee", "goals"])
            for row in range(8):
                writer.writerow([f"Mia {number} {row}", f"Max {number} {row}", "Eye level"])
        return path

    killer.measure("tandem", "import", str(cohort(0)))
    number = 0
    while killer.killed < kills:
        number += 1
        before = set(check_whole(killer.home))
        was_killed = killer.kill("tandem", "import", str(cohort(number)))
        added = set(check_whole(killer.home)) - before
        assert len(added) in (0, 8), f"{len(added)} of 8 rows imported"
        if not was_killed:
            assert len(added) == 8
    report("tandem import", killer)


def seed_private(home: Path, library: Library) -> None:
    with Store.open(home) as store:
        tandem = make_tandem()
        store.add_tandem(tandem)
        meeting = Meeting.open(store, library, tandem, ManualClock())
        meeting.save_note(f"{MARKER} first card", NoteKind.PRIVATE, Role.MENTEE)
        meeting.next_card()
        meeting.save_note(f"{MARKER} second card", NoteKind.PRIVATE, Role.MENTEE)


def opens_with(home: Path) -> list[str]:
    """Which of PHRASES open the mentee's notes, checked whole against the manifest."""
    working = []
    with Store.open(home) as store:
        lock = store.locks("lena-markus").get(Role.MENTEE)
        notes = store.all_notes("lena-markus")
        if lock is None:
            check_without_key("lena-markus", Role.MENTEE, None, notes)
            return []
        for phrase in PHRASES:
            try:
                unlocked = unlock(lock, "lena-markus", phrase)
            except WrongPassphrase:
                continue
            texts, _ = open_notes("lena-markus", Role.MENTEE, unlocked, notes)
            assert sorted(texts.values()) == [f"{MARKER} first card", f"{MARKER} second card"]
            working.append(phrase)
    return working


def everything(home: Path) -> Iterator[bytes]:
    for path in home.rglob("*"):
        if path.is_file():
            yield path.read_bytes()


def test_passphrase_set_and_change_killed_leave_one_passphrase(
    killer: Killer, kills: int, library: Library
) -> None:
    # Each run derives a key on purpose slowly (Argon2id): half the kills of the other
    # commands for setting, half for changing, keep the suite's time (the README's
    # figures come from a thousand of each).
    kills = max(1, kills // 2)
    seed_private(killer.home, library)
    first = f"{PHRASES[0]}\n{PHRASES[0]}\n"
    killer.measure("passphrase", "lena", "--role", "mentee", stdin=first)
    assert opens_with(killer.home) == [PHRASES[0]]
    # Setting: start from no passphrase each time (a fresh copy of the plain tandem).
    setting = 0
    while setting < kills:
        check_whole(killer.home)
        with Store.open(killer.home) as store:
            store.forget_tandem("lena-markus")
        seed_private(killer.home, library)
        setting += killer.kill("passphrase", "lena", "--role", "mentee", stdin=first)
        check_whole(killer.home)
        working = opens_with(killer.home)
        assert working in ([], [PHRASES[0]]), working
        if working:
            assert all(MARKER.encode() not in data for data in everything(killer.home))
    # Changing, back and forth between the two.
    with Store.open(killer.home) as store:
        store.forget_tandem("lena-markus")
    seed_private(killer.home, library)
    killer.run("passphrase", "lena", "--role", "mentee", stdin=first)
    change = f"{PHRASES[0]}\n{PHRASES[1]}\n{PHRASES[1]}\n"
    killer.measure("passphrase", "lena", "--role", "mentee", stdin=change)
    current = PHRASES[1]
    while killer.killed < 2 * kills:
        other = PHRASES[0] if current == PHRASES[1] else PHRASES[1]
        killer.kill(
            "passphrase", "lena", "--role", "mentee", stdin=f"{current}\n{other}\n{other}\n"
        )
        check_whole(killer.home)
        working = opens_with(killer.home)
        assert len(working) == 1, f"old or new, never both or neither: {working}"
        current = working[0]
    assert all(MARKER.encode() not in data for data in everything(killer.home))
    report("passphrase", killer)


def test_forget_killed_removes_whole_or_nothing(
    killer: Killer, kills: int, library: Library
) -> None:
    seed_private(killer.home, library)
    with Store.open(killer.home) as store:
        store.add_tandem(make_tandem("anna-bert"))
    killer.measure("forget", "lena-markus", "--yes")
    seed_private(killer.home, library)
    while killer.killed < kills:
        was_killed = killer.kill("forget", "lena-markus", "--yes")
        ids = check_whole(killer.home)
        assert "anna-bert" in ids, "the other tandem is never touched"
        if "lena-markus" in ids:
            assert was_killed
            with Store.open(killer.home) as store:
                notes = store.all_notes("lena-markus")
                assert {n.text for n in notes} == {f"{MARKER} first card", f"{MARKER} second card"}
        else:
            seed_private(killer.home, library)
    report("forget", killer)


class Died(BaseException):
    """Stands for the process dying at that point (raised where a kill would land)."""


def test_a_change_cut_after_its_commit_point_is_finished_by_the_next_reader(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def dies(home: Path, intent: object) -> None:
        raise Died

    monkeypatch.setattr(journal, "_carry_out", dies)
    with Store.open(home) as store, pytest.raises(Died):
        store.add_tandems([make_tandem(f"t{i}") for i in range(3)])
    monkeypatch.undo()
    assert (journal_dir(home) / journal.INTENT).exists()
    assert not (home / "tandems" / "t0").exists()
    # A read-only command is the next to open the folder: it finishes the change first.
    with Store.open(home, readonly=True) as store:
        assert store.tandem_ids() == ["t0", "t1", "t2"]
        assert [t.id for t in store.tandems()[0]] == ["t0", "t1", "t2"]
    assert not journal_dir(home).exists()


def test_a_change_cut_before_its_commit_point_did_not_happen(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = journal.atomic_write_bytes

    def dies_writing_the_intent(target: Path, data: bytes) -> None:
        if target.name == journal.INTENT:
            raise Died
        real(target, data)

    with Store.open(home) as store:
        store.add_tandem(make_tandem("lena-markus"))
    monkeypatch.setattr(journal, "atomic_write_bytes", dies_writing_the_intent)
    with Store.open(home) as store, pytest.raises(Died):
        store.forget_tandem("lena-markus")
    monkeypatch.undo()
    assert journal_dir(home).exists() and not (journal_dir(home) / journal.INTENT).exists()
    with Store.open(home) as store:
        assert store.tandem_ids() == ["lena-markus"]
        assert store.tandem("lena-markus").id == "lena-markus"
    assert not journal_dir(home).exists()


@pytest.mark.parametrize(
    "intent",
    [
        {"writes": [{"staged": "0.new", "target": "{outside}/victim.txt"}], "removals": []},
        {"writes": [{"staged": "0.new", "target": "../outside/victim.txt"}], "removals": []},
        {"writes": [], "removals": ["../outside"]},
        {"writes": [{"staged": "{outside}/secret.txt", "target": "loot.txt"}], "removals": []},
        {"writes": [{"staged": "0.new", "target": "tandems/link/victim.txt"}], "removals": []},
        {"writes": [{"staged": "0.new"}], "removals": []},
        {"writes": 5},
        ["not", "an", "intent"],
    ],
)
def test_a_planted_journal_does_nothing(
    home: Path, tmp_path: Path, cli: Callable[..., CliResult], intent: object
) -> None:
    """Someone who can write the data folder cannot make a command write, move or remove
    anything: an intent tandem-tui did not write is dropped, and the command goes on."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "victim.txt").write_text("precious")
    (outside / "secret.txt").write_text("key")
    with Store.open(home) as store:
        store.add_tandem(make_tandem())
    (home / "tandems" / "link").symlink_to(outside)
    folder = journal_dir(home)
    folder.mkdir()
    (folder / "0.new").write_text("PWNED")
    text = json.dumps(intent).replace("{outside}", str(outside))
    (folder / journal.INTENT).write_text(text)
    listed = cli("tandem", "list")
    assert listed.returncode == 0 and "Traceback" not in listed.stderr
    assert (outside / "victim.txt").read_text() == "precious"
    assert (outside / "secret.txt").read_text() == "key"
    assert not (home / "loot.txt").exists()
    assert not folder.exists(), "the planted journal is dropped"
    (home / "tandems" / "link").unlink()


def test_a_journal_folder_that_is_a_link_is_never_followed(home: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "0.new").write_text("theirs")
    (elsewhere / journal.INTENT).write_text(
        json.dumps({"writes": [{"staged": "0.new", "target": "x.txt"}], "removals": []})
    )
    home.mkdir()
    journal_dir(home).symlink_to(elsewhere)
    with Store.open(home):
        pass
    assert not (home / "x.txt").exists() and (elsewhere / "0.new").exists()
    assert not journal_dir(home).is_symlink()


def _plant(home: Path, intent: object, staged: str = "PWNED") -> Path:
    folder = journal_dir(home)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "0.new").write_text(staged)
    (folder / journal.INTENT).write_text(json.dumps(intent))
    return folder


def test_a_planted_trash_link_is_never_followed(
    home: Path, tmp_path: Path, cli: Callable[..., CliResult]
) -> None:
    """Found by the second audit: removals went into `.journal/trash`, a link planted
    there wrote files into any folder."""
    victim = tmp_path / "victim-dir"
    victim.mkdir()
    with Store.open(home) as store:
        store.add_tandem(make_tandem())
    folder = _plant(
        home, {"writes": [{"staged": "0.new", "target": "payload"}], "removals": ["payload"]}
    )
    (folder / journal.TRASH).symlink_to(victim)
    listed = cli("tandem", "list")
    assert listed.returncode == 0 and "lena-markus" in listed.stdout
    assert list(victim.iterdir()) == []
    assert not (home / "payload").exists() and not folder.exists()


@pytest.mark.parametrize(
    "intent",
    [
        {"writes": [], "removals": ["."]},
        {"writes": [{"staged": "0.new", "target": "tandems"}], "removals": []},
        {
            "writes": [{"staged": "0.new", "target": "tandems/lena-markus/tandem.json/x"}],
            "removals": [],
        },
    ],
)
def test_a_journal_that_cannot_be_carried_out_is_dropped(
    home: Path, cli: Callable[..., CliResult], intent: object
) -> None:
    with Store.open(home) as store:
        store.add_tandem(make_tandem())
    _plant(home, intent)
    for _ in range(2):  # and every command after works too
        added = cli("tandem", "add", "--mentor", "Ada", "--mentee", "Bo")
        assert added.returncode == 0, added.stderr
        cli("forget", "ada-bo", "--yes")
    assert not journal_dir(home).exists()
    assert cli("tandem", "list").stdout.count("lena-markus") == 1


def test_a_journal_that_is_a_file_or_holds_strangers_is_dropped(home: Path) -> None:
    home.mkdir()
    journal_dir(home).write_text("not a folder")
    with Store.open(home) as store:
        store.add_tandem(make_tandem())
    folder = _plant(home, {"writes": [{"staged": "0.new", "target": "x.txt"}], "removals": []})
    (folder / "1.new").mkdir()  # a folder where only files belong
    with Store.open(home):
        pass
    assert not (home / "x.txt").exists() and not folder.exists()


def test_a_planted_lock_link_truncates_nothing(
    home: Path, tmp_path: Path, cli: Callable[..., CliResult]
) -> None:
    victim = tmp_path / "victim-file"
    victim.write_text("IMPORTANT")
    with Store.open(home) as store:
        store.add_tandem(make_tandem())
    (home / ".lock").unlink()
    (home / ".lock").symlink_to(victim)
    refused = cli("tandem", "edit", "lena", "--goal", "x")
    assert refused.returncode == 1 and "is a link" in refused.stderr
    assert victim.read_text() == "IMPORTANT"


def test_links_in_the_tandems_folder_are_never_followed(
    home: Path, tmp_path: Path, cli: Callable[..., CliResult]
) -> None:
    with Store.open(home) as store:
        store.add_tandems([make_tandem("lena-markus"), make_tandem("tom-eva")])
    outside = tmp_path / "tom-eva"
    (home / "tandems" / "tom-eva").rename(outside)
    (home / "tandems" / "tom-eva").symlink_to(outside)
    before = (outside / "tandem.json").read_bytes()
    edit = cli("tandem", "edit", "tom-eva", "--goal", "x")
    assert edit.returncode == 1
    listed = cli("tandem", "list")
    assert "tom-eva" in listed.stderr and "link" in listed.stderr
    assert (outside / "tandem.json").read_bytes() == before
    (home / "tandems" / "tom-eva").unlink()
    (home / "tandems").rename(tmp_path / "real-tandems")
    (home / "tandems").symlink_to(tmp_path / "real-tandems")
    refused = cli("tandem", "add", "--mentor", "Ada", "--mentee", "Bo")
    assert refused.returncode == 1 and "is a link" in refused.stderr
    assert "Traceback" not in refused.stderr


def test_every_folder_made_on_the_way_is_private_whatever_the_umask(tmp_path: Path) -> None:
    from tandem_tui.paths import ensure_private_dir

    old = os.umask(0)
    try:
        ensure_private_dir(tmp_path / "p1" / "p2" / "home")
    finally:
        os.umask(old)
    for folder in (tmp_path / "p1", tmp_path / "p1" / "p2", tmp_path / "p1" / "p2" / "home"):
        assert folder.stat().st_mode & 0o777 == 0o700, folder


def test_arguments_that_are_not_utf8_are_refused(cli: Callable[..., CliResult]) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "tandem_tui",
            "tandem",
            "add",
            "--mentor",
            b"Ab\xffCd",
            "--mentee",
            "X",
        ],
        capture_output=True,
    )
    assert result.returncode == 1
    assert b"not valid UTF-8" in result.stderr and b"Traceback" not in result.stderr
