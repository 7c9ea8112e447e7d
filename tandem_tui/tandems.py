"""Registering tandems: checking names, e-mails, programs and ids, one by one or from CSV.

Used by the command line and the app alike; no Textual here.
"""

from __future__ import annotations

import csv
import difflib
import io
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from tandem_tui.agendas import ID_PATTERN, ID_RULE, display_path
from tandem_tui.dates import DateError, parse_meeting
from tandem_tui.i18n import _, chrome, os_reason
from tandem_tui.library import Library
from tandem_tui.model import Participant, Tandem
from tandem_tui.text import MAX_GOAL, MAX_NAME, has_control

DEFAULT_PROGRAM = "reverse-mentoring-en"
EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
CSV_REQUIRED = ("mentor", "mentee")
CSV_COLUMNS = (
    "mentor",
    "mentee",
    "mentor_email",
    "mentee_email",
    "program",
    "id",
    "first_meeting",
    "goals",
)
_GERMAN = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"}
)
# Words before a given name that are not one, in lower case: academic titles (Dr.,
# Prof., Mag., Dipl.-Ing., Univ.-Prof., Priv.-Doz.) and forms of address (Herr, Frau,
# Mr, Ms, Mrs). A title written with dots is split there: "Dipl.-Ing." is dipl, ing.
_TITLES = frozenset(
    "dr prof mag dipl ing univ priv doz dott habil".split()  # noqa: SIM905
    + "herr frau hr fr mr mrs ms mx miss sir".split()  # noqa: SIM905
)
# Words that only ever follow a title ("Dr. med.", "Dr. rer. nat.", "Dr. h.c.",
# "Dipl.-Kfm."): alone, "Nat" may well be a given name.
_AFTER_TITLE = frozenset(
    "med rer nat phil jur dent vet oec pol techn sc h c mult kfm kff psych".split()  # noqa: SIM905
)
# What may follow a name after a comma without being the given name: "Anna Roth, PhD".
_SUFFIXES = frozenset("mba phd msc bsc ma ba llm md jr sr ii iii iv".split())  # noqa: SIM905


