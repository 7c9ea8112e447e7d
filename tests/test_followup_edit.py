"""`followup edit ID`: what, who or when of one follow-up, from the shell, as `e` in
the app's follow-up list changes it; checked on what is stored."""

from __future__ import annotations

import json
from datetime import date, timedelta

from conftest import CliResult


def added(cli, text: str = "Set up a chat app", *args: str) -> str:
    cli("tandem", "add", "--mentor", "Lena", "--mentee", "Markus")
    result = cli("followup", "add", "lena", text, "--owner", "mentee", "--due", "+3d", *args)
    assert result.returncode == 0, result.stderr
    return json.loads(cli("followup", "list", "--json").stdout)[0]["id"]


def stored(cli) -> list[dict[str, object]]:
    return json.loads(cli("followup", "list", "--all", "--json").stdout)


def failed(result: CliResult, message: str) -> None:
    assert result.returncode == 1, result.stdout
    assert message in result.stderr, result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "Traceback" not in result.stderr


def test_text_owner_and_date_change_and_the_id_stays(cli) -> None:
    followup_id = added(cli)
    friday = (date.today() + timedelta(weeks=2)).isoformat()
    result = cli(
        "followup", "edit", followup_id[:6],
        "--text", "  Set up  the team chat ", "--owner", "Beide", "--due", friday,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert f"changed follow-up {followup_id[:8]} of lena-markus: Set up the team chat" in (
        result.stdout
    )
    [followup] = stored(cli)
    assert (followup["id"], followup["text"], followup["owner"], followup["due"]) == (
        followup_id,
        "Set up the team chat",
        "both",
        friday,
    )


def test_one_field_changes_alone_and_the_date_can_go(cli) -> None:
    followup_id = added(cli)
    before = stored(cli)[0]
    assert cli("followup", "edit", followup_id[:6], "--owner", "mentor").returncode == 0
    after = stored(cli)[0]
    assert (after["text"], after["due"], after["owner"]) == (
        before["text"],
        before["due"],
        "mentor",
    )
    assert cli("followup", "edit", followup_id[:6], "--no-due").returncode == 0
    assert stored(cli)[0]["due"] is None


def test_a_done_follow_up_stays_done_when_its_text_changes(cli) -> None:
    followup_id = added(cli)
    cli("followup", "done", followup_id[:6])
    assert cli("followup", "edit", followup_id[:6], "--text", "Chat app set up").returncode == 0
    [followup] = stored(cli)
    assert (followup["status"], followup["text"]) == ("done", "Chat app set up")


def test_bad_changes_are_refused_and_change_nothing(cli) -> None:
    followup_id = added(cli)
    before = stored(cli)
    failed(cli("followup", "edit", followup_id[:6]), "nothing to change; give --text")
    failed(cli("followup", "edit", followup_id[:6], "--text", "   "), "the follow-up text is empty")
    failed(
        cli("followup", "edit", followup_id[:6], "--due", "2020-01-01"),
        '--due: "2020-01-01" is in the past',
    )
    failed(cli("followup", "edit", "abcdef", "--text", "x"), "no follow-up with id 'abcdef'")
    both = cli("followup", "edit", followup_id[:6], "--due", "+1w", "--no-due")
    assert both.returncode == 2 and "not allowed with argument" in both.stderr
    assert stored(cli) == before


def test_unchanged_says_so_and_german_says_it_in_german(cli, monkeypatch) -> None:
    followup_id = added(cli)
    same = cli("followup", "edit", followup_id[:6], "--owner", "mentee")
    assert same.returncode == 0 and "is as given already" in same.stdout
    monkeypatch.setenv("TANDEM_TUI_LANG", "de")
    german = cli("followup", "edit", followup_id[:6], "--due", "31.12.2099")
    assert german.returncode == 0, german.stderr
    assert "Aufgabe" in german.stdout and "31.12.2099" in german.stdout, german.stdout
    assert stored(cli)[0]["due"] == "2099-12-31"
