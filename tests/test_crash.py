"""A writer killed with SIGKILL at random moments never leaves a broken file or loses a saved note."""

from __future__ import annotations

import contextlib
import json
import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from conftest import make_tandem

from tandem_tui.model import NoteKind, Role
from tandem_tui.store import Store

CARDS = 12
RUNS = 25

WRITER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from tandem_tui.model import Note, NoteKind, Role
    from tandem_tui.store import Store

    store = Store(Path(sys.argv[1]))
    start = int(sys.argv[2])
    padding = "x" * 2000
    counter = start
    while True:
        card = counter % 12
        store.save_note("lena-markus", Note(1, card, f"{counter} {padding}"))
        store.save_note(
            "lena-markus",
            Note(1, card, f"{counter} private", NoteKind.PRIVATE, Role.MENTOR),
        )
        print(counter, flush=True)  # only after both saves have returned
        counter += 1
    """
)


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_sigkill_at_random_moments_loses_no_returned_save(home: Path) -> None:
    with Store.open(home) as store:
        store.add_tandem(make_tandem())
    rng = random.Random(2026)
    acknowledged: dict[int, int] = {}
    counter = 0
    for _ in range(RUNS):
        writer = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(home), str(counter)],
            stdout=subprocess.PIPE,
        )
        assert writer.stdout is not None
        fd = writer.stdout.fileno()
        os.set_blocking(fd, False)
        received = b""
        deadline = time.monotonic() + rng.uniform(0.1, 0.4)
        while time.monotonic() < deadline or b"\n" not in received:
            try:
                received += os.read(fd, 65536)
            except BlockingIOError:
                time.sleep(0.005)
        writer.send_signal(signal.SIGKILL)
        writer.wait(timeout=10)
        with contextlib.suppress(BlockingIOError):
            received += os.read(fd, 1 << 20)
        writer.stdout.close()
        complete_lines = received.split(b"\n")[:-1]  # a line cut off by the kill does not count
        done = [int(line) for line in complete_lines]
        for value in done:
            acknowledged[value % CARDS] = max(acknowledged.get(value % CARDS, -1), value)
        counter = max(done) + 1

        for path in home.rglob("*.json"):
            json.loads(path.read_text(encoding="utf-8"))  # every file parses, always

    assert counter > RUNS, "the writer never got going"
    with Store.open(home) as store:
        notes = store.notes("lena-markus", 1)
    shared = {n.card: int(n.text.split()[0]) for n in notes if n.kind is NoteKind.SHARED}
    private = {
        n.card: int(n.text.split()[0])
        for n in notes
        if n.kind is NoteKind.PRIVATE and n.person is Role.MENTOR
    }
    for card, value in acknowledged.items():
        assert shared[card] >= value, (card, value)
        assert private[card] >= value, (card, value)
    assert not list(home.rglob(".*.tmp")), "stale temporary files were not cleaned up"
