"""Which language, and its translations: gettext catalogues, extracted and compiled
with Babel, in `tandem_tui/locale/<lang>/LC_MESSAGES/tandem_tui.mo`.

The app's own chrome (screens, keys, messages, `--help`) speaks the language chosen
at the start (`choose`, then `use`): `--lang`, else `TANDEM_TUI_LANG`, else the locale
(`LANGUAGE`, then the first set of `LC_ALL`, `LC_MESSAGES`, `LANG`), else English.
Chrome texts are written `_("...")` and `ngettext(...)`, from this module.

What belongs to a tandem (its meeting, end screen, minutes, calendar) speaks its
program's language whatever the chrome: `speech_for(program.language)` gives a
`Speech`, and such texts are written `speech.gettext("...")`. Texts defined before
the language is known (bindings, tables of messages) are marked `N_("...")` and
translated where they are shown.

Swiss German (`de_CH`) is German written with "ss" for "ß": German's catalogue, the
letter replaced as the text is looked up.
"""

from __future__ import annotations

import errno
import functools
import gettext
import os
import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
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
    german = gettext.translation(DOMAIN, LOCALE_DIR, languages=[language.split("_")[0]])
    return _Swiss(german) if language == "de_CH" else german


# The single marks by their code points (low-9 and left single quotation marks).
_SWISS = str.maketrans({"ß": "ss", "„": "«", "“": "»", "\u201a": "\u2039", "\u2018": "\u203a"})


class _Swiss(gettext.NullTranslations):
    """German as written in Switzerland: "ss" where Germany writes "ß", «guillemets»
    where it writes „these“."""

    def __init__(self, german: gettext.NullTranslations) -> None:
        super().__init__()
        self._german = german

    def gettext(self, message: str) -> str:
        return self._german.gettext(message).translate(_SWISS)

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        return self._german.ngettext(msgid1, msgid2, n).translate(_SWISS)

    def pgettext(self, context: str, message: str) -> str:
        return self._german.pgettext(context, message).translate(_SWISS)

    def npgettext(self, context: str, msgid1: str, msgid2: str, n: int) -> str:
        return self._german.npgettext(context, msgid1, msgid2, n).translate(_SWISS)


# Dates: Babel's names of days and months, in patterns of our own so that every
# screen writes the same: "Friday, 5 February 2027, 17:00", "Freitag, 5. Februar
# 2027, 17:00". A 24-hour clock in both. Numeric dates need no Babel (it takes longer
# to import than the home screen to draw): ISO in English, 31.12.2027 in German.
_PATTERNS = {
    "en": {"day": "EEEE, d MMMM y", "moment": "EEEE, d MMMM y, HH:mm", "short": "EEE d MMM"},
    "de": {"day": "EEEE, d. MMMM y", "moment": "EEEE, d. MMMM y, HH:mm", "short": "EEE d. MMM"},
}
_QUOTES = {"en": ("“", "”"), "de": ("„", "“"), "de_CH": ("«", "»")}


@dataclass(frozen=True)
class Speech:
    """One language's words: its catalogue, its dates and its quotation marks."""

    language: str
    catalogue: gettext.NullTranslations

    @property
    def base(self) -> str:
        """The language without its region: "de" for Swiss German."""
        return self.language.split("_")[0]

    def gettext(self, message: str) -> str:
        return self.catalogue.gettext(message)

    def ngettext(self, singular: str, plural: str, number: int) -> str:
        return self.catalogue.ngettext(singular, plural, number)

    def pgettext(self, context: str, message: str) -> str:
        return self.catalogue.pgettext(context, message)

    def swiss(self, text: str) -> str:
        """A text written elsewhere (an agenda) as this language writes it."""
        return text.replace("ß", "ss") if self.language == "de_CH" else text

    def quote(self, text: str) -> str:
        """`text` in this language's quotation marks: “this”, „dies“, «dies»."""
        opening, closing = _QUOTES.get(self.language, _QUOTES[self.base])
        return f"{opening}{text}{closing}"

    def _babel(self, value: date | datetime, kind: str) -> str:
        from babel.dates import format_date, format_datetime

        pattern = _PATTERNS[self.base if self.base in _PATTERNS else ENGLISH][kind]
        if isinstance(value, datetime):
            return format_datetime(value, pattern, tzinfo=value.tzinfo, locale=self.language)
        return format_date(value, pattern, locale=self.language)

    def long_day(self, day: date) -> str:
        """ "Friday, 5 February 2027"; "Freitag, 5. Februar 2027"."""
        return self._babel(day, "day")

    def long_moment(self, when: datetime) -> str:
        """ "Friday, 5 February 2027, 17:00"; "Freitag, 5. Februar 2027, 17:00"."""
        return self._babel(when, "moment")

    def short_day(self, day: date) -> str:
        """ "Fri 5 Feb"; "Fr. 5. Feb."."""
        return self._babel(day, "short")

    def numeric_day(self, day: date) -> str:
        """ "2027-12-31"; "31.12.2027": as dates are typed in this language."""
        return day.isoformat() if self.base == ENGLISH else f"{day:%d.%m.%Y}"

    def numeric_moment(self, when: datetime) -> str:
        """ "2027-12-31 17:00"; "31.12.2027 17:00"."""
        return f"{self.numeric_day(when.date())} {when:%H:%M}"

    @staticmethod
    def clock(when: datetime) -> str:
        """ "17:00" in every language."""
        return f"{when:%H:%M}"


