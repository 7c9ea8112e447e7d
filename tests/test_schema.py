"""Every file is checked before use (issue 11, point 2): a file of the wrong shape is named
in one line, never overwritten, and the other tandems keep working, in every command and
in the app."""

from __future__ import annotations

import copy
import json
import shutil
import tempfile
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tandem_tui.app import create_app
from tandem_tui.clock import ManualClock
from tandem_tui.export import export_tandem
from tandem_tui.library import Library, load_library
from tandem_tui.meeting import next_meeting_minutes, review_card
from tandem_tui.minutes import minutes_markdown
from tandem_tui.model import (
    Feedback,
    FollowUp,
    Note,
    NoteKind,
    Owner,
    Participant,
    Role,
    Session,
    SessionStatus,
    Tandem,
)
from tandem_tui.report import cohort_report
from tandem_tui.schema import validate
from tandem_tui.store import SCHEMA_VERSION, CorruptFile, ExportMark, Settings, Store, StoreError
from tandem_tui.vault import KdfCost, make_lock, note_aad, seal

CHEAP = KdfCost(memory_kib=8192, iterations=1, lanes=1)
NOW = datetime(2026, 11, 27, 16, 0, tzinfo=UTC)
LIBRARY = load_library(Path(tempfile.gettempdir()) / "tandem-tui-schema-no-home")


def fill(home: Path) -> None:
    """Lena and Markus with everything a tandem file can hold; Anna and Hans beside them."""
    library = load_library(home)
    tandem = Tandem(
        id="lena-markus",
        mentor=Participant("Lena Vogel", "lena@example.org"),
        mentee=Participant("Markus Brandt"),
        program="reverse-mentoring-en",
        goals=("Use the team chat",),
        created_at=NOW,
        next_meeting=datetime(2026, 12, 4, 17, 0, tzinfo=UTC),
    )
    with Store.open(home) as store:
        store.add_tandem(tandem)
        store.add_tandem(
            Tandem(
                "anna-hans",
                Participant("Anna Roth"),
                Participant("Hans Weber"),
                "reverse-mentoring-en",
            )
        )
        session = Session.start(1, library.agenda("rm-en-1-kickoff"), now=NOW)
        session.cards[0].used_seconds = 312.5
        session.cards[0].planned_minutes = 12
        session.status = SessionStatus.ENDED
        session.ended_at = NOW
        session.feedback = {
            Role.MENTOR: Feedback(4, 5, "more of this"),
            Role.MENTEE: Feedback(3, 4),
        }
        store.save_session(tandem.id, session)
        store.save_session(tandem.id, Session.start(2, library.agenda("rm-en-2-digital-workplace")))
        store.save_followup(
            tandem.id, FollowUp("Try the chat", Owner.MENTEE, date(2026, 12, 1), session=1, card=0)
        )
        store.save_followup(tandem.id, FollowUp("Read the guide").done(NOW))
        store.save_followup("anna-hans", FollowUp("Show the wiki", Owner.MENTOR))
        store.save_note(tandem.id, Note(1, 0, "shared words"))
        store.save_note(tandem.id, Note(1, 1, "mine", NoteKind.PRIVATE, Role.MENTOR))
        lock, key, _ = make_lock({}, tandem.id, Role.MENTEE, "a long passphrase", cost=CHEAP)
        store.save_lock(tandem.id, lock)
        sealed = seal(key, "sealed words", note_aad(tandem.id, 1, 2, Role.MENTEE))
        store.save_note(tandem.id, Note(1, 2, "", NoteKind.PRIVATE, Role.MENTEE, sealed=sealed))
        store.save_export_marks(tandem.id, {"uid-1@tandem-tui": ExportMark("abc", 2)})
        store.save_settings(Settings(files_folder=home.parent / "Documents"))


def tables_of(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text())


def tandem_file(home: Path, tandem_id: str = "lena-markus") -> Path:
    return home / "tandems" / tandem_id / "tandem.json"


@pytest.fixture
def filled(home: Path) -> Path:
    fill(home)
    return home


def test_files_as_the_app_writes_them_pass(filled: Path) -> None:
    folder = filled / "tandems" / "lena-markus"
    assert validate("tandem", tables_of(folder / "tandem.json")) is None
    assert validate("notes", tables_of(folder / "notes-01.json")) is None
    assert validate("settings", tables_of(filled / "settings.json")) is None


