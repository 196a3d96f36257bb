"""A bus network's timetable as the bot holds it: stops, lines, service calendars, trips, and the
index of departures by stop that `departures.py` reads.

Times are seconds after the service day's origin (GTFS "noon minus 12 h", usually midnight), so a
trip of Friday's service may leave at 24:25:00 (= 00:25 on Saturday). Nothing here reads a file:
`feed_build.py` makes a Timetable from a GTFS feed, `store.py` from its imported form.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


@dataclass(frozen=True)
class Stop:
    """A place where the bus stops (a GTFS stop or platform); lat/lon None when the feed gives none."""

    id: str
    name: str
    lat: float | None = None
    lon: float | None = None


@dataclass(frozen=True)
class Route:
    """A line: "1" and "Gare – Les Vignes"."""

    id: str
    short_name: str = ""
    long_name: str = ""

    @property
    def label(self) -> str:
        """How a citizen names the line: "ligne 1", else its long name."""
        return f"ligne {self.short_name}" if self.short_name else self.long_name


@dataclass(frozen=True)
class Service:
    """The days a set of trips runs: weekdays between two dates, plus added and minus removed dates
    (calendar.txt and calendar_dates.txt)."""

    id: str
    days: tuple[bool, ...] = (False,) * 7  # Monday first
    start: dt.date | None = None
    end: dt.date | None = None
    added: frozenset[dt.date] = frozenset()
    removed: frozenset[dt.date] = frozenset()

    def runs_on(self, day: dt.date) -> bool:
        if day in self.removed:
            return False
        if day in self.added:
            return True
        return (self.start is not None and self.end is not None and self.start <= day <= self.end
                and self.days[day.weekday()])

    def last_day(self) -> dt.date | None:
        """The last day the service may run (None: no day at all)."""
        days = [d for d in (self.end, *self.added) if d is not None]
        return max(days) if days else None


@dataclass(frozen=True)
class Trip:
    """One run of a bus along a line: its stops in order and the time it leaves each.

    `no_pickup` lists the positions where nobody may board (GTFS pickup_type 1): a departure is
    never offered there, nor at the last stop."""

    id: str
    route: str
    service: str
    headsign: str
    stops: tuple[str, ...]
    times: tuple[int, ...]
    direction: int | None = None
    no_pickup: frozenset[int] = frozenset()

    def boards(self, position: int) -> bool:
        return position < len(self.stops) - 1 and position not in self.no_pickup


@dataclass(eq=False)
class Timetable:
    """A whole imported network. `problems` are the feed's warnings kept from the import, as
    (file, line, message), so that `guichet check` keeps showing them. Compared by identity (one
    loaded timetable is one object), so that what is derived from it can be kept beside it."""

    agency: str
    timezone: str
    stops: dict[str, Stop]
    routes: dict[str, Route]
    services: dict[str, Service]
    trips: list[Trip]
    source: str = ""
    url: str = ""
    problems: list[tuple[str, int, str]] = field(default_factory=list)
    by_stop: dict[str, list[tuple[int, int, int]]] = field(default_factory=dict, repr=False)
    latest: int = 0  # the latest time of any trip, in seconds (past 86,400 for trips after midnight)

    def __post_init__(self) -> None:
        """Index the departures by stop: (time, trip index, position), sorted by time."""
        index: dict[str, list[tuple[int, int, int]]] = {}
        for t, trip in enumerate(self.trips):
            for pos, (stop, time) in enumerate(zip(trip.stops, trip.times)):
                index.setdefault(stop, []).append((time, t, pos))
            if trip.times:
                self.latest = max(self.latest, trip.times[-1])
        for rows in index.values():
            rows.sort()
        self.by_stop = index

    def last_day(self) -> dt.date | None:
        """The last day any service runs: the imported timetable says nothing after it."""
        days = [d for s in self.services.values() if (d := s.last_day()) is not None]
        return max(days) if days else None


@dataclass(frozen=True)
class Departure:
    """A bus leaving a stop at a moment: `when` is aware, in the asker's time zone; `origin` is its
    service day's origin (UTC), from which the trip's other times count."""

    when: dt.datetime
    trip: Trip
    route: Route
    stop: Stop
    position: int
    origin: dt.datetime

    def at(self, position: int) -> dt.datetime:
        """When the trip calls at its stop number `position` (in `when`'s time zone)."""
        return (self.origin + dt.timedelta(seconds=self.trip.times[position])).astimezone(self.when.tzinfo)
