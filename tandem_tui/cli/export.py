"""`export` and `minutes`: the files a tandem takes out, calendars and minutes."""

from __future__ import annotations

import argparse
import re
import sys
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from tandem_tui import agendas
from tandem_tui.cli import invite
from tandem_tui.cli.common import (
    EXIT_OK,
    Context,
    UserError,
    output_path,
    quoted,
    resolve_tandem,
    warn,
)
from tandem_tui.cli.options import global_options, lower
from tandem_tui.i18n import _, ngettext
from tandem_tui.paths import DIR_MODE, user_path

if TYPE_CHECKING:
    from collections.abc import Callable

    from tandem_tui.cli.options import Commands
    from tandem_tui.export import ExportResult
    from tandem_tui.model import Tandem


def _zone(args: argparse.Namespace) -> Any:
    """The zone `--timezone` converts into, or None: each meeting in its own zone."""
    from tandem_tui.export import ExportError, zone_named

    try:
        return zone_named(args.timezone)
    except ExportError as error:
        raise UserError(str(error)) from None


def _converted(zone: Any) -> str:
    """`; times converted to Asia/Tokyo` after a line that says what was written."""
    if zone is None:
        return ""
    return _("; times converted to {zone}").format(zone=getattr(zone, "key", None) or "UTC")


def alarm_offset(text: str) -> timedelta:
    """`1d`, `2h`, `15m`, `1w`, `1h30m`: how long before a meeting a reminder comes."""
    match = _OFFSET.fullmatch(text.strip().lower())
    if not match or not any(match.groups()):
        raise argparse.ArgumentTypeError(
            _(
                "{given} is not a time before the meeting; give for example 1d, 2h, 15m or 1h30m"
            ).format(given=quoted(text))
        )
    weeks, days, hours, minutes = (int(group or 0) for group in match.groups())
    offset = timedelta(weeks=weeks, days=days, hours=hours, minutes=minutes)
    if offset > timedelta(weeks=4):
        raise argparse.ArgumentTypeError(
            _("{given} is too long before; at most 4w").format(given=quoted(text))
        )
    return offset


_OFFSET = re.compile(
    r"(?:(\d{1,3})\s*w)?\s*(?:(\d{1,3})\s*d)?\s*(?:(\d{1,4})\s*h)?\s*(?:(\d{1,5})\s*m(?:in)?)?"
)


def cmd_export(ctx: Context, args: argparse.Namespace) -> int:
    from tandem_tui.export import (
        DEFAULT_ALARMS,
        Tasks,
        export_tandem,
        nothing_to_export,
        write_calendar,
    )

    if args.all == bool(args.tandem):
        raise UserError(_("give either one TANDEM or --all (with -o DIR)"))
    zone = _zone(args)
    if args.invite or args.send:
        from tandem_tui.cli.invite import cmd_invite

        return cmd_invite(ctx, args, zone)
    tasks = Tasks(args.tasks)
    alarms = () if args.no_alarms else tuple(args.alarm or DEFAULT_ALARMS)
    library = ctx.library()
    with ctx.store_even_while_open() as store:

        def export(tandem: Tandem, write: Callable[[bytes], object]) -> ExportResult:
            return export_tandem(
                store, library, tandem, zone=zone, tasks=tasks, alarms=alarms, write=write
            )

        if args.tandem:
            tandem = resolve_tandem(store, args.tandem)
            to_stdout = args.output == "-"
            path = None if to_stdout else output_path(args.output, f"{tandem.id}.ics")
            result = export(
                tandem, sys.stdout.buffer.write if path is None else write_calendar(path)
            )
            if result.empty:
                raise UserError(nothing_to_export(tandem, library))
            if path is None:
                return EXIT_OK
            print(f"{agendas.display_path(path)}: {result} ({tandem.label}){_converted(zone)}")
            if not result.meetings:
                if tandem.program not in library.programs:
                    print(
                        _('  no meetings: its program "{program}" is not in the library.').format(
                            program=tandem.program
                        )
                    )
                else:
                    print(
                        _(
                            "  no meetings to come: none is planned yet. Plan one at the end of "
                            "a meeting, or with 'tandem-tui tandem plan {id} "
                            '"YYYY-MM-DD HH:MM"\'.'
                        ).format(id=tandem.id)
                    )
            return EXIT_OK
        folder = user_path(args.output or ".")
        if folder.exists() and not folder.is_dir():
            raise UserError(
                _("{folder} is a file; --all writes one file per tandem into a folder").format(
                    folder=agendas.display_path(folder)
                )
            )
        folder.mkdir(parents=True, exist_ok=True, mode=DIR_MODE)  # new: the user's only
        tandems, problems = store.tandems()
        for problem in problems:
            warn(_("skipped: {problem}").format(problem=problem))
        skipped = []
        for number, tandem in enumerate(tandems, start=1):
            path = folder / f"{tandem.id}.ics"
            result = export(tandem, write_calendar(path))
            if result.empty:
                skipped.append(tandem.id)
                print(
                    _("[{number}/{total}] {id}: nothing to export").format(
                        number=number, total=len(tandems), id=tandem.id
                    )
                )
                continue
            print(f"[{number}/{len(tandems)}] {agendas.display_path(path)}: {result}")
        written = len(tandems) - len(skipped)
        calendars = ngettext(
            "{count} calendar in {folder}", "{count} calendars in {folder}", written
        )
        shown = agendas.display_path(folder)
        print(calendars.format(count=written, folder=shown) + _converted(zone))
        if skipped:
            print(
                ngettext(
                    "skipped {count} tandem with no meeting planned and no follow-ups: {ids}",
                    "skipped {count} tandems with no meeting planned and no follow-ups: {ids}",
                    len(skipped),
                ).format(count=len(skipped), ids=", ".join(skipped))
            )
    return EXIT_OK


