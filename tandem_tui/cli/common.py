"""What every command shares: its context, the user's mistakes, finding a tandem, printing."""

from __future__ import annotations

import contextlib
import json
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tandem_tui import APP_NAME
from tandem_tui.i18n import ENGLISH, _, chrome

if TYPE_CHECKING:
    import argparse

    from tandem_tui.library import Library
    from tandem_tui.model import Tandem
    from tandem_tui.store import Store, StoreError

    Handler = Callable[["Context", argparse.Namespace], int]
    """A command: it does its work, prints, and returns the exit code."""

PROG = APP_NAME
EXIT_OK, EXIT_USER_ERROR, EXIT_USAGE = 0, 1, 2


class UserError(Exception):
    """A mistake the user can fix; the command line prints it as one line and exits 1."""


def error_line(message: object) -> str:
    """`tandem-tui: error: MESSAGE`, as every refusal starts, in the chrome's language."""
    return _("{prog}: error: {message}").format(prog=PROG, message=message)


def warn(problem: object) -> None:
    """`warning: PROBLEM` on standard error."""
    print(_("warning: {problem}").format(problem=problem), file=sys.stderr)


def quoted(text: str) -> str:
    """What the user typed, quoted in a message: `'lena'`; „lena“ in German."""
    speech = chrome()
    return repr(text) if speech.base == ENGLISH else speech.quote(text)


@dataclass
class Context:
    """What every command needs: the data home, the agenda folders, today's date and time."""

    home: Path
    agenda_dirs: list[Path]
    today: date
    now: datetime = field(default_factory=lambda: datetime.now().astimezone())

    def library(self) -> Library:
        from tandem_tui.library import load_library

        return load_library(self.home, self.agenda_dirs)

    @contextlib.contextmanager
    def store(self, *, readonly: bool = False) -> Iterator[Store]:
        from tandem_tui.store import Store

        with Store.open(self.home, readonly=readonly) as store:
            if store.home_warning:
                warn(store.home_warning)
            yield store

    @contextlib.contextmanager
    def store_even_while_open(self) -> Iterator[Store]:
        """The data, to write; while the app (or another writer) holds it, to read only:
        an export then reads the tandems as last saved and writes only its own record
        of what went out (`Store.save_export_marks`)."""
        from tandem_tui.store import StoreLocked

        with contextlib.ExitStack() as stack:
            try:
                store = stack.enter_context(self.store())
            except StoreLocked:
                store = stack.enter_context(self.store(readonly=True))
            yield store


def output_path(output: str | None, default: str) -> Path:
    """Where a file goes: `output`; `default` here when none is given; `DIR/default` for
    a folder (one that exists, or a name ending in a slash, which is made)."""
    from tandem_tui.paths import DIR_MODE, user_path

    if not output:
        return user_path(default)
    path = user_path(output)
    if output.endswith(("/", os.sep)) or path.is_dir():
        path.mkdir(parents=True, exist_ok=True, mode=DIR_MODE)  # new: the user's only
        return path / default
    return path


def print_json(value: Any) -> None:
    json.dump(value, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def table(rows: Sequence[Sequence[str]], header: Sequence[str]) -> None:
    """Aligned columns that stay readable when piped into less or grep."""
    widths = [max(len(str(cell)) for cell in column) for column in zip(header, *rows, strict=True)]
    for line in (header, *rows):
        print(
            "  ".join(
                str(cell).ljust(width) for cell, width in zip(line, widths, strict=True)
            ).rstrip()
        )


def folder_of(store: Store, problem: StoreError) -> str | None:
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
        raise UserError(_("no tandem given; see 'tandem-tui tandem list'"))
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
            folder = folder_of(store, problem)
            if folder is not None and folder.startswith(needle):
                raise problem
        raise UserError(
            _("no tandem matches {query}; see 'tandem-tui tandem list'").format(query=quoted(query))
        )
    names = ", ".join(t.id for t in matches[:6])
    raise UserError(
        _("{query} matches several tandems ({names}); give the id").format(
            query=quoted(query), names=names
        )
    )
