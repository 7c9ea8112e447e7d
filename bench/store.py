"""How long one note save takes at program scale, against one plain single-file TinyDB.

A cohort of 34 tandems x 6 sessions x 12 cards, each card with 2 KB of shared
notes and 2 KB of private notes for mentor and mentee, plus 10 follow-ups per
tandem. Saves a note at random places, times each save, and does the same with
the same data in one TinyDB file with TinyDB's own JSONStorage, in the same run.

    python -m bench.store [--saves 300] [--baseline-saves 30]

Not a test: it prints figures and never fails on a timing.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from tinydb import Query, TinyDB

from tandem_tui.agendas import bundled_dir
from tandem_tui.library import load
from tandem_tui.model import FollowUp, Note, NoteKind, Owner, Participant, Role, Session, Tandem
from tandem_tui.store import Store

TANDEMS, SESSIONS, CARDS, FOLLOWUPS = 34, 6, 12, 10
NOTE = "Notes of the meeting, typed as people type them. " * 41  # about 2 KB


def cohort(agenda_ids: list[str]) -> list[tuple[Tandem, list[Session]]]:
    library = load([bundled_dir()])
    result = []
    for index in range(TANDEMS):
        tandem = Tandem(
            id=f"tandem-{index:02d}",
            mentor=Participant(f"Mentor {index}"),
            mentee=Participant(f"Mentee {index}"),
            program="reverse-mentoring-en",
        )
        sessions = []
        for number in range(1, SESSIONS + 1):
            agenda = library.agenda(agenda_ids[number - 1])
            # Twelve cards a session, as in a long meeting: the agenda's cards, repeated.
            long_agenda = replace(agenda, cards=(agenda.cards * 3)[:CARDS])
            sessions.append(Session.start(number, long_agenda))
        result.append((tandem, sessions))
    return result


def notes_of(number: int) -> list[Note]:
    notes = []
    for card in range(CARDS):
        notes.append(Note(number, card, NOTE))
        notes.append(Note(number, card, NOTE, NoteKind.PRIVATE, Role.MENTOR))
        notes.append(Note(number, card, NOTE, NoteKind.PRIVATE, Role.MENTEE))
    return notes


def fill_store(home: Path, data: list[tuple[Tandem, list[Session]]]) -> None:
    with Store.open(home) as store:
        store.add_tandems([tandem for tandem, _ in data])
        for tandem, sessions in data:
            for session in sessions:
                store.save_session(tandem.id, session)
                for note in notes_of(session.number):
                    store.save_note(tandem.id, note)
            for index in range(FOLLOWUPS):
                store.save_followup(tandem.id, FollowUp(f"Follow-up {index}", Owner.BOTH))


def fill_single_file(path: Path, data: list[tuple[Tandem, list[Session]]]) -> TinyDB:
    db = TinyDB(path)
    db.table("tandems").insert_multiple(tandem.to_doc() for tandem, _ in data)
    db.table("sessions").insert_multiple(
        {"tandem": tandem.id, **session.to_doc()}
        for tandem, sessions in data
        for session in sessions
    )
    db.table("notes").insert_multiple(
        {"tandem": tandem.id, **note.to_doc()}
        for tandem, sessions in data
        for session in sessions
        for note in notes_of(session.number)
    )
    db.table("followups").insert_multiple(
        {"tandem": tandem.id, **FollowUp(f"Follow-up {i}").to_doc()}
        for tandem, _ in data
        for i in range(FOLLOWUPS)
    )
    return db


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--saves", type=int, default=300)
    parser.add_argument("--baseline-saves", type=int, default=30)
    args = parser.parse_args()
    rng = random.Random(34)
    program = load([bundled_dir()]).program("reverse-mentoring-en").sessions
    data = cohort(list(program))

    with tempfile.TemporaryDirectory() as scratch:
        home = Path(scratch) / "home"
        started = time.perf_counter()
        fill_store(home, data)
        print(f"filled the partitioned store in {time.perf_counter() - started:.1f} s")
        ours = []
        with Store.open(home) as store:
            for index in range(args.saves):
                tandem, number, card = (
                    rng.randrange(TANDEMS),
                    rng.randint(1, SESSIONS),
                    rng.randrange(CARDS),
                )
                note = Note(number, card, f"{index} {NOTE}")
                started = time.perf_counter()
                store.save_note(f"tandem-{tandem:02d}", note)
                ours.append(time.perf_counter() - started)
            sealed = sealed_saves(store, rng, args.saves)

        single = Path(scratch) / "single.json"
        db = fill_single_file(single, data)
        size = single.stat().st_size
        baseline = []
        notes, where = db.table("notes"), Query()
        for index in range(args.baseline_saves):
            tandem, number, card = (
                rng.randrange(TANDEMS),
                rng.randint(1, SESSIONS),
                rng.randrange(CARDS),
            )
            started = time.perf_counter()
            notes.update(
                {"text": f"{index} {NOTE}"},
                (where.tandem == f"tandem-{tandem:02d}")
                & (where.session == number)
                & (where.card == card)
                & (where.kind == "shared"),
            )
            baseline.append(time.perf_counter() - started)
        db.close()
        notes_file = home / "tandems" / "tandem-00" / "notes-01.json"
        ours_size = notes_file.stat().st_size

    rows = [
        ("partitioned store", ours, ours_size),
        ("sealed, with manifest", sealed, ours_size),
        ("single-file TinyDB", baseline, size),
    ]
    print(f"{'one note save':<22}{'median':>10}{'p95':>10}{'file rewritten':>16}{'saves':>8}")
    for name, samples, written in rows:
        print(
            f"{name:<22}{statistics.median(samples) * 1000:>8.2f}ms"
            f"{percentile(samples, 0.95) * 1000:>8.2f}ms{written / 1024:>13.0f} KB{len(samples):>8}"
        )
    median_ratio = statistics.median(baseline) / statistics.median(ours)
    p95_ratio = percentile(baseline, 0.95) / percentile(ours, 0.95)
    print(f"ratio (single file / partitioned): median {median_ratio:.0f}x, p95 {p95_ratio:.0f}x")
    sealed_ratio = statistics.median(sealed) / statistics.median(ours)
    print(f"ratio (sealed with its manifest, one journaled change / plain): {sealed_ratio:.1f}x")


def sealed_saves(store: Store, rng: random.Random, saves: int) -> list[float]:
    """A private note under a passphrase: sealed, saved with its manifest in one change."""
    from tandem_tui.vault import (
        KdfCost,
        note_aad,
        open_notes,
        protect,
        save_sealed_note,
        seal,
        unlock,
    )

    tandem_id, phrase = "tandem-00", "bench pass phrase"
    protect(store, tandem_id, Role.MENTEE, phrase, cost=KdfCost(8 * 1024, 1, 1))
    unlocked = unlock(store.locks(tandem_id)[Role.MENTEE], tandem_id, phrase)
    _, manifest = open_notes(tandem_id, Role.MENTEE, unlocked, store.all_notes(tandem_id))
    lock, key = unlocked.lock, unlocked.data_key
    samples = []
    for index in range(saves):
        number, card = rng.randint(1, SESSIONS), rng.randrange(CARDS)
        started = time.perf_counter()
        aad = note_aad(tandem_id, number, card, Role.MENTEE)
        note = Note(
            number,
            card,
            "",
            NoteKind.PRIVATE,
            Role.MENTEE,
            sealed=seal(key, f"{index} {NOTE}", aad),
        )
        lock, manifest = save_sealed_note(store, tandem_id, note, key, lock, manifest)
        samples.append(time.perf_counter() - started)
    return samples


if __name__ == "__main__":
    main()
