"""Every key of the meeting screen on one page."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown

HELP = """\
# Keys in a meeting

| Always | Out of the notes (Esc) | What it does |
|---|---|---|
| Ctrl+T | Space | pause or resume the card's timer |
| Ctrl+N | n | mark the card done, go to the next |
| Ctrl+B | b | back to the previous card |
| Ctrl+G | s | skip the card: it comes back next session |
| Ctrl+Up / Ctrl+Down | + / - | one minute more or less for this card |
| Ctrl+O | f | add a follow-up |
| Ctrl+R | p | private notes: the mentor's, the mentee's, hidden |
| Ctrl+L | h | privacy shield: hide every private pane (screen sharing) |
| Ctrl+F | e | end the meeting |
| F1 | ? | this help |
| Ctrl+P | | command palette |
| Ctrl+Q | | save everything and quit |

Notes are saved half a second after you stop typing, and on every way out.
The card timer warns at 80 % of its time box and counts overtime as `+m:ss`.
Private notes never leave this app: not in exports, not in minutes.

Press Escape to close this help.
"""


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,f1,question_mark,q", "dismiss", "Close")]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="dialog"):
            yield Markdown(HELP)
