"""The summary index: lists and progress without reading every tandem (issue 12)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from conftest import make_tandem

from tandem_tui import storage as store_module
from tandem_tui.model import Feedback, FollowUp, Role, Session, SessionStatus
from tandem_tui.store import SUMMARY_FILE, Store

TODAY = date(2027, 3, 1)


def seed(home: Path, count: int = 5) -> None:
    with Store.open(home) as store:
        store.add_tandems([make_tandem(f"pair-{n}") for n in range(count)])
        store.save_followup("pair-1", FollowUp("late one", due=date(2027, 2, 1)))
        store.save_followup("pair-1", FollowUp("later", due=date(2027, 4, 1)))


def test_a_fresh_index_is_read_without_opening_any_tandem(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed(home)
    with Store.open(home) as store:
        store.summaries(TODAY)  # makes the index
    assert (home / SUMMARY_FILE).exists()

    def no_tandem_file(path: Path) -> None:
        raise AssertionError(f"read {path}")

    monkeypatch.setattr(store_module, "_read_tables", no_tandem_file)
    with Store.open(home, readonly=True) as store:
        summaries, problems = store.summaries(TODAY)
        assert not problems and len(summaries) == 5
        late = next(s for s in summaries if s.tandem.id == "pair-1")
        assert (late.open_followups, late.overdue_followups) == (2, 1)
        assert [t.id for t in store.tandems()[0]] == [f"pair-{n}" for n in range(5)]
        assert not store._files, "no tandem file kept in memory"


def test_a_changed_tandem_is_summed_up_again(home: Path) -> None:
    seed(home)
    with Store.open(home) as store:
        store.summaries(TODAY)
        session = Session.start(1, store_module_agenda())
        session.status = SessionStatus.ENDED
        session.feedback = {Role.MENTOR: Feedback(4, 5), Role.MENTEE: Feedback(2, 3)}
        store.save_session("pair-2", session)
        store.save_followup("pair-2", FollowUp("new", due=date(2027, 1, 1)))
    with Store.open(home, readonly=True) as store:
        summary = next(s for s in store.summaries(TODAY)[0] if s.tandem.id == "pair-2")
    assert summary.sessions_held == 1 and summary.overdue_followups == 1
    assert sorted(summary.ratings) == [(1, 2, 3), (1, 4, 5)]


def store_module_agenda():  # type: ignore[no-untyped-def]
    from tandem_tui.library import load_library

    return load_library(Path("unused")).agenda("rm-en-1-kickoff")


def test_a_damaged_or_planted_index_is_made_again(home: Path) -> None:
    seed(home, 2)
    with Store.open(home) as store:
        store.summaries(TODAY)
    index = json.loads((home / SUMMARY_FILE).read_text())
    index["tandems"]["pair-0"]["tandem"]["mentor"]["name"] = "Planted Name"
    (home / SUMMARY_FILE).write_text(json.dumps(index))
    with Store.open(home) as store:
        names = [s.tandem.mentor.name for s in store.summaries(TODAY)[0]]
    # The planted entry's stamp still matches the file: it is believed, as a cache is
    # (who can write the index can write the tandem file as well). A stamp that does
    # not match, or a broken file, is made again from the tandem.
    assert names == ["Planted Name", "Lena Vogel"]
    index["tandems"]["pair-0"]["stamp"] = [0, 0, 0]
    (home / SUMMARY_FILE).write_text(json.dumps(index))
    with Store.open(home) as store:
        names = [s.tandem.mentor.name for s in store.summaries(TODAY)[0]]
    assert names == ["Lena Vogel", "Lena Vogel"]
    (home / SUMMARY_FILE).write_text("{broken")
    with Store.open(home) as store:
        assert len(store.summaries(TODAY)[0]) == 2
    assert json.loads((home / SUMMARY_FILE).read_text())["version"] == store_module.INDEX_VERSION


def test_forget_takes_the_tandem_out_of_the_index_too(home: Path) -> None:
    seed(home, 2)
    with Store.open(home) as store:
        store.summaries(TODAY)
        store.forget_tandem("pair-0")
    assert "pair-0" not in (home / SUMMARY_FILE).read_text()
