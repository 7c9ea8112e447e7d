"""Private notes under a passphrase: keys, sealing and unsealing.

Each person who sets a passphrase gets a random 256-bit data key. Their private
notes are sealed with it (AES-256-GCM, a fresh 96-bit nonce per note, and the note's
place, tandem/session/card/person, as associated data, so a sealed note cannot be
moved to another place unnoticed). The data key itself is stored only wrapped: sealed
with a key derived from the passphrase by Argon2id (memory-hard) with a salt of its own.

Changing the passphrase re-wraps the data key: one atomic write of one small record,
so a change cut off midway leaves the old passphrase or the new one working, never
neither, and the notes themselves are not touched. A wrong passphrase fails the
authentication of the wrapped key and changes nothing.

Nothing here ever writes plaintext anywhere: callers get text back in memory only.
"""

from __future__ import annotations

import base64
import os
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from tandem_tui.model import Role

if TYPE_CHECKING:
    from tandem_tui.store import Store

KEY_BYTES = 32
NONCE_BYTES = 12
SALT_BYTES = 16
MIN_PASSPHRASE = 8


@dataclass(frozen=True)
class KdfCost:
    """Argon2id's cost; stored with each lock, so a lock opens with the cost it was made."""

    memory_kib: int = 64 * 1024  # 64 MiB
    iterations: int = 3
    lanes: int = 4


DEFAULT_COST = KdfCost()


class WrongPassphrase(Exception):
    """The passphrase does not open this lock; nothing was changed."""


class Locked(Exception):
    """A person's private notes are under a passphrase that has not been given yet."""


@dataclass(frozen=True)
class Lock:
    """One person's wrapped data key, with what is needed to unwrap it."""

    role: Role
    salt: bytes
    wrapped_key: bytes  # nonce + AES-GCM(derived key, data key)
    cost: KdfCost = DEFAULT_COST

    def to_doc(self) -> dict[str, Any]:
        return {
            "role": self.role.value,
            "kdf": "argon2id",
            "salt": _b64(self.salt),
            "memory_kib": self.cost.memory_kib,
            "iterations": self.cost.iterations,
            "lanes": self.cost.lanes,
            "wrapped_key": _b64(self.wrapped_key),
        }

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> Lock:
        if doc.get("kdf") != "argon2id":
            raise ValueError(f"unknown key derivation {doc.get('kdf')!r}")
        return cls(
            role=Role(doc["role"]),
            salt=base64.b64decode(doc["salt"]),
            wrapped_key=base64.b64decode(doc["wrapped_key"]),
            cost=KdfCost(int(doc["memory_kib"]), int(doc["iterations"]), int(doc["lanes"])),
        )


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _derive(passphrase: str, salt: bytes, cost: KdfCost) -> bytes:
    from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

    return Argon2id(
        salt=salt,
        length=KEY_BYTES,
        iterations=cost.iterations,
        lanes=cost.lanes,
        memory_cost=cost.memory_kib,
    ).derive(passphrase.encode("utf-8"))


def _key_aad(tandem_id: str, role: Role) -> bytes:
    return f"tandem-tui/data-key/{tandem_id}/{role.value}".encode()


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
    if len(passphrase) < MIN_PASSPHRASE:
        return f"use at least {MIN_PASSPHRASE} characters; a few words are easier to remember"
    return None


def create_lock(
    tandem_id: str, role: Role, passphrase: str, cost: KdfCost = DEFAULT_COST
) -> tuple[Lock, bytes]:
    """A new data key for `role`, wrapped under `passphrase`; returns the lock and the key."""
    data_key = os.urandom(KEY_BYTES)
    salt = os.urandom(SALT_BYTES)
    wrapped = _seal_bytes(_derive(passphrase, salt, cost), data_key, _key_aad(tandem_id, role))
    return Lock(role, salt, wrapped, cost), data_key


def unlock(lock: Lock, tandem_id: str, passphrase: str) -> bytes:
    """The data key; WrongPassphrase if `passphrase` is not the one."""
    derived = _derive(passphrase, lock.salt, lock.cost)
    return _open_bytes(derived, lock.wrapped_key, _key_aad(tandem_id, lock.role))


def rewrap(lock: Lock, tandem_id: str, old: str, new: str) -> tuple[Lock, bytes]:
    """The same data key under a new passphrase and a new salt; returns it with the key."""
    data_key = unlock(lock, tandem_id, old)
    salt = os.urandom(SALT_BYTES)
    wrapped = _seal_bytes(_derive(new, salt, lock.cost), data_key, _key_aad(tandem_id, lock.role))
    return replace(lock, salt=salt, wrapped_key=wrapped), data_key


def note_aad(tandem_id: str, session: int, card: int, role: Role) -> bytes:
    return f"tandem-tui/note/{tandem_id}/{session}/{card}/{role.value}".encode()


def seal(data_key: bytes, text: str, aad: bytes) -> str:
    return _b64(_seal_bytes(data_key, text.encode("utf-8"), aad))


def unseal(data_key: bytes, sealed: str, aad: bytes) -> str:
    return _open_bytes(data_key, base64.b64decode(sealed), aad).decode("utf-8")


def make_lock(
    locks: dict[Role, Lock],
    tandem_id: str,
    role: Role,
    new: str,
    old: str | None = None,
    cost: KdfCost = DEFAULT_COST,
) -> tuple[Lock, bytes]:
    """The lock that sets `role`'s passphrase, or changes it (`old` needed), and the data key.

    The slow part of `protect` (the memory-hard KDF), and it writes nothing: the app
    runs it in a worker thread and lets `install_lock` write on the thread that owns
    the store. WrongPassphrase when `old` is missing or wrong.
    """
    if role in locks:
        if old is None:
            raise WrongPassphrase
        return rewrap(locks[role], tandem_id, old, new)
    return create_lock(tandem_id, role, new, cost)


def install_lock(store: Store, tandem_id: str, role: Role, lock: Lock, data_key: bytes) -> int:
    """Store the lock, then seal the plaintext private notes there are; returns how many.

    Run again, it finishes sealing whatever an interrupted first run left.
    """
    store.save_lock(tandem_id, lock)
    return store.seal_private_notes(tandem_id, role, data_key)


def protect(
    store: Store,
    tandem_id: str,
    role: Role,
    new: str,
    old: str | None = None,
    cost: KdfCost = DEFAULT_COST,
) -> int:
    """Set `role`'s passphrase, or change it (`old` needed); returns the notes newly sealed.

    A change re-wraps the data key only, in one atomic write of the lock.
    """
    lock, data_key = make_lock(store.locks(tandem_id), tandem_id, role, new, old, cost)
    return install_lock(store, tandem_id, role, lock, data_key)
