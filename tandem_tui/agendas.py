"""Agendas and programs as TOML files: reading one, and naming every mistake in it.

An agenda file has an `[agenda]` table and `[[cards]]`; a program file has a
`[program]` table naming the agenda of each session. Files are found in the
bundled `agendas/` folder, the user's folder in the data home and any folder
given with `--agendas`; `library.py` puts them together. Every mistake of a file
is reported at once, each with its file, line, card and field, and what is allowed.
"""

from __future__ import annotations

import difflib
import os
import re
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from tandem_tui.i18n import N_, _, os_reason
from tandem_tui.model import Agenda, Cadence, Card, Program, Role
from tandem_tui.text import harmless

MAX_CARD_MINUTES = 240
MAX_MEETING_MINUTES = 480
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")
LANGUAGE_PATTERN = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")

AGENDA_KEYS = ("id", "title", "language", "description")
CARD_KEYS = ("title", "minutes", "prompts", "direction")
PROGRAM_KEYS = ("id", "title", "language", "description", "cadence", "meeting_minutes", "sessions")
AGENDA_FILE_KEYS = ("agenda", "cards")
PROGRAM_FILE_KEYS = ("program",)

#: Shown translated: `_(ID_RULE)`.
ID_RULE = N_("lower-case letters, digits, '.', '_' or '-', up to 64 characters")


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    """One mistake in one file, with everything needed to find and fix it."""

    path: str
    message: str
    line: int | None = None
    column: int | None = None
    card: int | None = None  # 1-based, as people count
    card_title: str | None = None
    field: str | None = None
    severity: Severity = Severity.ERROR

    def __str__(self) -> str:
        where = self.path
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        parts = [where]
        if self.card is not None:
            parts.append(
                _('card {number} "{title}"').format(number=self.card, title=self.card_title)
                if self.card_title
                else _("card {number}").format(number=self.card)
            )
        if self.field:
            parts.append(self.field)
        message = self.message
        if self.severity is Severity.WARNING:
            message = _("warning: {message}").format(message=message)
        return ": ".join(parts) + f": {message}"

    def to_doc(self) -> dict[str, Any]:
        return {
            "file": self.path,
            "line": self.line,
            "column": self.column,
            "card": self.card,
            "card_title": self.card_title,
            "field": self.field,
            "severity": self.severity.value,
            "message": self.message,
        }


def bundled_dir() -> Path:
    """The bundled agendas: inside the installed package, or beside it in a checkout."""
    packaged = Path(__file__).resolve().parent / "agendas"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "agendas"


def user_dir(home: Path) -> Path:
    return home / "agendas"


def display_path(path: Path) -> str:
    """A path as the user would type it: relative to the working folder when inside it."""
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)
    return relative if not relative.startswith("..") else str(path)


