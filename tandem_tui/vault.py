"""Private notes under a passphrase: keys, sealing, unsealing and the manifest.

Each person who sets a passphrase gets a random 256-bit data key. Their private
notes are sealed with it (AES-256-GCM, a fresh 96-bit nonce per note, and the note's
place, tandem/session/card/person, as associated data, so a sealed note cannot be
moved to another place unnoticed). The data key itself is stored only wrapped: sealed
with a key derived from the passphrase by Argon2id (memory-hard) with a salt of its own.

Each lock also carries a manifest sealed under the data key: a version counter and,
for every sealed note of that person, where it is and a digest of it. Every change
of a private note writes the note and the new manifest in one change (see
journal.py), so the manifest always matches. Opening the notes checks them against
it: a removed lock, a deleted, rolled back, replaced or moved note, or plain text
where a sealed note belongs is found, and the notes stay closed (`Tampered`).

Changing the passphrase makes a new data key and seals every note of that person
again under it, in one change: a copy of the old lock and the old passphrase open
nothing written after the change. A wrong passphrase fails the authentication of the
wrapped key and changes nothing.

Nothing here ever writes plaintext anywhere: callers get text back in memory only.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
import unicodedata
from collections.abc import Iterable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field, replace
from typing import Any, Protocol

from tandem_tui.i18n import _
from tandem_tui.model import Note, NoteKind, Role


class NoteStore(Protocol):
    """What the vault needs of wherever notes and locks are kept (the store keeps them;
    the vault only seals, checks and opens, and never names it)."""

    def change(self) -> AbstractContextManager[None]: ...
    def all_notes(self, tandem_id: str) -> list[Note]: ...
    def save_note(self, tandem_id: str, note: Note) -> None: ...
    def locks(self, tandem_id: str) -> dict[Role, Lock]: ...
    def damaged_locks(self, tandem_id: str) -> dict[Role, str]: ...
    def save_lock(self, tandem_id: str, lock: Lock) -> None: ...
    def protected_roles(self, tandem_id: str) -> set[Role]: ...
    def mark_protected(self, tandem_id: str, roles: set[Role]) -> None: ...
    def remove_backups(self, tandem_id: str) -> int: ...


KEY_BYTES = 32
NONCE_BYTES = 12
SALT_BYTES = 16
MIN_PASSPHRASE = 8
FORMAT = 2  # 1: before manifests; its data key was wrapped without the format in the AAD

#: What a lock read from a file may ask of the key derivation: enough to be safe,
#: never so much that opening it exhausts the machine.
MEMORY_KIB = range(8 * 1024, 256 * 1024 + 1)  # 8 to 256 MiB; tandem-tui makes 64
ITERATIONS = range(1, 11)
LANES = range(1, 17)


@dataclass(frozen=True)
class KdfCost:
    """Argon2id's cost; stored with each lock, so a lock opens with the cost it was made."""

    memory_kib: int = 64 * 1024  # 64 MiB
    iterations: int = 3
    lanes: int = 4


DEFAULT_COST = KdfCost()


class WrongPassphrase(Exception):
    """The passphrase does not open this lock; nothing was changed."""

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or _("that is not the passphrase; nothing was changed"))


class CannotDerive(Exception):
    """The key derivation could not run here (not enough memory); nothing was changed."""


class Locked(Exception):
    """A person's private notes are under a passphrase that has not been given yet."""


class Tampered(Exception):
    """A person's private notes are not as their own last change left them.

    They stay closed, and nothing is written to them, until the folder is restored.
    """

    def __init__(self, person: Role, reason: str, tandem_id: str = "TANDEM") -> None:
        self.person = person
        self.reason = reason
        message = (
            _(
                "the mentor's private notes were changed outside tandem-tui: {reason}. "
                "They stay closed and nothing is written to them; restore the tandem's folder "
                "from a backup, or start them afresh with 'tandem-tui passphrase {tandem} "
                "--role mentor --reset'"
            )
            if person is Role.MENTOR
            else _(
                "the mentee's private notes were changed outside tandem-tui: {reason}. "
                "They stay closed and nothing is written to them; restore the tandem's folder "
                "from a backup, or start them afresh with 'tandem-tui passphrase {tandem} "
                "--role mentee --reset'"
            )
        )
        super().__init__(message.format(reason=reason, tandem=tandem_id))


