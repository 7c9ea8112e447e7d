"""Agendas and programs as facilitators edit them: drafts, checked and saved as TOML.

A draft holds what is typed, as typed (minutes may be "abc" for a moment). It is
checked by writing it as the TOML file it would become and running the very checks
of `agenda check` over that text, so the editor and the command never disagree.
Saving writes the same text atomically; it loads back equal.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import tomli_w

from tandem_tui import i18n
from tandem_tui.agendas import Problem, Severity, bundled_dir, parse_text
from tandem_tui.i18n import _
from tandem_tui.library import Library, check_references
from tandem_tui.model import Agenda, Cadence, Program, Role
from tandem_tui.paths import atomic_write_text, ensure_private_dir, unsaved_dir

DEFAULT_MINUTES = 60


def chrome_language() -> str:
    """A new agenda's or program's language: the one the app speaks ("de" in Swiss German
    too: agendas name the language, not the region)."""
    return i18n.chrome().base


@dataclass
class CardDraft:
    title: str = ""
    minutes: str = "10"
    direction: Role = Role.MENTOR
    prompts: str = ""  # one per line

    @property
    def minutes_value(self) -> int | None:
        text = self.minutes.strip()
        return int(text) if text.isdigit() else None

    def to_data(self) -> dict[str, Any]:
        minutes: int | str = self.minutes_value if self.minutes_value is not None else self.minutes
        return {
            "title": self.title,
            "minutes": minutes,
            "direction": self.direction.value,
            "prompts": [line.strip() for line in self.prompts.splitlines() if line.strip()],
        }


@dataclass
class AgendaDraft:
    id: str = ""
    title: str = ""
    language: str = field(default_factory=chrome_language)
    description: str = ""
    cards: list[CardDraft] = field(default_factory=list)

    @classmethod
    def of(cls, agenda: Agenda) -> AgendaDraft:
        return cls(
            id=agenda.id,
            title=agenda.title,
            language=agenda.language,
            description=agenda.description,
            cards=[
                CardDraft(c.title, str(c.minutes), c.direction, "\n".join(c.prompts))
                for c in agenda.cards
            ],
        )

    @property
    def total_minutes(self) -> int:
        return sum(card.minutes_value or 0 for card in self.cards)

    def to_toml(self) -> str:
        head = {"id": self.id, "title": self.title, "language": self.language}
        if self.description.strip():
            head["description"] = self.description
        data: dict[str, Any] = {"agenda": head, "cards": [c.to_data() for c in self.cards]}
        return tomli_w.dumps(data)


@dataclass
class ProgramDraft:
    id: str = ""
    title: str = ""
    language: str = field(default_factory=chrome_language)
    description: str = ""
    cadence: Cadence = Cadence.EVERY_4_WEEKS
    meeting_minutes: str = str(DEFAULT_MINUTES)
    sessions: list[str] = field(default_factory=list)  # agenda ids, session 1 first

    @classmethod
    def of(cls, program: Program) -> ProgramDraft:
        return cls(
            id=program.id,
            title=program.title,
            language=program.language,
            description=program.description,
            cadence=program.cadence,
            meeting_minutes=str(program.meeting_minutes),
            sessions=list(program.sessions),
        )

    def to_toml(self) -> str:
        text = self.meeting_minutes.strip()
        minutes: int | str = int(text) if text.isdigit() else self.meeting_minutes
        head: dict[str, Any] = {"id": self.id, "title": self.title, "language": self.language}
        if self.description.strip():
            head["description"] = self.description
        head.update(cadence=self.cadence.value, meeting_minutes=minutes, sessions=self.sessions)
        return tomli_w.dumps({"program": head})


def is_bundled(source: str | None) -> bool:
    """Bundled agendas and programs are read-only: they are duplicated to be edited."""
    if not source:
        return False
    try:
        return Path(source).resolve().is_relative_to(bundled_dir().resolve())
    except OSError:
        return False


def target_path(folder: Path, item_id: str, source: str | None) -> Path:
    """Where saving writes: the file it came from, unless bundled; else FOLDER/ID.toml."""
    if source and not is_bundled(source):
        return Path(source)
    return folder / f"{item_id}.toml"


def check(
    draft: AgendaDraft | ProgramDraft, path: Path, library: Library, *, source: str | None = None
) -> list[Problem]:
    """Every problem `agenda check` would find in the saved file, plus ids already taken."""
    parsed = parse_text(path, draft.to_toml())
    problems = list(parsed.problems)
    kind = "agenda" if isinstance(draft, AgendaDraft) else "program"
    known: dict[str, Agenda] | dict[str, Program] = (
        library.agendas if kind == "agenda" else library.programs
    )
    other = known.get(draft.id)
    if other is not None and (other.source is None or source is None or other.source != source):
        problems.append(
            Problem(
                path=str(path),
                message=(
                    _('agenda id "{id}" is already used by {file}; give this one its own id')
                    if kind == "agenda"
                    else _('program id "{id}" is already used by {file}; give this one its own id')
                ).format(id=draft.id, file=other.source or _("another file")),
                field=f"{kind}.id",
            )
        )
    if isinstance(draft, ProgramDraft) and not parsed.problems:
        problems += check_references(parsed, library.agendas)
    return problems


def errors(problems: Sequence[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity is Severity.ERROR]


def save(draft: AgendaDraft | ProgramDraft, path: Path) -> None:
    """Write the draft's TOML atomically; the folder is made if need be."""
    ensure_private_dir(path.parent)
    atomic_write_text(path, draft.to_toml())


