"""The bus service: "prochain bus à la mairie", "bus pour la gare", "ligne 2 horaires", "dernier bus
ce soir pour les Vignes", answered from the imported GTFS timetable (bot/transit) at the moment
asked, and `departures_near` for a shared position.

The question is read by `bus_query.py` (which declines fares, the on-demand service and anything
that names no stop and no line: the town's entry answers those); the times are the timetable's,
calendars and exceptions honoured, and the reply says when there is no bus left today and when
the next one leaves.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from .. import wording_services as WS
from ..geo import distance_m, format_distance
from ..kb import Knowledge
from ..render import Fmt
from ..render import departures as D
from ..replies import Message, Reply
from ..transit.departures import DAY_ENDS_AT, arrival_at, day_end, departures_between, next_departures, trip_times
from ..transit.model import Departure, Timetable
from .bus_query import BusQuery, StopGroup, read_query, stop_groups
from .nearby import NEAR_SECTIONS

MAX_GROUPS = 8          # lines × directions shown for one stop
MAX_DAY_TIMES = 30      # times listed for one line and direction over a day
NEAR_RADIUS_M = 500     # stops offered around a shared position
NEAR_STOPS = 2

if TYPE_CHECKING:  # bot/services/__init__.py lists this module's `reply`: no import back at run time
    from . import Ask
    from .nearby import Spot


def reply(ask: "Ask") -> Reply | None:
    """The departures the question asks for, or None when it is not a timetable question."""
    query = read_query(ask.text, ask.knowledge, ask.now.date())
    if query is None:
        return None
    tt, f, now = ask.knowledge.transit, ask.fmt, ask.now
    if query.at is not None:
        lines = _from_stop(tt, query, now, f)
    elif query.to is not None:
        lines = _to_stop(tt, query, now, f)
    else:
        lines = _line_timetables(tt, query, now, f)
    return Reply([Message("\n".join(lines + ["", D.footer(f, tt.agency)]))])


# --------------------------------------------------------------------------- when


def _rider_today(now: dt.datetime) -> dt.date:
    """The day a rider is living: until 4 a.m., still yesterday's evening."""
    return now.date() if now.time() >= DAY_ENDS_AT else now.date() - dt.timedelta(days=1)


def _day_start(day: dt.date, now: dt.datetime) -> dt.datetime:
    return dt.datetime.combine(day, DAY_ENDS_AT, tzinfo=now.tzinfo)


def _window(tt: Timetable, query: BusQuery, ids: set[str], now: dt.datetime) -> tuple[dt.datetime, dt.datetime, dt.date | None]:
    """(start, end, day asked or None): from now to tonight's end, or over the day asked ("samedi",
    "demain"; the first bus: today's if it has not left yet, else tomorrow's)."""
    day = query.day
    if day is None and query.first:
        today = _rider_today(now)
        gone = departures_between(tt, ids, _day_start(today, now), now, routes=query.routes or None)
        day = today if not gone else today + dt.timedelta(days=1)
    if day is None:
        return now, day_end(now), None
    start = _day_start(day, now)
    return max(start, now), start + dt.timedelta(days=1), day


def _grouped(departures: list[Departure]) -> list[list[Departure]]:
    """Departures by line and direction, the group leaving first first."""
    groups: dict[tuple[str, str], list[Departure]] = {}
    for d in departures:
        groups.setdefault((d.route.id, d.trip.headsign), []).append(d)
    return list(groups.values())[:MAX_GROUPS]


def _picked(group: list[Departure], query: BusQuery, day: dt.date | None) -> list[Departure]:
    if query.last:
        return group[-1:]
    if query.first:
        return group[:1]
    return group[:MAX_DAY_TIMES] if day is not None else group[:3]


# --------------------------------------------------------------------------- from a stop


def _from_stop(tt: Timetable, query: BusQuery, now: dt.datetime, f: Fmt) -> list[str]:
    """Next (or last, first, a day's) departures from the stop, by line and direction."""
    at, to = query.at, query.to
    start, end, day = _window(tt, query, set(at.ids), now)
    towards = set(to.ids) if to else None
    found = departures_between(tt, at.ids, start, end, routes=query.routes or None, towards=towards)
    lines = [f.b(_stop_title(at.name, query, day, now))]
    lines += [f.esc(WS.BUS_NEAREST_STOP.format(place=g.place, stop=g.name, distance=format_distance(g.metres)))
              for g in (at, to) if g is not None and g.place]
    if to is not None:
        lines.append(f.esc(WS.BUS_TOWARDS.format(stop=to.name)))
    for group in _grouped(found):
        times = [_time(d, now, to, day) for d in _picked(group, query, day)]
        lines.append(D.group_line(f, group[0].route, group[0].trip.headsign, times))
    if not found:
        lines.append(f.esc(WS.BUS_NONE_DAY.format(day=D.day_words(day, now.date())) if day else WS.BUS_NONE_LEFT))
        lines += _next_after(tt, at.ids, end, now, query, towards, f)
    return lines


