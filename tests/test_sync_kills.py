"""A sync killed at any moment converges on the next run, without duplicates (issue 15).

Partner A has the example tandem of `demo` (one meeting held, shared and private notes,
follow-ups) and links it to a calendar on a real Radicale; partner B joins it from
there. Then, round after round, both go on working (A adds follow-ups and ticks them
off, B holds the next meeting, adds follow-ups and rewords one A ticked off) while
their `tandem-tui sync` runs as a real command and is killed with SIGKILL by
tests/test_kills.py's Killer: half of the kills at a random step (a file opened,
renamed or removed in the data folder, or a request about to go to the server), half
at a random time. `sync setup` and `tandem join` are killed the same way on the way in.

After each kill both data folders open whole and the server holds no UID twice. After
the kills each side syncs to the end twice; then both data folders and the server hold
the same follow-ups and sessions, no follow-up twice, nothing typed on either side is
lost, no private note is on the server, and a further sync has nothing to do.

`pytest tests/test_sync_kills.py --kills 300` kills each partner's sync a hundred times
(a third of --kills); the suite kills each six times.
"""

from __future__ import annotations

import os
import random
import re
import shutil
import signal
import subprocess
import sys
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from radicale_server import Radicale, server
from test_kills import DRIVER, Killer, check_whole, kills

from tandem_tui.clock import ManualClock
from tandem_tui.demo import DEMO_TANDEM, ENGLISH, seed_demo
from tandem_tui.library import Library, load_library
from tandem_tui.meeting import Meeting
from tandem_tui.model import FollowUp, NoteKind, Owner, Role
from tandem_tui.store import Store
from tandem_tui.sync import items as it
from tandem_tui.sync import service
from tandem_tui.sync.dav import Calendar
from tandem_tui.sync.service import PASSWORD_VARIABLE

__all__ = ["kills", "server"]  # the fixtures: how many kills (--kills), one Radicale

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")

TANDEM = DEMO_TANDEM
B_PRIVATE = "B only: I was late and nobody minded"
B_SHARED = "Held on B's machine: the team chat works on the phone now."
REWORDED = "Install the team chat on the phone and on the laptop"


@pytest.fixture
def password(server: Radicale, monkeypatch: pytest.MonkeyPatch) -> None:
    """The password for every command this test starts (never asked, never kept)."""
    monkeypatch.setenv(PASSWORD_VARIABLE, server.password)


