"""What a person reads in a tandem's calendar: summaries, descriptions, reminders and
the category, in the language of the tandem's program (a `Speech`); and what the export
tells the user, in the chrome's.

A calendar not in English says which language its texts are in: LANGUAGE=de on each
SUMMARY and DESCRIPTION (RFC 5545 3.2.10), which the invitations read back. An English
one carries no such parameter, so its texts, and the fingerprints that decide SEQUENCE,
stay as they always were. Core module: no Textual.
"""

from __future__ import annotations

from datetime import timedelta

from tandem_tui import i18n
from tandem_tui.i18n import N_, Speech, _, ngettext
from tandem_tui.model import Agenda, FollowUp, Owner, Tandem

#: The category of every meeting and follow-up, as calendar apps show it.
CATEGORY = N_("Reverse mentoring")


def language(speech: Speech) -> dict[str, str]:
    """The LANGUAGE parameter of a text in `speech` ("de", "de-CH"); none for English."""
    if speech.base == i18n.ENGLISH:
        return {}
    return {"LANGUAGE": speech.language.replace("_", "-")}


def category(speech: Speech) -> list[str]:
    return [speech.gettext(CATEGORY)]


def meeting_title(speech: Speech, agenda: Agenda | None, number: int) -> str:
    """The agenda's title, else "session 3"."""
    if agenda is None:
        return speech.gettext("session {number}").format(number=number)
    return speech.swiss(agenda.title)


def meeting_summary(speech: Speech, tandem: Tandem, title: str) -> str:
    """`Tandem Lena Vogel & Markus Brandt: Kick-off and ground rules`."""
    return speech.gettext("Tandem {tandem}: {title}").format(tandem=tandem.label, title=title)


def meeting_description(
    speech: Speech, number: int, total: int, title: str, agenda: Agenda | None
) -> str:
    """A meeting to come: which of the series, and its cards with their minutes."""
    lines = [
        speech.gettext("Reverse-mentoring session {number} of {total}: {title}.").format(
            number=number, total=total, title=title
        )
    ]
    if agenda:
        lines += ["", speech.gettext("Agenda:")]
        lines += [
            speech.gettext("- {title} ({minutes} min)").format(
                title=speech.swiss(card.title), minutes=card.minutes
            )
            for card in agenda.cards
        ]
    lines += ["", speech.gettext("Planned with tandem-tui. Notes stay in the app.")]
    return "\n".join(lines)


def held_description(speech: Speech, number: int, total: int, title: str, ended: bool) -> str:
    """A meeting held, or under way."""
    if ended:
        what = speech.gettext("Reverse-mentoring session {number} of {total}: {title}, held.")
    else:
        what = speech.gettext("Reverse-mentoring session {number} of {total}: {title}, under way.")
    return (
        what.format(number=number, total=total, title=title)
        + "\n\n"
        + speech.gettext("Held with tandem-tui. Notes stay in the app.")
    )


def reminder(speech: Speech, tandem: Tandem, title: str, before: timedelta) -> str:
    """`Tandem Lena Vogel & Markus Brandt: Kick-off in 1 day`."""
    # TRANSLATORS: a meeting's reminder: "Tandem Lena & Markus: Kick-off in 1 day".
    return speech.gettext("Tandem {tandem}: {title} {when}").format(
        tandem=tandem.label, title=title, when=time_left(before, speech)
    )


def time_left(before: timedelta, speech: Speech) -> str:
    """`in 1 day`, `in 15 minutes`: what an alarm says of the time left."""
    minutes = int(before.total_seconds() // 60)
    if minutes and minutes % (24 * 60) == 0:
        days = minutes // (24 * 60)
        return speech.ngettext("in {count} day", "in {count} days", days).format(count=days)
    if minutes and minutes % 60 == 0:
        hours = minutes // 60
        return speech.ngettext("in {count} hour", "in {count} hours", hours).format(count=hours)
    if minutes:
        return speech.ngettext("in {count} minute", "in {count} minutes", minutes).format(
            count=minutes
        )
    # TRANSLATORS: a reminder at the very start of a meeting: "Tandem ...: Kick-off now".
    return speech.gettext("now")


def owner_label(tandem: Tandem, owner: Owner) -> str:
    if owner is Owner.MENTOR:
        return tandem.mentor.name
    if owner is Owner.MENTEE:
        return tandem.mentee.name
    return tandem.label


def followup_summary(speech: Speech, tandem: Tandem, followup: FollowUp) -> str:
    # The same when done: STATUS, COMPLETED and PERCENT-COMPLETE say so.
    return speech.gettext("Follow-up for {owner}: {text}").format(
        owner=owner_label(tandem, followup.owner), text=followup.text
    )


def followup_due_today(speech: Speech, tandem: Tandem, followup: FollowUp) -> str:
    """What a follow-up's reminder says on its due day."""
    return speech.gettext("{summary} (due today)").format(
        summary=followup_summary(speech, tandem, followup)
    )


def followup_description(speech: Speech, tandem: Tandem, followup: FollowUp) -> str:
    if followup.session:
        return speech.gettext("A follow-up from session {number} of the tandem {tandem}.").format(
            number=followup.session, tandem=tandem.label
        )
    return speech.gettext("A follow-up of the tandem {tandem}.").format(tandem=tandem.label)


# what the export tells the user, in the chrome's language ------------------------------


def counts(meetings: int, followups: int, held: int, cancelled: int, changed: int) -> str:
    """`5 meetings and 1 follow-up, 1 held, 2 cancelled, 2 changed since the last export`."""
    parts = [
        _("{meetings} and {followups}").format(
            meetings=ngettext("{count} meeting", "{count} meetings", meetings).format(
                count=meetings
            ),
            followups=ngettext("{count} follow-up", "{count} follow-ups", followups).format(
                count=followups
            ),
        )
    ]
    if held:
        # TRANSLATORS: meetings held, as in "5 meetings and 1 follow-up, 1 held".
        parts.append(ngettext("{count} held", "{count} held", held).format(count=held))
    if cancelled:
        parts.append(
            ngettext("{count} cancelled", "{count} cancelled", cancelled).format(count=cancelled)
        )
    if changed:
        parts.append(
            ngettext(
                "{count} changed since the last export",
                "{count} changed since the last export",
                changed,
            ).format(count=changed)
        )
    return ", ".join(parts)


def nothing_to_export(tandem: Tandem, has_program: bool) -> str:
    """Why a tandem's calendar would be empty, and what to do: one line."""
    if not has_program:
        return _(
            'nothing to export for {tandem}: its program "{program}" is not in '
            "the agenda library, so no meeting can be planned (see 'tandem-tui agenda list'; "
            "'tandem-tui tandem edit {tandem} --program ID' picks another)"
        ).format(tandem=tandem.id, program=tandem.program)
    # TRANSLATORS: how a meeting's date and time are typed, as the dates of the language are.
    form = _("YYYY-MM-DD HH:MM")
    return _(
        "nothing to export for {tandem}: no meeting is planned and it has no follow-ups; "
        "plan one with '{command}'"
    ).format(tandem=tandem.id, command=f'tandem-tui tandem plan {tandem.id} "{form}"')
