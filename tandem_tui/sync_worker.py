"""The app's background sync: each tandem linked to a calendar syncs when the app starts,
when its meeting ends, and when asked (y on the home screen), never in the way of
typing, a meeting or the exit.

A sync waits on servers, and a server may take its time or never answer (each request
gives up only after `sync.dav.TIMEOUT` seconds). So the sync runs in a thread of its
own, a daemon the process never waits for at its end, and a Textual thread worker waits
for that thread and hands its result back. Textual runs its thread workers in the event
loop's default executor, which `asyncio.run` joins when the app ends: a request waiting
there would hold up the exit until it timed out; the worker instead gives up its wait
as soon as it is cancelled. A sync still waiting on its server when the app ends is left
behind with the store closed under it and the store's mutex kept (`Store.close_at_exit`),
so it never writes after the app has let go of the data folder.

One tandem syncs at a time, each in a worker of its own; the app picks the next one in
its own thread, and skips a tandem whose meeting is open: the end of that meeting syncs
it. The sync writes inside `store.change()`, under the store's mutex, through the same
store the screens read, so what came in is what they read next; the screens are told
(`sync_changed(tandem_id, came_in)`) to show it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import TYPE_CHECKING, TypeVar
from urllib.parse import urlsplit

from textual.app import App
from textual.worker import Worker, WorkerState, get_current_worker

from tandem_tui.i18n import _, ngettext, os_reason
from tandem_tui.store import StoreError

if TYPE_CHECKING:
    from tandem_tui.clock import Clock
    from tandem_tui.library import Library
    from tandem_tui.screens.meeting import MeetingScreen
    from tandem_tui.store import Store
    from tandem_tui.sync.engine import Outcome

T = TypeVar("T")
GROUP = "sync"
POLL_SECONDS = 0.05  # how soon a worker waiting for its sync notices it was cancelled
CLOSE_WAIT = 2.0  # seconds, at most, for a write in progress when the app ends mid-sync


@dataclass
class Synced:
    """What one tandem's sync came to: its outcome, or why it did not happen."""

    tandem_id: str
    outcome: Outcome | None = None
    failure: str = ""  # one line: why it failed
    account: tuple[str, str] | None = None  # (host, user) whose password is missing


