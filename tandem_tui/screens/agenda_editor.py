"""The agenda editor: the agenda's head, its cards in order, and each card's fields.

Every keystroke updates the draft and runs the checks of `agenda check` over it;
each message appears beside its field, and the total of the time boxes is shown
against the meeting length. Bundled agendas open read-only: Ctrl+E duplicates one
into the user's folder to edit.
"""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import (
    Footer,
    Header,
    Input,
    Label,
    OptionList,
    RadioButton,
    RadioSet,
    Static,
    TextArea,
)
from textual.widgets.option_list import Option

from tandem_tui.agendas import Problem, display_path
from tandem_tui.authoring import (
    DEFAULT_MINUTES,
    AgendaDraft,
    CardDraft,
    check,
    errors,
    is_bundled,
    save,
    target_path,
)
from tandem_tui.model import Role

HEAD_FIELDS = ("id", "title", "language", "description")


class AgendaEditorScreen(Screen[str | None]):
    """Returns the id of the saved agenda, or None when left without saving."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="save", priority=True),
        Binding("ctrl+n", "add_card", "New card", id="add-card", priority=True),
        Binding("ctrl+d", "remove_card", "Remove card", id="remove-card", priority=True),
        Binding("ctrl+up", "move_card(-1)", "Move up", id="card-up", priority=True),
        Binding("ctrl+down", "move_card(1)", "Move down", id="card-down", priority=True),
        Binding("ctrl+e", "duplicate", "Duplicate to edit", id="duplicate", priority=True),
        Binding("escape", "leave", "Back", id="leave"),
    ]

    def __init__(
        self,
        draft: AgendaDraft,
        *,
        folder: Path,
        source: str | None = None,
        meeting_minutes: int = DEFAULT_MINUTES,
    ) -> None:
        super().__init__()
        self.draft = draft
        self.folder = folder
        self.source = source
        self.read_only = is_bundled(source)
        self.meeting_minutes = meeting_minutes
        self.index = 0
        self.problems: list[Problem] = []
        self.dirty = False
        self._leave_warned = False

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Only the keys that apply: duplicating for bundled agendas, editing for the rest."""
        if action == "duplicate":
            return self.read_only
        if action in ("save", "add_card", "remove_card", "move_card"):
            return not self.read_only
        return True

    @property
    def path(self) -> Path:
        return target_path(self.folder, self.draft.id or "new-agenda", self.source)

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="editor"):
            yield Static("", id="editor-note")
            with Horizontal(classes="editor-row"):
                with Vertical(classes="editor-field"):
                    yield Label("Id (the file's name; letters, digits, - and _)")
                    yield Input(self.draft.id, id="agenda-id", compact=True)
                    yield Label("", id="agenda-id-error", classes="field-error")
                with Vertical(classes="editor-field narrow"):
                    yield Label("Language")
                    yield Input(self.draft.language, id="agenda-language", compact=True)
                    yield Label("", id="agenda-language-error", classes="field-error")
            yield Label("Title")
            yield Input(self.draft.title, id="agenda-title", compact=True)
            yield Label("", id="agenda-title-error", classes="field-error")
            yield Label("Description (optional)")
            yield Input(self.draft.description, id="agenda-description", compact=True)
            yield Label("", id="agenda-description-error", classes="field-error")
            with Horizontal(id="cards-area"):
                with Vertical(id="card-list-column"):
                    yield Label("Cards", classes="pane-title")
                    yield OptionList(id="card-list")
                    yield Static("", id="total")
                with Vertical(id="card-form"):
                    yield Label("", id="card-heading", classes="pane-title")
                    yield Label("Title")
                    yield Input(id="card-title", compact=True)
                    yield Label("", id="card-title-error", classes="field-error")
                    yield Label("Time box in minutes")
                    yield Input(id="card-minutes", compact=True)
                    yield Label("", id="card-minutes-error", classes="field-error")
                    yield Label("Who leads")
                    with RadioSet(id="card-direction", compact=True):
                        yield RadioButton("the mentor", name="mentor", value=True)
                        yield RadioButton("the mentee", name="mentee")
                    yield Label("Prompts, one per line")
                    yield TextArea(id="card-prompts", soft_wrap=True)
                    yield Label("", id="card-prompts-error", classes="field-error")
            yield Static("", id="editor-problems")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = f"Agenda {self.draft.id or '(new)'}"
        if not self.draft.cards:
            self.draft.cards.append(CardDraft())
        if self.read_only:
            for widget in self.query("Input, TextArea, RadioSet"):
                widget.disabled = True
            self.query_one("#editor-note", Static).update(
                "[b $warning]Bundled with tandem-tui: read-only.[/] "
                "Ctrl+E duplicates it into your agendas, to edit."
            )
        self.show_target()
        self.query_one("#agenda-id", Input).disabled = self.read_only or self.source is not None
        self.refresh_cards()
        self.load_card()
        self.run_checks()
        focus = "#agenda-title" if self.source or self.draft.id else "#agenda-id"
        if not self.read_only:
            self.query_one(focus, Input).focus()

    # showing ------------------------------------------------------------------------

    def refresh_cards(self) -> None:
        card_list = self.query_one("#card-list", OptionList)
        card_list.set_options(
            Option(
                f"{n}. {card.title or '(no title)'}\n   "
                f"{card.minutes.strip() or '?'} min · {card.direction.value}",
                id=str(n - 1),
            )
            for n, card in enumerate(self.draft.cards, start=1)
        )
        card_list.highlighted = self.index
        total = self.draft.total_minutes
        over = total > self.meeting_minutes
        colour = "$error" if over else "$success"
        self.query_one("#total", Static).update(
            f"Total [b {colour}]{total} of {self.meeting_minutes} min[/]"
            + (" (longer than the meeting)" if over else "")
        )

    def load_card(self) -> None:
        """Show the selected card's fields, without counting that as an edit."""
        card = self.draft.cards[self.index]
        self.query_one("#card-heading", Label).update(
            f"Card {self.index + 1} of {len(self.draft.cards)}"
        )
        title, minutes = (
            self.query_one("#card-title", Input),
            self.query_one("#card-minutes", Input),
        )
        prompts = self.query_one("#card-prompts", TextArea)
        direction = self.query_one("#card-direction", RadioSet)
        with title.prevent(Input.Changed), minutes.prevent(Input.Changed):
            title.value = card.title
            minutes.value = card.minutes
        with prompts.prevent(TextArea.Changed):
            prompts.load_text(card.prompts)
        with direction.prevent(RadioSet.Changed):
            for button in direction.query(RadioButton):
                button.value = button.name == card.direction.value
        self.show_problems()

    def run_checks(self) -> None:
        from tandem_tui.app import TandemApp

        app = self.app
        assert isinstance(app, TandemApp)
        self.problems = check(self.draft, self.path, app.library, source=self.source)
        self.show_problems()

    def show_problems(self) -> None:
        """Each message beside its field; the other cards' messages in a list below."""
        shown: dict[str, list[str]] = {f"agenda-{name}": [] for name in HEAD_FIELDS}
        shown.update({f"card-{name}": [] for name in ("title", "minutes", "prompts")})
        elsewhere: list[str] = []
        for problem in self.problems:
            field = (problem.field or "").removeprefix("cards.")
            if problem.card is None and field.startswith("agenda."):
                shown[f"agenda-{field.removeprefix('agenda.')}"].append(problem.message)
            elif problem.card == self.index + 1 and f"card-{field}" in shown:
                shown[f"card-{field}"].append(problem.message)
            else:
                where = f"card {problem.card}: " if problem.card else ""
                elsewhere.append(f"{where}{problem.field or 'file'}: {problem.message}")
        for widget_id, messages in shown.items():
            self.query_one(f"#{widget_id}-error", Label).update("; ".join(messages))
        count = len(errors(self.problems))
        self.query_one("#editor-problems", Static).update(
            "\n".join(f"[$error]•[/] {line}" for line in elsewhere)
            + (f"\n[b]{count} to fix before saving[/b]" if count else "")
        )

    # editing ------------------------------------------------------------------------

    def show_target(self) -> None:
        if not self.read_only:
            self.query_one("#editor-note", Static).update(
                f"[dim]Saves to {display_path(self.path)}. Ctrl+N adds a card, Ctrl+D removes "
                "it, Ctrl+Up and Ctrl+Down move it, Ctrl+S saves.[/dim]"
            )

    def edited(self) -> None:
        self.show_target()
        self.dirty = True
        self._leave_warned = False
        self.refresh_cards()
        self.run_checks()

    @on(Input.Changed)
    def field_changed(self, event: Input.Changed) -> None:
        widget_id = event.input.id or ""
        card = self.draft.cards[self.index]
        if widget_id.startswith("agenda-"):
            setattr(self.draft, widget_id.removeprefix("agenda-"), event.value)
        elif widget_id == "card-title":
            card.title = event.value
        elif widget_id == "card-minutes":
            card.minutes = event.value
        else:
            return
        self.edited()

    @on(TextArea.Changed, "#card-prompts")
    def prompts_changed(self, event: TextArea.Changed) -> None:
        self.draft.cards[self.index].prompts = event.text_area.text
        self.edited()

    @on(RadioSet.Changed, "#card-direction")
    def direction_changed(self, event: RadioSet.Changed) -> None:
        self.draft.cards[self.index].direction = Role(event.pressed.name or "mentor")
        self.edited()

    @on(OptionList.OptionHighlighted, "#card-list")
    def card_chosen(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id is not None and int(event.option.id) != self.index:
            self.index = int(event.option.id)
            self.load_card()

    def _editable(self) -> bool:
        if self.read_only:
            self.notify("Bundled agendas are read-only: Ctrl+E duplicates it to edit.")
        return not self.read_only

    def action_add_card(self) -> None:
        if not self._editable():
            return
        self.index += 1 if self.draft.cards else 0
        self.draft.cards.insert(self.index, CardDraft())
        self.edited()
        self.load_card()
        self.query_one("#card-title", Input).focus()

    def action_remove_card(self) -> None:
        if not self._editable():
            return
        if len(self.draft.cards) == 1:
            self.notify("An agenda needs at least one card.", severity="warning")
            return
        removed = self.draft.cards.pop(self.index)
        self.index = min(self.index, len(self.draft.cards) - 1)
        self.edited()
        self.load_card()
        self.notify(f"Removed card: {removed.title or '(no title)'}")

    def action_move_card(self, step: int) -> None:
        if not self._editable():
            return
        target = self.index + step
        if not 0 <= target < len(self.draft.cards):
            return
        cards = self.draft.cards
        cards[self.index], cards[target] = cards[target], cards[self.index]
        self.index = target
        self.edited()
        self.load_card()

    def action_duplicate(self) -> None:
        if not self.read_only:
            self.notify("This agenda is yours already: edit it here.")
            return
        copy = AgendaDraft(
            id=f"{self.draft.id}-copy",
            title=f"{self.draft.title} (copy)",
            language=self.draft.language,
            description=self.draft.description,
            cards=[CardDraft(c.title, c.minutes, c.direction, c.prompts) for c in self.draft.cards],
        )
        self.app.switch_screen(
            AgendaEditorScreen(copy, folder=self.folder, meeting_minutes=self.meeting_minutes)
        )

    def action_save(self) -> None:
        from tandem_tui.app import TandemApp

        if not self._editable():
            return
        self.run_checks()
        if errors(self.problems):
            self.notify(
                f"Not saved: {len(errors(self.problems))} to fix first; see beside the fields.",
                severity="error",
            )
            return
        path = self.path
        try:
            save(self.draft, path)
        except OSError as error:
            self.notify(f"Not saved: {error}", severity="error", timeout=15)
            return
        app = self.app
        if isinstance(app, TandemApp):
            app.reload_library()
        self.source = str(path)
        self.dirty = False
        self.query_one("#agenda-id", Input).disabled = True
        self.notify(f"Saved {display_path(path)}")

    def action_leave(self) -> None:
        if self.dirty and not self._leave_warned:
            self._leave_warned = True
            self.notify("Unsaved changes: Ctrl+S saves; Escape again leaves without saving.")
            return
        self.dismiss(self.draft.id if self.source else None)
