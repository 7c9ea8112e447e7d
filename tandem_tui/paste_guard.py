"""Pasted text stays text: an escape character inside a bracketed paste is never a key.

Textual's input parser (8.x) reads an ESC inside a bracketed paste as the start of
a key sequence; what follows it comes out as key presses, ahead of the paste. So a
pasted `link \\e]8;;` followed by Ctrl+L and Ctrl+R (as a copied terminal hyperlink
can hold) lifted the privacy shield and opened a private pane while the screen was
shared. The guard rewrites every ESC between the paste's start and end markers as
the visible text `\\u001b`, as tandem-tui shows control characters everywhere,
before the parser sees it. Keys typed outside a paste pass unchanged.
"""

from __future__ import annotations

from collections.abc import Iterable

from textual._xterm_parser import XTermParser
from textual.message import Message

ESC = "\x1b"
PASTE_START = "\x1b[200~"
PASTE_END = "\x1b[201~"
SHOWN_ESC = "\\u001b"


class PasteGuard:
    """Rewrites the ESC characters of bracketed pastes in a stream read in chunks."""

    def __init__(self) -> None:
        self.in_paste = False
        self.held = ""  # in a paste: the start of its end marker, cut off at a chunk's end
        self.tail = ""  # outside a paste: the last characters passed on, for a split marker

    def filter(self, data: str) -> str:
        data, self.held = self.held + data, ""
        out: list[str] = []
        at = 0
        while at < len(data):
            if not self.in_paste:
                # Outside a paste nothing is held back (a lone Escape must not wait): a
                # start marker split between reads is found with the tail passed on.
                window = self.tail + data[at:]
                start = window.find(PASTE_START)
                if start < 0:
                    out.append(data[at:])
                    self.tail = window[-(len(PASTE_START) - 1) :]
                    break
                marker_end = at + start + len(PASTE_START) - len(self.tail)
                out.append(data[at:marker_end])
                at = marker_end
                self.tail = ""
                self.in_paste = True
            else:
                end = data.find(PASTE_END, at)
                if end < 0:
                    cut = _cut_marker(data, at, PASTE_END)
                    out.append(data[at:cut].replace(ESC, SHOWN_ESC))
                    self.held = data[cut:]
                    break
                out.append(data[at:end].replace(ESC, SHOWN_ESC))
                out.append(PASTE_END)
                at = end + len(PASTE_END)
                self.in_paste = False
        return "".join(out)


def _cut_marker(data: str, at: int, marker: str) -> int:
    """Where a marker's beginning at the very end of `data` starts (else its length)."""
    for length in range(len(marker) - 1, 0, -1):
        if len(data) - at >= length and data.endswith(marker[:length]):
            return len(data) - length
    return len(data)


class GuardedParser(XTermParser):
    """Textual's parser, fed through a `PasteGuard`."""

    def __init__(self, debug: bool = False) -> None:
        super().__init__(debug)
        self.guard = PasteGuard()

    def feed(self, data: str) -> Iterable[Message]:
        if not data:  # the end: what is held back first
            held, self.guard.held = self.guard.held, ""
            if held:
                yield from super().feed(held)
            yield from super().feed("")
            return
        filtered = self.guard.filter(data)
        if filtered:
            yield from super().feed(filtered)


def install() -> None:
    """Make the terminal drivers read input through the guarded parser."""
    from textual.drivers import linux_driver

    linux_driver.XTermParser = GuardedParser  # type: ignore[attr-defined]
