"""Ending the process when a signal asks for it, even when the terminal's shutdown hangs.

A closed terminal (SIGHUP) or SIGTERM has the app save everything and exit. The
exit runs Textual's shutdown, which could hang for good after a hang-up: the
kernel sends SIGCONT right after SIGHUP to the session it hangs up, and the
LinuxDriver of Textual 8 (8.2.8) takes every SIGCONT for a return from Ctrl+Z.
Its handler restarts application mode, whose guard `os.isatty()` is false on a
hung-up terminal (every ioctl fails with EIO), so instead of giving up it starts
a second output thread (`WriterThread`) in place of the first. That thread dies
at its first flush (EIO) and nobody empties its queue, which holds 30 writes:
the restart's own writes and the shutdown's fill it, and the next `Queue.put`
(in `disable_input`, `stop_application_mode` or `WriterThread.stop`) waits
forever on the app's thread. With the event loop stopped, a second SIGTERM is
never handled either, and the data folder stays locked.

Two parts here: `resume_only_with_a_terminal` keeps a hang-up's SIGCONT from
restarting the driver, which removes that cause; `Watchdog` keeps the promise
whatever the cause (a terminal that stopped reading blocks the same writes): a
second after the signal it frees the data folder and ends the process. Core
module: no Textual here.
"""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import threading
import time
from collections.abc import Callable
from types import FrameType

#: Seconds from the first signal to ending the process ourselves, if it has not ended.
GRACE = 1.0
#: Seconds the store may take to finish a write in progress before the process ends.
WRITE_WAIT = 0.5


def exit_code(signum: int) -> int:
    """The status a shell shows for a process ended by `signum` (143 for SIGTERM)."""
    return 128 + signum


class Watchdog:
    """Ends the process `grace` seconds after `start`, should it still be running then.

    `release(wait)` runs just before: it frees the data folder, waiting at most
    `wait` seconds for a write in progress. Only the real command line has one:
    a test's app runs inside pytest, which must live on.
    """

    def __init__(self, release: Callable[[float], None], *, grace: float = GRACE) -> None:
        self._release = release
        self._grace = grace
        self._thread: threading.Thread | None = None

    def start(self, signum: int) -> None:
        """Call on the app's thread when a signal asks the app to end (once is enough)."""
        if self._thread is None:
            self._thread = threading.Thread(
                target=self._end, args=(signum,), name="tandem-tui-watchdog", daemon=True
            )
            self._thread.start()

    def _end(self, signum: int) -> None:
        time.sleep(self._grace)
        # Ending is the point: whatever the release raises, the process goes.
        with contextlib.suppress(Exception):
            self._release(WRITE_WAIT)
        os._exit(exit_code(signum))


def resume_only_with_a_terminal(fd: int) -> None:
    """Let the SIGCONT handler in place (Textual's) run only while `fd`'s terminal is there.

    Call once the app's driver has installed its handler. A SIGCONT after `fg`
    still restores the screen; the one that comes with a hang-up does nothing.
    """
    sigcont = getattr(signal, "SIGCONT", None)
    if sigcont is None:
        return  # Windows: no job control, no such signal
    resume = signal.getsignal(sigcont)
    if not callable(resume):
        return  # no driver of a real terminal (a test's headless app)

    def on_sigcont(signum: int, frame: FrameType | None) -> None:
        if not hung_up(fd):
            resume(signum, frame)

    signal.signal(sigcont, on_sigcont)


def hung_up(fd: int) -> bool:
    """True once `fd`'s terminal has been closed: the kernel then fails every call with EIO."""
    import termios

    try:
        termios.tcgetattr(fd)
    except termios.error as error:
        return bool(error.args and error.args[0] == errno.EIO)
    return False