def toml_files(paths: Iterable[Path]) -> list[Path]:
    """The TOML files named, and those inside the folders named, in a stable order."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(p for p in sorted(path.rglob("*.toml")) if not p.name.startswith("."))
        else:
            found.append(path)
    return found


class _Locator:
    """Finds the line of a table or key in TOML text, so a mistake can name its line.

    tomllib gives no positions for values; a line scan covers the usual layout of
    one key per line under `[agenda]`, `[program]` and `[[cards]]` headers.
    """

    _header = re.compile(r"^\s*(\[\[?)\s*([A-Za-z0-9_.-]+)\s*\]\]?")
    _key = re.compile(r"""^\s*(["']?)([A-Za-z0-9_-]+)\1\s*=""")

    def __init__(self, text: str) -> None:
        self.tables: dict[tuple[str, int | None], int] = {}
        self.keys: dict[tuple[str, int | None, str], int] = {}
        counts: dict[str, int] = {}
        current: tuple[str, int | None] = ("", None)
        for number, line in enumerate(text.splitlines(), start=1):
            header = self._header.match(line)
            if header:
                name = header.group(2)
                if header.group(1) == "[[":
                    index = counts.get(name, 0)
                    counts[name] = index + 1
                    current = (name, index)
                else:
                    current = (name, None)
                self.tables.setdefault(current, number)
                continue
            key = self._key.match(line)
            if key:
                self.keys.setdefault((*current, key.group(2)), number)

    def line(self, table: str, index: int | None = None, key: str | None = None) -> int | None:
        if key is not None and (table, index, key) in self.keys:
            return self.keys[(table, index, key)]
        return self.tables.get((table, index))


class _FileChecker:
    """Checks one parsed file and collects its problems."""

    def __init__(self, path: Path, text: str) -> None:
        self.path = display_path(path)
        self.locator = _Locator(text)
        self.problems: list[Problem] = []
        self.references: list[str] = []  # agenda ids a program names, checked across files

    def add(
        self,
        message: str,
        *,
        table: str = "",
        index: int | None = None,
        key: str | None = None,
        card_title: str | None = None,
        severity: Severity = Severity.ERROR,
    ) -> None:
        self.problems.append(
            Problem(
                path=self.path,
                message=message,
                line=self.locator.line(table, index, key) if table or key else None,
                card=index + 1 if table == "cards" and index is not None else None,
                card_title=card_title,
                field=f"{table}.{key}" if table in ("agenda", "program") and key else key,
                severity=severity,
            )
        )

    def unknown_keys(
        self,
        table: dict[str, Any],
        allowed: Sequence[str],
        *,
        where: str,
        index: int | None = None,
        card_title: str | None = None,
    ) -> None:
        for key in table:
            if key in allowed:
                continue
            near = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
            self.add(
                _('unknown key (did you mean "{near}"?); allowed: {allowed}').format(
                    near=near[0], allowed=", ".join(allowed)
                )
                if near
                else _("unknown key; allowed: {allowed}").format(allowed=", ".join(allowed)),
                table=where,
                index=index,
                key=key,
                card_title=card_title,
            )

    def text_field(
        self,
        table: dict[str, Any],
        key: str,
        *,
        where: str,
        index: int | None = None,
        required: bool = True,
        card_title: str | None = None,
    ) -> str | None:
        value = table.get(key)
        if value is None:
            if required:
                self.add(
                    _("missing; give a non-empty text"),
                    table=where,
                    index=index,
                    key=key,
                    card_title=card_title,
                )
            return None
        if not isinstance(value, str):
            self.add(
                _("{value} is not allowed; give a text in quotes").format(value=_describe(value)),
                table=where,
                index=index,
                key=key,
                card_title=card_title,
            )
            return None
        if required and not value.strip():
            self.add(
                _("is empty; give a non-empty text"),
                table=where,
                index=index,
                key=key,
                card_title=card_title,
            )
            return None
        return harmless(value.strip())  # shown in a terminal: control characters written out

    def identifier(self, table: dict[str, Any], where: str) -> str | None:
        value = self.text_field(table, "id", where=where)
        if value is not None and not ID_PATTERN.match(value):
            self.add(
                _('"{value}" is not a valid id; use {rule}').format(value=value, rule=_(ID_RULE)),
                table=where,
                key="id",
            )
            return None
        return value

    def language(self, table: dict[str, Any], where: str) -> str | None:
        value = self.text_field(table, "language", where=where)
        if value is not None and not LANGUAGE_PATTERN.match(value):
            self.add(
                _('"{value}" is not a language code; use one like "en", "de" or "en-GB"').format(
                    value=value
                ),
                table=where,
                key="language",
            )
            return None
        return value

    def whole_number(
        self,
        table: dict[str, Any],
        key: str,
        low: int,
        high: int,
        *,
        where: str,
        index: int | None = None,
        card_title: str | None = None,
    ) -> int | None:
        value = table.get(key)
        if value is None:
            self.add(
                _("missing; give a whole number of minutes from {low} to {high}").format(
                    low=low, high=high
                ),
                table=where,
                index=index,
                key=key,
                card_title=card_title,
            )
            return None
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            self.add(
                _(
                    "{value} is not allowed; give a whole number of minutes from {low} to {high}"
                ).format(value=_describe(value), low=low, high=high),
                table=where,
                index=index,
                key=key,
                card_title=card_title,
            )
            return None
        return value


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, list):
        return _("a list")
    if isinstance(value, dict):
        return _("a table")
    return str(value)


