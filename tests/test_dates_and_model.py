"""Due dates as people type them, cadences, and the model's round trip through the store format."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tandem_tui.dates import DateError, parse_due
from tandem_tui.model import Cadence, FollowUp, Note, NoteKind, Owner, Role, Session

TODAY = date(2026, 11, 27)  # a Friday


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-12-01", date(2026, 12, 1)),
        ("+3d", date(2026, 11, 30)),
        ("+2w", date(2026, 12, 11)),
        ("+ 10 d", date(2026, 12, 7)),
        ("today", TODAY),
        ("Tomorrow", date(2026, 11, 28)),
        ("monday", date(2026, 11, 30)),
        ("fri", date(2026, 12, 4)),  # the next Friday, never today
        ("Donnerstag", date(2026, 12, 3)),
    ],
)
def test_due_dates(text: str, expected: date) -> None:
    assert parse_due(text, TODAY) == expected


@pytest.mark.parametrize("text", ["", "soon", "+3m", "2026-13-01", "31.12.2026", "+-3d"])
def test_bad_due_dates_say_what_is_allowed(text: str) -> None:
    with pytest.raises(DateError, match=r"give (a date like 2026-12-01, \+3d, \+2w|a date)"):
        parse_due(text, TODAY)


@given(st.integers(min_value=0, max_value=999), st.dates(date(2000, 1, 1), date(2090, 1, 1)))
def test_relative_days_and_weeks(amount: int, today: date) -> None:
    assert parse_due(f"+{amount}d", today) == today + timedelta(days=amount)
    assert parse_due(f"+{amount}w", today) == today + timedelta(weeks=amount)


def test_monthly_cadence_keeps_the_day_or_the_month_end() -> None:
    assert Cadence.MONTHLY.after(date(2026, 1, 31)) == date(2026, 2, 28)
    assert Cadence.MONTHLY.after(date(2026, 11, 15), 3) == date(2027, 2, 15)
    assert Cadence.EVERY_4_WEEKS.after(date(2026, 11, 27), 2) == date(2027, 1, 22)


@given(
    text=st.text(),
    owner=st.sampled_from(Owner),
    due=st.none() | st.dates(),
    session=st.none() | st.integers(1, 99),
)
def test_followups_survive_the_store_format(text, owner, due, session) -> None:
    followup = FollowUp(text=text, owner=owner, due=due, session=session)
    assert FollowUp.from_doc(followup.to_doc()) == followup


def test_a_private_note_needs_a_person() -> None:
    with pytest.raises(ValueError, match="private note needs a person"):
        Note(1, 0, "x", NoteKind.PRIVATE)
    with pytest.raises(ValueError):
        Note(1, 0, "x", NoteKind.SHARED, Role.MENTOR)


def test_a_session_keeps_its_own_copy_of_the_agenda(library) -> None:
    agenda = library.agenda("rm-en-1-kickoff")
    session = Session.start(1, agenda)
    restored = Session.from_doc(session.to_doc())
    assert restored.agenda.cards == agenda.cards and restored.agenda.source is None
    assert restored.planned_minutes == 60


def test_the_core_never_imports_textual() -> None:
    code = (
        "import sys, tandem_tui.cli, tandem_tui.store, tandem_tui.agendas, tandem_tui.model, "
        "tandem_tui.dates, tandem_tui.tandems, tandem_tui.paths, tandem_tui.shutdown; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'icalendar')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
