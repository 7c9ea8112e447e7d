"""The app syncs in the background (issue 15, item 3): when it starts, when a meeting
ends and when asked with y, against a real Radicale with a password; a server that is
gone or never answers is a notification, never a wait, not even at the exit.

Waiting here is for a real server's answer (as the Radicale fixture waits for it to
listen): the app's own time is the injected clock.
"""

from __future__ import annotations

import socket
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from radicale_server import Radicale, free_port, server
from test_snapshots import steady
from test_terminal import Terminal
from textual.css.query import NoMatches
from textual.pilot import Pilot
from textual.widgets import OptionList

from tandem_tui import i18n
from tandem_tui.app import TandemApp, create_app
from tandem_tui.clock import ManualClock
from tandem_tui.demo import seed_demo
from tandem_tui.library import load_library
from tandem_tui.model import FollowUp, Owner, Role
from tandem_tui.screens.end import EndScreen
from tandem_tui.screens.followups import FollowUpListScreen
from tandem_tui.screens.home import HomeScreen
from tandem_tui.screens.meeting import MeetingScreen
from tandem_tui.store import Store
from tandem_tui.sync import service
from tandem_tui.widgets.footer import KeyHint

__all__ = ["server"]  # the fixture: one Radicale for the module

TANDEM = "lena-markus"
MOMENT = datetime(2026, 11, 27, 16, 55).astimezone()  # the demo's second meeting's day
SIZE = (80, 24)
SERVER_SECONDS = 30.0  # at most, for a real server's answer to reach the screen
PROMPT_EXIT = 2.0  # seconds: "at once", next to a request's 20 s timeout


@pytest.fixture
def url(server: Radicale, request: pytest.FixtureRequest) -> str:
    return f"{server.url}{server.user}/app-{request.node.name.removeprefix('test_')[:40]}/"


