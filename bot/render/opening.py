"""Opening status in French: the short label of a list ("🟢 ouvert jusqu'à 17h30") and the sentences of
an answer ("La déchetterie est fermée aujourd'hui (jour férié : Noël).").

The status itself comes from `bot.opening.status_at`; here only words, agreed with the place's kind
(`bot.kb.place_kinds`).
"""

from __future__ import annotations

import datetime as dt

from .. import wording as W
from ..kb import DAYS
from ..kb.place_kinds import PlaceKind
from ..opening import OpenStatus, Opening, Ranges


def hhmm(time: str) -> str:
    """"09:00" → "9h", "13:30" → "13h30" (how a French notice writes hours)."""
    hours, minutes = time.split(":")
    return f"{int(hours)}h" + ("" if minutes == "00" else minutes)


def ranges_fr(ranges: Ranges) -> str:
    """"de 9h à 12h et de 14h à 18h"."""
    parts = [W.FROM_TO.format(start=hhmm(a), end=hhmm(b)) for a, b in ranges]
    return " et ".join(parts) if len(parts) <= 2 else ", ".join(parts[:-1]) + " et " + parts[-1]


def day_fr(day: dt.date) -> str:
    """"samedi 26/12"."""
    return f"{DAYS[day.weekday()]} {day.day:02d}/{day.month:02d}"


def _when(day: dt.date, today: dt.date) -> str:
    """"demain", "samedi" (within the week) or "le lundi 04/01"."""
    if day == today + dt.timedelta(days=1):
        return W.TOMORROW
    return DAYS[day.weekday()] if (day - today).days < 7 else "le " + day_fr(day)


def open_label(status: OpenStatus) -> str:
    """A short label for a list of places: "🟢 ouvert jusqu'à 17h30", "🔴 fermé, ouvre à 13h30",
    "🔴 fermé aujourd'hui (Noël), ouvre samedi à 9h"; "" when the place publishes no hours."""
    if status.state == "unknown":
        return ""
    if status.state == "open":
        return W.LABEL_OPEN_UNTIL.format(time=hhmm(status.until))
    if status.state == "later":
        return W.LABEL_OPENS_AT.format(time=hhmm(status.opens_at))
    why = status.holiday or ("" if status.ranges else status.note.rstrip("."))
    text = W.LABEL_CLOSED_FOR.format(why=why) if why else W.LABEL_CLOSED
    nxt = status.next_opening
    if nxt is not None:
        text += W.LABEL_OPENS_ON.format(when=_when(nxt.day, status.day), time=hhmm(nxt.ranges[0][0]))
    return text


def _why(status: OpenStatus) -> str:
    """" (jour férié : Noël)" or " (Veille de Noël, fermeture à midi.)", or ""."""
    if status.holiday:
        return W.WHY_HOLIDAY.format(name=status.holiday)
    return f" ({status.note.rstrip('.')})" if status.note else ""


def next_line(nxt: Opening | None) -> str:
    """"Prochaine ouverture : samedi 26/12 de 9h à 12h et de 14h à 18h." (or none within the horizon)."""
    if nxt is None:
        return W.NO_NEXT_OPENING
    return W.NEXT_OPENING_ON.format(day=day_fr(nxt.day), ranges=ranges_fr(nxt.ranges))


def now_sentences(status: OpenStatus, kind: PlaceKind) -> list[str]:
    """The answer to "is it open?" at the moment of the status, agreed with the place's kind."""
    who = kind.label[0].upper() + kind.label[1:]
    verb = "sont" if kind.plural else "est"
    if status.state == "open":
        return [W.IS_OPEN_NOW.format(who=who, verb=verb, agree=kind.agree, until=hhmm(status.until)) + _why(status) + "."]
    if status.state == "later":
        return [W.OPENS_LATER.format(who=who, verb=verb, agree=kind.agree, pronoun=kind.pronoun,
                                     opens="ouvrent" if kind.plural else "ouvre", time=hhmm(status.opens_at))
                + _why(status) + "."]
    if status.ranges:  # it was open earlier that day
        first = W.CLOSED_FOR_TODAY.format(who=who, verb=verb, agree=kind.agree,
                                          last=hhmm(status.ranges[-1][1])) + _why(status) + "."
    else:
        first = W.CLOSED_TODAY.format(who=who, verb=verb, agree=kind.agree) + _why(status) + "."
    return [first, next_line(status.next_opening)]


def day_sentences(status: OpenStatus, kind: PlaceKind, today: dt.date) -> list[str]:
    """The answer to "is it open on <day>?" (the status of that day's start)."""
    who = kind.label
    verb = "sont" if kind.plural else "est"
    tomorrow = status.day == today + dt.timedelta(days=1)
    head = (W.ON_TOMORROW if tomorrow else W.ON_DAY).format(day=day_fr(status.day))
    if status.ranges:
        return [W.OPEN_ON_DAY.format(head=head, who=who, verb=verb, agree=kind.agree,
                                     ranges=ranges_fr(status.ranges)) + _why(status) + "."]
    return [W.CLOSED_ON_DAY.format(head=head, who=who, verb=verb, agree=kind.agree) + _why(status) + ".",
            next_line(status.next_opening)]
