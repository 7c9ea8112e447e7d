"""`tandem add|edit|list|import|plan`: registering tandems and planning their meetings."""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from tandem_tui import agendas
from tandem_tui.cli.common import (
    EXIT_OK,
    Context,
    UserError,
    print_json,
    resolve_tandem,
    table,
    warn,
)
from tandem_tui.cli.options import action, group
from tandem_tui.dates import MEETING_HELP, DateError, parse_meeting
from tandem_tui.i18n import _, chrome, ngettext
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
        registered, _unreadable = store.tandems()
        try:
            tandem = build_tandem(
                given, library, store.taken_ids(), registered=registered, now=ctx.now
            )
        except TandemError as error:
            raise UserError(str(error).removeprefix("tandem: ")) from None
        store.add_tandem(tandem)
    print(
        _("added tandem {id}: {names} on {program}").format(
            id=tandem.id, names=tandem.label, program=tandem.program
        )
    )
    return EXIT_OK


SHOWN_IDS = 10  # ids an import names; the rest are counted


def cmd_tandem_import(ctx: Context, args: argparse.Namespace) -> int:
    from tandem_tui.tandems import TandemError, read_csv

    library = ctx.library()
    shown = agendas.display_path(Path(args.file))
    zone = _zone(args.timezone)
    with ctx.store() as store:
        registered, _unreadable = store.tandems()
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
            problems = len(error.problems)
            raise UserError(
                ngettext(
                    "nothing imported: {count} problem in {file}",
                    "nothing imported: {count} problems in {file}",
                    problems,
                ).format(count=problems, file=shown)
            ) from None
        if found.registered:
            # The same file imported again: nothing to do, and nothing wrong either.
            for row, tandem in found.registered:
                print(
                    _("  row {row}: {names} ({id})").format(
                        row=row, names=tandem.label, id=tandem.id
                    )
                )
            known = len(found.registered)
            print(
                ngettext(
                    "nothing new: the tandem in {file} is registered already",
                    "nothing new: all {count} tandems in {file} are registered already",
                    known,
                ).format(count=known, file=shown)
            )
            return EXIT_OK
        if not args.dry_run:
            store.add_tandems(found.tandems)
    ids = ", ".join(t.id for t in found.tandems[:SHOWN_IDS])
    if len(found.tandems) > SHOWN_IDS:
        ids = _("{ids} and {count} more (see 'tandem-tui tandem list')").format(
            ids=ids, count=len(found.tandems) - SHOWN_IDS
        )
    number = len(found.tandems)
    if args.dry_run:
        said = ngettext(
            "would import {count} tandem: {ids}", "would import {count} tandems: {ids}", number
        )
    else:
        said = ngettext("imported {count} tandem: {ids}", "imported {count} tandems: {ids}", number)
    print(said.format(count=number, ids=ids))
    return EXIT_OK


