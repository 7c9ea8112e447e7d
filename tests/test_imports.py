"""The house has no circles: the package's imports point down, the core never imports Textual,
and a plain start or `--version` imports no more than it needs.

Arrows point down only: the command line (`__main__`, `cli/`) over the app (`app.py`),
over the screens, over the widgets, over the core. The import graph is read from the
source (every `import` at any depth, inside functions too, except under
`if TYPE_CHECKING:`), so an import put off into a function still counts: two modules
that import each other, even late, are one module in two files. As harlequin's
import-hygiene test does, a cycle fails with the modules it joins.
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import tandem_tui

PACKAGE = Path(tandem_tui.__file__).parent

# The core: the domain, the data and what is written out. Testable and usable from
# the command line alone; it never imports Textual or Rich, nor anything above it.
CORE = {
    "tandem_tui",
    "tandem_tui.actions",
    "tandem_tui.agendas",
    "tandem_tui.authoring",
    "tandem_tui.calendar_words",
    "tandem_tui.clock",
    "tandem_tui.dates",
    "tandem_tui.demo",
    "tandem_tui.export",
    "tandem_tui.invite",
    "tandem_tui.i18n",
    "tandem_tui.journal",
    "tandem_tui.library",
    "tandem_tui.mailer",
    "tandem_tui.meeting",
    "tandem_tui.minutes",
    "tandem_tui.model",
    "tandem_tui.paths",
    "tandem_tui.records",
    "tandem_tui.report",
    "tandem_tui.schema",
    "tandem_tui.shutdown",
    "tandem_tui.storage",
    "tandem_tui.store",
    "tandem_tui.sync",
    "tandem_tui.sync.cohort",
    "tandem_tui.sync.dav",
    "tandem_tui.sync.engine",
    "tandem_tui.sync.items",
    "tandem_tui.sync.merge",
    "tandem_tui.sync.service",
    "tandem_tui.tandems",
    "tandem_tui.text",
    "tandem_tui.textual_texts",
    "tandem_tui.vault",
    "tandem_tui.zones",
}
# The layers over the core, top first; a module imports from its own layer or below.
LAYERS = {
    "entry": ("tandem_tui.__main__", "tandem_tui.cli"),
    # The app's background sync is part of the app, in a module of its own.
    "app": ("tandem_tui.app", "tandem_tui.sync_worker"),
    "screens": ("tandem_tui.screens",),
    "widgets": ("tandem_tui.widgets", "tandem_tui.paste_guard"),
}
RANK = {"entry": 4, "app": 3, "screens": 2, "widgets": 1, "core": 0}
UI_LIBRARIES = ("textual", "rich")  # Rich is Textual's drawing: the core draws nothing


def module_names() -> dict[str, Path]:
    """Every module of the package by its dotted name (a package by its own name)."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


MODULES = module_names()


def layer_of(module: str) -> str:
    if module in CORE:
        return "core"
    for layer, prefixes in LAYERS.items():
        if any(module == p or module.startswith(p + ".") for p in prefixes):
            return layer
    raise AssertionError(f"{module} is in no layer: add it to CORE or LAYERS in {__file__}")


def is_type_checking(test: ast.expr) -> bool:
    """`if TYPE_CHECKING:` or `if typing.TYPE_CHECKING:`."""
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def imported(tree: ast.AST, module: str, *, typing_too: bool = False) -> Iterator[str]:
    """The dotted names `module` imports anywhere in `tree`, in functions too; names under
    `if TYPE_CHECKING:` only with `typing_too` (they are never imported when it runs)."""
    is_package = MODULES.get(module, Path()).name == "__init__.py"
    todo: list[ast.AST] = [tree]
    while todo:
        node = todo.pop()
        if isinstance(node, ast.If) and is_type_checking(node.test) and not typing_too:
            todo.extend(node.orelse)
            continue
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: from the module's own package upwards
                here = module.split(".") if is_package else module.split(".")[:-1]
                kept = here[: len(here) - node.level + 1]
                base = ".".join([*kept, base] if base else kept)
            # `from tandem_tui.cli import agenda` imports the module agenda, and
            # `from tandem_tui.model import Tandem` the module model: the longest
            # prefix that is a module counts, never the package on the way to it.
            yield from (f"{base}.{alias.name}" for alias in node.names)
        todo.extend(ast.iter_child_nodes(node))


def ours(name: str) -> str | None:
    """The module of the package `name` is, or is in (`tandem_tui.model.Tandem`: model)."""
    while name:
        if name in MODULES:
            return name
        name = name.rpartition(".")[0]
    return None