def test_older_files_without_optional_fields_pass() -> None:
    """What from_doc reads without, a file may lack: older versions wrote less."""
    card = {"title": "Kick-off", "minutes": 10}
    tables = {
        "tandem": {
            "1": {
                "id": "lena-markus",
                "mentor": {"name": "Lena"},
                "mentee": {"name": "Markus"},
                "program": "reverse-mentoring-en",
            }
        },
        "sessions": {
            "1": {
                "number": 1,
                "agenda": {"id": "a", "title": "A", "cards": [card]},
                "cards": [{"card": card}],
            }
        },
        "followups": {"1": {"id": "abcd1234", "text": "Call"}},
        "exports": {"1": {}},
        "a-table-of-a-newer-version": {"1": {"anything": [1, 2]}},
    }
    assert validate("tandem", tables) is None
    assert validate("notes", {"notes": {"1": {"session": 1, "card": 0}}}) is None
    assert validate("settings", {"settings": {"1": {}}}) is None


def put(tables: dict[str, Any], where: str, value: Any) -> dict[str, Any]:
    """A copy of `tables` with the value at `where` (`sessions.1.cards.0.status`) replaced;
    the value `DELETE` removes the key."""
    changed = copy.deepcopy(tables)
    *parents, last = where.split(".")
    node: Any = changed
    for step in parents:
        node = node[int(step)] if isinstance(node, list) else node[step]
    key: Any = int(last) if isinstance(node, list) else last
    if value is DELETE:
        del node[key]
    else:
        node[key] = value
    return changed


DELETE = object()

# The wrong shapes a hand or a broken program may leave, each with what is said of it.
WRONG_TANDEM_FILES = [
    ("tandem.1.mentor", DELETE, "table 'tandem', entry 1: 'mentor' is missing"),
    ("tandem.1.mentor", "Lena", "table 'tandem', entry 1: 'mentor' must be an object"),
    ("tandem.1.mentee.name", 7, "'mentee.name' must be a text"),
    ("tandem.1.id", "Lena Markus", "'id' must be an id of lower-case letters"),
    ("tandem.1.goals", "Chat", "'goals' must be a list"),
    ("tandem.1.next_meeting", "next friday", "'next_meeting' must be a date and time like"),
    ("tandem.1.created_at", "2026-11-27T16:00:00", "must say its offset from UTC"),
    ("tandem.1.next_meeting", "9999-12-31T23:00:00+00:00", "must be in the years 1900 to 2200"),
    ("sessions.1.number", 0, "table 'sessions', entry 1: 'number' must be from 1 to 999, not 0"),
    ("sessions.2.number", 1, "table 'sessions', entry 2: 'number' is the same as in entry 1"),
    ("sessions.1.cards", [], "'cards' must not be empty"),
    (
        "sessions.1.agenda.cards.0.minutes",
        "ten",
        "'agenda.cards[0].minutes' must be a whole number",
    ),
    ("sessions.1.cards.0.planned_minutes", 0, "'cards[0].planned_minutes' must be from 1 to 240"),
    ("sessions.1.cards.0.used_seconds", -3, "'cards[0].used_seconds' must be from 0"),
    ("sessions.1.cards.0.used_seconds", float("nan"), "'cards[0].used_seconds' must be from 0"),
    (
        "sessions.1.cards.0.status",
        "finished",
        "'cards[0].status' must be one of pending, done, skipped",
    ),
    ("sessions.1.current", 40, "'current' is card 40, but the session has"),
    ("sessions.1.paused", "yes", "'paused' must be true or false"),
    ("sessions.1.feedback.mentor.useful", 7, "'feedback.mentor.useful' must be from 1 to 5, not 7"),
    ("sessions.1.feedback", {"boss": {"useful": 1, "eye_level": 1}}, "'feedback' has a key that"),
    ("followups.1.owner", "boss", "'owner' must be one of mentor, mentee, both, not 'boss'"),
    ("followups.1.due", "soon", "'due' must be a date like 2026-11-27, not 'soon'"),
    ("followups.2.id", None, "table 'followups', entry 2: 'id' must be a text"),
    # The rest of a lock is checked when it is read, closing only that person's notes
    # (tests/test_tamper.py).
    ("tandem.1.mentor.name", "Lena\nVogel", "'mentor.name' must be one line"),
    ("locks.1.role", "boss", "table 'locks', entry 1: 'role' must be one of mentor, mentee"),
    ("sessions.x", {}, "table 'sessions': entry 'x' must be numbered 1, 2, 3"),
    ("sessions", [], "table 'sessions' must be an object"),
]


