"""The agenda in French: one line per occurrence ("• jeudi 17/12 à 19h : Conseil municipal — Hôtel de
ville"), a weekly event said once ("• chaque samedi de 8h à 13h : …"), fictional dates marked, and
the "Prochaines dates" block under an entry that events point to.
"""

from __future__ import annotations

import datetime as dt

from .. import wording_services as WS
from ..agenda import Occurrence, running_weekly, upcoming
from ..kb import Event, Knowledge
from .format import Fmt
from .opening import day_fr, hhmm
from .dates import day_name

ENTRY_DATES_MAX = 3  # under an entry: the next few dates, the agenda says the rest


def date_label(day: dt.date, today: dt.date) -> str:
    """"jeudi 17/12", or "jeudi 04/02/2027" outside the current year."""
    text = day_fr(day)
    return text if day.year == today.year else f"{text}/{day.year}"


def time_label(event: Event) -> str:
    """" à 19h", " de 8h à 13h" or ""."""
    start, end = event.time
    if not start:
        return ""
    if end and end != "23:59":
        return " " + WS.FROM_TO.format(start=hhmm(start), end=hhmm(end))
    return " " + WS.AT_HOUR.format(time=hhmm(start))


def _where(event: Event, k: Knowledge) -> str:
    place = k.places.get(event.place) if event.place else None
    return place.name if place else event.address


def _tail(event: Event, k: Knowledge) -> str:
    """" : title — where ⚠️ date fictive"."""
    where = _where(event, k)
    text = f" : {event.title}" + (f" — {where}" if where else "")
    return text + (WS.FICTIONAL_DATE if event.fictional else "")


def occurrence_line(occ: Occurrence, k: Knowledge, f: Fmt, today: dt.date, describe: bool = False) -> str:
    """One occurrence: its day (or days), time, title and place; its description below when asked."""
    when = date_label(occ.day, today)
    if occ.last != occ.day:
        when = WS.FROM_DAY_TO_DAY.format(first=when, last=date_label(occ.last, today))
    line = f"• {f.b(when)}{f.esc(time_label(occ.event) + _tail(occ.event, k))}"
    if describe and occ.event.description:
        line += "\n  " + f.i(occ.event.description)
    return line


def weekly_line(event: Event, k: Knowledge, f: Fmt, today: dt.date) -> str:
    """"• chaque samedi de 8h à 13h : Grand marché du samedi — Place de l'Église" (and its season)."""
    every = WS.EVERY_DAY.format(day=day_name(event.every or 0))
    if event.last is not None:
        every += " " + WS.UNTIL_DAY.format(day=date_label(event.last, today))
    return f"• {f.b(every)}{f.esc(time_label(event) + _tail(event, k))}"


def entry_dates_block(entry_id: str, k: Knowledge, f: Fmt, today: dt.date) -> str:
    """"📅 Prochaines dates" under an entry that agenda events point to (`entry:`), or ""."""
    events = [e for e in k.events if e.entry == entry_id]
    if not events:
        return ""
    lines = [weekly_line(e, k, f, today) for e in running_weekly(events, today)]
    lines += [occurrence_line(o, k, f, today) for o in upcoming(events, today, weekly=False)[:ENTRY_DATES_MAX]]
    return f.b(WS.NEXT_DATES) + "\n" + "\n".join(lines) if lines else ""
