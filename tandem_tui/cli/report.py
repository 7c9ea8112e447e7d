"""`report`: the cohort's progress for facilitators, never what tandems said."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from tandem_tui.cli.common import EXIT_OK, Context, UserError, print_json, table, warn
from tandem_tui.cli.options import global_options
from tandem_tui.i18n import _, chrome, ngettext

if TYPE_CHECKING:
    from tandem_tui.cli.options import Commands
    from tandem_tui.report import CohortReport


def cmd_report(ctx: Context, args: argparse.Namespace) -> int:
    from tandem_tui.report import cohort_report

    if args.cohort is not None:
        report = _from_calendar(ctx, args.cohort, args.user)
        empty = _(
            "the cohort calendar holds no tandem's progress yet; each tandem's sync writes it "
            "there once linked with 'tandem-tui sync setup TANDEM --url URL --cohort URL'"
        )
    else:
        if args.user is not None:
            raise UserError(_("--user goes with --cohort URL"))
        library = ctx.library()
        with ctx.store(readonly=True) as store:
            report = cohort_report(store, library, ctx.today)
        empty = _("no tandems yet; add one with 'tandem-tui tandem add' or 'tandem import'")
    return _show(report, as_json=args.json, empty=empty)


def _from_calendar(ctx: Context, url: str, user: str | None) -> CohortReport:
    """The report from the cohort calendar at `url` alone; the password as for a sync."""
    from tandem_tui.cli.sync import _ask
    from tandem_tui.sync import service
    from tandem_tui.sync.cohort import read_cohort
    from tandem_tui.sync.dav import Calendar, SyncError

    try:
        url = service.check_url(url)
        if user is None:  # the login the settings keep for this calendar, if any
            with ctx.store(readonly=True) as store:
                cohort = store.settings().cohort
            user = cohort.user if cohort is not None and cohort.url == url else ""
        password = service.password_for(url, user, ask=_ask)
        return read_cohort(Calendar(url, user, password), ctx.today)
    except SyncError as error:
        raise UserError(str(error)) from None


def _show(report: CohortReport, *, as_json: bool, empty: str) -> int:
    from tandem_tui.report import decimal, rating_bar

    for problem in report.unreadable:  # also beside --json: a script's log shows it
        warn(_("not in the report: {problem}").format(problem=problem))
    if as_json:
        print_json(report.to_doc())
        return EXIT_OK
    if not report.tandems:
        print(empty)
        return EXIT_OK
    speech = chrome()
    late = _("{open} ({late} late)")
    table(
        [
            (
                t.id,
                f"{t.sessions_held}/{t.sessions_planned or '?'}",
                speech.numeric_day(t.last_met) if t.last_met else "-",
                speech.numeric_moment(t.next_meeting.astimezone()) if t.next_meeting else "-",
                t.status_text,
                late.format(open=t.open_followups, late=t.overdue_followups)
                if t.overdue_followups
                else str(t.open_followups),
                decimal(t.useful) if t.useful is not None else "-",
                decimal(t.eye_level) if t.eye_level is not None else "-",
            )
            for t in report.tandems
        ],
        (
            # TRANSLATORS: column headers of 'report', in capitals
            _("TANDEM"),
            _("HELD"),
            _("LAST MET"),
            _("NEXT"),
            _("STATUS"),
            _("FOLLOW-UPS"),
            _("USEFUL"),
            _("EYE LEVEL"),
        ),
    )
    print()
    print(report.summary)
    if report.sessions:
        print()
        print(_("Ratings per session (1 to 5), across the cohort:"))
        # TRANSLATORS: the two ratings of a session, as 'report' lists them one under the other
        useful, eye_level = _("useful"), _("eye level")
        width = max(len(useful), len(eye_level))
        for s in report.sessions:
            session = _("session {number}").format(number=s.number)
            ratings = ngettext("{count} rating", "{count} ratings", s.ratings)
            print(
                f"  {session}  {useful:<{width}} {rating_bar(s.useful)} {_decimal(s.useful)}"
                f"   ({ratings.format(count=s.ratings)})"
            )
            print(
                f"  {'':<{len(session)}}  {eye_level:<{width}} {rating_bar(s.eye_level)} "
                f"{_decimal(s.eye_level)}"
            )
    return EXIT_OK


def _decimal(value: float | None) -> str:
    from tandem_tui.report import decimal

    return decimal(value) if value is not None else "-"


def add_commands(commands: Commands) -> None:
    """`report`."""
    report = commands.add_parser(
        "report",
        help=_("the cohort's progress for facilitators: counts, dates and ratings, never content"),
        description=_(
            "Per tandem: sessions held of planned, last met, next planned, overdue "
            "(no meeting for more than one and a half cadences), open and late follow-ups and "
            "the average feedback; then the cohort's ratings per session. No note, follow-up "
            "text or takeaway is ever shown."
        ),
    )
    global_options(report, top=False)
    report.add_argument(
        "--cohort",
        metavar="URL",
        help=_(
            "build it from the cohort calendar the tandems' syncs write their progress to, "
            "instead of this machine's data"
        ),
    )
    report.add_argument(
        "--user", metavar=_("USER"), help=_("the login at the cohort calendar's server")
    )
    report.add_argument("--json", action="store_true", help=_("print JSON for scripts"))
    report.set_defaults(handler=cmd_report)