@pytest.mark.parametrize(("where", "value", "said"), WRONG_TANDEM_FILES)
def test_a_wrong_shape_is_named_by_table_entry_and_field(
    filled: Path, where: str, value: Any, said: str
) -> None:
    tables = tables_of(tandem_file(filled))
    problem = validate("tandem", put(tables, where, value))
    assert problem is not None and said in problem, problem
    assert "\n" not in problem


@pytest.mark.parametrize(
    ("where", "value", "said"),
    [
        ("exports.1.marks", {"uid": ["abc"]}, "'marks.uid' must be a list of two"),
        ("exports.1.sent", {"uid": 3}, "'sent.uid' must be a text"),
        ("exports.1.cancelled", "uid", "'cancelled' must be a list"),
    ],
)
def test_a_wrong_exports_file_is_named(filled: Path, where: str, value: Any, said: str) -> None:
    tables = tables_of(filled / "tandems" / "lena-markus" / "exports.json")
    problem = validate("exports", put(tables, where, value))
    assert problem is not None and said in problem, problem


@pytest.mark.parametrize(
    ("where", "value", "said"),
    [
        ("notes.1.kind", "secret", "table 'notes', entry 1: 'kind' must be one of shared, private"),
        ("notes.2.person", None, "table 'notes', entry 2: 'person' is missing: a private note"),
        ("notes.1.person", "mentor", "'person' must be null: a shared note is nobody's own"),
        ("notes.1.sealed", "AAAA", "'sealed' must be null: only private notes are sealed"),
        ("notes.3.text", "plain words", "'text' must be empty: a sealed note"),
        ("notes.1.card", -1, "'card' must be from 0"),
        ("notes.1.text", ["a"], "'text' must be a text"),
    ],
)
def test_a_wrong_notes_file_is_named(filled: Path, where: str, value: Any, said: str) -> None:
    tables = tables_of(filled / "tandems" / "lena-markus" / "notes-01.json")
    problem = validate("notes", put(tables, where, value))
    assert problem is not None and said in problem, problem


def test_a_wrong_value_is_quoted_short_and_harmless() -> None:
    tables = {"followups": {"1": {"id": "abcd", "text": "x", "owner": "\x1b[2J" + "b" * 200}}}
    problem = validate("tandem", tables)
    assert problem is not None and "\x1b" not in problem and "\\u001b" in problem
    assert len(problem) < 150


# Any change anywhere in a good file: either the check names it, or everything that
# reads the file works. So what passes the check never ends in a traceback.

JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.sampled_from(
        [
            "",
            "mentor",
            "mentee",
            "both",
            "done",
            "private",
            "shared",
            "ended",
            "x",
            "2026-12-01",
            "2026-11-27T16:00:00+00:00",
            "argon2id",
            "AAAAAAAAAAAAAAAAAAAAAA==",
            "lena-markus",
        ]
    )
    | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=6,
)


def near(value: Any) -> st.SearchStrategy[Any]:
    """Values of the same type as `value`: the wrong shapes that are hardest to see."""
    if isinstance(value, bool):
        return st.booleans()
    if isinstance(value, int):
        return st.integers(min_value=-2, max_value=300) | st.integers()
    if isinstance(value, float):
        return st.floats()
    if isinstance(value, str):
        return st.sampled_from(
            ["", " ", "0001-01-01", "9999-12-31T23:59:59+14:00", "2026-11-27T16:00:00", value + "x"]
        ) | st.text(max_size=4)
    if isinstance(value, list):
        return st.lists(st.sampled_from(value), max_size=3) if value else st.just([])
    return st.just({})


def _places(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix] if prefix else []
    children = (
        node.items()
        if isinstance(node, dict)
        else enumerate(node)
        if isinstance(node, list)
        else []
    )
    for key, child in children:
        found += _places(child, (*prefix, key))
    return found


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("schema") / "home"
    fill(home)
    return home