@pytest.fixture(autouse=True)
def password(server: Radicale, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv(service.PASSWORD_VARIABLE, server.password)
    return server.password


def demo_home(home: Path) -> None:
    seed_demo(home, load_library(home), MOMENT.date())


def link(home: Path, url: str, user: str = "anna", *, password: str | None = None) -> None:
    """Link the demo tandem to `url` as `sync setup` does: the calendar made, nothing sent."""
    with Store.open(home) as store:
        service.set_up(store, TANDEM, service.Link(url, user), password)


def link_without_server(home: Path, url: str) -> None:
    """The link as `sync setup` leaves it, for a server that is not there to make it."""
    with Store.open(home) as store, store.change():
        store.save_sync_state(TANDEM, {"link": {"url": url, "user": "anna", "cohort": ""}})


def server_text(server: Radicale, url: str) -> str:
    """What the server keeps of the calendar at `url`, as its operators could read it."""
    path = url.removeprefix(server.url).strip("/")
    folder = server.collections / "collection-root" / path
    return "\n".join(p.read_text(errors="replace") for p in folder.rglob("*.ics"))


def home_text(app: TandemApp) -> str:
    """The tandem list as the home screen shows it ("" while it is not up yet)."""
    try:
        shown = app.screen_stack[0].query_one("#tandems", OptionList)
    except NoMatches:
        return ""
    return "\n".join(str(shown.get_option_at_index(i).prompt) for i in range(shown.option_count))


def key_labels(app: TandemApp) -> list[str]:
    """The keys the footer shows, by their words."""
    return [key.description for key in app.screen.query(KeyHint)]


def notices(app: TandemApp) -> list[str]:
    return [n.message for n in app._notifications]


async def until(pilot: Pilot[Any], condition: Callable[[], bool], what: str) -> None:
    """Let the app run until `condition` holds: a real server's answer is on its way."""
    deadline = time.monotonic() + SERVER_SECONDS
    while not condition():
        assert time.monotonic() < deadline, f"still waiting for {what}"
        await pilot.pause(0.02)


def said(app: TandemApp, text: str) -> Callable[[], bool]:
    return lambda: text in notices(app)


def listed(app: TandemApp, text: str) -> Callable[[], bool]:
    return lambda: text in home_text(app)


# when the app starts -------------------------------------------------------------------


async def test_the_app_syncs_a_linked_tandem_at_its_start_and_shows_what_came_in(
    home: Path, tmp_path: Path, url: str, server: Radicale, password: str
) -> None:
    demo_home(home)
    link(home, url, password=password)
    with Store.open(home) as store:
        service.sync(store, load_library(home), TANDEM, password, now=MOMENT)
    # The partner's machine joins and adds a follow-up there.
    partner = tmp_path / "partner"
    with Store.open(partner) as store:
        service.join(store, load_library(partner), service.Link(url, "anna"), password, Role.MENTEE)
        store.save_followup(TANDEM, FollowUp("Book the team chat training", Owner.MENTEE))
        service.sync(store, load_library(partner), TANDEM, password, now=MOMENT)
    with Store.open(home) as store:
        store.save_followup(TANDEM, FollowUp("Ask IT for the chat licence", Owner.MENTOR))

    clock = ManualClock(datetime(2026, 11, 27, 17, 5).astimezone())
    app = create_app(home, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, listed(app, "synced 17:05"), "the sync at the start")
        assert "Synced lena-markus: 1 change came in." in notices(app)
        shown = home_text(app)
        assert "3 open follow-ups" in shown, "what came in is listed at once"
    app.store.close()

    with Store.open(home, readonly=True) as store:
        texts = {f.text for f in store.followups(TANDEM)}
        state = store.sync_state(TANDEM)
    assert "Book the team chat training" in texts, "the partner's follow-up is on disk"
    assert state["synced_at"] == clock.now().astimezone(UTC).replace(microsecond=0).isoformat()
    assert "Ask IT for the chat licence" in server_text(server, url), "and this one went out"


class SilentServer:
    """A server that takes every connection and reads the request, and never answers."""

    def __init__(self) -> None:
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen()
        self.url = f"http://127.0.0.1:{self.listener.getsockname()[1]}/anna/tandem/"
        self.asked = threading.Event()
        self.held: list[socket.socket] = []
        threading.Thread(target=self._take, daemon=True).start()

    def _take(self) -> None:
        while True:
            try:
                connection, _ = self.listener.accept()
            except OSError:
                return
            self.held.append(connection)
            if connection.recv(4096):
                self.asked.set()  # a request came: never answered

    def close(self) -> None:
        self.listener.close()
        for connection in self.held:
            connection.close()


@pytest.fixture
def silent() -> Iterator[SilentServer]:
    server = SilentServer()
    yield server
    server.close()


async def test_the_app_goes_on_while_its_server_never_answers(
    home: Path, silent: SilentServer
) -> None:
    """The sync waits in the background (up to its 20 s timeout); the app answers keys,
    a meeting opens and takes notes, and Ctrl+Q ends the app."""
    demo_home(home)
    link_without_server(home, silent.url)
    app = create_app(home, clock=ManualClock(MOMENT))
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, silent.asked.is_set, "the request")
        assert app.syncing == TANDEM
        assert "syncing…" in home_text(app)
        await pilot.press("f")
        assert isinstance(app.screen, FollowUpListScreen)
        await pilot.press("escape", "enter")
        assert isinstance(app.screen, MeetingScreen)
        await pilot.press(*"Fast", "ctrl+q")
    app.store.close()
    # The data folder is free for the next start, the note typed is saved, and the sync
    # left waiting wrote nothing.
    with Store.open(home) as store:
        assert "Fast" in {n.text for n in store.notes(TANDEM, 2)}
        assert "synced_at" not in store.sync_state(TANDEM)


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX terminal")
def test_quitting_while_the_server_never_answers_ends_the_app_at_once(
    home: Path, silent: SilentServer
) -> None:
    """As a user runs it, in a terminal: the process is gone at once, not after the
    request's timeout (Python waits for the threads of the event loop's executor at
    the end of a run, and for no daemon thread)."""
    demo_home(home)
    link_without_server(home, silent.url)
    terminal = Terminal([])
    try:
        terminal.read_until("syncing…")
        assert silent.asked.wait(SERVER_SECONDS), "the request never came"
        terminal.type("\x11")  # Ctrl+Q
        assert terminal.gone_within(PROMPT_EXIT), "the exit waited for the server"
        assert terminal.process.returncode == 0
    finally:
        terminal.close()
    with Store.open(home) as store:  # free for the next start; nothing written after
        assert "synced_at" not in store.sync_state(TANDEM)


async def test_a_stopped_server_is_a_notification_and_the_app_goes_on(home: Path) -> None:
    demo_home(home)
    port = free_port()  # nothing listens there
    url = f"http://127.0.0.1:{port}/anna/tandem/"
    link_without_server(home, url)
    app = create_app(home, clock=ManualClock(MOMENT))
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, listed(app, "sync failed"), "the sync at the start")
        told = [n for n in notices(app) if n.startswith("Sync of lena-markus failed")]
        assert told == [
            f"Sync of lena-markus failed: cannot reach 127.0.0.1:{port}: "
            "no server answers there; the changes wait for the next sync."
        ]
        await pilot.press("f")  # usable
        assert isinstance(app.screen, FollowUpListScreen)
        await pilot.press("escape", "ctrl+q")
        pressed = time.monotonic()
    assert time.monotonic() - pressed < PROMPT_EXIT
    app.store.close()
    with Store.open(home, readonly=True) as store:
        assert len(store.followups(TANDEM)) == 2, "nothing lost"


