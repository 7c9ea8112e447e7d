"""Shown over everything while the terminal is smaller than the app can lay out."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widgets import Static

from tandem_tui.i18n import N_, _

MIN_WIDTH = 60
MIN_HEIGHT = 18


def too_small(width: int, height: int) -> bool:
    return width < MIN_WIDTH or height < MIN_HEIGHT


class TooSmallScreen(ModalScreen[None]):
    """Says what size is needed; goes away by itself once the terminal is large enough.

    The screens beneath keep running: timers count, and notes typed are already saved.
    """

    CSS_PATH = "too_small.tcss"

    BINDINGS = [Binding("ctrl+q", "app.quit", N_("Quit"), priority=True)]

    def compose(self) -> ComposeResult:
        yield Static(id="too-small")

    def on_mount(self) -> None:
        self.show_size(*self.app.size)

    def on_screen_resume(self) -> None:
        # Uncovered again after another screen was closed: gone, if the size is fine now.
        if not too_small(*self.app.size):
            self.dismiss()

    def show_size(self, width: int, height: int) -> None:
        self.query_one("#too-small", Static).update(
            _(
                "The terminal is {width}x{height}: too small.\n"
                "tandem-tui needs at least {min_width}x{min_height}.\n\n"
                "Make the window larger, or the font smaller.\n"
                "Nothing is lost meanwhile; Ctrl+Q saves and quits."
            ).format(width=width, height=height, min_width=MIN_WIDTH, min_height=MIN_HEIGHT)
        )
