"""Widgets of tandem-tui that stand alone, one per module."""
