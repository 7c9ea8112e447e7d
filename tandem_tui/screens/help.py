"""Every key of the meeting screen on one page."""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown

from tandem_tui import i18n
from tandem_tui.i18n import N_
from tandem_tui.screens.meeting_keys import MEETING_ACTIONS


def key_names(speech: i18n.Speech) -> dict[str, str]:
    """The names of keys as a keyboard prints them, in `speech`: "Strg" in German."""
    # TRANSLATORS: names of keys as printed on a keyboard, as in "Ctrl+P"; short.
    return {
        "ctrl": speech.pgettext("key", "Ctrl"),
        "shift": speech.pgettext("key", "Shift"),
        "escape": speech.pgettext("key", "Escape"),
        "enter": speech.pgettext("key", "Enter"),
        "space": speech.pgettext("key", "Space"),
        "up": speech.pgettext("key", "Up"),
        "down": speech.pgettext("key", "Down"),
        "left": speech.pgettext("key", "Left"),
        "right": speech.pgettext("key", "Right"),
    }


def help_text(speech: i18n.Speech | None = None) -> str:
    """The key table, written from the same list that makes the bindings and the palette;
    in `speech`, the meeting's language (the tandem's), else the chrome's."""
    speech = speech or i18n.chrome()
    _ = speech.gettext
    rows = [f"| {key_name(a.key, speech)} | {_(a.title)} |" for a in MEETING_ACTIONS]
    return "\n".join(
        [
            _("# Keys in a meeting"),
            "",
            _(
                "Letters, digits and spaces always write into a note: into the one with the\n"
                "cursor, else into the shared notes. Only the keys below act."
            ),
            "",
            _("| Key | What it does |"),
            "|---|---|",
            *rows,
            _("| Esc | to the agenda: ↑ ↓ choose a card, Enter goes to it |"),
            _("| Tab | from one note to the next |"),
            _("| Ctrl+P | command palette: every action by name |"),
            _("| Ctrl+Q | save everything and quit |"),
            "",
            _(
                "Notes are saved half a second after you stop typing, and on every way out.\n"
                "The card timer warns at 80 % of its time box and counts overtime as `+m:ss`.\n"
                "Private notes never leave this app: not in exports, not in minutes."
            ),
            "",
            _(CLOSE_HINT),
        ]
    )


def key_name(key: str, speech: i18n.Speech | None = None) -> str:
    """`Ctrl+T`, `F1`, `Enter`, `a`: as the key is printed on a keyboard ("Strg+T" in
    German)."""
    if len(key) == 1:
        return key
    names = key_names(speech or i18n.chrome())
    return "+".join(names.get(part, part.capitalize()) for part in key.split("+"))


def keys_table(
    title: str,
    bindings: Sequence[Binding],
    extra: Sequence[tuple[str, str]] = (),
    speech: i18n.Speech | None = None,
) -> str:
    """A help page of a screen's keys, written from the bindings themselves.

    `title` and `extra`'s texts come translated; the bindings' descriptions, marked
    `N_`, are translated here, in `speech` (else the chrome's). `extra` names keys as
    bound (`ctrl+p`).
    """
    speech = speech or i18n.chrome()
    _ = speech.gettext
    rows = [
        f"| {key_name(b.key, speech)} | {_(b.tooltip or b.description)} |"
        for b in bindings
        if b.description and b.action != "help"
    ]
    rows += [f"| {key_name(key, speech)} | {what} |" for key, what in extra]
    return "\n".join(
        [f"# {title}", "", _("| Key | What it does |"), "|---|---|", *rows, "", _(CLOSE_HINT)]
    )


CLOSE_HINT = N_("Press Escape to close this help.")


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,f1", "dismiss", N_("Close"))]

    def __init__(self, text: str | None = None, *, speech: i18n.Speech | None = None) -> None:
        """`text`: the page, in Markdown; the meeting's keys when not given. `speech`:
        the language of the screen below (a meeting's is the tandem's)."""
        super().__init__()
        self.text = text
        self.speech = speech or i18n.chrome()

    def compose(self) -> ComposeResult:
        from tandem_tui.widgets.footer import Footer

        with VerticalScroll(id="dialog"):
            yield Markdown(self.text if self.text is not None else help_text(self.speech))
        yield Footer(compact=True)