def import_graph() -> dict[str, set[str]]:
    """Module -> the modules of the package it imports when it runs."""
    graph: dict[str, set[str]] = {}
    for module, path in MODULES.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        targets = {ours(name) for name in imported(tree, module) if name.startswith("tandem_tui")}
        graph[module] = {t for t in targets if t is not None and t != module}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for target in sorted(graph[module]):
            if target not in index:
                visit(target)
                low[module] = min(low[module], low[target])
            elif target in on_stack:
                low[module] = min(low[module], index[target])
        if low[module] == index[module]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == module:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for module in sorted(graph):
        if module not in index:
            visit(module)
    return found


def test_the_graph_sees_imports_inside_functions_but_not_those_for_typing_only() -> None:
    code = """
from typing import TYPE_CHECKING
import tandem_tui.model
if TYPE_CHECKING:
    from tandem_tui.store import Store
else:
    from tandem_tui import text
def later():
    from tandem_tui.app import TandemApp
    from . import clock
"""
    found = {ours(n) for n in imported(ast.parse(code), "tandem_tui.screens.x")}
    assert found == {
        None,
        "tandem_tui.model",
        "tandem_tui.text",
        "tandem_tui.app",
        "tandem_tui.screens",
    }
    # A cycle through a function's import is found, and named by its modules.
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycle_among_the_package_modules() -> None:
    found = cycles(import_graph())
    assert not found, "modules that import each other (cut the knot): " + "; ".join(
        " <-> ".join(component) for component in found
    )


def test_every_module_has_its_layer() -> None:
    assert not CORE - set(MODULES), f"gone from the package: {sorted(CORE - set(MODULES))}"
    for module in MODULES:
        layer_of(module)


def test_imports_point_down_from_the_command_line_to_the_core() -> None:
    upward = [
        f"{module} ({layer_of(module)}) imports {target} ({layer_of(target)})"
        for module, targets in import_graph().items()
        for target in sorted(targets)
        if RANK[layer_of(target)] > RANK[layer_of(module)]
    ]
    assert not upward, "\n".join(upward)


def test_no_screen_or_widget_imports_the_app() -> None:
    # Screens type the app as tandem_tui.screens.host.Host; only for mypy may they name it.
    for module, targets in import_graph().items():
        if layer_of(module) in ("screens", "widgets"):
            assert "tandem_tui.app" not in targets, module


@pytest.mark.parametrize("module", sorted(CORE))
def test_the_core_never_imports_textual(module: str) -> None:
    path = MODULES[module]
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    names = set(imported(tree, module, typing_too=True))
    drawn = sorted(n for n in names if n.split(".")[0] in UI_LIBRARIES)
    assert not drawn, f"{module} imports {drawn}"


def importtime_modules(stderr: str) -> list[str]:
    """The modules `python -X importtime` reported as imported, in order."""
    return re.findall(r"import time:\s+\d+ \|\s+\d+ \| +([\w.]+)", stderr)


def test_version_imports_nothing_of_ours_but_the_entry_point() -> None:
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "tandem_tui", "--version"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout == f"tandem-tui {tandem_tui.__version__}\n"
    loaded = importtime_modules(result.stderr)
    assert "tandem_tui" in loaded, "no import report read"
    assert [m for m in loaded if m.startswith("tandem_tui")] == ["tandem_tui", "tandem_tui.cli"]
    assert "argparse" not in loaded and "textual" not in loaded


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX terminal")
def test_a_plain_start_opens_the_app_without_the_parser_or_any_command(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from conftest import make_tandem
    from test_terminal import Terminal

    from tandem_tui.store import Store

    with Store.open(home) as store:
        store.add_tandem(make_tandem())
    monkeypatch.setenv("PYTHONPROFILEIMPORTTIME", "1")  # each import reported on stderr
    terminal = Terminal([])
    try:
        terminal.read_until("Lena Vogel & Markus Brandt")
        terminal.type("\x11")  # Ctrl+Q
        assert terminal.gone_within(10)
        terminal.read_ready()
    finally:
        terminal.close()
    shown = terminal.screen.decode(errors="replace").replace("\r", "")
    loaded = importtime_modules(shown)
    assert "tandem_tui.screens.home" in loaded, "the app's own imports were not seen"
    commands = [m for m in loaded if m.startswith("tandem_tui.cli.")]
    assert commands == ["tandem_tui.cli.common", "tandem_tui.cli.launch"]
    assert "argparse" not in loaded


MOST_LINES = 700


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_module_is_over_700_lines(module: str) -> None:
    lines = len(MODULES[module].read_text(encoding="utf-8").splitlines())
    assert lines <= MOST_LINES, f"{module} has {lines} lines: two things in one file?"