# Unsaved drafts: what an editor held when the app closed, to pick up next time ------------


def unsaved_path(home: Path, kind: str, key: str) -> Path:
    """Where the unsaved draft of the `kind` ("agenda", "program") opened as `key` is kept."""
    return unsaved_dir(home) / f"{kind}-{key or 'new'}.json"


def keep_unsaved(draft: AgendaDraft | ProgramDraft, home: Path, key: str) -> Path:
    """Write the draft, mistakes and all, so that quitting or a crash loses none of it."""
    kind = "agenda" if isinstance(draft, AgendaDraft) else "program"
    path = unsaved_path(home, kind, key)
    ensure_private_dir(path.parent)
    atomic_write_text(path, json.dumps({"kind": kind, "draft": asdict(draft)}, indent=1))
    return path


def take_unsaved(home: Path, kind: str, key: str) -> AgendaDraft | ProgramDraft | None:
    """The draft kept by `keep_unsaved`, or None when there is none or it cannot be read."""
    path = unsaved_path(home, kind, key)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))["draft"]
        if kind == "agenda":
            cards = [
                CardDraft(
                    title=str(card["title"]),
                    minutes=str(card["minutes"]),
                    direction=Role(card["direction"]),
                    prompts=str(card["prompts"]),
                )
                for card in data["cards"]
            ]
            return AgendaDraft(
                id=str(data["id"]),
                title=str(data["title"]),
                language=str(data["language"]),
                description=str(data["description"]),
                cards=cards,
            )
        return ProgramDraft(
            id=str(data["id"]),
            title=str(data["title"]),
            language=str(data["language"]),
            description=str(data["description"]),
            cadence=Cadence(data["cadence"]),
            meeting_minutes=str(data["meeting_minutes"]),
            sessions=[str(agenda_id) for agenda_id in data["sessions"]],
        )
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError):
        return None  # a kept draft that cannot be read is no reason to refuse the editor


def drop_unsaved(home: Path, kind: str, key: str) -> None:
    """Saved or given up on: the kept draft goes."""
    unsaved_path(home, kind, key).unlink(missing_ok=True)


def unsaved_drafts(home: Path) -> list[Path]:
    folder = unsaved_dir(home)
    return sorted(folder.glob("*.json")) if folder.is_dir() else []