def read_text(path: Path) -> tuple[str | None, list[Problem]]:
    shown = display_path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None, [Problem(shown, _("no such file"))]
    except IsADirectoryError:
        return None, [Problem(shown, _("is a folder, not a file"))]
    except OSError as error:
        reason = _("cannot be read: {reason}").format(reason=os_reason(error))
        return None, [Problem(shown, reason)]
    if not raw.strip():
        empty = _("the file is empty; an agenda needs [agenda] and [[cards]]")
        return None, [Problem(shown, empty)]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        before = raw[: error.start]
        line = before.count(b"\n") + 1
        column = error.start - (before.rfind(b"\n") + 1) + 1
        return None, [
            Problem(
                shown,
                _("not UTF-8 (byte 0x{byte}); save the file as UTF-8").format(
                    byte=f"{raw[error.start]:02x}"
                ),
                line=line,
                column=column,
            )
        ]
    return text.removeprefix("\ufeff"), []


_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")
_TOML_END = re.compile(r"\s*\(at end of document\)\s*$")


def _toml_problem(path: Path, text: str, error: tomllib.TOMLDecodeError) -> Problem:
    message = str(error)
    line = column = None
    position = _TOML_POSITION.search(message)
    if position:
        line, column = int(position.group(1)), int(position.group(2))
        message = message[: position.start()]
    elif _TOML_END.search(message):
        line = text.count("\n") + 1
        message = _TOML_END.sub("", message)
    return Problem(
        display_path(path),
        _("TOML syntax: {message}").format(message=message),
        line=line,
        column=column,
    )


@dataclass
class ParsedFile:
    """What one file held: a sound agenda or program, or the problems that keep it from one."""

    path: Path
    item: Agenda | Program | None = None
    problems: list[Problem] = field(default_factory=list)
    references: list[str] = field(default_factory=list)  # agenda ids, when a program
    meeting_minutes: int | None = None  # of a program, for the length check
    id_line: int | None = None
    sessions_line: int | None = None  # of a program, where reference mistakes point


def parse_file(path: Path) -> ParsedFile:
    """Read one agenda or program file and check it, collecting every problem in it."""
    text, problems = read_text(path)
    if text is None:
        return ParsedFile(path, problems=problems)
    return parse_text(path, text)


