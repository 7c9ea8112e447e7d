"""Shared fixtures: every test gets its own data home, so none touches a real one."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from icaljs import icaljs  # noqa: F401  (the session fixture that installs ical.js)

from tandem_tui import i18n
from tandem_tui.library import Library, load_library
from tandem_tui.model import Participant, Tandem

REPO = Path(__file__).resolve().parent.parent
KILLS = 20  # kills of each command in the suite's crash test (tests/test_kills.py)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--kills",
        type=int,
        default=KILLS,
        help=f"how many times the crash test kills each command (default {KILLS}; "
        "the README's figures are from 1000)",
    )


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh data home for each test, also for any child process it starts."""
    data_home = tmp_path / "home"
    monkeypatch.setenv("TANDEM_TUI_HOME", str(data_home))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    # The user's home folder is the scratch folder too: files the app writes by default
    # (into Documents, else the home folder) land there, never in a real one.
    monkeypatch.setenv("HOME", str(tmp_path))
    for variable in ("XDG_CONFIG_HOME", "XDG_DOCUMENTS_DIR"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.chdir(tmp_path)  # messages show paths relative to the working folder
    return data_home


@pytest.fixture(autouse=True)
def english(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """English unless a test asks for German, whatever the machine's locale; a test
    that switches the chrome to German (`i18n.use("de")`) leaves it English again."""
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "TANDEM_TUI_LANG"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    i18n.use(i18n.ENGLISH)
    yield
    i18n.use(i18n.ENGLISH)


@pytest.fixture
def library(home: Path) -> Library:
    return load_library(home)


def make_tandem(tandem_id: str = "lena-markus", program: str = "reverse-mentoring-en") -> Tandem:
    return Tandem(
        id=tandem_id,
        mentor=Participant("Lena Vogel", "lena@example.org"),
        mentee=Participant("Markus Brandt", "markus@example.org"),
        program=program,
    )


def plain(renderable: object, width: int = 40) -> str:
    """What a rich renderable (an agenda line, say) shows, as plain text."""
    from rich.console import Console

    console = Console(width=width, record=True, file=open(os.devnull, "w"))  # noqa: SIM115
    console.print(renderable)
    return console.export_text()


def _cli_command() -> list[str]:
    """The installed console script, so the tests exercise what users run."""
    script = shutil.which("tandem-tui", path=str(Path(sys.executable).parent))
    return [script] if script else [sys.executable, "-m", "tandem_tui"]


CliResult = subprocess.CompletedProcess[str]


@pytest.fixture
def cli(tmp_path: Path) -> Callable[..., CliResult]:
    """Run `tandem-tui ARGS...` as a real subprocess in a scratch folder."""
    workdir = tmp_path

    def run(*args: str, input: str | None = None) -> CliResult:
        return subprocess.run(
            [*_cli_command(), *args],
            cwd=workdir,
            env=os.environ.copy(),
            input=input,
            capture_output=True,
            text=True,
            timeout=60,
        )

    return run
