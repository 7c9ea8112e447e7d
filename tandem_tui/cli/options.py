"""The parser's parts every command group uses: its error exit, the shared options."""

from __future__ import annotations

import argparse
import sys
import textwrap
from typing import TYPE_CHECKING, Any, NoReturn

from tandem_tui.cli.common import EXIT_USAGE
from tandem_tui.i18n import _

if TYPE_CHECKING:
    from tandem_tui.cli.common import Handler

    Commands = argparse._SubParsersAction[argparse.ArgumentParser]
    """Where a group adds its commands: the top parser's subcommands, or a group's."""


class HelpFormatter(argparse.HelpFormatter):
    """argparse's layout, never breaking a line at a hyphen: `tandem-tui` and German
    compounds (`Wegwerf-Datenordner`) stay whole."""

    def _split_lines(self, text: str, width: int) -> list[str]:
        return textwrap.wrap(" ".join(text.split()), width, break_on_hyphens=False)

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        return textwrap.fill(
            " ".join(text.split()),
            width,
            initial_indent=indent,
            subsequent_indent=indent,
            break_on_hyphens=False,
        )


class Parser(argparse.ArgumentParser):
    """Bad usage: the usage line and one line of error, exit 2."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", HelpFormatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(
            EXIT_USAGE, _("{prog}: error: {message}").format(prog=self.prog, message=message) + "\n"
        )


def lower(text: str) -> str:
    """For choices given in any case: `--owner Mentor` is `--owner mentor`."""
    return text.strip().lower()


def global_options(parser: argparse.ArgumentParser, *, top: bool) -> None:
    default = None if top else argparse.SUPPRESS
    parser.add_argument(
        "--home",
        metavar=_("DIR"),
        default=default,
        help=_("data folder (default: $TANDEM_TUI_HOME, else the platform's data folder)"),
    )
    parser.add_argument(
        "--agendas",
        metavar=_("DIR"),
        action="append",
        default=default,
        help=_("another folder of agendas and programs; may be given more than once"),
    )
    parser.add_argument(
        "--lang",
        choices=("de", "en"),
        type=lower,
        default=default,
        help=_("the language of the app's own texts (default: $TANDEM_TUI_LANG, else the locale)"),
    )


def app_options(parser: argparse.ArgumentParser, *, top: bool) -> None:
    # A subcommand's default must not undo a --bell given before the subcommand.
    parser.add_argument(
        "--bell",
        action="store_true",
        default=False if top else argparse.SUPPRESS,
        help=_("ring the terminal bell when a time box runs out"),
    )


def group(commands: Commands, name: str, help_text: str) -> Commands:
    """A command of actions, as `tandem add`: the subcommands it holds."""
    sub = commands.add_parser(name, help=help_text, description=help_text)
    # TRANSLATORS: the placeholder of a group's subcommand in --help: tandem-tui tandem ACTION
    metavar = _("ACTION")
    return sub.add_subparsers(dest="action", metavar=metavar, required=True, parser_class=Parser)


def action(subs: Commands, name: str, handler: Handler, help_text: str) -> argparse.ArgumentParser:
    """One action of a group, run by `handler`."""
    sub = subs.add_parser(name, help=help_text, description=help_text)
    global_options(sub, top=False)
    sub.set_defaults(handler=handler)
    return sub
