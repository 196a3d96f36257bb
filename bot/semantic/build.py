"""Embed what the store lacks for a knowledge, in batches, saving as it goes: the first build resumes after a stop.

The cost is paid once: about 3,000 passages (the national catalogue) take a few minutes on two
cores; afterwards a re-import or a clerk's edit embeds only the passages whose text changed.
"""

from __future__ import annotations

import time
from typing import Callable

from ..kb import Entry
from .encoder import Encoder
from .store import EmbeddingStore
from .vectors import EntryVectors, entry_vectors, missing_passages, passage_keys

BATCH = 8         # passages per call: a question waits little behind one; the build adds about 80 MB at its peak
SAVE_EVERY = 30.0  # seconds between saves during a long first build

Progress = Callable[[int, int], None]  # (done, total) passages


def build_vectors(entries: list[Entry], encoder: Encoder, store: EmbeddingStore,
                  progress: Progress | None = None, cancelled: Callable[[], bool] = lambda: False,
                  ) -> tuple[EntryVectors | None, int]:
    """The vectors of `entries` (None when cancelled), and how many passages had to be embedded."""
    todo = missing_passages(entries, store)
    total = len(todo)
    if progress is not None:
        progress(0, total)
    saved = time.monotonic()
    for start in range(0, total, BATCH):
        if cancelled():
            store.save()
            return None, start
        batch = todo[start:start + BATCH]
        store.add([k for k, _ in batch], encoder.encode([t for _, t in batch], "passage"))
        if progress is not None:
            progress(min(start + BATCH, total), total)
        if time.monotonic() - saved > SAVE_EVERY:
            store.save()
            saved = time.monotonic()
    store.save(used={k for ks in passage_keys(entries, store.model_id) for k in ks})
    return entry_vectors(entries, store), total
