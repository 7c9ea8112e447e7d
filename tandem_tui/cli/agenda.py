"""`agenda list|new|show|check`: the agendas and programs facilitators write."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from tandem_tui import agendas
from tandem_tui.agendas import Severity
from tandem_tui.cli.common import (
    EXIT_OK,
    EXIT_USER_ERROR,
    Context,
    UserError,
    print_json,
    quoted,
    table,
    warn,
)
from tandem_tui.cli.launch import run_textual
from tandem_tui.cli.options import action, group
from tandem_tui.i18n import N_, _, ngettext
from tandem_tui.library import Library, load

if TYPE_CHECKING:
    from tandem_tui.cli.options import Commands


def _warn_library(library: Library) -> None:
    if library.errors:
        mistakes = len(library.errors)
        warn(
            ngettext(
                "{count} mistake in agenda files skipped; run 'tandem-tui agenda check' to see it",
                "{count} mistakes in agenda files skipped; "
                "run 'tandem-tui agenda check' to see them",
                mistakes,
            ).format(count=mistakes)
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
    minutes = _("{minutes} min")
    table(
        [
            (a.id, a.language, str(len(a.cards)), minutes.format(minutes=a.total_minutes), a.title)
            for a in found
        ],
        # TRANSLATORS: column headers of 'agenda list', in capitals
        (_("AGENDA"), _("LANG"), _("CARDS"), _("TIME"), _("TITLE")),
    )
    print()
    table(
        [
            (p.id, p.language, str(len(p.sessions)), _cadence(p.cadence.value), p.title)
            for p in sorted(programs, key=lambda p: p.id)
        ],
        (_("PROGRAM"), _("LANG"), _("SESSIONS"), _("CADENCE"), _("TITLE")),
    )
    return EXIT_OK


def cmd_agenda_new(ctx: Context, args: argparse.Namespace) -> int:
    from tandem_tui.app import create_app

    agenda_id = args.id.strip()
    if not agendas.ID_PATTERN.match(agenda_id):
        raise UserError(
            _("{id} is not a valid agenda id; use {rule}").format(
                id=quoted(agenda_id), rule=_(agendas.ID_RULE)
            )
        )
    library = ctx.library()
    if agenda_id in library.agendas:
        source = library.agendas[agenda_id].source
        raise UserError(
            _(
                "agenda {id} exists already ({source}); "
                "open it from the app's agenda list (g), or choose another id"
            ).format(id=quoted(agenda_id), source=source)
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
        sessions = len(program.sessions)
        print(
            ngettext(
                "{count} session, {cadence}, {minutes} minutes each",
                "{count} sessions, {cadence}, {minutes} minutes each",
                sessions,
            ).format(
                count=sessions,
                cadence=_cadence(program.cadence.value),
                minutes=program.meeting_minutes,
            )
        )
        for number, agenda_id in enumerate(program.sessions, start=1):
            agenda = library.agendas.get(agenda_id)
            title = agenda.title if agenda else _("(missing agenda)")
            print(f"  {number}. {title}  [{agenda_id}]")
        return EXIT_OK
    try:
        agenda = library.agenda(args.id)
    except KeyError:
        raise UserError(
            _("no agenda or program with id {id}; see 'tandem-tui agenda list'").format(
                id=quoted(args.id)
            )
        ) from None
    if args.json:
        print_json({**agenda.to_doc(), "minutes": agenda.total_minutes, "source": agenda.source})
        return EXIT_OK
    total = ngettext("{count} minute", "{count} minutes", agenda.total_minutes)
    print(
        f"{agenda.title}  [{agenda.id}, {agenda.language}, "
        f"{total.format(count=agenda.total_minutes)}]"
    )
    if agenda.description:
        print(agenda.description)
    for number, card in enumerate(agenda.cards, start=1):
        led = _LED_BY.get(card.direction.value)
        print(
            f"\n{number}. {card.title}  ("
            + _("{minutes} min, {led}").format(
                minutes=card.minutes, led=_(led) if led else card.direction.value
            )
            + ")"
        )
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
    files = len(library.files)
    if errors:
        if not args.json:
            wrong = len({p.path for p in library.errors})
            mistakes = ngettext("{count} mistake", "{count} mistakes", errors)
            print(
                ngettext(
                    "{mistakes} in {wrong} of {count} file",
                    "{mistakes} in {wrong} of {count} files",
                    files,
                ).format(mistakes=mistakes.format(count=errors), wrong=wrong, count=files),
                file=sys.stderr,
            )
        return EXIT_USER_ERROR
    if not args.json:
        agendas_found = ngettext("{count} agenda", "{count} agendas", len(library.agendas))
        programs = ngettext("{count} program", "{count} programs", len(library.programs))
        print(
            ngettext(
                "{count} file checked: {agendas}, {programs}, no mistakes",
                "{count} files checked: {agendas}, {programs}, no mistakes",
                files,
            ).format(
                count=files,
                agendas=agendas_found.format(count=len(library.agendas)),
                programs=programs.format(count=len(library.programs)),
            )
        )
    return EXIT_OK


# A card's direction as 'agenda show' says who leads it.
_LED_BY = {
    "mentor": N_("led by the mentor"),
    "mentee": N_("led by the mentee"),
}
_CADENCES = {
    "weekly": N_("weekly"),
    "every-2-weeks": N_("every 2 weeks"),
    "every-4-weeks": N_("every 4 weeks"),
    "monthly": N_("monthly"),
}


def _cadence(value: str) -> str:
    """A program's cadence as a person reads it ("every 2 weeks"); the stored value else."""
    return _(_CADENCES[value]) if value in _CADENCES else value


def add_commands(commands: Commands) -> None:
    """The `agenda` group."""
    agenda = group(commands, "agenda", _("start, list, show and check agendas and programs"))
    listing = action(agenda, "list", cmd_agenda_list, _("list agendas and programs"))
    listing.add_argument("--json", action="store_true", help=_("print JSON for scripts"))
    listing.add_argument(
        "--language", metavar=_("LANG"), help=_("only this language, e.g. en or de")
    )
    new = action(
        agenda,
        "new",
        cmd_agenda_new,
        _(
            "start a new agenda in the app's editor; it is saved into your agenda folder "
            "(or the first --agendas DIR)"
        ),
    )
    new.add_argument(
        "id", metavar="ID", help=_("the new agenda's id: {rule}").format(rule=_(agendas.ID_RULE))
    )
    show = action(agenda, "show", cmd_agenda_show, _("show the cards of an agenda or a program"))
    show.add_argument("id", metavar="ID")
    show.add_argument("--json", action="store_true", help=_("print JSON for scripts"))
    check = action(
        agenda,
        "check",
        cmd_agenda_check,
        _("check agenda and program files and name every mistake (default: all known folders)"),
    )
    check.add_argument("paths", nargs="*", metavar=_("PATH"), help=_("files or folders to check"))
    check.add_argument("--json", action="store_true", help=_("print JSON for scripts"))