@functools.cache
def speech(language: str) -> Speech:
    """The `Speech` of a supported language ("en", "de", "de_CH")."""
    return Speech(language, translation(language))


_chrome = Speech(ENGLISH, gettext.NullTranslations())


def use(language: str) -> None:
    """Make `language` the chrome's, for `_`, `ngettext` and argparse's own phrases."""
    global _chrome
    _chrome = speech(language)
    if "argparse" in sys.modules:
        argparse_speaks()


def argparse_speaks() -> None:
    """argparse's own phrases ("usage:", "options") in the chrome's language."""
    import argparse

    # argparse looks its phrases up through these names at the time it writes them.
    argparse._ = _chrome.gettext  # type: ignore[attr-defined]
    argparse.ngettext = _chrome.ngettext  # type: ignore[attr-defined]


def chrome() -> Speech:
    """The chrome's `Speech`."""
    return _chrome


def speech_for(program_language: str | None) -> Speech:
    """The `Speech` of a tandem whose program is written in `program_language`.

    A German program speaks the chrome's German where the chrome speaks German
    (Swiss on a Swiss machine); a language without a catalogue speaks English.
    """
    language = language_of(program_language) or ENGLISH
    if language.split("_")[0] == _chrome.base:
        return _chrome
    return speech(language)


def speech_of(screen: object) -> Speech:
    """The language `screen` speaks: a tandem's own where it has one (`screen.speech`,
    its meeting and the dialogs over it), else the chrome's."""
    own = getattr(screen, "speech", None)
    return own if isinstance(own, Speech) else _chrome


def _(message: str) -> str:
    """`message` in the chrome's language."""
    return _chrome.gettext(message)


def ngettext(singular: str, plural: str, number: int) -> str:
    """The form for `number` of a counted text, in the chrome's language."""
    return _chrome.ngettext(singular, plural, number)


def pgettext(context: str, message: str) -> str:
    """`message` in the chrome's language, where the same English needs two translations."""
    return _chrome.pgettext(context, message)


def N_(message: str) -> str:
    """Marks `message` for translation where it is written; it is translated where shown."""
    return message


#: The system's reasons for a failed file or network operation, in words a user can
#: translate: the C library gives them in English only (`strerror`).
_OS_REASONS = {
    errno.ENOENT: N_("No such file or directory"),
    errno.EACCES: N_("Permission denied"),
    errno.EPERM: N_("Operation not permitted"),
    errno.EEXIST: N_("File exists"),
    errno.ENOSPC: N_("No space left on device"),
    errno.EROFS: N_("Read-only file system"),
    errno.ENOTDIR: N_("Not a directory"),
    errno.EISDIR: N_("Is a directory"),
    errno.ENAMETOOLONG: N_("File name too long"),
    errno.ECONNREFUSED: N_("Connection refused"),
    errno.ETIMEDOUT: N_("Connection timed out"),
    errno.EHOSTUNREACH: N_("No route to host"),
}


def os_reason(error: OSError, speech: Speech | None = None) -> str:
    """Why `error` happened, in `speech` (the chrome's): the system's own words in
    English, a translation of the common ones in the other languages."""
    words = speech or _chrome
    known = _OS_REASONS.get(error.errno or 0)
    if known is None or words.base == ENGLISH:
        return error.strerror or str(error)
    return words.gettext(known)
