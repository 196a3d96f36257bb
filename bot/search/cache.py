"""The built index, kept on disk between runs: start-up with the national catalogue in well under 2 s.

A versioned cache: the file opens with a header naming its format and the fingerprint of the
knowledge files and of the code that shapes the index. A file whose header does not match (an
older format, other knowledge, another program's file) is rebuilt, never unpickled, so nothing
stale or foreign is ever trusted. Written through a temporary file, so a crash never leaves half
a cache.
"""

from __future__ import annotations

import os
import pickle
from pathlib import Path
from typing import Iterable

from ..kb import Knowledge, Problem, errors, fingerprint, load_knowledge
from .matcher import Matcher

CACHE_FORMAT = b"guichet index cache, format 1\n"
_BOT = Path(__file__).resolve().parent.parent
# The code that shapes the index: a change to any of these files invalidates the cache;
# bot/transit: the knowledge kept in the cache holds the bus timetable.
INDEX_CODE = (sorted((_BOT / "kb").glob("*.py")) + sorted((_BOT / "search").glob("*.py"))
              + sorted((_BOT / "transit").glob("*.py"))
              + sorted((_BOT / "zones").glob("*.py"))
              + sorted(p for p in (_BOT / "language").iterdir() if p.suffix in (".py", ".yaml", ".json", ".gz")))


def knowledge_fingerprint(dirs: Iterable[str | Path]) -> str:
    """Signature of the knowledge folders and of the indexing code (a stat of each file, a few ms)."""
    return fingerprint(dirs, INDEX_CODE)


def _header(fp: str) -> bytes:
    return CACHE_FORMAT + fp.encode() + b"\n"


def load_index(dirs: Iterable[str | Path], cache_dir: Path, fp: str) -> tuple[Knowledge, list[Problem], Matcher | None]:
    """Knowledge, its problems and its built index (None when the knowledge has errors).

    Reused from `cache_dir` when the header says it was built from these very files and code;
    written there only for knowledge without errors.
    """
    path = cache_dir / "index.pickle"
    header = _header(fp)
    try:
        with open(path, "rb") as f:
            if f.read(len(header)) == header:
                cached = pickle.load(f)
                return cached["knowledge"], cached["problems"], cached["matcher"]
    except Exception:  # missing, unreadable, or truncated: rebuild
        pass
    knowledge, problems = load_knowledge(dirs, cache_file=cache_dir / "knowledge.pickle")
    if errors(problems):
        return knowledge, problems, None
    matcher = Matcher(knowledge)
    _write(path, header, {"knowledge": knowledge, "problems": problems, "matcher": matcher})
    return knowledge, problems, matcher


def _write(path: Path, header: bytes, value: dict) -> None:
    """Write the cache whole or not at all: a failed write (full disk) removes its temporary file
    at once, since it would take the space the database needs (the cache is an optimisation only)."""
    tmp = path.with_suffix(".tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(tmp, "wb") as f:
            f.write(header)
            pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError:
        try:
            tmp.unlink()
        except OSError:
            pass