class SyncingApp(App[None]):
    """The part of the app that syncs linked tandems in the background."""

    store: Store
    library: Library
    clock: Clock

    def __init__(self) -> None:
        super().__init__()
        #: The tandem syncing now, shown on the home screen.
        self.syncing: str | None = None
        #: The tandems whose last sync in this run failed.
        self.sync_failed: set[str] = set()
        self._sync_queue: list[str] = []
        self._asked: set[str] = set()  # asked for with a key: said even when nothing changed
        self._sync_thread: threading.Thread | None = None
        self._passwords: dict[tuple[str, str], str | None] = {}  # for this run, never kept
        self._told_password: set[tuple[str, str]] = set()

    def on_mount(self) -> None:
        self.call_after_refresh(self.sync_tandems)  # once the home screen is drawn

    def on_unmount(self) -> None:
        self.workers.cancel_group(self, GROUP)
        thread = self._sync_thread
        if thread is not None and thread.is_alive():
            # Left waiting on its server: it must never write once the app has let go of
            # the data folder. The store is closed here and its mutex kept.
            self.store.close_at_exit(CLOSE_WAIT)

    # what to sync --------------------------------------------------------------------

    def linked_tandems(self) -> list[str]:
        """The tandems linked to a calendar (from the summary index: no file is read)."""
        try:
            summaries, _problems = self.store.summaries(self.clock.now().date())
        except StoreError:
            return []
        return [summary.tandem.id for summary in summaries if summary.synced is not None]

    def sync_tandems(self, tandem_ids: Sequence[str] | None = None, *, asked: bool = False) -> None:
        """Sync these tandems (default: every linked one) in the background, one by one.

        `asked`: by a key, so that the user hears back even when nothing changed.
        """
        wanted = list(tandem_ids) if tandem_ids is not None else self.linked_tandems()
        for tandem_id in wanted:
            if asked:
                self._asked.add(tandem_id)
            # Once more after one under way: what changed since it read the tandem goes too.
            if tandem_id not in self._sync_queue:
                self._sync_queue.append(tandem_id)
        self._next_sync()

    def _meeting_screens(self, tandem_id: str) -> list[MeetingScreen]:
        """The tandem's meeting, if it is open (under the screens over it too)."""
        from tandem_tui.screens.meeting import MeetingScreen

        return [
            screen
            for screen in self.screen_stack
            if isinstance(screen, MeetingScreen) and screen.tandem_id == tandem_id
        ]

    def _next_sync(self) -> None:
        if self.syncing is not None:
            return  # one at a time: the next one starts when this one is done
        while self._sync_queue:
            tandem_id = self._sync_queue.pop(0)
            if self._meeting_screens(tandem_id):
                if tandem_id in self._asked:
                    self._asked.discard(tandem_id)
                    self.notify(_("{tandem} syncs when its meeting ends.").format(tandem=tandem_id))
                continue
            self.syncing = tandem_id
            self._tell_screens(tandem_id, came_in=False)
            job = _job(self.store, self.library, tandem_id, self.clock.now(), self._passwords)
            self.run_worker(
                partial(self._wait_for, job),
                name=tandem_id,
                group=GROUP,
                thread=True,
                exit_on_error=False,
            )
            return

    def _wait_for(self, job: Callable[[], T]) -> T | None:
        """Run `job` in a daemon thread and wait for it in this worker's thread; None,
        at once, when the worker is cancelled (the app ends)."""
        worker = get_current_worker()
        done = threading.Event()
        results: list[T] = []
        errors: list[BaseException] = []

        def run() -> None:
            try:
                results.append(job())
            except BaseException as error:  # handed to the worker, which tells it
                errors.append(error)
            finally:
                done.set()

        thread = threading.Thread(target=run, name="tandem-tui sync", daemon=True)
        self._sync_thread = thread
        thread.start()
        while not done.wait(POLL_SECONDS):
            if worker.is_cancelled:
                return None
        if errors:
            raise errors[0]
        return results[0]

    # what came of it -----------------------------------------------------------------

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        worker = event.worker
        if worker.group != GROUP or event.state not in (WorkerState.SUCCESS, WorkerState.ERROR):
            return
        tandem_id = worker.name
        asked = tandem_id in self._asked
        self._asked.discard(tandem_id)
        result = worker.result if event.state is WorkerState.SUCCESS else None
        if isinstance(result, Synced):
            self._tell(result, asked)
        elif event.state is WorkerState.ERROR:  # a fault of the sync itself: said, and on
            self.sync_failed.add(tandem_id)
            self._tell_failure(tandem_id, str(worker.error) or type(worker.error).__name__)
        outcome = result.outcome if isinstance(result, Synced) else None
        came_in = outcome is not None and bool(outcome.taken or outcome.removed)
        if came_in:
            self._meetings_read_again(tandem_id)
        self.syncing = None
        self._tell_screens(tandem_id, came_in=came_in)
        self._next_sync()

    def _meetings_read_again(self, tandem_id: str) -> None:
        """A meeting opened while its tandem was syncing holds the tandem as it was: it
        takes what came in (names, goals), so that saving it at its end keeps that."""
        for screen in self._meeting_screens(tandem_id):
            if screen.meeting is not None:
                try:
                    screen.meeting.tandem = self.store.tandem(tandem_id)
                except StoreError:
                    continue
                screen.refresh_followups()

    def _tell_screens(self, tandem_id: str, *, came_in: bool) -> None:
        """Every open screen that shows tandems hears of the sync: it started or ended,
        and whether something came in."""
        for screen in self.screen_stack:
            changed = getattr(screen, "sync_changed", None)
            if callable(changed):
                changed(tandem_id, came_in)

    def _tell(self, synced: Synced, asked: bool) -> None:
        tandem_id, outcome = synced.tandem_id, synced.outcome
        if synced.account is not None:
            self.sync_failed.add(tandem_id)
            if asked or synced.account not in self._told_password:
                self._told_password.add(synced.account)
                host, user = synced.account
                self.notify(
                    _(
                        "Sync of {tandem} needs the password of {user} at {host}: start "
                        "tandem-tui with {variable} set, or quit and run 'tandem-tui sync "
                        "{tandem}' in a terminal."
                    ).format(
                        tandem=tandem_id,
                        user=user,
                        host=host,
                        variable="TANDEM_TUI_CALDAV_PASSWORD",
                    ),
                    severity="warning",
                    timeout=15,
                )
            return
        if synced.failure:
            self.sync_failed.add(tandem_id)
            self._tell_failure(tandem_id, synced.failure)
            return
        self.sync_failed.discard(tandem_id)
        if outcome is None:
            return  # no longer linked: nothing to say
        said = outcome_said(outcome, asked)
        if said:
            self.notify(said, timeout=10)

    def _tell_failure(self, tandem_id: str, problem: str) -> None:
        self.notify(
            _("Sync of {tandem} failed: {problem}; the changes wait for the next sync.").format(
                tandem=tandem_id, problem=problem
            ),
            severity="warning",
            timeout=10,
        )


