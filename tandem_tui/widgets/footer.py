"""The footer of every screen: the keys that fit, whole, and where typed letters go."""

from __future__ import annotations

from collections.abc import Hashable
from itertools import groupby
from typing import Protocol, runtime_checkable

from rich.cells import cell_len
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.widgets import Footer as TextualFooter
from textual.widgets import Label, Static

from tandem_tui import i18n


@runtime_checkable
class TypingMode(Protocol):
    """A screen that says where typed letters go: `("✎ Shared notes", True)`.

    The flag is True when letters write text, False when they are commands.
    """

    def typing_mode(self) -> tuple[str, bool]: ...


class Footer(TextualFooter):
    """Textual's footer, with three changes users asked for.

    - A badge on the left tells where letters go (on screens that say so): into a
      note or field, or nowhere but commands.
    - Keys that do not fit whole are left out, in order from the right, instead of
      being cut mid-word; F1 and the palette list every key.
    - Keys are rebuilt only when what the footer shows changed: Textual rebuilds all
      of them on every change of focus, twice.
    - Descriptions and tooltips, marked `N_` where bound, are translated here in the
      screen's language: a tandem's (`screen.speech`) on its meeting, else the chrome's.
    """

    DEFAULT_CSS = """
    Footer Label.typing-mode {
        margin: 0 1 0 0;
        padding: 0 1;
        text-style: bold;
        color: $text;
        background: $primary-muted;
        &.-writes {
            background: $accent-muted;
        }
    }
    """

    _shown: Hashable = None

    def __init__(self, *, compact: bool = False, palette_from_width: int = 0) -> None:
        """`palette_from_width`: below this width the palette key (Ctrl+P, still working,
        and listed in the help) gives its place to the screen's own keys."""
        super().__init__(compact=compact)
        self.palette_from_width = palette_from_width
        self._width = 0

    def on_resize(self, event: events.Resize) -> None:
        show = event.size.width >= self.palette_from_width
        if show != self.show_command_palette or event.size.width != self._width:
            self.show_command_palette = show
            self._width = event.size.width
            self.call_after_refresh(self.recompose)

    def refresh_mode(self) -> None:
        """The screen's typing mode changed (a pane opened, the focus moved)."""
        self.call_after_refresh(self.recompose)

    def _mode(self) -> tuple[str, bool] | None:
        screen = self.screen
        return screen.typing_mode() if isinstance(screen, TypingMode) else None

    def _speech(self) -> i18n.Speech:
        """The language of the screen: a tandem's own on its meeting, else the chrome's."""
        return i18n.speech_of(self.screen)

    def _what_it_shows(self) -> Hashable:
        return (
            self._width,
            self._speech().language,
            self._mode(),
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

    def compose(self) -> ComposeResult:
        # Textual's footer waits for the screen to say its keys are ready, and shows
        # them a few frames after the rest. The keys known now go into the first frame
        # (a change of focus that changes them recomposes), except where a badge of
        # the typing mode needs the screen's own widgets mounted first.
        if not self._bindings_ready and isinstance(self.screen, TypingMode):
            return
        if not self._width:
            self._width = self.app.size.width
        self._shown = self._what_it_shows()
        width = self._width
        mode = self._mode()
        if mode is not None:
            text, writes = mode
            yield Label(text, classes="typing-mode" + (" -writes" if writes else ""))
            width -= cell_len(text) + 3
        active = self.screen.active_bindings
        speech = self._speech()
        palette: KeyHint | None = None
        if self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE:
            found = active.get(self.app.COMMAND_PALETTE_BINDING)
            if found is not None:
                _, binding, enabled, tooltip = found
                palette = self._hint(binding, enabled, tooltip, binding.description, speech=speech)
                palette.add_class("-command-palette")
                width -= palette.cells + 1
        shown: dict[str, tuple[Binding, bool, str]] = {}
        order = [b.action for b in getattr(self.screen, "BINDINGS", []) if isinstance(b, Binding)]

        def rank(bound: tuple[object, Binding, bool, str]) -> int:
            # The screen's keys in its order of need, then the rest: Textual puts the
            # focused widget's first, so a note's own Ctrl+Z led the meeting's footer.
            action = bound[1].action
            return order.index(action) if action in order else len(order)

        for _, binding, enabled, tooltip in sorted(active.values(), key=rank):
            if binding.show:
                shown.setdefault(binding.action, (binding, enabled, tooltip))
        for group, members in groupby(shown.values(), lambda bound: bound[0].group):
            bound = list(members)
            if group is not None and len(bound) > 1:
                # One hint for the group: `^↑^↓ ±1 min`, pressing it runs the first.
                binding, enabled, tooltip = bound[0]
                keys = "".join(self.app.get_key_display(b) for b, _, _ in bound)
                hints = [
                    self._hint(
                        binding, enabled, tooltip, group.description, speech=speech, keys=keys
                    )
                ]
            else:
                hints = [
                    self._hint(b, enabled, tip, b.description, speech=speech)
                    for b, enabled, tip in bound
                ]
            for hint in hints:
                if hint.cells + 1 > width:
                    if palette is not None:
                        yield palette
                    return  # keys are in order of need: none after one left out
                width -= hint.cells + 1
                yield hint
        if palette is not None:
            yield palette

    def _hint(
        self,
        binding: Binding,
        enabled: bool,
        tooltip: str,
        description: str,
        *,
        speech: i18n.Speech,
        keys: str | None = None,
    ) -> KeyHint:
        tooltip = tooltip or binding.tooltip or binding.description
        return KeyHint(
            binding.key,
            keys if keys is not None else self.app.get_key_display(binding),
            speech.gettext(description) if description else "",
            enabled=enabled,
            tooltip=speech.gettext(tooltip) if tooltip else "",
        )


class KeyHint(Static):
    """One key in the footer: `^t Pause`. A click presses the key."""

    DEFAULT_CSS = """
    KeyHint {
        width: auto;
        height: 1;
        margin-right: 1;
        text-wrap: nowrap;
        color: $footer-description-foreground;
        background: $footer-item-background;
        &:hover {
            background: $block-hover-background;
        }
        &.-disabled {
            text-style: dim;
        }
        &.-command-palette {
            dock: right;
            margin-right: 0;
            padding-right: 1;
            border-left: vkey $foreground 20%;
        }
    }
    """

    def __init__(
        self, key: str, key_display: str, description: str, *, enabled: bool, tooltip: str
    ) -> None:
        text = Content.assemble((key_display, "bold $footer-key-foreground"), " ", description)
        super().__init__(text, classes="" if enabled else "-disabled")
        self.key = key
        self.description = description
        self.enabled = enabled
        self.cells = cell_len(key_display) + 1 + cell_len(description)
        if tooltip:
            self.tooltip = tooltip

    def on_click(self) -> None:
        if self.enabled:
            self.app.simulate_key(self.key)
        else:
            self.app.bell()
