"""The end screen: planned against used time per card, the follow-ups, and the next meeting.

Ending is a deliberate step: Enter only moves from field to field, and the meeting
ends with Ctrl+S or a click on "End meeting"; the buttons take no focus, so no key
typed in a hurry presses them. The card timer stands still while this screen is
open, so the times shown are the times stored. What was typed here survives "back
to the meeting", so feedback is not typed twice.

The screen belongs to the tandem: it speaks its program's language whatever the
app's chrome speaks. What is stored (owners, outcomes) stays as it was.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from rich.text import Text
from textual import getters, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, DataTable, Header, Input, Label, Static

from tandem_tui.clock import format_pair
from tandem_tui.dates import DateError, parse_meeting
from tandem_tui.i18n import N_, Speech, _
from tandem_tui.meeting import Meeting
from tandem_tui.model import (
    Feedback,
    FollowUp,
    Role,
    outcome_label,
    owner_label,
    role_label,
)
from tandem_tui.paths import shown_path
from tandem_tui.screens.dialog import keep_text_on_focus
from tandem_tui.screens.followup import running_app, tandem_speech
from tandem_tui.screens.followups import DUE
from tandem_tui.screens.host import Host
from tandem_tui.screens.save_file import typed_folder
from tandem_tui.store import StoreError
from tandem_tui.text import literal, sentence
from tandem_tui.widgets.footer import Footer
from tandem_tui.widgets.keys import keys_taken
from tandem_tui.widgets.toggles import Checkbox

if TYPE_CHECKING:
    from tandem_tui.actions import OutputFile

NAME_CELLS = 30  # the width of the name beside each partner's feedback

# Every text of this screen, in one place.
TITLE = N_("{label} · end of session {number}")
IN_FIELD = N_("✎ Field · Enter: next")
NOT_IN_FIELD = N_("Space ticks · Enter: next")
TIME_PER_CARD = N_("Time per card")
FOLLOWUPS = N_("Follow-ups")
NO_FOLLOWUPS = N_("No follow-ups in this meeting.")
# TRANSLATORS: a meeting time as the user may type it; "friday 17:00" in this language.
NEXT_MEETING = N_("Next meeting: date and time (friday 17:00 works too); empty for none yet")
CARRIED_OVER = N_(
    "Skipped and unfinished cards and open follow-ups come back as a review card at the "
    "start of the next session."
)
FEEDBACK = N_(
    "Feedback (optional): how useful, how much at eye level, 1 to 5; "
    "facilitators see the ratings only"
)
# TRANSLATORS: the placeholder of a rating field 1 to 5 (at most 11 characters).
USEFUL = N_("useful")
# TRANSLATORS: the placeholder of a rating field 1 to 5 (at most 11 characters).
EYE_LEVEL = N_("eye level")
TAKEAWAY = N_("one-line takeaway, for the two of you")
FILES = N_("Files to write when the meeting ends")
CALENDAR = N_("Calendar (.ics): the next meetings and the follow-ups, to import")
LINKED = N_("Not needed: the linked calendar has the meetings already.")
MINUTES = N_("Minutes (.md): time, shared notes and follow-ups; never private notes")
FOLDER = N_("Into the folder")
END = N_("End meeting")
BACK = N_("Back to the meeting")
# TRANSLATORS: column headers of the table of times per card.
CARD, PLANNED, USED, STATUS = N_("Card"), N_("Planned"), N_("Used"), N_("Status")
WHOLE_MEETING = N_("Whole meeting")
HALF_GIVEN = N_("Give both ratings, from 1 to 5, or leave all three empty.")
# Told on the home screen, once the meeting is ended: in the app's chrome.
SAVED = N_("Meeting {number} saved. See you next time!")
KEPT = N_("The meeting is ended and saved.")


def name_with_role(
    name: str, role: Role, cells: int = NAME_CELLS, speech: Speech | None = None
) -> str:
    """`Markus Brandt (mentee)`; a long name loses its titles first, then its end, never
    the role."""
    from tandem_tui.tandems import name_words

    suffix = f" ({role_label(role, speech)})"
    room = cells - len(suffix)
    if len(name) > room:
        name = " ".join(name_words(name)) or name
    if len(name) > room:
        name = name[: room - 1].rstrip() + "…"
    return name + suffix


class EndScreen(Screen[None]):
    CSS_PATH = "end.tcss"
    BINDINGS = [
        Binding("ctrl+s", "save", END, id="save", priority=True),
        Binding("escape", "back", N_("Back"), id="back", tooltip=BACK),
        Binding("enter", "next_field", N_("Next field"), show=False),
    ]

    next_meeting = getters.query_one("#next-meeting", Input)

    def __init__(
        self,
        meeting: Meeting,
        draft: dict[str, object] | None = None,
        *,
        resume: bool = False,
        speech: Speech | None = None,
    ) -> None:
        """`draft`: the fields as they were when the screen was last left unsaved; it is
        kept up to date here, so the meeting screen can hand it back next time.
        `resume`: the card timer ran before this screen paused it; back in the meeting
        it runs on. `speech`: the tandem's language, where the caller knows it."""
        super().__init__()
        self.speech = speech or tandem_speech(meeting.tandem, running_app(self))
        self.meeting = meeting
        self.resume = resume
        self.draft: dict[str, object] = draft if draft is not None else {}
        self._feedback_told = False
        self.suggested: datetime | None = None  # the next meeting offered

    def typing_mode(self) -> tuple[str, bool]:
        focused = self.focused
        if isinstance(focused, Input):
            return self.speech.gettext(IN_FIELD), True
        return self.speech.gettext(NOT_IN_FIELD), False

    def enter_moves_on(self) -> bool:
        """Enter, asked by the app before it hands the key on: the next field, at once,
        so keys typed straight after Enter land in that field."""
        if isinstance(self.focused, (Input, Checkbox)):
            self.action_next_field()
            return True
        return False

    def _given(self, key: str, default: str) -> str:
        value = self.draft.get(key, default)
        return value if isinstance(value, str) else default

    def _ticked(self, key: str, default: bool) -> bool:
        value = self.draft.get(key, default)
        return value if isinstance(value, bool) else default

    def compose(self) -> ComposeResult:
        app = self.app
        assert isinstance(app, Host)
        meeting = self.meeting
        speech = self.speech
        say = speech.gettext
        lines = [f"• {literal(f.text)} ({facts})" for f, facts in self._followups()] or [
            f"[dim]{say(NO_FOLLOWUPS)}[/dim]"
        ]
        suggested = self.suggested = meeting.suggested_next_meeting(app.library)
        yield Header()
        with VerticalScroll(id="end", can_focus=False):
            yield Label(say(TIME_PER_CARD), classes="pane-title")
            yield DataTable(id="time-per-card", cursor_type="none", zebra_stripes=True)
            yield Static(f"[b]{say(FOLLOWUPS)}[/b]\n" + "\n".join(lines), id="end-followups")
            yield Label(say(NEXT_MEETING))
            with Horizontal(classes="next-row"):
                yield Input(
                    self._given(
                        "next-meeting",
                        speech.numeric_moment(suggested.astimezone()) if suggested else "",
                    ),
                    id="next-meeting",
                    compact=True,
                )
                yield Label("", id="next-meeting-day")
            yield Label("", id="next-meeting-error", classes="field-error")
            yield Static(f"[dim]{say(CARRIED_OVER)}[/dim]")
            # A Static, not a Label: it wraps on a narrow terminal.
            yield Static(say(FEEDBACK), classes="pane-title")
            for role in Role:
                person = meeting.tandem.person(role)
                with Horizontal(classes="feedback-row"):
                    name = name_with_role(person.name, role, speech=speech)
                    yield Label(name, classes="feedback-name")
                    for rating, shown in (("useful", USEFUL), ("eye-level", EYE_LEVEL)):
                        field = f"{role.value}-{rating}"
                        yield Input(
                            self._given(field, ""),
                            placeholder=say(shown),
                            restrict="[1-5]?",  # nothing else can be typed
                            max_length=1,
                            id=field,
                            classes="rating",
                            compact=True,
                        )
                    yield Input(
                        self._given(f"{role.value}-takeaway", ""),
                        placeholder=say(TAKEAWAY),
                        max_length=200,
                        id=f"{role.value}-takeaway",
                        classes="takeaway",
                        compact=True,
                    )
                yield Label("", id=f"{role.value}-feedback-error", classes="field-error")
            yield Label(say(FILES), classes="pane-title")
            yield Checkbox(
                say(CALENDAR),
                value=self._ticked("write-calendar", not meeting.linked),
                id="write-calendar",
                compact=True,
            )
            if meeting.linked:  # synced: an .ics to import would only double the meetings
                yield Label(say(LINKED), id="calendar-linked")
            yield Checkbox(
                say(MINUTES),
                value=self._ticked("write-minutes", False),
                id="write-minutes",
                compact=True,
            )
            yield Label(say(FOLDER))
            folder = self._given("files-folder", shown_path(app.files_folder()))
            yield Input(folder, id="files-folder", compact=True)
            yield Label("", id="files-folder-error", classes="field-error")
            with Horizontal(classes="buttons"):
                for button in (
                    Button(say(END), variant="primary", id="save", compact=True),
                    Button(say(BACK), id="back", compact=True),
                ):
                    button.can_focus = False  # a click, or Ctrl+S and Escape
                    yield button
        yield Footer(compact=True)

    def _followups(self) -> list[tuple[FollowUp, str]]:
        """This meeting's follow-ups, each with what the screen says of it: `both, due …`."""
        speech = self.speech
        found = []
        for followup in self.meeting.followups():
            facts = [owner_label(followup.owner, speech)]
            if followup.due:
                facts.append(speech.gettext(DUE).format(day=speech.numeric_day(followup.due)))
            found.append((followup, ", ".join(facts)))
        return found

    def on_mount(self) -> None:
        meeting = self.meeting
        session = meeting.session
        say = self.speech.gettext
        self.sub_title = say(TITLE).format(label=meeting.tandem.label, number=session.number)
        table = self.query_one("#time-per-card", DataTable)
        table.can_focus = False  # nothing to do there: Enter and Tab go past it
        table.add_columns(say(CARD), say(PLANNED), say(USED), say(STATUS))
        for index, run in enumerate(meeting.cards):
            used, planned = format_pair(meeting.elapsed(index), run.box_minutes * 60)
            outcome = outcome_label(meeting.outcome(index), self.speech)
            table.add_row(self.speech.swiss(run.card.title), planned, used, outcome)
        used, planned = format_pair(meeting.meeting_elapsed(), session.planned_minutes * 60)
        whole = (say(WHOLE_MEETING), planned, used, "")
        table.add_row(*(Text(cell, style="bold") for cell in whole))
        keep_text_on_focus(self)
        self.set_focus(self.next_meeting)
        self._check_next_meeting()

    # the fields ---------------------------------------------------------------------

    @on(Input.Changed)
    def _keep_field(self, event: Input.Changed) -> None:
        if event.input.id:
            self.draft[event.input.id] = event.value
        if event.input is self.next_meeting:
            self._check_next_meeting()
        elif event.input.id == "files-folder":
            self.query_one("#files-folder-error", Label).update("")
        elif self._feedback_told:
            self.feedback()  # the message goes once the ratings are fixed

    @on(Checkbox.Changed)
    def _keep_ticked(self, event: Checkbox.Changed) -> None:
        if event.checkbox.id:
            self.draft[event.checkbox.id] = event.value

    def _check_next_meeting(self) -> datetime | DateError | None:
        """The next meeting as typed, its weekday shown beside it, or the reason it is not."""
        text = self.next_meeting.value.strip()
        day = self.query_one("#next-meeting-day", Label)
        error = self.query_one("#next-meeting-error", Label)
        if not text:
            day.update("")
            error.update("")
            return None
        try:
            when = parse_meeting(text, self.meeting.clock.now(), speech=self.speech)
        except DateError as reason:
            day.update("")
            # sentence(), not capitalize(): that lowers "February"
            error.update(sentence(f"{reason}.".replace("..", ".")))
            return reason
        day.update(self.speech.long_day(when.date()))
        error.update("")
        return when

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_next_field()

    def action_next_field(self) -> None:
        """Enter: on to the next field, round to the first; never onto the buttons."""
        fields = [w for w in self.query("Input, Checkbox") if w.focusable]
        if not fields:
            return
        focused = self.focused
        position = fields.index(focused) if focused in fields else -1
        self.set_focus(fields[(position + 1) % len(fields)])

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            await self.action_save()
        else:
            self.action_back()

    def action_back(self) -> None:
        if self.resume:
            try:
                self.meeting.resume()
            except StoreError as error:
                self.notify(str(error), severity="error", timeout=10)
        self.app.pop_screen()

    async def action_save(self) -> None:
        await keys_taken(self.focused)  # a date typed just before Ctrl+S is in its field
        when = self._check_next_meeting()
        if isinstance(when, DateError):
            self.set_focus(self.next_meeting)
            return
        feedback = self.feedback()
        if feedback is None:
            return
        if not self._folder_fits():
            return
        if when is not None and when == self.suggested:
            when = self.suggested  # left as offered: it keeps the zone its series runs in
        try:
            self.meeting.end(when, feedback)
        except StoreError as error:
            self.notify(str(error), severity="error", timeout=10)
            return
        self.draft.clear()
        self.notify(_(SAVED).format(number=self.meeting.session.number))
        self.write_files()
        self.app.pop_screen()  # the end screen
        self.app.pop_screen()  # the meeting screen, back home

    def _folder_fits(self) -> bool:
        """Files are to be written: the folder must take them, or be creatable."""
        from tandem_tui.screens.save_file import folder_trouble

        error = self.query_one("#files-folder-error", Label)
        wanted = any(box.value for box in self.query(Checkbox))
        folder_field = self.query_one("#files-folder", Input)
        trouble = folder_trouble(typed_folder(folder_field.value), self.speech) if wanted else ""
        error.update(trouble)
        if trouble:
            self.set_focus(folder_field)
        return not trouble

    def feedback(self) -> dict[Role, Feedback] | None:
        """Each partner's ratings, if given; None (with the reason shown) when half given."""
        given: dict[Role, Feedback] = {}
        complete = True
        for role in Role:
            useful = self.query_one(f"#{role.value}-useful", Input).value
            eye = self.query_one(f"#{role.value}-eye-level", Input).value
            takeaway = " ".join(self.query_one(f"#{role.value}-takeaway", Input).value.split())
            error = self.query_one(f"#{role.value}-feedback-error", Label)
            if useful and eye:
                given[role] = Feedback(int(useful), int(eye), takeaway)
                error.update("")
            elif useful or eye or takeaway:
                error.update(self.speech.gettext(HALF_GIVEN))
                complete = False
            else:
                error.update("")
        self._feedback_told = not complete
        return given if complete else None

    def write_files(self) -> None:
        """The files ticked, into the folder shown; a failure, or a file already there that
        the user keeps, is told: the meeting stays ended and saved either way."""
        app = self.app
        assert isinstance(app, Host)
        folder = typed_folder(self.query_one("#files-folder", Input).value) or app.files_folder()
        tandem_id = self.meeting.tandem.id
        files: list[OutputFile | None] = []
        if self.query_one("#write-calendar", Checkbox).value:
            files.append(app.calendar_file(tandem_id))
        if self.query_one("#write-minutes", Checkbox).value:
            files.append(app.minutes_file(tandem_id, self.meeting.session.number))
        chosen = [file for file in files if file is not None]
        if chosen:
            app.write_files_into(folder, chosen, kept=" " + _(KEPT))