def _use_everything(home: Path, library: Library) -> None:
    """What the commands and the screens read of a tandem and its notes: it works, or
    fails with the store's own one-line message naming the file."""
    try:
        with Store.open(home, readonly=True) as store:
            tandem = store.tandem("lena-markus")
            sessions = store.sessions("lena-markus")
            followups = store.followups("lena-markus")
            store.locks("lena-markus")
            store.summaries(date(2026, 12, 2))
            review_card(store, tandem, "en")
            next_meeting_minutes(store, library, tandem)
            program = library.programs.get(tandem.program)
            for session in sessions:
                notes = store.shared_notes("lena-markus", session.number)
                minutes_markdown(tandem, session, notes, followups, program)
                for note in store.notes("lena-markus", session.number):
                    assert note.kind in NoteKind
            cohort_report(store, library, date(2026, 12, 2))
        with Store.open(home) as store:
            export_tandem(store, library, store.tandem("lena-markus"), zone=UTC)
    except StoreError as error:
        assert "lena-markus" in str(error) and "\n" not in str(error)


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_what_passes_the_check_never_breaks_a_reader(template: Path, data: st.DataObject) -> None:
    kind = data.draw(st.sampled_from(["tandem.json", "notes-01.json"]))
    tables = tables_of(template / "tandems" / "lena-markus" / kind)
    place = data.draw(st.sampled_from([p for p in _places(tables) if p[0] != "_meta"]))
    *parents, last = place
    node: Any = tables
    for step in parents:
        node = node[step]
    if isinstance(node, dict) and data.draw(st.booleans()):
        del node[last]
    else:
        node[last] = data.draw(JSON_VALUES | near(node[last]))
    if validate(kind.split("-")[0].removesuffix(".json"), tables) is not None:
        return
    with tempfile.TemporaryDirectory() as scratch:
        home = Path(scratch) / "home"
        shutil.copytree(template, home)
        (home / "tandems" / "lena-markus" / kind).write_text(json.dumps(tables))
        _use_everything(home, LIBRARY)


# The store and the command line ---------------------------------------------------------

AUDIT_EXAMPLE = {
    "_meta": {"1": {"kind": "tandem", "schema": SCHEMA_VERSION}},
    "tandem": {"1": {"id": "lena-markus"}},
}


def test_the_store_refuses_a_wrong_shape_and_never_writes_it(filled: Path) -> None:
    path = tandem_file(filled)
    path.write_text(json.dumps(AUDIT_EXAMPLE))
    before = path.read_bytes()
    with Store.open(filled) as store:
        with pytest.raises(CorruptFile, match="'mentor' is missing"):
            store.tandem("lena-markus")
        with pytest.raises(CorruptFile):
            store.save_followup("lena-markus", FollowUp("Call"))
        tandems, problems = store.tandems()
        assert [t.id for t in tandems] == ["anna-hans"]
        assert len(problems) == 1 and "tandem.json" in str(problems[0])
    assert path.read_bytes() == before


COMMANDS = [
    ("tandem", "list"),
    ("tandem", "list", "--json"),
    ("report",),
    ("report", "--json"),
    ("followup", "list"),
    ("followup", "list", "--json"),
]
ABOUT_LENA = [
    ("export", "lena", "-o", "-"),
    ("minutes", "lena"),
    ("followup", "add", "lena", "Call HR"),
    ("followup", "list", "lena"),
    ("tandem", "edit", "lena", "--goal", "more"),
    ("tandem", "plan", "lena", "2030-01-01 10:00"),
    ("meet", "lena"),
]


def _one_line_naming(stderr: str, name: str) -> None:
    lines = [line for line in stderr.splitlines() if name in line]
    assert len(lines) == 1, stderr
    assert "Traceback" not in stderr and "KeyError" not in stderr


def test_every_command_names_the_file_and_serves_the_other_tandems(cli, filled: Path) -> None:
    tandem_file(filled).write_text(json.dumps(AUDIT_EXAMPLE))
    shown = "tandems/lena-markus/tandem.json"
    for command in COMMANDS:
        result = cli(*command)
        assert result.returncode == 0, (command, result.stderr)
        _one_line_naming(result.stderr, shown)
        assert "anna-hans" in result.stdout, command
        assert "'mentor' is missing" in result.stderr
    result = cli("export", "--all", "-o", "calendars")
    assert result.returncode == 0 and "anna-hans.ics" in result.stdout
    _one_line_naming(result.stderr, shown)
    for command in ABOUT_LENA:
        result = cli(*command)
        assert result.returncode == 1, (command, result.stdout)
        _one_line_naming(result.stderr, shown)
    assert cli("minutes", "anna").returncode == 1  # not met yet: its own message
    assert cli("followup", "add", "anna", "Call HR").returncode == 0
    assert json.loads(tandem_file(filled).read_text()) == AUDIT_EXAMPLE, "never overwritten"