async def test_a_failed_sync_speaks_german_in_a_german_app(home: Path) -> None:
    demo_home(home)
    link_without_server(home, f"http://127.0.0.1:{free_port()}/anna/tandem/")
    i18n.use("de")
    app = create_app(home, clock=ManualClock(MOMENT))
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, listed(app, "Abgleich fehlgeschlagen"), "the sync at the start")
        told = [n for n in notices(app) if n.startswith("Abgleich von lena-markus fehlgeschlagen")]
        assert len(told) == 1 and told[0].endswith(
            "; die Änderungen warten auf den nächsten Abgleich."
        )
        assert "Abgleich" in key_labels(app), "the key, at 80 columns"
    app.store.close()


async def test_a_missing_password_says_what_to_do(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    demo_home(home)
    link_without_server(home, f"http://127.0.0.1:{free_port()}/anna/tandem/")
    monkeypatch.delenv(service.PASSWORD_VARIABLE)
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    app = create_app(home, clock=ManualClock(MOMENT))
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, listed(app, "sync failed"), "the sync at the start")
        told = " ".join(notices(app))
        assert "Sync of lena-markus needs the password of anna at 127.0.0.1:" in told
        assert "TANDEM_TUI_CALDAV_PASSWORD" in told
        assert "'tandem-tui sync lena-markus'" in told
    app.store.close()


# a meeting is never synced under it ----------------------------------------------------


async def test_a_tandem_in_its_meeting_syncs_when_the_meeting_ends(
    home: Path, url: str, server: Radicale, password: str
) -> None:
    demo_home(home)
    link(home, url, password=password)
    app = create_app(home, clock=ManualClock(MOMENT))
    app.meet = TANDEM  # `tandem-tui meet lena-markus`
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, MeetingScreen)
        assert app.syncing is None, "the start's sync leaves the open meeting alone"
        app.sync_tandems(asked=True)  # as y on the home screen asks
        assert app.syncing is None
        await until(pilot, said(app, "lena-markus syncs when its meeting ends."), "a word")
        await pilot.press("ctrl+o", *"Try the chat on the phone", "tab", "+", "3", "d", "enter")
        await pilot.press("ctrl+f")
        assert isinstance(app.screen, EndScreen)
        assert "Install the team chat" not in server_text(server, url), "nothing went out"
        await pilot.press("ctrl+s")
        await until(pilot, listed(app, "synced 16:55"), "the sync at the meeting's end")
    app.store.close()
    sent = server_text(server, url)
    assert "Try the chat on the phone" in sent, "the meeting's follow-up went out at its end"
    with Store.open(home, readonly=True) as store:
        assert store.sync_state(TANDEM)["synced_at"] == MOMENT.astimezone(UTC).isoformat()


async def test_a_meeting_opened_during_its_sync_keeps_what_came_in(
    home: Path, tmp_path: Path, url: str, password: str
) -> None:
    demo_home(home)
    link(home, url, password=password)
    partner = tmp_path / "partner"
    with Store.open(home) as store:
        service.sync(store, load_library(home), TANDEM, password, now=MOMENT)
    with Store.open(partner) as store:
        service.join(store, load_library(partner), service.Link(url, "anna"), password, Role.MENTEE)
    app = create_app(home, clock=ManualClock(MOMENT))
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, listed(app, "synced 16:55"), "the sync at the start")
        with Store.open(partner) as store:  # meanwhile the partner adds a goal
            tandem = store.tandem(TANDEM)
            store.update_tandem(replace(tandem, goals=(*tandem.goals, "Lead a video call")))
            service.sync(store, load_library(partner), TANDEM, password, now=MOMENT)
        app.sync_tandems([TANDEM])  # a sync under way (y) ...
        app.open_meeting(TANDEM)  # ... when the meeting opens
        await until(pilot, said(app, "Synced lena-markus: 1 change came in."), "the sync")
        meeting = app.screen
        assert isinstance(meeting, MeetingScreen) and meeting.meeting is not None
        assert "Lead a video call" in meeting.meeting.tandem.goals
        await pilot.press("ctrl+f", "ctrl+s")  # the end saves the next meeting's date
        await until(pilot, lambda: isinstance(app.screen, HomeScreen), "the home screen")
    app.store.close()
    with Store.open(home, readonly=True) as store:
        assert "Lead a video call" in store.tandem(TANDEM).goals, "the goal that came stays"


