"""The footer of every screen: Textual's, without rebuilding keys that did not change."""

from __future__ import annotations

from collections.abc import Hashable

from textual import events
from textual.widgets import Footer as TextualFooter


class Footer(TextualFooter):
    """Textual's footer rebuilds all its keys on every change of focus, twice.

    Most focus changes (the list taking focus at start, Tab between two notes) leave
    the keys as they were: this footer rebuilds them only when what it shows changed.
    At start-up that spares one rebuild of every key before the first frame.
    """

    _shown: Hashable = None

    def __init__(self, *, compact: bool = False, palette_from_width: int = 0) -> None:
        """`palette_from_width`: below this width the palette key (Ctrl+P, still working,
        and listed in the help) gives its place to the screen's own keys."""
        super().__init__(compact=compact)
        self.palette_from_width = palette_from_width

    def on_resize(self, event: events.Resize) -> None:
        show = event.size.width >= self.palette_from_width
        if show != self.show_command_palette:
            self.show_command_palette = show
            self.call_after_refresh(self.recompose)

    def _what_it_shows(self) -> Hashable:
        return (
            self.show_command_palette,
            self.combine_groups,
            tuple(
                (
                    binding.key,
                    self.app.get_key_display(binding),
                    binding.description,
                    binding.action,
                    binding.group,
                    enabled,
                    tooltip,
                )
                for _node, binding, enabled, tooltip in self.screen.active_bindings.values()
                if binding.show or binding.key == self.app.COMMAND_PALETTE_BINDING
            ),
        )

    async def recompose(self) -> None:
        if not self.is_attached:
            return
        shown = self._what_it_shows()
        if shown == self._shown:
            return
        self._shown = shown
        await super().recompose()
