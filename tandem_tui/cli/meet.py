"""`meet` and `demo`: the app opened on a tandem's meeting, or on example data."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from tandem_tui.cli.common import Context, UserError
from tandem_tui.cli.launch import run_app
from tandem_tui.cli.options import app_options, global_options
from tandem_tui.i18n import _
from tandem_tui.paths import user_path

if TYPE_CHECKING:
    from tandem_tui.cli.options import Commands


def cmd_meet(ctx: Context, args: argparse.Namespace) -> int:
    return run_app(ctx, bell=args.bell, meet=args.tandem)


def cmd_demo(ctx: Context, args: argparse.Namespace) -> int:
    import tempfile

    from tandem_tui.demo import DEMO_TANDEM, seed_demo

    def run_demo(home: Path, kept: bool) -> int:
        demo = Context(home, ctx.agenda_dirs, ctx.today)
        library = demo.library()
        seed_demo(demo.home, library, ctx.today)
        if kept:
            print(_("demo data in {folder}; it stays there").format(folder=home))
        else:
            print(_("demo data in {folder}; deleted when you quit").format(folder=home))
        return run_app(
            demo,
            bell=args.bell,
            meet=DEMO_TANDEM if args.meet else None,
            title_suffix=_("demo") if kept else _("demo: nothing is kept"),
            library=library,
        )

    if args.home is not None:  # the demo in a folder of the user's, to look at later
        home = user_path(args.home)
        if home.exists() and (not home.is_dir() or any(home.iterdir())):
            raise UserError(
                _("{folder} is not an empty folder; the demo needs a new or empty one").format(
                    folder=home
                )
            )
        return run_demo(home, kept=True)
    with tempfile.TemporaryDirectory(prefix="tandem-tui-demo-") as scratch:
        return run_demo(Path(scratch) / "home", kept=False)


def add_commands(commands: Commands) -> None:
    """`demo` and `meet`."""
    demo = commands.add_parser(
        "demo",
        help=_("try the app on a throwaway home with an example tandem"),
        description=_(
            "Open the app on a throwaway data home with an example tandem that has "
            "held one meeting and is ready for the next. Nothing is written to your real home. "
            "With --home DIR (a new or empty folder) the demo data stays there after you quit."
        ),
    )
    global_options(demo, top=False)
    app_options(demo, top=False)
    demo.add_argument("--meet", action="store_true", help=_("go straight into the next meeting"))
    demo.set_defaults(handler=cmd_demo)
    meet = commands.add_parser(
        "meet",
        help=_("start or resume a tandem's next meeting"),
        description=_("Go straight into the tandem's unfinished meeting, or start its next one."),
    )
    global_options(meet, top=False)
    app_options(meet, top=False)
    meet.add_argument("tandem", metavar="TANDEM", help=_("tandem id or part of a name"))
    meet.set_defaults(handler=cmd_meet)
