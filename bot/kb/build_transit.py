"""The imported bus timetables of the knowledge folders (`transport/horaires.json`, written by
`guichet import-gtfs`): read like the YAML files, reloaded when they change, and their problems
reported by `guichet check` (the feed's own warnings at their `file.txt:line`)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..transit import store
from ..transit.merge import merge
from ..transit.model import Timetable
from . import door
from .model import Knowledge, Problem
from .yamlio import display


def transit_files(root: Path) -> list[Path]:
    """The imported timetable of the knowledge folder `root`, if it has one."""
    path = store.timetable_path(root)
    return [path] if path.exists() or path.is_symlink() else []


def read_timetable(path: Path, root: Path) -> tuple[Timetable | None, list[Problem]]:
    """The timetable in `path` and its problems: one error when the file cannot be used (the knowledge
    is then not served, as with a broken YAML file), the feed's warnings otherwise."""
    shown = display(path)
    try:
        fd, _ = door.open_file(path, root, limit=store.MAX_BYTES)
        text = door.decode(door.read_bytes(fd, limit=store.MAX_BYTES))
    except door.Refused as exc:
        return None, [Problem(shown, exc.line, exc.message)]
    timetable, line, message = store.loads(text)
    if timetable is None:
        return None, [Problem(shown, line, message)]
    return timetable, [Problem(f"{timetable.source}/{file}", n, text, "warning")
                       for file, n, text in timetable.problems]


def add_timetables(k: Knowledge, timetables: list[Timetable]) -> None:
    """The knowledge's timetable: every folder's network, served as one."""
    k.transit = merge(timetables)


EXPIRY_NOTICE_DAYS = 30


def transit_warnings(k: Knowledge, today: dt.date) -> list[Problem]:
    """`guichet check`'s reminder when the imported timetable ends soon or has ended: the bot would
    then honestly say it knows no bus, and the network has surely published the next feed."""
    last = k.transit.last_day() if k.transit is not None else None
    if last is None or last - today > dt.timedelta(days=EXPIRY_NOTICE_DAYS):
        return []
    where = f"{store.FOLDER}/{store.FILE}"
    when = "se sont arrêtés" if last < today else "s'arrêtent"
    return [Problem(where, 1, f"les horaires de bus importés {when} le {last:%d/%m/%Y} : importez le nouveau flux "
                              "du réseau (guichet import-gtfs).", "warning")]
