"""tandem-tui: guides reverse-mentoring tandems through structured meetings."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("tandem-tui")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+unknown"

APP_NAME = "tandem-tui"