# the sync key -------------------------------------------------------------------------


async def test_y_syncs_now_and_is_only_there_for_linked_tandems(
    home: Path, url: str, server: Radicale, password: str
) -> None:
    demo_home(home)
    app = create_app(home, clock=ManualClock(MOMENT))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "Sync" not in key_labels(app), "no tandem is linked: no sync key"
        await pilot.press("y")  # nothing linked: nothing happens
        assert app.syncing is None and "synced" not in home_text(app)
    app.store.close()

    link(home, url, password=password)
    app = create_app(home, clock=ManualClock(MOMENT))
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, listed(app, "synced 16:55"), "the sync at the start")
        assert "Sync" in key_labels(app)
        await pilot.press("f", "a")
        await pilot.press(*"Send the chat guide", "enter")
        await pilot.press("escape")
        await pilot.press("y")
        await until(pilot, said(app, "Synced lena-markus: 1 change sent."), "the sync")
        await pilot.press("y")
        await until(pilot, said(app, "Synced lena-markus: up to date."), "the sync")
    app.store.close()
    assert "Send the chat guide" in server_text(server, url)


async def test_the_sync_key_is_in_the_footer_at_80_columns(home: Path) -> None:
    demo_home(home)
    link_without_server(home, f"http://127.0.0.1:{free_port()}/anna/tandem/")
    app = create_app(home, clock=ManualClock(MOMENT))
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, listed(app, "sync failed"), "the sync at the start")
        shown = key_labels(app)
        assert "Sync" in shown and "Overview" in shown, shown
    app.store.close()


def test_the_home_screen_of_a_linked_tandem(
    snap_compare: Callable[..., bool],
    home: Path,
    url: str,
    password: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The picture: when it last synced beside the tandem, y Sync in the footer."""
    monkeypatch.setenv("TZ", "Europe/Berlin")
    time.tzset()
    try:
        demo_home(home)
        link(home, url, password=password)
        app = create_app(home, clock=ManualClock(datetime(2026, 11, 27, 16, 55).astimezone()))

        async def synced(pilot: Pilot[Any]) -> None:
            await until(pilot, listed(app, "synced 16:55"), "the sync at the start")
            await steady(pilot)

        try:
            assert snap_compare(app, terminal_size=SIZE, run_before=synced)
        finally:
            app.store.close()
    finally:
        monkeypatch.undo()
        time.tzset()


# conflicts shown ----------------------------------------------------------------------


def conflict_pair(home: Path) -> tuple[FollowUp, FollowUp]:
    demo_home(home)
    mine = FollowUp("Call HR on Monday", Owner.MENTEE, date(2026, 12, 1))
    theirs = FollowUp("Call HR on Friday", Owner.MENTEE, date(2026, 12, 4), conflict_of=mine.id)
    with Store.open(home) as store:
        store.save_followup(TANDEM, theirs)
        store.save_followup(TANDEM, mine)
    return mine, theirs


@pytest.mark.parametrize("language", ["en", "de"])
async def test_a_conflict_kept_by_a_sync_is_marked_beside_its_other_version(
    home: Path, language: str
) -> None:
    mine, theirs = conflict_pair(home)
    i18n.use(language)
    app = create_app(home, clock=ManualClock(MOMENT))
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("f")
        screen = app.screen
        assert isinstance(screen, FollowUpListScreen)
        order = [f.id for f in screen.followups]
        assert order.index(theirs.id) == order.index(mine.id) + 1, "read together"
        lines = screen.query_one("#followup-list", OptionList)
        copy = str(lines.get_option_at_index(order.index(theirs.id)).prompt)
        original = str(lines.get_option_at_index(order.index(mine.id)).prompt)
        if language == "en":
            assert "conflicts with “Call HR on Monday”" in copy
        else:
            assert "Konflikt mit „Call HR on Monday“" in copy
        assert "onflikt" not in original and "conflict" not in original
    app.store.close()


def test_followup_list_in_the_shell_names_the_other_version(
    home: Path, cli: Callable[..., Any]
) -> None:
    mine, _theirs = conflict_pair(home)
    shown = cli("followup", "list")
    assert shown.returncode == 0, shown.stderr
    line = next(row for row in shown.stdout.splitlines() if "Friday" in row)
    assert f"Call HR on Friday (conflicts with {mine.short_id})" in line
    german = cli("--lang", "de", "followup", "list")
    line = next(row for row in german.stdout.splitlines() if "Friday" in row)
    assert f"Call HR on Friday (Konflikt mit {mine.short_id})" in line
    plain = next(row for row in shown.stdout.splitlines() if "Monday" in row)
    assert "conflict" not in plain
