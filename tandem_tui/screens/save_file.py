"""Where a calendar or minutes file goes: the folder shown and editable, and never a silent
overwrite.

`SaveFileScreen` asks for the folder (filled with the remembered one) and returns the path
to write; `ReplaceFileScreen` asks what to do when a file of that name is already there.
Neither writes anything: the app does, in one place.
"""

from __future__ import annotations

import os
from enum import StrEnum
from pathlib import Path

from textual import getters
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from tandem_tui import i18n
from tandem_tui.i18n import N_, _, os_reason
from tandem_tui.paths import DIR_MODE, free_name, is_taken, shown_path, user_path
from tandem_tui.screens.dialog import FormDialog
from tandem_tui.text import literal

# Every text of these two dialogs, in one place; translated where shown.
FOLDER_LABEL = N_("Into the folder (remembered for next time)")
WRITE = N_("Write")
CANCEL = N_("Cancel")
NO_FOLDER = N_("Give a folder.")
NOT_A_FOLDER = N_("{folder} is a file, not a folder.")
CREATE_OFFER = N_("{folder} does not exist yet. Enter again creates it.")
CANNOT_CREATE = N_("Could not create {folder}: {reason}.")
NO_PERMISSION = N_("No permission to write into {folder}.")
KEPT = N_("Nothing written yet: choose another folder, or Escape.")
REPLACE_TITLE = N_("{name} is already in {folder}")
REPLACE_TEXT = N_(
    "Replace it with the new one, or keep both: the new one is then written as {free}."
)
REPLACE = N_("Replace")
KEEP_BOTH = N_("Keep both")
CANCEL_REPLACE = N_("Cancel (Esc)")


class Existing(StrEnum):
    """What to do about a file of the same name already in the folder."""

    REPLACE = "replace"
    KEEP_BOTH = "keep-both"


def typed_folder(text: str) -> Path | None:
    """The folder a user typed, `~` and relative paths resolved; None for nothing typed."""
    text = text.strip()
    if not text:
        return None
    return user_path(text).absolute()


class SaveFileScreen(FormDialog[Path]):
    """Shows the file's name and the folder it goes into; returns the path to write.

    A missing folder is created on a second Enter; a file already there is replaced or
    kept only after `ReplaceFileScreen` has asked.
    """

    CSS_PATH = "save_file.tcss"

    folder = getters.query_one("#save-folder", Input)
    folder_error = getters.query_one("#save-folder-error", Label)

    def __init__(self, title: str, name: str, folder: Path, *, about: str = "", hint: str = ""):
        """`about`: what the file holds; `hint`: a word for the replace question."""
        super().__init__()
        self.title_text = title
        self.file_name = name
        self.start_folder = folder
        self.about = about
        self.hint = hint
        self._create_offered: Path | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(literal(self.title_text), classes="dialog-title")
            if self.about:
                yield Static(self.about, classes="dialog-text")
            yield Label(
                _("File: [b]{name}[/b]").format(name=literal(self.file_name)), id="save-name"
            )
            yield Label(_(FOLDER_LABEL))
            yield Input(shown_path(self.start_folder), id="save-folder", compact=True)
            yield Label("", id="save-folder-error", classes="field-error")
            with Horizontal(classes="buttons"):
                yield Button(_(WRITE), variant="primary", id="save", compact=True)
                yield Button(_(CANCEL), id="cancel", compact=True)

    def on_mount(self) -> None:
        self.set_focus(self.folder)
        self.folder.cursor_position = len(self.folder.value)

    def on_input_changed(self, event: Input.Changed) -> None:
        self._create_offered = None
        self.folder_error.update("")

    def action_save(self) -> None:
        folder = typed_folder(self.folder.value)
        problem = self.folder_problem(folder)
        if problem:
            self.folder_error.update(problem)
            self.folder.focus()
            return
        assert folder is not None
        target = folder / self.file_name
        if not is_taken(target):
            self.dismiss(target)
            return

        def decided(choice: Existing | None) -> None:
            if choice is Existing.REPLACE:
                self.dismiss(target)
            elif choice is Existing.KEEP_BOTH:
                self.dismiss(free_name(target))
            else:
                self.folder_error.update(_(KEPT))
                self.folder.focus()

        self.app.push_screen(ReplaceFileScreen(target, hint=self.hint), decided)

    def folder_problem(self, folder: Path | None) -> str:
        """Why nothing can be written into `folder` yet; empty once it can."""
        trouble = folder_trouble(folder)
        if trouble or folder is None or folder.is_dir():
            return trouble
        shown = literal(shown_path(folder))
        if self._create_offered != folder:
            self._create_offered = folder
            return _(CREATE_OFFER).format(folder=shown)
        try:
            folder.mkdir(parents=True, mode=DIR_MODE)  # for the user only, as files
        except OSError as error:
            return _(CANNOT_CREATE).format(folder=shown, reason=literal(os_reason(error)))
        return ""


def folder_trouble(folder: Path | None, speech: i18n.Speech | None = None) -> str:
    """Why files cannot go into `folder`: none given, not a folder, not writable.

    Empty for a folder that can be written into, or that does not exist yet. Said in
    `speech` (the end screen's, a tandem's language), else in the chrome's.
    """
    say = (speech or i18n.chrome()).gettext
    if folder is None:
        return say(NO_FOLDER)
    shown = literal(shown_path(folder))
    try:
        if folder.is_dir():
            return "" if _writable(folder) else say(NO_PERMISSION).format(folder=shown)
        if folder.exists():
            return say(NOT_A_FOLDER).format(folder=shown)
    except OSError:  # a parent that may not be looked into
        return say(NO_PERMISSION).format(folder=shown)
    return ""


def _writable(folder: Path) -> bool:
    return os.access(folder, os.W_OK | os.X_OK)


class ReplaceFileScreen(ModalScreen[Existing | None]):
    """A file of the same name is there: replace it, keep both, or write nothing."""

    CSS_PATH = "save_file.tcss"
    BINDINGS = [
        # No letter keys: a word typed on after ending a meeting must not replace a file.
        Binding("escape", "cancel", N_("Cancel"), id="cancel"),
        Binding("left", "app.focus_previous", show=False),
        Binding("right", "app.focus_next", show=False),
    ]

    def __init__(self, target: Path, *, hint: str = "") -> None:
        """`hint`: why replacing this kind of file is safe or not, in a sentence."""
        super().__init__()
        self.target = target
        self.hint = hint

    def compose(self) -> ComposeResult:
        free = free_name(self.target)
        with Vertical(id="dialog"):
            yield Label(
                _(REPLACE_TITLE).format(
                    name=literal(self.target.name), folder=literal(shown_path(self.target.parent))
                ),
                classes="dialog-title",
            )
            text = _(REPLACE_TEXT).format(free=literal(free.name))
            yield Static(f"{text} {self.hint}".strip(), classes="dialog-text")
            with Horizontal(classes="buttons"):
                yield Button(_(REPLACE), variant="warning", id="replace", compact=True)
                yield Button(_(KEEP_BOTH), id="keep-both", compact=True)
                yield Button(_(CANCEL_REPLACE), id="cancel", compact=True)

    def on_mount(self) -> None:
        self.set_focus(self.query_one("#replace", Button))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "cancel":
            self.action_cancel()
        else:
            self.action_choose(event.button.id or "")

    def action_choose(self, choice: str) -> None:
        self.dismiss(Existing(choice))

    def action_cancel(self) -> None:
        self.dismiss(None)
