"""A tandem's follow-ups, to tick off what is done: from the home screen or in a meeting."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date

from textual import getters, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from tandem_tui.clock import Clock
from tandem_tui.model import FollowUp, Tandem
from tandem_tui.screens.followup import FollowUpDraft, FollowUpScreen
from tandem_tui.store import Store, StoreError
from tandem_tui.text import literal
from tandem_tui.widgets.footer import Footer

AddFollowUp = Callable[[FollowUpDraft], object]


def followup_line(followup: FollowUp, today: date) -> str:
    """`☐ text  (owner, due 2026-12-01, late)` or `☑ text  (owner, done 2026-11-27)`."""
    facts = [followup.owner.value]
    if followup.is_open:
        if followup.due:
            facts.append(f"due {followup.due.isoformat()}")
        if followup.is_overdue(today):
            facts.append("[b $error]late[/]")
        return f"☐ {literal(followup.text)}  [dim]({', '.join(facts)})[/dim]"
    if followup.done_at:
        facts.append(f"done {followup.done_at.astimezone().date().isoformat()}")
    return f"[dim]☑ {literal(followup.text)}  ({', '.join(facts)})[/dim]"


class FollowUpListScreen(ModalScreen[None]):
    """Every follow-up of one tandem, open ones first; Space or Enter ticks one off."""

    BINDINGS = [
        Binding("space", "tick", "Done / open", id="tick"),
        Binding("a", "add", "Add", id="add", tooltip="Add a follow-up"),
        Binding("e", "edit", "Change", id="edit", tooltip="Change what, who or when"),
        Binding("escape", "dismiss", "Close", id="close"),
    ]

    followup_list = getters.query_one("#followup-list", OptionList)

    def __init__(
        self, store: Store, tandem: Tandem, clock: Clock, add: AddFollowUp | None = None
    ) -> None:
        """`add` saves a new follow-up; a meeting passes its own, to note session and card."""
        super().__init__()
        self.store = store
        self.tandem = tandem
        self.clock = clock
        self.add = add or self._add_outside_a_meeting
        self.followups: list[FollowUp] = []

    def typing_mode(self) -> tuple[str, bool]:
        """For the footer: here letters are keys, not text (a list, not a note)."""
        return "Keys act here", False

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(f"Follow-ups of {literal(self.tandem.label)}", classes="dialog-title")
            yield OptionList(id="followup-list")
            yield Static("", id="followup-summary")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.reload()
        self.set_focus(self.followup_list)

    def reload(self, keep: str | None = None) -> None:
        today = self.clock.now().date()
        try:
            found = self.store.followups(self.tandem.id)
        except StoreError as error:
            self.notify(str(error), severity="error", timeout=10)
            return
        # Open ones first, the most urgent on top; then what is done, the latest first.
        open_ones = sorted(
            (f for f in found if f.is_open), key=lambda f: (f.due or date.max, f.created_at)
        )
        done = sorted(
            (f for f in found if not f.is_open),
            key=lambda f: f.done_at or f.updated_at,
            reverse=True,
        )
        self.followups = [*open_ones, *done]
        self.followup_list.set_options(
            Option(followup_line(f, today), id=f.id) for f in self.followups
        )
        ids = [f.id for f in self.followups]
        if ids:
            self.followup_list.highlighted = ids.index(keep) if keep in ids else 0
        late = sum(f.is_overdue(today) for f in open_ones)
        self.query_one("#followup-summary", Static).update(
            f"{len(open_ones)} open" + (f", {late} late" if late else "") + f", {len(done)} done. "
            "Space or Enter ticks one off, or opens it again; e changes it, a adds one."
            if self.followups
            else "No follow-ups yet: a adds one."
        )

    @on(OptionList.OptionSelected, "#followup-list")
    def selected(self) -> None:
        self.action_tick()

    def highlighted(self) -> FollowUp | None:
        index = self.followup_list.highlighted
        return self.followups[index] if index is not None and self.followups else None

    def action_tick(self) -> None:
        followup = self.highlighted()
        if followup is None:
            return
        now = self.clock.now()
        changed = followup.done(now) if followup.is_open else followup.reopened(now)
        try:
            self.store.save_followup(self.tandem.id, changed)
        except StoreError as error:
            self.notify(str(error), severity="error", timeout=10)
            return
        self.reload(keep=followup.id)

    def action_add(self) -> None:
        def added(draft: FollowUpDraft | None) -> None:
            if draft is not None:
                self.add(draft)
                self.reload()

        self.app.push_screen(FollowUpScreen(self.tandem, self.clock.now().date()), added)

    def action_edit(self) -> None:
        followup = self.highlighted()
        if followup is None:
            return
        editing = FollowUpDraft(followup.text, followup.owner, followup.due)

        def changed(draft: FollowUpDraft | None) -> None:
            if draft is None or draft == editing:
                return  # cancelled, or saved unchanged: nothing to count in SEQUENCE
            edited = replace(
                followup,
                text=draft.text,
                owner=draft.owner,
                due=draft.due,
                updated_at=self.clock.now(),
            )
            try:
                self.store.save_followup(self.tandem.id, edited)
            except StoreError as error:
                self.notify(str(error), severity="error", timeout=10)
                return
            self.reload(keep=followup.id)

        self.app.push_screen(
            FollowUpScreen(self.tandem, self.clock.now().date(), editing=editing), changed
        )

    def _add_outside_a_meeting(self, draft: FollowUpDraft) -> None:
        followup = FollowUp(draft.text, draft.owner, draft.due)
        try:
            self.store.save_followup(self.tandem.id, followup)
        except StoreError as error:
            self.notify(str(error), severity="error", timeout=10)
