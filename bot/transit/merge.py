"""Several imported networks served as one (a town's buses and the regional coaches, each imported
into its own knowledge folder): the second network's ids are prefixed so that none collides."""

from __future__ import annotations

from dataclasses import replace

from .model import Timetable


def merge(timetables: list[Timetable]) -> Timetable | None:
    """One timetable holding every trip of `timetables` (the first's time zone and name lead)."""
    if len(timetables) <= 1:
        return timetables[0] if timetables else None
    first = timetables[0]
    stops, routes, services, trips, problems = {}, {}, {}, [], []
    for n, tt in enumerate(timetables):
        tag = (lambda i: i) if n == 0 else (lambda i, n=n: f"{n}:{i}")
        stops.update({tag(k): replace(v, id=tag(k)) for k, v in tt.stops.items()})
        routes.update({tag(k): replace(v, id=tag(k)) for k, v in tt.routes.items()})
        services.update({tag(k): replace(v, id=tag(k)) for k, v in tt.services.items()})
        trips += [replace(t, id=tag(t.id), route=tag(t.route), service=tag(t.service),
                          stops=tuple(tag(s) for s in t.stops)) for t in tt.trips]
        problems += tt.problems
    return Timetable(" + ".join(t.agency for t in timetables), first.timezone, stops, routes, services, trips,
                     source=" + ".join(t.source for t in timetables), url=first.url, problems=problems)
