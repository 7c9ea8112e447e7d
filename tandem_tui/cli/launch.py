"""Opening the app: a plain start, `meet`, `demo` and `agenda new` all come here.

A plain start imports this module and no command group: it builds no parser.
"""

from __future__ import annotations

import gc
from typing import TYPE_CHECKING

from tandem_tui.cli.common import EXIT_OK, Context, resolve_tandem

if TYPE_CHECKING:
    import argparse

    from tandem_tui.app import TandemApp
    from tandem_tui.library import Library


def start(ctx: Context) -> int:
    """`tandem-tui` without arguments: the app with its defaults."""
    return run_app(ctx)


def cmd_app(ctx: Context, args: argparse.Namespace) -> int:
    """`tandem-tui` with options but no command (`--home DIR`, `--bell`)."""
    return run_app(ctx, bell=args.bell)


def run_app(
    ctx: Context,
    *,
    bell: bool = False,
    meet: str | None = None,
    title_suffix: str = "",
    library: Library | None = None,
) -> int:
    # Nothing loaded before the first frame is garbage: the collector, which would walk
    # it all again and again while Textual and the app load, waits until that frame
    # is drawn (`TandemApp.on_mount`); 12 to 15 ms of a start of about 220.
    gc.disable()
    from tandem_tui.app import create_app
    from tandem_tui.shutdown import Watchdog

    app = create_app(
        ctx.home, ctx.agenda_dirs, library=library, bell=bell, title_suffix=title_suffix
    )
    # After SIGTERM or a hang-up the process ends within the watchdog's grace even if
    # Textual's shutdown hangs; the store frees the data folder first.
    app.watchdog = Watchdog(app.release_at_exit)
    if meet is not None:
        try:
            app.meet = resolve_tandem(app.store, meet).id
        except BaseException:
            app.store.close()
            raise
    return run_textual(app)


def run_textual(app: TandemApp) -> int:
    """Run the app to its end; its exit code, never 0 after a crash.

    Textual ends a crashed app with return code 1 and its report on standard error
    (once, in colour: the app's own streams, not the harmless ones of the commands).
    """
    from tandem_tui.text import terminal_streams

    try:
        with terminal_streams():
            app.run()
    finally:
        app.store.close()
    return app.return_code or EXIT_OK
