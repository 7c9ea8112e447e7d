"""The facilitator's progress objects in the cohort calendar, and the report read from them.

One VJOURNAL per tandem, at a place of its own (UID `progress-<tandem id>@tandem-tui`):
its progress in counts, dates and ratings (`report.TandemProgress`) as base64 JSON in
X-TANDEM-TUI-DATA, and one line for a person in SUMMARY. Never a note, a follow-up's
text, a goal or a takeaway: `TandemProgress` holds none.

A tandem's machine writes it after each sync, only when it changed since the last one
it sent (its digest and ETag are kept in the tandem's sync state, under "cohort"). Both
partners' machines write the same object: the newest wins. The facilitator reads the
whole calendar and counts what depends on the day (days without a meeting, overdue,
late follow-ups) for the day it is read. Core module: no Textual.
"""

from __future__ import annotations

import base64
import json
from datetime import UTC, date, datetime
from typing import Any

from tandem_tui import i18n
from tandem_tui.export import PRODID, UID_DOMAIN
from tandem_tui.i18n import _
from tandem_tui.library import Library
from tandem_tui.records import natural_order
from tandem_tui.report import CohortReport, TandemProgress, cohort_of, tandem_progress
from tandem_tui.store import Store
from tandem_tui.sync.dav import Calendar, Conflict, SyncError
from tandem_tui.sync.items import DATA, KIND, digest

PROGRESS = "progress"  # the X-TANDEM-TUI-KIND of a progress object
VERSION = 1  # of the progress object's data; a newer one is named, not guessed at
COHORT_NAME = "Cohort"  # the calendar's name when a sync has to make it
ATTEMPTS = 3  # writes of one object that may meet a newer one on the server


def progress_uid(tandem_id: str) -> str:
    return f"progress-{tandem_id}@{UID_DOMAIN}"


def send_progress(
    store: Store, library: Library, tandem_id: str, calendar: Calendar, *, now: datetime | None
) -> bool:
    """Write the tandem's progress to the cohort calendar if it changed since it was last
    sent from here; whether it was written. A `SyncError` when the calendar cannot be
    written; the tandem's data is left as it was."""
    now = (now or datetime.now(UTC)).astimezone(UTC)
    today = now.astimezone().date()
    progress = tandem_progress(library, store.summary(tandem_id, today))
    doc = {"version": VERSION, **progress.to_doc()}
    fingerprint = digest(doc)
    state = store.sync_state(tandem_id)
    sent: dict[str, Any] = state.get("cohort") or {}
    if sent.get("url") != calendar.url:
        sent = {}  # another cohort calendar: what went to the last one says nothing
    if sent.get("digest") == fingerprint and sent.get("etag"):
        return False
    program = library.programs.get(progress.program)
    speech = i18n.speech_for(program.language) if program else i18n.chrome()
    text = progress_text(progress, doc, speech, now)
    href = calendar.href_for(progress_uid(tandem_id))
    etag = _write(calendar, href, text, sent.get("etag"))
    state["cohort"] = {
        "url": calendar.url,
        "href": href,
        "etag": etag,
        "digest": fingerprint,
        "sent_at": now.replace(microsecond=0).isoformat(),
    }
    with store.change():
        store.save_sync_state(tandem_id, state)
    return True


def _write(calendar: Calendar, href: str, text: str, etag: str | None) -> str:
    """Put the object, `If-Match` the ETag it had (or `If-None-Match: *`); when the
    server holds another version (a partner's machine wrote it), this one replaces it."""
    made = False
    for _attempt in range(ATTEMPTS):
        try:
            return calendar.put(href, text, etag)
        except Conflict:
            found = calendar.get(href)
            etag = found[0] if found else None
        except SyncError:
            # A partner who joined with --cohort never made the calendar: make it, once.
            if made or etag is not None or calendar.exists():
                raise
            calendar.create(COHORT_NAME)
            made = True
    raise SyncError(
        _(
            "the cohort calendar at {host} kept changing; the progress goes with the next sync"
        ).format(host=calendar.host)
    )


