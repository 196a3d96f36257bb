"""The imported timetable on disk: `transport/horaires.json` in a knowledge folder, written by
`guichet import-gtfs` and read by the knowledge loader like the YAML files.

Why JSON rather than SQLite: the timetable is small (a town's network is a few thousand trips,
well under a megabyte), the bot needs all of it in memory to answer at once, and `json` reads it in
a few milliseconds; a text file also shows in `git diff` what a new feed changed, and the same feed
always gives the same bytes (the repository's test re-imports the demo feed and compares).

Layout (one record a line, so that a diff names the trip that changed):
    {"format": FORMAT, "source", "agency", "timezone", "url",
     "stops": {id: [name, lat, lon]}, "routes": {id: [short name, long name]},
     "services": {id: [days "1111100", start "YYYYMMDD" or "", end, [added days], [removed days]]},
     "trips": [[id, route, service, headsign, direction or null, [stop ids], [seconds], [no-pickup positions]]],
     "problems": [[file, line, message]]}   the feed's warnings, shown again by `guichet check`
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path
from typing import Any

from .model import Route, Service, Stop, Timetable, Trip

FORMAT = "guichet-horaires 1"
FOLDER, FILE = "transport", "horaires.json"
MAX_BYTES = 200_000_000
REIMPORT = "réimportez le flux avec « guichet import-gtfs FLUX.zip --out DOSSIER »."


def timetable_path(knowledge_dir: Path) -> Path:
    """Where a knowledge folder keeps its imported timetable."""
    return knowledge_dir / FOLDER / FILE


def dumps(tt: Timetable) -> str:
    """The timetable as the text of `horaires.json` (the same timetable always gives the same text)."""
    def one(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))

    def block(items: list[str], opening: str, closing: str) -> str:
        return opening + ("\n" + ",\n".join(items) + "\n" if items else "") + closing

    stops = [f"{one(s.id)}: {one([s.name, s.lat, s.lon])}" for s in sorted(tt.stops.values(), key=lambda s: s.id)]
    routes = [f"{one(r.id)}: {one([r.short_name, r.long_name])}" for r in sorted(tt.routes.values(), key=lambda r: r.id)]
    services = [f"{one(s.id)}: {one(_service_row(s))}" for s in sorted(tt.services.values(), key=lambda s: s.id)]
    trips = [one([t.id, t.route, t.service, t.headsign, t.direction, list(t.stops), list(t.times), sorted(t.no_pickup)])
             for t in tt.trips]
    head = {"format": FORMAT, "source": tt.source, "agency": tt.agency, "timezone": tt.timezone, "url": tt.url}
    parts = [f"{one(k)}: {one(v)}" for k, v in head.items()]
    parts += [f'"stops": {block(stops, "{", "}")}', f'"routes": {block(routes, "{", "}")}',
              f'"services": {block(services, "{", "}")}', f'"trips": {block(trips, "[", "]")}',
              f'"problems": {block([one(list(p)) for p in tt.problems], "[", "]")}']
    return "{\n" + ",\n".join(parts) + "\n}\n"


def _service_row(s: Service) -> list[Any]:
    day = (lambda d: d.strftime("%Y%m%d") if d else "")
    return ["".join("1" if d else "0" for d in s.days), day(s.start), day(s.end),
            sorted(day(d) for d in s.added), sorted(day(d) for d in s.removed)]


def write(tt: Timetable, knowledge_dir: Path) -> Path:
    """Write the timetable into `knowledge_dir` at once (a reader never sees half a file)."""
    path = timetable_path(knowledge_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(dumps(tt), encoding="utf-8")
    os.replace(tmp, path)
    return path


def read(path: Path) -> tuple[Timetable | None, int, str]:
    """The timetable in `path` (see `loads`); the knowledge loader opens it through bot/kb/door.py instead."""
    try:
        return loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        return None, 1, f"fichier d'horaires illisible ({type(exc).__name__}) : {REIMPORT}"


def loads(text: str) -> tuple[Timetable | None, int, str]:
    """The timetable written by `dumps`, or (None, line, French message) when the text is damaged or
    of another format."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        return None, exc.lineno, f"fichier d'horaires abîmé (modifié à la main ?) : {REIMPORT}"
    except RecursionError:
        return None, 1, f"fichier d'horaires abîmé (imbrication sans fin) : {REIMPORT}"
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return None, 1, f"fichier d'horaires d'un autre format que « {FORMAT} » : {REIMPORT}"
    try:
        return _timetable(data), 1, ""
    except (KeyError, TypeError, ValueError, IndexError) as exc:
        return None, 1, f"fichier d'horaires incohérent ({type(exc).__name__}) : {REIMPORT}"


def _timetable(data: dict) -> Timetable:
    """Build from the parsed JSON; a reference leading nowhere raises KeyError (the file was edited)."""
    stops = {k: Stop(str(k), str(v[0]), _coordinate(v[1]), _coordinate(v[2])) for k, v in data["stops"].items()}
    routes = {k: Route(str(k), str(v[0]), str(v[1])) for k, v in data["routes"].items()}
    services = {k: _service(str(k), v) for k, v in data["services"].items()}
    trips = []
    for tid, route, service, headsign, direction, stop_ids, times, no_pickup in data["trips"]:
        if route not in routes or service not in services or any(s not in stops for s in stop_ids) \
                or len(stop_ids) != len(times) or len(times) < 2:
            raise KeyError(tid)
        trips.append(Trip(str(tid), route, service, str(headsign), tuple(stop_ids), tuple(int(t) for t in times),
                          None if direction is None else int(direction), frozenset(int(p) for p in no_pickup)))
    problems = [(str(f), int(line), str(message)) for f, line, message in data["problems"]]
    return Timetable(str(data["agency"]), str(data["timezone"]), stops, routes, services, trips,
                     source=str(data["source"]), url=str(data["url"]), problems=problems)


def _coordinate(value: Any) -> float | None:
    return None if value is None else float(value)


def _service(sid: str, row: list) -> Service:
    days, start, end, added, removed = row
    if len(days) != 7:
        raise ValueError(days)
    date = (lambda v: dt.datetime.strptime(v, "%Y%m%d").date() if v else None)
    return Service(sid, tuple(c == "1" for c in days), date(start), date(end),
                   frozenset(date(d) for d in added), frozenset(date(d) for d in removed))
