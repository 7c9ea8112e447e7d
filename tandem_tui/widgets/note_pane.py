"""A note being written in a meeting: a text area with a stated limit.

A note holds at most MAX_NOTE characters. What would take it past that (a key, a
paste) is refused with a word why, and everything already in the note stays: a
refused paste is not cut to fit, so the clipboard still holds all of it.
"""

from __future__ import annotations

from textual.widgets import TextArea
from textual.widgets.text_area import Edit, EditResult

from tandem_tui import i18n
from tandem_tui.i18n import N_
from tandem_tui.text import MAX_NOTE

FULL = N_(
    "This note is full: a note holds at most {limit} characters, so {what}. "
    "Everything written so far is kept; go on in another card's note."
)


def number(count: int, speech: i18n.Speech) -> str:
    """`20,000` in English, `20.000` in German, and as Swiss German writes it."""
    from babel.numbers import format_decimal

    return format_decimal(count, locale=speech.language)


class NotePane(TextArea):
    """Shared or private notes of one card, at most `max_characters` long."""

    max_characters = MAX_NOTE

    def edit(self, edit: Edit) -> EditResult:
        replaced = self.get_text_range(edit.from_location, edit.to_location)
        grows = len(edit.text) - len(replaced)
        if grows > 0 and len(self.text) + grows > self.max_characters:
            # In the language of the meeting the note is written in (the tandem's).
            speech = i18n.speech_of(self.screen)
            pasted = len(edit.text)
            what = (
                speech.gettext("the key was not taken")
                if pasted == 1
                else speech.ngettext(
                    "the {count} pasted character was not added",
                    "the {count} pasted characters were not added",
                    pasted,
                ).format(count=number(pasted, speech))
            )
            self.notify(
                speech.gettext(FULL).format(limit=number(self.max_characters, speech), what=what),
                severity="warning",
                timeout=8,
                markup=False,
            )
            self.app.bell()
            return EditResult(end_location=self.selection.end, replaced_text="")
        return super().edit(edit)
