"""Loading knowledge folders as one Knowledge with all its problems, and telling when they changed."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any, Callable, Iterable

from .build import Builder
from .build_heritage import photo_files
from .build_transit import add_timetables, read_timetable, transit_files
from .cases import read_cases
from .model import Knowledge, Problem
from .jsonio import parse_json_file
from .yamlio import (case_files, display, geojson_files, ids_in_broken_file, parse_yaml_file, read_cache, write_cache,
                     yaml_files)


def load_knowledge(dirs: Iterable[str | Path], cache_file: Path | None = None) -> tuple[Knowledge, list[Problem]]:
    """Load every knowledge folder in `dirs` as one Knowledge; return it with all its problems.

    Never raises on bad content: problems are returned (errors and warnings), so `guichet check`
    can print them all and the running bot can keep serving its last good knowledge. `cache_file`
    keeps parsed files between runs (keyed on modification time and size): the 3,000 national
    fiches then load in a fraction of a second.
    """
    cache = read_cache(cache_file) if cache_file is not None else {}
    cache.pop("__misses__", None)
    builder = Builder()
    seen_files: set[str] = set()
    timetables = []
    for root in (Path(d) for d in dirs):
        if not root.is_dir():
            builder.problems.append(Problem(display(root), 1, "dossier de connaissances introuvable."))
            continue
        builder.root = root  # photos are written relative to their knowledge folder
        for path in yaml_files(root):
            seen_files.add(str(path))
            data = _parse(builder, path, root, cache)
            if data is _BROKEN:
                builder.k.files += 1
            else:
                _guarded(builder, path, lambda: builder.document(display(path), data))
        for path in geojson_files(root):
            seen_files.add(str(path))
            data, problem = parse_json_file(path, cache, root)
            if problem is None:
                _guarded(builder, path, lambda: builder.zone_map(display(path), data))
            else:
                builder.problems.append(problem)
                builder.zone_map(display(path), None)
        for path in case_files(root):
            builder.path = display(path)
            data = _parse(builder, path, root, None)
            if data is not _BROKEN:
                _guarded(builder, path, lambda: builder.k.cases.extend(read_cases(builder, data)))
        for path in transit_files(root):
            builder.k.files += 1
            _guarded(builder, path, lambda: _timetable(builder, path, root, timetables))
    _guarded(builder, None, builder.finish)
    _guarded(builder, None, lambda: add_timetables(builder.k, timetables))
    if cache_file is not None and (cache.pop("__misses__", 0) or set(cache) - seen_files):
        write_cache(cache_file, {k: v for k, v in cache.items() if k in seen_files})
    return builder.k, builder.problems


_BROKEN = object()


def _timetable(builder: Builder, path: Path, root: Path, timetables: list) -> None:
    """Read one imported bus timetable (bot/kb/build_transit.py): kept when usable, its problems reported."""
    timetable, problems = read_timetable(path, root)
    builder.problems += problems
    if timetable is not None:
        timetables.append(timetable)


def _parse(builder: Builder, path: Path, root: Path, cache: dict | None) -> Any:
    """The parsed content of `path`, or _BROKEN once its problem is recorded with the ids it
    seems to define (so that references to them are not reported as well)."""
    try:
        data, problem = parse_yaml_file(path, cache, root)
    except Exception as exc:  # noqa: BLE001 - see `_guarded`
        data, problem = None, _internal(display(path), exc)
    if problem is None:
        return data
    builder.problems.append(problem)
    ids = ids_in_broken_file(path, root)
    if ids is None:
        builder.k.unbuilt_unknown = True
    else:
        builder.k.unbuilt_ids |= ids
    return _BROKEN


def _guarded(builder: Builder, path: Path | None, step: Callable[[], Any]) -> None:
    """Run one building step; a bug of ours on strange content becomes a problem, not a crash.

    Every known mistake has its own message; this is the last line of defence, so that a clerk's
    save can never stop the bot (the tests assert that it is never reached)."""
    try:
        step()
    except Exception as exc:  # noqa: BLE001 - reported, and the knowledge is not served
        builder.problems.append(_internal(display(path) if path is not None else builder.path, exc))


def _internal(where: str, exc: Exception) -> Problem:
    return Problem(where or "connaissances", 1, f"erreur interne en lisant ce fichier ({type(exc).__name__}) : "
                                                "signalez-la à l'équipe technique avec ce fichier.")


def errors(problems: Iterable[Problem]) -> list[Problem]:
    """The problems that stop the knowledge from being served (warnings left out)."""
    return [p for p in problems if p.level == "error"]


def fingerprint(dirs: Iterable[str | Path], extra: Iterable[Path] = ()) -> str:
    """A cheap signature of the knowledge folders: every YAML and GeoJSON file's (and photo's) path, size
    and mtime.

    Used to reuse a built index across restarts (start-up in well under 2 s with the 3,000
    national fiches) and to notice edits while the bot runs, without reading any file.
    """
    h = hashlib.sha1()
    for root in dirs:
        root = Path(root)
        h.update(str(root.resolve()).encode())
        if not root.is_dir():
            continue
        for path in yaml_files(root) + geojson_files(root) + case_files(root) + photo_files(root) + transit_files(root):
            try:
                st = path.stat()
            except OSError:
                continue
            h.update(f"{path}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    for path in extra:
        try:
            st = Path(path).stat()
            h.update(f"{path}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
        except OSError:
            pass
    return h.hexdigest()
