"""A paste is text: escape characters inside a bracketed paste never act as keys.

Found by an audit: Textual's parser read an ESC inside a paste as the start of keys,
so a pasted `\\e]8;;` followed by Ctrl+L and Ctrl+R lifted the privacy shield and
opened a private pane. These feed the real parser the bytes a terminal sends.
"""

from __future__ import annotations

from textual import events
from textual._xterm_parser import XTermParser

from tandem_tui.paste_guard import GuardedParser, PasteGuard

HOSTILE_PASTE = "\x1b[200~see \x1b]8;;\x0c\x12 and more\x1b[201~"


def parsed(parser: XTermParser, *chunks: str) -> list[object]:
    found: list[object] = []
    for chunk in chunks:
        found.extend(parser.feed(chunk))
    found.extend(parser.tick())
    return found


def test_textual_alone_turns_a_pasted_escape_into_keys() -> None:
    """The fault the guard is for (if Textual fixes it, this test says so)."""
    keys = [e.key for e in parsed(XTermParser(), HOSTILE_PASTE) if isinstance(e, events.Key)]
    assert "ctrl+l" in keys and "ctrl+r" in keys


def test_a_pasted_escape_stays_text() -> None:
    found = parsed(GuardedParser(), HOSTILE_PASTE)
    assert not [e for e in found if isinstance(e, events.Key)], found
    pastes = [e.text for e in found if isinstance(e, events.Paste)]
    assert pastes == ["see \\u001b]8;;\x0c\x12 and more"]


def test_markers_cut_between_reads_are_found() -> None:
    for cut in range(1, len(HOSTILE_PASTE)):
        found = parsed(GuardedParser(), HOSTILE_PASTE[:cut], HOSTILE_PASTE[cut:])
        assert not [e for e in found if isinstance(e, events.Key)], cut
        assert [e.text for e in found if isinstance(e, events.Paste)] == [
            "see \\u001b]8;;\x0c\x12 and more"
        ], cut


def test_keys_outside_a_paste_pass_unchanged() -> None:
    guard = PasteGuard()
    assert guard.filter("\x1b") == "\x1b", "a lone Escape is never held back"
    assert guard.filter("[2") == "[2"
    assert guard.filter("ab\x1b[A") == "ab\x1b[A"
    keys = [e.key for e in parsed(GuardedParser(), "x\x1b[Ay\x0c") if isinstance(e, events.Key)]
    assert keys == ["x", "up", "y", "ctrl+l"]
    both = parsed(GuardedParser(), "a\x1b[200~b\x1b[2Jc\x1b[201~d")
    assert [e.key for e in both if isinstance(e, events.Key)] == ["a", "d"]
    assert [e.text for e in both if isinstance(e, events.Paste)] == ["b\\u001b[2Jc"]
