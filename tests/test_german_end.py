"""A tandem's end screen, follow-up dialog, follow-up list, look back and plan dialog
speak its program's language, whatever the app's chrome speaks; what is stored is the
same in either language."""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from pathlib import Path

from conftest import make_tandem
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, DataTable, Input, Label, Static

from tandem_tui import i18n
from tandem_tui.app import TandemApp, create_app
from tandem_tui.clock import ManualClock
from tandem_tui.model import Feedback, FollowUp, Owner, Role
from tandem_tui.screens.end import EndScreen
from tandem_tui.screens.followup import FollowUpScreen
from tandem_tui.screens.followups import FollowUpListScreen
from tandem_tui.screens.history import HistoryScreen
from tandem_tui.screens.meeting import MeetingScreen
from tandem_tui.screens.plan import PlanScreen
from tandem_tui.store import Store
from tandem_tui.widgets.footer import Footer

SIZE = (120, 36)
GERMAN = "reverse-mentoring-de"
ENGLISH = "reverse-mentoring-en"

# English words of the app's own that a German screen of these must never show.
ENGLISH_WORDS = re.compile(
    r"\b(the|and|of|for|to|due|both|done|skipped|unfinished|reached|late|open|Card|"
    r"Planned|Used|Whole|Follow-ups?|Next|meeting|Time|Files|Calendar|Minutes|Into|"
    r"folder|useful|eye|takeaway|Save|Add|Cancel|Who|What|Mentor \(|Back|End|Say|"
    r"Give|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|December|February|"
    r"session|looking|shield|Private notes|None)\b"
)


def seed(home: Path, program: str, *followups: FollowUp) -> None:
    with Store.open(home) as store:
        store.add_tandem(make_tandem(program=program))
        for followup in followups:
            store.save_followup("lena-markus", followup)


def shown(screen: Screen[object]) -> str:
    """What `screen` shows of its own, line by widget: labels, fields (value and
    placeholder), buttons, table cells and the subtitle; not the footer (its keys are
    checked apart: the footer translates them with the screen's `speech`)."""
    parts = [screen.sub_title or ""]
    for widget in screen.query("*"):
        if isinstance(widget, Footer) or any(isinstance(a, Footer) for a in widget.ancestors):
            continue
        if isinstance(widget, Input):
            parts += [widget.value, widget.placeholder]
        elif isinstance(widget, DataTable):
            parts += [str(column.label) for column in widget.columns.values()]
            for row in widget.rows:
                parts += [str(cell) for cell in widget.get_row(row)]
        elif isinstance(widget, Button):
            parts.append(str(widget.label))
        elif isinstance(widget, Static) or type(widget).__name__ in ("RadioButton", "Checkbox"):
            parts.append(str(widget.render()))
    return "\n".join(part for part in parts if part)


def documents(value: object) -> list[dict[str, object]]:
    """Every JSON object in `value`, nested ones too."""
    if isinstance(value, dict):
        return [value, *(d for v in value.values() for d in documents(v))]
    if isinstance(value, list):
        return [d for v in value for d in documents(v)]
    return []


def keys_of(screen: Screen[object]) -> list[str]:
    """The labels and tooltips of the screen's keys, as the footer and help show them."""
    speech = getattr(screen, "speech", None) or i18n.chrome()
    found = []
    for binding in screen.BINDINGS:
        if isinstance(binding, tuple):
            continue
        found += [speech.gettext(binding.description)]
        if binding.tooltip:
            found.append(speech.gettext(binding.tooltip))
    return found


def english_in(text: str) -> list[str]:
    # The names and the agenda's own German card titles are no words of the app's.
    return ENGLISH_WORDS.findall(text.replace("Lena Vogel", "").replace("Markus Brandt", ""))


async def open_end_screen(app: TandemApp, pilot: object) -> EndScreen:
    from textual.pilot import Pilot

    assert isinstance(pilot, Pilot)
    await pilot.press("enter")
    assert isinstance(app.screen, MeetingScreen)
    await pilot.press("ctrl+f")
    end = app.screen
    assert isinstance(end, EndScreen)
    return end