@dataclass(frozen=True)
class Lock:
    """One person's wrapped data key, with what is needed to unwrap it, and the manifest."""

    role: Role
    salt: bytes
    wrapped_key: bytes  # nonce + AES-GCM(derived key, data key)
    cost: KdfCost = DEFAULT_COST
    manifest: bytes | None = None  # nonce + AES-GCM(data key, Manifest)
    format: int = FORMAT

    def to_doc(self) -> dict[str, Any]:
        doc: dict[str, Any] = {
            "role": self.role.value,
            "kdf": "argon2id",
            "format": self.format,
            "salt": _b64(self.salt),
            "memory_kib": self.cost.memory_kib,
            "iterations": self.cost.iterations,
            "lanes": self.cost.lanes,
            "wrapped_key": _b64(self.wrapped_key),
        }
        if self.manifest is not None:
            doc["manifest"] = _b64(self.manifest)
        return doc

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> Lock:
        """The lock of a file; ValueError saying what is wrong with it."""
        if doc.get("kdf") != "argon2id":
            raise ValueError(
                _("kdf: unknown key derivation {kdf}").format(kdf=repr(doc.get("kdf")))
            )
        for name, allowed in (
            ("memory_kib", MEMORY_KIB),
            ("iterations", ITERATIONS),
            ("lanes", LANES),
        ):
            value = doc.get(name)
            if isinstance(value, bool) or not isinstance(value, int):
                raise ValueError(_("{field} is not a whole number").format(field=name))
            if value not in allowed:
                raise ValueError(
                    _("{field} {value} is outside {low}..{high}").format(
                        field=name, value=value, low=allowed.start, high=allowed.stop - 1
                    )
                )
        version = doc.get("format", 1)
        if version not in (1, FORMAT):
            raise ValueError(_("unknown lock format {format}").format(format=repr(version)))
        keys = {}
        for name in ("salt", "wrapped_key", "manifest"):
            value = doc.get(name)
            if value is None and name == "manifest":
                continue
            if not isinstance(value, str):
                raise ValueError(_("{field} is not text").format(field=name))
            try:
                keys[name] = base64.b64decode(value, validate=True)
            except binascii.Error:
                raise ValueError(_("{field} is not in base64").format(field=name)) from None
        if len(keys["salt"]) < 8 or len(keys["wrapped_key"]) <= NONCE_BYTES:
            raise ValueError(_("its keys are too short"))
        return cls(
            role=Role(doc["role"]),
            salt=keys["salt"],
            wrapped_key=keys["wrapped_key"],
            cost=KdfCost(doc["memory_kib"], doc["iterations"], doc["lanes"]),
            manifest=keys.get("manifest"),
            format=version,
        )


@dataclass
class Manifest:
    """Every sealed note of one person: its place ("session/card") and a digest of it."""

    version: int = 0
    notes: dict[str, str] = field(default_factory=dict)

    def to_bytes(self) -> bytes:
        return json.dumps({"version": self.version, "notes": self.notes}, sort_keys=True).encode()

    @classmethod
    def from_bytes(cls, data: bytes) -> Manifest:
        doc = json.loads(data)
        return cls(int(doc["version"]), {str(k): str(v) for k, v in doc["notes"].items()})


