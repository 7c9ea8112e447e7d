"""The three-way merge of a follow-up never drops what either side wrote (hypothesis)."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from tandem_tui.sync.items import digest
from tandem_tui.sync.merge import FOLLOWUP_FIELDS, conflict_copy, merge_fields, merge_minutes

TEXTS = st.sampled_from(["call Lena", "call Lena on Friday", "book the room", ""])
FOLLOWUPS = st.fixed_dictionaries(
    {
        "id": st.just("a" * 32),
        "text": TEXTS.filter(bool),
        "owner": st.sampled_from(["mentor", "mentee", "both"]),
        "due": st.sampled_from([None, "2027-03-01", "2027-04-01"]),
        "status": st.sampled_from(["open", "done"]),
        "done_at": st.none(),
        "session": st.none(),
        "card": st.none(),
        "created_at": st.just("2027-01-01T09:00:00+00:00"),
        "conflict_of": st.none(),
    }
)


@given(FOLLOWUPS, FOLLOWUPS, FOLLOWUPS)
def test_every_change_survives_the_merge(
    base: dict[str, Any], local: dict[str, Any], remote: dict[str, Any]
) -> None:
    merged, conflicts = merge_fields(base, local, remote, FOLLOWUP_FIELDS)
    kept = [merged, conflict_copy(local, remote)] if conflicts else [merged]
    for side in (local, remote):
        for name in FOLLOWUP_FIELDS:
            if side[name] != base[name]:  # a change on this side: somewhere after the merge
                assert any(version[name] == side[name] for version in kept), name
    for name in FOLLOWUP_FIELDS:
        if local[name] == remote[name]:
            assert merged[name] == local[name]
    # Merging again what came out changes nothing more: no second copy, ever
    again, more = merge_fields(base, merged, merged, FOLLOWUP_FIELDS)
    assert (again, more) == (merged, [])


def test_a_conflict_copy_is_the_same_however_often_it_is_made() -> None:
    local = {"id": "b" * 32, "text": "mine"}
    remote = {"id": "b" * 32, "text": "theirs"}
    first, second = conflict_copy(local, remote), conflict_copy(local, remote)
    assert first == second and first["id"] != local["id"] and first["conflict_of"] == "b" * 32
    assert digest(first) == digest(second)


NOTES = st.dictionaries(st.sampled_from(["0", "1", "2"]), TEXTS, max_size=3)


@given(NOTES, NOTES, NOTES)
def test_shared_notes_written_on_both_machines_keep_both_texts(
    base: dict[str, str], local: dict[str, str], remote: dict[str, str]
) -> None:
    session = {"feedback": {}}
    merged = merge_minutes(
        {"number": 1, "session": session, "notes": base},
        {"number": 1, "session": session, "notes": local},
        {"number": 1, "session": session, "notes": remote},
    )
    for side in (local, remote):
        for card, text in side.items():
            if text and text != base.get(card):
                assert text in merged["notes"].get(card, "")