def parse_text(path: Path, text: str) -> ParsedFile:
    """Check the text of an agenda or program file as if it were at `path`: what
    `agenda check` does to a file, and the editors to what is being typed."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        return ParsedFile(path, problems=[_toml_problem(path, text, error)])
    checker = _FileChecker(path, text)
    is_program = "program" in data and "agenda" not in data
    item: Agenda | Program | None = (
        _check_program(checker, data, path) if is_program else _check_agenda(checker, data, path)
    )
    program = data.get("program") if is_program else None
    minutes = program.get("meeting_minutes", 60) if isinstance(program, dict) else None
    return ParsedFile(
        path,
        item=item,
        problems=sorted(checker.problems, key=lambda p: p.line or 0),
        references=checker.references,
        meeting_minutes=minutes if isinstance(minutes, int) else None,
        id_line=checker.locator.line("program" if is_program else "agenda", None, "id"),
        sessions_line=checker.locator.line("program", None, "sessions") if is_program else None,
    )


def _check_agenda(checker: _FileChecker, data: dict[str, Any], path: Path) -> Agenda | None:
    checker.unknown_keys(data, AGENDA_FILE_KEYS, where="")
    head = data.get("agenda")
    agenda_id = title = language = None
    description = ""
    if not isinstance(head, dict):
        checker.add(
            _("no [agenda] table; it needs id, title and language (a program needs [program])")
        )
    else:
        checker.unknown_keys(head, AGENDA_KEYS, where="agenda")
        agenda_id = checker.identifier(head, "agenda")
        title = checker.text_field(head, "title", where="agenda")
        language = checker.language(head, "agenda")
        description = checker.text_field(head, "description", where="agenda", required=False) or ""

    cards: list[Card] = []
    raw_cards = data.get("cards")
    if raw_cards is None or raw_cards == []:
        checker.add(_("no cards; add at least one [[cards]] table with title and minutes"))
    elif not isinstance(raw_cards, list) or not all(isinstance(c, dict) for c in raw_cards):
        checker.add(
            _("cards must be [[cards]] tables, each with title and minutes"),
            table="",
            key="cards",
        )
    else:
        for index, raw in enumerate(raw_cards):
            card = _check_card(checker, raw, index)
            if card is not None:
                cards.append(card)

    if checker.problems:
        return None
    assert agenda_id is not None and title is not None and language is not None
    return Agenda(
        id=agenda_id,
        title=title,
        language=language,
        description=description,
        cards=tuple(cards),
        source=str(path),
    )


def _check_card(checker: _FileChecker, raw: dict[str, Any], index: int) -> Card | None:
    before = len(checker.problems)
    raw_title = raw.get("title")
    shown_title = raw_title.strip() if isinstance(raw_title, str) and raw_title.strip() else None
    context: dict[str, Any] = {"where": "cards", "index": index, "card_title": shown_title}
    checker.unknown_keys(raw, CARD_KEYS, **context)
    title = checker.text_field(raw, "title", **context)
    minutes = checker.whole_number(raw, "minutes", 1, MAX_CARD_MINUTES, **context)

    prompts: list[str] = []
    raw_prompts = raw.get("prompts", [])
    if not isinstance(raw_prompts, list):
        checker.add(
            _(
                "{value} is not allowed; give a list of texts, "
                'like prompts = ["First question?", "Second question?"]'
            ).format(value=_describe(raw_prompts)),
            table="cards",
            index=index,
            key="prompts",
            card_title=shown_title,
        )
    else:
        for number, prompt in enumerate(raw_prompts, start=1):
            if not isinstance(prompt, str) or not prompt.strip():
                shown = _("an empty text") if isinstance(prompt, str) else _describe(prompt)
                checker.add(
                    _("prompt {number} is {value}; every prompt must be a text with words").format(
                        number=number, value=shown
                    ),
                    table="cards",
                    index=index,
                    key="prompts",
                    card_title=shown_title,
                )
            else:
                prompts.append(harmless(prompt.strip()))

    direction = raw.get("direction", Role.MENTOR.value)
    if direction not in (Role.MENTOR.value, Role.MENTEE.value):
        checker.add(
            _('{value} is not allowed; give "mentor" (the default) or "mentee"').format(
                value=_describe(direction)
            ),
            table="cards",
            index=index,
            key="direction",
            card_title=shown_title,
        )
    if len(checker.problems) > before or title is None or minutes is None:
        return None
    return Card(title=title, minutes=minutes, prompts=tuple(prompts), direction=Role(direction))


def _check_program(checker: _FileChecker, data: dict[str, Any], path: Path) -> Program | None:
    checker.unknown_keys(data, PROGRAM_FILE_KEYS, where="")
    head = data["program"]
    if not isinstance(head, dict):
        checker.add(_("[program] must be a table with id, title, language and sessions"))
        return None
    checker.unknown_keys(head, PROGRAM_KEYS, where="program")
    program_id = checker.identifier(head, "program")
    title = checker.text_field(head, "title", where="program")
    language = checker.language(head, "program")
    description = checker.text_field(head, "description", where="program", required=False) or ""

    cadence = Cadence.EVERY_4_WEEKS
    raw_cadence = head.get("cadence", cadence.value)
    allowed_cadences = ", ".join(f'"{c.value}"' for c in Cadence)
    if raw_cadence not in {c.value for c in Cadence}:
        checker.add(
            _("{value} is not allowed; give one of {allowed}").format(
                value=_describe(raw_cadence), allowed=allowed_cadences
            ),
            table="program",
            key="cadence",
        )
    else:
        cadence = Cadence(raw_cadence)

    meeting_minutes: int | None = 60
    if "meeting_minutes" in head:
        meeting_minutes = checker.whole_number(
            head, "meeting_minutes", 1, MAX_MEETING_MINUTES, where="program"
        )

    sessions = head.get("sessions")
    if sessions is None or sessions == []:
        checker.add(
            _('missing; list the agenda id of each session, like sessions = ["kickoff", "tools"]'),
            table="program",
            key="sessions",
        )
    elif not isinstance(sessions, list) or not all(
        isinstance(s, str) and s.strip() for s in sessions
    ):
        checker.add(
            _("{value} is not allowed; give a list of agenda ids").format(
                value=_describe(sessions)
            ),
            table="program",
            key="sessions",
        )
    else:
        checker.references = [s.strip() for s in sessions]

    if checker.problems:
        return None
    assert program_id and title and language and meeting_minutes and isinstance(sessions, list)
    return Program(
        id=program_id,
        title=title,
        language=language,
        description=description,
        sessions=tuple(s.strip() for s in sessions),
        cadence=cadence,
        meeting_minutes=meeting_minutes,
        source=str(path),
    )
