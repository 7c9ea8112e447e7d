"""`tandem add|edit|list|import|plan`: registering tandems and planning their meetings."""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from tandem_tui import agendas
from tandem_tui.cli.common import EXIT_OK, Context, UserError, print_json, resolve_tandem, table
from tandem_tui.cli.options import action, group
from tandem_tui.dates import MEETING_HELP, DateError, parse_meeting
from tandem_tui.wording import count
from tandem_tui.zones import NAME_HELP, UnknownZone, find_zone, shown_zone

if TYPE_CHECKING:
    from tandem_tui.cli.options import Commands


def cmd_tandem_add(ctx: Context, args: argparse.Namespace) -> int:
    from tandem_tui.tandems import TandemError, TandemInput, build_tandem

    library = ctx.library()
    with ctx.store() as store:
        given = TandemInput(
            mentor=args.mentor,
            mentee=args.mentee,
            mentor_email=args.mentor_email or "",
            mentee_email=args.mentee_email or "",
            program=args.program or "",
            id=args.id or "",
            goals=tuple(args.goal or ()),
        )
        registered, _ = store.tandems()
        try:
            tandem = build_tandem(
                given, library, store.taken_ids(), registered=registered, now=ctx.now
            )
        except TandemError as error:
            raise UserError(str(error).removeprefix("tandem: ")) from None
        store.add_tandem(tandem)
    print(f"added tandem {tandem.id}: {tandem.label} on {tandem.program}")
    return EXIT_OK


SHOWN_IDS = 10  # ids an import names; the rest are counted


def cmd_tandem_import(ctx: Context, args: argparse.Namespace) -> int:
    from tandem_tui.tandems import TandemError, read_csv

    library = ctx.library()
    shown = agendas.display_path(Path(args.file))
    zone = _zone(args.timezone)
    with ctx.store() as store:
        registered, _ = store.tandems()
        try:
            found = read_csv(
                Path(args.file),
                library,
                store.taken_ids(),
                registered=registered,
                now=ctx.now,
                zone=zone,
            )
        except TandemError as error:
            for problem in error.problems:
                print(problem, file=sys.stderr)
            raise UserError(
                f"nothing imported: {count(len(error.problems), 'problem')} in {shown}"
            ) from None
        if found.registered:
            # The same file imported again: nothing to do, and nothing wrong either.
            for row, tandem in found.registered:
                print(f"  row {row}: {tandem.label} ({tandem.id})")
            known = len(found.registered)
            print(
                f"nothing new: the tandem in {shown} is registered already"
                if known == 1
                else f"nothing new: all {known} tandems in {shown} are registered already"
            )
            return EXIT_OK
        if not args.dry_run:
            store.add_tandems(found.tandems)
    verb = "would import" if args.dry_run else "imported"
    ids = ", ".join(t.id for t in found.tandems[:SHOWN_IDS])
    if len(found.tandems) > SHOWN_IDS:
        ids += f" and {len(found.tandems) - SHOWN_IDS} more (see 'tandem-tui tandem list')"
    print(f"{verb} {count(len(found.tandems), 'tandem')}: {ids}")
    return EXIT_OK


def cmd_tandem_list(ctx: Context, args: argparse.Namespace) -> int:
    library = ctx.library()
    with ctx.store(readonly=True) as store:
        summaries, problems = store.summaries(ctx.today)
    for problem in problems:
        print(f"warning: {problem}", file=sys.stderr)
    rows: list[dict[str, Any]] = []
    for summary in summaries:
        tandem = summary.tandem
        program = library.programs.get(tandem.program)
        planned = len(program.sessions) if program else None
        rows.append(
            {
                "id": tandem.id,
                "mentor": tandem.mentor.to_doc(),
                "mentee": tandem.mentee.to_doc(),
                "program": tandem.program,
                "goals": list(tandem.goals),
                "sessions_held": summary.sessions_held,
                "sessions_planned": planned,
                "running_session": summary.running_session,
                "last_met": summary.last_met,
                "open_followups": summary.open_followups,
                "overdue_followups": summary.overdue_followups,
            }
        )
    if args.json:
        print_json(rows)
    elif not rows:
        print("no tandems yet; add one with: tandem-tui tandem add --mentor NAME --mentee NAME")
    else:
        table(
            [
                (
                    r["id"],
                    r["mentor"]["name"],
                    r["mentee"]["name"],
                    f"{r['sessions_held']}/{r['sessions_planned'] or '?'}",
                    r["last_met"] or "-",
                    str(r["open_followups"]),
                )
                for r in rows
            ],
            ("ID", "MENTOR", "MENTEE", "SESSIONS", "LAST MET", "OPEN FOLLOW-UPS"),
        )
    return EXIT_OK


