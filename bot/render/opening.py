"""Opening status in French: the short label of a list ("🟢 ouvert jusqu'à 17h30") and the sentences of
an answer ("La déchetterie est fermée aujourd'hui (jour férié : Noël).").

The status itself comes from `bot.opening.status_at`; here only words, agreed with the place's kind
(`bot.kb.place_kinds`).
"""

from __future__ import annotations

import datetime as dt

from .. import wording as W
from .. import wording_services as WS
from ..kb.place_kinds import PlaceKind
from ..opening import OpenStatus, Opening, Ranges
from .dates import day_name


def hhmm(time: str) -> str:
    """"09:00" → "9h", "13:30" → "13h30" (how a French notice writes hours)."""
    hours, minutes = time.split(":")
    return f"{int(hours)}h" + ("" if minutes == "00" else minutes)


def ranges_fr(ranges: Ranges) -> str:
    """"de 9h à 12h et de 14h à 18h"."""
    parts = [WS.FROM_TO.format(start=hhmm(a), end=hhmm(b)) for a, b in ranges]
    return WS.AND.join(parts) if len(parts) <= 2 else ", ".join(parts[:-1]) + WS.AND + parts[-1]


def day_fr(day: dt.date) -> str:
    """"samedi 26/12"."""
    return f"{day_name(day.weekday())} {day.day:02d}/{day.month:02d}"


def _when(day: dt.date, today: dt.date) -> str:
    """"demain", "samedi" (within the week) or "le lundi 04/01"."""
    if day == today + dt.timedelta(days=1):
        return WS.TOMORROW
    return day_name(day.weekday()) if (day - today).days < 7 else WS.ON_DATE.format(day=day_fr(day))


def open_label(status: OpenStatus) -> str:
    """A short label for a list of places: "🟢 ouvert jusqu'à 17h30", "🔴 fermé, ouvre à 13h30",
    "🔴 fermé aujourd'hui (Noël), ouvre samedi à 9h"; "" when the place publishes no hours."""
    if status.state == "unknown":
        return ""
    if status.state == "open":
        return WS.LABEL_OPEN_UNTIL.format(time=hhmm(status.until))
    if status.state == "later":
        return WS.LABEL_OPENS_AT.format(time=hhmm(status.opens_at))
    why = status.holiday or ("" if status.ranges else status.note.rstrip("."))
    text = WS.LABEL_CLOSED_FOR.format(why=why) if why else WS.LABEL_CLOSED
    nxt = status.next_opening
    if nxt is not None:
        text += WS.LABEL_OPENS_ON.format(when=_when(nxt.day, status.day), time=hhmm(nxt.ranges[0][0]))
    return text


def _why(status: OpenStatus) -> str:
    """" (jour férié : Noël)" or " (Veille de Noël, fermeture à midi.)", or ""."""
    if status.holiday:
        return WS.WHY_HOLIDAY.format(name=status.holiday)
    return f" ({status.note.rstrip('.')})" if status.note else ""


def next_line(nxt: Opening | None) -> str:
    """"Prochaine ouverture : samedi 26/12 de 9h à 12h et de 14h à 18h." (or none within the horizon)."""
    if nxt is None:
        return WS.NO_NEXT_OPENING
    return WS.NEXT_OPENING_ON.format(day=day_fr(nxt.day), ranges=ranges_fr(nxt.ranges))


def now_sentences(status: OpenStatus, kind: PlaceKind) -> list[str]:
    """The answer to "is it open?" at the moment of the status, agreed with the place's kind."""
    who = kind.label[0].upper() + kind.label[1:]
    verb = "sont" if kind.plural else "est"
    if status.state == "open":
        return [WS.IS_OPEN_NOW.format(who=who, verb=verb, agree=kind.agree, until=hhmm(status.until)) + _why(status) + "."]
    if status.state == "later":
        return [WS.OPENS_LATER.format(who=who, verb=verb, agree=kind.agree, pronoun=kind.pronoun,
                                     opens="ouvrent" if kind.plural else "ouvre", time=hhmm(status.opens_at))
                + _why(status) + "."]
    if status.ranges:  # it was open earlier that day
        first = WS.CLOSED_FOR_TODAY.format(who=who, verb=verb, agree=kind.agree,
                                          last=hhmm(status.ranges[-1][1])) + _why(status) + "."
    else:
        first = WS.CLOSED_TODAY.format(who=who, verb=verb, agree=kind.agree) + _why(status) + "."
    return [first, next_line(status.next_opening)]


def day_sentences(status: OpenStatus, kind: PlaceKind, today: dt.date) -> list[str]:
    """The answer to "is it open on <day>?" (the status of that day's start)."""
    who = kind.label
    verb = "sont" if kind.plural else "est"
    tomorrow = status.day == today + dt.timedelta(days=1)
    head = (WS.ON_TOMORROW if tomorrow else WS.ON_DAY).format(day=day_fr(status.day))
    if status.ranges:
        return [WS.OPEN_ON_DAY.format(head=head, who=who, verb=verb, agree=kind.agree,
                                     ranges=ranges_fr(status.ranges)) + _why(status) + "."]
    return [WS.CLOSED_ON_DAY.format(head=head, who=who, verb=verb, agree=kind.agree) + _why(status) + ".",
            next_line(status.next_opening)]


def _head(day: dt.date, today: dt.date) -> str:
    """"Aujourd'hui", "Demain (mardi 08/12)", "Le samedi 12/12"."""
    if day == today:
        return WS.TODAY_HEAD
    return (WS.ON_TOMORROW if day == today + dt.timedelta(days=1) else WS.ON_DAY).format(day=day_fr(day))


def at_sentences(status: OpenStatus, kind: PlaceKind, today: dt.date) -> list[str]:
    """The answer to "is it open <day> at <time>?" ("c'est ouvert ce midi ?")."""
    head = WS.AT_TIME.format(head=_head(status.day, today), time=hhmm(f"{status.moment.hour:02d}:{status.moment.minute:02d}"))
    verb = "sont" if kind.plural else "est"
    who = kind.label
    if status.state == "open":
        return [WS.OPEN_AT.format(head=head, who=who, verb=verb, agree=kind.agree, until=hhmm(status.until)) + _why(status) + "."]
    if status.state == "later":
        return [WS.CLOSED_AT_OPENS.format(head=head, who=who, verb=verb, agree=kind.agree, pronoun=kind.pronoun,
                                         opens="ouvrent" if kind.plural else "ouvre", time=hhmm(status.opens_at))
                + _why(status) + "."]
    first = WS.CLOSED_ON_DAY.format(head=head, who=who, verb=verb, agree=kind.agree) + _why(status) + "."
    if status.ranges:
        return [first, WS.THAT_DAY.format(ranges=ranges_fr(status.ranges))]
    return [first, next_line(status.next_opening)]


def day_line(day: dt.date, ranges: Ranges, holiday: str, note: str, last: dt.date | None = None) -> str:
    """"• samedi 26/12 : de 9h à 12h", "• vendredi 25/12 : fermé (jour férié : Noël)", or for days
    `day` to `last` alike "• du jeudi 24/12 au samedi 02/01 : fermé (…)"."""
    why = WS.WHY_HOLIDAY.format(name=holiday) if holiday else (f" ({note.rstrip('.')})" if note else "")
    days = day_fr(day) if last is None or last == day else WS.FROM_DAY_TO_DAY.format(first=day_fr(day), last=day_fr(last))
    return "• " + W.LABELLED.format(label=days, value=ranges_fr(ranges) if ranges else W.CLOSED) + why
