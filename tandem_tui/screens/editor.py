"""What the agenda and the program editor share: a draft with an ordered list of items
(cards, sessions), the checks of `agenda check` on every change, saving, and leaving.

A subclass says which list it edits and how to show it (`items`, `new_item`,
`refresh_items`, `load_item`, `show_problems`), and which field holds the id.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Input, Static

from tandem_tui.agendas import Problem, display_path
from tandem_tui.authoring import (
    AgendaDraft,
    ProgramDraft,
    check,
    drop_unsaved,
    errors,
    is_bundled,
    keep_unsaved,
    save,
)
from tandem_tui.authoring import target_path as file_for
from tandem_tui.i18n import N_, _, ngettext
from tandem_tui.screens.host import Host

KEEP_DELAY = 1.0  # seconds after the last change, an unsaved draft is kept on disk


def editor_bindings(new_item: str, remove_item: str) -> list[BindingType]:
    """The keys of an editor of a list of items; Ctrl keys work while typing.

    `new_item` and `remove_item` ("New card", "Remove card") are marked `N_` by the
    caller: the footer translates every description.
    """
    return [
        Binding("ctrl+s", "save", N_("Save"), id="save", priority=True),
        Binding("ctrl+n", "add_item", new_item, id="add-item", priority=True),
        Binding("ctrl+d", "remove_item", remove_item, id="remove-item", priority=True),
        Binding("ctrl+up", "move_item(-1)", N_("Move up"), id="item-up", priority=True),
        Binding("ctrl+down", "move_item(1)", N_("Move down"), id="item-down", priority=True),
        Binding("ctrl+e", "duplicate", N_("Duplicate to edit"), id="duplicate", priority=True),
        Binding("escape", "leave", N_("Back"), id="leave"),
    ]


class DraftEditor(Screen[str | None]):
    """Returns the id of what was saved, or None when left without saving."""

    CSS_PATH = "editor.tcss"

    KIND: ClassVar[str] = "agenda"
    ITEM: ClassVar[str] = "card"
    ID_FIELD: ClassVar[str] = "#agenda-id"
    HINT: ClassVar[str] = ""
    MIN_ITEMS: ClassVar[int] = 0
    #: What the editor says of its kind, marked `N_`, translated where shown: "restored",
    #: "not kept" (with {error}) and "at least one" (the item the list needs).
    SAYS: ClassVar[dict[str, str]] = {}
    EDIT_ACTIONS = ("save", "add_item", "remove_item", "move_item")

    def __init__(
        self,
        draft: AgendaDraft | ProgramDraft,
        *,
        folder: Path,
        source: str | None = None,
        unsaved_key: str | None = None,
        recovered: bool = False,
    ) -> None:
        """`recovered`: `draft` is what an earlier run kept unsaved under `unsaved_key`."""
        super().__init__()
        self.draft = draft
        self.folder = folder
        self.source = source
        self.read_only = is_bundled(source)
        self.index = 0
        self.problems: list[Problem] = []
        self.dirty = recovered
        self.recovered = recovered
        # What it was opened as: the id may change while typing, the kept draft may not.
        self.unsaved_key = draft.id if unsaved_key is None else unsaved_key
        self._leave_warned = False
        self._keep_timer: Timer | None = None

    def on_mount(self) -> None:
        if self.recovered:
            self.notify(_(self.SAYS["restored"]), timeout=10)

    # for subclasses -----------------------------------------------------------------

    @property
    def items(self) -> list[Any]:
        raise NotImplementedError

    def new_item(self) -> Any:
        raise NotImplementedError

    def refresh_items(self) -> None:
        raise NotImplementedError

    def load_item(self) -> None:
        raise NotImplementedError

    def show_problems(self) -> None:
        raise NotImplementedError

    def duplicate(self) -> DraftEditor:
        raise NotImplementedError

    # shared -------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Only the keys that apply: duplicating when bundled, editing otherwise."""
        if action == "duplicate":
            return self.read_only
        if action in self.EDIT_ACTIONS:
            return not self.read_only
        return True

    @property
    def path(self) -> Path:
        return file_for(self.folder, self.draft.id or f"new-{self.KIND}", self.source)

    def show_target(self) -> None:
        note = self.query_one("#editor-note", Static)
        if self.read_only:
            note.update(
                _(
                    "[b $warning]Bundled with tandem-tui: read-only.[/] "
                    "Ctrl+E duplicates it into your agendas, to edit."
                )
            )
        else:
            saves = _("Saves to {path}.").format(path=display_path(self.path))
            note.update(f"[dim]{saves} {_(self.HINT)}[/dim]")

    def run_checks(self) -> None:
        app = self.app
        assert isinstance(app, Host)
        self.problems = check(self.draft, self.path, app.library, source=self.source)
        self.show_problems()

    def problem_summary(self) -> str:
        count = len(errors(self.problems))
        if not count:
            return ""
        return "\n" + ngettext(
            "[b]{count} to fix before saving[/b]", "[b]{count} to fix before saving[/b]", count
        ).format(count=count)

    def edited(self) -> None:
        self.show_target()
        self.dirty = True
        self._leave_warned = False
        self.refresh_items()
        self.run_checks()
        # Like notes, what is typed reaches the disk within a second, mistakes and all.
        if self._keep_timer is not None:
            self._keep_timer.stop()
        self._keep_timer = self.set_timer(KEEP_DELAY, self.save_now)

    @property
    def home(self) -> Path | None:
        return self.app.store.home if isinstance(self.app, Host) else None

    def save_now(self) -> None:
        """Keep an unsaved draft for next time; the app calls this on every way out."""
        home = self.home
        if not self.dirty or self.read_only or home is None:
            return
        try:
            keep_unsaved(self.draft, home, self.unsaved_key)
        except OSError as error:
            self.notify(_(self.SAYS["not kept"]).format(error=error), severity="error")

    def _drop_unsaved(self) -> None:
        if self._keep_timer is not None:
            self._keep_timer.stop()
        home = self.home
        if home is not None:
            drop_unsaved(home, self.KIND, self.unsaved_key)

    def action_add_item(self) -> None:
        """A new item after the selected one."""
        item = self.new_item()
        self.index = self.index + 1 if self.items else 0
        self.items.insert(self.index, item)
        self.edited()
        self.load_item()

    def action_remove_item(self) -> None:
        if not self.items:
            return
        if len(self.items) <= self.MIN_ITEMS:
            self.notify(_(self.SAYS["at least one"]), severity="warning")
            return
        self.items.pop(self.index)
        self.index = max(0, min(self.index, len(self.items) - 1))
        self.edited()
        self.load_item()

    def action_move_item(self, step: int) -> None:
        target = self.index + step
        items = self.items
        if not 0 <= target < len(items):
            return
        items[self.index], items[target] = items[target], items[self.index]
        self.index = target
        self.edited()
        self.load_item()

    def action_duplicate(self) -> None:
        self.app.switch_screen(self.duplicate())

    def action_save(self) -> None:
        self.run_checks()
        if errors(self.problems):
            count = len(errors(self.problems))
            self.notify(
                ngettext(
                    "Not saved: {count} to fix first; see beside the fields.",
                    "Not saved: {count} to fix first; see beside the fields.",
                    count,
                ).format(count=count),
                severity="error",
            )
            return
        path = self.path
        try:
            save(self.draft, path)
        except OSError as error:
            self.notify(_("Not saved: {error}").format(error=error), severity="error", timeout=15)
            return
        app = self.app
        if isinstance(app, Host):
            app.reload_library()
        self.source = str(path)
        self.dirty = False
        self._drop_unsaved()
        self.query_one(self.ID_FIELD, Input).disabled = True
        self.notify(_("Saved {path}").format(path=display_path(path)))

    def action_leave(self) -> None:
        if self.dirty and not self._leave_warned:
            self._leave_warned = True
            self.notify(_("Unsaved changes: Ctrl+S saves; Escape again leaves without saving."))
            return
        self._drop_unsaved()
        self.dismiss(self.draft.id if self.source else None)