def cmd_tandem_list(ctx: Context, args: argparse.Namespace) -> int:
    library = ctx.library()
    with ctx.store(readonly=True) as store:
        summaries, problems = store.summaries(ctx.today)
    for problem in problems:
        warn(problem)
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
        print(_("no tandems yet; add one with: tandem-tui tandem add --mentor NAME --mentee NAME"))
    else:
        speech = chrome()
        table(
            [
                (
                    r["id"],
                    r["mentor"]["name"],
                    r["mentee"]["name"],
                    f"{r['sessions_held']}/{r['sessions_planned'] or '?'}",
                    speech.numeric_day(date.fromisoformat(r["last_met"])) if r["last_met"] else "-",
                    str(r["open_followups"]),
                )
                for r in rows
            ],
            (
                # TRANSLATORS: column headers of 'tandem list', in capitals
                _("ID"),
                _("MENTOR"),
                _("MENTEE"),
                _("SESSIONS"),
                _("LAST MET"),
                _("OPEN FOLLOW-UPS"),
            ),
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
        registered, _unreadable = store.tandems()
        try:
            edited = edit_tandem(tandem, given, library, registered=registered)
        except TandemError as error:
            raise UserError(str(error).removeprefix("tandem: ")) from None
        if edited == tandem:
            print(_("{id}: nothing to change").format(id=tandem.id))
            return EXIT_OK
        store.update_tandem(edited)
    changed = [
        name
        for name, before, after in (
            # TRANSLATORS: what 'tandem edit' changed: "lena-markus: changed mentee, goals; ..."
            (_("mentor"), tandem.mentor, edited.mentor),
            (_("mentee"), tandem.mentee, edited.mentee),
            (_("program"), tandem.program, edited.program),
            (_("goals"), tandem.goals, edited.goals),
        )
        if before != after
    ]
    print(
        _("{id}: changed {fields}; {names} on {program}").format(
            id=tandem.id, fields=", ".join(changed), names=edited.label, program=edited.program
        )
    )
    if tandem.program != edited.program:
        print(_("  the new program applies from the next session; sessions held stay as they were"))
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
        when = parse_meeting(args.when, ctx.now, zone, speech=chrome())
    except DateError as error:
        raise UserError(str(error)) from None
    with ctx.store() as store:
        tandem = resolve_tandem(store, args.tandem)
        store.update_tandem(replace(tandem, next_meeting=when))
    print(
        _("{id}: next meeting {when} ({zone})").format(
            id=tandem.id, when=chrome().long_moment(when), zone=shown_zone(when)
        )
    )
    return EXIT_OK


def add_commands(commands: Commands) -> None:
    """The `tandem` group."""
    tandem = group(commands, "tandem", _("register, edit, list, import, plan and join tandems"))
    add = action(tandem, "add", cmd_tandem_add, _("register a tandem of a mentor and a mentee"))
    add.add_argument("--mentor", required=True, metavar="NAME", help=_("the junior who coaches"))
    add.add_argument("--mentee", required=True, metavar="NAME", help=_("the senior who learns"))
    add.add_argument(
        "--mentor-email", metavar="EMAIL", help=_("the mentor's e-mail address, for invitations")
    )
    add.add_argument(
        "--mentee-email", metavar="EMAIL", help=_("the mentee's e-mail address, for invitations")
    )
    add.add_argument(
        "--program",
        metavar="ID",
        help=_("program id (default: the bundled program in the app's language, {program})").format(
            program=f"reverse-mentoring-{chrome().base}"
        ),
    )
    add.add_argument("--id", metavar="ID", help=_("tandem id (default: from both first names)"))
    add.add_argument(
        "--goal", action="append", metavar="TEXT", help=_("a learning goal; repeatable")
    )
    edit = action(
        tandem,
        "edit",
        cmd_tandem_edit,
        _("change names, e-mails, program or learning goals; the id and sessions held stay"),
    )
    edit.add_argument("tandem", metavar="TANDEM", help=_("tandem id or part of a name"))
    edit.add_argument("--mentor", metavar="NAME")
    edit.add_argument("--mentee", metavar="NAME")
    edit.add_argument("--mentor-email", metavar="EMAIL", help=_("an empty string removes it"))
    edit.add_argument("--mentee-email", metavar="EMAIL", help=_("an empty string removes it"))
    edit.add_argument("--program", metavar="ID", help=_("applies from the next session on"))
    edit.add_argument("--goal", action="append", metavar="TEXT", help=_("add a goal; repeatable"))
    edit.add_argument(
        "--clear-goals", action="store_true", help=_("remove the goals first (then --goal adds)")
    )
    listing = action(tandem, "list", cmd_tandem_list, _("list tandems with their progress"))
    listing.add_argument("--json", action="store_true", help=_("print JSON for scripts"))
    importing = action(
        tandem,
        "import",
        cmd_tandem_import,
        _(
            "register tandems from a CSV file with the header mentor,mentee and optional "
            "mentor_email,mentee_email,program,id,first_meeting,goals; all rows or none"
        ),
    )
    importing.add_argument("file", metavar=_("FILE.csv"))
    importing.add_argument(
        "--dry-run", action="store_true", help=_("check the file, import nothing")
    )
    importing.add_argument(
        "--timezone",
        metavar="ZONE",
        help=_("the zone of the first_meeting times, {zones} (default: this machine's)").format(
            zones=_(NAME_HELP)
        ),
    )
    plan = action(tandem, "plan", cmd_tandem_plan, _("set the date and time of the next meeting"))
    plan.add_argument("tandem", metavar="TANDEM", help=_("tandem id or part of a name"))
    plan.add_argument(
        "when",
        # TRANSLATORS: the placeholder of 'tandem plan TANDEM WHEN' in --help
        metavar=_("WHEN"),
        help=_(
            "{forms}, in English or German (a time alone is today's), the time in ZONE; "
            "not in the past, not after 2100"
        ).format(forms=_(MEETING_HELP)),
    )
    plan.add_argument(
        "--timezone",
        metavar="ZONE",
        help=_(
            "the zone the time is in and the meetings stay in, {zones} (default: this machine's)"
        ).format(zones=_(NAME_HELP)),
    )
    from tandem_tui.cli.sync import add_join

    add_join(tandem)