def cmd_minutes(ctx: Context, args: argparse.Namespace) -> int:
    from tandem_tui.minutes import MinutesError, minutes_markdown, pick_session

    library = ctx.library()
    with ctx.store(readonly=True) as store:
        tandem = resolve_tandem(store, args.tandem)
        try:
            session = pick_session(store.sessions(tandem.id), args.session)
        except MinutesError as error:
            raise UserError(f"{tandem.id}: {error}") from None
        text = minutes_markdown(
            tandem,
            session,
            store.shared_notes(tandem.id, session.number),
            store.followups(tandem.id),
            library.programs.get(tandem.program),
        )
    if not args.output or args.output == "-":
        sys.stdout.write(text)
        return EXIT_OK
    from tandem_tui.paths import atomic_write_text

    path = user_path(args.output)
    atomic_write_text(path, text)
    print(
        _("{file}: minutes of session {number} of {names}").format(
            file=agendas.display_path(path), number=session.number, names=tandem.label
        )
    )
    return EXIT_OK


def add_commands(commands: Commands) -> None:
    """`export` and `minutes`."""
    export = commands.add_parser(
        "export",
        help=_("the meetings and follow-ups of a tandem as a calendar file (.ics)"),
        description=_(
            "Write the next meeting, the rest of the program's series and the "
            "follow-ups as iCalendar, to import into a calendar or task app. Importing again "
            "updates what was imported before instead of adding it twice. Notes never go out."
        ),
        epilog=_(
            "Examples: 'tandem-tui export lena' writes lena-markus.ics here; "
            "'tandem-tui export --all -o calendars/' writes one file per tandem; "
            "'tandem-tui export lena --send' mails invitations to both partners."
        ),
    )
    global_options(export, top=False)
    export.add_argument(
        "tandem", nargs="?", metavar="TANDEM", help=_("tandem id or part of a name")
    )
    export.add_argument("--all", action="store_true", help=_("every tandem, one file each"))
    export.add_argument(
        "-o",
        "--output",
        metavar=_("FILE|DIR"),
        help=_(
            "file to write (default: TANDEM-ID.ics here; a folder, or a name ending in /, "
            "gets TANDEM-ID.ics inside; - for standard output); with --all, the folder "
            "(default: here)"
        ),
    )
    export.add_argument(
        "--tasks",
        type=lower,
        choices=["both", "events", "todos"],  # export.Tasks; not imported to keep start-up fast
        default="both",
        help=_(
            "follow-ups as all-day events (Google Calendar, Outlook), as to-dos "
            "(Thunderbird, Nextcloud, todoman, Apple Reminders), or both (default)"
        ),
    )
    export.add_argument(
        "--timezone",
        metavar="ZONE",
        help=_(
            "write the meetings' times converted into this zone, e.g. Asia/Tokyo or UTC "
            "(default: each meeting in the zone it was planned in)"
        ),
    )
    reminders = export.add_mutually_exclusive_group()
    reminders.add_argument(
        "--alarm",
        action="append",
        type=alarm_offset,
        # TRANSLATORS: the placeholder of 'export --alarm BEFORE' in --help: how long before
        metavar=_("BEFORE"),
        help=_(
            "a reminder this long before each meeting, e.g. 1d, 2h, 15m or 1h30m; "
            "repeatable (default: 1d and 15m; open follow-ups remind at 9:00 on the due day)"
        ),
    )
    reminders.add_argument(
        "--no-alarms", action="store_true", help=_("no reminders, for meetings or follow-ups")
    )
    invite.add_options(export)
    export.set_defaults(handler=cmd_export)

    minutes = commands.add_parser(
        "minutes",
        help=_("a session's minutes as Markdown (shared notes only)"),
        description=_(
            "Write the minutes of a session as Markdown: date, participants, time and "
            "shared notes per card, and the follow-ups. Private notes are never included."
        ),
    )
    global_options(minutes, top=False)
    minutes.add_argument("tandem", metavar="TANDEM", help=_("tandem id or part of a name"))
    minutes.add_argument(
        "--session", type=int, metavar="N", help=_("session number (default: the last one held)")
    )
    minutes.add_argument(
        "-o", "--output", metavar=_("FILE"), help=_("file to write (default: standard output)")
    )
    minutes.set_defaults(handler=cmd_minutes)
