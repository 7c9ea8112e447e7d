"""The command line in German: chosen by the locale, `TANDEM_TUI_LANG` or `--lang`,
for `--help`, errors and confirmations alike; what scripts read (`--json`, exit codes)
stays as it is."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from conftest import CliResult
from test_report import seed_cohort

from tandem_tui.library import Library
from tandem_tui.store import Store

Cli = Callable[..., CliResult]

#: Every group and command, as `tandem-tui ... --help` takes them.
COMMANDS = [
    (),
    ("demo",),
    ("meet",),
    ("tandem",),
    ("tandem", "add"),
    ("tandem", "edit"),
    ("tandem", "list"),
    ("tandem", "import"),
    ("tandem", "plan"),
    ("agenda",),
    ("agenda", "list"),
    ("agenda", "new"),
    ("agenda", "show"),
    ("agenda", "check"),
    ("followup",),
    ("followup", "add"),
    ("followup", "list"),
    ("followup", "done"),
    ("followup", "reopen"),
    ("export",),
    ("minutes",),
    ("passphrase",),
    ("forget",),
    ("report",),
    ("settings",),
    ("settings", "show"),
    ("settings", "mail"),
]


@pytest.fixture
def german_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    """A German machine: the command's environment says `LANG=de_DE.UTF-8`."""
    monkeypatch.setenv("LANG", "de_DE.UTF-8")


def test_help_is_german_on_a_german_locale(cli: Cli, german_locale: None) -> None:
    result = cli("--help")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Aufruf: tandem-tui ")
    assert "Begleitet ein Reverse-Mentoring-Tandem durch seine Treffen" in result.stdout
    assert "\nOptionen:\n" in result.stdout
    assert "diese Hilfe zeigen und beenden" in result.stdout
    assert "Aufgaben anlegen, ändern, auflisten, erledigen" in result.stdout
    assert "show this help message" not in result.stdout


def test_errors_are_german_and_keep_their_exit_codes(cli: Cli, german_locale: None) -> None:
    unknown = cli("followup", "add", "nobody", "Folien schicken")
    assert unknown.returncode == 1
    assert unknown.stderr == (
        "tandem-tui: Fehler: kein Tandem passt zu „nobody“; siehe „tandem-tui tandem list“\n"
    )
    missing = cli("tandem", "add", "--mentor", "Lena")
    assert missing.returncode == 2
    assert missing.stderr.startswith("Aufruf: tandem-tui tandem add ")
    assert missing.stderr.endswith(
        "tandem-tui tandem add: Fehler: diese Argumente fehlen: --mentee\n"
    )
    wrong = cli("tandem", "add", "--mentor", "Lena", "--mentee", "Markus", "--program", "nope")
    assert wrong.returncode == 1 and "Traceback" not in wrong.stderr


def test_lang_en_gives_english_back_on_a_german_locale(cli: Cli, german_locale: None) -> None:
    helped = cli("--lang", "en", "--help")
    assert helped.stdout.startswith("usage: tandem-tui ")
    assert "Guide a reverse-mentoring tandem through its meetings" in helped.stdout
    unknown = cli("followup", "list", "nobody", "--lang", "en")
    assert unknown.returncode == 1
    assert unknown.stderr == (
        "tandem-tui: error: no tandem matches 'nobody'; see 'tandem-tui tandem list'\n"
    )