@pytest.mark.parametrize(("where", "value", "said"), WRONG_TANDEM_FILES[::3])
def test_the_commands_name_each_wrong_shape(
    cli, filled: Path, where: str, value: Any, said: str
) -> None:
    path = tandem_file(filled)
    path.write_text(json.dumps(put(tables_of(path), where, value)))
    for command in (("tandem", "list"), ("report",)):
        result = cli(*command)
        assert result.returncode == 0
        _one_line_naming(result.stderr, "tandems/lena-markus/tandem.json")
        assert said.split(": ")[-1] in result.stderr
        assert "anna-hans" in result.stdout
    result = cli("followup", "add", "lena", "Call HR")
    assert result.returncode == 1
    _one_line_naming(result.stderr, "tandems/lena-markus/tandem.json")


def test_a_wrong_notes_file_is_named_and_the_rest_works(cli, filled: Path) -> None:
    path = filled / "tandems" / "lena-markus" / "notes-01.json"
    path.write_text(json.dumps(put(tables_of(path), "notes.1.kind", "secret")))
    result = cli("minutes", "lena", "--session", "1")
    assert result.returncode == 1
    _one_line_naming(result.stderr, "tandems/lena-markus/notes-01.json")
    assert cli("tandem", "list").returncode == 0
    assert cli("export", "lena", "-o", "-").returncode == 0


def test_a_file_of_a_newer_version_says_so(cli, filled: Path) -> None:
    path = tandem_file(filled)
    tables = tables_of(path)
    tables["_meta"]["1"]["schema"] = 99
    tables["tandem"]["1"]["mentor"] = "shaped as version 99 wants"
    path.write_text(json.dumps(tables))
    result = cli("tandem", "list")
    assert result.returncode == 0 and "anna-hans" in result.stdout
    _one_line_naming(result.stderr, "tandems/lena-markus/tandem.json")
    assert "written by a newer tandem-tui (schema 99" in result.stderr
    assert "upgrade tandem-tui" in result.stderr
    result = cli("export", "lena", "-o", "-")
    assert result.returncode == 1 and "newer tandem-tui" in result.stderr
    assert tables_of(path) == tables


async def test_the_app_shows_the_file_and_goes_on(filled: Path) -> None:
    tandem_file(filled).write_text(json.dumps(AUDIT_EXAMPLE))
    app = create_app(filled, clock=ManualClock())
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        problems = str(app.screen.query_one("#home-problems").render())
        assert "tandems/lena-markus/tandem.json" in problems and "'mentor' is missing" in problems
        assert app.screen.query_one("#tandems").option_count == 1
        await pilot.press("enter")  # Anna and Hans meet as usual
        await pilot.pause()
        assert type(app.screen).__name__ == "MeetingScreen"
        await pilot.press("ctrl+q")
    assert app.return_code == 0


# Folders that are not tandems -----------------------------------------------------------


def test_what_is_not_a_tandem_is_ignored_with_a_note(cli, filled: Path) -> None:
    tandems = filled / "tandems"
    shutil.copytree(tandems / "lena-markus", tandems / "lena-markus.old")
    (tandems / ".x").mkdir()
    (tandems / "notes.txt").write_text("a file")
    (tandems / "empty").mkdir()
    result = cli("tandem", "list", "--json")
    assert result.returncode == 0
    assert sorted(t["id"] for t in json.loads(result.stdout)) == ["anna-hans", "lena-markus"]
    for name in ("lena-markus.old", ".x", "notes.txt", "empty"):
        assert len([line for line in result.stderr.splitlines() if f"tandems/{name} " in line]) == 1
    assert "holds lena-markus: a copy" in result.stderr
    assert "Traceback" not in result.stderr
    assert cli("forget", "lena-markus", "--yes").returncode == 0
    result = cli("tandem", "list")
    assert result.returncode == 0, result.stderr
    assert "anna-hans" in result.stdout and "lena-markus " not in result.stdout
    assert "tandems/lena-markus.old is not a tandem" in result.stderr
    result = cli("report")
    assert result.returncode == 0 and "anna-hans" in result.stdout
