"""Loading knowledge folders as one Knowledge with all its problems, and telling when they changed."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Iterable

from .build import Builder
from .cases import read_cases
from .model import Knowledge, Problem
from .yamlio import case_files, display, parse_yaml_file, read_cache, write_cache, yaml_files


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
    for root in (Path(d) for d in dirs):
        if not root.is_dir():
            builder.problems.append(Problem(display(root), 1, "dossier de connaissances introuvable."))
            continue
        for path in yaml_files(root):
            seen_files.add(str(path))
            data, problem = parse_yaml_file(path, cache)
            if problem:
                builder.problems.append(problem)
                builder.k.files += 1
                continue
            builder.document(display(path), data)
        for path in case_files(root):
            builder.path = display(path)
            data, problem = parse_yaml_file(path, None)
            if problem:
                builder.problems.append(problem)
                continue
            builder.k.cases.extend(read_cases(builder, data))
    builder.finish()
    if cache_file is not None and (cache.pop("__misses__", 0) or set(cache) - seen_files):
        write_cache(cache_file, {k: v for k, v in cache.items() if k in seen_files})
    return builder.k, builder.problems


def errors(problems: Iterable[Problem]) -> list[Problem]:
    """The problems that stop the knowledge from being served (warnings left out)."""
    return [p for p in problems if p.level == "error"]


def fingerprint(dirs: Iterable[str | Path], extra: Iterable[Path] = ()) -> str:
    """A cheap signature of the knowledge folders: every YAML file's path, size and mtime.

    Used to reuse a built index across restarts (start-up in well under 2 s with the 3,000
    national fiches) and to notice edits while the bot runs, without reading any file.
    """
    h = hashlib.sha1()
    for root in dirs:
        root = Path(root)
        h.update(str(root.resolve()).encode())
        if not root.is_dir():
            continue
        for path in yaml_files(root) + case_files(root):
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
