"""The command line as users run it: a real subprocess, real files, exit codes and messages."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest

import tandem_tui


def no_traceback(result) -> None:
    assert "Traceback" not in result.stderr + result.stdout


def test_version(cli) -> None:
    result = cli("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"tandem-tui {tandem_tui.__version__}"


def test_help_lists_every_command(cli) -> None:
    result = cli("--help")
    assert result.returncode == 0
    for command in ("tandem", "agenda", "followup"):
        assert command in result.stdout


def test_bad_usage_exits_2(cli) -> None:
    result = cli("tandem", "add", "--mentor", "Lena")
    assert result.returncode == 2
    assert "the following arguments are required: --mentee" in result.stderr
    assert cli("frobnicate").returncode == 2


def test_add_and_list_tandems(cli, home: Path) -> None:
    added = cli(
        "tandem",
        "add",
        "--mentor",
        "Lena Vogel",
        "--mentee",
        "Markus Brandt",
        "--mentee-email",
        "markus@example.org",
        "--goal",
        "Use chat instead of mail",
    )
    assert added.returncode == 0, added.stderr
    assert added.stdout.strip() == (
        "added tandem lena-markus: Lena Vogel & Markus Brandt on reverse-mentoring-en"
    )
    assert (home / "tandems" / "lena-markus" / "tandem.json").exists()
    listing = json.loads(cli("tandem", "list", "--json").stdout)
    assert listing == [
        {
            "id": "lena-markus",
            "mentor": {"name": "Lena Vogel", "email": ""},
            "mentee": {"name": "Markus Brandt", "email": "markus@example.org"},
            "program": "reverse-mentoring-en",
            "goals": ["Use chat instead of mail"],
            "sessions_held": 0,
            "sessions_planned": 6,
            "running_session": None,
            "last_met": None,
            "open_followups": 0,
            "overdue_followups": 0,
        }
    ]
    table = cli("tandem", "list").stdout
    assert "lena-markus" in table and "0/6" in table


def test_a_second_tandem_with_the_same_first_names_gets_its_own_id(cli) -> None:
    cli("tandem", "add", "--mentor", "Lena", "--mentee", "Markus")
    result = cli("tandem", "add", "--mentor", "Lena Roth", "--mentee", "Markus Ohl")
    assert "added tandem lena-markus-2" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--mentor", " ", "--mentee", "Markus"], "mentor: empty; give the mentor's name"),
        (["--mentor", "Lena", "--mentee", "lena"], "mentee: the same person as the mentor"),
        (
            ["--mentor", "Lena", "--mentee", "Markus", "--mentor-email", "lena@"],
            'mentor_email: "lena@" is not an e-mail address',
        ),
        (
            ["--mentor", "Lena", "--mentee", "Markus", "--program", "reverse-mentoring-fr"],
            'program: "reverse-mentoring-fr" does not exist (did you mean',
        ),
        (
            ["--mentor", "Lena", "--mentee", "Markus", "--id", "Lena & Markus"],
            'id: "Lena & Markus" is not a valid id',
        ),
    ],
)
def test_bad_tandem_input_is_one_line_and_exit_1(cli, home: Path, args, message) -> None:
    result = cli("tandem", "add", *args)
    assert result.returncode == 1
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    no_traceback(result)
    assert not (home / "tandems").exists() or not any((home / "tandems").iterdir())


def test_edit_a_tandem_keeps_its_id_and_changes_only_what_is_given(cli) -> None:
    cli("tandem", "add", "--mentor", "Lena Vogel", "--mentee", "Markus Brant", "--goal", "Chat")
    edited = cli(
        "tandem", "edit", "lena", "--mentee", "Markus Brandt", "--goal", "Understand trainees"
    )
    assert edited.returncode == 0, edited.stderr
    assert edited.stdout.splitlines()[0] == (
        "lena-markus: changed mentee, goals; Lena Vogel & Markus Brandt on reverse-mentoring-en"
    )
    [tandem] = json.loads(cli("tandem", "list", "--json").stdout)
    assert tandem["id"] == "lena-markus"
    assert tandem["mentee"] == {"name": "Markus Brandt", "email": ""}
    assert tandem["goals"] == ["Chat", "Understand trainees"]

    moved = cli("tandem", "edit", "lena-markus", "--program", "reverse-mentoring-de")
    assert "applies from the next session" in moved.stdout
    cleared = cli("tandem", "edit", "lena-markus", "--clear-goals")
    assert "changed goals" in cleared.stdout
    [tandem] = json.loads(cli("tandem", "list", "--json").stdout)
    assert (tandem["program"], tandem["goals"]) == ("reverse-mentoring-de", [])
    assert cli("tandem", "edit", "lena-markus").stdout.strip() == "lena-markus: nothing to change"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--mentee", "Lena Vogel"], "mentee: the same person as the mentor"),
        (["--mentor", ""], "mentor: empty"),
        (["--program", "nope"], 'program: "nope" does not exist'),
        (["--goal", "x" * 201], "goals: "),
    ],
)
def test_a_bad_edit_changes_nothing(cli, args, message) -> None:
    cli("tandem", "add", "--mentor", "Lena Vogel", "--mentee", "Markus Brandt")
    before = cli("tandem", "list", "--json").stdout
    result = cli("tandem", "edit", "lena-markus", *args)
    assert result.returncode == 1
    assert message in result.stderr
    no_traceback(result)
    assert cli("tandem", "list", "--json").stdout == before


def write_csv(folder: Path, text: str, encoding: str = "utf-8") -> Path:
    path = folder / "cohort.csv"
    path.write_bytes(text.encode(encoding))
    return path


def test_import_a_cohort(cli, tmp_path: Path) -> None:
    rows = "\n".join(
        f"Mentor {i},Mentee {i},m{i}@example.org,,reverse-mentoring-de,t{i:02d}" for i in range(34)
    )
    path = write_csv(tmp_path, "mentor,mentee,mentor_email,mentee_email,program,id\n" + rows + "\n")
    result = cli("tandem", "import", str(path))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("imported 34 tandems: t00, t01")
    listing = json.loads(cli("tandem", "list", "--json").stdout)
    assert len(listing) == 34 and {t["program"] for t in listing} == {"reverse-mentoring-de"}


def test_import_reads_goals_from_one_cell(cli, tmp_path: Path) -> None:
    text = (
        "mentor;mentee;goals\n"
        'Lena;Markus;"Use the team chat; Lead a hybrid team"\n'
        'Jana;Petra;"Post on LinkedIn\nUnderstand trainees"\n'
    )
    result = cli("tandem", "import", str(write_csv(tmp_path, text)))
    assert result.returncode == 0, result.stderr
    goals = {t["id"]: t["goals"] for t in json.loads(cli("tandem", "list", "--json").stdout)}
    assert goals == {
        "lena-markus": ["Use the team chat", "Lead a hybrid team"],
        "jana-petra": ["Post on LinkedIn", "Understand trainees"],
    }


def test_import_understands_semicolons_and_a_byte_order_mark(cli, tmp_path: Path) -> None:
    path = write_csv(tmp_path, "\ufeffMentor;Mentee\nJürgen Groß;Änne Öz\n")
    result = cli("tandem", "import", str(path))
    assert result.returncode == 0, result.stderr
    assert "juergen-aenne" in result.stdout


def test_import_reports_every_bad_row_and_imports_nothing(cli, home: Path, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path,
        "mentor,mentee,mentee_email\n"
        "Lena,Markus,markus@example.org\n"
        ",Petra,\n"
        "Jonas,jonas,\n"
        "\n"
        "Ali,Bea,not-an-address\n"
        "Lena,Markus,\n",
    )
    result = cli("tandem", "import", str(path))
    assert result.returncode == 1
    no_traceback(result)
    assert result.stderr.splitlines() == [
        "cohort.csv: row 3: mentor: empty; give the mentor's name",
        "cohort.csv: row 4: mentee: the same person as the mentor; a tandem needs two people",
        'cohort.csv: row 6: mentee_email: "not-an-address" is not an e-mail address like '
        "name@example.org",
        "cohort.csv: row 7: the same tandem as row 2",
        "tandem-tui: error: nothing imported: 4 problems in cohort.csv",
    ]
    assert json.loads(cli("tandem", "list", "--json").stdout) == []


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("mentor,mentees\nA,B\n", 'row 1: unknown column "mentees" (did you mean "mentee"?)'),
        ("mentor\nA\n", 'row 1: the header has no "mentee" column'),
        ("", "the file is empty"),
        ("mentor,mentee\n", "no tandems below the header"),
        ("mentor,mentee\nA,B,C\n", "row 2: 3 cells but the header has 2"),
    ],
)
def test_import_names_bad_files(cli, tmp_path: Path, content: str, message: str) -> None:
    result = cli("tandem", "import", str(write_csv(tmp_path, content)))
    assert result.returncode == 1 and message in result.stderr
    no_traceback(result)


def test_import_of_a_file_that_is_not_utf8(cli, tmp_path: Path) -> None:
    path = write_csv(tmp_path, "mentor,mentee\nJürgen,Anna\n", encoding="latin-1")
    result = cli("tandem", "import", str(path))
    assert result.returncode == 1
    assert "cohort.csv: row 2: not UTF-8; save the file as UTF-8 CSV" in result.stderr


def test_import_of_a_missing_file(cli) -> None:
    result = cli("tandem", "import", "nowhere.csv")
    assert result.returncode == 1 and "nowhere.csv: no such file" in result.stderr


def test_followups_from_the_shell(cli) -> None:
    cli("tandem", "add", "--mentor", "Lena", "--mentee", "Markus")
    today = date.today()
    first = cli("followup", "add", "lena", "Set up a chat app", "--owner", "mentee", "--due", "+3d")
    assert first.returncode == 0, first.stderr
    second = cli("followup", "add", "Markus", "Share the guideline", "--due", "+2w")
    tomorrow = (today + timedelta(days=1)).isoformat()
    third = cli("followup", "add", "lena-markus", "Pick a date", "--due", tomorrow)
    assert second.returncode == third.returncode == 0
    listing = json.loads(cli("followup", "list", "--json").stdout)
    assert [(f["text"], f["owner"], f["due"]) for f in listing] == [
        ("Pick a date", "both", tomorrow),
        ("Set up a chat app", "mentee", (today + timedelta(days=3)).isoformat()),
        ("Share the guideline", "both", (today + timedelta(weeks=2)).isoformat()),
    ]
    done = cli("followup", "done", listing[1]["id"][:6])
    assert done.returncode == 0 and "done: " in done.stdout
    still_open = json.loads(cli("followup", "list", "lena", "--json").stdout)
    assert [f["text"] for f in still_open] == ["Pick a date", "Share the guideline"]
    everything = json.loads(cli("followup", "list", "--all", "--json").stdout)
    assert {f["text"]: f["status"] for f in everything}["Set up a chat app"] == "done"
    reopened = cli("followup", "reopen", listing[1]["id"][:6])
    assert reopened.returncode == 0 and "open again: " in reopened.stdout
    assert "is open already" in cli("followup", "reopen", listing[1]["id"][:6]).stdout
    assert len(json.loads(cli("followup", "list", "--json").stdout)) == 3


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["followup", "add", "lena", "x", "--due", "next blue moon"],
            '--due: "next blue moon" is not a date; give a date like 2026-12-01, 31.12.2026, 31.12.',
        ),
        (["followup", "add", "lena", "x", "--due", "2026-02-30"], '"2026-02-30" is not a date'),
        (["followup", "add", "lena", "   "], "the follow-up text is empty"),
        (
            ["followup", "add", "nobody", "x"],
            "no tandem matches 'nobody'; see 'tandem-tui tandem list'",
        ),
        (["followup", "done", "abc"], "follow-up id 'abc' is too short"),
        (["followup", "done", "abcdef"], "no follow-up with id 'abcdef'"),
        (["followup", "list", "nobody"], "no tandem matches 'nobody'"),
    ],
)
def test_bad_followup_input(cli, args, message) -> None:
    cli("tandem", "add", "--mentor", "Lena", "--mentee", "Markus")
    result = cli(*args)
    assert result.returncode == 1, result.stdout
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    no_traceback(result)


def test_an_ambiguous_tandem_asks_for_the_id(cli) -> None:
    cli("tandem", "add", "--mentor", "Lena", "--mentee", "Markus")
    cli("tandem", "add", "--mentor", "Lena", "--mentee", "Petra")
    result = cli("followup", "add", "lena", "x")
    assert result.returncode == 1
    assert "'lena' matches several tandems (lena-markus, lena-petra); give the id" in result.stderr


def test_home_option_and_environment(cli, tmp_path: Path, home: Path) -> None:
    other = tmp_path / "elsewhere"
    result = cli("--home", str(other), "tandem", "add", "--mentor", "A", "--mentee", "B")
    assert result.returncode == 0
    assert (other / "tandems" / "a-b").is_dir() and not (home / "tandems").exists()
    after = cli("tandem", "list", "--json", "--home", str(other))
    assert [t["id"] for t in json.loads(after.stdout)] == ["a-b"]


def test_list_on_a_home_that_does_not_exist_creates_nothing(cli, home: Path) -> None:
    result = cli("tandem", "list")
    assert result.returncode == 0 and "no tandems yet" in result.stdout
    assert not home.exists()


def test_a_data_home_that_is_a_file_is_named(cli, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    result = cli("--home", str(blocker), "tandem", "add", "--mentor", "A", "--mentee", "B")
    assert result.returncode == 1
    assert result.stderr.strip() == f"tandem-tui: error: {blocker}: is a file, not a folder"


def files_under(folder: Path) -> dict[str, bytes]:
    """Every file below `folder` with its bytes: to show that a refused command wrote nothing."""
    if not folder.exists():
        return {}
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.mark.parametrize(
    ("mentor", "mentee", "extra"),
    [
        (" lena  VOGEL ", "dr. hans   weber", []),
        ("Lena Vogel", "Hans Weber", ["--id", "another-id"]),
        ("Vogel, Lena", "Herr Dr. Hans Weber", ["--mentee-email", "h@example.org"]),
    ],
)
def test_a_pair_registered_already_is_refused_and_named(
    cli, home: Path, mentor: str, mentee: str, extra: list[str]
) -> None:
    added = cli("tandem", "add", "--mentor", "Lena Vogel", "--mentee", "Dr. Hans Weber")
    assert added.returncode == 0, added.stderr
    assert added.stdout.startswith("added tandem lena-hans: ")  # the given name, not "dr"
    before = files_under(home / "tandems")
    again = cli("tandem", "add", "--mentor", mentor, "--mentee", mentee, *extra)
    assert again.returncode == 1
    assert again.stderr == (
        "tandem-tui: error: Lena Vogel & Dr. Hans Weber are registered already, "
        "as tandem lena-hans\n"
    )
    assert again.stdout == ""
    assert files_under(home / "tandems") == before
    swapped = cli("tandem", "add", "--mentor", "Dr. Hans Weber", "--mentee", "Lena Vogel")
    assert swapped.returncode == 0, "the same two people the other way round are another tandem"
    assert (home / "tandems" / "hans-lena" / "tandem.json").exists()


def test_editing_a_tandem_into_a_registered_pair_is_refused(cli, home: Path) -> None:
    cli("tandem", "add", "--mentor", "Lena Vogel", "--mentee", "Markus Brandt")
    cli("tandem", "add", "--mentor", "Jonas Wolf", "--mentee", "Petra Ohl")
    before = files_under(home / "tandems")
    result = cli("tandem", "edit", "jonas", "--mentor", "lena vogel", "--mentee", "Markus Brandt")
    assert result.returncode == 1
    assert result.stderr == (
        "tandem-tui: error: Lena Vogel & Markus Brandt are registered already, "
        "as tandem lena-markus\n"
    )
    assert files_under(home / "tandems") == before


COHORT = (
    "mentor;mentee;mentee_email\nLena Vogel;Dr. Hans Weber;h@example.org\nJonas Wolf;Petra Ohl;\n"
)


def test_the_same_file_imported_twice_adds_nobody(cli, home: Path, tmp_path: Path) -> None:
    path = write_csv(tmp_path, COHORT)
    first = cli("tandem", "import", str(path))
    assert first.returncode == 0, first.stderr
    assert first.stdout == "imported 2 tandems: lena-hans, jonas-petra\n"
    before = files_under(home / "tandems")
    for args in ((), ("--dry-run",)):
        again = cli("tandem", "import", "cohort.csv", *args)
        assert again.returncode == 0, again.stderr
        assert again.stdout.splitlines() == [
            "  row 2: Lena Vogel & Dr. Hans Weber (lena-hans)",
            "  row 3: Jonas Wolf & Petra Ohl (jonas-petra)",
            "nothing new: all 2 tandems in cohort.csv are registered already",
        ]
        assert again.stderr == ""
        assert files_under(home / "tandems") == before


def test_an_import_of_new_and_registered_rows_imports_none_of_them(
    cli, home: Path, tmp_path: Path
) -> None:
    cli("tandem", "add", "--mentor", "Lena Vogel", "--mentee", "Hans Weber")
    before = files_under(home / "tandems")
    path = write_csv(
        tmp_path,
        "mentor,mentee\n"
        "Mia Kern,Otto Lang\n"
        "LENA VOGEL,Dr. Hans Weber\n"
        " mia kern , otto  lang\n"
        "Eva Lind,Karl Popp\n",
    )
    result = cli("tandem", "import", str(path))
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "cohort.csv: row 3: Lena Vogel & Hans Weber are registered already, as tandem "
        "lena-hans; remove the row",
        "cohort.csv: row 4: the same tandem as row 2",
        "tandem-tui: error: nothing imported: 2 problems in cohort.csv",
    ]
    assert result.stdout == ""
    assert files_under(home / "tandems") == before


def test_an_import_with_a_first_meeting_in_the_past_imports_nothing(
    cli, home: Path, tmp_path: Path
) -> None:
    later = (date.today() + timedelta(days=30)).isoformat()
    path = write_csv(
        tmp_path,
        f"mentor,mentee,first_meeting\nA,B,{later} 17:00\nC,D,2020-01-06 17:00\nE,F,9999-12-31 23:59\n",
    )
    result = cli("tandem", "import", str(path))
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        'cohort.csv: row 3: first_meeting: "2020-01-06 17:00" is in the past; '
        "give a later date and time",
        'cohort.csv: row 4: first_meeting: "9999-12-31 23:59" is after 2100; '
        "give a date up to 2100-12-31",
        "tandem-tui: error: nothing imported: 2 problems in cohort.csv",
    ]
    assert files_under(home / "tandems") == {}


@pytest.mark.parametrize(
    ("due", "message"),
    [
        ("2020-01-06", '--due: "2020-01-06" is in the past; give today or a later date'),
        ("+99999d", '--due: "+99999d" is after 2100; give a date up to 2100-12-31'),
        ("+9999w", '--due: "+9999w" is after 2100; give a date up to 2100-12-31'),
        ("9999-12-31", '--due: "9999-12-31" is after 2100; give a date up to 2100-12-31'),
        ("+" + "9" * 5000 + "d", '--due: "+' + "9" * 38 + '…" is after 2100'),
    ],
    ids=["past", "+99999d", "+9999w", "year 9999", "5000 digits"],
)
def test_a_due_date_in_the_past_or_after_2100_is_refused(cli, home: Path, due, message) -> None:
    cli("tandem", "add", "--mentor", "Lena", "--mentee", "Markus")
    before = files_under(home / "tandems")
    result = cli("followup", "add", "lena", "Try the chat", "--due", due)
    assert result.returncode == 1
    assert result.stderr.startswith(f"tandem-tui: error: {message}")
    assert len(result.stderr.splitlines()) == 1
    no_traceback(result)
    assert files_under(home / "tandems") == before
    assert json.loads(cli("followup", "list", "--json").stdout) == []


@pytest.mark.parametrize(
    ("when", "message"),
    [
        ("2020-01-06 17:00", '"2020-01-06 17:00" is in the past; give a later date and time'),
        ("9999-12-31 23:59", '"9999-12-31 23:59" is after 2100; give a date up to 2100-12-31'),
        ("2101-01-01 09:00", '"2101-01-01 09:00" is after 2100'),
        ("+99999w 17:00", '"+99999w 17:00" is after 2100'),
        ("next week", '"next week" is not a date and time; give a date and time like'),
    ],
)
def test_plan_refuses_a_time_in_the_past_or_after_2100(cli, home: Path, when, message) -> None:
    cli("tandem", "add", "--mentor", "Lena", "--mentee", "Markus")
    before = files_under(home / "tandems")
    result = cli("tandem", "plan", "lena", when)
    assert result.returncode == 1
    assert result.stderr.startswith(f"tandem-tui: error: {message}")
    assert len(result.stderr.splitlines()) == 1
    no_traceback(result)
    assert files_under(home / "tandems") == before


def test_plan_takes_a_weekday_and_the_last_minute_of_2100(cli, home: Path) -> None:
    cli("tandem", "add", "--mentor", "Lena", "--mentee", "Markus")
    stored = home / "tandems" / "lena-markus" / "tandem.json"
    result = cli("tandem", "plan", "lena", "2100-12-31 23:59")
    assert result.returncode == 0, result.stderr
    # In the machine's zone, named: "(Europe/Berlin)", "(Etc/UTC)".
    assert result.stdout.startswith("lena-markus: next meeting Friday, 31 December 2100, 23:59 (")
    assert '"next_meeting":"2100-12-31T23:59:00' in stored.read_text()
    exported = cli("export", "lena", "-o", "lena.ics")  # the series runs into 2101 and on
    assert exported.returncode == 0, exported.stderr
    assert "6 meetings" in exported.stdout
    weekday = cli("tandem", "plan", "lena", "friday 17:00")
    assert weekday.returncode == 0, weekday.stderr
    assert weekday.stdout.startswith("lena-markus: next meeting Friday, ")
    assert ", 17:00 (" in weekday.stdout


def test_choices_are_taken_in_any_case(cli, tmp_path: Path) -> None:
    cli("tandem", "add", "--mentor", "Lena", "--mentee", "Markus")
    for owner in ("Mentor", "MENTEE", " Both "):
        result = cli("followup", "add", "lena", f"by {owner}", "--owner", owner)
        assert result.returncode == 0, result.stderr
    owners = {f["text"]: f["owner"] for f in json.loads(cli("followup", "list", "--json").stdout)}
    assert owners == {"by Mentor": "mentor", "by MENTEE": "mentee", "by Both": "both"}
    exported = cli("export", "lena", "--tasks", "Events", "-o", "lena.ics")
    assert exported.returncode == 0, exported.stderr
    assert b"BEGIN:VTODO" not in (tmp_path / "lena.ics").read_bytes()
    wrong = cli("followup", "add", "lena", "x", "--owner", "Boss")
    assert wrong.returncode == 2
    assert "invalid choice: 'boss' (choose from 'mentor', 'mentee', 'both')" in wrong.stderr


def test_forget_counts_in_the_singular_for_one(cli, home: Path) -> None:
    cli("tandem", "add", "--mentor", "Lena", "--mentee", "Markus")
    assert files_under(home / "tandems").keys() == {"lena-markus/tandem.json"}
    result = cli("forget", "lena", "--yes")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == (
        "forgot lena-markus: 1 file removed, holding 0 sessions, 0 notes and 0 follow-ups"
    )
    assert not (home / "tandems" / "lena-markus").exists()
    imported = cli("tandem", "import", str(write_csv(home.parent, "mentor,mentee\nA,B\n")))
    assert imported.stdout == "imported 1 tandem: a-b\n"
