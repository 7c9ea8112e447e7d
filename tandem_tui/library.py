"""The agenda library: every agenda and program in the bundled folder, the user's
and any named with `--agendas`, read when first needed, with every problem found.

`agendas.py` reads and checks one file; this module puts the files together: ids
unique, the agendas a program names there and fitting its meeting length.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tandem_tui.agendas import (
    ParsedFile,
    Problem,
    Severity,
    bundled_dir,
    display_path,
    parse_file,
    parse_text,
    read_text,
    toml_files,
    user_dir,
)
from tandem_tui.i18n import _
from tandem_tui.model import Agenda, Program


class Library:
    """Every agenda and program in some folders, and every problem met on the way.

    Read when first used: `Library(paths)` costs nothing until one of its parts is
    asked for, and `programs_alone()` reads only the program files (what the home
    screen's first frame needs), leaving the agendas to whoever needs them.
    """

    def __init__(self, paths: Sequence[Path] = (), *, references: Library | None = None):
        self.paths = list(paths)
        self._references = references
        self._contents: _Contents | None = None
        self._programs_alone: dict[str, Program] | None = None

    @property
    def agendas(self) -> dict[str, Agenda]:
        return self._read().agendas

    @property
    def programs(self) -> dict[str, Program]:
        return self._read().programs

    @property
    def problems(self) -> list[Problem]:
        return self._read().problems

    @property
    def files(self) -> list[Path]:
        return self._read().files

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]

    def agenda(self, agenda_id: str) -> Agenda:
        try:
            return self.agendas[agenda_id]
        except KeyError:
            raise KeyError(_("no agenda with id {id}").format(id=repr(agenda_id))) from None

    def program(self, program_id: str) -> Program:
        try:
            return self.programs[program_id]
        except KeyError:
            raise KeyError(_("no program with id {id}").format(id=repr(program_id))) from None

    def programs_alone(self) -> dict[str, Program]:
        """The programs, read without the agendas unless those were read already.

        Only the files with a `[program]` table are parsed, the first of an id winning
        as in the full read; their problems are left to it.
        """
        if self._contents is not None:
            return self._contents.programs
        if self._programs_alone is None:
            programs: dict[str, Program] = {}
            for path in toml_files(self.paths):
                text, _ = read_text(path)
                if text is None or not _PROGRAM_TABLE.search(text):
                    continue
                item = parse_text(path, text).item
                if isinstance(item, Program):
                    programs.setdefault(item.id, item)
            self._programs_alone = programs
        return self._programs_alone

    def read(self) -> Library:
        """Read every file now, if not done yet; the library itself."""
        self._read()
        return self

    def _read(self) -> _Contents:
        if self._contents is None:
            self._contents = _read_all(self.paths, self._references)
        return self._contents


@dataclass
class _Contents:
    agendas: dict[str, Agenda] = field(default_factory=dict)
    programs: dict[str, Program] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)


_PROGRAM_TABLE = re.compile(r"^[ \t]*\[[ \t]*program[ \t]*\]", re.MULTILINE)


def check_references(parsed: ParsedFile, known: dict[str, Agenda]) -> list[Problem]:
    """A program must name agendas that exist; its agendas should fit its meeting length."""
    shown = display_path(parsed.path)
    line = parsed.sessions_line
    problems = []
    for number, agenda_id in enumerate(parsed.references, start=1):
        agenda = known.get(agenda_id)
        if agenda is None:
            near = difflib.get_close_matches(agenda_id, list(known), n=1)
            message = (
                _(
                    'session {number} names agenda "{agenda}", which does not exist '
                    '(did you mean "{near}"?)'
                ).format(number=number, agenda=agenda_id, near=near[0])
                if near
                else _('session {number} names agenda "{agenda}", which does not exist').format(
                    number=number, agenda=agenda_id
                )
            )
            problems.append(
                Problem(
                    shown,
                    message,
                    line=line,
                    field="program.sessions",
                )
            )
        elif parsed.meeting_minutes and agenda.total_minutes > parsed.meeting_minutes:
            problems.append(
                Problem(
                    shown,
                    _(
                        'session {number}: agenda "{agenda}" takes {minutes} minutes, '
                        "more than the meeting length of {length}"
                    ).format(
                        number=number,
                        agenda=agenda_id,
                        minutes=agenda.total_minutes,
                        length=parsed.meeting_minutes,
                    ),
                    line=line,
                    field="program.sessions",
                    severity=Severity.WARNING,
                )
            )
    return problems


def load(paths: Sequence[Path], *, references: Library | None = None) -> Library:
    """Every agenda and program under `paths`, read at once, with every problem.

    Earlier paths win when two files share an id; the later one is reported.
    `references` supplies further agendas a program may name (for checking a
    single file against the installed library).
    """
    return Library(paths, references=references).read()


def _read_all(paths: Sequence[Path], references: Library | None) -> _Contents:
    contents = _Contents()
    owners: dict[tuple[str, str], str] = {}
    parsed_files = []
    for path in toml_files(paths):
        contents.files.append(path)
        parsed = parse_file(path)
        parsed_files.append(parsed)
        contents.problems.extend(parsed.problems)
        item = parsed.item
        if item is None:
            continue
        kind = "agenda" if isinstance(item, Agenda) else "program"
        first = owners.get((kind, item.id))
        if first is not None:
            contents.problems.append(
                Problem(
                    display_path(path),
                    (
                        _('agenda id "{id}" is already used by {file}; ids must be unique')
                        if kind == "agenda"
                        else _('program id "{id}" is already used by {file}; ids must be unique')
                    ).format(id=item.id, file=first),
                    line=parsed.id_line,
                    field=f"{kind}.id",
                )
            )
            continue
        owners[(kind, item.id)] = display_path(path)
        if isinstance(item, Agenda):
            contents.agendas[item.id] = item
        else:
            contents.programs[item.id] = item
    known = dict(references.agendas) if references else {}
    known.update(contents.agendas)
    for parsed in parsed_files:
        contents.problems.extend(check_references(parsed, known))
    return contents


def library_paths(home: Path, extra: Sequence[Path] = ()) -> list[Path]:
    """Where agendas come from, in order of precedence: `--agendas`, the user's folder, bundled."""
    return [*extra, user_dir(home), bundled_dir()]


def load_library(home: Path, extra: Sequence[Path] = ()) -> Library:
    """The agendas and programs the app and the commands use, read when first asked for."""
    return Library([p for p in library_paths(home, extra) if p.exists()])
