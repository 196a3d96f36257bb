"""A GTFS feed turned into a Timetable, every file checked: the network, its stops, lines and
service calendars here; the trips and their times in `feed_trips.py`.

`read_feed(source)` never raises on bad content: it returns the timetable (None when an error
makes it unusable) with every problem at its `file.txt:line` (the levels: `feed_check.py`).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

from ..kb.model import Problem
from ..kb.quote import excerpt
from .feed_check import CALENDAR_FILES, REQUIRED_FILES, Checker, parse_coordinate, parse_date, date_problem
from .feed_read import Feed, FeedUnreadable, Table
from .feed_trips import read_trips
from .model import WEEKDAYS, Route, Service, Stop, Timetable

DEFAULT_TIMEZONE = "Europe/Paris"


def read_feed(source: Path) -> tuple[Timetable | None, list[Problem]]:
    """The timetable of the GTFS zip or folder `source`, with its problems (errors first)."""
    check = Checker()
    try:
        feed = Feed(source)
    except FeedUnreadable as exc:
        return None, [Problem(source.name, 1, str(exc).partition(" : ")[2] or str(exc))]
    try:
        timetable = _build(feed, check)
    except FeedUnreadable as exc:  # a file too large, or not CSV: its own `file:line: message`
        where, _, message = str(exc).partition(": ")
        file, _, line = where.partition(":")
        check.error(file, int(line) if line.isdigit() else 1, message)
        timetable = None
    finally:
        feed.close()
    check.finish()
    problems = sorted(check.problems, key=lambda p: p.level != "error")
    return (None if check.failed else timetable), problems


def _build(feed: Feed, check: Checker) -> Timetable | None:
    missing = [f for f in REQUIRED_FILES if not feed.has(f)]
    if not any(feed.has(f) for f in CALENDAR_FILES):
        missing.append("calendar.txt ou calendar_dates.txt")
    for file in missing:
        check.error(file, 1, "fichier obligatoire absent du flux GTFS.")
    if missing:
        return None
    agency, timezone, url = _agency(_table(feed, "agency.txt", check), check)
    stops = _stops(_table(feed, "stops.txt", check), check)
    routes = _routes(_table(feed, "routes.txt", check), check)
    services = _services(feed, check)
    if check.failed:
        return None
    trips = read_trips(_table(feed, "trips.txt", check), _table(feed, "stop_times.txt", check),
                       stops, routes, services, check)
    if feed.has("frequencies.txt"):
        check.warn("frequencies.txt", 1, "fichier non pris en compte : les trajets qui y sont décrits par une "
                                         "fréquence ne montrent que leur premier départ.")
    if not trips and not check.failed:
        check.error("stop_times.txt", 1, "aucun trajet utilisable : rien à importer.")
    used = {s for trip in trips for s in trip.stops}
    return Timetable(agency, timezone, {k: v for k, v in stops.items() if k in used}, routes, services, trips,
                     source=feed.name, url=url)


def _table(feed: Feed, file: str, check: Checker) -> Table:
    table = feed.table(file)
    if table.recoded:
        check.warn(file, 1, "fichier pas en UTF-8 : lu comme du Windows-1252 (vérifiez les accents des noms).")
    return table


def _agency(table: Table, check: Checker) -> tuple[str, str, str]:
    """The network's name, time zone and web address (the first agency's; others must share the zone)."""
    if not check.columns(table.file, table.columns, ("agency_name", "agency_timezone")):
        return "", DEFAULT_TIMEZONE, ""
    first: dict[str, str] | None = None
    for line, row in table.rows:
        if first is None:
            first = row
            if not _known_zone(row["agency_timezone"]):
                check.error(table.file, line, f"fuseau horaire inconnu « {excerpt(row['agency_timezone'])} » : "
                                              "écrivez par exemple Europe/Paris.")
        elif row["agency_timezone"] != first["agency_timezone"]:
            check.warn(table.file, line, "fuseau horaire différent de celui du premier réseau : celui du premier "
                                         "est utilisé pour tous les horaires.")
    if first is None:
        check.error(table.file, 1, "aucun réseau décrit (fichier vide).")
        return "", DEFAULT_TIMEZONE, ""
    return first["agency_name"], first["agency_timezone"], first.get("agency_url", "")


def _known_zone(name: str) -> bool:
    try:
        ZoneInfo(name)
    except Exception:  # noqa: BLE001 - ZoneInfoNotFoundError, ValueError on odd names
        return False
    return bool(name)


def _stops(table: Table, check: Checker) -> dict[str, Stop]:
    """The stops where a bus stops (location_type 0 or empty); stations and entrances are left out."""
    file = table.file
    if not check.columns(file, table.columns, ("stop_id", "stop_name")):
        return {}
    stops: dict[str, Stop] = {}
    for line, row in table.rows:
        sid = row["stop_id"]
        if row.get("location_type", "") not in ("", "0"):
            continue
        if not sid:
            check.warn(file, line, "arrêt sans identifiant (stop_id vide) : ligne ignorée.")
            continue
        if sid in stops:
            check.warn(file, line, f"l'arrêt « {excerpt(sid)} » est décrit deux fois : la première ligne est gardée.")
            continue
        name = row["stop_name"]
        if not name:
            check.warn(file, line, f"l'arrêt « {excerpt(sid)} » n'a pas de nom (stop_name) : son identifiant le remplace.")
        lat, lon = parse_coordinate(row.get("stop_lat", ""), 90), parse_coordinate(row.get("stop_lon", ""), 180)
        if lat is None or lon is None:
            check.warn(file, line, f"position de l'arrêt « {excerpt(sid)} » absente ou impossible (stop_lat, "
                                   "stop_lon en degrés décimaux, ex. 46.8123 et 2.4567) : il ne sera pas "
                                   "proposé autour d'une position partagée.")
            lat = lon = None
        stops[sid] = Stop(sid, name or sid, lat, lon)
    return stops


def _routes(table: Table, check: Checker) -> dict[str, Route]:
    file = table.file
    if not check.columns(file, table.columns, ("route_id",)):
        return {}
    routes: dict[str, Route] = {}
    for line, row in table.rows:
        rid = row["route_id"]
        if not rid:
            check.warn(file, line, "ligne sans identifiant (route_id vide) : ignorée.")
            continue
        if rid in routes:
            check.warn(file, line, f"la ligne « {excerpt(rid)} » est décrite deux fois : la première est gardée.")
            continue
        short, long = row.get("route_short_name", ""), row.get("route_long_name", "")
        if not short and not long:
            check.warn(file, line, f"la ligne « {excerpt(rid)} » n'a ni route_short_name ni route_long_name : "
                                   "son identifiant la nomme.")
            short = rid
        routes[rid] = Route(rid, short, long)
    return routes


def _services(feed: Feed, check: Checker) -> dict[str, Service]:
    """calendar.txt's weekly services, then calendar_dates.txt's added and removed days."""
    weekly: dict[str, Service] = {}
    if feed.has("calendar.txt"):
        weekly = _calendar(_table(feed, "calendar.txt", check), check)
    added: dict[str, set[dt.date]] = {}
    removed: dict[str, set[dt.date]] = {}
    if feed.has("calendar_dates.txt"):
        _calendar_dates(_table(feed, "calendar_dates.txt", check), check, added, removed)
    services = {}
    for sid in sorted(set(weekly) | set(added) | set(removed)):
        base = weekly.get(sid, Service(sid))
        services[sid] = Service(sid, base.days, base.start, base.end,
                                frozenset(added.get(sid, ())), frozenset(removed.get(sid, ())))
    return services


def _calendar(table: Table, check: Checker) -> dict[str, Service]:
    file = table.file
    if not check.columns(file, table.columns, ("service_id", *WEEKDAYS, "start_date", "end_date")):
        return {}
    services: dict[str, Service] = {}
    for line, row in table.rows:
        sid = row["service_id"]
        if not sid or sid in services:
            check.warn(file, line, f"service « {excerpt(sid)} » " + ("sans identifiant" if not sid else "décrit deux fois")
                       + " : ligne ignorée.")
            continue
        bad = [d for d in WEEKDAYS if row[d] not in ("0", "1")]
        if bad:
            check.warn(file, line, f"« {bad[0]} » vaut « {excerpt(row[bad[0]])} » : écrivez 1 (le service circule "
                                   "ce jour-là) ou 0 ; service ignoré.")
            continue
        start, end = parse_date(row["start_date"]), parse_date(row["end_date"])
        if start is None or end is None:
            column = "start_date" if start is None else "end_date"
            check.warn(file, line, date_problem(row[column], column) + " Service ignoré.")
            continue
        if start > end:
            check.warn(file, line, f"le service « {excerpt(sid)} » finit ({row['end_date']}) avant de commencer "
                                   f"({row['start_date']}) : ignoré.")
            continue
        services[sid] = Service(sid, tuple(row[d] == "1" for d in WEEKDAYS), start, end)
    return services


def _calendar_dates(table: Table, check: Checker, added: dict, removed: dict) -> None:
    file = table.file
    if not check.columns(file, table.columns, ("service_id", "date", "exception_type")):
        return
    for line, row in table.rows:
        sid, day = row["service_id"], parse_date(row["date"])
        if not sid:
            check.warn(file, line, "exception sans service (service_id vide) : ignorée.")
        elif day is None:
            check.warn(file, line, date_problem(row["date"], "date") + " Exception ignorée.")
        elif row["exception_type"] not in ("1", "2"):
            check.warn(file, line, f"exception_type vaut « {excerpt(row['exception_type'])} » : écrivez 1 (service "
                                   "ajouté ce jour-là) ou 2 (service supprimé) ; exception ignorée.")
        else:
            (added if row["exception_type"] == "1" else removed).setdefault(sid, set()).add(day)
