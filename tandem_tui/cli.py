"""The command line: argument parsing and printing only; the work is done by the core modules."""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from tandem_tui import __version__, agendas
from tandem_tui.agendas import Library, Severity
from tandem_tui.dates import DUE_HELP, MEETING_HELP, DateError, parse_due, parse_meeting
from tandem_tui.model import FollowUp, Owner, Role, Tandem
from tandem_tui.paths import DIR_MODE, data_home, user_path
from tandem_tui.store import Store, StoreError
from tandem_tui.text import followup_problem
from tandem_tui.wording import count

if TYPE_CHECKING:
    from tandem_tui.app import TandemApp

PROG = "tandem-tui"
EXIT_OK, EXIT_USER_ERROR, EXIT_USAGE = 0, 1, 2


class UserError(Exception):
    """A mistake the user can fix; main prints it as one line and exits 1."""


@dataclass
class Context:
    """What every command needs: the data home, the agenda folders, today's date and time."""

    home: Path
    agenda_dirs: list[Path]
    today: date
    now: datetime = field(default_factory=lambda: datetime.now().astimezone())

    def library(self) -> Library:
        return agendas.load_library(self.home, self.agenda_dirs)

    @contextlib.contextmanager
    def store(self, *, readonly: bool = False) -> Iterator[Store]:
        with Store.open(self.home, readonly=readonly) as store:
            if store.home_warning:
                print(f"warning: {store.home_warning}", file=sys.stderr)
            yield store


