"""Three-way merges: what both sides made of an item since the last sync (its `base`).

A field changed on one side only takes that side's value. A field changed on both sides
to different values is a conflict: the follow-up keeps this machine's value, and the
other side's version becomes a follow-up of its own, marked as a conflict, so that both
texts survive and the partners choose. Nothing is chosen silently.
"""

from __future__ import annotations

import uuid
from typing import Any

from tandem_tui.sync.items import IDS, digest

#: The fields of a follow-up a person changes; the others follow them or never change.
FOLLOWUP_FIELDS = ("text", "owner", "due", "status")
RECORD_FIELDS = ("mentor", "mentee", "program", "goals", "next_meeting", "sealing", "program_files")


def merge_fields(
    base: dict[str, Any] | None,
    local: dict[str, Any],
    remote: dict[str, Any],
    names: tuple[str, ...],
) -> tuple[dict[str, Any], list[str]]:
    """The merged fields, and the names of those changed on both sides differently.

    Without a base (both sides made the item on their own) every field that differs
    is a conflict."""
    merged = dict(local)
    conflicts: list[str] = []
    for name in names:
        mine, theirs = local.get(name), remote.get(name)
        if mine == theirs:
            continue
        was = base.get(name) if base is not None else object()
        if mine == was:
            merged[name] = theirs
        elif theirs != was:
            conflicts.append(name)
    if "status" in names and merged.get("status") == remote.get("status") != local.get("status"):
        merged["done_at"] = remote.get("done_at")
    return merged, conflicts


def conflict_copy(original: dict[str, Any], remote: dict[str, Any]) -> dict[str, Any]:
    """The other side's version of a follow-up, as a follow-up of its own: its id is
    made from what it holds, so a sync run again makes the same one, never a second."""
    copy = dict(remote)
    copy["id"] = uuid.uuid5(IDS, f"{original['id']}/{digest(remote)}").hex
    copy["conflict_of"] = original["id"]
    return copy


def merge_minutes(
    base: dict[str, Any] | None, local: dict[str, Any], remote: dict[str, Any]
) -> dict[str, Any]:
    """A held session as both machines have it: each card's shared notes merged on their
    own (both changed: both texts, one after the other), the ratings of both partners."""
    was = base or {"session": None, "notes": {}}
    session = remote["session"] if local["session"] == was["session"] else local["session"]
    feedback = {**remote["session"].get("feedback", {}), **local["session"].get("feedback", {})}
    session = {**session, "feedback": feedback}
    notes: dict[str, str] = {}
    for card in sorted({*local["notes"], *remote["notes"]}, key=int):
        mine, theirs = local["notes"].get(card, ""), remote["notes"].get(card, "")
        before = was["notes"].get(card, "")
        if mine == theirs or theirs == before:
            notes[card] = mine
        elif mine == before:
            notes[card] = theirs
        elif theirs in mine:
            notes[card] = mine
        elif mine in theirs:
            notes[card] = theirs
        else:
            notes[card] = f"{mine}\n\n{theirs}"
    return {
        "number": local["number"],
        "session": session,
        "notes": {k: v for k, v in notes.items() if v},
    }
