"""A tandem across machines: two-way sync with a CalDAV calendar. Core: no Textual.

    dav.py      the calendar on the server: listing by sync token, reading, writing
                with If-Match / If-None-Match, every failure one line (SyncError)
    items.py    what a tandem is in its calendar (meetings, follow-ups, the record,
                the minutes), and back; never a private note or a takeaway
    merge.py    three-way merges of what both sides changed
    engine.py   one tandem's sync, after vdirsyncer's algorithm
    service.py  links, passwords, joining, a whole sync: what the shell and app call
    cohort.py   the facilitator's progress objects and the report made from them

`caldav` is imported only when a sync starts: the app's start does not wait for it.
"""