def outcome_said(outcome: Outcome, asked: bool) -> str:
    """What a notification says of a sync that went through: nothing when nothing came
    in and no conflict was kept, unless the user asked for it."""
    tandem_id = outcome.tandem_id
    sentences = []
    if outcome.taken:
        sentences.append(
            ngettext(
                "Synced {tandem}: {count} change came in.",
                "Synced {tandem}: {count} changes came in.",
                outcome.taken,
            ).format(tandem=tandem_id, count=outcome.taken)
        )
    if outcome.conflicts:
        sentences.append(
            ngettext(
                "{count} follow-up was changed on both machines: both versions are kept, "
                "the other one marked as a conflict.",
                "{count} follow-ups were changed on both machines: both versions are kept, "
                "the others marked as conflicts.",
                outcome.conflicts,
            ).format(count=outcome.conflicts)
        )
    if "sealed" in outcome.problems:
        sentences.append(
            _("Its sealed minutes could not be read here: the tandem passphrase differs.")
        )
    for problem in outcome.problems:
        number = problem.removeprefix("session ")
        if number != problem:
            sentences.append(
                _(
                    "The other machine's minutes of session {number} wait until that "
                    "meeting is ended here."
                ).format(number=number)
            )
    if sentences and not outcome.taken:
        sentences.insert(0, _("Synced {tandem}.").format(tandem=tandem_id))
    elif not sentences and asked:
        if outcome.sent:
            sentences.append(
                ngettext(
                    "Synced {tandem}: {count} change sent.",
                    "Synced {tandem}: {count} changes sent.",
                    outcome.sent,
                ).format(tandem=tandem_id, count=outcome.sent)
            )
        else:
            sentences.append(_("Synced {tandem}: up to date.").format(tandem=tandem_id))
    return " ".join(sentences)


def _job(
    store: Store,
    library: Library,
    tandem_id: str,
    now: datetime,
    passwords: dict[tuple[str, str], str | None],
) -> Callable[[], Synced]:
    """One tandem's sync, to run away from the app's thread. The password comes from the
    environment or the system keyring, never asked: no one may be there to answer."""

    def sync() -> Synced:
        from tandem_tui.sync import service
        from tandem_tui.sync.dav import SyncError

        try:
            link = service.Link.of(store.sync_state(tandem_id))
            if link is None:
                return Synced(tandem_id)
            account = (urlsplit(link.url).netloc, link.user)
            if account not in passwords:
                try:
                    passwords[account] = service.password_for(link.url, link.user)
                except SyncError:
                    return Synced(tandem_id, account=account)
            outcome = service.sync(store, library, tandem_id, passwords[account], now=now)
        except (SyncError, StoreError) as error:
            return Synced(tandem_id, failure=str(error))
        except OSError as error:
            return Synced(tandem_id, failure=os_reason(error))
        return Synced(tandem_id, outcome)

    return sync