def cmd_tandem_edit(ctx: Context, args: argparse.Namespace) -> int:
    from tandem_tui.tandems import TandemError, TandemInput, edit_tandem

    library = ctx.library()
    with ctx.store() as store:
        tandem = resolve_tandem(store, args.tandem)
        goals = () if args.clear_goals else tandem.goals
        given = TandemInput(
            mentor=tandem.mentor.name if args.mentor is None else args.mentor,
            mentee=tandem.mentee.name if args.mentee is None else args.mentee,
            mentor_email=tandem.mentor.email if args.mentor_email is None else args.mentor_email,
            mentee_email=tandem.mentee.email if args.mentee_email is None else args.mentee_email,
            program=tandem.program if args.program is None else args.program,
            goals=(*goals, *(args.goal or ())),
        )
        registered, _ = store.tandems()
        try:
            edited = edit_tandem(tandem, given, library, registered=registered)
        except TandemError as error:
            raise UserError(str(error).removeprefix("tandem: ")) from None
        if edited == tandem:
            print(f"{tandem.id}: nothing to change")
            return EXIT_OK
        store.update_tandem(edited)
    changed = [
        name
        for name, before, after in (
            ("mentor", tandem.mentor, edited.mentor),
            ("mentee", tandem.mentee, edited.mentee),
            ("program", tandem.program, edited.program),
            ("goals", tandem.goals, edited.goals),
        )
        if before != after
    ]
    print(f"{tandem.id}: changed {', '.join(changed)}; {edited.label} on {edited.program}")
    if "program" in changed:
        print("  the new program applies from the next session; sessions held stay as they were")
    return EXIT_OK


def _zone(name: str | None) -> ZoneInfo | None:
    """The zone `--timezone` names; None for the machine's."""
    if name is None:
        return None
    try:
        return find_zone(name)
    except UnknownZone as error:
        raise UserError(str(error)) from None


def cmd_tandem_plan(ctx: Context, args: argparse.Namespace) -> int:
    zone = _zone(args.timezone)
    try:
        when = parse_meeting(args.when, ctx.now, zone)
    except DateError as error:
        raise UserError(str(error)) from None
    with ctx.store() as store:
        tandem = resolve_tandem(store, args.tandem)
        store.update_tandem(replace(tandem, next_meeting=when))
    print(f"{tandem.id}: next meeting {when:%A, %d %B %Y, %H:%M} ({shown_zone(when)})")
    return EXIT_OK


def add_commands(commands: Commands) -> None:
    """The `tandem` group."""
    tandem = group(commands, "tandem", "register, edit, list, import and plan tandems")
    add = action(tandem, "add", cmd_tandem_add, "register a tandem of a mentor and a mentee")
    add.add_argument("--mentor", required=True, metavar="NAME", help="the junior who coaches")
    add.add_argument("--mentee", required=True, metavar="NAME", help="the senior who learns")
    add.add_argument("--mentor-email", metavar="EMAIL")
    add.add_argument("--mentee-email", metavar="EMAIL")
    add.add_argument("--program", metavar="ID", help="program id (default: reverse-mentoring-en)")
    add.add_argument("--id", metavar="ID", help="tandem id (default: from both first names)")
    add.add_argument("--goal", action="append", metavar="TEXT", help="a learning goal; repeatable")
    edit = action(
        tandem,
        "edit",
        cmd_tandem_edit,
        "change names, e-mails, program or learning goals; the id and sessions held stay",
    )
    edit.add_argument("tandem", metavar="TANDEM", help="tandem id or part of a name")
    edit.add_argument("--mentor", metavar="NAME")
    edit.add_argument("--mentee", metavar="NAME")
    edit.add_argument("--mentor-email", metavar="EMAIL", help="an empty string removes it")
    edit.add_argument("--mentee-email", metavar="EMAIL", help="an empty string removes it")
    edit.add_argument("--program", metavar="ID", help="applies from the next session on")
    edit.add_argument("--goal", action="append", metavar="TEXT", help="add a goal; repeatable")
    edit.add_argument(
        "--clear-goals", action="store_true", help="remove the goals first (then --goal adds)"
    )
    listing = action(tandem, "list", cmd_tandem_list, "list tandems with their progress")
    listing.add_argument("--json", action="store_true", help="print JSON for scripts")
    importing = action(
        tandem,
        "import",
        cmd_tandem_import,
        "register tandems from a CSV file with the header mentor,mentee and optional "
        "mentor_email,mentee_email,program,id,first_meeting,goals; all rows or none",
    )
    importing.add_argument("file", metavar="FILE.csv")
    importing.add_argument("--dry-run", action="store_true", help="check the file, import nothing")
    importing.add_argument(
        "--timezone",
        metavar="ZONE",
        help=f"the zone of the first_meeting times, {NAME_HELP} (default: this machine's)",
    )
    plan = action(tandem, "plan", cmd_tandem_plan, "set the date and time of the next meeting")
    plan.add_argument("tandem", metavar="TANDEM", help="tandem id or part of a name")
    plan.add_argument(
        "when",
        metavar="WHEN",
        help=f"{MEETING_HELP}, in English or German (a time alone is today's), the time "
        "in ZONE; not in the past, not after 2100",
    )
    plan.add_argument(
        "--timezone",
        metavar="ZONE",
        help=f"the zone the time is in and the meetings stay in, {NAME_HELP} "
        "(default: this machine's)",
    )
