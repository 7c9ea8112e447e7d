"""`report`: the cohort's progress for facilitators, never what tandems said."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from tandem_tui.cli.common import EXIT_OK, Context, print_json, table
from tandem_tui.cli.options import global_options
from tandem_tui.wording import count

if TYPE_CHECKING:
    from tandem_tui.cli.options import Commands


def cmd_report(ctx: Context, args: argparse.Namespace) -> int:
    from tandem_tui.report import cohort_report, rating_bar

    library = ctx.library()
    with ctx.store(readonly=True) as store:
        report = cohort_report(store, library, ctx.today)
    for problem in report.unreadable:  # also beside --json: a script's log shows it
        print(f"warning: not in the report: {problem}", file=sys.stderr)
    if args.json:
        print_json(report.to_doc())
        return EXIT_OK
    if not report.tandems:
        print("no tandems yet; add one with 'tandem-tui tandem add' or 'tandem import'")
        return EXIT_OK
    table(
        [
            (
                t.id,
                f"{t.sessions_held}/{t.sessions_planned or '?'}",
                t.last_met.isoformat() if t.last_met else "-",
                t.next_meeting.astimezone().strftime("%Y-%m-%d %H:%M") if t.next_meeting else "-",
                t.status_text,
                f"{t.open_followups}"
                + (f" ({t.overdue_followups} late)" if t.overdue_followups else ""),
                f"{t.useful:.1f}" if t.useful is not None else "-",
                f"{t.eye_level:.1f}" if t.eye_level is not None else "-",
            )
            for t in report.tandems
        ],
        ("TANDEM", "HELD", "LAST MET", "NEXT", "STATUS", "FOLLOW-UPS", "USEFUL", "EYE LEVEL"),
    )
    print()
    print(report.summary)
    if report.sessions:
        print()
        print("Ratings per session (1 to 5), across the cohort:")
        for s in report.sessions:
            print(
                f"  session {s.number}  useful    {rating_bar(s.useful)} {s.useful:.1f}"
                f"   ({count(s.ratings, 'rating')})"
            )
            print(f"             eye level {rating_bar(s.eye_level)} {s.eye_level:.1f}")
    return EXIT_OK


def add_commands(commands: Commands) -> None:
    """`report`."""
    report = commands.add_parser(
        "report",
        help="the cohort's progress for facilitators: counts, dates and ratings, never content",
        description="Per tandem: sessions held of planned, last met, next planned, overdue "
        "(no meeting for more than one and a half cadences), open and late follow-ups and "
        "the average feedback; then the cohort's ratings per session. No note, follow-up "
        "text or takeaway is ever shown.",
    )
    global_options(report, top=False)
    report.add_argument("--json", action="store_true", help="print JSON for scripts")
    report.set_defaults(handler=cmd_report)
