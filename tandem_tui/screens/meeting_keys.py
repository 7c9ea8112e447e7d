"""The meeting's actions: one list makes its key bindings, its palette and its help page;
and the other words of its keys and palette.

Labels and titles are marked here (`N_`) and translated where they are shown, into the
tandem's language on the meeting screen (its `speech`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from textual.binding import Binding, BindingsMap

from tandem_tui.i18n import N_, Speech
from tandem_tui.model import Role


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

# Priority: they work while the cursor is in a note, and only they act.
MEETING_BINDINGS = [
    *(
        Binding(
            a.key, a.action, a.label, id=a.action, priority=True, tooltip=a.title, group=a.group
        )
        for a in MEETING_ACTIONS
    ),
    Binding("escape", "leave_notes", N_("Agenda"), show=False),
    # The app's palette key, bound here too so that the footer names it in the
    # tandem's language like the rest (the app's own binding says "palette").
    Binding(
        "ctrl+p",
        "app.command_palette",
        # TRANSLATORS: the footer's key for the command palette: every action by name.
        N_("palette"),
        show=False,
        priority=True,
        tooltip=N_("Open the command palette"),
    ),
]


def bindings_said(bindings: BindingsMap, speech: Speech) -> BindingsMap:
    """`bindings` with their descriptions, tooltips and groups in `speech`'s language."""
    groups: dict[Binding.Group, Binding.Group] = {}

    def said(binding: Binding) -> Binding:
        group = binding.group
        if group is not None:
            group = groups.setdefault(
                group, Binding.Group(speech.gettext(group.description), compact=group.compact)
            )
        return replace(
            binding,
            description=speech.gettext(binding.description) if binding.description else "",
            tooltip=speech.gettext(binding.tooltip) if binding.tooltip else "",
            group=group,
        )

    return BindingsMap(said(b) for each in bindings.key_to_bindings.values() for b in each)


# What Ctrl+Z says it undid, by the card move (`Meeting.undo`).
MOVE_UNDONE = {
    "next": N_("Undone: the card is open again."),
    "skip": N_("Undone: the card is no longer skipped."),
    "back": N_("Undone: forward again."),
    "go to": N_("Undone: back on the card you were on."),
    "more time": N_("Undone: the minute is taken off again."),
    "less time": N_("Undone: the minute is given back."),
}


def passphrase_command(speech: Speech, role: Role, changing: bool) -> tuple[str, str]:
    """The palette's title and help for setting or changing `role`'s passphrase."""
    if role is Role.MENTOR:
        if changing:
            return (
                speech.gettext("Change the mentor's passphrase"),
                speech.gettext("A new key, every private note of the mentor sealed again under it"),
            )
        return (
            speech.gettext("Set the mentor's passphrase"),
            speech.gettext("Keep the mentor's private notes encrypted; it cannot be recovered"),
        )
    if changing:
        return (
            speech.gettext("Change the mentee's passphrase"),
            speech.gettext("A new key, every private note of the mentee sealed again under it"),
        )
    return (
        speech.gettext("Set the mentee's passphrase"),
        speech.gettext("Keep the mentee's private notes encrypted; it cannot be recovered"),
    )


# The palette's commands that write a file: title and help.
EXPORT = (
    N_("Export calendar (.ics)"),
    N_("The next meetings and the follow-ups, to import; the folder is shown first"),
)
MINUTES = (
    N_("Write minutes so far (.md)"),
    N_("This meeting's time, shared notes and follow-ups; the folder is shown first"),
)
