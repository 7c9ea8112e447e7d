"""tandem-tui: guides reverse-mentoring tandems through structured meetings."""

# The one place the version is written; pyproject.toml reads it from here. A literal,
# not importlib.metadata: that import alone costs a tenth of the app's start.
__version__ = "0.1.0"

APP_NAME = "tandem-tui"
