"""The built index kept in the data folder, so a restart does not rebuild it when nothing changed.

Why a cache at all: start-up with the 3,000 national fiches takes well under 2 s with it instead
of ~4 s. Why so careful writing it: it is written through a temporary file (a crash never leaves
half a cache), and a failed write (full disk) removes that file at once, since it would take the
space the database needs; stale `*.tmp` files are also removed at start-up (bot/datadir.py).
"""

from __future__ import annotations

import os
import pickle
from pathlib import Path

from .config import Settings
from .knowledge import Knowledge, Problem, errors, fingerprint, load_knowledge
from .matcher import Matcher

# The code that shapes the index: a change to any of them invalidates the cached index.
INDEX_CODE = [Path(__file__).with_name(n) for n in ("knowledge.py", "matcher.py")] + sorted(
    p for p in (Path(__file__).parent / "language").iterdir() if p.suffix in (".py", ".yaml", ".json", ".gz"))


def knowledge_fingerprint(dirs) -> str:
    """Signature of the knowledge folders and of the indexing code (stat only, a few ms)."""
    return fingerprint(dirs, INDEX_CODE)


def load_index(settings: Settings, fp: str) -> tuple[Knowledge, list[Problem], Matcher | None]:
    """Knowledge, its problems and its built index, reused from the data folder when nothing changed.

    A stale, unreadable or foreign cache is simply rebuilt; it is written only for knowledge
    without errors.
    """
    path = settings.data_dir / "cache" / "index.pickle"
    try:
        with open(path, "rb") as f:
            cached = pickle.load(f)
        if cached.get("fingerprint") == fp:
            return cached["knowledge"], cached["problems"], cached["matcher"]
    except Exception:  # missing, stale or from another version: rebuild
        pass
    cache_file = settings.data_dir / "cache" / "knowledge.pickle"  # parsed YAML files (bot/knowledge.py)
    knowledge, problems = load_knowledge(settings.knowledge_dirs, cache_file=cache_file)
    if errors(problems):
        return knowledge, problems, None
    matcher = Matcher(knowledge)
    _write(path, {"fingerprint": fp, "knowledge": knowledge, "problems": problems, "matcher": matcher})
    return knowledge, problems, matcher


def _write(path: Path, value: dict) -> None:
    """Write the cache whole or not at all (the cache is an optimisation only)."""
    tmp = path.with_suffix(".tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(tmp, "wb") as f:
            pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError:
        try:
            tmp.unlink()
        except OSError:
            pass
