"""ical.js, the iCalendar parser Thunderbird uses, as a real parser for the tests.

The npm package is installed once per machine, by the tests themselves (the `icaljs`
fixture, or the first call of `read_with_icaljs`), into a cache folder outside the
checkout: `$TANDEM_TUI_TEST_CACHE`, else `$XDG_CACHE_HOME/tandem-tui-tests`, else
`~/.cache/tandem-tui-tests`. Without `node` on the PATH (or `npm`, until it is
installed) the tests that need it are skipped, saying so. `tests/icaljs_read.mjs` reads any number of files in one
node process and prints JSON; `read_with_icaljs` returns it:

    [{"path": "a.ics", "method": "PUBLISH", "timezones": ["Europe/Berlin"],
      "events": [EVENT, ...], "todos": [TODO, ...]}, ...]

    EVENT = {"kind": "VEVENT", "uid", "summary", "status", "sequence",
             "organizer": PERSON | None, "attendees": [PERSON, ...],
             "all_day": bool, "start": MOMENT, "end": MOMENT, "alarms": [ALARM, ...]}
    TODO  = {"kind": "VTODO", same as EVENT but "due" instead of "end",
             "completed": MOMENT | None, "percent_complete": int | None}
    MOMENT = {"date_only": bool, "local": "2027-02-05T17:00:00" or "2027-02-12",
              "tzid": the zone ical.js resolved ("UTC" for Z; None for a date or a floating
                      time, which is also what an unresolved TZID becomes),
              "tzid_written": the TZID parameter as written, "utc": "2027-02-05T16:00:00Z"
              or None, "utc_offset": seconds east of UTC or None}
    ALARM  = {"action", "description", "summary", "repeat", "attendees": [PERSON, ...],
              "trigger": {"kind": "relative", "duration": "-PT15M", "seconds": -900,
                          "related": "START" | "END", "fires": MOMENT | None}
                       | {"kind": "absolute", "at": MOMENT, "fires": MOMENT}}
    PERSON = {"value": "mailto:...", "cn", "role", "partstat", "rsvp", "cutype"}

A relative trigger's `fires` is its anchor (DTSTART, or DTEND/DUE for RELATED=END) plus
the duration as ical.js adds it; None when the anchor is missing. Each file's VTIMEZONEs
are registered with ICAL.TimezoneService while that file is read, and removed after, so
every file is read with its own definitions, as Thunderbird imports a file.
"""

from __future__ import annotations

import functools
import json
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

ICALJS_VERSION = "2.2.1"
SCRIPT = Path(__file__).with_name("icaljs_read.mjs")


def _cache_root() -> Path:
    if given := os.environ.get("TANDEM_TUI_TEST_CACHE"):
        return Path(given)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "tandem-tui-tests"


# Read when the tests are collected, before the autouse `home` fixture points HOME at a
# scratch folder: the install is kept in the real cache, and npm downloads into its own.
CACHE = _cache_root()
_ENVIRONMENT = dict(os.environ)


class IcalJsError(RuntimeError):
    """ical.js could not read a file, or node failed: the message says which and why."""


@dataclass(frozen=True)
class _Install:
    module: Path | None = None  # dist/ical.js of the installed package
    skip: str | None = None  # why the tests that need ical.js are skipped
    error: str | None = None  # why installing failed, where it should have worked


def _installed(folder: Path) -> Path | None:
    package = folder / "node_modules" / "ical.js"
    try:
        version = json.loads((package / "package.json").read_text())["version"]
    except (OSError, ValueError, KeyError):
        return None
    module = package / "dist" / "ical.js"
    return module if version == ICALJS_VERSION and module.is_file() else None


def _npm_install(npm: str, root: Path, target: Path) -> Path:
    """Install into a scratch folder beside `target`, then move it in place whole: a
    run stopped half-way, or another test run installing at the same time, never
    leaves a broken copy to be used."""
    root.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=".install-", dir=root))
    try:
        done = subprocess.run(
            [
                npm,
                "install",
                "--no-audit",
                "--no-fund",
                "--ignore-scripts",
                "--prefix",
                str(scratch),
                f"ical.js@{ICALJS_VERSION}",
            ],
            env=_ENVIRONMENT,
            capture_output=True,
            text=True,
            timeout=300,
        )
        if done.returncode != 0 or _installed(scratch) is None:
            raise IcalJsError(
                f"npm install ical.js@{ICALJS_VERSION} failed (exit {done.returncode}): "
                f"{(done.stderr or done.stdout).strip()[-2000:]}"
            )
        if target.exists() and _installed(target) is None:
            shutil.rmtree(target, ignore_errors=True)  # a copy of another version, say
        try:
            scratch.rename(target)
        except OSError:  # another run was quicker: use its copy
            if _installed(target) is None:
                raise
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    module = _installed(target)
    assert module is not None
    return module


@functools.cache
def _install() -> _Install:
    if shutil.which("node") is None:
        return _Install(skip="ical.js needs Node.js: node not found on PATH")
    target = CACHE / f"ical.js-{ICALJS_VERSION}"
    if module := _installed(target):
        return _Install(module=module)
    npm = shutil.which("npm")
    if npm is None:
        return _Install(skip=f"ical.js {ICALJS_VERSION} is not installed and npm is not on PATH")
    try:
        return _Install(module=_npm_install(npm, CACHE, target))
    except (OSError, subprocess.SubprocessError, IcalJsError) as error:
        return _Install(error=str(error))


def icaljs_module() -> Path:
    """The installed ical.js (installing it on the first call of the machine); skips the
    test without Node.js, fails it when npm could not install the package."""
    install = _install()
    if install.skip:
        pytest.skip(install.skip)
    if install.error or install.module is None:
        pytest.fail(install.error or "ical.js is not installed", pytrace=False)
    return install.module


@pytest.fixture(scope="session")
def icaljs() -> Path:
    """ical.js, installed once per machine; tests that request it are skipped without
    Node.js. Requesting it is optional (`read_with_icaljs` installs too), but it installs
    before a test spends time on its calendars."""
    return icaljs_module()


def read_with_icaljs(paths: Iterable[Path | str]) -> list[dict[str, Any]]:
    """What ical.js reads in each file, in one node process, in the order given."""
    given = [str(path) for path in paths]
    module = icaljs_module()
    node = shutil.which("node")
    assert node is not None  # icaljs_module() skipped otherwise
    done = subprocess.run(
        [node, str(SCRIPT), str(module)],
        input=json.dumps(given),
        capture_output=True,
        text=True,
        timeout=300,
    )
    if done.returncode != 0:
        raise IcalJsError(f"node {SCRIPT.name} failed (exit {done.returncode}): {done.stderr}")
    files: list[dict[str, Any]] = json.loads(done.stdout)["files"]
    failed = [f"{f['path']}: {f['error']}" for f in files if "error" in f]
    if failed:
        raise IcalJsError("ical.js could not read " + "\n".join(failed))
    return files


def read_one(path: Path | str) -> dict[str, Any]:
    """What ical.js reads in one file."""
    [file] = read_with_icaljs([path])
    return file


def instant(moment: dict[str, Any] | None) -> datetime | None:
    """A MOMENT's UTC instant as an aware datetime; None for a date or a floating time."""
    if moment is None or moment["utc"] is None:
        return None
    return datetime.fromisoformat(moment["utc"])
