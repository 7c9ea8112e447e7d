"""Due dates as people type them, cadences, and the model's round trip through the store format."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tandem_tui.dates import LATEST, DateError, parse_due, parse_meeting
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
        # German forms, day first; any case, spaces around.
        ("31.12.2027", date(2027, 12, 31)),
        ("5.2.2027", date(2027, 2, 5)),
        ("05.02.2027", date(2027, 2, 5)),
        ("31.12.27", date(2027, 12, 31)),  # a two-digit year is this century's
        ("31.12.", date(2026, 12, 31)),  # no year: the next one to come
        ("27.11.", TODAY),  # today is still to come
        ("26.11.", date(2027, 11, 26)),  # passed this year: next year's
        ("heute", TODAY),
        ("  MORGEN ", date(2026, 11, 28)),
        ("übermorgen", date(2026, 11, 29)),
        ("Übermorgen", date(2026, 11, 29)),
        ("uebermorgen", date(2026, 11, 29)),
        ("u\u0308bermorgen", date(2026, 11, 29)),  # ü typed as u and a combining diaeresis
        ("Freitag", date(2026, 12, 4)),
        ("Fr", date(2026, 12, 4)),
        ("mo", date(2026, 11, 30)),
        ("Di", date(2026, 12, 1)),
        ("MI", date(2026, 12, 2)),
        ("Do", date(2026, 12, 3)),
        ("sa", date(2026, 11, 28)),
        ("So", date(2026, 11, 29)),
        ("Sonntag", date(2026, 11, 29)),
    ],
)
def test_due_dates(text: str, expected: date) -> None:
    assert parse_due(text, TODAY) == expected


@pytest.mark.parametrize(
    "text",
    [
        *("", "soon", "+3m", "2026-13-01", "+-3d", "12/31/2027", "+3x", "17 Uhr", "morgen 17:00"),
        *("31.13.2027", "0.1.2027", "32.1.2027", "1.1.027", "1.1.0000", "31.12"),
    ],
)
def test_bad_due_dates_say_what_is_allowed(text: str) -> None:
    with pytest.raises(DateError, match=r"give (a date like 2026-12-01, 31\.12\.2026, |a date)"):
        parse_due(text, TODAY)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("31.02.2027", '"31.02.2027" is not a date: February 2027 has 28 days'),
        ("30.2.", '"30.2." is not a date: February 2027 has 28 days'),
        ("29.2.", '"29.2." is not a date: February 2027 has 28 days'),  # no leap year ahead
        ("31.4.28", '"31.4.28" is not a date: April 2028 has 30 days'),
        ("2027-02-30", '"2027-02-30" is not a date: February 2027 has 28 days'),
        ("1.1.2101", '"1.1.2101" is after 2100; give a date up to 2100-12-31'),
        ("31.12.9999", '"31.12.9999" is after 2100'),
        ("26.11.2026", '"26.11.2026" is in the past; give today or a later date'),
        ("31.12.20", '"31.12.20" is in the past'),  # 2020, never 1920 or 2120
    ],
)
def test_german_dates_that_make_no_sense_are_refused_saying_why(text: str, message: str) -> None:
    with pytest.raises(DateError) as refused:
        parse_due(text, TODAY)
    assert str(refused.value) == message or str(refused.value).startswith(message + ";")


def test_a_day_without_a_year_on_the_last_day_of_2100_says_after_2100() -> None:
    assert parse_due("31.12.", LATEST) == LATEST
    with pytest.raises(DateError, match="after 2100"):
        parse_due("30.12.", LATEST)


@given(day=st.dates(TODAY, LATEST), padded=st.booleans())
def test_any_date_written_the_german_way_parses_back_to_itself(day: date, padded: bool) -> None:
    text = f"{day:%d.%m.%Y}" if padded else f"{day.day}.{day.month}.{day.year}"
    assert parse_due(text, TODAY) == day


@given(day=st.dates(TODAY, TODAY + timedelta(days=365)))
def test_a_german_date_without_a_year_is_the_next_one_to_come(day: date) -> None:
    """Within a year from today, `d.m.` names that very day (but today a year on: today)."""
    expected = TODAY if (day.month, day.day) == (TODAY.month, TODAY.day) else day
    assert parse_due(f"{day.day}.{day.month}.", TODAY) == expected


@given(st.integers(min_value=0, max_value=999), st.dates(date(2000, 1, 1), date(2090, 1, 1)))
def test_relative_days_and_weeks(amount: int, today: date) -> None:
    assert parse_due(f"+{amount}d", today) == today + timedelta(days=amount)
    if today + timedelta(weeks=amount) <= LATEST:
        assert parse_due(f"+{amount}w", today) == today + timedelta(weeks=amount)
    else:
        with pytest.raises(DateError, match="is after 2100"):
            parse_due(f"+{amount}w", today)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2026-11-26", '"2026-11-26" is in the past; give today or a later date'),
        ("0001-01-01", '"0001-01-01" is in the past; give today or a later date'),
        ("2101-01-01", '"2101-01-01" is after 2100; give a date up to 2100-12-31'),
        ("9999-12-31", '"9999-12-31" is after 2100; give a date up to 2100-12-31'),
        ("+99999d", '"+99999d" is after 2100; give a date up to 2100-12-31'),
        ("+9999w", '"+9999w" is after 2100; give a date up to 2100-12-31'),
        ("+ 27063 d", '"+ 27063 d" is after 2100; give a date up to 2100-12-31'),
        # More digits than Python turns into an int without complaint: one short message.
        pytest.param(
            "+" + "9" * 5000 + "d", '"+' + "9" * 38 + '…" is after 2100', id="5000 digits"
        ),
    ],
)
def test_due_dates_in_the_past_or_after_2100_are_refused_saying_why(
    text: str, message: str
) -> None:
    with pytest.raises(DateError) as refused:
        parse_due(text, TODAY)
    assert str(refused.value).startswith(message)
    assert "\n" not in str(refused.value) and len(str(refused.value)) < 120


def test_the_last_day_of_2100_and_today_are_due_dates() -> None:
    assert parse_due("2100-12-31", TODAY) == LATEST
    assert parse_due("+27062d", TODAY) == LATEST
    assert parse_due("today", TODAY) == TODAY
    assert parse_due("+00000000000000000003d", TODAY) == date(2026, 11, 30)


def test_a_follow_up_being_changed_keeps_its_past_due_date() -> None:
    passed = date(2026, 11, 2)
    assert parse_due("2026-11-02", TODAY, allow=passed) == passed
    with pytest.raises(DateError, match="in the past"):
        parse_due("2026-11-01", TODAY, allow=passed)  # only that date, not any past one
    assert parse_due("+1d", TODAY, allow=passed) == date(2026, 11, 28)


def test_a_named_day_on_the_last_days_of_2100_says_after_2100() -> None:
    with pytest.raises(DateError, match="after 2100"):
        parse_due("tomorrow", LATEST)
    with pytest.raises(DateError, match="after 2100"):
        parse_due("friday", date(9999, 12, 31))  # no OverflowError at the end of time


def test_a_message_quotes_what_was_typed_on_one_printable_line() -> None:
    with pytest.raises(DateError) as refused:
        parse_due("next\n\x1b[31mweek", TODAY)
    assert str(refused.value).startswith('"next ?[31mweek" is not a date')


@given(text=st.text(max_size=60), today=st.dates(), allow=st.none() | st.dates())
def test_no_due_date_text_raises_anything_but_a_date_error(
    text: str, today: date, allow: date | None
) -> None:
    try:
        due = parse_due(text, today, allow=allow)
    except DateError as error:
        assert str(error) and "\n" not in str(error)
    else:
        assert due == allow or today <= due <= LATEST


_DUE_LIKE = st.one_of(
    st.from_regex(r"\A\+ ?[0-9]{1,12} ?[dwDW]\Z"),
    st.dates().map(date.isoformat),
    st.dates().map(lambda d: f"{d.day}.{d.month}.{d.year:04d}"),
    st.dates().map(lambda d: f"{d.day}.{d.month}."),
    st.sampled_from(["today", "Tomorrow", "friday", "SO", "heute", "mo", "übermorgen"]),
)


@given(text=_DUE_LIKE, today=st.dates())
def test_due_dates_near_the_ends_of_the_calendar_never_overflow(text: str, today: date) -> None:
    try:
        due = parse_due(text, today)
    except DateError as error:
        # "29.2." in a year without one is refused, naming the month's days.
        message = str(error)
        assert "after 2100" in message or "in the past" in message or "has 28 days" in message
    else:
        assert today <= due <= LATEST


NOW = datetime(2026, 11, 27, 15, 30).astimezone()  # a Friday afternoon, local time


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2027-02-05 17:00", datetime(2027, 2, 5, 17, 0)),
        ("2027-02-05T17:00", datetime(2027, 2, 5, 17, 0)),
        ("  2027-02-05   9:05 ", datetime(2027, 2, 5, 9, 5)),
        ("friday 17:00", datetime(2026, 12, 4, 17, 0)),
        ("+4w 17:00", datetime(2026, 12, 25, 17, 0)),
        ("today 15:30", datetime(2026, 11, 27, 15, 30)),  # this very minute still counts
        ("Tomorrow 08:00", datetime(2026, 11, 28, 8, 0)),
        ("2100-12-31 23:59", datetime(2100, 12, 31, 23, 59)),
        # German forms; a time alone is today's.
        ("5.2.2027 17:00", datetime(2027, 2, 5, 17, 0)),
        ("05.02.2027 17:00", datetime(2027, 2, 5, 17, 0)),
        ("5.2. 17 Uhr", datetime(2027, 2, 5, 17, 0)),
        ("31.12.27 9:30 uhr", datetime(2027, 12, 31, 9, 30)),
        ("17 Uhr", datetime(2026, 11, 27, 17, 0)),
        ("17:30 Uhr", datetime(2026, 11, 27, 17, 30)),
        ("17.30 Uhr", datetime(2026, 11, 27, 17, 30)),
        ("17:00", datetime(2026, 11, 27, 17, 0)),
        ("15:30", datetime(2026, 11, 27, 15, 30)),
        ("morgen 17 Uhr", datetime(2026, 11, 28, 17, 0)),
        ("übermorgen 8 UHR", datetime(2026, 11, 29, 8, 0)),
        ("Freitag 17:00", datetime(2026, 12, 4, 17, 0)),
        ("Fr 17:00", datetime(2026, 12, 4, 17, 0)),
        ("heute 18Uhr", datetime(2026, 11, 27, 18, 0)),
    ],
)
def test_meeting_times(text: str, expected: datetime) -> None:
    when = parse_meeting(text, NOW)
    assert when == expected.astimezone() and when.tzinfo is not None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("today 15:29", '"today 15:29" is in the past; give a later date and time'),
        ("2026-11-26 18:00", '"2026-11-26 18:00" is in the past; give a later date and time'),
        ("0001-01-01 00:00", '"0001-01-01 00:00" is in the past'),
        ("9999-12-31 23:59", '"9999-12-31 23:59" is after 2100; give a date up to 2100-12-31'),
        ("2101-01-01 00:00", '"2101-01-01 00:00" is after 2100'),
        ("+99999999d 10:00", '"+99999999d 10:00" is after 2100'),
        ("2027-02-05", '"2027-02-05" is not a date and time; give a date and time like'),
        ("15:29", '"15:29" is in the past; give a later date and time'),
        ("15 Uhr", '"15 Uhr" is in the past; give a later date and time'),
        ("5.2.2027", '"5.2.2027" is not a date and time; give a date and time like'),
        ("5.2.2027 17", '"5.2.2027 17" is not a date and time'),
        ("24 Uhr", '"24 Uhr" is not a date and time'),
        ("31.02.2027 17:00", '"31.02.2027 17:00" is not a date: February 2027 has 28 days'),
        ("30.2. 17 Uhr", '"30.2. 17 Uhr" is not a date: February 2027 has 28 days'),
        ("1.1.2101 10:00", '"1.1.2101 10:00" is after 2100'),
        ("26.11.2026 18:00", '"26.11.2026 18:00" is in the past'),
        ("2027-02-05 24:00", '"2027-02-05 24:00" is not a date and time'),
        ("2027-02-30 10:00", '"2027-02-30 10:00" is not a date: February 2027 has 28 days'),
        ("", "no date and time given; give a date and time like 2027-02-05 17:00"),
    ],
)
def test_meeting_times_that_make_no_sense_are_refused_saying_why(text: str, message: str) -> None:
    with pytest.raises(DateError) as refused:
        parse_meeting(text, NOW)
    assert str(refused.value).startswith(message)


@given(
    day=st.dates(),
    at=st.times(),
    now=st.datetimes(datetime(1971, 1, 1), datetime(2200, 1, 1)),
    separator=st.sampled_from([" ", "T", "   "]),
)
def test_no_meeting_time_raises_anything_but_a_date_error(
    day: date, at: time, now: datetime, separator: str
) -> None:
    text = f"{day.isoformat()}{separator}{at:%H:%M}"
    moment = now.astimezone()
    try:
        when = parse_meeting(text, moment)
    except DateError as error:
        assert str(error).startswith(f'"{" ".join(text.split())}" is ')
    else:
        assert when.date() <= LATEST and when >= moment.replace(second=0, microsecond=0)
        assert (when.date(), when.hour, when.minute) == (day, at.hour, at.minute)


@given(
    day=st.dates(date(2026, 11, 28), LATEST),
    at=st.times(),
    padded=st.booleans(),
    uhr=st.sampled_from(["", " Uhr", "uhr"]),
)
def test_any_german_date_and_time_parses_back_to_itself(
    day: date, at: time, padded: bool, uhr: str
) -> None:
    written = f"{day:%d.%m.%Y}" if padded else f"{day.day}.{day.month}.{day.year}"
    when = parse_meeting(f"{written} {at:%H:%M}{uhr}", NOW, ZoneInfo("UTC"))
    assert when == datetime.combine(day, at.replace(second=0, microsecond=0), ZoneInfo("UTC"))


@given(text=st.text(max_size=60))
def test_no_meeting_text_raises_anything_but_a_date_error(text: str) -> None:
    try:
        parse_meeting(text, NOW)
    except DateError as error:
        assert str(error) and "\n" not in str(error)


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
    """Whole, but for control characters, which come back harmless (never typed: refused)."""
    from tandem_tui.text import harmless

    followup = FollowUp(text=text, owner=owner, due=due, session=session)
    assert FollowUp.from_doc(followup.to_doc()) == replace(followup, text=harmless(text))


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
        "import sys, tandem_tui.cli.parser, tandem_tui.actions, tandem_tui.store, tandem_tui.agendas, tandem_tui.model, "
        "tandem_tui.dates, tandem_tui.tandems, tandem_tui.paths, tandem_tui.shutdown, tandem_tui.text; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'icalendar')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