def _stop_title(name: str, query: BusQuery, day: dt.date | None, now: dt.datetime) -> str:
    if query.first:
        return WS.BUS_STOP_FIRST_TITLE.format(stop=name, day=D.day_words(day, now.date()))
    if query.last and day is None:
        return WS.BUS_STOP_LAST_TITLE.format(stop=name)
    if day is not None:
        return WS.BUS_STOP_DAY_TITLE.format(stop=name, day=D.day_words(day, now.date()))
    return WS.BUS_STOP_TITLE.format(stop=name)


def _time(d: Departure, now: dt.datetime, to: StopGroup | None, day: dt.date | None) -> str:
    shown = D.hhmm(d.when) if day is not None and day != now.date() else D.moment_words(d.when, now)
    arrival = arrival_at(d, set(to.ids)) if to is not None else None
    return WS.BUS_ARRIVAL.format(departure=shown, arrival=D.hhmm(arrival[1])) if arrival else shown


def _next_after(tt: Timetable, ids, after: dt.datetime, now: dt.datetime, query: BusQuery,
                towards: set[str] | None, f: Fmt) -> list[str]:
    """The next departure after an empty window, or why there is none (the timetable ends)."""
    nxt = next_departures(tt, ids, after, 1, routes=query.routes or None, towards=towards)
    if nxt:
        d = nxt[0]
        return [f.esc(WS.BUS_NEXT_DAY.format(when=D.moment_words(d.when, now), line=D.line_label(d.route, d.trip.headsign)))]
    last = tt.last_day()
    if last is not None and after.date() > last - dt.timedelta(days=7):
        return [f.esc(WS.BUS_BEYOND.format(date=last.strftime("%d/%m/%Y")))]
    return [f.esc(WS.BUS_NOTHING_AHEAD)]


# --------------------------------------------------------------------------- to a stop


def _origins(tt: Timetable, ids: set[str], routes: set[str] | None) -> set[str]:
    """The first stops of the trips that call at one of `ids`."""
    return {t.stops[0] for t in tt.trips if not ids.isdisjoint(t.stops[1:]) and (not routes or t.route in routes)}


def _trip_starts(tt: Timetable, query: BusQuery, start: dt.datetime, end: dt.datetime) -> list[Departure]:
    """The trips to the destination leaving their first stop in the window (once each)."""
    to = set(query.to.ids)
    found = departures_between(tt, _origins(tt, to, query.routes), start, end, routes=query.routes or None, towards=to)
    return [d for d in found if d.position == 0]


