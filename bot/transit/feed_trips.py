"""The trips of a GTFS feed and their times (trips.txt, stop_times.txt), every reference checked.

A stop time that names an unknown stop is dropped with a warning, the rest of its trip kept; a
trip whose times cannot be put in order (unreadable first or last time, a time going back) is
dropped whole, since a departure shown from it could be wrong. Times left empty between two known
ones (GTFS allows it) are spread evenly, as journey planners do.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..kb.quote import excerpt, suggest
from .feed_check import Checker, parse_time, time_problem
from .feed_read import Table
from .model import Route, Service, Stop, Trip


@dataclass
class _Draft:
    """A trip as read from trips.txt, its stop times gathered from stop_times.txt."""

    id: str
    route: str
    service: str
    headsign: str
    direction: int | None
    line: int
    calls: list[tuple[int, int, str, int | None, bool]] = field(default_factory=list)  # seq, line, stop, time, no pickup


def read_trips(trips: Table, stop_times: Table, stops: dict[str, Stop], routes: dict[str, Route],
               services: dict[str, Service], check: Checker) -> list[Trip]:
    """The usable trips, in the order of trips.txt."""
    drafts = _drafts(trips, routes, services, check)
    if check.failed:
        return []
    _calls(stop_times, drafts, stops, check)
    out = []
    for draft in drafts.values():
        trip = _finish(draft, stops, stop_times.file, check)
        if trip is not None:
            out.append(trip)
    return out


def _drafts(table: Table, routes: dict[str, Route], services: dict[str, Service], check: Checker) -> dict[str, _Draft]:
    file = table.file
    if not check.columns(file, table.columns, ("route_id", "service_id", "trip_id")):
        return {}
    drafts: dict[str, _Draft] = {}
    for line, row in table.rows:
        tid, rid, sid = row["trip_id"], row["route_id"], row["service_id"]
        if not tid or tid in drafts:
            check.warn(file, line, f"trajet « {excerpt(tid)} » " + ("sans identifiant" if not tid else "décrit deux fois")
                       + " : ligne ignorée.")
        elif rid not in routes:
            check.warn(file, line, f"la ligne « {excerpt(rid)} » n'existe pas dans routes.txt : trajet ignoré."
                                   f"{suggest(rid, routes) if check.shown(file) else ''}")
        elif sid not in services:
            check.warn(file, line, f"le service « {excerpt(sid)} » n'existe ni dans calendar.txt ni dans "
                                   f"calendar_dates.txt : trajet ignoré.{suggest(sid, services) if check.shown(file) else ''}")
        else:
            direction = row.get("direction_id", "")
            drafts[tid] = _Draft(tid, rid, sid, row.get("trip_headsign", ""),
                                 int(direction) if direction in ("0", "1") else None, line)
    return drafts


def _calls(table: Table, drafts: dict[str, _Draft], stops: dict[str, Stop], check: Checker) -> None:
    """Each row of stop_times.txt added to its trip (unknown trips and stops reported)."""
    file = table.file
    if not check.columns(file, table.columns, ("trip_id", "stop_id", "stop_sequence")):
        return
    if "departure_time" not in table.columns and "arrival_time" not in table.columns:
        check.error(file, 1, "ni « departure_time » ni « arrival_time » : aucune heure de passage.")
        return
    for line, row in table.rows:
        draft = drafts.get(row["trip_id"])
        if draft is None:
            check.warn(file, line, f"le trajet « {excerpt(row['trip_id'])} » n'existe pas dans trips.txt "
                                   "(ou y a été ignoré) : ligne ignorée.")
            continue
        stop = row["stop_id"]
        if stop not in stops:
            check.warn(file, line, f"l'arrêt « {excerpt(stop)} » n'existe pas dans stops.txt : passage ignoré."
                                   f"{suggest(stop, stops) if check.shown(file) else ''}")
            continue
        if not row["stop_sequence"].isdigit():
            check.warn(file, line, f"stop_sequence vaut « {excerpt(row['stop_sequence'])} » : écrivez un nombre "
                                   "entier ; passage ignoré.")
            continue
        raw = row.get("departure_time", "") or row.get("arrival_time", "")
        time = parse_time(raw) if raw else None
        if raw and time is None:
            check.warn(file, line, time_problem(raw))
        draft.calls.append((int(row["stop_sequence"]), line, stop, time, row.get("pickup_type", "") == "1"))


def _finish(draft: _Draft, stops: dict[str, Stop], file: str, check: Checker) -> Trip | None:
    """The trip in stop order with every time known, or None (and why) when it cannot be trusted."""
    calls = sorted(draft.calls)
    if len(calls) < 2:
        check.warn("trips.txt", draft.line, f"le trajet « {excerpt(draft.id)} » a moins de deux passages dans "
                                            f"{file} : ignoré.")
        return None
    for (seq, _, _, _, _), (nxt, line, _, _, _) in zip(calls, calls[1:]):
        if seq == nxt:
            check.warn(file, line, f"le trajet « {excerpt(draft.id)} » a deux passages de rang {seq} "
                                   "(stop_sequence) : trajet ignoré.")
            return None
    for end in (calls[0], calls[-1]):
        if end[3] is None:
            check.warn(file, end[1], f"le trajet « {excerpt(draft.id)} » n'a pas d'heure à son "
                                     f"{'premier' if end is calls[0] else 'dernier'} arrêt : trajet ignoré.")
            return None
    times = _spread([c[3] for c in calls])
    for previous, time, call in zip(times, times[1:], calls[1:]):
        if time < previous:
            check.warn(file, call[1], f"le trajet « {excerpt(draft.id)} » revient en arrière dans le temps à cet "
                                      "arrêt : trajet ignoré.")
            return None
    headsign = draft.headsign or stops[calls[-1][2]].name
    return Trip(draft.id, draft.route, draft.service, headsign, tuple(c[2] for c in calls), tuple(times),
                draft.direction, frozenset(i for i, c in enumerate(calls) if c[4]))


def _spread(times: list[int | None]) -> list[int]:
    """Missing times (None) between two known ones, spread evenly (the first and last are known)."""
    out: list[int] = []
    last_known = 0
    for i, time in enumerate(times):
        if time is not None:
            gap = i - last_known
            for k in range(1, gap):
                out.append(out[last_known] + (time - out[last_known]) * k // gap)
            out.append(time)
            last_known = i
    return out
