"""Textual's own texts that reach the screen, and the palette's, marked here for the
catalogues.

The app shows them translated, in the language of the screen they appear on: the
palette's key in the footer, the commands Textual puts into the palette, the key of
an open drop-down list, the palettes' placeholders.
"""

from __future__ import annotations

from tandem_tui.i18n import N_

#: Textual's own texts the app shows, translated where shown: the palette's key in the
#: footer, and the commands Textual puts into the palette.
TEXTUAL_TEXTS = {
    # TRANSLATORS: the key that opens the command palette, in the footer.
    "palette": N_("palette"),
    "Open the command palette": N_("Open the command palette"),
    "Theme": N_("Theme"),
    "Change the current theme": N_("Change the current theme"),
    "Quit": N_("Quit"),
    "Quit the application as soon as possible": N_("Quit the application as soon as possible"),
    # TRANSLATORS: the command palette's command that shows the keys of the screen.
    "Keys": N_("Keys"),
    "Hide the keys and widget help panel": N_("Hide the keys and widget help panel"),
    "Show help for the focused widget and a summary of available keys": N_(
        "Show help for the focused widget and a summary of available keys"
    ),
    "Minimize": N_("Minimize"),
    "Minimize the widget and restore to normal size": N_(
        "Minimize the widget and restore to normal size"
    ),
    "Maximize": N_("Maximize"),
    "Maximize the focused widget": N_("Maximize the focused widget"),
    # TRANSLATORS: the key of an open drop-down list (choosing a program) that closes it.
    "Dismiss menu": N_("Dismiss menu"),
}
PALETTE_PLACEHOLDER = N_("Search for commands…")
THEMES_PLACEHOLDER = N_("Search for themes…")
KEYS_HELP = N_("Every key of this screen")
SCREENSHOT = N_("Screenshot")
SCREENSHOT_HELP = N_(
    "The screen as an SVG picture, into the folder for files; never a private note"
)
