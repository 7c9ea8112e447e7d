"""How long the meeting screen takes to handle one keystroke in the notes while its timers run.

Opens a meeting on the real system clock, starts the card timer (the countdown and
the meeting clock redraw four times a second), then types 2,000 keys into the shared
notes: letters, spaces and now and then Enter, as a note-taker types. Each key is
timed from the moment the terminal driver hands it to the app until the key is in
the notes and the screen has been refreshed with it; a timer tick that happens to
run in between counts, as it would delay a real key. The notes are saved to disk as
they would be, half a second after the last key. (Pilot's own `press` is not used
as the stopwatch: it waits in polling steps of its own.)

The baseline is a bare Textual app with one TextArea and no timers, typed into the
same way in the same run.

    python -m bench.typing [--keys 2000]

Not a test: it prints figures and never fails on a timing.
"""

from __future__ import annotations

import os
import sys

# Run as a script, this file's folder comes first on the path, and its name would hide
# the standard library's `typing` from everything imported below.
_here = os.path.dirname(os.path.abspath(__file__))
sys.path[:] = [entry for entry in sys.path if os.path.abspath(entry or ".") != _here]
# Textual draws at most 60 frames a second, so a key waits up to 16.7 ms for its frame
# whatever the app does. Lift the cap, before Textual is imported, to time our work.
os.environ.setdefault("TEXTUAL_FPS", "1000")

import argparse
import asyncio
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable
from itertools import cycle, islice
from pathlib import Path
from typing import Any

from textual import events
from textual.app import App, ComposeResult
from textual.widgets import TextArea

from tandem_tui.app import create_app
from tandem_tui.model import Participant, Tandem
from tandem_tui.screens.meeting import MeetingScreen
from tandem_tui.store import Store

SIZE = (120, 36)
TEXT = "Markus tried the team chat twice this week and liked the threads. "
KEYS = ["enter" if char == "\n" else "space" if char == " " else char for char in TEXT + "\n"]


class BareNotes(App[None]):
    def compose(self) -> ComposeResult:
        yield TextArea(soft_wrap=True)


async def time_keys(app: App[Any], notes: TextArea, count: int) -> list[float]:
    """Send keys as the terminal driver does; time each until it is on screen."""
    driver = app._driver
    assert driver is not None
    loop = asyncio.get_running_loop()
    times = []
    for key in islice(cycle(KEYS), count):
        before = notes.document.text
        started = time.perf_counter()
        event = events.Key(key, {"space": " ", "enter": "\r"}.get(key, key))
        event.set_sender(app)
        driver.send_message(event)
        while notes.document.text == before:
            await asyncio.sleep(0)
        refreshed = loop.create_future()
        app.screen.call_after_refresh(lambda f=refreshed: f.done() or f.set_result(None))
        await refreshed
        times.append(time.perf_counter() - started)
    return times


async def run_ours(count: int) -> list[float]:
    with tempfile.TemporaryDirectory() as scratch:
        home = Path(scratch) / "home"
        with Store.open(home) as store:
            store.add_tandem(
                Tandem(
                    id="lena-markus",
                    mentor=Participant("Lena Vogel"),
                    mentee=Participant("Markus Brandt"),
                    program="reverse-mentoring-en",
                )
            )
        app = create_app(home)  # the system clock: the timers really run
        try:
            async with app.run_test(size=SIZE) as pilot:
                await pilot.press("enter")
                await pilot.pause()
                screen = app.screen
                assert isinstance(screen, MeetingScreen), "the meeting did not open"
                await pilot.press("ctrl+t")  # start the card timer
                assert screen.running_meeting.running
                times = await time_keys(app, screen.shared, count)
                typed = screen.shared.text
                await pilot.press("ctrl+q")
        finally:
            app.store.close()
        with Store.open(home, readonly=True) as store:
            saved = store.shared_notes("lena-markus", 1).get(0, "")
        assert saved == typed and len(saved) == count, "the typed notes did not all reach the disk"
    return times


async def run_bare(count: int) -> list[float]:
    app = BareNotes()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        notes = app.query_one(TextArea)
        notes.focus()
        await pilot.pause()
        return await time_keys(app, notes, count)


def report(name: str, times: list[float]) -> float:
    median = statistics.median(times)
    p95 = statistics.quantiles(times, n=20)[-1]
    print(f"  {name:<34} median {median * 1000:6.2f} ms   p95 {p95 * 1000:6.2f} ms")
    return median


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--keys", type=int, default=2000, help="keys to type (default 2000)")
    args = parser.parse_args()
    runs: list[tuple[str, Callable[[int], Awaitable[list[float]]]]] = [
        ("meeting screen, timers running", run_ours),
        ("bare TextArea app (baseline)", run_bare),
    ]
    results = {name: asyncio.run(runner(args.keys)) for name, runner in runs}
    print(f"one keystroke in the notes, {args.keys} keys each, {SIZE[0]}x{SIZE[1]}")
    ours = report(runs[0][0], results[runs[0][0]])
    bare = report(runs[1][0], results[runs[1][0]])
    print(f"  ratio of the medians: {ours / bare:.2f}   (target: median at most 16 ms)")


if __name__ == "__main__":
    main()
