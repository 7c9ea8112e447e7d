"""The parser of every command: the top level here, each group adds its own commands."""

from __future__ import annotations

import argparse

from tandem_tui import __version__
from tandem_tui.cli import agenda, export, followup, meet, privacy, report, settings, sync, tandem
from tandem_tui.cli.common import PROG
from tandem_tui.cli.launch import cmd_app
from tandem_tui.cli.options import Parser, app_options, global_options
from tandem_tui.i18n import _, argparse_speaks

GROUPS = (meet, tandem, agenda, followup, export, sync, privacy, report, settings)
"""In the order `--help` lists their commands."""


def build_parser() -> argparse.ArgumentParser:
    argparse_speaks()
    parser = Parser(
        prog=PROG,
        description=_(
            "Guide a reverse-mentoring tandem through its meetings: topic cards with "
            "time boxes, shared and private notes, follow-ups exported to calendars. "
            "Without a command, opens the app."
        ),
        epilog=_("Each command has its own --help, e.g. 'tandem-tui agenda check --help'."),
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"{PROG} {__version__}",
        help=_("show program's version number and exit"),  # argparse's own, in argparse_words
    )
    global_options(parser, top=True)
    app_options(parser, top=True)
    parser.set_defaults(handler=cmd_app)
    # TRANSLATORS: the placeholder of a command in --help: tandem-tui COMMAND
    metavar = _("COMMAND")
    commands = parser.add_subparsers(dest="command", metavar=metavar, parser_class=Parser)
    for group in GROUPS:
        group.add_commands(commands)
    return parser