class TandemError(ValueError):
    """One or more mistakes in what was given for a tandem; one line each."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = list(problems)
        super().__init__("; ".join(self.problems))


@dataclass(frozen=True)
class TandemInput:
    mentor: str
    mentee: str
    mentor_email: str = ""
    mentee_email: str = ""
    program: str = ""
    id: str = ""
    goals: tuple[str, ...] = ()
    first_meeting: str = ""  # local "YYYY-MM-DD HH:MM"


def slug(text: str) -> str:
    ascii_text = (
        unicodedata.normalize("NFKD", text.translate(_GERMAN)).encode("ascii", "ignore").decode()
    )
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def default_program(library: Library) -> str | None:
    """The bundled program in the language the app speaks ("reverse-mentoring-de" in a
    German app), else the English one, else the first there is."""
    for wanted in (f"reverse-mentoring-{chrome().base}", DEFAULT_PROGRAM):
        if wanted in library.programs:
            return wanted
    return next(iter(sorted(library.programs)), None)


def name_words(name: str) -> list[str]:
    """The words of a person's name, given name first, without titles or forms of address.

    "Dr. med. Hans Weber" and "Weber, Dr. Hans" both give Hans, Weber. Titles are
    skipped also when written together ("Prof.Dr."); a comma puts the surname
    first unless only degrees follow it ("Anna Roth, PhD"). A name of titles only
    keeps them.
    """
    before, _, after = name.partition(",")
    suffix = all(
        w.replace(".", "").casefold() in _SUFFIXES for w in re.split(r"[\s,]+", after) if w
    )
    ordered = before if suffix else f"{after} {before}"
    words = [word.strip("-") for word in re.split(r"[\s.,]+", ordered) if word.strip("-")]
    after_title = False
    for index, word in enumerate(words):
        lower = word.casefold()
        if lower in _TITLES or (after_title and lower in _AFTER_TITLE):
            after_title = True
            continue
        return words[index:]
    return words


def only_titles(name: str) -> bool:
    """ "Dr.", "Prof. Dr. med.": a title with no name to it."""
    words = [w.strip("-") for w in re.split(r"[\s.,]+", name) if w.strip("-")]
    return (
        bool(words)
        and words[0].casefold() in _TITLES
        and all(w.casefold() in _TITLES or w.casefold() in _AFTER_TITLE for w in words)
    )


def given_name(name: str) -> str:
    """The given name in `name`: "Dr. med. Hans Weber" gives "Hans", "Weber, Anna" gives "Anna"."""
    words = name_words(name)
    return words[0] if words else ""


def suggest_id(mentor: str, mentee: str, taken: Iterable[str]) -> str:
    """A readable id from both given names, unique among `taken`: "lena-hans"."""
    taken_ids = set(taken)
    first = [slug(given_name(name)) for name in (mentor, mentee)]
    base = "-".join(part for part in first if part)[:56].strip("-") or "tandem"
    candidate, counter = base, 2
    while candidate in taken_ids:
        candidate, counter = f"{base}-{counter}", counter + 1
    return candidate


def same_name(name: str) -> str:
    """`name` as compared for registration: case, spaces, dots and titles do not count.

    "Dr. Hans  Weber", "hans weber" and "Weber, Hans" are the same person.
    """
    return " ".join(name_words(name)).casefold()


def find_pair(tandems: Iterable[Tandem], mentor: str, mentee: str) -> Tandem | None:
    """The tandem among `tandems` of this mentor and this mentee, if one is registered.

    Names match ignoring case and spaces; the roles count: a tandem of the same two
    people the other way round is another tandem.
    """
    pair = (same_name(mentor), same_name(mentee))
    for tandem in tandems:
        if (same_name(tandem.mentor.name), same_name(tandem.mentee.name)) == pair:
            return tandem
    return None


def registered_already(tandem: Tandem) -> str:
    """The one-line reason a pair cannot be registered twice, naming the tandem it is."""
    return _("{pair} are registered already, as tandem {id}").format(
        pair=tandem.label, id=tandem.id
    )


def _number(value: int) -> str:
    """ "1,234" in English, "1.234" in German: a count of characters as the chrome writes it."""
    written = f"{value:,}"
    return written.replace(",", ".") if chrome().base == "de" else written


def _name_problems(role: str, name: str) -> str | None:
    """Why `name` will not do as the mentor's or the mentee's (`role`), or None."""
    mentor = role == "mentor"
    if not name:
        return (
            # TRANSLATORS: what comes before the colon names a field (a CSV column, an
            # option): mentor, mentee, mentor_email, goals, id... Keep it as it is.
            _("mentor: empty; give the mentor's name")
            if mentor
            else _("mentee: empty; give the mentee's name")
        )
    if len(name) > MAX_NAME:
        # TRANSLATORS: {field} is the field's name, mentor or mentee, as typed in a CSV file.
        return _(
            "{field}: the name has {count} characters; a name may have at most {limit}"
        ).format(field=role, count=_number(len(name)), limit=_number(MAX_NAME))
    if has_control(name):
        return _("{field}: holds control characters; type the name as plain text").format(
            field=role
        )
    if only_titles(name):
        return (
            _('mentor: "{name}" is a title only; give the mentor\'s name')
            if mentor
            else _('mentee: "{name}" is a title only; give the mentee\'s name')
        ).format(name=name)
    return None


def build_tandem(
    given: TandemInput,
    library: Library,
    taken: Iterable[str],
    *,
    registered: Iterable[Tandem] = (),
    now: datetime | None = None,
    zone: ZoneInfo | None = None,
) -> Tandem:
    """A checked Tandem from what the user gave, or TandemError naming every mistake.

    `taken` are the ids in use. A mentor and mentee who already form one of
    `registered` are refused with that one problem, naming the tandem they are.
    A first meeting is checked against `now` (default: this machine's time); it is
    the time in `zone` (default: this machine's), and keeps that zone.
    """
    taken_ids = set(taken)
    problems: list[str] = []
    names: dict[str, str] = {}
    for role, raw in (("mentor", given.mentor), ("mentee", given.mentee)):
        name = " ".join(raw.split())
        if (problem := _name_problems(role, name)) is not None:
            problems.append(problem)
        names[role] = name
    if names["mentor"] and same_name(names["mentor"]) == same_name(names["mentee"]):
        problems.append(_("mentee: the same person as the mentor; a tandem needs two people"))
    existing = find_pair(registered, names["mentor"], names["mentee"])
    if existing is not None:
        # TRANSLATORS: "tandem" names what is wrong, before the reason.
        raise TandemError([_("tandem: {problem}").format(problem=registered_already(existing))])
    emails: dict[str, str] = {}
    for role, raw in (("mentor_email", given.mentor_email), ("mentee_email", given.mentee_email)):
        email = raw.strip()
        if email and not EMAIL_PATTERN.match(email):
            problems.append(
                _('{field}: "{email}" is not an e-mail address like name@example.org').format(
                    field=role, email=email
                )
            )
        emails[role] = email
    program = given.program.strip() or default_program(library) or ""
    if program not in library.programs:
        # TRANSLATORS: the list of known programs when there is none.
        known = ", ".join(sorted(library.programs)) or _("none")
        near = difflib.get_close_matches(program, list(library.programs), n=1)
        problems.append(
            _(
                'program: "{program}" does not exist (did you mean "{near}"?); '
                "known programs: {known}"
            ).format(program=program, near=near[0], known=known)
            if near
            else _('program: "{program}" does not exist; known programs: {known}').format(
                program=program, known=known
            )
        )
    goals = tuple(" ".join(goal.split()) for goal in given.goals if goal.strip())
    if any(has_control(goal) for goal in goals):
        problems.append(_("goals: a goal holds control characters; type it as plain text"))
    for goal in goals:
        if len(goal) > MAX_GOAL:
            problems.append(
                _(
                    'goals: "{goal}…" has {count} characters; a goal may have at most {limit}'
                ).format(goal=goal[:30], count=_number(len(goal)), limit=_number(MAX_GOAL))
            )
    tandem_id = given.id.strip()
    if tandem_id:
        if not ID_PATTERN.match(tandem_id):
            problems.append(
                _('id: "{id}" is not a valid id; use {rule}').format(id=tandem_id, rule=_(ID_RULE))
            )
        elif tandem_id in taken_ids:
            problems.append(_('id: "{id}" is taken by another tandem').format(id=tandem_id))
    first_meeting: datetime | None = None
    if given.first_meeting.strip():
        try:
            moment = now or datetime.now().astimezone()
            first_meeting = parse_meeting(given.first_meeting, moment, zone)
        except DateError as error:
            # TRANSLATORS: first_meeting is a CSV column's name: keep it as it is.
            problems.append(_("first_meeting: {problem}").format(problem=error))
    if problems:
        raise TandemError(problems)
    return Tandem(
        next_meeting=first_meeting,
        id=tandem_id or suggest_id(names["mentor"], names["mentee"], taken_ids),
        mentor=Participant(names["mentor"], emails["mentor_email"]),
        mentee=Participant(names["mentee"], emails["mentee_email"]),
        program=program,
        goals=goals,
    )


def edit_tandem(
    tandem: Tandem, given: TandemInput, library: Library, *, registered: Iterable[Tandem] = ()
) -> Tandem:
    """`tandem` with the names, e-mails, program and goals of `given`, checked as for a new one.

    The id, the sessions held and the next meeting stay. A new program applies from
    the next session on: sessions held keep the agendas they were held with. Names
    that make it the same pair as another of `registered` are refused.
    """
    others = [t for t in registered if t.id != tandem.id]
    checked = build_tandem(replace(given, id="", first_meeting=""), library, (), registered=others)
    return replace(
        tandem,
        mentor=checked.mentor,
        mentee=checked.mentee,
        program=checked.program,
        goals=checked.goals,
    )


def split_goals(text: str) -> tuple[str, ...]:
    """Goals typed on one line, separated by semicolons (or lines, as in a spreadsheet cell)."""
    return tuple(goal.strip() for goal in re.split(r"[;\n]", text) if goal.strip())


def _normalise_header(name: str) -> str:
    return re.sub(r"[\s-]+", "_", name.strip().lower())


@dataclass(frozen=True)
class CsvImport:
    """What a CSV file holds: its new tandems, or the rows registered already if all are."""

    tandems: list[Tandem]
    registered: list[tuple[int, Tandem]]  # (row, the tandem that pair is) when nothing is new


def _rows(reader: Iterator[list[str]], shown: str) -> Iterator[list[str]]:
    """The rows of a CSV reader; a row it cannot read (a cell over the csv module's
    128 KiB, a quote never closed) is a TandemError naming that row."""
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            row = getattr(reader, "line_num", 0)
            message = (
                _("{file}: row {row}: a cell is longer than 128 KiB; nothing imported")
                if "field larger" in str(error)
                else _("{file}: row {row}: cannot be read ({reason}); nothing imported")
            )
            raise TandemError([message.format(file=shown, row=row, reason=error)]) from None
        yield cells


def read_csv(
    path: Path,
    library: Library,
    taken: Iterable[str],
    *,
    registered: Iterable[Tandem] = (),
    now: datetime | None = None,
    zone: ZoneInfo | None = None,
) -> CsvImport:
    """Every tandem of a CSV file, or TandemError listing every bad row by its number.

    The header needs `mentor,mentee`; `mentor_email`, `mentee_email`, `program`,
    `id`, `first_meeting` (`YYYY-MM-DD HH:MM` in `zone`, by default this machine's)
    and `goals` (separated by
    semicolons or line breaks within the cell) are optional. Commas,
    semicolons (as spreadsheets write them in German locales) and tabs are all
    understood; a byte-order mark is ignored.

    All rows or none: a row whose pair is one of `registered` already is a mistake
    when other rows are new. When every row is registered already (the same file
    imported twice), nothing is new and `CsvImport.registered` names them all.
    """
    shown = display_path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise TandemError([_("{file}: no such file").format(file=shown)]) from None
    except OSError as error:
        raise TandemError(
            [_("{file}: cannot be read: {reason}").format(file=shown, reason=os_reason(error))]
        ) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        row = raw[: error.start].count(b"\n") + 1
        raise TandemError(
            [
                _("{file}: row {row}: not UTF-8; save the file as UTF-8 CSV").format(
                    file=shown, row=row
                )
            ]
        ) from None
    if not text.strip():
        raise TandemError(
            [
                _("{file}: the file is empty; it needs a header line mentor,mentee").format(
                    file=shown
                )
            ]
        )
    first_line = text.splitlines()[0]
    delimiter = max(",;\t", key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows = _rows(reader, shown)
    header = [_normalise_header(h) for h in next(rows)]
    problems = []
    for column in header:
        if column not in CSV_COLUMNS:
            near = difflib.get_close_matches(column, CSV_COLUMNS, n=1)
            unknown = (
                _(
                    '{file}: row 1: unknown column "{column}" (did you mean "{near}"?); '
                    "allowed: {allowed}"
                )
                if near
                else _('{file}: row 1: unknown column "{column}"; allowed: {allowed}')
            )
            problems.append(
                unknown.format(
                    file=shown,
                    column=column,
                    near=near[0] if near else "",
                    allowed=", ".join(CSV_COLUMNS),
                )
            )
    for column in CSV_REQUIRED:
        if column not in header:
            problems.append(
                _('{file}: row 1: the header has no "{column}" column').format(
                    file=shown, column=column
                )
            )
    duplicates = {c for c in header if header.count(c) > 1}
    problems.extend(
        _('{file}: row 1: column "{column}" appears twice').format(file=shown, column=c)
        for c in sorted(duplicates)
    )
    if problems:
        raise TandemError(problems)

    taken_ids = set(taken)
    existing = list(registered)
    moment = now or datetime.now().astimezone()
    tandems: list[Tandem] = []
    known: list[tuple[int, Tandem]] = []
    pairs: dict[tuple[str, str], int] = {}
    for cells in rows:
        row = reader.line_num
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) > len(header):
            problems.append(
                _(
                    "{file}: row {row}: {cells} cells but the header has {columns}; "
                    "is there a stray {delimiter} in a name?"
                ).format(
                    file=shown,
                    row=row,
                    cells=len(cells),
                    columns=len(header),
                    delimiter=repr(delimiter),
                )
            )
            continue
        values = dict(zip(header, cells, strict=False))
        pair = (same_name(values.get("mentor", "")), same_name(values.get("mentee", "")))
        if all(pair) and pair in pairs:
            problems.append(
                _("{file}: row {row}: the same tandem as row {other}").format(
                    file=shown, row=row, other=pairs[pair]
                )
            )
            continue
        pairs[pair] = row
        found = find_pair(existing, *pair) if all(pair) else None
        if found is not None:
            known.append((row, found))
            continue
        given = TandemInput(
            mentor=values.get("mentor", ""),
            mentee=values.get("mentee", ""),
            mentor_email=values.get("mentor_email", ""),
            mentee_email=values.get("mentee_email", ""),
            program=values.get("program", ""),
            id=values.get("id", ""),
            first_meeting=values.get("first_meeting", ""),
            goals=split_goals(values.get("goals", "")),
        )
        try:
            tandem = build_tandem(given, library, taken_ids, now=moment, zone=zone)
        except TandemError as error:
            problems.extend(
                _("{file}: row {row}: {problem}").format(file=shown, row=row, problem=problem)
                for problem in error.problems
            )
            continue
        taken_ids.add(tandem.id)
        tandems.append(tandem)
    if known and (tandems or problems):
        problems.extend(
            _("{file}: row {row}: {problem}; remove the row").format(
                file=shown, row=row, problem=registered_already(tandem)
            )
            for row, tandem in known
        )
        problems.sort(key=lambda problem: _row_number(problem.removeprefix(shown)))
    if problems:
        raise TandemError(problems)
    if not tandems and not known:
        raise TandemError([_("{file}: no tandems below the header").format(file=shown)])
    return CsvImport(tandems, known)


def _row_number(problem: str) -> int:
    """The row a problem of `read_csv` names (after its file's name: ": row 3: ..."),
    to list them in the order of the file, in any language."""
    found = re.match(r"\D*(\d+): ", problem)
    return int(found.group(1)) if found else 0
