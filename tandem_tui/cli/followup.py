"""`followup add|list|done|reopen`: follow-ups from the shell."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from tandem_tui.cli.common import EXIT_OK, Context, UserError, print_json, resolve_tandem, table
from tandem_tui.cli.options import action, group, lower
from tandem_tui.dates import DUE_HELP, DateError, parse_due
from tandem_tui.model import FollowUp, Owner, Tandem
from tandem_tui.store import Store
from tandem_tui.text import followup_problem

if TYPE_CHECKING:
    from tandem_tui.cli.options import Commands


# An owner's name in either language; what is stored is the English one.
_OWNER_WORDS = {"beide": Owner.BOTH.value}


def _owner(text: str) -> str:
    """`--owner` in any case and either language: `Beide` is `both`."""
    word = lower(text)
    return _OWNER_WORDS.get(word, word)


def _due(text: str | None, today: date) -> date | None:
    if text is None:
        return None
    try:
        return parse_due(text, today)
    except DateError as error:
        raise UserError(f"--due: {error}") from None


def cmd_followup_add(ctx: Context, args: argparse.Namespace) -> int:
    text = " ".join(args.text.split())
    problem = followup_problem(text)
    if problem:
        raise UserError(f"the follow-up text {problem}")
    due = _due(args.due, ctx.today)
    with ctx.store() as store:
        tandem = resolve_tandem(store, args.tandem)
        followup = FollowUp(text=text, owner=Owner(args.owner), due=due)
        store.save_followup(tandem.id, followup)
    when = f", due {due.isoformat()}" if due else ""
    print(f"added follow-up {followup.short_id} for {tandem.id} ({followup.owner.value}{when})")
    return EXIT_OK


def cmd_followup_list(ctx: Context, args: argparse.Namespace) -> int:
    with ctx.store(readonly=True) as store:
        if args.tandem:
            tandems = [resolve_tandem(store, args.tandem)]
        else:
            tandems, problems = store.tandems()
            for problem in problems:
                print(f"warning: {problem}", file=sys.stderr)
        found = [(t, f) for t in tandems for f in store.followups(t.id) if args.all or f.is_open]
    if args.json:
        print_json(
            [{"tandem": t.id, **f.to_doc(), "overdue": f.is_overdue(ctx.today)} for t, f in found]
        )
    elif not found:
        print("no open follow-ups" if not args.all else "no follow-ups")
    else:
        table(
            [
                (
                    f.short_id,
                    t.id,
                    f.owner.value,
                    (f.due.isoformat() if f.due else "-")
                    + (" overdue" if f.is_overdue(ctx.today) else ""),
                    f.status.value,
                    f.text,
                )
                for t, f in found
            ],
            ("ID", "TANDEM", "OWNER", "DUE", "STATUS", "WHAT"),
        )
    return EXIT_OK


def _followups_by_id(store: Store, given_ids: Sequence[str]) -> list[tuple[Tandem, FollowUp]]:
    """The follow-ups the ids (or their first 4+ characters) name, across all tandems."""
    tandems, _ = store.tandems()
    everything = [(t, f) for t in tandems for f in store.followups(t.id)]
    found = []
    for given in given_ids:
        prefix = given.strip().lower()
        if len(prefix) < 4:
            raise UserError(f"follow-up id {given!r} is too short; give at least 4 characters")
        matches = [(t, f) for t, f in everything if f.id.startswith(prefix)]
        if not matches:
            raise UserError(f"no follow-up with id {given!r}; see 'tandem-tui followup list'")
        if len(matches) > 1:
            raise UserError(f"follow-up id {given!r} is ambiguous; give more characters")
        found.append(matches[0])
    return found


def _mark_followups(ctx: Context, given_ids: Sequence[str], *, done: bool) -> int:
    with ctx.store() as store:
        for tandem, followup in _followups_by_id(store, given_ids):
            if followup.is_open != done:
                state = "was done already" if done else "is open already"
                print(f"{followup.short_id} {state}")
                continue
            store.save_followup(tandem.id, followup.done() if done else followup.reopened())
            print(f"{'done' if done else 'open again'}: {followup.short_id} {followup.text}")
    return EXIT_OK


def cmd_followup_done(ctx: Context, args: argparse.Namespace) -> int:
    return _mark_followups(ctx, args.ids, done=True)


def cmd_followup_reopen(ctx: Context, args: argparse.Namespace) -> int:
    return _mark_followups(ctx, args.ids, done=False)


def add_commands(commands: Commands) -> None:
    """The `followup` group."""
    followup = group(commands, "followup", "add, list, complete and reopen follow-ups")
    add = action(followup, "add", cmd_followup_add, "add a follow-up to a tandem")
    add.add_argument("tandem", metavar="TANDEM", help="tandem id or part of a name")
    add.add_argument("text", metavar="TEXT", help="who does what")
    add.add_argument(
        "--owner",
        type=_owner,
        choices=[o.value for o in Owner],
        default=Owner.BOTH.value,
        help="mentor, mentee or both (default; also: beide), in any case",
    )
    add.add_argument(
        "--due",
        metavar="DATE",
        help=f"{DUE_HELP}; in English or German, today or later, not after 2100",
    )
    listing = action(followup, "list", cmd_followup_list, "list open follow-ups")
    listing.add_argument("tandem", nargs="?", metavar="TANDEM", help="only this tandem")
    listing.add_argument("--all", action="store_true", help="include done follow-ups")
    listing.add_argument("--json", action="store_true", help="print JSON for scripts")
    done = action(followup, "done", cmd_followup_done, "mark follow-ups as done")
    done.add_argument("ids", nargs="+", metavar="ID", help="follow-up id (first 4+ characters)")
    reopen = action(
        followup, "reopen", cmd_followup_reopen, "open follow-ups again that were marked done"
    )
    reopen.add_argument("ids", nargs="+", metavar="ID", help="follow-up id (first 4+ characters)")
