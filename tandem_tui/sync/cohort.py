"""The facilitator's progress objects in the cohort calendar (being built)."""

from __future__ import annotations

from datetime import datetime

from tandem_tui.library import Library
from tandem_tui.store import Store
from tandem_tui.sync.dav import Calendar


def send_progress(
    store: Store, library: Library, tandem_id: str, calendar: Calendar, *, now: datetime | None
) -> None:
    raise NotImplementedError("the cohort's progress objects come with the cohort report")
