"""Bus departures in French: "10h41 (dans 12 min)", "demain 06h15", one line per line and direction,
a trip's stops with their times, and a line's stops with the minutes from its start."""

from __future__ import annotations

import datetime as dt
from typing import Iterable

from .. import wording as W
from .. import wording_services as WS
from ..transit.departures import DAY_ENDS_AT, day_end
from ..transit.model import Departure, Route
from .format import Fmt
from .dates import day_name


def hhmm(moment: dt.datetime) -> str:
    """"06h15", as the opening hours are written."""
    return f"{moment.hour:02d}h{moment.minute:02d}"


def moment_words(moment: dt.datetime, now: dt.datetime) -> str:
    """A departure as a rider reads it: "10h41 (dans 12 min)" within the hour, "00h25 (cette nuit)",
    "demain 06h15", "lundi 14/12 06h15" (a later day, or any day after midnight)."""
    minutes = int((moment - now).total_seconds() // 60)
    if minutes < 1:
        return WS.BUS_NOW.format(time=hhmm(moment))
    if minutes < 60:
        return WS.BUS_IN.format(time=hhmm(moment), minutes=minutes)
    if moment < day_end(now):
        return hhmm(moment) if moment.date() == now.date() else WS.BUS_TONIGHT.format(time=hhmm(moment))
    if now.time() >= DAY_ENDS_AT and moment.date() == now.date() + dt.timedelta(days=1):
        return WS.BUS_TOMORROW.format(time=hhmm(moment))  # at 00:40, "demain" would be ambiguous: the day is named
    return f"{day_name(moment.weekday())} {moment.day:02d}/{moment.month:02d} {hhmm(moment)}"


def day_words(day: dt.date, today: dt.date) -> str:
    """"aujourd'hui", "demain", "samedi 12/12"."""
    if day == today:
        return WS.BUS_TODAY
    if day == today + dt.timedelta(days=1):
        return WS.BUS_TOMORROW_DAY
    return f"{day_name(day.weekday())} {day.day:02d}/{day.month:02d}"


def line_label(route: Route, headsign: str) -> str:
    """"Ligne 1 → Les Vignes"."""
    label = route.label
    return f"{label[:1].upper()}{label[1:]} → {headsign}"


def group_line(f: Fmt, route: Route, headsign: str, times: Iterable[str]) -> str:
    """"🚌 <b>Ligne 1 → Gare</b> : 10h41 (dans 12 min), 11h41"."""
    return "🚌 " + W.LABELLED.format(label=f.b(line_label(route, headsign)), value=f.esc(", ".join(times)))


def calls_line(f: Fmt, calls: list[tuple[str, dt.datetime]]) -> str:
    """A trip's stops and times: "Gare 10h15 · Médiathèque 10h21 · … · Les Vignes 10h35"."""
    return f.esc(" · ".join(f"{name} {hhmm(moment)}" for name, moment in calls))


def route_title(route: Route) -> str:
    """"Ligne 2 (Hôpital – ZA des Prés)"."""
    label = route.label[:1].upper() + route.label[1:]
    return f"{label} ({route.long_name})" if route.short_name and route.long_name else label


def pattern_text(departure: Departure, names: dict[str, str]) -> str:
    """A trip's stops with the minutes from its first: "Hôpital · Cimetière +4 · … · ZA des Prés +24"."""
    trip = departure.trip
    start = trip.times[0]
    parts = [names[trip.stops[0]]] + [f"{names[s]} +{(t - start) // 60}" for s, t in zip(trip.stops[1:], trip.times[1:])]
    return " · ".join(parts)


def footer(f: Fmt, agency: str) -> str:
    return f.i(WS.BUS_FOOTER.format(agency=agency))
