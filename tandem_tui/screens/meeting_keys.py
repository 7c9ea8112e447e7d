"""The meeting's actions: one list makes its key bindings, its palette and its help page."""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding


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


ONE_MINUTE = Binding.Group("±1 min", compact=True)

# In order of need: the footer shows them left to right and leaves out what does not
# fit whole; Help (F1) and the palette (Ctrl+P) always list all.
MEETING_ACTIONS = (
    MeetingAction("toggle_timer", "Pause", "Pause or resume the card's timer", "ctrl+t"),
    MeetingAction("next_card", "Next", "Mark this card done and go to the next", "ctrl+n"),
    MeetingAction("skip_card", "Skip", "Skip this card: it comes back next session", "ctrl+g"),
    MeetingAction("add_followup", "Follow-up", "Add a follow-up", "ctrl+o"),
    MeetingAction("finish", "End", "End the meeting: time per card, next meeting", "ctrl+f"),
    MeetingAction("help", "Help", "Every key of the meeting", "f1"),
    MeetingAction(
        "private", "Private", "Private notes: the mentor's, the mentee's, hidden", "ctrl+r"
    ),
    MeetingAction(
        "shield", "Shield", "Privacy shield: hide every private pane (screen sharing)", "ctrl+l"
    ),
    MeetingAction("undo", "Undo", "Undo the last card move (next, skip, back, ±1 min)", "ctrl+z"),
    MeetingAction("previous_card", "Back", "Back to the previous card", "ctrl+b"),
    MeetingAction(
        "followups", "Tick off", "Follow-ups of every session: tick off what is done", "f2"
    ),
    MeetingAction("look_back", "Look back", "Earlier sessions of this tandem, read-only", "f3"),
    MeetingAction("more_time", "+1", "One minute more for this card", "ctrl+up", ONE_MINUTE),
    MeetingAction("less_time", "-1", "One minute less for this card", "ctrl+down", ONE_MINUTE),
)