def _to_stop(tt: Timetable, query: BusQuery, now: dt.datetime, f: Fmt) -> list[str]:
    """The trips that go to the stop: by line, their departures from the start of the line and
    when they arrive; the next (or last) trip's every stop and time, to find one's own."""
    to = query.to
    start, end, day = _window(tt, query, _origins(tt, set(to.ids), query.routes), now)
    found = _trip_starts(tt, query, start, end)
    title = WS.BUS_TO_LAST_TITLE if query.last and day is None else WS.BUS_TO_DAY_TITLE if day else WS.BUS_TO_TITLE
    lines = [f.b(title.format(stop=to.name, day=D.day_words(day, now.date()) if day else ""))]
    if to.place:
        lines.append(f.esc(WS.BUS_NEAREST_STOP.format(place=to.place, stop=to.name, distance=format_distance(to.metres))))
    shown: list[Departure] = []
    for group in _grouped(found):
        picked = _picked(group, query, day)
        shown += picked
        times = ", ".join(_time(d, now, to, day) for d in picked)
        lines.append("🚌 " + f.esc(WS.BUS_TO_FROM.format(line=D.line_label(group[0].route, group[0].trip.headsign),
                                                          origin=group[0].stop.name, times=times)))
    other = to.name
    if shown:
        example = max(shown, key=lambda d: d.when) if query.last else min(shown, key=lambda d: d.when)
        calls = trip_times(tt, example)
        cut = next((i for i, (name, _) in enumerate(calls) if name == to.name), len(calls) - 1)
        other = calls[cut // 2][0] if cut else other
        lines += ["", f.esc(WS.BUS_TO_LAST_CALLS if query.last else WS.BUS_TO_NEXT_CALLS), D.calls_line(f, calls[:cut + 1])]
    else:
        lines.append(f.esc(WS.BUS_NONE_TO.format(stop=to.name)))
        following = next_departures(tt, _origins(tt, set(to.ids), query.routes), end, 1,
                                    routes=query.routes or None, towards=set(to.ids))
        if following:
            d = following[0]
            other = d.stop.name
            lines.append(f.esc(WS.BUS_NEXT_FROM.format(when=D.moment_words(d.when, now), stop=d.stop.name,
                                                      line=D.line_label(d.route, d.trip.headsign))))
    lines += ["", f.esc(WS.BUS_TO_HINT.format(stop=to.name, other=other))]
    return lines


# --------------------------------------------------------------------------- a line's timetable


def _line_timetables(tt: Timetable, query: BusQuery, now: dt.datetime, f: Fmt) -> list[str]:
    """For each line named, each direction: its stops with the minutes from the start, then its
    departures from the first stop for the rest of the day (or the day asked)."""
    lines: list[str] = []
    names = {s.id: s.name for s in tt.stops.values()}
    for rid in sorted(query.routes, key=lambda r: (tt.routes[r].short_name, r)):
        route = tt.routes[rid]
        origins = {t.stops[0] for t in tt.trips if t.route == rid}
        start, end, day = _window(tt, query, origins, now)
        found = [d for d in departures_between(tt, origins, start, end, routes={rid}) if d.position == 0]
        title = WS.BUS_LINE_TITLE.format(line=D.route_title(route), day=D.day_words(day, now.date()) if day else WS.BUS_UNTIL_TONIGHT)
        lines += ([""] if lines else []) + [f.b(title)]
        for group in _grouped(found):
            times = [D.hhmm(d.when) for d in _picked(group, query, day or now.date())]
            lines += [D.group_line(f, route, group[0].trip.headsign, times),
                      f.esc(WS.BUS_LINE_STOPS.format(stops=D.pattern_text(group[0], names)))]
        if not found:
            lines.append(f.esc(WS.BUS_LINE_NONE))
            lines += _next_after(tt, origins, end, now, BusQuery(routes={rid}), None, f)
    return lines


# --------------------------------------------------------------------------- around a position


def departures_near(knowledge: Knowledge, lat: float, lon: float, now: dt.datetime,
                    fmt: Fmt | None = None) -> Message | None:
    """The next departures from the stops nearest a shared position (None when no stop is within
    NEAR_RADIUS_M, or the knowledge has no timetable): a section of the reply to a location."""
    tt, f = knowledge.transit, fmt or Fmt("html")
    if tt is None:
        return None
    near: list[tuple[float, StopGroup]] = []
    for group in stop_groups(tt).values():
        metres = min((distance_m(lat, lon, s.lat, s.lon) for s in (tt.stops[i] for i in group.ids)
                      if s.lat is not None and s.lon is not None), default=None)
        if metres is not None and metres <= NEAR_RADIUS_M:
            near.append((metres, group))
    if not near:
        return None
    lines = [f.b(WS.BUS_NEAR_TITLE)]
    for metres, group in sorted(near, key=lambda n: n[0])[:NEAR_STOPS]:
        lines += ["", f.esc(WS.BUS_NEAR_STOP.format(stop=group.name, distance=format_distance(metres)))]
        found = departures_between(tt, group.ids, now, day_end(now))
        for g in _grouped(found):
            lines.append(D.group_line(f, g[0].route, g[0].trip.headsign, [D.moment_words(d.when, now) for d in g[:2]]))
        if not found:
            lines += [f.esc(WS.BUS_NONE_LEFT)] + _next_after(tt, group.ids, day_end(now), now, BusQuery(), None, f)
    return Message("\n".join(lines + ["", D.footer(f, tt.agency)]))


def buses_near(spot: "Spot") -> Message | None:
    """The section of the reply to a shared location (bot/services/nearby.py)."""
    return departures_near(spot.knowledge, spot.lat, spot.lon, spot.now, spot.fmt)


NEAR_SECTIONS.append(buses_near)
