"""Text that is safe to show in a terminal.

A name, goal or follow-up could carry control characters, as typed or as edited into
a file: `\\e]0;TITLE\\a` renames the terminal window, `\\e[2J` clears it. Such text is
refused where it is typed, and made harmless wherever stored text is shown: every
control character becomes its visible `\\u00XX` form, which is also how JSON writes it.
"""

from __future__ import annotations

import contextlib
import io
import re
import sys
from collections.abc import Iterator
from typing import BinaryIO, TextIO

from tandem_tui import i18n
from tandem_tui.i18n import N_, Speech

#: The stated limits of what is typed: room for any real name, learning goal, follow-up
#: or a meeting's notes on one card; more is a paste gone wrong. The README names them.
MAX_NAME = 120
MAX_GOAL = 200
MAX_FOLLOWUP = 500
MAX_NOTE = 100_000
# TRANSLATORS: what a limit is about: "a follow-up may have at most 500 characters".
FOLLOWUP = N_("a follow-up")


def too_long(text: str, limit: int, what: str, speech: Speech | None = None) -> str | None:
    """`has 612 characters; a follow-up may have at most 500`, or None if it fits.

    `what` is an untranslated text marked with `N_` ("a name"), said in `speech`'s
    language (the chrome's if None) as the rest.
    """
    if len(text) <= limit:
        return None
    speech = speech or i18n.chrome()
    return speech.gettext("has {length} characters; {what} may have at most {limit}").format(
        length=_number(len(text), speech), what=speech.gettext(what), limit=_number(limit, speech)
    )


def _number(number: int, speech: Speech) -> str:
    """1,234 in English; 1.234 in German, 1'234 in Swiss German (Babel's, as written there)."""
    if speech.base == i18n.ENGLISH:
        return f"{number:,}"
    from babel.numbers import format_decimal

    return str(format_decimal(number, locale=speech.language))


def followup_problem(text: str, speech: Speech | None = None) -> str | None:
    """Why `text` (its spaces joined) will not do as a follow-up, or None.

    A phrase to follow "the follow-up text": the command line and the dialog say it,
    in `speech`'s language (the chrome's if None).
    """
    speech = speech or i18n.chrome()
    if not text:
        # TRANSLATORS: follows "the follow-up text" (German: "Der Text der Aufgabe").
        return speech.gettext("is empty; say who does what")
    if has_control(text):
        # TRANSLATORS: follows "the follow-up text" (German: "Der Text der Aufgabe").
        return speech.gettext("holds control characters; type it as plain text")
    return too_long(text, MAX_FOLLOWUP, FOLLOWUP, speech)


# C0 controls but tab and newline, DEL, and the C1 controls (U+009B is a CSI on its own).
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def sentence(text: str) -> str:
    """`text` with its first letter raised, the rest as written: `str.capitalize()`
    would lower every other letter, names and months too ("lena vogel", "february")."""
    return text[:1].upper() + text[1:]


def has_control(text: str) -> bool:
    """Whether `text` holds a control character that a terminal would act on."""
    return _CONTROL.search(text) is not None


def harmless(text: str) -> str:
    """`text` with every control character (tab and newline aside) written visibly."""
    return _CONTROL.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


def literal(text: str) -> str:
    """`text` to put into Textual markup, shown as it is: no `[` in it opens a tag.

    `harmless` writes ESC [ 3 1 m as `\\u001b[31m`, and a follow-up may say `[1]`: in
    markup, either was a tag that broke the screen (Rich's `escape` leaves `[1m` alone).
    A backslash at the end would hide the tag after it: a zero-width space stands between.
    """
    shown = text.replace("[", "\\[")
    return f"{shown}\u200b" if shown.endswith("\\") else shown


class HarmlessWriter(io.TextIOBase):
    """A text stream that writes what it is given with control characters made visible.

    The command line prints through it, so no stored text reaches the terminal raw,
    whichever command prints it.
    """

    def __init__(self, stream: TextIO) -> None:
        super().__init__()
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream.write(harmless(text))
        return len(text)

    def flush(self) -> None:
        self._stream.flush()

    def fileno(self) -> int:
        return self._stream.fileno()

    def isatty(self) -> bool:
        return self._stream.isatty()

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return self._stream.encoding

    @property
    def buffer(self) -> BinaryIO:
        """The bytes below, for output that is not text (a calendar written to `-`)."""
        return self._stream.buffer

    @property
    def below(self) -> TextIO:
        return self._stream


@contextlib.contextmanager
def terminal_streams() -> Iterator[None]:
    """`sys.stdout` and `sys.stderr` as they are below any HarmlessWriter, for a while.

    For the app, which draws the terminal itself and makes its own text harmless: its
    crash report, printed with colours to standard error, would otherwise show every
    colour code written out (`\\u001b[31m`).
    """
    out, err = sys.stdout, sys.stderr
    sys.stdout = out.below if isinstance(out, HarmlessWriter) else out
    sys.stderr = err.below if isinstance(err, HarmlessWriter) else err
    try:
        yield
    finally:
        sys.stdout, sys.stderr = out, err
