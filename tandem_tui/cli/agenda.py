"""`agenda list|new|show|check`: the agendas and programs facilitators write."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from tandem_tui import agendas
from tandem_tui.agendas import Severity
from tandem_tui.cli.common import EXIT_OK, EXIT_USER_ERROR, Context, UserError, print_json, table
from tandem_tui.cli.launch import run_textual
from tandem_tui.cli.options import action, group
from tandem_tui.library import Library, load
from tandem_tui.wording import count

if TYPE_CHECKING:
    from tandem_tui.cli.options import Commands


def _warn_library(library: Library) -> None:
    if library.errors:
        print(
            f"warning: {count(len(library.errors), 'mistake')} in agenda files skipped; "
            "run 'tandem-tui agenda check' to see them",
            file=sys.stderr,
        )


def cmd_agenda_list(ctx: Context, args: argparse.Namespace) -> int:
    library = ctx.library()
    _warn_library(library)
    found = [
        a for a in library.agendas.values() if not args.language or a.language == args.language
    ]
    found.sort(key=lambda a: (a.language, a.source or "", a.id))
    programs = [
        p for p in library.programs.values() if not args.language or p.language == args.language
    ]
    if args.json:
        print_json(
            {
                "agendas": [
                    {
                        "id": a.id,
                        "title": a.title,
                        "language": a.language,
                        "description": a.description,
                        "cards": len(a.cards),
                        "minutes": a.total_minutes,
                        "source": a.source,
                    }
                    for a in found
                ],
                "programs": [
                    {
                        "id": p.id,
                        "title": p.title,
                        "language": p.language,
                        "sessions": list(p.sessions),
                        "cadence": p.cadence.value,
                        "meeting_minutes": p.meeting_minutes,
                        "source": p.source,
                    }
                    for p in sorted(programs, key=lambda p: p.id)
                ],
            }
        )
        return EXIT_OK
    table(
        [(a.id, a.language, str(len(a.cards)), f"{a.total_minutes} min", a.title) for a in found],
        ("AGENDA", "LANG", "CARDS", "TIME", "TITLE"),
    )
    print()
    table(
        [
            (p.id, p.language, str(len(p.sessions)), p.cadence.value, p.title)
            for p in sorted(programs, key=lambda p: p.id)
        ],
        ("PROGRAM", "LANG", "SESSIONS", "CADENCE", "TITLE"),
    )
    return EXIT_OK


def cmd_agenda_new(ctx: Context, args: argparse.Namespace) -> int:
    from tandem_tui.app import create_app

    agenda_id = args.id.strip()
    if not agendas.ID_PATTERN.match(agenda_id):
        raise UserError(f'"{agenda_id}" is not a valid agenda id; use {agendas.ID_RULE}')
    library = ctx.library()
    if agenda_id in library.agendas:
        source = library.agendas[agenda_id].source
        raise UserError(
            f'agenda "{agenda_id}" exists already ({source}); '
            "open it from the app's agenda list (g), or choose another id"
        )
    app = create_app(ctx.home, ctx.agenda_dirs, library=library)
    app.new_agenda = agenda_id
    return run_textual(app)


def cmd_agenda_show(ctx: Context, args: argparse.Namespace) -> int:
    library = ctx.library()
    if args.id in library.programs:
        program = library.programs[args.id]
        if args.json:
            print_json(
                {
                    "id": program.id,
                    "title": program.title,
                    "language": program.language,
                    "cadence": program.cadence.value,
                    "meeting_minutes": program.meeting_minutes,
                    "sessions": list(program.sessions),
                }
            )
            return EXIT_OK
        print(f"{program.title}  [{program.id}, {program.language}]")
        print(
            f"{len(program.sessions)} sessions, {program.cadence.value}, "
            f"{program.meeting_minutes} minutes each"
        )
        for number, agenda_id in enumerate(program.sessions, start=1):
            agenda = library.agendas.get(agenda_id)
            title = agenda.title if agenda else "(missing agenda)"
            print(f"  {number}. {title}  [{agenda_id}]")
        return EXIT_OK
    try:
        agenda = library.agenda(args.id)
    except KeyError:
        raise UserError(
            f"no agenda or program with id {args.id!r}; see 'tandem-tui agenda list'"
        ) from None
    if args.json:
        print_json({**agenda.to_doc(), "minutes": agenda.total_minutes, "source": agenda.source})
        return EXIT_OK
    print(f"{agenda.title}  [{agenda.id}, {agenda.language}, {agenda.total_minutes} minutes]")
    if agenda.description:
        print(agenda.description)
    for number, card in enumerate(agenda.cards, start=1):
        print(f"\n{number}. {card.title}  ({card.minutes} min, led by the {card.direction.value})")
        for prompt in card.prompts:
            print(f"   - {prompt}")
    return EXIT_OK


def cmd_agenda_check(ctx: Context, args: argparse.Namespace) -> int:
    if args.paths:
        library_refs = ctx.library()
        library = load([Path(p) for p in args.paths], references=library_refs)
    else:
        library = ctx.library()
    if args.json:
        print_json(
            {
                "files": [str(p) for p in library.files],
                "problems": [p.to_doc() for p in library.problems],
            }
        )
    else:
        for problem in library.problems:
            print(problem, file=sys.stderr if problem.severity is Severity.ERROR else sys.stdout)
    errors = len(library.errors)
    if errors:
        if not args.json:
            print(
                f"{count(errors, 'mistake')} in {len({p.path for p in library.errors})} of "
                f"{count(len(library.files), 'file')}",
                file=sys.stderr,
            )
        return EXIT_USER_ERROR
    if not args.json:
        print(
            f"{count(len(library.files), 'file')} checked: "
            f"{count(len(library.agendas), 'agenda')}, "
            f"{count(len(library.programs), 'program')}, no mistakes"
        )
    return EXIT_OK


def add_commands(commands: Commands) -> None:
    """The `agenda` group."""
    agenda = group(commands, "agenda", "start, list, show and check agendas and programs")
    listing = action(agenda, "list", cmd_agenda_list, "list agendas and programs")
    listing.add_argument("--json", action="store_true", help="print JSON for scripts")
    listing.add_argument("--language", metavar="LANG", help="only this language, e.g. en or de")
    new = action(
        agenda,
        "new",
        cmd_agenda_new,
        "start a new agenda in the app's editor; it is saved into your agenda folder "
        "(or the first --agendas DIR)",
    )
    new.add_argument("id", metavar="ID", help=f"the new agenda's id: {agendas.ID_RULE}")
    show = action(agenda, "show", cmd_agenda_show, "show the cards of an agenda or a program")
    show.add_argument("id", metavar="ID")
    show.add_argument("--json", action="store_true", help="print JSON for scripts")
    check = action(
        agenda,
        "check",
        cmd_agenda_check,
        "check agenda and program files and name every mistake (default: all known folders)",
    )
    check.add_argument("paths", nargs="*", metavar="PATH", help="files or folders to check")
    check.add_argument("--json", action="store_true", help="print JSON for scripts")
