"""The footer rebuilds its keys only when what it shows changes, and then always."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Button, Input

from tandem_tui.widgets.footer import Footer, KeyHint


class Field(Input):
    BINDINGS = [Binding("ctrl+y", "clear", "Clear field")]

    def action_clear(self) -> None:
        self.value = ""


class Keys(App[None]):
    BINDINGS = [Binding("ctrl+w", "bell", "Ring")]

    def compose(self) -> ComposeResult:
        yield Button("one", id="one")
        yield Button("two", id="two")
        yield Field(id="field")
        yield Footer()


def key_labels(app: App[None]) -> list[str]:
    return [key.description for key in app.screen.query(KeyHint)]


async def test_focus_between_widgets_with_the_same_keys_keeps_the_footer() -> None:
    app = Keys()
    async with app.run_test() as pilot:
        await pilot.pause()
        footer = app.query_one(Footer)
        keys = list(app.screen.query(KeyHint))
        assert "Ring" in key_labels(app)
        app.set_focus(app.query_one("#two"))
        await pilot.pause()
        assert list(app.screen.query(KeyHint)) == keys, "the same key widgets, not rebuilt"
        assert footer.is_attached


async def test_a_focus_change_that_brings_new_keys_shows_them() -> None:
    app = Keys()
    async with app.run_test() as pilot:
        await pilot.pause()
        assert "Clear field" not in key_labels(app)
        app.set_focus(app.query_one("#field"))
        await pilot.pause()
        assert "Clear field" in key_labels(app)
        app.set_focus(app.query_one("#one"))
        await pilot.pause()
        assert "Clear field" not in key_labels(app)
        assert "Ring" in key_labels(app)


class Narrow(App[None]):
    BINDINGS = [Binding("ctrl+w", "bell", "Ring")]

    def compose(self) -> ComposeResult:
        yield Button("one")
        yield Footer(compact=True, palette_from_width=100)


async def test_the_palette_key_makes_room_on_a_narrow_terminal() -> None:
    app = Narrow()
    async with app.run_test(size=(80, 10)) as pilot:
        await pilot.pause()
        assert key_labels(app) == ["Ring"]
        await pilot.resize_terminal(120, 10)
        await pilot.pause()
        assert key_labels(app) == ["Ring", "palette"]
        await pilot.resize_terminal(90, 10)
        await pilot.pause()
        assert key_labels(app) == ["Ring"]