def tandem_tui(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The real command, run to its end."""
    return subprocess.run(
        [sys.executable, "-m", "tandem_tui", "--home", str(home), *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


def synced(home: Path) -> str:
    done = tandem_tui(home, "sync", TANDEM)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    return done.stdout.strip()


# what the server holds ------------------------------------------------------------------


def objects(server: Radicale, calendar: str) -> list[str]:
    """The texts of the calendar's objects, as Radicale keeps them on its disk."""
    folder = server.collections / "collection-root" / server.user / calendar
    return [path.read_text("utf-8") for path in sorted(folder.glob("*.ics"))]


def uids(texts: list[str]) -> list[str]:
    found = []
    for text in texts:
        unfolded = text.replace("\r\n ", "").replace("\n ", "")
        found += re.findall(r"^UID:(.+?)\r?$", unfolded, flags=re.MULTILINE)
    return found


def assert_no_uid_twice(server: Radicale, calendar: str) -> None:
    found = uids(objects(server, calendar))
    assert len(found) == len(set(found)), sorted(u for u in found if found.count(u) > 1)


def server_state(server: Radicale, calendar: str) -> tuple[dict[str, tuple[object, ...]], set[int]]:
    """The follow-ups on the server by id, and the numbers of the sessions with minutes."""
    followups: dict[str, tuple[object, ...]] = {}
    minutes: set[int] = set()
    now = datetime.now(UTC)
    for text in objects(server, calendar):
        item = it.parse(text, tandem_id=TANDEM, key=None, now=now)
        if item is None:
            continue
        if item.kind == it.FOLLOWUP:
            f = item.fields
            followups[f["id"]] = (f["text"], f["owner"], f["due"], f["status"], f["conflict_of"])
        elif item.kind == it.MINUTES:
            minutes.add(int(item.fields["number"]))
    return followups, minutes


# what a data folder holds ---------------------------------------------------------------


def followups_of(home: Path) -> dict[str, tuple[object, ...]]:
    with Store.open(home, readonly=True) as store:
        return {
            f.id: (
                f.text,
                f.owner.value,
                f.due.isoformat() if f.due else None,
                f.status.value,
                f.conflict_of,
            )
            for f in store.followups(TANDEM)
        }


def sessions_of(home: Path) -> dict[int, dict[str, object]]:
    """Each held session as the sync sends it: agenda, card times, shared notes, ratings."""
    with Store.open(home, readonly=True) as store:
        return {
            s.number: it.session_fields(s, store.shared_notes(TANDEM, s.number))
            for s in store.sessions(TANDEM)
        }


def private_notes_of(home: Path) -> set[str]:
    with Store.open(home, readonly=True) as store:
        return {n.text for n in store.all_notes(TANDEM) if n.kind is NoteKind.PRIVATE}


def add_followup(home: Path, text: str, owner: Owner, due: date | None = None) -> str:
    followup = FollowUp(text, owner=owner, due=due)
    with Store.open(home) as store:
        store.save_followup(TANDEM, followup)
    return followup.id


def change_followup(home: Path, reading: str, **change: object) -> None:
    """Change the follow-up that reads `reading` (as the shell's `followup` commands do)."""
    with Store.open(home) as store:
        (followup,) = [f for f in store.followups(TANDEM) if f.text == reading]
        if change.pop("done", False):
            followup = followup.done()
        store.save_followup(TANDEM, replace(followup, **change))  # type: ignore[arg-type]


def hold_next_meeting(home: Path, library: Library) -> None:
    """B holds session 2 on its own machine: a shared and a private note, a follow-up."""
    clock = ManualClock(datetime.now().astimezone() - timedelta(hours=2))
    with Store.open(home) as store:
        tandem = store.tandem(TANDEM)
        meeting = Meeting.open(store, library, tandem, clock)
        meeting.resume()
        meeting.save_note(B_SHARED)
        meeting.save_note(B_PRIVATE, NoteKind.PRIVATE, Role.MENTEE)
        clock.advance(20 * 60)
        meeting.next_card()
        meeting.add_followup("B's meeting: share the chat channel list", Owner.MENTEE, None)
        clock.advance(25 * 60)
        meeting.end(next_meeting=clock.now() + timedelta(weeks=4))


# the test -------------------------------------------------------------------------------


def killers(tmp_path: Path, seed: int) -> tuple[Killer, Killer]:
    script = tmp_path / "driver.py"
    script.write_text(DRIVER)
    rng = random.Random(seed)
    return Killer(tmp_path / "a", script, rng), Killer(tmp_path / "b", script, rng)


def calibrate(a: Killer, b: Killer, server: Radicale, library: Library, tmp_path: Path) -> None:
    """A whole setup and a whole join of the same tandem to a calendar of their own: how
    many steps and seconds the biggest syncs of the test take, for the kills' range."""
    probe_a, probe_b = (
        Killer(tmp_path / "probe-a", a.script, a.rng),
        Killer(tmp_path / "probe-b", b.script, b.rng),
    )
    seed_demo(probe_a.home, library, date.today())
    url = f"{server.url}{server.user}/probe-{tmp_path.name}/"
    probe_a.measure("sync", "setup", TANDEM, "--url", url, "--user", server.user)
    probe_b.measure("tandem", "join", url, "--user", server.user, "--role", "mentee")
    a.steps, a.seconds = probe_a.steps, probe_a.seconds
    b.steps, b.seconds = probe_b.steps, probe_b.seconds


def test_syncs_killed_at_random_moments_converge_without_duplicates(
    server: Radicale, password: None, tmp_path: Path, kills: int
) -> None:
    a, b = killers(tmp_path, int(os.environ.get("KILL_SEED", "2026")))
    library = load_library(a.home)
    calendar = f"kills-{a.rng.randrange(10**6)}"
    url = f"{server.url}{server.user}/{calendar}/"
    calibrate(a, b, server, library, tmp_path)
    target = max(2, kills // 3)

    # A: the example tandem, linked; `sync setup` killed until one run ends.
    seed_demo(a.home, library, date.today())
    setup = ("sync", "setup", TANDEM, "--url", url, "--user", server.user)
    while a.kill(*setup):
        check_whole(a.home)
        assert_no_uid_twice(server, calendar)
    # B: joined from the calendar; `tandem join` killed until the tandem is here, and
    # then synced once whole (B works on what it has).
    join = ("tandem", "join", url, "--user", server.user, "--role", "mentee")
    while TANDEM not in check_whole(b.home):
        b.kill(*join)
        assert_no_uid_twice(server, calendar)
    synced(b.home)
    assert followups_of(b.home) == followups_of(a.home)
    way_in = f"setup killed {a.killed}, join killed {b.killed}"
    a.killed = a.finished = b.killed = b.finished = 0

    # Both go on working; each round, each one's sync is killed (or ends) once.
    added: set[str] = set()
    ticked = ENGLISH.todo  # the demo's open follow-up: A ticks it, B rewords it
    change_followup(a.home, ticked, done=True)
    change_followup(b.home, ticked, text=REWORDED)
    hold_next_meeting(b.home, library)
    last_a: str | None = None
    rounds = 0
    while a.killed + b.killed < 2 * target:
        rounds += 1
        text = f"A's follow-up {rounds}: try the shared calendar"
        added.add(text)
        add_followup(a.home, text, Owner.MENTOR, date.today() + timedelta(days=rounds))
        if last_a is not None:
            change_followup(a.home, last_a, done=True)
        last_a = text
        text = f"B's follow-up {rounds}: show the screen reader"
        added.add(text)
        add_followup(b.home, text, Owner.BOTH)
        for killer in a.rng.sample((a, b), 2):
            killer.kill("sync", TANDEM)
            check_whole(killer.home)
            assert_no_uid_twice(server, calendar)

    # Each one syncs to the end twice.
    for home in (a.home, b.home, a.home, b.home):
        synced(home)
    assert synced(a.home) == f"{TANDEM}: up to date"
    assert synced(b.home) == f"{TANDEM}: up to date"

    # The same everywhere, nothing twice.
    on_a, on_b = followups_of(a.home), followups_of(b.home)
    on_server, minutes = server_state(server, calendar)
    assert on_a == on_b == on_server
    texts = [f[0] for f in on_a.values()]
    assert len(texts) == len(set(texts)), sorted(f for f in on_a.values() if texts.count(f[0]) > 1)
    assert_no_uid_twice(server, calendar)
    sessions = sessions_of(a.home)
    assert sessions == sessions_of(b.home)
    assert set(sessions) == minutes == {1, 2}
    # Nothing typed on either side is lost.
    by_text = {f[0]: f for f in on_a.values()}
    assert added | {REWORDED, ENGLISH.done, "B's meeting: share the chat channel list"} == set(
        by_text
    ), "every follow-up made on either side, and none more (no conflict copy)"
    assert by_text[REWORDED][3] == "done", "A's tick and B's new words in one follow-up"
    assert by_text[last_a][3] == "open" and all(
        by_text[t][3] == "done" for t in added if t.startswith("A's") and t != last_a
    )
    assert B_SHARED in sessions[2]["notes"].values()  # type: ignore[union-attr]
    assert private_notes_of(a.home) == {ENGLISH.private}
    assert private_notes_of(b.home) == {B_PRIVATE}
    stored = "".join(objects(server, calendar))
    assert ENGLISH.private not in stored and B_PRIVATE not in stored
    with Store.open(a.home, readonly=True) as store_a, Store.open(b.home, readonly=True) as store_b:
        assert store_a.tandem(TANDEM) == store_b.tandem(TANDEM)
    print(
        f"\nsync killed: A {a.killed} killed, {a.finished} ended; B {b.killed} killed, "
        f"{b.finished} ended; {rounds} rounds ({way_in}); steps drawn from 1 to {a.steps} "
        f"(A) and {b.steps} (B); converged"
    )


# a kill's worst moment, one at a time --------------------------------------------------


def test_a_followup_sent_by_a_cut_run_and_ticked_off_before_the_next_is_no_conflict(
    server: Radicale,
    home: Path,
    library: Library,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The sync sent a new follow-up and was killed before it wrote down that it had:
    the data folder is as it was (a kill lands before the sync's one write), the server
    has the follow-up. Ticked off here, it syncs as ticked off: the same follow-up,
    not a second one marked as a conflict with itself."""
    url = f"{server.url}{server.user}/cut-{tmp_path.name}/"
    seed_demo(home, library, date.today())
    with Store.open(home) as store:
        service.set_up(store, TANDEM, service.Link(url, server.user), server.password)
        service.sync(store, library, TANDEM, server.password)
    text = "Book the room for the next meeting"
    add_followup(home, text, Owner.BOTH)
    before = tmp_path / "at-the-cut"
    put = Calendar.put

    def put_and_keep_the_folder(calendar: Calendar, href: str, text: str, etag: str | None) -> str:
        if not before.exists():  # the data folder as the first send finds it
            shutil.copytree(home, before)
        return put(calendar, href, text, etag)

    monkeypatch.setattr(Calendar, "put", put_and_keep_the_folder)
    with Store.open(home) as store:
        assert service.sync(store, library, TANDEM, server.password).sent == 1
    monkeypatch.undo()
    shutil.rmtree(home)
    shutil.copytree(before, home)  # killed before its write: the folder as it was
    change_followup(home, text, done=True)
    with Store.open(home) as store:
        outcome = service.sync(store, library, TANDEM, server.password)
    assert outcome.conflicts == 0
    ours = [f for f in followups_of(home).values() if f[0] == text]
    assert ours == [(text, "both", None, "done", None)], "one follow-up, ticked off"
    on_server, _minutes = server_state(server, url.rstrip("/").rsplit("/", 1)[1])
    assert [f for f in on_server.values() if f[0] == text] == ours
