"""argparse's own phrases, marked here so that the catalogues carry their translations.

argparse writes them through `gettext`, which `i18n.argparse_speaks` points at the
chrome's catalogue; only the phrases a user of this command line can meet are listed.
"""

from __future__ import annotations

from tandem_tui.i18n import N_, ngettext

PHRASES = (
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("show this help message and exit"),
    N_("show program's version number and exit"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("unrecognized arguments: %s"),
    N_("not allowed with argument %s"),
    N_("ignored explicit argument %r"),
    N_("the following arguments are required: %s"),
    N_("one of the arguments %s is required"),
    N_("expected one argument"),
    N_("expected at most one argument"),
    N_("expected at least one argument"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("unexpected option string: %s"),
    N_("invalid %(type)s value: %(value)r"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("%(prog)s: error: %(message)s\n"),
    N_("can't open '%(filename)s': %(error)s"),
)


def _plurals() -> None:  # never called: marks argparse's counted phrases
    ngettext("expected %s argument", "expected %s arguments", 2)
