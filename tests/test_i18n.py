"""Which language the app speaks: chosen as `--lang`, TANDEM_TUI_LANG and the locale say."""

from __future__ import annotations

import pytest

from tandem_tui.i18n import ENGLISH, choose, language_of, translation


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