@dataclass(frozen=True)
class Unlocked:
    """What a passphrase opened: the data key, and the lock as it is to be kept.

    The lock differs from the stored one only for a lock of the first format, which
    is wrapped again (same data key) and gets its manifest when the notes open.
    """

    data_key: bytes
    lock: Lock
    first_format: bool = False  # the stored lock is of the first format, without a manifest


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _derive(passphrase: str, salt: bytes, cost: KdfCost) -> bytes:
    from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

    # The same words typed on another keyboard may come composed otherwise (é as one
    # character or as e and an accent): one form, so that they open what they locked.
    words = unicodedata.normalize("NFC", passphrase)
    try:
        return Argon2id(
            salt=salt,
            length=KEY_BYTES,
            iterations=cost.iterations,
            lanes=cost.lanes,
            memory_cost=cost.memory_kib,
        ).derive(words.encode("utf-8"))
    except MemoryError:
        raise CannotDerive(
            _(
                "opening the passphrase needs {mib} MiB of memory, "
                "which this machine cannot give now; close other programs and try again"
            ).format(mib=cost.memory_kib // 1024)
        ) from None


def shared_key(passphrase: str, salt: bytes) -> bytes:
    """The key both partners derive from the tandem passphrase (for the minutes a sync
    sends sealed): the same words and salt give the same key on either machine."""
    return _derive(passphrase, salt, DEFAULT_COST)


def _key_aad(tandem_id: str, role: Role, version: int = FORMAT) -> bytes:
    if version == 1:
        return f"tandem-tui/data-key/{tandem_id}/{role.value}".encode()
    return f"tandem-tui/data-key/{version}/{tandem_id}/{role.value}".encode()


def _manifest_aad(tandem_id: str, role: Role) -> bytes:
    return f"tandem-tui/manifest/{tandem_id}/{role.value}".encode()


def _seal_bytes(key: bytes, data: bytes, aad: bytes) -> bytes:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    nonce = os.urandom(NONCE_BYTES)
    return nonce + AESGCM(key).encrypt(nonce, data, aad)


def _open_bytes(key: bytes, sealed: bytes, aad: bytes) -> bytes:
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    try:
        return AESGCM(key).decrypt(sealed[:NONCE_BYTES], sealed[NONCE_BYTES:], aad)
    except (InvalidTag, ValueError):
        raise WrongPassphrase from None


def check_passphrase(passphrase: str) -> str | None:
    """Why a new passphrase will not do, or None."""
    if any(unicodedata.category(char) == "Cc" for char in passphrase):
        return _("use letters, digits, spaces and punctuation only (no tabs or control keys)")
    if sum(not char.isspace() for char in passphrase) < MIN_PASSPHRASE:
        return _(
            "use at least {count} characters besides spaces; a few words are easier to remember"
        ).format(count=MIN_PASSPHRASE)
    return None


def _wrap(tandem_id: str, role: Role, passphrase: str, data_key: bytes, cost: KdfCost) -> Lock:
    salt = os.urandom(SALT_BYTES)
    wrapped = _seal_bytes(_derive(passphrase, salt, cost), data_key, _key_aad(tandem_id, role))
    return Lock(role, salt, wrapped, cost)


def unlock(lock: Lock, tandem_id: str, passphrase: str) -> Unlocked:
    """What `passphrase` opens; WrongPassphrase if it is not the one. Slow: the KDF."""
    derived = _derive(passphrase, lock.salt, lock.cost)
    data_key = _open_bytes(derived, lock.wrapped_key, _key_aad(tandem_id, lock.role, lock.format))
    if lock.format != FORMAT:
        wrapped = _seal_bytes(derived, data_key, _key_aad(tandem_id, lock.role))
        return Unlocked(data_key, replace(lock, wrapped_key=wrapped, format=FORMAT), True)
    return Unlocked(data_key, lock)


def note_aad(tandem_id: str, session: int, card: int, role: Role) -> bytes:
    return f"tandem-tui/note/{tandem_id}/{session}/{card}/{role.value}".encode()


def seal(data_key: bytes, text: str, aad: bytes) -> str:
    return _b64(_seal_bytes(data_key, text.encode("utf-8"), aad))


def unseal(data_key: bytes, sealed: str, aad: bytes) -> str:
    try:
        raw = base64.b64decode(sealed, validate=True)
    except binascii.Error:
        raise WrongPassphrase from None
    return _open_bytes(data_key, raw, aad).decode("utf-8")


def place(session: int, card: int) -> str:
    return f"{session}/{card}"


def digest(sealed: str) -> str:
    return hashlib.sha256(sealed.encode("ascii", "replace")).hexdigest()


def seal_manifest(data_key: bytes, tandem_id: str, role: Role, manifest: Manifest) -> bytes:
    return _seal_bytes(data_key, manifest.to_bytes(), _manifest_aad(tandem_id, role))


# checking -------------------------------------------------------------------------------


def _theirs(notes: Iterable[Note], role: Role) -> list[Note]:
    return [n for n in notes if n.kind is NoteKind.PRIVATE and n.person is role]


def check_without_key(
    tandem_id: str, role: Role, lock: Lock | None, notes: Iterable[Note], had_lock: bool = False
) -> None:
    """What can be seen of tampering before the passphrase is given; Tampered if any.

    `notes` are all notes of the tandem, of every session; `had_lock`: the data home
    records that this person set a passphrase (`Store.protected_roles`).
    """
    theirs = _theirs(notes, role)
    if lock is None:
        if any(note.sealed is not None for note in theirs):
            raise _tampered(tandem_id, role, _("the lock is gone but sealed notes are there"))
        if had_lock:
            raise _tampered(tandem_id, role, _("the lock is gone though a passphrase was set"))
        return
    if any(note.sealed is None and note.text for note in theirs):
        plain = _("a note is in plain text where only sealed ones belong")
        raise _tampered(tandem_id, role, plain)
    if lock.format == FORMAT and lock.manifest is None:
        raise _tampered(tandem_id, role, _("the list of sealed notes is gone"))


def tampering(store: NoteStore, tandem_id: str, notes: Iterable[Note]) -> dict[Role, Tampered]:
    """Whose private notes show tampering before any passphrase is given (a damaged or
    removed lock, plain text where sealed notes belong), with what was found."""
    notes = list(notes)
    locks, protected = store.locks(tandem_id), store.protected_roles(tandem_id)
    found = {
        person: Tampered(
            person, _("its lock is damaged ({reason})").format(reason=reason), tandem_id
        )
        for person, reason in store.damaged_locks(tandem_id).items()
    }
    for person in Role:
        if person not in found:
            try:
                check_without_key(tandem_id, person, locks.get(person), notes, person in protected)
            except Tampered as tampered:
                found[person] = tampered
    return found


def open_notes(
    tandem_id: str, role: Role, unlocked: Unlocked, notes: Iterable[Note]
) -> tuple[dict[tuple[int, int], str], Manifest]:
    """Every private note of `role` by (session, card), checked against the manifest.

    Tampered when anything differs from what the person's own last change left. A lock
    of the first format has no manifest yet: one is made of the notes as they are.
    """
    notes = list(notes)
    lock, key = unlocked.lock, unlocked.data_key
    check_without_key(
        tandem_id, role, replace(lock, format=1) if unlocked.first_format else lock, notes
    )
    sealed = {(n.session, n.card): n.sealed for n in _theirs(notes, role) if n.sealed is not None}
    texts: dict[tuple[int, int], str] = {}
    for (session, card), blob in sealed.items():
        try:
            texts[(session, card)] = unseal(key, blob, note_aad(tandem_id, session, card, role))
        except (WrongPassphrase, UnicodeDecodeError):
            raise Tampered(
                role,
                _(
                    "the note of session {session}, card {card} does not open: "
                    "it was sealed elsewhere or under another key"
                ).format(session=session, card=card + 1),
            ) from None
    if unlocked.first_format:  # no manifest yet: trust the notes as found, once
        manifest = Manifest(1, {place(*at): digest(blob) for at, blob in sealed.items()})
        return texts, manifest
    if lock.manifest is None:
        raise _tampered(tandem_id, role, _("the list of sealed notes is gone"))
    try:
        manifest = Manifest.from_bytes(
            _open_bytes(key, lock.manifest, _manifest_aad(tandem_id, role))
        )
    except (WrongPassphrase, ValueError, KeyError, TypeError):
        unreadable = _("the list of sealed notes does not open")
        raise _tampered(tandem_id, role, unreadable) from None
    found = {place(*at): digest(blob) for at, blob in sealed.items()}
    for at, expected in manifest.notes.items():
        if at not in found:
            missing = _("the note of session {session}, card {card} is missing")
            raise _tampered(tandem_id, role, missing.format(**_shown(at)))
        if found[at] != expected:
            older = _("the note of session {session}, card {card} is not its latest version")
            raise _tampered(tandem_id, role, older.format(**_shown(at)))
    for at in found:
        if at not in manifest.notes:
            planted = _("the note of session {session}, card {card} was put there from elsewhere")
            raise _tampered(tandem_id, role, planted.format(**_shown(at)))
    return texts, manifest


def _tampered(tandem_id: str, role: Role, reason: str) -> Tampered:
    return Tampered(role, reason, tandem_id)


def _shown(at: str) -> dict[str, str]:
    """The session and card (counted from 1) of a place in the manifest, "3/0"."""
    session, card = at.split("/")
    return {"session": session, "card": str(int(card) + 1)}


# changing -------------------------------------------------------------------------------


def make_lock(
    locks: dict[Role, Lock],
    tandem_id: str,
    role: Role,
    new: str,
    old: str | None = None,
    cost: KdfCost = DEFAULT_COST,
) -> tuple[Lock, bytes, Unlocked | None]:
    """A lock with a new data key under `new`: the new lock, the new key, and what `old` opened.

    The slow part of `protect` (the memory-hard KDF, twice for a change), and it writes
    nothing: the app runs it in a worker thread and lets `install_lock` write on the
    thread that owns the store. WrongPassphrase when `old` is missing or wrong.
    """
    previous = None
    if role in locks:
        if old is None:
            raise WrongPassphrase
        previous = unlock(locks[role], tandem_id, old)
    data_key = os.urandom(KEY_BYTES)
    return _wrap(tandem_id, role, new, data_key, cost), data_key, previous


def install_lock(
    store: NoteStore,
    tandem_id: str,
    role: Role,
    lock: Lock,
    data_key: bytes,
    previous: Unlocked | None = None,
) -> tuple[int, Manifest]:
    """Seal every private note of `role` under the new key, with a new manifest, in one change.

    Every notes file is read and checked first (with the old key for a change); when
    anything is wrong nothing is written. Also removes the tandem's backups, which may
    hold notes from before. Returns how many notes are sealed, and the new manifest.
    """
    notes = store.all_notes(tandem_id)
    if previous is None:
        check_without_key(tandem_id, role, None, notes, role in store.protected_roles(tandem_id))
        texts = {(n.session, n.card): n.text for n in _theirs(notes, role) if n.text}
        version = 1
    else:
        texts, manifest = open_notes(tandem_id, role, previous, notes)
        version = manifest.version + 1
    sealed_notes = {}
    now = {(n.session, n.card): n.updated_at for n in _theirs(notes, role)}
    for (session, card), text in texts.items():
        blob = seal(data_key, text, note_aad(tandem_id, session, card, role))
        sealed_notes[(session, card)] = Note(
            session, card, "", NoteKind.PRIVATE, role, now[(session, card)], sealed=blob
        )
    manifest = Manifest(
        version, {place(*at): digest(n.sealed or "") for at, n in sealed_notes.items()}
    )
    with store.change():
        for note in sealed_notes.values():
            store.save_note(tandem_id, note)
        store.save_lock(
            tandem_id, replace(lock, manifest=seal_manifest(data_key, tandem_id, role, manifest))
        )
        store.mark_protected(tandem_id, store.protected_roles(tandem_id) | {role})
        store.remove_backups(tandem_id)
    return len(sealed_notes), manifest


def save_sealed_note(
    store: NoteStore, tandem_id: str, note: Note, data_key: bytes, lock: Lock, manifest: Manifest
) -> tuple[Lock, Manifest]:
    """Store a sealed note and the manifest that lists it, in one change; the new lock."""
    assert note.person is not None and note.sealed is not None
    listed = Manifest(
        manifest.version + 1,
        {**manifest.notes, place(note.session, note.card): digest(note.sealed)},
    )
    new_lock = replace(
        lock, manifest=seal_manifest(data_key, tandem_id, note.person, listed), format=FORMAT
    )
    with store.change():
        store.save_note(tandem_id, note)
        store.save_lock(tandem_id, new_lock)
    return new_lock, listed


def protect(
    store: NoteStore,
    tandem_id: str,
    role: Role,
    new: str,
    old: str | None = None,
    cost: KdfCost = DEFAULT_COST,
) -> int:
    """Set `role`'s passphrase, or change it (`old` needed); returns the notes sealed."""
    lock, data_key, previous = make_lock(store.locks(tandem_id), tandem_id, role, new, old, cost)
    return install_lock(store, tandem_id, role, lock, data_key, previous)[0]
