"""A tandem's follow-ups, to tick off what is done: from the home screen or in a meeting."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import date

from textual import getters, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from tandem_tui import i18n
from tandem_tui.clock import Clock
from tandem_tui.i18n import N_, Speech
from tandem_tui.model import FollowUp, Tandem, owner_label
from tandem_tui.screens.followup import (
    FollowUpDraft,
    FollowUpScreen,
    running_app,
    tandem_speech,
)
from tandem_tui.store import Store, StoreError
from tandem_tui.text import literal
from tandem_tui.widgets.footer import Footer

AddFollowUp = Callable[[FollowUpDraft], object]


# Every text of this list, in one place.
TITLE = N_("Follow-ups of {label}")
DUE = N_("due {day}")
LATE = N_("late")
DONE = N_("done {day}")
SUMMARY = N_("{open} open, {done} done.")
SUMMARY_LATE = N_("{open} open, {late} late, {done} done.")
HOW = N_("Space or Enter ticks one off, or opens it again; e changes it, a adds one.")
NONE_YET = N_("No follow-ups yet: a adds one.")
KEYS_ACT = N_("Keys act here")
# A follow-up a sync kept because both partners changed the same one differently.
CONFLICT_WITH = N_("conflicts with {text}")
CONFLICT = N_("sync conflict")


def followup_line(
    followup: FollowUp,
    today: date,
    speech: Speech | None = None,
    texts: Mapping[str, str] | None = None,
) -> str:
    """`☐ text  (owner, due 2026-12-01, late)` or `☑ text  (owner, done 2026-11-27)`,
    in the tandem's language: `☐ text  (beide, fällig 31.12.2027, überfällig)`.

    A version a sync kept in a conflict says so, with the text of the follow-up it
    disagrees with where `texts` (every follow-up's text by id) has it."""
    speech = speech or i18n.chrome()
    say = speech.gettext
    facts = [owner_label(followup.owner, speech)]
    conflict = ""
    if followup.conflict_of:
        original = (texts or {}).get(followup.conflict_of)
        conflict = (
            say(CONFLICT_WITH).format(text=speech.quote(literal(original)))
            if original is not None
            else say(CONFLICT)
        )
    if followup.is_open:
        if followup.due:
            facts.append(say(DUE).format(day=speech.numeric_day(followup.due)))
        if followup.is_overdue(today):
            facts.append(f"[b $error]{say(LATE)}[/]")
        if conflict:
            facts.append(f"[b $warning]{conflict}[/]")
        return f"☐ {literal(followup.text)}  [dim]({', '.join(facts)})[/dim]"
    if followup.done_at:
        done = followup.done_at.astimezone().date()
        facts.append(say(DONE).format(day=speech.numeric_day(done)))
    if conflict:
        facts.append(conflict)
    return f"[dim]☑ {literal(followup.text)}  ({', '.join(facts)})[/dim]"


def beside_originals(followups: list[FollowUp]) -> list[FollowUp]:
    """The list with each version a sync kept in a conflict right under the follow-up it
    disagrees with, when that one is in the list: the two are read together."""
    ids = {f.id for f in followups}
    copies: dict[str, list[FollowUp]] = {}
    for followup in followups:
        if followup.conflict_of in ids and followup.conflict_of != followup.id:
            copies.setdefault(followup.conflict_of, []).append(followup)
    placed = {id(copy) for kept in copies.values() for copy in kept}
    ordered: list[FollowUp] = []
    for followup in followups:
        if id(followup) not in placed:
            ordered.append(followup)
            ordered.extend(copies.get(followup.id, []))
    return ordered


class FollowUpListScreen(ModalScreen[None]):
    """Every follow-up of one tandem, open ones first; Space or Enter ticks one off."""

    BINDINGS = [
        Binding("space", "tick", N_("Done / open"), id="tick"),
        Binding("a", "add", N_("Add"), id="add", tooltip=N_("Add a follow-up")),
        Binding("e", "edit", N_("Change"), id="edit", tooltip=N_("Change what, who or when")),
        Binding("escape", "dismiss", N_("Close"), id="close"),
    ]

    followup_list = getters.query_one("#followup-list", OptionList)

    def __init__(
        self,
        store: Store,
        tandem: Tandem,
        clock: Clock,
        add: AddFollowUp | None = None,
        *,
        speech: Speech | None = None,
    ) -> None:
        """`add` saves a new follow-up; a meeting passes its own, to note session and card.
        `speech`: the language of the screen beneath (the home screen's, the chrome's);
        the tandem's when not given."""
        super().__init__()
        self.store = store
        self.tandem = tandem
        self.clock = clock
        self.add = add or self._add_outside_a_meeting
        self.followups: list[FollowUp] = []
        self.speech = speech or tandem_speech(tandem, running_app(self))

    def typing_mode(self) -> tuple[str, bool]:
        """For the footer: here letters are keys, not text (a list, not a note)."""
        return self.speech.gettext(KEYS_ACT), False

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            title = self.speech.gettext(TITLE).format(label=literal(self.tandem.label))
            yield Label(title, classes="dialog-title")
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
        self.followups = [*beside_originals(open_ones), *beside_originals(done)]
        texts = {f.id: f.text for f in found}
        self.followup_list.set_options(
            Option(followup_line(f, today, self.speech, texts), id=f.id) for f in self.followups
        )
        ids = [f.id for f in self.followups]
        if ids:
            self.followup_list.highlighted = ids.index(keep) if keep in ids else 0
        late = sum(f.is_overdue(today) for f in open_ones)
        say = self.speech.gettext
        counts = {"open": len(open_ones), "late": late, "done": len(done)}
        summary = (say(SUMMARY_LATE) if late else say(SUMMARY)).format(**counts)
        self.query_one("#followup-summary", Static).update(
            f"{summary} {say(HOW)}" if self.followups else say(NONE_YET)
        )

    def sync_changed(self, tandem_id: str, came_in: bool) -> None:
        """The app synced a tandem: what came in for this one is shown at once."""
        if came_in and tandem_id == self.tandem.id:
            highlighted = self.highlighted()
            self.reload(keep=highlighted.id if highlighted else None)

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

        self.app.push_screen(
            FollowUpScreen(self.tandem, self.clock.now().date(), speech=self.speech), added
        )

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
            FollowUpScreen(
                self.tandem, self.clock.now().date(), editing=editing, speech=self.speech
            ),
            changed,
        )

    def _add_outside_a_meeting(self, draft: FollowUpDraft) -> None:
        followup = FollowUp(draft.text, draft.owner, draft.due)
        try:
            self.store.save_followup(self.tandem.id, followup)
        except StoreError as error:
            self.notify(str(error), severity="error", timeout=10)
