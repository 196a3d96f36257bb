"""When the buses leave: the departures from some stops between two moments, honouring each
service's calendar and its exceptions, and trips that run past midnight.

GTFS counts a trip's times from its service day's "noon minus 12 h" (midnight, except on the two
nights the clocks change): a 24:30:00 departure of Friday's service leaves at 00:30 on Saturday,
while Saturday itself may have no service at all. So every service day that can still have a
trip running at the asked moment is looked at, yesterday's included.
"""

from __future__ import annotations

import bisect
import datetime as dt
from typing import Iterable
from zoneinfo import ZoneInfo

from .model import Departure, Timetable, Trip

DAY = 86_400
DAY_ENDS_AT = dt.time(4, 0)  # "ce soir", "aujourd'hui": the buses until 4 in the morning


def zone(tt: Timetable, fallback: dt.tzinfo | None) -> dt.tzinfo:
    """The network's time zone (its agency_timezone), else the asker's."""
    try:
        return ZoneInfo(tt.timezone)
    except Exception:  # noqa: BLE001 - an unknown name on this machine
        return fallback or dt.timezone.utc


def service_origin(day: dt.date, tz: dt.tzinfo) -> dt.datetime:
    """The moment a service day's times count from: noon minus 12 h, local time (GTFS's rule)."""
    noon = dt.datetime.combine(day, dt.time(12), tzinfo=tz)
    return noon.astimezone(dt.timezone.utc) - dt.timedelta(hours=12)


def _service_days(tt: Timetable, start: dt.datetime, end: dt.datetime, tz: dt.tzinfo) -> Iterable[dt.date]:
    """Every service day with a trip that may run between `start` and `end` (earlier days whose
    trips run past midnight included)."""
    first = start.astimezone(tz).date() - dt.timedelta(days=tt.latest // DAY + 1)
    last = end.astimezone(tz).date()
    day = first
    while day <= last:
        yield day
        day += dt.timedelta(days=1)


def departures_between(tt: Timetable, stop_ids: Iterable[str], start: dt.datetime, end: dt.datetime, *,
                       routes: set[str] | None = None, towards: set[str] | None = None) -> list[Departure]:
    """Departures from `stop_ids` at or after `start` and before `end` (aware moments), in time order,
    shown in `start`'s time zone. `routes` keeps those lines only; `towards` keeps the trips that
    then call at one of those stops. No departure is offered where one cannot board (pickup_type 1)
    nor at a trip's last stop."""
    tz = zone(tt, start.tzinfo)
    stop_ids = [s for s in dict.fromkeys(stop_ids) if s in tt.by_stop]
    out: list[Departure] = []
    for day in _service_days(tt, start, end, tz):
        running = {sid for sid, s in tt.services.items() if s.runs_on(day)}
        if not running:
            continue
        origin = service_origin(day, tz)
        low, high = (start - origin).total_seconds(), (end - origin).total_seconds()
        for stop in stop_ids:
            rows = tt.by_stop[stop]
            for time, t, pos in rows[bisect.bisect_left(rows, (low,)):]:
                if time >= high:
                    break
                trip = tt.trips[t]
                if trip.service in running and trip.boards(pos) and _keeps(trip, pos, routes, towards):
                    when = (origin + dt.timedelta(seconds=time)).astimezone(start.tzinfo)
                    out.append(Departure(when, trip, tt.routes[trip.route], tt.stops[stop], pos, origin))
    out.sort(key=lambda d: (d.when, d.route.short_name, d.route.long_name, d.trip.id))
    return out


def _keeps(trip: Trip, pos: int, routes: set[str] | None, towards: set[str] | None) -> bool:
    if routes is not None and trip.route not in routes:
        return False
    return towards is None or not towards.isdisjoint(trip.stops[pos + 1:])


def next_departures(tt: Timetable, stop_ids: Iterable[str], now: dt.datetime, n: int = 5, *, days: int = 8,
                    routes: set[str] | None = None, towards: set[str] | None = None) -> list[Departure]:
    """The next `n` departures from `stop_ids` after `now` (aware), looking at most `days` days ahead
    (far enough to pass a long weekend, Christmas and a Sunday without buses)."""
    stop_ids = list(stop_ids)
    found: list[Departure] = []
    start = now
    for _ in range(days):
        end = start + dt.timedelta(days=1)
        found += departures_between(tt, stop_ids, start, end, routes=routes, towards=towards)
        if len(found) >= n:
            break
        start = end
    return found[:n]


def day_end(now: dt.datetime) -> dt.datetime:
    """The end of "today" for a bus rider: the next 4 a.m. (at 00:30, tonight is still yesterday's evening)."""
    day = now.date() if now.time() < DAY_ENDS_AT else now.date() + dt.timedelta(days=1)
    return dt.datetime.combine(day, DAY_ENDS_AT, tzinfo=now.tzinfo)


def trip_times(tt: Timetable, departure: Departure) -> list[tuple[str, dt.datetime]]:
    """(stop name, moment) for each stop of the departure's trip, from the departure's stop on."""
    trip = departure.trip
    return [(tt.stops[trip.stops[p]].name, departure.at(p)) for p in range(departure.position, len(trip.stops))]


def arrival_at(departure: Departure, stop_ids: set[str]) -> tuple[str, dt.datetime] | None:
    """The first of `stop_ids` the departure's trip calls at afterwards, and when (None if none)."""
    trip = departure.trip
    for p in range(departure.position + 1, len(trip.stops)):
        if trip.stops[p] in stop_ids:
            return trip.stops[p], departure.at(p)
    return None
