"""`sync --all` of a cohort, against the plain HTTP requests a sync cannot do without.

34 tandems like real ones (one or two sessions held, with shared notes on four cards
and a private note; 5 to 10 follow-ups, some ticked off; the next meeting set, so a
series of six is planned), each linked to a calendar of its own on a Radicale this
script starts on a free port with a password (as the tests do). Timed, as a user
runs it (a new process): the first sync, which sends everything, and a sync right
after it, with nothing to do.

The baseline, in the same run, is what the server has to be asked at least, sent from
a bare Python process over one kept-alive connection with the password sent up front
(http.client, nothing else imported):

    first sync   one PUT (If-None-Match: *) of each object the sync stored, the same
                 bytes, into fresh calendars: the server's own work for the data,
                 which no client can avoid
    no change    one REPORT sync-collection with the calendar's current sync token
                 per tandem: the least a client can ask to learn that nothing changed

So the ratio is the client's cost over the server's: starting up, reading the store,
building and comparing the objects, keeping the sync state, and the requests it makes
beyond the minimum. A baseline of `export --all` would leave the server out, and the
server's work is most of a first sync; PROPFINDs alone would leave out the data.
Requests are counted in an untimed run first, from the server's log. For reference,
`sync status` is timed too: the start and reading the links, without a request.

    python -m bench.sync [--runs 3] [--tandems 34]

Not a test: it prints figures and never fails on a timing.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from tandem_tui.clock import ManualClock
from tandem_tui.library import Library, load_library
from tandem_tui.meeting import Meeting
from tandem_tui.model import FollowUp, NoteKind, Owner, Participant, Role, Tandem
from tandem_tui.store import Store

TANDEMS = 34
USER, PASSWORD = "facilitator", "Bench-Passwort-2026"
BERLIN = ZoneInfo("Europe/Berlin")
NOTES = (
    "Introductions: apprentice in IT, 2nd year; head of purchasing, 22 years here.",
    "Ground rules: discretion without exception, no reporting line.",
    "Wants to stop printing mails and try the team chat; showed the channels.",
    "How budgets get decided: the yearly round, who signs what.",
)

# A bare client: the requests of the baseline, one connection, Basic auth up front.
PLAIN = textwrap.dedent(
    """
    import base64, http.client, json, sys
    port, auth, work = int(sys.argv[1]), sys.argv[2], json.load(open(sys.argv[3]))
    connection = http.client.HTTPConnection("127.0.0.1", port)
    for method, path, headers, body in work:
        connection.request(method, path, body.encode(), {"Authorization": auth, **headers})
        response = connection.getresponse()
        response.read()
        if response.status >= 400:
            sys.exit(f"{method} {path}: {response.status}")
    """
)

# the server -------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def start_radicale(folder: Path, port: int, log: Path | None = None) -> subprocess.Popen[bytes]:
    """Radicale on `port`; with `log`, each request is written there (for counting)."""
    users = folder / "users"
    users.write_text(f"{USER}:{PASSWORD}\n")
    config = folder / "config"
    config.write_text(
        f"[server]\nhosts = 127.0.0.1:{port}\n"
        f"[auth]\ntype = htpasswd\nhtpasswd_filename = {users}\n"
        "htpasswd_encryption = plain\ndelay = 0\n"
        f"[storage]\nfilesystem_folder = {folder / 'collections'}\n"
        f"[logging]\nlevel = {'info' if log else 'error'}\n"
    )
    output = log.open("wb") if log else subprocess.DEVNULL
    server = subprocess.Popen(
        [sys.executable, "-m", "radicale", "--config", str(config)],
        stdout=output,
        stderr=output,
    )
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return server
        except OSError:
            time.sleep(0.05)
    server.kill()
    raise RuntimeError("Radicale did not start")


def stop(server: subprocess.Popen[bytes]) -> None:
    server.terminate()
    server.wait(timeout=10)


def requests_in(log: Path) -> int:
    """How many requests the server answered so far (a 401 asking for the password too)."""
    return log.read_text("utf-8", "replace").count("response status for")


# the cohort -------------------------------------------------------------------------------


def seed(home: Path, library: Library, count: int) -> None:
    """`count` tandems, each with its held sessions, notes, follow-ups and next meeting."""
    today = date.today()
    with Store.open(home) as store:
        for n in range(count):
            tandem = Tandem(
                id=f"tandem-{n:02d}",
                mentor=Participant(f"Mentor {n}", f"mentor{n}@example.org"),
                mentee=Participant(f"Mentee {n}", f"mentee{n}@example.org"),
                program="reverse-mentoring-de" if n % 2 else "reverse-mentoring-en",
                goals=("Use the team chat instead of e-mail", "Understand the trainees"),
            )
            store.add_tandem(tandem)
            held = 1 + n % 2
            followups = 5 + n % 6
            for number in range(held):
                start = datetime(2026, 9, 4, 17, 0, tzinfo=BERLIN) + timedelta(weeks=4 * number)
                clock = ManualClock(start)
                meeting = Meeting.open(store, library, tandem, clock)
                meeting.resume()
                for note in NOTES:
                    meeting.save_note(note)
                    clock.advance(12 * 60)
                    meeting.next_card()
                meeting.save_note("Nervous before the feedback.", NoteKind.PRIVATE, Role.MENTEE)
                meeting.end(next_meeting=start + timedelta(weeks=4))
                tandem = meeting.tandem
            for k in range(followups):
                followup = FollowUp(
                    f"Follow-up {k}: try the team chat, then report back",
                    owner=list(Owner)[k % 3],
                    due=today + timedelta(days=3 + k),
                    session=held,
                )
                store.save_followup(tandem.id, followup.done() if k % 4 == 0 else followup)


def link_all(home: Path, library: Library, port: int, run: int) -> list[str]:
    """Link every tandem to a new, empty calendar of its own; their paths."""
    from tandem_tui.sync import service

    paths = []
    with Store.open(home) as store:
        for tandem_id in store.tandem_ids():
            path = f"/{USER}/run-{run}-{tandem_id}/"
            link = service.Link(f"http://127.0.0.1:{port}{path}", USER)
            service.set_up(store, tandem_id, link, PASSWORD)
            paths.append(path)
    return paths


def tokens(home: Path) -> list[str]:
    with Store.open(home, readonly=True) as store:
        return [str(store.sync_state(t).get("token", "")) for t in store.tandem_ids()]


def stored_objects(collections: Path, paths: list[str]) -> list[tuple[str, str]]:
    """What the sync stored in each calendar: (its calendar's path, the object's text)."""
    found = []
    for path in paths:
        folder = collections / "collection-root" / path.strip("/")
        found += [(path, f.read_text("utf-8")) for f in sorted(folder.glob("*.ics"))]
    return found


# timing -------------------------------------------------------------------------------------


def timed(command: list[str], env: dict[str, str], nothing_to_do: bool = False) -> float:
    """Seconds `command` took; with `nothing_to_do`, checks that each tandem said so (a
    no-change sync that did something would not be one)."""
    started = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"{command[2:]} failed: {done.stderr[-500:]}")
    if nothing_to_do and any(
        not line.endswith(": up to date") for line in done.stdout.split("\n")[:-1]
    ):
        raise RuntimeError(f"the no-change sync changed something: {done.stdout[-500:]}")
    return elapsed


def plain_requests(
    scratch: Path, port: int, work: list[tuple[str, str, dict[str, str], str]]
) -> float:
    script, listing = scratch / "plain.py", scratch / "work.json"
    script.write_text(PLAIN)
    listing.write_text(json.dumps(work))
    auth = "Basic " + base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
    return timed([sys.executable, str(script), str(port), auth, str(listing)], {**os.environ})


def sync_collection(token: str) -> str:
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<d:sync-collection xmlns:d="DAV:">'
        f"<d:sync-token>{token}</d:sync-token><d:sync-level>1</d:sync-level>"
        "<d:prop><d:getetag/></d:prop></d:sync-collection>"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="timed runs of each (default 3)")
    parser.add_argument("--tandems", type=int, default=TANDEMS, help=f"default {TANDEMS}")
    args = parser.parse_args()
    count = args.tandems
    port = free_port()
    with tempfile.TemporaryDirectory() as scratch_name:
        scratch = Path(scratch_name)
        home, folder = scratch / "home", scratch / "radicale"
        folder.mkdir()
        library = load_library(home)
        seed(home, library, count)
        env = {**os.environ, "TANDEM_TUI_HOME": str(home)}
        env["TANDEM_TUI_CALDAV_PASSWORD"] = PASSWORD
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        sync = [sys.executable, "-m", "tandem_tui", "sync", "--all"]
        # An untimed run first, on a server that logs each request: imports and disk
        # caches warm, the requests counted.
        log = scratch / "requests.log"
        server = start_radicale(folder, port, log)
        try:
            paths = link_all(home, library, port, 0)
            before = requests_in(log)
            timed(sync, env)
            after_first = requests_in(log)
            timed(sync, env, nothing_to_do=True)
            requests = (after_first - before, requests_in(log) - after_first)
            objects = len(stored_objects(folder / "collections", paths))
        finally:
            stop(server)
        server = start_radicale(folder, port)
        try:
            first, again, first_plain, again_plain, status = [], [], [], [], []
            for run in range(1, args.runs + 1):
                paths = link_all(home, library, port, run)
                first.append(timed(sync, env))
                again.append(timed(sync, env, nothing_to_do=True))
                status.append(timed([*sync[:3], "sync", "status"], env))
                stored = stored_objects(folder / "collections", paths)
                puts = [
                    (
                        "PUT",
                        f"{path.replace('run-', 'plain-')}{n}.ics",
                        {"Content-Type": "text/calendar; charset=utf-8", "If-None-Match": "*"},
                        text,
                    )
                    for n, (path, text) in enumerate(stored)
                ]
                fresh = [("MKCALENDAR", p.replace("run-", "plain-"), {}, "") for p in paths]
                plain_requests(scratch, port, fresh)  # untimed
                first_plain.append(plain_requests(scratch, port, puts))
                reports = [
                    ("REPORT", path, {"Content-Type": "application/xml"}, sync_collection(t))
                    for path, t in zip(paths, tokens(home), strict=True)
                ]
                again_plain.append(plain_requests(scratch, port, reports))
                print(f"\rrun {run} of {args.runs}", end="", file=sys.stderr, flush=True)
            print(file=sys.stderr)
        finally:
            stop(server)

    print(
        f"sync --all: {count} tandems on one Radicale ({objects} objects in their calendars), "
        f"{args.runs} runs, a new process each"
    )
    for name, ours, plain, (asked, minimum) in (
        ("first sync (sends everything)", first, first_plain, (requests[0], objects)),
        ("no-change sync", again, again_plain, (requests[1], count)),
    ):
        median, baseline = statistics.median(ours), statistics.median(plain)
        print(f"  {name}:")
        print(
            f"    tandem-tui sync --all   median {median * 1000:8.1f} ms   fastest "
            f"{min(ours) * 1000:8.1f} ms   {median / count * 1000:6.1f} ms a tandem"
            f"   {asked} requests"
        )
        print(
            f"    plain requests          median {baseline * 1000:8.1f} ms   fastest "
            f"{min(plain) * 1000:8.1f} ms   {baseline / count * 1000:6.1f} ms a tandem"
            f"   {minimum} requests"
        )
        print(f"    ratio of the medians {median / baseline:.2f}")
    print(
        f"  for reference: tandem-tui sync status (start, read the {count} links, no request)"
        f"   median {statistics.median(status) * 1000:.1f} ms"
    )


if __name__ == "__main__":
    main()
