"""The core's messages in German: agenda checks, the store's errors, registration, the
vault, and the language a new agenda is written in. English stays as it was."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import CliResult, make_tandem

from tandem_tui import i18n
from tandem_tui.agendas import parse_file, user_dir
from tandem_tui.app import create_app
from tandem_tui.authoring import AgendaDraft, ProgramDraft
from tandem_tui.clock import ManualClock
from tandem_tui.library import Library
from tandem_tui.model import Owner, Role, owner_label, role_label
from tandem_tui.screens.agenda_editor import AgendaEditorScreen
from tandem_tui.store import CorruptFile, Store, UnknownTandem
from tandem_tui.tandems import TandemError, TandemInput, build_tandem
from tandem_tui.vault import KdfCost, WrongPassphrase, check_passphrase, make_lock, unlock

BROKEN_AGENDA = (
    '[agenda]\nid = "werkzeuge"\ntitle = "Werkzeuge"\nlanguage = "de"\n\n'
    '[[cards]]\ntitle = "Einstieg"\nminutes = "zehn"\ntitel = "Tippfehler"\n'
)
CHEAP = KdfCost(memory_kib=8 * 1024, iterations=1, lanes=1)  # the real check, quickly


def test_a_broken_agendas_mistakes_are_named_in_german(tmp_path: Path) -> None:
    path = tmp_path / "werkzeuge.toml"
    path.write_text(BROKEN_AGENDA, encoding="utf-8")
    i18n.use("de")
    problems = [str(problem) for problem in parse_file(path).problems]
    assert problems == [
        'werkzeuge.toml:8: Karte 1 „Einstieg“: minutes: "zehn" ist nicht erlaubt; '
        "gib eine ganze Zahl an Minuten von 1 bis 240 ein",
        "werkzeuge.toml:9: Karte 1 „Einstieg“: titel: unbekannter Schlüssel "
        "(meintest du „title“?); erlaubt: title, minutes, prompts, direction",
    ]


def test_the_same_mistakes_stay_english_under_an_english_chrome(tmp_path: Path) -> None:
    path = tmp_path / "werkzeuge.toml"
    path.write_text(BROKEN_AGENDA, encoding="utf-8")
    problems = [str(problem) for problem in parse_file(path).problems]
    assert problems[0] == (
        'werkzeuge.toml:8: card 1 "Einstieg": minutes: "zehn" is not allowed; '
        "give a whole number of minutes from 1 to 240"
    )


def test_agenda_check_names_the_mistakes_in_german(
    tmp_path: Path, cli: Callable[..., CliResult]
) -> None:
    (tmp_path / "werkzeuge.toml").write_text(BROKEN_AGENDA, encoding="utf-8")
    result = cli("--lang", "de", "agenda", "check", "werkzeuge.toml")
    assert result.returncode == 1
    assert "ist nicht erlaubt; gib eine ganze Zahl an Minuten von 1 bis 240 ein" in result.stderr
    assert "is not allowed" not in result.stderr


def test_a_tandem_that_does_not_exist_is_said_in_german(home: Path) -> None:
    i18n.use("de")
    with Store.open(home) as store, pytest.raises(UnknownTandem) as raised:
        store.tandem("niemand")
    assert str(raised.value) == "kein Tandem mit der ID 'niemand'"


def test_a_corrupt_tandem_file_is_said_in_german(home: Path) -> None:
    with Store.open(home) as store:
        store.add_tandem(make_tandem())
    (home / "tandems" / "lena-markus" / "tandem.json").write_text("{kaputt", encoding="utf-8")
    i18n.use("de")
    with Store.open(home) as store, pytest.raises(CorruptFile) as raised:
        store.tandem("lena-markus")
    message = str(raised.value)
    assert "kann nicht gelesen werden (kein gültiges JSON in Zeile 1)" in message
    assert "entferne das ganze Tandem mit 'tandem-tui forget lena-markus'" in message


def test_a_file_of_the_wrong_shape_is_said_in_german(home: Path) -> None:
    with Store.open(home) as store:
        store.add_tandem(make_tandem())
    path = home / "tandems" / "lena-markus" / "tandem.json"
    tables = json.loads(path.read_text(encoding="utf-8"))
    tables["tandem"]["1"]["mentor"] = "Lena"
    path.write_text(json.dumps(tables), encoding="utf-8")
    i18n.use("de")
    with Store.open(home) as store, pytest.raises(CorruptFile) as raised:
        store.tandem("lena-markus")
    assert "(Tabelle 'tandem', Eintrag 1: 'mentor' muss ein Objekt sein)" in str(raised.value)


def test_a_corrupt_file_on_the_command_line_is_german(
    home: Path, cli: Callable[..., CliResult]
) -> None:
    with Store.open(home) as store:
        store.add_tandem(make_tandem())
    (home / "tandems" / "lena-markus" / "tandem.json").write_text("{kaputt", encoding="utf-8")
    result = cli("--lang", "de", "followup", "list", "lena-markus")
    assert result.returncode == 1
    assert (
        "tandem.json kann nicht gelesen werden (kein gültiges JSON in Zeile 1); "
        "die Datei blieb unverändert"
    ) in result.stderr
    english = cli("followup", "list", "lena-markus")
    assert "tandem.json cannot be read (not valid JSON at line 1)" in english.stderr


def test_a_name_too_long_is_refused_in_german_and_in_english(library: Library) -> None:
    given = TandemInput(mentor="L" * 130, mentee="Markus Brandt", program="reverse-mentoring-de")
    with pytest.raises(TandemError) as english:
        build_tandem(given, library, ())
    assert english.value.problems == [
        "mentor: the name has 130 characters; a name may have at most 120"
    ]
    i18n.use("de")
    with pytest.raises(TandemError) as german:
        build_tandem(given, library, ())
    assert german.value.problems == [
        "mentor: der Name hat 130 Zeichen; ein Name darf höchstens 120 haben"
    ]


def test_a_wrong_passphrase_is_said_in_german() -> None:
    lock, _, _ = make_lock({}, "lena-markus", Role.MENTOR, "ein langer Satz zum Merken", cost=CHEAP)
    i18n.use("de")
    with pytest.raises(WrongPassphrase) as raised:
        unlock(lock, "lena-markus", "ein falscher Satz")
    assert str(raised.value) == "das ist nicht die Passphrase; nichts wurde geändert"
    assert check_passphrase("kurz") == (
        "verwende mindestens 8 Zeichen außer Leerzeichen; ein paar Wörter merkt man sich leichter"
    )


def test_owners_and_roles_read_as_the_language_has_them() -> None:
    german = i18n.speech("de")
    assert [owner_label(owner, german) for owner in Owner] == ["Mentor", "Mentee", "beide"]
    assert role_label(Role.MENTEE, german) == "Mentee"
    assert [owner_label(owner) for owner in Owner] == ["mentor", "mentee", "both"]


@pytest.mark.parametrize(("chrome", "language"), [("en", "en"), ("de", "de"), ("de_CH", "de")])
def test_a_new_agenda_or_program_is_in_the_chromes_language(chrome: str, language: str) -> None:
    i18n.use(chrome)
    assert AgendaDraft().language == language
    assert ProgramDraft().language == language


def test_the_language_chosen_at_the_start_makes_new_agendas_german(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TANDEM_TUI_LANG", "de")
    i18n.use(i18n.choose())  # as the command line does at its start
    assert AgendaDraft(id="werkzeuge").language == "de"


@pytest.mark.parametrize("chrome", ["de", "en"])
async def test_agenda_new_saves_the_agenda_in_the_chromes_language(home: Path, chrome: str) -> None:
    i18n.use(chrome)
    app = create_app(home, clock=ManualClock())
    app.new_agenda = "werkzeuge"
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, AgendaEditorScreen)
        for selector, text in (("#agenda-title", "Werkzeuge"), ("#card-title", "Einstieg")):
            await pilot.click(selector)
            await pilot.press(*text)
        await pilot.press("ctrl+s")
        await pilot.pause()
    app.store.close()
    saved = (user_dir(home) / "werkzeuge.toml").read_text(encoding="utf-8")
    assert f'language = "{chrome}"' in saved
    assert parse_file(user_dir(home) / "werkzeuge.toml").problems == []
