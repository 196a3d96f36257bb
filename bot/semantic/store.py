"""Passage embeddings kept on disk, keyed by a hash of (model, kind, text): only what changed is embedded again.

Why keyed by the text and not by the entry: a re-import of the national catalogue or a clerk's
edit changes a few passages; every unchanged one keeps its vector, whatever file or id it moved
to. One file per model (its id is in the key too), written whole through a temporary file, read
without pickle; a file that is not exactly what this code writes is ignored and rebuilt, never
trusted. Vectors are stored as float16 (384 values, 768 bytes a passage: about 8 MB for the
national catalogue), which changes cosines by less than 0.001.
"""

from __future__ import annotations

import hashlib
import logging
import os
import threading
from pathlib import Path
import numpy as np

from .encoder import Kind

log = logging.getLogger("guichet.semantic")

FORMAT = "guichet embeddings, format 1"
MAX_KEPT = 60_000  # vectors no knowledge uses any more are dropped, oldest first, beyond this many


def passage_key(model_id: str, kind: Kind, text: str) -> bytes:
    """The 32-byte key of one text's vector for one model."""
    return hashlib.sha256(f"{model_id}\0{kind}\0{text}".encode("utf-8", "replace")).digest()


class EmbeddingStore:
    """The vectors of one model: an in-memory map from key to row, loaded from and saved to `path`."""

    def __init__(self, path: Path, model_id: str) -> None:
        self.path = path
        self.model_id = model_id
        self._lock = threading.Lock()
        self._keys: list[bytes] = []
        self._rows: dict[bytes, int] = {}
        self._blocks: list[np.ndarray] = []  # float16 matrices, concatenated on demand
        self._matrix: np.ndarray | None = None
        self._dirty = False
        self._load()

    @classmethod
    def in_cache(cls, cache_dir: Path, model_id: str) -> "EmbeddingStore":
        """The store of `model_id` in the data folder's cache (one file per model)."""
        name = hashlib.sha256(model_id.encode()).hexdigest()[:16]
        return cls(cache_dir / "semantic" / f"embeddings-{name}.npz", model_id)

    def __len__(self) -> int:
        return len(self._keys)

    def __contains__(self, key: bytes) -> bool:
        return key in self._rows

    def add(self, keys: list[bytes], vectors: np.ndarray) -> None:
        """Keep the vectors of `keys` (rows of `vectors`, in order)."""
        with self._lock:
            fresh = []
            for k, v in zip(keys, vectors):
                if k not in self._rows:
                    self._rows[k] = len(self._keys)
                    self._keys.append(k)
                    fresh.append(v)
            if not fresh:
                return
            self._blocks.append(np.asarray(fresh, dtype=np.float16))
            self._matrix = None
            self._dirty = True

    def matrix(self, keys: list[bytes]) -> np.ndarray:
        """The float16 vectors of `keys` (each must be present), one row per key."""
        with self._lock:
            whole = self._whole()
            return whole[[self._rows[k] for k in keys]]

    def _whole(self) -> np.ndarray:
        if self._matrix is None:
            self._matrix = (np.concatenate(self._blocks) if self._blocks else np.zeros((0, 0), np.float16))
            self._blocks = [self._matrix]
        return self._matrix

    def save(self, used: set[bytes] | None = None) -> None:
        """Write the store whole (a failure leaves the previous file, and is logged without detail).

        Vectors not in `used` are dropped, oldest first, when there are more than MAX_KEPT."""
        with self._lock:
            if not self._dirty and (used is None or len(self._keys) <= MAX_KEPT):
                return
            keep = list(range(len(self._keys)))
            if used is not None and len(keep) > MAX_KEPT:
                unused = [i for i in keep if self._keys[i] not in used]
                drop = set(unused[: len(keep) - MAX_KEPT])
                keep = [i for i in keep if i not in drop]
            keys = [self._keys[i] for i in keep]
            matrix = self._whole()[keep]
            self._keys, self._rows = keys, {k: i for i, k in enumerate(keys)}
            self._blocks, self._matrix, self._dirty = [matrix], matrix, False
        self._write(keys, matrix)

    def _write(self, keys: list[bytes], matrix: np.ndarray) -> None:
        tmp = self.path.with_name(self.path.name + ".tmp")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with open(tmp, "wb") as f:
                np.savez(f, format=np.array(FORMAT), model=np.array(self.model_id),
                         keys=np.array(keys, dtype="S32"), vectors=matrix)
            os.replace(tmp, self.path)
        except OSError as exc:  # a full disk: the cache is an optimisation, the bot goes on
            log.warning("cache des vecteurs non écrit (%s)", exc.strerror or type(exc).__name__)
            try:
                tmp.unlink()
            except OSError:
                pass

    def _load(self) -> None:
        try:
            with np.load(self.path, allow_pickle=False) as data:
                if str(data["format"]) != FORMAT or str(data["model"]) != self.model_id:
                    return
                keys, vectors = data["keys"], data["vectors"]
                if (keys.dtype != np.dtype("S32") or vectors.dtype != np.float16 or vectors.ndim != 2
                        or len(keys) != len(vectors)):
                    return
                keys_list = [bytes(k).ljust(32, b"\0") for k in keys]  # numpy strips trailing NULs
        except FileNotFoundError:
            return
        except Exception:  # truncated, damaged or foreign: rebuilt, never trusted
            log.warning("cache des vecteurs illisible : il sera reconstruit")
            return
        self._keys, self._rows = keys_list, {k: i for i, k in enumerate(keys_list)}
        self._blocks, self._matrix = [vectors], vectors