def test_tandem_tui_lang_chooses_german_on_an_english_locale(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert cli("followup", "done", "abc").stderr.startswith("tandem-tui: error: ")
    monkeypatch.setenv("TANDEM_TUI_LANG", "de")
    result = cli("followup", "done", "abc")
    assert result.returncode == 1
    assert result.stderr == (
        "tandem-tui: Fehler: die Aufgaben-ID „abc“ ist zu kurz; gib mindestens 4 Zeichen an\n"
    )


def test_a_follow_up_added_in_german_says_so_with_a_german_date(
    cli: Cli, home: Path, german_locale: None
) -> None:
    # A German app registers on the German program unless told otherwise.
    added = cli("tandem", "add", "--mentor", "Lena Vogel", "--mentee", "Markus Brandt")
    assert added.stdout == (
        "Tandem lena-markus angelegt: Lena Vogel & Markus Brandt im Programm reverse-mentoring-de\n"
    )
    result = cli("followup", "add", "lena", "Folien schicken", "--due", "31.12.2027")
    assert result.returncode == 0, result.stderr
    assert re.fullmatch(
        r"Aufgabe [0-9a-f]{8} für lena-markus angelegt "
        r"\(zuständig: beide, fällig am 31\.12\.2027\)\n",
        result.stdout,
    ), result.stdout
    with Store.open(home, readonly=True) as store:
        [followup] = store.followups("lena-markus")
    assert (followup.text, followup.due, followup.owner.value) == (
        "Folien schicken",
        date(2027, 12, 31),
        "both",
    )
    listed = cli("followup", "list")
    assert listed.stdout.splitlines()[0].split() == [
        "ID",
        "TANDEM",
        "ZUSTÄNDIG",
        "FÄLLIG",
        "STATUS",
        "WAS",
    ]
    assert "  beide      31.12.2027  offen   Folien schicken" in listed.stdout
    # What scripts read stays English and ISO.
    [doc] = json.loads(cli("followup", "list", "--json").stdout)
    assert (doc["owner"], doc["due"], doc["status"]) == ("both", "2027-12-31", "open")


def test_a_meeting_planned_in_german_is_confirmed_with_a_german_date(
    cli: Cli, german_locale: None
) -> None:
    cli("tandem", "add", "--mentor", "Lena", "--mentee", "Markus")
    result = cli("tandem", "plan", "lena", "05.02.2027 17:00", "--timezone", "Europe/Berlin")
    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        "lena-markus: nächstes Treffen Freitag, 5. Februar 2027, 17:00 (Europe/Berlin)\n"
    )


def test_the_report_table_is_german_and_its_json_english(cli: Cli, german_locale: None) -> None:
    cli("tandem", "add", "--mentor", "Lena", "--mentee", "Markus")
    cli("tandem", "add", "--mentor", "Jonas", "--mentee", "Petra")
    result = cli("report")
    assert result.returncode == 0, result.stderr
    header, *rows = result.stdout.split("\n\n")[0].splitlines()
    assert header.split() == [
        "TANDEM",
        "ABGEHALTEN",
        "ZULETZT",
        "NÄCHSTES",
        "STATUS",
        "AUFGABEN",
        "NÜTZLICH",
        "AUGENHÖHE",
    ]
    assert all("nicht begonnen" in row for row in rows) and len(rows) == 2
    assert "2 Tandems, 0 von 12 Treffen abgehalten, 0 überfällig, 0 offene Aufgaben" in (
        result.stdout
    )
    doc = json.loads(cli("report", "--json").stdout)
    assert doc["summary"].startswith("2 tandems, 0 of 12 sessions held, 0 overdue")
    assert {t["status"] for t in doc["tandems"]} == {"not-started"}


def test_the_reports_ratings_are_german_with_decimal_commas(
    cli: Cli, home: Path, library: Library, german_locale: None
) -> None:
    seed_cohort(home, library)
    result = cli("report")
    assert result.returncode == 0, result.stderr
    assert "34 Tandems, 22 von 204 Treffen abgehalten, " in result.stdout
    assert "34 offene Aufgaben" in result.stdout and "Nützlichkeit 2,8 von 5" in result.stdout
    ratings = result.stdout.split("Bewertungen je Treffen (1 bis 5), über die ganze Kohorte:\n")[1]
    useful, eye_level = ratings.splitlines()[:2]
    assert useful.startswith("  Treffen 1  nützlich  █") and useful.endswith(
        "3,0   (33 Bewertungen)"
    )
    assert eye_level.strip().startswith("Augenhöhe █") and eye_level.endswith(" 4,0")
    assert useful.index("█") == eye_level.index("█"), "the two bars start in one column"


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "top")
def test_every_help_reads_in_german_at_80_columns(
    cli: Cli, monkeypatch: pytest.MonkeyPatch, command: tuple[str, ...]
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    result = cli("--lang", "de", *command, "--help")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Aufruf: tandem-tui")
    assert "Optionen:" in lines
    assert "diese Hilfe zeigen und beenden" in result.stdout
    assert all(len(line) <= 80 for line in lines), max(lines, key=len)
    # A line is broken between words, never inside one (`tandem-` / `tui`).
    assert not [line for line in lines if re.search(r"\w-$", line)]
