"""The sync as a person drives it from the shell, against a real Radicale: linking a
tandem to another calendar, a server that forgot its sync tokens, the top level's
options before `sync TANDEM`, the last sync's time, and the password at setup."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

import pytest
from conftest import CliResult
from radicale_server import Radicale, server

from tandem_tui.cli.sync import shorthand
from tandem_tui.demo import DEMO_TANDEM, ENGLISH, seed_demo
from tandem_tui.library import Library
from tandem_tui.store import Store
from tandem_tui.sync.service import PASSWORD_VARIABLE

__all__ = ["server"]  # the fixture: one Radicale for the module

TANDEM = DEMO_TANDEM


@pytest.fixture
def url(server: Radicale, tmp_path: Path) -> str:
    """A calendar of this test's own."""
    return f"{server.url}{server.user}/{tmp_path.name}/"


@pytest.fixture
def demo(home: Path, library: Library) -> Path:
    seed_demo(home, library, date.today())
    return home


def calendar_folder(server: Radicale, url: str) -> Path:
    return server.collections / "collection-root" / server.user / url.rstrip("/").rsplit("/")[-1]


def summaries(server: Radicale, url: str) -> str:
    return "".join(p.read_text() for p in calendar_folder(server, url).glob("*.ics"))


def open_followups(home: Path) -> list[str]:
    with Store.open(home, readonly=True) as store:
        return sorted(f.text for f in store.followups(TANDEM))


def test_a_tandem_linked_to_another_calendar_fills_it_and_keeps_its_followups(
    server: Radicale,
    url: str,
    demo: Path,
    cli: Callable[..., CliResult],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """What the first calendar held says nothing about the second: its sync token is
    not sent there, and its entries are not taken for removed ones there."""
    monkeypatch.setenv(PASSWORD_VARIABLE, server.password)
    before = open_followups(demo)
    first = cli("sync", "setup", TANDEM, "--url", url, "--user", server.user)
    assert first.returncode == 0, first.stderr
    other = url.rstrip("/") + "-moved/"
    moved = cli("sync", "setup", TANDEM, "--url", other, "--user", server.user)
    assert moved.returncode == 0, moved.stderr
    assert "0 received" in moved.stdout and "removed" not in moved.stdout
    assert open_followups(demo) == before, "nothing removed here"
    assert ENGLISH.todo in summaries(server, other), "the new calendar has the follow-ups"
    assert cli("sync", TANDEM).stdout == f"{TANDEM}: up to date\n"


def test_a_server_that_forgot_the_sync_token_is_read_whole_again(
    server: Radicale,
    url: str,
    demo: Path,
    cli: Callable[..., CliResult],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Servers drop old tokens (a cleanup, a restored backup) and answer 403 with
    valid-sync-token: that is no wrong password, the sync reads everything instead."""
    monkeypatch.setenv(PASSWORD_VARIABLE, server.password)
    assert cli("sync", "setup", TANDEM, "--url", url, "--user", server.user).returncode == 0
    shutil.rmtree(calendar_folder(server, url) / ".Radicale.cache" / "sync-token")
    again = cli("sync", TANDEM)
    assert again.returncode == 0, again.stderr
    assert again.stdout == f"{TANDEM}: up to date\n"


def test_sync_tandem_works_after_the_top_level_options(
    server: Radicale,
    url: str,
    demo: Path,
    cli: Callable[..., CliResult],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(PASSWORD_VARIABLE, server.password)
    monkeypatch.delenv("TANDEM_TUI_HOME")
    where = ("--home", str(demo))
    assert cli(*where, "sync", "setup", TANDEM, "--url", url, "--user", server.user).returncode == 0
    for command in (
        (*where, "sync", TANDEM),
        (*where, "--lang", "en", "sync", "--all"),
        (f"--home={demo}", "--bell", "sync", TANDEM),
    ):
        done = cli(*command)
        assert (done.returncode, done.stdout) == (0, f"{TANDEM}: up to date\n"), command
    assert shorthand(["--home", "sync", "status"]) == ["--home", "sync", "status"]
    assert shorthand(["--home", "h", "sync", "--help"]) == ["--home", "h", "sync", "--help"]
    assert shorthand(["--home", "h", "sync"]) == ["--home", "h", "sync", "now"]


def test_sync_status_tells_the_last_sync_in_the_machines_time(
    server: Radicale,
    url: str,
    demo: Path,
    cli: Callable[..., CliResult],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(PASSWORD_VARIABLE, server.password)
    monkeypatch.setenv("TZ", "Pacific/Auckland")  # never UTC, whatever the date
    assert cli("sync", "setup", TANDEM, "--url", url, "--user", server.user).returncode == 0
    with Store.open(demo, readonly=True) as store:
        synced = datetime.fromisoformat(store.sync_state(TANDEM)["synced_at"])
    status = cli("sync", "status").stdout
    import zoneinfo

    local = synced.astimezone(zoneinfo.ZoneInfo("Pacific/Auckland"))
    assert status == f"{TANDEM}: {url} (last sync: {local:%Y-%m-%d %H:%M})\n"
    german = cli("--lang", "de", "sync", "status").stdout
    assert f"{local:%d.%m.%Y %H:%M}" in german


@pytest.fixture
def keyring_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A real keyring backend keeping its file in the test's scratch folder."""
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyrings.alt.file.PlaintextKeyring")
    monkeypatch.delenv(PASSWORD_VARIABLE, raising=False)


def test_setup_asks_for_the_password_even_when_the_keyring_holds_an_old_one(
    server: Radicale, url: str, demo: Path, cli: Callable[..., CliResult], keyring_file: None
) -> None:
    """The server's password changed: setup is where the new one is given, and then kept."""
    from keyrings.alt.file import PlaintextKeyring

    # The backend the commands will find (PYTHON_KEYRING_BACKEND), made here afresh: the
    # keyring package keeps the first one a process asked for, whatever a test set since.
    backend = PlaintextKeyring()
    account = f"{server.user}@{server.url.split('/')[2]}"
    backend.set_password("tandem-tui-caldav", account, "the-old-password")
    setup = ("sync", "setup", TANDEM, "--url", url, "--user", server.user)
    done = cli(*setup, input=f"{server.password}\n")
    assert done.returncode == 0, done.stderr
    assert "kept in the system keyring" in done.stdout
    assert backend.get_password("tandem-tui-caldav", account) == server.password
    assert cli("sync", TANDEM).returncode == 0, "later syncs take it from the keyring"


def test_setup_without_any_password_says_how_to_give_one(
    server: Radicale, url: str, demo: Path, cli: Callable[..., CliResult], keyring_file: None
) -> None:
    done = cli("sync", "setup", TANDEM, "--url", url, "--user", server.user, input="")
    assert done.returncode == 1
    host = server.url.split("/")[2]
    assert done.stderr == (
        f"tandem-tui: error: no password given for {server.user} at {host}: type it when "
        f"asked, or set {PASSWORD_VARIABLE}\n"
    )
    with Store.open(demo, readonly=True) as store:
        assert store.sync_state(TANDEM) == {}, "nothing linked"