def _print_json(value: Any) -> None:
    json.dump(value, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def _table(rows: Sequence[Sequence[str]], header: Sequence[str]) -> None:
    """Aligned columns that stay readable when piped into less or grep."""
    widths = [max(len(str(cell)) for cell in column) for column in zip(header, *rows, strict=True)]
    for line in (header, *rows):
        print(
            "  ".join(
                str(cell).ljust(width) for cell, width in zip(line, widths, strict=True)
            ).rstrip()
        )


def _folder_of(store: Store, problem: StoreError) -> str | None:
    """The folder in `tandems/` a problem is about (its tandem's id), if it names one."""
    path = getattr(problem, "path", None)
    if not isinstance(path, Path):
        return None
    try:
        return path.relative_to(store.tandems_dir).parts[0]
    except (ValueError, IndexError):
        return None


def resolve_tandem(store: Store, query: str) -> Tandem:
    """The tandem an id, an id prefix or part of a name points to, if exactly one.

    When none does but one that cannot be read has that id, its problem is the error:
    it names the file.
    """
    tandems, problems = store.tandems()
    for tandem in tandems:
        if tandem.id == query:
            return tandem
    needle = query.casefold().strip()
    if not needle:
        raise UserError("no tandem given; see 'tandem-tui tandem list'")
    matches = [
        t
        for t in tandems
        if t.id.startswith(needle)
        or needle in t.mentor.name.casefold()
        or needle in t.mentee.name.casefold()
    ]
    if len(matches) == 1:
        return matches[0]
    if not matches:
        for problem in problems:
            folder = _folder_of(store, problem)
            if folder is not None and folder.startswith(needle):
                raise problem
        raise UserError(f"no tandem matches {query!r}; see 'tandem-tui tandem list'")
    names = ", ".join(t.id for t in matches[:6])
    raise UserError(f"{query!r} matches several tandems ({names}); give the id")


# tandem -----------------------------------------------------------------------------------


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
    with ctx.store() as store:
        registered, _ = store.tandems()
        try:
            found = read_csv(
                Path(args.file), library, store.taken_ids(), registered=registered, now=ctx.now
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
        _print_json(rows)
    elif not rows:
        print("no tandems yet; add one with: tandem-tui tandem add --mentor NAME --mentee NAME")
    else:
        _table(
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


# agenda -----------------------------------------------------------------------------------


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
        _print_json(
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
    _table(
        [(a.id, a.language, str(len(a.cards)), f"{a.total_minutes} min", a.title) for a in found],
        ("AGENDA", "LANG", "CARDS", "TIME", "TITLE"),
    )
    print()
    _table(
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
    return _run_textual(app)


def cmd_agenda_show(ctx: Context, args: argparse.Namespace) -> int:
    library = ctx.library()
    if args.id in library.programs:
        program = library.programs[args.id]
        if args.json:
            _print_json(
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
        _print_json({**agenda.to_doc(), "minutes": agenda.total_minutes, "source": agenda.source})
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
        library = agendas.load([Path(p) for p in args.paths], references=library_refs)
    else:
        library = ctx.library()
    if args.json:
        _print_json(
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


# follow-up --------------------------------------------------------------------------------


def _due(text: str | None, today: date) -> date | None:
    if text is None:
        return None
    try:
        return parse_due(text, today)
    except DateError as error:
        raise UserError(f"--due: {error}") from None


def _lower(text: str) -> str:
    """For choices given in any case: `--owner Mentor` is `--owner mentor`."""
    return text.strip().lower()


def cmd_followup_add(ctx: Context, args: argparse.Namespace) -> int:
    text = " ".join(args.text.split())
    problem = followup_problem(text)
    if problem:
        raise UserError(f"the follow-up text {problem}")
    due = _due(args.due, ctx.today)
    with ctx.store() as store:
        tandem = resolve_tandem(store, args.tandem)
        followup = FollowUp(text=text, owner=Owner(args.owner), due=due)
        store.save_followup(tandem.id, followup)
    when = f", due {due.isoformat()}" if due else ""
    print(f"added follow-up {followup.short_id} for {tandem.id} ({followup.owner.value}{when})")
    return EXIT_OK


def cmd_followup_list(ctx: Context, args: argparse.Namespace) -> int:
    with ctx.store(readonly=True) as store:
        if args.tandem:
            tandems = [resolve_tandem(store, args.tandem)]
        else:
            tandems, problems = store.tandems()
            for problem in problems:
                print(f"warning: {problem}", file=sys.stderr)
        found = [(t, f) for t in tandems for f in store.followups(t.id) if args.all or f.is_open]
    if args.json:
        _print_json(
            [{"tandem": t.id, **f.to_doc(), "overdue": f.is_overdue(ctx.today)} for t, f in found]
        )
    elif not found:
        print("no open follow-ups" if not args.all else "no follow-ups")
    else:
        _table(
            [
                (
                    f.short_id,
                    t.id,
                    f.owner.value,
                    (f.due.isoformat() if f.due else "-")
                    + (" overdue" if f.is_overdue(ctx.today) else ""),
                    f.status.value,
                    f.text,
                )
                for t, f in found
            ],
            ("ID", "TANDEM", "OWNER", "DUE", "STATUS", "WHAT"),
        )
    return EXIT_OK


def _followups_by_id(store: Store, given_ids: Sequence[str]) -> list[tuple[Tandem, FollowUp]]:
    """The follow-ups the ids (or their first 4+ characters) name, across all tandems."""
    tandems, _ = store.tandems()
    everything = [(t, f) for t in tandems for f in store.followups(t.id)]
    found = []
    for given in given_ids:
        prefix = given.strip().lower()
        if len(prefix) < 4:
            raise UserError(f"follow-up id {given!r} is too short; give at least 4 characters")
        matches = [(t, f) for t, f in everything if f.id.startswith(prefix)]
        if not matches:
            raise UserError(f"no follow-up with id {given!r}; see 'tandem-tui followup list'")
        if len(matches) > 1:
            raise UserError(f"follow-up id {given!r} is ambiguous; give more characters")
        found.append(matches[0])
    return found


def _mark_followups(ctx: Context, given_ids: Sequence[str], *, done: bool) -> int:
    with ctx.store() as store:
        for tandem, followup in _followups_by_id(store, given_ids):
            if followup.is_open != done:
                state = "was done already" if done else "is open already"
                print(f"{followup.short_id} {state}")
                continue
            store.save_followup(tandem.id, followup.done() if done else followup.reopened())
            print(f"{'done' if done else 'open again'}: {followup.short_id} {followup.text}")
    return EXIT_OK


def cmd_followup_done(ctx: Context, args: argparse.Namespace) -> int:
    return _mark_followups(ctx, args.ids, done=True)


def cmd_followup_reopen(ctx: Context, args: argparse.Namespace) -> int:
    return _mark_followups(ctx, args.ids, done=False)


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


# export and minutes -----------------------------------------------------------------------


def cmd_tandem_plan(ctx: Context, args: argparse.Namespace) -> int:
    try:
        when = parse_meeting(args.when, ctx.now)
    except DateError as error:
        raise UserError(str(error)) from None
    with ctx.store() as store:
        tandem = resolve_tandem(store, args.tandem)
        store.update_tandem(replace(tandem, next_meeting=when))
    print(f"{tandem.id}: next meeting {when:%A, %d %B %Y, %H:%M}")
    return EXIT_OK


def _zone(args: argparse.Namespace) -> Any:
    from tandem_tui.export import ExportError, zone_named

    try:
        return zone_named(args.timezone)
    except ExportError as error:
        raise UserError(str(error)) from None


def cmd_export(ctx: Context, args: argparse.Namespace) -> int:
    from tandem_tui.export import Tasks, export_tandem, write_calendar

    if args.all == bool(args.tandem):
        raise UserError("give either one TANDEM or --all (with -o DIR)")
    zone = _zone(args)
    tasks = Tasks(args.tasks)
    library = ctx.library()
    with ctx.store() as store:
        if args.tandem:
            tandem = resolve_tandem(store, args.tandem)
            result = export_tandem(store, library, tandem, zone=zone, tasks=tasks)
            if args.output == "-":
                sys.stdout.buffer.write(result.calendar)
                return EXIT_OK
            path = user_path(args.output or f"{tandem.id}.ics")
            write_calendar(path, result)
            print(f"{agendas.display_path(path)}: {result} of {tandem.label}")
            if not result.meetings:
                print(
                    "  no meetings: none is planned yet. Plan one at the end of a meeting, or "
                    f"with 'tandem-tui tandem plan {tandem.id} \"YYYY-MM-DD HH:MM\"'."
                )
            return EXIT_OK
        folder = user_path(args.output or ".")
        if folder.exists() and not folder.is_dir():
            raise UserError(
                f"{agendas.display_path(folder)} is a file; "
                "--all writes one file per tandem into a folder"
            )
        folder.mkdir(parents=True, exist_ok=True, mode=DIR_MODE)  # new: the user's only
        tandems, problems = store.tandems()
        for problem in problems:
            print(f"warning: skipped: {problem}", file=sys.stderr)
        for number, tandem in enumerate(tandems, start=1):
            result = export_tandem(store, library, tandem, zone=zone, tasks=tasks)
            path = folder / f"{tandem.id}.ics"
            write_calendar(path, result)
            print(f"[{number}/{len(tandems)}] {agendas.display_path(path)}: {result}")
        print(f"{count(len(tandems), 'calendar')} in {agendas.display_path(folder)}")
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
    print(f"{agendas.display_path(path)}: minutes of session {session.number} of {tandem.label}")
    return EXIT_OK


def cmd_report(ctx: Context, args: argparse.Namespace) -> int:
    from tandem_tui.report import cohort_report, rating_bar

    library = ctx.library()
    with ctx.store(readonly=True) as store:
        report = cohort_report(store, library, ctx.today)
    for problem in report.unreadable:  # also beside --json: a script's log shows it
        print(f"warning: not in the report: {problem}", file=sys.stderr)
    if args.json:
        _print_json(report.to_doc())
        return EXIT_OK
    if not report.tandems:
        print("no tandems yet; add one with 'tandem-tui tandem add' or 'tandem import'")
        return EXIT_OK
    _table(
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


def _read_secret(prompt: str) -> str:
    """A passphrase from the terminal without echo; from standard input when piped."""
    if sys.stdin.isatty():
        import getpass

        return getpass.getpass(prompt)
    line = sys.stdin.readline()
    if not line:
        raise UserError("no passphrase given on standard input")
    return line.rstrip("\n")


def cmd_passphrase(ctx: Context, args: argparse.Namespace) -> int:
    from tandem_tui.vault import (
        CannotDerive,
        Tampered,
        WrongPassphrase,
        check_passphrase,
        check_without_key,
        install_lock,
        make_lock,
        unlock,
    )

    role = Role(args.role)
    with ctx.store() as store:
        tandem = resolve_tandem(store, args.tandem)
        person = tandem.person(role).name
        if args.reset:
            return _reset_private(store, tandem, role, args.yes)
        locks = store.locks(tandem.id)
        damaged = store.damaged_locks(tandem.id).get(role)
        if damaged:
            raise UserError(
                f"{Tampered(role, f'its lock is damaged ({damaged})', tandem.id)}; "
                "nothing was changed"
            )
        verb = "changed" if role in locks else "set"
        try:
            # Every notes file read and checked before anything is asked or changed.
            had_lock = role in store.protected_roles(tandem.id)
            notes = store.all_notes(tandem.id)
            check_without_key(tandem.id, role, locks.get(role), notes, had_lock)
            previous = None
            if role in locks:
                old = _read_secret(f"Current passphrase of {person} ({role.value}): ")
                previous = unlock(locks[role], tandem.id, old)  # a wrong one: said at once
            new = _read_secret(f"New passphrase of {person} ({role.value}): ")
            problem = check_passphrase(new)
            if problem:
                raise UserError(f"passphrase not {verb}: {problem}")
            if _read_secret("The same again: ") != new:
                raise UserError(f"passphrase not {verb}: the two did not match")
            lock, data_key, _ = make_lock({}, tandem.id, role, new)
            sealed, _ = install_lock(store, tandem.id, role, lock, data_key, previous)
        except WrongPassphrase:
            raise UserError(
                f"that is not the current passphrase of {person}; nothing was changed"
            ) from None
        except (Tampered, CannotDerive) as error:
            raise UserError(f"{error}; nothing was changed") from None
    if previous is None:
        done = f"{sealed} sealed now" if sealed else "none written yet"
        print(
            f"{person}'s private notes in {tandem.id} are now kept encrypted "
            f"({done}). A forgotten passphrase cannot be recovered."
        )
    else:
        print(
            f"passphrase of {person} in {tandem.id} changed: a new key, and "
            f"{count(sealed, 'private note')} sealed again under it"
        )
    return EXIT_OK


def _reset_private(store: Store, tandem: Tandem, role: Role, yes: bool) -> int:
    person = tandem.person(role).name
    if not yes:
        print(
            f"This removes every private note of {person} ({role.value}) in {tandem.id}, in "
            "every session, and their passphrase: for a forgotten passphrase, or notes changed "
            "outside tandem-tui. Shared notes and the partner's notes stay. It cannot be undone."
        )
        print(f"Type the tandem id ({tandem.id}) to go ahead: ", end="", flush=True)
        if sys.stdin.readline().strip() != tandem.id:
            raise UserError("nothing was removed: the id typed did not match")
    removed = store.discard_private(tandem.id, role)
    print(
        f"{person}'s private notes in {tandem.id} start afresh: {count(removed, 'note')} "
        f"removed, no passphrase set (set one with 'tandem-tui passphrase {tandem.id} "
        f"--role {role.value}')"
    )
    return EXIT_OK


def cmd_forget(ctx: Context, args: argparse.Namespace) -> int:
    with ctx.store() as store:
        try:
            tandem = resolve_tandem(store, args.tandem)
            tandem_id, label = tandem.id, f"{tandem.label} ({tandem.id})"
        except (UserError, StoreError):
            # A tandem whose files cannot be read is forgotten by its exact id.
            folder = store.tandems_dir / args.tandem
            if args.tandem not in store.taken_ids() or folder.is_symlink():
                raise
            tandem_id = args.tandem
            label = f"the tandem in {agendas.display_path(store.tandem_dir(tandem_id))}"
        if not args.yes:
            print(
                f"This removes {label} and everything of it: sessions, "
                "shared and private notes, follow-ups, backups. It cannot be undone."
            )
            print(f"Type the tandem id ({tandem_id}) to go ahead: ", end="", flush=True)
            typed = sys.stdin.readline().strip()
            if typed != tandem_id:
                raise UserError("nothing was removed: the id typed did not match")
        forgotten = store.forget_tandem(tandem_id)
    print(forgotten)
    print(
        "Calendar files and minutes written earlier are outside tandem-tui's data; "
        f"delete them yourself if you keep any (e.g. {tandem_id}.ics)."
    )
    return EXIT_OK


# the app ----------------------------------------------------------------------------------


def _run_app(
    ctx: Context,
    args: argparse.Namespace,
    *,
    meet: str | None = None,
    title_suffix: str = "",
    library: Library | None = None,
) -> int:
    from tandem_tui.app import create_app
    from tandem_tui.shutdown import Watchdog

    app = create_app(
        ctx.home, ctx.agenda_dirs, library=library, bell=args.bell, title_suffix=title_suffix
    )
    # After SIGTERM or a hang-up the process ends within the watchdog's grace even if
    # Textual's shutdown hangs; the store frees the data folder first.
    app.watchdog = Watchdog(app.release_at_exit)
    if meet is not None:
        try:
            app.meet = resolve_tandem(app.store, meet).id
        except BaseException:
            app.store.close()
            raise
    # Everything imported and loaded so far lives as long as the app: spare the
    # collector walking it during the first frame (a full pass took ~20 ms there).
    gc.freeze()
    return _run_textual(app)


def _run_textual(app: TandemApp) -> int:
    """Run the app to its end; its exit code, never 0 after a crash.

    Textual ends a crashed app with return code 1 and its report on standard error
    (once, in colour: the app's own streams, not the harmless ones of the commands).
    """
    from tandem_tui.text import terminal_streams

    try:
        with terminal_streams():
            app.run()
    finally:
        app.store.close()
    return app.return_code or EXIT_OK


def cmd_app(ctx: Context, args: argparse.Namespace) -> int:
    return _run_app(ctx, args)


def cmd_meet(ctx: Context, args: argparse.Namespace) -> int:
    return _run_app(ctx, args, meet=args.tandem)


def cmd_demo(ctx: Context, args: argparse.Namespace) -> int:
    import tempfile

    from tandem_tui.demo import DEMO_TANDEM, seed_demo

    def run_demo(home: Path, kept: bool) -> int:
        demo = Context(home, ctx.agenda_dirs, ctx.today)
        library = demo.library()
        seed_demo(demo.home, library, ctx.today)
        print(f"demo data in {home}; " + ("it stays there" if kept else "deleted when you quit"))
        return _run_app(
            demo,
            args,
            meet=DEMO_TANDEM if args.meet else None,
            title_suffix="demo" if kept else "demo: nothing is kept",
            library=library,
        )

    if args.home is not None:  # the demo in a folder of the user's, to look at later
        home = user_path(args.home)
        if home.exists() and (not home.is_dir() or any(home.iterdir())):
            raise UserError(f"{home} is not an empty folder; the demo needs a new or empty one")
        return run_demo(home, kept=True)
    with tempfile.TemporaryDirectory(prefix="tandem-tui-demo-") as scratch:
        return run_demo(Path(scratch) / "home", kept=False)


# parser -----------------------------------------------------------------------------------


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def _global_options(parser: argparse.ArgumentParser, *, top: bool) -> None:
    default = None if top else argparse.SUPPRESS
    parser.add_argument(
        "--home",
        metavar="DIR",
        default=default,
        help="data folder (default: $TANDEM_TUI_HOME, else the platform's data folder)",
    )
    parser.add_argument(
        "--agendas",
        metavar="DIR",
        action="append",
        default=default,
        help="another folder of agendas and programs; may be given more than once",
    )


def _app_options(parser: argparse.ArgumentParser, *, top: bool) -> None:
    # A subcommand's default must not undo a --bell given before the subcommand.
    parser.add_argument(
        "--bell",
        action="store_true",
        default=False if top else argparse.SUPPRESS,
        help="ring the terminal bell when a time box runs out",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=PROG,
        description="Guide a reverse-mentoring tandem through its meetings: topic cards with "
        "time boxes, shared and private notes, follow-ups exported to calendars. "
        "Without a command, opens the app.",
        epilog="Each command has its own --help, e.g. 'tandem-tui agenda check --help'.",
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    _global_options(parser, top=True)
    _app_options(parser, top=True)
    parser.set_defaults(handler=cmd_app)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    def group(name: str, help_text: str) -> Any:
        sub = commands.add_parser(name, help=help_text, description=help_text)
        return sub.add_subparsers(
            dest="action", metavar="ACTION", required=True, parser_class=_Parser
        )

    def action(
        subs: Any, name: str, handler: Callable[[Context, argparse.Namespace], int], help_text: str
    ) -> argparse.ArgumentParser:
        sub: argparse.ArgumentParser = subs.add_parser(name, help=help_text, description=help_text)
        _global_options(sub, top=False)
        sub.set_defaults(handler=handler)
        return sub

    demo = commands.add_parser(
        "demo",
        help="try the app on a throwaway home with an example tandem",
        description="Open the app on a throwaway data home with an example tandem that has "
        "held one meeting and is ready for the next. Nothing is written to your real home. "
        "With --home DIR (a new or empty folder) the demo data stays there after you quit.",
    )
    _global_options(demo, top=False)
    _app_options(demo, top=False)
    demo.add_argument("--meet", action="store_true", help="go straight into the next meeting")
    demo.set_defaults(handler=cmd_demo)
    meet = commands.add_parser(
        "meet",
        help="start or resume a tandem's next meeting",
        description="Go straight into the tandem's unfinished meeting, or start its next one.",
    )
    _global_options(meet, top=False)
    _app_options(meet, top=False)
    meet.add_argument("tandem", metavar="TANDEM", help="tandem id or part of a name")
    meet.set_defaults(handler=cmd_meet)

    tandem = group("tandem", "register, edit, list, import and plan tandems")
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
    plan = action(tandem, "plan", cmd_tandem_plan, "set the date and time of the next meeting")
    plan.add_argument("tandem", metavar="TANDEM", help="tandem id or part of a name")
    plan.add_argument(
        "when", metavar="WHEN", help=f"local {MEETING_HELP}; not in the past, not after 2100"
    )

    agenda = group("agenda", "start, list, show and check agendas and programs")
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

    followup = group("followup", "add, list, complete and reopen follow-ups")
    add = action(followup, "add", cmd_followup_add, "add a follow-up to a tandem")
    add.add_argument("tandem", metavar="TANDEM", help="tandem id or part of a name")
    add.add_argument("text", metavar="TEXT", help="who does what")
    add.add_argument(
        "--owner",
        type=_lower,
        choices=[o.value for o in Owner],
        default=Owner.BOTH.value,
        help="mentor, mentee or both (default)",
    )
    add.add_argument("--due", metavar="DATE", help=f"{DUE_HELP}; today or later, not after 2100")
    listing = action(followup, "list", cmd_followup_list, "list open follow-ups")
    listing.add_argument("tandem", nargs="?", metavar="TANDEM", help="only this tandem")
    listing.add_argument("--all", action="store_true", help="include done follow-ups")
    listing.add_argument("--json", action="store_true", help="print JSON for scripts")
    done = action(followup, "done", cmd_followup_done, "mark follow-ups as done")
    done.add_argument("ids", nargs="+", metavar="ID", help="follow-up id (first 4+ characters)")
    reopen = action(
        followup, "reopen", cmd_followup_reopen, "open follow-ups again that were marked done"
    )
    reopen.add_argument("ids", nargs="+", metavar="ID", help="follow-up id (first 4+ characters)")

    export = commands.add_parser(
        "export",
        help="the meetings and follow-ups of a tandem as a calendar file (.ics)",
        description="Write the next meeting, the rest of the program's series and the "
        "follow-ups as iCalendar, to import into a calendar or task app. Importing again "
        "updates what was imported before instead of adding it twice. Notes never go out.",
        epilog="Examples: 'tandem-tui export lena' writes lena-markus.ics here; "
        "'tandem-tui export --all -o calendars/' writes one file per tandem.",
    )
    _global_options(export, top=False)
    export.add_argument("tandem", nargs="?", metavar="TANDEM", help="tandem id or part of a name")
    export.add_argument("--all", action="store_true", help="every tandem, one file each")
    export.add_argument(
        "-o",
        "--output",
        metavar="FILE|DIR",
        help="file to write (default: TANDEM-ID.ics here; - for standard output); "
        "with --all, the folder (default: here)",
    )
    export.add_argument(
        "--tasks",
        type=_lower,
        choices=["both", "events", "todos"],  # export.Tasks; not imported to keep start-up fast
        default="both",
        help="follow-ups as all-day events (Google Calendar, Outlook), as to-dos "
        "(Thunderbird, Nextcloud, todoman, Apple Reminders), or both (default)",
    )
    export.add_argument(
        "--timezone",
        metavar="ZONE",
        help="time zone of the meetings, e.g. Europe/Berlin (default: this machine's)",
    )
    export.set_defaults(handler=cmd_export)

    minutes = commands.add_parser(
        "minutes",
        help="a session's minutes as Markdown (shared notes only)",
        description="Write the minutes of a session as Markdown: date, participants, time and "
        "shared notes per card, and the follow-ups. Private notes are never included.",
    )
    _global_options(minutes, top=False)
    minutes.add_argument("tandem", metavar="TANDEM", help="tandem id or part of a name")
    minutes.add_argument(
        "--session", type=int, metavar="N", help="session number (default: the last one held)"
    )
    minutes.add_argument(
        "-o", "--output", metavar="FILE", help="file to write (default: standard output)"
    )
    minutes.set_defaults(handler=cmd_minutes)

    passphrase = commands.add_parser(
        "passphrase",
        help="keep one person's private notes encrypted under a passphrase, or change it",
        description="Set a passphrase for the mentor's or the mentee's private notes of a "
        "tandem, or change it. From then on their private notes are stored only encrypted, "
        "and the app asks for the passphrase before showing them. A forgotten passphrase "
        "cannot be recovered: the notes under it are lost.",
    )
    _global_options(passphrase, top=False)
    passphrase.add_argument("tandem", metavar="TANDEM", help="tandem id or part of a name")
    passphrase.add_argument("--role", required=True, type=_lower, choices=[r.value for r in Role])
    passphrase.add_argument(
        "--reset",
        action="store_true",
        help="remove this person's private notes (every session) and passphrase, to start "
        "afresh: for a forgotten passphrase, or notes changed outside tandem-tui; asks for "
        "the tandem id to confirm",
    )
    passphrase.add_argument("--yes", action="store_true", help="with --reset: do not ask")
    passphrase.set_defaults(handler=cmd_passphrase)

    forget = commands.add_parser(
        "forget",
        help="remove a tandem and everything of it, for good",
        description="Remove a tandem and everything tandem-tui keeps of it: sessions, shared "
        "and private notes, follow-ups, feedback and backups. Asks for the tandem id to be "
        "typed first, unless --yes.",
    )
    _global_options(forget, top=False)
    forget.add_argument("tandem", metavar="TANDEM", help="tandem id or part of a name")
    forget.add_argument("--yes", action="store_true", help="do not ask (for scripts)")
    forget.set_defaults(handler=cmd_forget)

    report = commands.add_parser(
        "report",
        help="the cohort's progress for facilitators: counts, dates and ratings, never content",
        description="Per tandem: sessions held of planned, last met, next planned, overdue "
        "(no meeting for more than one and a half cadences), open and late follow-ups and "
        "the average feedback; then the cohort's ratings per session. No note, follow-up "
        "text or takeaway is ever shown.",
    )
    _global_options(report, top=False)
    report.add_argument("--json", action="store_true", help="print JSON for scripts")
    report.set_defaults(handler=cmd_report)
    return parser


def run(argv: Sequence[str], *, today: date | None = None, now: datetime | None = None) -> int:
    from tandem_tui.text import HarmlessWriter

    # Whatever a command prints, no stored text reaches the terminal raw.
    out, err = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = HarmlessWriter(out), HarmlessWriter(err)
    try:
        return _run(argv, today=today, now=now)
    finally:
        sys.stdout, sys.stderr = out, err


def _run(argv: Sequence[str], *, today: date | None, now: datetime | None) -> int:
    for argument in argv:
        # Bytes that are not UTF-8 reach Python as lone surrogates: nothing can store them.
        if any("\udc80" <= char <= "\udcff" for char in argument):
            print(
                f"{PROG}: error: an argument is not valid UTF-8 text: "
                f"{argument.encode('utf-8', 'backslashreplace').decode()}",
                file=sys.stderr,
            )
            return EXIT_USER_ERROR
    parser = build_parser()
    args = parser.parse_args(argv)
    moment = now or datetime.now().astimezone()
    ctx = Context(
        home=data_home(args.home),
        agenda_dirs=[user_path(p) for p in args.agendas or ()],
        today=today or moment.date(),
        now=moment,
    )
    try:
        handler: Callable[[Context, argparse.Namespace], int] = args.handler
        return handler(ctx, args)
    except (UserError, StoreError) as error:
        print(f"{PROG}: error: {error}", file=sys.stderr)
        return EXIT_USER_ERROR
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK  # the reader (head, less) went away: nothing left to say
    except OSError as error:
        place = f"{error.filename}: " if error.filename else ""
        print(f"{PROG}: error: {place}{error.strerror or error}", file=sys.stderr)
        return EXIT_USER_ERROR
