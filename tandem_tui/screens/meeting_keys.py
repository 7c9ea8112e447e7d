"""The meeting's actions: one list makes its key bindings, its palette and its help page.

Labels and titles are marked here (`N_`) and translated where they are shown, into the
tandem's language on the meeting screen (its `speech`).
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding

from tandem_tui.i18n import N_, Speech


@dataclass(frozen=True)
class MeetingAction:
    """One action of the meeting: its key, footer label, palette title and help text."""

    action: str
    label: str
    title: str
    key: str
    group: Binding.Group | None = None

    @property
    def key_shown(self) -> str:
        """`Ctrl+T`, `Ctrl+Up`, `F1`: as the keys are printed on a keyboard."""
        return "+".join(part.capitalize() for part in self.key.split("+"))

    def key_said(self, speech: Speech) -> str:
        """`key_shown` as `speech`'s keyboards print it: `Strg+T` in German."""
        # TRANSLATORS: the Control key as printed on a keyboard (German: Strg).
        ctrl = speech.gettext("Ctrl")
        # TRANSLATORS: the arrow keys as a key name (Ctrl+Up, Ctrl+Down).
        names = {"Ctrl": ctrl, "Up": speech.gettext("Up"), "Down": speech.gettext("Down")}
        return "+".join(names.get(part, part) for part in self.key_shown.split("+"))


# TRANSLATORS: the footer's one key for both Ctrl+Up and Ctrl+Down: a minute more or less.
ONE_MINUTE = Binding.Group(N_("±1 min"), compact=True)

# In order of need: the footer shows them left to right and leaves out what does not
# fit whole; Help (F1) and the palette (Ctrl+P) always list all.
MEETING_ACTIONS = (
    MeetingAction("toggle_timer", N_("Pause"), N_("Pause or resume the card's timer"), "ctrl+t"),
    MeetingAction("next_card", N_("Next"), N_("Mark this card done and go to the next"), "ctrl+n"),
    MeetingAction(
        "skip_card", N_("Skip"), N_("Skip this card: it comes back next session"), "ctrl+g"
    ),
    MeetingAction("add_followup", N_("Follow-up"), N_("Add a follow-up"), "ctrl+o"),
    MeetingAction(
        "finish", N_("End"), N_("End the meeting: time per card, next meeting"), "ctrl+f"
    ),
    MeetingAction("help", N_("Help"), N_("Every key of the meeting"), "f1"),
    MeetingAction(
        "private", N_("Private"), N_("Private notes: the mentor's, the mentee's, hidden"), "ctrl+r"
    ),
    MeetingAction(
        "shield",
        N_("Shield"),
        N_("Privacy shield: hide every private pane (screen sharing)"),
        "ctrl+l",
    ),
    MeetingAction(
        "undo", N_("Undo"), N_("Undo the last card move (next, skip, back, ±1 min)"), "ctrl+z"
    ),
    MeetingAction("previous_card", N_("Back"), N_("Back to the previous card"), "ctrl+b"),
    MeetingAction(
        "followups", N_("Tick off"), N_("Follow-ups of every session: tick off what is done"), "f2"
    ),
    MeetingAction(
        "look_back", N_("Look back"), N_("Earlier sessions of this tandem, read-only"), "f3"
    ),
    MeetingAction(
        "more_time", N_("+1"), N_("One minute more for this card"), "ctrl+up", ONE_MINUTE
    ),
    MeetingAction(
        "less_time", N_("-1"), N_("One minute less for this card"), "ctrl+down", ONE_MINUTE
    ),
)
