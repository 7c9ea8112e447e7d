"""The German catalogue is complete: every text the app can show has a German
translation, none is fuzzy, each keeps its original's placeholders, and the compiled
catalogue the package ships is the one its source says."""

from __future__ import annotations

import gettext
import re
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.pofile import read_po

from tandem_tui.i18n import DOMAIN, LOCALE_DIR

SOURCE = Path(__file__).resolve().parents[1] / "tandem_tui"
PO = SOURCE / "locale" / "de" / "LC_MESSAGES" / f"{DOMAIN}.po"

_PLACEHOLDER = re.compile(r"\{[^{}]*\}|%(?:\([^)]+\))?[-#0+]*\d*(?:\.\d+)?[sdrif%]")


def strings(message: Message) -> list[str]:
    """A message's translations (one, or one per plural form); empty when untranslated."""
    found = [message.string] if isinstance(message.string, str) else list(message.string or ())
    return found if found and all(found) else []


def placeholders(text: str) -> list[str]:
    return sorted(_PLACEHOLDER.findall(text))


@pytest.fixture(scope="module")
def source_texts() -> Catalog:
    if not SOURCE.joinpath("app.py").exists():
        pytest.skip("needs the source tree")
    catalog = Catalog()
    for filename, lineno, message, _comments, context in extract_from_dir(
        str(SOURCE), method_map=[("**.py", "python")], keywords=DEFAULT_KEYWORDS
    ):
        catalog.add(message, None, [(filename, lineno)], context=context)
    return catalog


@pytest.fixture(scope="module")
def german() -> Catalog:
    with PO.open("rb") as file:
        return read_po(file, locale="de")


def test_every_text_has_a_german_translation(source_texts: Catalog, german: Catalog) -> None:
    missing = []
    for message in source_texts:
        if not message.id:
            continue
        found = german.get(message.id, context=message.context)
        if found is None or not strings(found):
            where = ", ".join(f"{f}:{n}" for f, n in message.locations)
            missing.append(f"{message.id!r} ({where})")
    assert not missing, f"{len(missing)} texts without German:\n" + "\n".join(missing)


def test_no_german_translation_is_fuzzy_or_left_over(
    source_texts: Catalog, german: Catalog
) -> None:
    fuzzy = [m.id for m in german if m.id and m.fuzzy]
    assert not fuzzy, f"fuzzy: {fuzzy}"
    obsolete = [m.id for m in german if m.id and source_texts.get(m.id, m.context) is None]
    assert not obsolete, f"no longer in the source: {obsolete}"


def test_translations_keep_the_placeholders_of_their_original(german: Catalog) -> None:
    wrong = []
    for message in german:
        if not message.id:
            continue
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        wanted = placeholders(ids[-1])
        for string in strings(message):
            if placeholders(string) != wanted and placeholders(string) != placeholders(ids[0]):
                wrong.append(f"{ids[0]!r} -> {string!r}")
    assert not wrong, "placeholders differ:\n" + "\n".join(wrong)


def test_the_shipped_catalogue_is_compiled_from_the_source(german: Catalog) -> None:
    path = LOCALE_DIR / "de" / "LC_MESSAGES" / f"{DOMAIN}.mo"
    with path.open("rb") as file:
        compiled = gettext.GNUTranslations(file)
    for message in german:
        if not message.id or not strings(message):
            continue
        if isinstance(message.id, str):
            key = message.id if not message.context else f"{message.context}\x04{message.id}"
            assert compiled._catalog.get(key) == message.string, message.id  # type: ignore[attr-defined]
        else:
            for index, string in enumerate(message.string):
                assert compiled._catalog.get((message.id[0], index)) == string, message.id  # type: ignore[attr-defined]


def test_german_texts_address_the_user_as_du(german: Catalog) -> None:
    formal = re.compile(r"\b(Sie|Ihre?[nmrs]?|Ihnen)\b")
    found = []
    for message in german:
        found += [s for s in strings(message) if formal.search(s)]
    assert not found, "formal address: " + "; ".join(found)
