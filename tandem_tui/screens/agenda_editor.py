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
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import (
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

from tandem_tui.authoring import DEFAULT_MINUTES, AgendaDraft, CardDraft
from tandem_tui.i18n import N_, _
from tandem_tui.model import Role
from tandem_tui.screens.editor import DraftEditor, editor_bindings
from tandem_tui.widgets.footer import Footer

HEAD_FIELDS = ("id", "title", "language", "description")


#: Who leads a card, as its line in the list says it.
ROLES = {"mentor": N_("mentor"), "mentee": N_("mentee")}


class AgendaEditorScreen(DraftEditor):
    """Returns the id of the saved agenda, or None when left without saving."""

    ITEM = "card"
    BINDINGS = editor_bindings(N_("New card"), N_("Remove card"))
    KIND = "agenda"
    ID_FIELD = "#agenda-id"
    HINT = N_("Ctrl+N adds a card, Ctrl+D removes it, Ctrl+Up and Ctrl+Down move it, Ctrl+S saves.")
    SAYS = {
        "restored": N_(
            "Restored the agenda as it was, unsaved, when tandem-tui last closed. "
            "Ctrl+S saves it; Escape twice drops it."
        ),
        "not kept": N_("The unsaved agenda could not be kept: {error}"),
        "at least one": N_("This agenda needs at least one card."),
    }
    MIN_ITEMS = 1

    def __init__(
        self,
        draft: AgendaDraft,
        *,
        folder: Path,
        source: str | None = None,
        meeting_minutes: int = DEFAULT_MINUTES,
        unsaved_key: str | None = None,
        recovered: bool = False,
    ) -> None:
        super().__init__(
            draft, folder=folder, source=source, unsaved_key=unsaved_key, recovered=recovered
        )
        self.agenda = draft
        self.meeting_minutes = meeting_minutes

    @property
    def items(self) -> list[CardDraft]:
        return self.agenda.cards

    def new_item(self) -> CardDraft:
        return CardDraft()

    def duplicate(self) -> AgendaEditorScreen:
        draft = self.agenda
        copy = AgendaDraft(
            id=f"{draft.id}-copy",
            title=_("{title} (copy)").format(title=draft.title),
            language=draft.language,
            description=draft.description,
            cards=[CardDraft(c.title, c.minutes, c.direction, c.prompts) for c in draft.cards],
        )
        return AgendaEditorScreen(copy, folder=self.folder, meeting_minutes=self.meeting_minutes)

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="editor"):
            yield Static("", id="editor-note")
            with Horizontal(classes="editor-row"):
                with Vertical(classes="editor-field"):
                    yield Label(_("Id (the file's name; letters, digits, - and _)"))
                    yield Input(self.agenda.id, id="agenda-id", compact=True)
                    yield Label("", id="agenda-id-error", classes="field-error")
                with Vertical(classes="editor-field narrow"):
                    yield Label(_("Language"))
                    yield Input(self.agenda.language, id="agenda-language", compact=True)
                    yield Label("", id="agenda-language-error", classes="field-error")
            yield Label(_("Title"))
            yield Input(self.agenda.title, id="agenda-title", compact=True)
            yield Label("", id="agenda-title-error", classes="field-error")
            yield Label(_("Description (optional)"))
            yield Input(self.agenda.description, id="agenda-description", compact=True)
            yield Label("", id="agenda-description-error", classes="field-error")
            with Horizontal(id="cards-area"):
                with Vertical(id="card-list-column"):
                    yield Label(_("Cards"), classes="pane-title")
                    yield OptionList(id="card-list")
                    yield Static("", id="total")
                with Vertical(id="card-form"):
                    yield Label("", id="card-heading", classes="pane-title")
                    yield Label(_("Title"))
                    yield Input(id="card-title", compact=True)
                    yield Label("", id="card-title-error", classes="field-error")
                    yield Label(_("Time box in minutes"))
                    yield Input(id="card-minutes", compact=True)
                    yield Label("", id="card-minutes-error", classes="field-error")
                    yield Label(_("Who leads"))
                    with RadioSet(id="card-direction", compact=True):
                        yield RadioButton(_("the mentor"), name="mentor", value=True)
                        yield RadioButton(_("the mentee"), name="mentee")
                    yield Label(_("Prompts, one per line"))
                    yield TextArea(id="card-prompts", soft_wrap=True)
                    yield Label("", id="card-prompts-error", classes="field-error")
            yield Static("", id="editor-problems")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = _("Agenda {id}").format(id=self.agenda.id or _("(new)"))
        if not self.agenda.cards:
            self.agenda.cards.append(CardDraft())
        if self.read_only:
            for widget in self.query("Input, TextArea, RadioSet"):
                widget.disabled = True
        self.show_target()
        self.query_one("#agenda-id", Input).disabled = self.read_only or self.source is not None
        self.refresh_items()
        self.load_item()
        self.run_checks()
        focus = "#agenda-title" if self.source or self.agenda.id else "#agenda-id"
        if not self.read_only:
            self.query_one(focus, Input).focus()

    # showing ------------------------------------------------------------------------

    def refresh_items(self) -> None:
        card_list = self.query_one("#card-list", OptionList)
        untitled = _("(no title)")
        card_list.set_options(
            Option(
                f"{n}. {card.title or untitled}\n   "
                + _("{minutes} min · {role}").format(
                    minutes=card.minutes.strip() or "?", role=_(ROLES[card.direction.value])
                ),
                id=str(n - 1),
            )
            for n, card in enumerate(self.agenda.cards, start=1)
        )
        card_list.highlighted = self.index
        total = self.agenda.total_minutes
        over = total > self.meeting_minutes
        colour = "$error" if over else "$success"
        self.query_one("#total", Static).update(
            (
                _("Total [b {colour}]{total} of {length} min[/] (longer than the meeting)")
                if over
                else _("Total [b {colour}]{total} of {length} min[/]")
            ).format(colour=colour, total=total, length=self.meeting_minutes)
        )

    def load_item(self) -> None:
        """Show the selected card's fields, without counting that as an edit."""
        card = self.agenda.cards[self.index]
        self.query_one("#card-heading", Label).update(
            _("Card {number} of {total}").format(
                number=self.index + 1, total=len(self.agenda.cards)
            )
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
                field_name = problem.field or _("file")
                elsewhere.append(
                    _("card {number}: {field}: {problem}").format(
                        number=problem.card, field=field_name, problem=problem.message
                    )
                    if problem.card
                    else f"{field_name}: {problem.message}"
                )
        for widget_id, messages in shown.items():
            self.query_one(f"#{widget_id}-error", Label).update("; ".join(messages))
        self.query_one("#editor-problems", Static).update(
            "\n".join(f"[$error]•[/] {line}" for line in elsewhere) + self.problem_summary()
        )

    # editing ------------------------------------------------------------------------

    @on(Input.Changed)
    def field_changed(self, event: Input.Changed) -> None:
        widget_id = event.input.id or ""
        card = self.agenda.cards[self.index]
        if widget_id.startswith("agenda-"):
            setattr(self.agenda, widget_id.removeprefix("agenda-"), event.value)
        elif widget_id == "card-title":
            card.title = event.value
        elif widget_id == "card-minutes":
            card.minutes = event.value
        else:
            return
        self.edited()

    @on(TextArea.Changed, "#card-prompts")
    def prompts_changed(self, event: TextArea.Changed) -> None:
        self.agenda.cards[self.index].prompts = event.text_area.text
        self.edited()

    @on(RadioSet.Changed, "#card-direction")
    def direction_changed(self, event: RadioSet.Changed) -> None:
        self.agenda.cards[self.index].direction = Role(event.pressed.name or "mentor")
        self.edited()

    @on(OptionList.OptionHighlighted, "#card-list")
    def card_chosen(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id is not None and int(event.option.id) != self.index:
            self.index = int(event.option.id)
            self.load_item()

    def action_add_item(self) -> None:
        super().action_add_item()
        self.query_one("#card-title", Input).focus()