def summary_line(progress: TandemProgress, speech: i18n.Speech) -> str:
    """`Tandem Lena Vogel & Markus Brandt: 2 of 6 sessions`, in the tandem's language."""
    if progress.sessions_planned is None:
        return speech.ngettext(
            "Tandem {mentor} & {mentee}: {count} session held",
            "Tandem {mentor} & {mentee}: {count} sessions held",
            progress.sessions_held,
        ).format(mentor=progress.mentor, mentee=progress.mentee, count=progress.sessions_held)
    return speech.ngettext(
        "Tandem {mentor} & {mentee}: {held} of {count} session",
        "Tandem {mentor} & {mentee}: {held} of {count} sessions",
        progress.sessions_planned,
    ).format(
        mentor=progress.mentor,
        mentee=progress.mentee,
        held=progress.sessions_held,
        count=progress.sessions_planned,
    )


def progress_text(
    progress: TandemProgress, doc: dict[str, Any], speech: i18n.Speech, now: datetime
) -> str:
    """The calendar object of the tandem's progress."""
    from icalendar import Calendar as ICalendar
    from icalendar import Journal

    stamp = now.astimezone(UTC).replace(microsecond=0)
    journal = Journal()
    journal.add("uid", progress_uid(progress.id))
    journal.add("dtstamp", stamp)
    journal.add("last-modified", stamp)
    journal.add(KIND, PROGRESS)
    journal.add("summary", summary_line(progress, speech))
    journal.add(
        "description",
        speech.gettext(
            "The tandem's progress for the program's facilitator: counts, dates and ratings, "
            "never what was said."
        ),
    )
    journal.add("categories", [speech.gettext("Reverse mentoring")])
    data = json.dumps(doc, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    journal.add(DATA, base64.b64encode(data.encode("utf-8")).decode("ascii"))
    calendar = ICalendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add_component(journal)
    text: bytes = calendar.to_ical()
    return text.decode("utf-8")


class NotProgress(ValueError):
    """A progress object of ours that cannot be read: damaged, or from a newer tandem-tui."""


def parse_progress(text: str) -> tuple[TandemProgress, datetime | None] | None:
    """The progress in a calendar object, and when it was written; None when the object
    is no progress object (another app's, or another kind of ours). `NotProgress` when
    it is one that cannot be read."""
    from icalendar import Calendar as ICalendar

    try:
        calendar = ICalendar.from_ical(text)
    except ValueError:
        return None
    for journal in calendar.walk("VJOURNAL"):
        if str(journal.get(KIND, "")) != PROGRESS:
            continue
        try:
            raw = base64.b64decode(str(journal[DATA]), validate=True)
            doc = json.loads(raw.decode("utf-8"))
            if not isinstance(doc, dict):
                raise ValueError("not an object")
            version = doc.get("version")
            if isinstance(version, int) and version > VERSION:
                raise NotProgress(_("written by a newer tandem-tui; update tandem-tui to read it"))
            progress = TandemProgress.from_doc(doc)
        except NotProgress:
            raise
        except (ValueError, KeyError, TypeError, AttributeError):
            raise NotProgress(_("damaged")) from None
        stamp = journal.get("DTSTAMP")
        when = getattr(stamp, "dt", None)
        return progress, when if isinstance(when, datetime) and when.tzinfo else None
    return None


def read_cohort(calendar: Calendar, today: date) -> CohortReport:
    """The cohort's report from the calendar alone, counted for `today`. An object that
    cannot be read is named among the report's problems; a `SyncError` when the calendar
    cannot be read at all."""
    if not calendar.exists():
        raise SyncError(_("there is no calendar at {url}").format(url=calendar.url))
    listing = calendar.listing(None)
    found = calendar.fetch(sorted(listing.etags))
    newest: dict[str, tuple[TandemProgress, datetime]] = {}
    problems = []
    oldest = datetime.min.replace(tzinfo=UTC)
    for href, (_etag, text) in sorted(found.items()):
        name = href.rsplit("/", 1)[-1]
        try:
            parsed = parse_progress(text)
        except NotProgress as problem:
            problems.append(
                _("{name} in the cohort calendar: {problem}").format(name=name, problem=problem)
            )
            continue
        if parsed is None:
            continue
        progress, when = parsed
        when = when or oldest
        known = newest.get(progress.id)
        if known is None or when > known[1]:  # the same tandem twice: the newest counts
            newest[progress.id] = (progress, when)
    ordered = sorted(newest, key=natural_order)
    return cohort_of((newest[tandem_id][0] for tandem_id in ordered), today, problems)