async def test_a_german_tandem_ends_its_meeting_in_german_under_an_english_chrome(
    home: Path,
) -> None:
    seed(home, GERMAN)
    clock = ManualClock()
    app = create_app(home, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        assert isinstance(app.screen, MeetingScreen)
        await pilot.press("ctrl+o")
        dialog = app.screen
        assert isinstance(dialog, FollowUpScreen)
        text = shown(dialog)
        assert "Neue Aufgabe" in text and "Was zu tun ist" in text and "Fällig (optional)" in text
        assert dialog.query_one("#followup-due", Input).placeholder == (
            "31.12.2027, Freitag, morgen, +2W"
        )
        assert "Mentor (Lena Vogel)" in text and "Mentee (Markus Brandt)" in text
        assert "Beide" in text and "Hinzufügen" in text and "Abbrechen" in text
        assert not english_in(text), text
        assert dialog.typing_mode() == ("✎ Feld · Enter speichert", True)

        await pilot.press("enter")  # nothing typed: refused, in German
        assert isinstance(app.screen, FollowUpScreen)
        refusal = str(dialog.query_one("#followup-text-error", Label).render())
        assert refusal == "Sag, was zu tun ist."
        await pilot.press(*"Den Team-Chat ausprobieren", "tab", *"31.12.2027", "enter")
        assert isinstance(app.screen, MeetingScreen)

        clock.advance(5 * 60)
        await pilot.press("ctrl+f")
        end = app.screen
        assert isinstance(end, EndScreen)
        text = shown(end)
        assert "Zeit pro Karte" in text and "Ganzes Treffen" in text
        assert "Karte\nGeplant\nGebraucht\nStatus" in text
        assert "nicht erreicht" in text
        assert "• Den Team-Chat ausprobieren (beide, fällig 31.12.2027)" in text
        assert "Lena Vogel (Mentor)" in text and "Markus Brandt (Mentee)" in text
        assert "nützlich" in text and "Augenhöhe" in text
        assert "Treffen beenden" in text and "Zurück zum Treffen" in text
        assert end.sub_title == "Lena Vogel & Markus Brandt · Ende von Treffen 1"
        # The next meeting offered as German dates are typed, its day in words beside it.
        assert end.next_meeting.value == "25.12.2026 17:00"
        assert str(end.query_one("#next-meeting-day", Label).render()) == (
            "Freitag, 25. Dezember 2026"
        )
        assert not english_in(text), english_in(text)
        assert keys_of(end)[:3] == ["Treffen beenden", "Zurück", "Zurück zum Treffen"]

        await pilot.click("#mentee-useful")
        await pilot.press("3")
        await pilot.press("ctrl+s")
        assert app.screen is end, "half a rating keeps the screen open"
        refusal = str(end.query_one("#mentee-feedback-error", Label).render())
        assert refusal == "Gib beide Bewertungen an, von 1 bis 5, oder lass alle drei Felder leer."
        await pilot.click("#mentee-eye-level")
        await pilot.press("4")
        end.next_meeting.value = "05.02.2027 17:00"
        await pilot.press("ctrl+s")
        assert not isinstance(app.screen, (EndScreen, MeetingScreen))
    app.store.close()

    with Store.open(home, readonly=True) as store:
        [followup] = store.followups("lena-markus")
        assert (followup.owner, followup.due) == (Owner.BOTH, date(2027, 12, 31))
        tandem = store.tandem("lena-markus")
        assert tandem.next_meeting == datetime(2027, 2, 5, 17, 0).astimezone()
        session = store.session("lena-markus", 1)
        assert session is not None and session.feedback[Role.MENTEE] == Feedback(3, 4, "")
    # On disk as an English tandem's: the owner's value, an ISO date.
    stored = json.loads((home / "tandems" / "lena-markus" / "tandem.json").read_text())
    [doc] = [d for d in documents(stored) if d.get("text") == "Den Team-Chat ausprobieren"]
    assert (doc["owner"], doc["due"]) == ("both", "2027-12-31")


async def test_the_review_card_of_a_german_tandem_names_its_follow_ups_in_german(
    home: Path,
) -> None:
    seed(home, GERMAN, FollowUp("Den Team-Chat ausprobieren", Owner.BOTH, date(2027, 12, 31)))
    app = create_app(home, clock=ManualClock())
    async with app.run_test(size=SIZE) as pilot:
        await open_end_screen(app, pilot)
        await pilot.press("ctrl+s")  # session 1 held: its follow-up is still open
        await pilot.press("enter")  # session 2 opens on the review card
        meeting = app.screen
        assert isinstance(meeting, MeetingScreen)
        prompts = str(meeting.query_one("#card-prompts", Static).render())
        assert "Aufgabe (beide, fällig 31.12.2027): Den Team-Chat ausprobieren" in prompts
        assert "both" not in prompts and "Follow-up" not in prompts
        assert meeting.running_meeting.session.cards[0].card.title == "Rückblick: Offenes"
    app.store.close()


async def test_an_english_tandem_speaks_english_under_a_german_chrome(home: Path) -> None:
    i18n.use("de")
    seed(home, ENGLISH, FollowUp("Try the team chat", Owner.BOTH, date(2027, 12, 31)))
    app = create_app(home, clock=ManualClock())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "ctrl+o")
        dialog = app.screen
        assert isinstance(dialog, FollowUpScreen)
        text = shown(dialog)
        assert "New follow-up" in text and "Due (optional)" in text and "Both" in text
        assert dialog.query_one("#followup-due", Input).placeholder == (
            "2027-12-31, friday, tomorrow, +2w"
        )
        await pilot.press("escape", "ctrl+f")
        end = app.screen
        assert isinstance(end, EndScreen)
        text = shown(end)
        assert "Time per card" in text and "Whole meeting" in text
        assert "• Try the team chat (both, due 2027-12-31)" not in text, "not from this meeting"
        assert end.next_meeting.value == "2026-12-25 17:00"
        assert str(end.query_one("#next-meeting-day", Label).render()) == (
            "Friday, 25 December 2026"
        )
        assert keys_of(end)[0] == "End meeting"
        assert english_in(text), "the check the German screens pass finds English"
        for german in ("Aufgabe", "Treffen", "Karte", "beide", "fällig", "Zurück"):
            assert german not in text, german
    app.store.close()


