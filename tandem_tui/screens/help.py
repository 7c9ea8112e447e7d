"""Every key of the meeting screen on one page."""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown

from tandem_tui.screens.meeting_keys import MEETING_ACTIONS


def help_text() -> str:
    """The key table, written from the same list that makes the bindings and the palette."""
    rows = [f"| {a.key_shown} | {a.title} |" for a in MEETING_ACTIONS]
    return "\n".join(
        [
            "# Keys in a meeting",
            "",
            "Letters, digits and spaces always write into a note: into the one with the",
            "cursor, else into the shared notes. Only the keys below act.",
            "",
            "| Key | What it does |",
            "|---|---|",
            *rows,
            "| Esc | to the agenda: ↑ ↓ choose a card, Enter goes to it |",
            "| Tab | from one note to the next |",
            "| Ctrl+P | command palette: every action by name |",
            "| Ctrl+Q | save everything and quit |",
            "",
            "Notes are saved half a second after you stop typing, and on every way out.",
            "The card timer warns at 80 % of its time box and counts overtime as `+m:ss`.",
            "Private notes never leave this app: not in exports, not in minutes.",
            "",
            CLOSE_HINT,
        ]
    )


def key_name(key: str) -> str:
    """`Ctrl+T`, `F1`, `Enter`, `a`: as the key is printed on a keyboard."""
    if len(key) == 1:
        return key
    return "+".join(part.capitalize() for part in key.split("+"))


def keys_table(
    title: str, bindings: Sequence[Binding], extra: Sequence[tuple[str, str]] = ()
) -> str:
    """A help page of a screen's keys, written from the bindings themselves."""
    rows = [
        f"| {key_name(b.key)} | {b.tooltip or b.description} |"
        for b in bindings
        if b.description and b.action != "help"
    ]
    rows += [f"| {key} | {what} |" for key, what in extra]
    return "\n".join(
        [f"# {title}", "", "| Key | What it does |", "|---|---|", *rows, "", CLOSE_HINT]
    )


CLOSE_HINT = "Press Escape to close this help."


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,f1", "dismiss", "Close")]

    def __init__(self, text: str | None = None) -> None:
        """`text`: the page, in Markdown; the meeting's keys when not given."""
        super().__init__()
        self.text = text

    def compose(self) -> ComposeResult:
        from tandem_tui.widgets.footer import Footer

        with VerticalScroll(id="dialog"):
            yield Markdown(self.text if self.text is not None else help_text())
        yield Footer(compact=True)
