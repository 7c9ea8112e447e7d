"""No text reaches a screen or the terminal unmarked for translation: a string
written straight into a widget, a notification, a binding or an error would stay
English in a German app, and the catalogue test (which sees only marked texts)
could not notice."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SOURCE = Path(__file__).resolve().parents[1] / "tandem_tui"

# Calls whose first argument (or `label=`/`placeholder=`/`title=`...) a person reads.
SHOWN = {
    "Label",
    "Static",
    "Button",
    "notify",
    "UserError",
    "StoreError",
    "DateError",
    "MeetingError",
    "ExportError",
    "Binding",
    "SystemCommand",
    "print",
}
SHOWN_KEYWORDS = {"placeholder", "title", "tooltip", "label", "description", "help"}


def _name(call: ast.Call) -> str:
    if isinstance(call.func, ast.Name):
        return call.func.id
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    return ""


def _words(node: ast.AST) -> bool:
    """Whether `node` is a literal text with a word in it (not "", not "-", not an id)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        text = node.value
    elif isinstance(node, ast.JoinedStr):
        text = "".join(
            v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str)
        )
    else:
        return False
    return (sum(c.isalpha() for c in text) >= 3 and " " in text.strip()) or text.istitle()


def unmarked(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = _name(node)
        candidates: list[ast.AST] = []
        if name in SHOWN:
            if name == "Binding":
                candidates = node.args[2:3]
            elif name == "print":
                candidates = node.args[:1]
            else:
                candidates = node.args[:1]
        candidates += [k.value for k in node.keywords if k.arg in SHOWN_KEYWORDS]
        for candidate in candidates:
            if _words(candidate):
                found.append(f"{path.relative_to(SOURCE.parent)}:{node.lineno}: {name}")
    return found


GETTEXT = {"_", "N_", "gettext", "ngettext", "pgettext"}


def hidden_in_f_strings(path: Path) -> list[str]:
    """`f"{_('text')}"`: the extraction does not look into f-strings, so such a text
    never reaches the catalogue and stays English."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.JoinedStr):
            continue
        for inner in ast.walk(node):
            if (
                isinstance(inner, ast.Call)
                and _name(inner) in GETTEXT
                and any(isinstance(a, ast.Constant) for a in inner.args)
            ):
                found.append(f"{path.relative_to(SOURCE.parent)}:{inner.lineno}")
    return found


def through_an_alias(path: Path) -> list[str]:
    """`say = speech.gettext` then `say("text")`: the extraction knows only the names
    gettext, _, N_...; a text given to another name never reaches the catalogue."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    aliases = {
        target.id
        for node in ast.walk(tree)
        if isinstance(node, ast.Assign)
        and isinstance(node.value, ast.Attribute)
        and node.value.attr in GETTEXT
        for target in node.targets
        if isinstance(target, ast.Name) and target.id not in GETTEXT
    }
    return [
        f"{path.relative_to(SOURCE.parent)}:{node.lineno}: {_name(node)}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in aliases
        and any(isinstance(a, ast.Constant) for a in node.args)
    ]


def test_no_text_to_translate_is_given_to_another_name_for_gettext() -> None:
    if not SOURCE.joinpath("app.py").exists():
        pytest.skip("needs the source tree")
    found = [line for path in sorted(SOURCE.rglob("*.py")) for line in through_an_alias(path)]
    assert not found, "texts the extraction cannot see:\n" + "\n".join(found)


def test_no_text_to_translate_is_written_inside_an_f_string() -> None:
    if not SOURCE.joinpath("app.py").exists():
        pytest.skip("needs the source tree")
    found = [line for path in sorted(SOURCE.rglob("*.py")) for line in hidden_in_f_strings(path)]
    assert not found, "texts the extraction cannot see:\n" + "\n".join(found)


def test_every_shown_text_is_marked_for_translation() -> None:
    if not SOURCE.joinpath("app.py").exists():
        pytest.skip("needs the source tree")
    found = [line for path in sorted(SOURCE.rglob("*.py")) for line in unmarked(path)]
    assert not found, "texts shown without _(), gettext() or N_():\n" + "\n".join(found)
