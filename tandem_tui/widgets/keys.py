"""Waiting for a widget to take the keys already sent to it.

The app hands each key to the focused widget's own queue, but runs a Ctrl key's
action (Ctrl+S, Ctrl+N) at once. Keys typed just before it, in the same burst,
may not have reached the field yet: an action that reads the field first waits
here, so it reads what was typed.
"""

from __future__ import annotations

import asyncio
import contextlib

from textual.widget import Widget

SETTLE_SECONDS = 1.0  # at most


async def keys_taken(widget: Widget | None) -> None:
    """Return once `widget` has handled every message sent to it before this call."""
    if widget is None or not widget.is_attached:
        return
    taken = asyncio.Event()
    widget.call_later(taken.set)
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(taken.wait(), SETTLE_SECONDS)
