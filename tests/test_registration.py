"""Registering tandems: ids from given names, and no pair registered twice."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from conftest import make_tandem

from tandem_tui.library import Library
from tandem_tui.model import Participant, Tandem
from tandem_tui.tandems import (
    TandemError,
    TandemInput,
    build_tandem,
    edit_tandem,
    find_pair,
    given_name,
    read_csv,
    same_name,
    suggest_id,
)

NOW = datetime(2026, 11, 27, 15, 30).astimezone()


@pytest.mark.parametrize(
    ("name", "given"),
    [
        ("Dr. Hans Weber", "Hans"),
        ("dr. med. Hans Weber", "Hans"),
        ("Prof. Dr. Anna Roth", "Anna"),
        ("Dr. rer. nat. Eva Lind", "Eva"),
        ("Mag. Ingrid Huber", "Ingrid"),
        ("Dipl.-Ing. Peter Maier", "Peter"),
        ("Univ.-Prof. Dr. h.c. mult. Karl Popp", "Karl"),
        ("Priv.-Doz. Dr. med. habil. Jörg Kühn", "Jörg"),
        ("Prof.Dr.Anna Roth", "Anna"),
        ("HERR Markus Brandt", "Markus"),
        ("Frau Dr. Petra Ohl", "Petra"),
        ("Mrs. Jane Doe", "Jane"),
        ("Mr Tom Hill", "Tom"),
        ("Ms. Jo Hart", "Jo"),
        ("Weber, Hans", "Hans"),
        ("Weber, Dr. Hans", "Hans"),
        ("Anna Roth, PhD", "Anna"),
        ("Anna Roth, M.Sc.", "Anna"),
        ("Nat Cole", "Nat"),  # "nat." is skipped only after a title, as in "Dr. rer. nat."
        ("Anne-Marie Roth", "Anne-Marie"),
        ("Lena", "Lena"),
        ("Dr.", "Dr"),  # nothing but a title: better than nothing
    ],
)
def test_the_given_name_skips_titles_and_forms_of_address(name: str, given: str) -> None:
    assert given_name(name) == given


def test_ids_come_from_given_names_never_from_titles() -> None:
    assert suggest_id("Lena Vogel", "Dr. Hans Weber", []) == "lena-hans"
    assert suggest_id("Lena Vogel", "Prof. Dr. med. Hans Weber", ["lena-hans"]) == "lena-hans-2"
    assert suggest_id("Jürgen Groß", "Frau Dipl.-Ing. Ännie Öz", []) == "juergen-aennie"
    assert suggest_id("李", "Dr.", []) == "dr"
    assert suggest_id("李", "王", []) == "tandem"


def test_a_name_is_the_same_whatever_its_case_spaces_or_titles() -> None:
    same = {same_name(n) for n in ("Hans Weber", " hans   WEBER ", "Dr. Hans Weber", "Weber, Hans")}
    assert same == {"hans weber"}
    assert same_name("Hans Webers") != same_name("Hans Weber")


def test_find_pair_names_the_registered_tandem_and_minds_the_roles() -> None:
    lena = make_tandem()  # Lena Vogel & Markus Brandt
    other = Tandem("jonas-petra", Participant("Jonas Wolf"), Participant("Petra Ohl"), "p")
    assert find_pair([other, lena], "  LENA vogel", "markus  brandt ") is lena
    assert find_pair([other, lena], "Lena Vogel", "Herr Markus Brandt") is lena
    assert find_pair([other, lena], "Markus Brandt", "Lena Vogel") is None  # roles swapped
    assert find_pair([other, lena], "Lena Vogel", "Petra Ohl") is None
    assert find_pair([], "Lena Vogel", "Markus Brandt") is None


def test_a_pair_registered_already_is_refused_with_its_id(library: Library) -> None:
    given = TandemInput(" lena  VOGEL ", "markus brandt", mentor_email="not-an-address")
    with pytest.raises(TandemError) as refused:
        build_tandem(given, library, ["lena-markus"], registered=[make_tandem()])
    # Only this problem: the e-mail of a tandem that is not added does not matter.
    assert refused.value.problems == [
        "tandem: Lena Vogel & Markus Brandt are registered already, as tandem lena-markus"
    ]
    added = build_tandem(TandemInput("Markus Brandt", "Lena Vogel"), library, ["lena-markus"])
    assert added.id == "markus-lena"


def test_editing_names_into_another_registered_pair_is_refused(library: Library) -> None:
    lena = make_tandem()
    jonas = Tandem("jonas-petra", Participant("Jonas Wolf"), Participant("Petra Ohl"), lena.program)
    with pytest.raises(TandemError, match="registered already, as tandem lena-markus"):
        edit_tandem(
            jonas, TandemInput("Lena Vogel", "Markus Brandt"), library, registered=[lena, jonas]
        )
    # Its own names, only written differently, are no conflict.
    edited = edit_tandem(
        lena, TandemInput("Lena Vogel", "Dr. Markus Brandt"), library, registered=[lena, jonas]
    )
    assert edited.mentee.name == "Dr. Markus Brandt" and edited.id == "lena-markus"


def test_a_first_meeting_in_the_past_or_after_2100_is_refused(library: Library) -> None:
    for when, reason in (
        ("2026-11-27 15:29", "is in the past"),
        ("9999-12-31 23:59", "is after 2100; give a date up to 2100-12-31"),
    ):
        with pytest.raises(TandemError) as refused:
            build_tandem(TandemInput("A", "B", first_meeting=when), library, [], now=NOW)
        [problem] = refused.value.problems
        assert problem.startswith(f'first_meeting: "{when}" {reason}')
    tandem = build_tandem(TandemInput("A", "B", first_meeting="friday 17:00"), library, [], now=NOW)
    assert tandem.next_meeting == datetime(2026, 12, 4, 17, 0).astimezone()


def _csv(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "cohort.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_file_imported_again_holds_nothing_new(tmp_path: Path, library: Library) -> None:
    path = _csv(tmp_path, "mentor;mentee\nLena Vogel;Markus Brandt\nJonas Wolf;Dr. Petra Ohl\n")
    first = read_csv(path, library, [])
    assert [t.id for t in first.tandems] == ["lena-markus", "jonas-petra"]
    assert first.registered == []
    again = read_csv(path, library, [t.id for t in first.tandems], registered=first.tandems)
    assert again.tandems == []
    assert [(row, t.id) for row, t in again.registered] == [(2, "lena-markus"), (3, "jonas-petra")]


def test_new_and_registered_rows_together_import_nothing_and_name_each(
    tmp_path: Path, library: Library
) -> None:
    path = _csv(
        tmp_path,
        "mentor,mentee\n"
        "Mia Kern,Otto Lang\n"
        "LENA VOGEL,Herr Markus Brandt\n"
        "Mia  Kern,otto lang\n"
        "Eva Lind,Karl Popp\n",
    )
    with pytest.raises(TandemError) as refused:
        read_csv(path, library, ["lena-markus"], registered=[make_tandem()])
    assert refused.value.problems == [
        "cohort.csv: row 3: Lena Vogel & Markus Brandt are registered already, "
        "as tandem lena-markus; remove the row",
        "cohort.csv: row 4: the same tandem as row 2",
    ]


async def test_the_app_refuses_a_pair_registered_already_beside_the_field(home: Path) -> None:
    from textual.widgets import Input, Label

    from tandem_tui.app import create_app
    from tandem_tui.clock import ManualClock
    from tandem_tui.screens.add_tandem import AddTandemScreen
    from tandem_tui.store import Store

    with Store.open(home) as store:
        store.add_tandem(make_tandem())
    app = create_app(home, clock=ManualClock())
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("a")
        form = app.screen
        assert isinstance(form, AddTandemScreen)
        await pilot.press(*" lena  VOGEL")
        form.query_one("#mentee", Input).value = "Herr Markus Brandt"
        await pilot.press("ctrl+s")
        assert app.screen is form, "the form stays open with what was typed"
        assert form.query_one("#mentor", Input).value == " lena  VOGEL"
        assert str(form.query_one("#mentor-error", Label).render()) == (
            "Lena Vogel & Markus Brandt are registered already, as tandem lena-markus"
        )
    app.store.close()
    with Store.open(home, readonly=True) as store:
        assert store.tandem_ids() == ["lena-markus"]
