"""`followup add|edit|list|done|reopen`: follow-ups from the shell."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING

from tandem_tui.cli.common import (
    EXIT_OK,
    Context,
    UserError,
    print_json,
    quoted,
    resolve_tandem,
    table,
    warn,
)
from tandem_tui.cli.options import action, group, lower
from tandem_tui.dates import DUE_HELP, DateError, parse_due
from tandem_tui.i18n import _, chrome, pgettext
from tandem_tui.model import FollowUp, Owner, Tandem, owner_label
from tandem_tui.store import Store
from tandem_tui.text import followup_problem

if TYPE_CHECKING:
    from tandem_tui.cli.options import Commands


# An owner's name in either language; what is stored is the English one.
_OWNER_WORDS = {"beide": Owner.BOTH.value}


def _status(followup: FollowUp) -> str:
    """A follow-up's status as the table shows it."""
    if followup.is_open:
        return pgettext("follow-up", "open")
    return pgettext("follow-up", "done")


def _what(followup: FollowUp) -> str:
    """Its text; for a version a sync kept in a conflict, with the id it disagrees with."""
    if followup.conflict_of:
        return _("{text} (conflicts with {id})").format(
            text=followup.text, id=followup.conflict_of[:8]
        )
    return followup.text


def _owner(text: str) -> str:
    """`--owner` in any case and either language: `Beide` is `both`."""
    word = lower(text)
    return _OWNER_WORDS.get(word, word)


def _due(text: str | None, today: date, allow: date | None = None) -> date | None:
    if text is None:
        return None
    try:
        return parse_due(text, today, allow=allow, speech=chrome())
    except DateError as error:
        raise UserError(_("--due: {problem}").format(problem=error)) from None


def _text(given: str) -> str:
    """The follow-up's text as typed, its spaces joined; refused when it will not do."""
    text = " ".join(given.split())
    problem = followup_problem(text, chrome())
    if problem:
        # TRANSLATORS: {problem} is a phrase as "is empty; say who does what"
        raise UserError(_("the follow-up text {problem}").format(problem=problem))
    return text


def _described(followup: FollowUp) -> str:
    """`(mentee, due 2027-12-31)`: who and when, as the confirmations say it."""
    owner = owner_label(followup.owner)
    if followup.due is None:
        return _("({owner})").format(owner=owner)
    due = chrome().numeric_day(followup.due)
    return _("({owner}, due {due})").format(owner=owner, due=due)


def cmd_followup_add(ctx: Context, args: argparse.Namespace) -> int:
    text = _text(args.text)
    due = _due(args.due, ctx.today)
    with ctx.store() as store:
        tandem = resolve_tandem(store, args.tandem)
        followup = FollowUp(text=text, owner=Owner(args.owner), due=due)
        store.save_followup(tandem.id, followup)
    owner = owner_label(followup.owner)
    if due:
        said = _("added follow-up {id} for {tandem} ({owner}, due {due})").format(
            id=followup.short_id, tandem=tandem.id, owner=owner, due=chrome().numeric_day(due)
        )
    else:
        said = _("added follow-up {id} for {tandem} ({owner})").format(
            id=followup.short_id, tandem=tandem.id, owner=owner
        )
    print(said)
    return EXIT_OK


def cmd_followup_list(ctx: Context, args: argparse.Namespace) -> int:
    with ctx.store(readonly=True) as store:
        if args.tandem:
            tandems = [resolve_tandem(store, args.tandem)]
        else:
            tandems, problems = store.tandems()
            for problem in problems:
                warn(problem)
        found = [(t, f) for t in tandems for f in store.followups(t.id) if args.all or f.is_open]
    if args.json:
        print_json(
            [{"tandem": t.id, **f.to_doc(), "overdue": f.is_overdue(ctx.today)} for t, f in found]
        )
    elif not found:
        print(_("no open follow-ups") if not args.all else _("no follow-ups"))
    else:
        speech = chrome()
        overdue = _("{due} overdue")
        table(
            [
                (
                    f.short_id,
                    t.id,
                    owner_label(f.owner),
                    overdue.format(due=speech.numeric_day(f.due))
                    if f.due and f.is_overdue(ctx.today)
                    else (speech.numeric_day(f.due) if f.due else "-"),
                    _status(f),
                    _what(f),
                )
                for t, f in found
            ],
            # TRANSLATORS: column headers of 'followup list', in capitals
            (_("ID"), _("TANDEM"), _("OWNER"), _("DUE"), _("STATUS"), _("WHAT")),
        )
    return EXIT_OK


def _followups_by_id(store: Store, given_ids: Sequence[str]) -> list[tuple[Tandem, FollowUp]]:
    """The follow-ups the ids (or their first 4+ characters) name, across all tandems."""
    tandems, _unreadable = store.tandems()
    everything = [(t, f) for t in tandems for f in store.followups(t.id)]
    found = []
    for given in given_ids:
        prefix = given.strip().lower()
        if len(prefix) < 4:
            raise UserError(
                _("follow-up id {id} is too short; give at least 4 characters").format(
                    id=quoted(given)
                )
            )
        matches = [(t, f) for t, f in everything if f.id.startswith(prefix)]
        if not matches:
            raise UserError(
                _("no follow-up with id {id}; see 'tandem-tui followup list'").format(
                    id=quoted(given)
                )
            )
        if len(matches) > 1:
            raise UserError(
                _("follow-up id {id} is ambiguous; give more characters").format(id=quoted(given))
            )
        found.append(matches[0])
    return found


