"""Checkboxes and radio buttons whose state shows without colour, and that answer the keys
people expect: Space ticks a box, arrow keys choose among radio buttons.

Textual draws both states as the same `▐X▌`, told apart by colour alone, which a
colour-blind user, a monochrome terminal or a projector loses.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.binding import Binding
from textual.widgets import Checkbox as TextualCheckbox
from textual.widgets import RadioButton as TextualRadioButton
from textual.widgets import RadioSet as TextualRadioSet

from tandem_tui.i18n import N_

if TYPE_CHECKING:
    from textual.widgets._toggle_button import ToggleButton as _Base
else:
    _Base = object


class _Marked(_Base):
    """A toggle button that draws a mark inside when on, and nothing when off."""

    MARK = "X"

    def __init__(self, label: str = "", value: bool = False, **kwargs: object) -> None:
        super().__init__(label, value, **kwargs)  # type: ignore[arg-type]
        self._show_mark(value)

    def watch_value(self) -> None:
        super().watch_value()  # the `-on` class and the Changed message
        self._show_mark(self.value)

    def _show_mark(self, value: bool) -> None:
        self.BUTTON_INNER = self.MARK if value else " "
        self.refresh()


class Checkbox(_Marked, TextualCheckbox, inherit_bindings=False):
    """`▐X▌` when ticked, `▐ ▌` when not. Space ticks; Enter is left to the form."""

    BINDINGS = [Binding("space", "toggle_button", N_("Tick"), show=False)]


class RadioButton(_Marked, TextualRadioButton, inherit_bindings=False):
    """`▐●▌` when chosen, `▐ ▌` when not."""

    BINDINGS = [Binding("space", "toggle_button", N_("Choose"), show=False)]
    MARK = "●"


class RadioSet(TextualRadioSet, inherit_bindings=False):
    """Arrow keys choose the next or previous button at once, as radio buttons do
    elsewhere; Space chooses the highlighted one. Enter is left to the form."""

    BINDINGS = [
        Binding("down,right", "choose_next", N_("Next choice"), show=False),
        Binding("up,left", "choose_previous", N_("Previous choice"), show=False),
        Binding("space", "toggle_button", N_("Choose"), show=False),
    ]

    def on_mount(self) -> None:
        # Textual highlights the first button at start, whichever is chosen: a picture
        # of "Mentor" highlighted while "Both" is chosen. Highlight the chosen one.
        self.call_after_refresh(self._highlight_chosen)

    def _highlight_chosen(self) -> None:
        for _ in range(max(self.pressed_index, 0)):
            self.action_next_button()

    def action_choose_next(self) -> None:
        self._choose(+1)

    def action_choose_previous(self) -> None:
        self._choose(-1)

    def _choose(self, step: int) -> None:
        """The button next to the chosen one (round at the ends) becomes the chosen one."""
        buttons = [button for button in self.query(TextualRadioButton) if not button.disabled]
        if not buttons:
            return
        chosen = self.pressed_button
        index = buttons.index(chosen) + step if chosen in buttons else 0
        buttons[index % len(buttons)].value = True
