"""A note being written in a meeting: a text area with a stated limit.

A note holds at most MAX_NOTE characters. What would take it past that (a key, a
paste) is refused with a word why, and everything already in the note stays: a
refused paste is not cut to fit, so the clipboard still holds all of it.
"""

from __future__ import annotations

from textual.widgets import TextArea
from textual.widgets.text_area import Edit, EditResult

from tandem_tui.text import MAX_NOTE

FULL = (
    "This note is full: a note holds at most {limit:,} characters, so {what}. "
    "Everything written so far is kept; go on in another card's note."
)


class NotePane(TextArea):
    """Shared or private notes of one card, at most `max_characters` long."""

    max_characters = MAX_NOTE

    def edit(self, edit: Edit) -> EditResult:
        replaced = self.get_text_range(edit.from_location, edit.to_location)
        grows = len(edit.text) - len(replaced)
        if grows > 0 and len(self.text) + grows > self.max_characters:
            pasted = len(edit.text)
            what = (
                "the key was not taken"
                if pasted == 1
                else f"the {pasted:,} pasted characters were not added"
            )
            self.notify(
                FULL.format(limit=self.max_characters, what=what),
                severity="warning",
                timeout=8,
                markup=False,
            )
            self.app.bell()
            return EditResult(end_location=self.selection.end, replaced_text="")
        return super().edit(edit)
