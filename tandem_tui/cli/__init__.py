"""The command line, `tandem-tui [COMMAND]`: a thin entry point over one module per group.

`--version` and a plain start (no arguments: the app) build no parser and import no
command: they answer, or open the app, at once. Any other command line is parsed by
the parser the groups build together:

    common.py    Context, UserError, resolve_tandem, printing tables and JSON
    options.py   the parser's shared parts: its error exit, --home, --agendas, --bell
    parser.py    build_parser(): the top level, each group adding its commands
    launch.py    opening the app (a plain start, meet, demo, agenda new)
    meet.py      demo, meet
    tandem.py    tandem add|edit|list|import|plan
    agenda.py    agenda list|new|show|check
    followup.py  followup add|edit|list|done|reopen
    export.py    export, minutes
    sync.py      sync setup|now|status, tandem join: a tandem across machines (CalDAV)
    invite.py    export --invite|--send: invitations in a file or by mail
    report.py    report
    privacy.py   passphrase, forget
    settings.py  settings mail|show
"""

from __future__ import annotations

import sys

from tandem_tui import APP_NAME, __version__

# Not typing's: importing typing alone takes longer than answering --version.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from datetime import date, datetime

    from tandem_tui.cli.common import Context


def run(argv: Sequence[str], *, today: date | None = None, now: datetime | None = None) -> int:
    """Run one command line (without the program's name); its exit code."""
    if list(argv) == ["--version"]:  # as argparse would print it, without building one
        print(f"{APP_NAME} {__version__}")
        return 0
    from tandem_tui import i18n
    from tandem_tui.text import HarmlessWriter

    i18n.use(i18n.choose(_lang_option(argv)))
    # Whatever a command prints, no stored text reaches the terminal raw.
    out, err = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = HarmlessWriter(out), HarmlessWriter(err)
    try:
        return _run(argv, today=today, now=now)
    finally:
        sys.stdout, sys.stderr = out, err


def _lang_option(argv: Sequence[str]) -> str | None:
    """The `--lang` given, read before the parser is built: its `--help` speaks it."""
    given = None
    for index, argument in enumerate(argv):
        if argument == "--":
            break
        if argument == "--lang" and index + 1 < len(argv):
            given = argv[index + 1]
        elif argument.startswith("--lang="):
            given = argument.partition("=")[2]
    return given


def _run(argv: Sequence[str], *, today: date | None, now: datetime | None) -> int:
    from datetime import datetime

    from tandem_tui.cli.common import (
        EXIT_OK,
        EXIT_USER_ERROR,
        PROG,
        Context,
        UserError,
        error_line,
    )
    from tandem_tui.i18n import _, os_reason
    from tandem_tui.paths import data_home, user_path
    from tandem_tui.store import StoreError

    for argument in argv:
        # Bytes that are not UTF-8 reach Python as lone surrogates: nothing can store them.
        if any("\udc80" <= char <= "\udcff" for char in argument):
            shown = argument.encode("utf-8", "backslashreplace").decode()
            message = _("an argument is not valid UTF-8 text: {argument}")
            print(error_line(message.format(argument=shown)), file=sys.stderr)
            return EXIT_USER_ERROR
    command: Callable[[Context], int]
    home: str | None = None
    agenda_dirs: list[str] = []
    if argv:
        from tandem_tui.cli.parser import build_parser
        from tandem_tui.cli.sync import shorthand

        args = build_parser().parse_args(shorthand(list(argv)))
        home, agenda_dirs = args.home, args.agendas or []
        handler = args.handler

        def command(ctx: Context) -> int:
            result: int = handler(ctx, args)
            return result
    else:
        from tandem_tui.cli.launch import start as command  # a plain start: the app
    moment = now or datetime.now().astimezone()
    ctx = Context(
        home=data_home(home),
        agenda_dirs=[user_path(p) for p in agenda_dirs],
        today=today or moment.date(),
        now=moment,
    )
    try:
        return command(ctx)
    except (UserError, StoreError) as error:
        print(error_line(error), file=sys.stderr)
        return EXIT_USER_ERROR
    except KeyboardInterrupt:
        print(_("{prog}: interrupted").format(prog=PROG), file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK  # the reader (head, less) went away: nothing left to say
    except OSError as error:
        place = f"{error.filename}: " if error.filename else ""
        print(error_line(f"{place}{os_reason(error)}"), file=sys.stderr)
        return EXIT_USER_ERROR
