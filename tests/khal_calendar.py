"""khal, a real calendar app, on a throwaway calendar in Berlin: the tests import the
exported files into it as a user does and read back what it lists."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

BIN = Path(sys.executable).parent


class Khal:
    """A khal calendar in `folder` (its config, its vdir, its cache), local time Berlin."""

    def __init__(self, folder: Path, name: str = "calendar") -> None:
        self.vdir = folder / name
        self.vdir.mkdir()
        config = folder / "khal.conf"
        config.write_text(
            f"[calendars]\n[[tandem]]\npath = {self.vdir}\ntype = calendar\n\n"
            "[locale]\nlocal_timezone = Europe/Berlin\ndefault_timezone = Europe/Berlin\n"
            "timeformat = %H:%M\ndateformat = %Y-%m-%d\nlongdateformat = %Y-%m-%d\n"
            "datetimeformat = %Y-%m-%d %H:%M\nlongdatetimeformat = %Y-%m-%d %H:%M\n\n"
            f"[sqlite]\npath = {folder / 'khal.db'}\n"
        )
        self.command = [str(BIN / "khal"), "-c", str(config)]

    def run(self, *args: str) -> str:
        """What khal prints for `args`; it must succeed."""
        done = subprocess.run([*self.command, *args], capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        return done.stdout

    def import_file(self, path: Path) -> None:
        self.run("import", "--batch", str(path))

    def listed(self, line_format: str, start: str, end: str) -> list[str]:
        """khal's lines for the tandem's meetings from `start` to `end`."""
        listed = self.run("list", "--format", line_format, start, end)
        return [line for line in listed.splitlines() if " Tandem " in line]
