"""Which language, and its translations: gettext catalogues, extracted and compiled
with Babel, in `tandem_tui/locale/<lang>/LC_MESSAGES/tandem_tui.mo`.

The app's own chrome (screens, keys, messages, `--help`) speaks the language chosen
at the start (`choose`): `--lang`, else `TANDEM_TUI_LANG`, else the locale
(`LANGUAGE`, then the first set of `LC_ALL`, `LC_MESSAGES`, `LANG`), else English.
What belongs to a tandem (its meeting, minutes, calendar) speaks its program's
language whatever the chrome: `translation(language)` gives either.

Swiss German (`de_CH`) is German written with "ss" for "ß": its own catalogue,
falling back to German's for anything it lacks.
"""

from __future__ import annotations

import functools
import gettext
import os
import re
from collections.abc import Mapping
from pathlib import Path

DOMAIN = "tandem_tui"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
#: What `choose` can answer: the languages with a catalogue, and English.
LANGUAGES = ("en", "de", "de_CH")
ENGLISH = "en"

_TAG = re.compile(r"^(?P<language>[A-Za-z]{2,3})(?:[_-](?P<region>[A-Za-z]{2}|\d{3}))?(?:[.@].*)?$")


def language_of(tag: str | None) -> str | None:
    """The supported language a locale or language tag names: `de_CH.UTF-8` and
    `de-ch` are "de_CH", `de_AT` and `DE` are "de", `en_GB` is "en"; None for what is
    none of them (`C`, `POSIX`, `fr_FR`, empty)."""
    match = _TAG.match((tag or "").strip())
    if match is None:
        return None
    language = match["language"].lower()
    region = (match["region"] or "").upper()
    if language == "de":
        return "de_CH" if region in ("CH", "LI") else "de"
    if language == "en":
        return ENGLISH
    return None


def choose(option: str | None = None, environ: Mapping[str, str] | None = None) -> str:
    """The chrome's language: `option` (`--lang`), else the environment, else English.

    `LANGUAGE` is a list (`de_CH:de:en`): its first supported entry wins. Then the
    first of `LC_ALL`, `LC_MESSAGES` and `LANG` that is set decides, as the C library
    lets it: a French locale gives English, not the German of a `LANG` behind it.
    """
    env = os.environ if environ is None else environ
    for wanted in (option, env.get("TANDEM_TUI_LANG")):
        if wanted and (language := language_of(wanted)):
            return language
    for entry in env.get("LANGUAGE", "").split(":"):
        if language := language_of(entry):
            return language
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        if env.get(name):
            return language_of(env[name]) or ENGLISH
    return ENGLISH


@functools.cache
def translation(language: str) -> gettext.NullTranslations:
    """The translations into `language` (English: the texts as written)."""
    if language == ENGLISH:
        return gettext.NullTranslations()
    chain = [language, language.split("_")[0]] if "_" in language else [language]
    return gettext.translation(DOMAIN, LOCALE_DIR, languages=chain, fallback=True)
