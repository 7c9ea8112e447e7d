"""The end screen: planned against used time per card, the follow-ups, and the next meeting."""

from __future__ import annotations

from datetime import datetime

from rich.markup import escape
from rich.text import Text
from textual import getters
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Checkbox, DataTable, Header, Input, Label, Static

from tandem_tui.clock import format_seconds
from tandem_tui.meeting import Meeting
from tandem_tui.model import CardStatus, Feedback, Role
from tandem_tui.paths import shown_path
from tandem_tui.screens.save_file import typed_folder
from tandem_tui.store import StoreError
from tandem_tui.widgets.footer import Footer

NEXT_FORMAT = "%Y-%m-%d %H:%M"


class EndScreen(Screen[None]):
    CSS_PATH = "end.tcss"
    BINDINGS = [
        Binding("ctrl+s", "save", "End meeting", id="save", priority=True),
        Binding("escape", "back", "Back to the meeting", id="back"),
    ]

    next_meeting = getters.query_one("#next-meeting", Input)

    def __init__(self, meeting: Meeting) -> None:
        super().__init__()
        self.meeting = meeting

    def compose(self) -> ComposeResult:
        from tandem_tui.app import TandemApp

        app = self.app
        assert isinstance(app, TandemApp)
        meeting = self.meeting
        followups = meeting.followups()
        lines = [
            f"• {escape(f.text)} ({f.owner.value}" + (f", due {f.due}" if f.due else "") + ")"
            for f in followups
        ] or ["[dim]No follow-ups in this meeting.[/dim]"]
        suggested = meeting.suggested_next_meeting(app.library)
        yield Header()
        with VerticalScroll(id="end"):
            yield Label("Time per card", classes="pane-title")
            yield DataTable(id="time-per-card", cursor_type="none", zebra_stripes=True)
            yield Static("[b]Follow-ups[/b]\n" + "\n".join(lines), id="end-followups")
            yield Label("Next meeting (YYYY-MM-DD HH:MM; empty for none yet)")
            yield Input(suggested.strftime(NEXT_FORMAT), id="next-meeting", compact=True)
            yield Label("", id="next-meeting-error", classes="field-error")
            yield Static(
                "[dim]Skipped and unfinished cards and open follow-ups come back as a review "
                "card at the start of the next session.[/dim]"
            )
            yield Static(  # a Static, not a Label: it wraps on a narrow terminal
                "Feedback (optional): how useful, how much at eye level, 1 to 5; "
                "facilitators see the ratings only",
                classes="pane-title",
            )
            for role in Role:
                person = meeting.tandem.person(role)
                with Horizontal(classes="feedback-row"):
                    yield Label(f"{person.name} ({role.value})", classes="feedback-name")
                    for rating in ("useful", "eye level"):
                        yield Input(
                            placeholder=rating,
                            restrict="[1-5]?",  # nothing else can be typed
                            max_length=1,
                            id=f"{role.value}-{rating.replace(' ', '-')}",
                            classes="rating",
                            compact=True,
                        )
                    yield Input(
                        placeholder="one-line takeaway, for the two of you",
                        max_length=200,
                        id=f"{role.value}-takeaway",
                        classes="takeaway",
                        compact=True,
                    )
                yield Label("", id=f"{role.value}-feedback-error", classes="field-error")
            yield Label("Files to write when the meeting ends", classes="pane-title")
            yield Checkbox(
                "Calendar (.ics): the next meetings and the follow-ups, to import",
                value=True,
                id="write-calendar",
                compact=True,
            )
            yield Checkbox(
                "Minutes (.md): time, shared notes and follow-ups; never private notes",
                value=False,
                id="write-minutes",
                compact=True,
            )
            yield Label("Into the folder")
            yield Input(shown_path(app.files_folder()), id="files-folder", compact=True)
            with Horizontal(classes="buttons"):
                yield Button("End meeting", variant="primary", id="save", compact=True)
                yield Button("Back to the meeting", id="back", compact=True)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        meeting = self.meeting
        session = meeting.session
        self.sub_title = f"{meeting.tandem.label} · end of session {session.number}"
        table = self.query_one("#time-per-card", DataTable)
        table.add_columns("Card", "Planned", "Used", "Status")
        for index, run in enumerate(meeting.cards):
            table.add_row(
                run.card.title,
                format_seconds(run.box_minutes * 60),
                format_seconds(meeting.elapsed(index)),
                run.status.value
                if run.status is not CardStatus.PENDING
                else "unfinished"
                if meeting.elapsed(index)
                else "not reached",
            )
        table.add_row(
            *(
                Text(cell, style="bold")
                for cell in (
                    "Whole meeting",
                    format_seconds(session.planned_minutes * 60),
                    format_seconds(meeting.meeting_elapsed()),
                    "",
                )
            )
        )
        self.next_meeting.focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.action_save()
        else:
            self.action_back()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.action_save()

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_save(self) -> None:
        text = self.next_meeting.value.strip()
        when: datetime | None = None
        if text:
            try:
                when = datetime.strptime(text, NEXT_FORMAT).astimezone()
            except ValueError:
                self.query_one("#next-meeting-error", Label).update(
                    f"Not a date and time like {datetime.now():{NEXT_FORMAT}}."
                )
                return
        feedback = self.feedback()
        if feedback is None:
            return
        try:
            self.meeting.end(when, feedback)
        except StoreError as error:
            self.notify(str(error), severity="error", timeout=10)
            return
        self.notify(f"Meeting {self.meeting.session.number} saved. See you next time!")
        self.write_files()
        self.app.pop_screen()  # the end screen
        self.app.pop_screen()  # the meeting screen, back home

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
                error.update("Give both ratings, from 1 to 5, or leave all three empty.")
                complete = False
            else:
                error.update("")
        return given if complete else None

    def write_files(self) -> None:
        """The files ticked, into the folder shown; a failure, or a file already there that
        the user keeps, is told: the meeting stays ended and saved either way."""
        from tandem_tui.app import OutputFile, TandemApp

        app = self.app
        assert isinstance(app, TandemApp)
        folder = typed_folder(self.query_one("#files-folder", Input).value) or app.files_folder()
        tandem_id = self.meeting.tandem.id
        files: list[OutputFile | None] = []
        if self.query_one("#write-calendar", Checkbox).value:
            files.append(app.calendar_file(tandem_id))
        if self.query_one("#write-minutes", Checkbox).value:
            files.append(app.minutes_file(tandem_id, self.meeting.session.number))
        chosen = [file for file in files if file is not None]
        if chosen:
            app.write_files_into(folder, chosen, kept=" The meeting is ended and saved.")
