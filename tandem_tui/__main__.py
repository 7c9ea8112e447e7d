"""Entry point of the `tandem-tui` command."""

from __future__ import annotations

import sys

from tandem_tui.cli import run


def main() -> None:
    sys.exit(run(sys.argv[1:]))


if __name__ == "__main__":
    main()