async def test_the_plan_dialog_of_a_german_tandem_reads_and_writes_german_dates(
    home: Path,
) -> None:
    i18n.use("de")  # a dialog over the tandem list speaks the list's language
    seed(home, GERMAN)
    app = create_app(home, clock=ManualClock())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("p")
        dialog = app.screen
        assert isinstance(dialog, PlanScreen)
        field = dialog.query_one("#plan-when", Input)
        assert field.value == "", "nothing held, nothing planned: nothing offered"
        assert field.placeholder == "04.12.2026 17:00"  # a week on, as typed in German
        text = shown(dialog)
        assert "Nächstes Treffen von Lena Vogel & Markus Brandt" in text
        assert "(TT.MM.JJJJ HH:MM); leer: keins" in text and "Noch nichts geplant." in text
        assert "Speichern" in text and "Abbrechen" in text
        assert not english_in(text), english_in(text)
        await pilot.press(*"05.02.2027 17:00")
        weekday = str(dialog.query_one("#plan-weekday", Label).render())
        assert weekday == "Freitag, 5. Februar 2027"
        await pilot.press("enter")
        assert not isinstance(app.screen, PlanScreen)
    app.store.close()
    with Store.open(home, readonly=True) as store:
        planned = store.tandem("lena-markus").next_meeting
    assert planned == datetime(2027, 2, 5, 17, 0).astimezone()


async def test_dialogs_over_an_english_tandem_list_are_english_for_a_german_tandem(
    home: Path,
) -> None:
    """No screen mixes languages: the plan dialog and the follow-up list drawn over the
    English list of tandems speak English, whatever the tandem's program."""
    seed(home, GERMAN, FollowUp("Die Regeln schicken", Owner.MENTOR, date(2026, 11, 20)))
    app = create_app(home, clock=ManualClock())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("p")
        assert isinstance(app.screen, PlanScreen)
        text = shown(app.screen)
        assert "Next meeting of Lena Vogel & Markus Brandt" in text
        assert "Nächstes" not in text and "Speichern" not in text
        await pilot.press("escape", "f")
        assert isinstance(app.screen, FollowUpListScreen)
        text = shown(app.screen)
        assert "1 open, 1 late, 0 done." in text, text
        assert "Aufgaben" not in text and "überfällig" not in text
        await pilot.press("escape")
    app.store.close()


async def test_a_german_tandem_s_follow_ups_and_look_back_are_german(home: Path) -> None:
    i18n.use("de")  # the follow-up list over the German tandem list
    clock = ManualClock()
    late = FollowUp("Die Regeln schicken", Owner.MENTOR, date(2026, 11, 20))
    seed(home, GERMAN, late)
    app = create_app(home, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f")
        listing = app.screen
        assert isinstance(listing, FollowUpListScreen)
        text = shown(listing)
        assert "Aufgaben von Lena Vogel & Markus Brandt" in text
        assert "1 offen, 1 überfällig, 0 erledigt." in text
        prompt = listing.followup_list.get_option_at_index(0).prompt
        line = Content.from_markup(str(prompt)).plain
        assert "(Mentor, fällig 20.11.2026, überfällig)" in line
        assert listing.typing_mode() == ("Tasten sind Befehle", False)
        assert keys_of(listing)[:2] == ["Erledigt/offen", "Neu"]
        assert not english_in(text + line), english_in(text + line)
        await pilot.press("space", "escape")

        await open_end_screen(app, pilot)
        await pilot.press("ctrl+s")
        await pilot.press("l")
        history = app.screen
        assert isinstance(history, HistoryScreen)
        await pilot.pause()
        text = shown(history)
        assert "Treffen 1: " in text and "Treffen (nur lesen)" in text
        assert "Freitag, 27. November 2026, 17:00 bis 17:00" in text
        assert "geleitet vom Mentor" in text and "nicht erreicht" in text
        assert "Private Notizen verborgen" in text
        assert history.sub_title == "Lena Vogel & Markus Brandt · Rückblick"
        assert not english_in(text), english_in(text)
    app.store.close()


def test_the_owner_is_stored_as_it_was_whatever_the_language(home: Path) -> None:
    """The review card's words are German for a German tandem; the follow-up stays "both"."""
    from tandem_tui.meeting import review_prompt

    followup = FollowUp("Den Team-Chat ausprobieren", Owner.BOTH, date(2027, 12, 31))
    assert review_prompt(followup, "de") == (
        "Aufgabe (beide, fällig 31.12.2027): Den Team-Chat ausprobieren"
    )
    assert review_prompt(followup, "en") == (
        "Follow-up (both, 2027-12-31): Den Team-Chat ausprobieren"
    )
    assert followup.to_doc()["owner"] == "both"
