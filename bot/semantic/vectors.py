"""The passage vectors of one knowledge, laid out for question time: one float16 matrix, a span per entry.

Built from the embedding store once the store holds every passage (`missing_passages` says what
the background build still has to embed). Memory: 768 bytes a passage, about 6 MB for the
national catalogue's 6,925 passages.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..kb import Entry
from .passages import entry_passages
from .store import EmbeddingStore, passage_key


@dataclass(frozen=True, slots=True)
class EntryVectors:
    """`matrix[starts[id]:stops[id]]` are the unit vectors of the passages of the entry `id`."""

    matrix: np.ndarray  # float16, (passages, dim)
    spans: dict[str, tuple[int, int]]

    def best_cosines(self, ids: list[str], query: np.ndarray) -> list[float]:
        """For each entry id, the best cosine between the query and one of its passages (0.0 if none)."""
        rows = [self.spans.get(i, (0, 0)) for i in ids]
        picked = np.concatenate([np.arange(a, b) for a, b in rows]) if rows else np.zeros(0, int)
        if not len(picked):
            return [0.0] * len(ids)
        cos = self.matrix[picked].astype(np.float32) @ query.astype(np.float32)
        out, at = [], 0
        for a, b in rows:
            out.append(float(cos[at:at + b - a].max()) if b > a else 0.0)
            at += b - a
        return out


def passage_keys(entries: list[Entry], model_id: str) -> list[list[bytes]]:
    """The store keys of each entry's passages, in the order of `entries`."""
    return [[passage_key(model_id, "passage", t) for t in entry_passages(e)] for e in entries]


def missing_passages(entries: list[Entry], store: EmbeddingStore) -> list[tuple[bytes, str]]:
    """(key, text) of the passages the store has no vector for yet, without repeats."""
    todo: dict[bytes, str] = {}
    for e in entries:
        for t in entry_passages(e):
            k = passage_key(store.model_id, "passage", t)
            if k not in todo and k not in store:
                todo[k] = t
    return list(todo.items())


def entry_vectors(entries: list[Entry], store: EmbeddingStore) -> EntryVectors:
    """The vectors of `entries`, all of whose passages must be in the store."""
    keys = passage_keys(entries, store.model_id)
    spans, at = {}, 0
    for e, ks in zip(entries, keys):
        spans[e.id] = (at, at + len(ks))
        at += len(ks)
    flat = [k for ks in keys for k in ks]
    matrix = store.matrix(flat) if flat else np.zeros((0, 0), np.float16)
    return EntryVectors(matrix, spans)