def _mark_followups(ctx: Context, given_ids: Sequence[str], *, done: bool) -> int:
    with ctx.store() as store:
        for tandem, followup in _followups_by_id(store, given_ids):
            if followup.is_open != done:
                if done:
                    print(_("{id} was done already").format(id=followup.short_id))
                else:
                    print(_("{id} is open already").format(id=followup.short_id))
                continue
            store.save_followup(tandem.id, followup.done() if done else followup.reopened())
            said = _("done: {id} {text}") if done else _("open again: {id} {text}")
            print(said.format(id=followup.short_id, text=followup.text))
    return EXIT_OK


def cmd_followup_edit(ctx: Context, args: argparse.Namespace) -> int:
    """What, who or when of one follow-up: the twin of `e` in the app's follow-up list."""
    if args.text is None and args.owner is None and args.due is None and not args.no_due:
        raise UserError(_("nothing to change; give --text, --owner, --due or --no-due"))
    with ctx.store() as store:
        [(tandem, followup)] = _followups_by_id(store, [args.id])
        edited = replace(
            followup,
            text=followup.text if args.text is None else _text(args.text),
            owner=followup.owner if args.owner is None else Owner(args.owner),
            # The date it has stays acceptable even once passed: only the text may change.
            due=None if args.no_due else _due(args.due, ctx.today, followup.due) or followup.due,
            updated_at=ctx.now,
        )
        if (edited.text, edited.owner, edited.due) == (followup.text, followup.owner, followup.due):
            print(_("{id} is as given already").format(id=followup.short_id))
            return EXIT_OK
        store.save_followup(tandem.id, edited)
    print(
        _("changed follow-up {id} of {tandem}: {text} {described}").format(
            id=edited.short_id, tandem=tandem.id, text=edited.text, described=_described(edited)
        )
    )
    return EXIT_OK


def cmd_followup_done(ctx: Context, args: argparse.Namespace) -> int:
    return _mark_followups(ctx, args.ids, done=True)


def cmd_followup_reopen(ctx: Context, args: argparse.Namespace) -> int:
    return _mark_followups(ctx, args.ids, done=False)


def _due_option(parser: argparse.ArgumentParser | argparse._MutuallyExclusiveGroup) -> None:
    """`--due DATE`, as `add` and `edit` take it."""
    parser.add_argument(
        "--due",
        # TRANSLATORS: the placeholder of 'followup add --due DATE' in --help
        metavar=_("DATE"),
        help=_("{forms}; in English or German, today or later, not after 2100").format(
            forms=_(DUE_HELP)
        ),
    )


def add_commands(commands: Commands) -> None:
    """The `followup` group."""
    followup = group(commands, "followup", _("add, change, list, complete and reopen follow-ups"))
    add = action(followup, "add", cmd_followup_add, _("add a follow-up to a tandem"))
    add.add_argument("tandem", metavar="TANDEM", help=_("tandem id or part of a name"))
    add.add_argument("text", metavar="TEXT", help=_("who does what"))
    add.add_argument(
        "--owner",
        type=_owner,
        choices=[o.value for o in Owner],
        default=Owner.BOTH.value,
        help=_("mentor, mentee or both (default; also: beide), in any case"),
    )
    _due_option(add)
    edit = action(followup, "edit", cmd_followup_edit, _("change what, who or when of a follow-up"))
    edit.add_argument("id", metavar="ID", help=_("follow-up id (first 4+ characters)"))
    edit.add_argument("--text", metavar="TEXT", help=_("what is to be done, instead"))
    edit.add_argument(
        "--owner",
        type=_owner,
        choices=[o.value for o in Owner],
        help=_("mentor, mentee or both (also: beide), in any case"),
    )
    dates = edit.add_mutually_exclusive_group()
    _due_option(dates)
    dates.add_argument("--no-due", action="store_true", help=_("no due date any more"))
    listing = action(followup, "list", cmd_followup_list, _("list open follow-ups"))
    listing.add_argument("tandem", nargs="?", metavar="TANDEM", help=_("only this tandem"))
    listing.add_argument("--all", action="store_true", help=_("include done follow-ups"))
    listing.add_argument("--json", action="store_true", help=_("print JSON for scripts"))
    done = action(followup, "done", cmd_followup_done, _("mark follow-ups as done"))
    done.add_argument("ids", nargs="+", metavar="ID", help=_("follow-up id (first 4+ characters)"))
    reopen = action(
        followup, "reopen", cmd_followup_reopen, _("open follow-ups again that were marked done")
    )
    reopen.add_argument(
        "ids", nargs="+", metavar="ID", help=_("follow-up id (first 4+ characters)")
    )
