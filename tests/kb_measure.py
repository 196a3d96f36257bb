"""Load knowledge folders one by one in a fresh process; print problems, time and memory of each.

Used by tests/test_kb_mistakes.py: hostile files (an alias bomb, a pipe, a link to /dev/zero)
are read here, in a child process with a memory cap, so that a regression fails the test
instead of freezing or exhausting the machine that runs the suite.

    python3 tests/kb_measure.py FOLDER...   ->  one JSON line per folder
"""

from __future__ import annotations

import json
import resource
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # this checkout's bot/, not an installed one

from bot.kb import check_cases, load_knowledge  # noqa: E402

MEMORY_CAP = 1 << 30  # far above the 200 MB asserted: only there to stop a runaway


def measure(folder: str) -> dict:
    tracemalloc.start()
    started = time.perf_counter()
    try:
        knowledge, problems = load_knowledge([folder])
        problems += check_cases(knowledge)
        outcome = {"problems": [[p.path, p.line, p.message, p.level] for p in problems]}
    except BaseException as exc:  # noqa: BLE001 - the very thing the tests look for
        outcome = {"exception": f"{type(exc).__name__}: {str(exc)[:300]}"}
    seconds = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {"folder": folder, "seconds": seconds, "peak_mb": peak / 1e6, **outcome}


def main(folders: list[str]) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))
    for folder in folders:
        print(json.dumps({"start": folder}), flush=True)
        print(json.dumps(measure(folder), ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
