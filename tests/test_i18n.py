"""Which language the app speaks: chosen as `--lang`, TANDEM_TUI_LANG and the locale say."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tandem_tui.i18n import (
    ENGLISH,
    _,
    choose,
    chrome,
    language_of,
    speech,
    speech_for,
    translation,
    use,
)


@pytest.mark.parametrize(
    ("tag", "language"),
    [
        ("de", "de"),
        ("DE", "de"),
        ("de_DE.UTF-8", "de"),
        ("de_AT.UTF-8", "de"),
        ("de-at", "de"),
        ("de_CH.UTF-8", "de_CH"),
        ("de_CH@euro", "de_CH"),
        ("de-ch", "de_CH"),
        ("en", "en"),
        ("en_GB.UTF-8", "en"),
        ("fr_FR.UTF-8", None),
        ("C", None),
        ("C.UTF-8", None),
        ("POSIX", None),
        ("", None),
        (None, None),
        ("deutsch", None),
    ],
)
def test_a_locale_names_its_language(tag: str | None, language: str | None) -> None:
    assert language_of(tag) == language


@pytest.mark.parametrize(
    ("option", "environ", "language"),
    [
        (None, {}, ENGLISH),
        (None, {"LANG": "de_DE.UTF-8"}, "de"),
        (None, {"LANG": "de_CH.UTF-8"}, "de_CH"),
        ("en", {"LANG": "de_DE.UTF-8"}, "en"),  # --lang en gives English back
        ("de", {"LANG": "en_US.UTF-8"}, "de"),
        (None, {"TANDEM_TUI_LANG": "de", "LANG": "en_US.UTF-8"}, "de"),
        ("en", {"TANDEM_TUI_LANG": "de"}, "en"),
        (None, {"LANGUAGE": "fr:de_AT:en", "LANG": "en_US.UTF-8"}, "de"),
        (None, {"LANGUAGE": "fr", "LANG": "de_DE.UTF-8"}, "de"),
        # The first of LC_ALL, LC_MESSAGES and LANG that is set decides.
        (None, {"LC_ALL": "fr_FR.UTF-8", "LANG": "de_DE.UTF-8"}, ENGLISH),
        (None, {"LC_MESSAGES": "de_DE.UTF-8", "LANG": "en_US.UTF-8"}, "de"),
        (None, {"LC_ALL": "", "LANG": "de_DE.UTF-8"}, "de"),
        (None, {"LANG": "C.UTF-8"}, ENGLISH),
        ("klingon", {"LANG": "de_DE.UTF-8"}, "de"),  # an unknown option: as if not given
    ],
)
def test_the_chrome_speaks_the_language_asked_for(
    option: str | None, environ: dict[str, str], language: str
) -> None:
    assert choose(option, environ) == language


def test_english_is_the_text_as_written() -> None:
    assert translation(ENGLISH).gettext("Shared notes") == "Shared notes"
    assert translation(ENGLISH).ngettext("%d card", "%d cards", 2) == "%d cards"


def test_the_installed_package_carries_the_compiled_german_catalogue() -> None:
    import tandem_tui

    package = Path(tandem_tui.__file__).resolve().parent
    if "site-packages" not in package.parts:
        pytest.skip("running from a source tree; CI installs the wheel and runs this")
    assert (package / "locale" / "de" / "LC_MESSAGES" / "tandem_tui.mo").is_file()
    assert translation("de").gettext("options") == "Optionen"


def test_german_dates_are_written_the_german_way() -> None:
    german = speech("de")
    moment = datetime(2027, 2, 5, 17, 0, tzinfo=ZoneInfo("Europe/Berlin"))
    assert german.long_moment(moment) == "Freitag, 5. Februar 2027, 17:00"
    assert german.long_day(moment.date()) == "Freitag, 5. Februar 2027"
    assert german.numeric_day(date(2027, 12, 31)) == "31.12.2027"
    assert german.numeric_moment(moment) == "05.02.2027 17:00"
    assert german.quote("Tandem") == "„Tandem“"


def test_english_dates_keep_the_day_before_the_month_and_a_24_hour_clock() -> None:
    english = speech(ENGLISH)
    moment = datetime(2027, 2, 5, 17, 0, tzinfo=ZoneInfo("Europe/Berlin"))
    assert english.long_moment(moment) == "Friday, 5 February 2027, 17:00"
    assert english.numeric_day(date(2027, 12, 31)) == "2027-12-31"
    assert english.quote("tandem") == "“tandem”"


def test_swiss_german_writes_ss_for_the_sharp_s() -> None:
    swiss = speech("de_CH")
    german = speech("de")
    catalogue = german.catalogue._catalog  # type: ignore[attr-defined]
    written = [(i, t) for i, t in catalogue.items() if isinstance(i, str) and i and "ß" in t]
    assert written, "the German catalogue has no ß to test with"
    for message_id, text in written:
        expected = text.replace("ß", "ss").replace("„", "«").replace("“", "»")
        assert swiss.gettext(message_id) == expected
    assert swiss.swiss("Grüße") == "Grüsse"
    assert german.swiss("Grüße") == "Grüße"
    assert swiss.quote("Tandem") == "«Tandem»"


def test_a_tandem_speaks_its_program_language_in_the_chrome_variant() -> None:
    use("de_CH")
    assert speech_for("de").language == "de_CH"  # a Swiss machine writes a German tandem Swiss
    assert speech_for("en-GB").language == ENGLISH
    assert speech_for("fr").language == ENGLISH  # no catalogue: English
    use(ENGLISH)
    assert speech_for("de").language == "de"
    assert speech_for("de-CH").language == "de_CH"


def test_the_chrome_follows_use() -> None:
    use("de")
    assert _("options") == "Optionen"
    assert chrome().language == "de"
    use(ENGLISH)
    assert _("options") == "options"


def test_the_systems_reasons_are_german_in_german_and_its_own_in_english() -> None:
    import errno

    from tandem_tui.i18n import os_reason

    missing = FileNotFoundError(errno.ENOENT, "No such file or directory", "x")
    odd = OSError(errno.EXDEV, "Invalid cross-device link")
    assert os_reason(missing) == "No such file or directory"
    use("de")
    assert os_reason(missing) == "Datei oder Ordner gibt es nicht"
    assert os_reason(odd) == "Invalid cross-device link"  # unknown: the system's words
    use(ENGLISH)
