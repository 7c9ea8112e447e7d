"""Agenda and program files: every mistake named with its place, and the bundled content sound."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import tandem_tui
from tandem_tui.agendas import Severity, bundled_dir, parse_file
from tandem_tui.library import load, load_library

GOOD_CARD = '[[cards]]\ntitle = "Tools"\nminutes = 10\nprompts = ["Which tools?"]\n'
HEAD = '[agenda]\nid = "tools"\ntitle = "Tools"\nlanguage = "en"\n\n'


def write(folder: Path, name: str, text: str | bytes) -> Path:
    path = folder / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def problems_of(path: Path) -> list[str]:
    return [str(p) for p in parse_file(path).problems]


def test_a_sound_agenda_loads(tmp_path: Path) -> None:
    parsed = parse_file(write(tmp_path, "a.toml", HEAD + GOOD_CARD))
    assert parsed.problems == []
    assert parsed.item is not None and parsed.item.id == "tools"
    assert parsed.item.cards[0].prompts == ("Which tools?",)


@pytest.mark.parametrize(
    ("card", "expected"),
    [
        ("[[cards]]\nminutes = 10\n", "a.toml:6: card 1: title: missing"),
        ('[[cards]]\ntitle = "  "\nminutes = 10\n', "a.toml:7: card 1: title: is empty"),
        (
            '[[cards]]\ntitle = "Tools"\nminutes = 0\n',
            'a.toml:8: card 1 "Tools": minutes: 0 is not allowed; give a whole number of minutes from 1 to 240',
        ),
        (
            '[[cards]]\ntitle = "Tools"\nminutes = 241\n',
            'card 1 "Tools": minutes: 241 is not allowed',
        ),
        (
            '[[cards]]\ntitle = "Tools"\nminutes = 2.5\n',
            'card 1 "Tools": minutes: 2.5 is not allowed',
        ),
        (
            '[[cards]]\ntitle = "Tools"\nminutes = "10"\n',
            'card 1 "Tools": minutes: "10" is not allowed',
        ),
        (
            '[[cards]]\ntitle = "Tools"\nminutes = true\n',
            'card 1 "Tools": minutes: true is not allowed',
        ),
        ('[[cards]]\ntitle = "Tools"\n', 'card 1 "Tools": minutes: missing; give a whole number'),
        (
            '[[cards]]\ntitle = "Tools"\nminuts = 10\n',
            'a.toml:8: card 1 "Tools": minuts: unknown key (did you mean "minutes"?); allowed: title, minutes, prompts, direction',
        ),
        (
            '[[cards]]\ntitle = "Tools"\nminutes = 10\nprompts = "Why?"\n',
            'card 1 "Tools": prompts: "Why?" is not allowed; give a list of texts',
        ),
        (
            '[[cards]]\ntitle = "Tools"\nminutes = 10\nprompts = ["Why?", 3]\n',
            'card 1 "Tools": prompts: prompt 2 is 3; every prompt must be a text',
        ),
        ('[[cards]]\ntitle = "Tools"\nminutes = 10\nprompts = [""]\n', "prompt 1 is an empty text"),
        (
            '[[cards]]\ntitle = "Tools"\nminutes = 10\ndirection = "boss"\n',
            'a.toml:9: card 1 "Tools": direction: "boss" is not allowed; give "mentor" (the default) or "mentee"',
        ),
    ],
)
def test_each_card_mistake_names_file_line_card_and_field(
    tmp_path: Path, card: str, expected: str
) -> None:
    found = problems_of(write(tmp_path, "a.toml", HEAD + card))
    assert any(expected in line for line in found), found


def test_a_mistake_in_the_second_card_names_its_number_and_title(tmp_path: Path) -> None:
    text = HEAD + GOOD_CARD + '\n[[cards]]\ntitle = "Social media"\nminutes = -5\n'
    assert problems_of(write(tmp_path, "a.toml", text)) == [
        'a.toml:13: card 2 "Social media": minutes: -5 is not allowed; '
        "give a whole number of minutes from 1 to 240"
    ]


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        ('[agenda]\nid = "tools"\nlanguage = "en"\n', "a.toml:1: agenda.title: missing"),
        (
            '[agenda]\nid = "tools"\ntitle = ""\nlanguage = "en"\n',
            "a.toml:3: agenda.title: is empty",
        ),
        ('[agenda]\ntitle = "T"\nlanguage = "en"\n', "agenda.id: missing"),
        (
            '[agenda]\nid = "My Tools"\ntitle = "T"\nlanguage = "en"\n',
            'agenda.id: "My Tools" is not a valid id',
        ),
        (
            '[agenda]\nid = "t"\ntitle = "T"\nlanguage = "English"\n',
            'agenda.language: "English" is not a language code',
        ),
        (
            '[agenda]\nid = "t"\ntitle = "T"\nlanguage = "en"\ndescripton = "x"\n',
            'agenda.descripton: unknown key (did you mean "description"?)',
        ),
        ('[agendum]\nid = "t"\n', 'agendum: unknown key (did you mean "agenda"?)'),
    ],
)
def test_each_agenda_table_mistake_is_named(tmp_path: Path, head: str, expected: str) -> None:
    found = problems_of(write(tmp_path, "a.toml", head + "\n" + GOOD_CARD))
    assert any(expected in line for line in found), found


def test_no_cards(tmp_path: Path) -> None:
    assert problems_of(write(tmp_path, "a.toml", HEAD)) == [
        "a.toml: no cards; add at least one [[cards]] table with title and minutes"
    ]


def test_empty_file(tmp_path: Path) -> None:
    assert problems_of(write(tmp_path, "a.toml", "  \n")) == [
        "a.toml: the file is empty; an agenda needs [agenda] and [[cards]]"
    ]


def test_file_not_utf8_names_line_and_column(tmp_path: Path) -> None:
    text = (HEAD + GOOD_CARD).replace('title = "Tools"', 'title = "Gr\xfc\xdfe"', 1)
    found = problems_of(write(tmp_path, "a.toml", text.encode("latin-1")))
    assert found == ["a.toml:3:12: not UTF-8 (byte 0xfc); save the file as UTF-8"]


def test_toml_syntax_error_names_line_and_column(tmp_path: Path) -> None:
    found = problems_of(write(tmp_path, "a.toml", HEAD + '[[cards]]\ntitle "Tools"\n'))
    assert found == ["a.toml:7:7: TOML syntax: Expected '=' after a key in a key/value pair"]


def test_every_mistake_of_every_file_at_once(tmp_path: Path) -> None:
    write(tmp_path, "one.toml", HEAD + '[[cards]]\ntitle = ""\nminutes = 0\ndirection = "x"\n')
    write(tmp_path, "two.toml", "")
    library = load([tmp_path])
    assert len(library.errors) == 4
    assert {p.path for p in library.errors} == {"one.toml", "two.toml"}


def test_duplicate_agenda_ids_across_files(tmp_path: Path) -> None:
    write(tmp_path, "a.toml", HEAD + GOOD_CARD)
    write(tmp_path, "b.toml", HEAD + GOOD_CARD)
    library = load([tmp_path])
    assert [str(p) for p in library.errors] == [
        'b.toml:2: agenda.id: agenda id "tools" is already used by a.toml; ids must be unique'
    ]


def test_program_naming_a_missing_agenda(tmp_path: Path) -> None:
    write(tmp_path, "a.toml", HEAD + GOOD_CARD)
    write(
        tmp_path,
        "p.toml",
        '[program]\nid = "p"\ntitle = "P"\nlanguage = "en"\nsessions = ["tools", "tool"]\n',
    )
    library = load([tmp_path])
    assert [str(p) for p in library.errors] == [
        'p.toml:5: program.sessions: session 2 names agenda "tool", '
        'which does not exist (did you mean "tools"?)'
    ]


def test_program_mistakes_and_reference_checks_together(tmp_path: Path) -> None:
    write(
        tmp_path,
        "p.toml",
        '[program]\nid = "p"\ntitle = "P"\nlanguage = "en"\ncadence = "daily"\n'
        'meeting_minutes = 0\nsessions = ["nowhere"]\n',
    )
    messages = [str(p) for p in load([tmp_path]).errors]
    assert any(
        'program.cadence: "daily" is not allowed; give one of "weekly"' in m for m in messages
    )
    assert any("program.meeting_minutes: 0 is not allowed" in m for m in messages)
    assert any('session 1 names agenda "nowhere", which does not exist' in m for m in messages)


def test_agenda_longer_than_the_meeting_is_a_warning(tmp_path: Path) -> None:
    write(tmp_path, "a.toml", HEAD + GOOD_CARD.replace("10", "90"))
    write(
        tmp_path,
        "p.toml",
        '[program]\nid = "p"\ntitle = "P"\nlanguage = "en"\nmeeting_minutes = 60\n'
        'sessions = ["tools"]\n',
    )
    library = load([tmp_path])
    assert library.errors == []
    assert [p.severity for p in library.problems] == [Severity.WARNING]


def test_bundled_agendas_pass_and_fill_their_sessions(home: Path) -> None:
    library = load_library(home)
    assert library.problems == []
    for language in ("en", "de"):
        program = library.program(f"reverse-mentoring-{language}")
        assert len(program.sessions) == 6
        for agenda_id in program.sessions:
            agenda = library.agenda(agenda_id)
            assert agenda.language == language
            assert agenda.total_minutes == program.meeting_minutes, agenda_id
            assert all(card.prompts for card in agenda.cards), agenda_id


def test_bundled_agendas_ship_inside_the_installed_package() -> None:
    package = Path(tandem_tui.__file__).resolve().parent
    if "site-packages" not in package.parts:
        pytest.skip("running from a source tree; CI installs the wheel and runs this")
    assert bundled_dir() == package / "agendas"
    assert len(list(bundled_dir().rglob("*.toml"))) == 14


def test_user_and_extra_folders_are_loaded(home: Path, tmp_path: Path) -> None:
    (home / "agendas").mkdir(parents=True)
    write(home / "agendas", "mine.toml", HEAD + GOOD_CARD)
    extra = tmp_path / "extra"
    extra.mkdir()
    write(extra, "more.toml", HEAD.replace('"tools"', '"more"', 1) + GOOD_CARD)
    library = load_library(home, [extra])
    assert {"tools", "more", "rm-en-1-kickoff"} <= set(library.agendas)


def test_check_command_reports_all_and_exits_1(cli, tmp_path: Path) -> None:
    bad = tmp_path / "bad"
    bad.mkdir()
    write(bad, "a.toml", HEAD + '[[cards]]\ntitle = "Tools"\nminuts = 10\n')
    write(bad, "b.toml", b"\xff\xfe")
    result = cli("agenda", "check", str(bad))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert 'card 1 "Tools": minuts: unknown key (did you mean "minutes"?)' in result.stderr
    assert "b.toml:1:1: not UTF-8" in result.stderr
    assert "3 mistakes in 2 of 2 files" in result.stderr


def test_check_command_passes_on_bundled_agendas(cli) -> None:
    result = cli("agenda", "check")
    assert result.returncode == 0, result.stderr
    assert "14 files checked: 12 agendas, 2 programs, no mistakes" in result.stdout


def test_list_json_has_both_languages(cli) -> None:
    result = cli("agenda", "list", "--json")
    assert result.returncode == 0
    listing = json.loads(result.stdout)
    assert {a["language"] for a in listing["agendas"]} == {"en", "de"}
    assert {p["id"] for p in listing["programs"]} == {
        "reverse-mentoring-en",
        "reverse-mentoring-de",
    }


def test_show_unknown_agenda_is_a_one_line_error(cli) -> None:
    result = cli("agenda", "show", "nope")
    assert result.returncode == 1
    assert result.stderr.strip() == (
        "tandem-tui: error: no agenda or program with id 'nope'; see 'tandem-tui agenda list'"
    )
