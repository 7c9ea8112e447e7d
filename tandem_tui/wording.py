"""Small helpers for user texts; `count` becomes ngettext once the app is translated."""

from __future__ import annotations


def count(number: int, singular: str, plural: str | None = None) -> str:
    """`1 file`, `2 files`, `0 files`: a number with its noun in the right form.

    `plural` is needed where adding an "s" is wrong ("1 entry", "2 entries").
    """
    word = singular if number == 1 else plural or f"{singular}s"
    return f"{number} {word}"
