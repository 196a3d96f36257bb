"""The semantic ranker kept in step with the engine's matcher, built by one background thread.

Why a thread: the first build reads every passage with the model (minutes for the national
catalogue), and the bot must answer from its first second. It answers lexically until the
ranker of its current knowledge is ready; after a reload, the new knowledge is lexical for the
seconds it takes to embed what changed. Loading the model (and checking its hash) happens in
the thread too, so start-up never waits for it.
"""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path
from typing import Callable

from ..safelog import describe_exception
from ..search import Matcher
from .build import Progress, build_vectors
from .encoder import Encoder, load_encoder
from .rerank import SemanticRanker
from .store import EmbeddingStore

log = logging.getLogger("guichet.semantic")


class SemanticService:
    """Follows the engine's matcher; `ranker(matcher)` is its semantic ranker once built, else None."""

    def __init__(self, cache_dir: Path, progress: Progress | None = None,
                 load: Callable[[], Encoder | None] = load_encoder) -> None:
        self._cache_dir = cache_dir
        self._progress = progress
        self._load = load
        self._cond = threading.Condition()
        self._wanted: Matcher | None = None
        self._ranker: SemanticRanker | None = None
        self._thread: threading.Thread | None = None
        self._closed = False
        self.unavailable = False
        self.last_build = (0, 0.0)  # (passages embedded, seconds) of the last build

    def follow(self, matcher: Matcher) -> None:
        """The engine now answers with `matcher`: build its ranker in the background."""
        with self._cond:
            self._wanted = matcher
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="guichet-semantic", daemon=True)
                self._thread.start()
            self._cond.notify_all()

    def ranker(self, matcher: Matcher) -> SemanticRanker | None:
        """The semantic ranker of `matcher`, when built (None: answer lexically)."""
        ranker = self._ranker
        return ranker if ranker is not None and ranker.matcher is matcher else None

    def wait(self, timeout: float | None = None) -> SemanticRanker | None:
        """Block until the followed matcher's ranker is built; None when the model is unavailable."""
        with self._cond:
            self._cond.wait_for(lambda: self.unavailable or self._closed or self.ranker(self._wanted) is not None,
                                timeout)
            return None if self.unavailable else self.ranker(self._wanted)

    def close(self, timeout: float = 5.0) -> None:
        """Stop building: the thread saves what it embedded and ends (waited for, within `timeout`,
        so that no call into the model is under way while the interpreter exits)."""
        with self._cond:
            self._closed = True
            self._cond.notify_all()
            thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout)

    def _run(self) -> None:
        try:
            encoder = self._load()
            if encoder is None:  # the reason is already in the log, once
                return self._give_up()
            store = EmbeddingStore.in_cache(self._cache_dir, encoder.model_id)
            while (matcher := self._next()) is not None:
                self._build(matcher, encoder, store)
        except Exception as exc:  # a bug here must leave the bot answering lexically, not stop it
            log.error("classement sémantique arrêté : %s", describe_exception(exc))
            self._give_up()

    def _next(self) -> Matcher | None:
        """The matcher whose ranker is to be built next (None once closed)."""
        with self._cond:
            self._cond.wait_for(lambda: self._closed or self.ranker(self._wanted) is None)
            return None if self._closed else self._wanted

    def _build(self, matcher: Matcher, encoder: Encoder, store: EmbeddingStore) -> None:
        start = time.monotonic()
        entries = matcher.index.entries
        vectors, embedded = build_vectors(entries, encoder, store, self._progress,
                                cancelled=lambda: self._closed or self._wanted is not matcher)
        if vectors is None:
            return
        ranker = SemanticRanker(matcher, vectors, encoder)
        with self._cond:
            self._ranker = ranker
            self.last_build = (embedded, time.monotonic() - start)
            self._cond.notify_all()
        log.info("classement sémantique prêt : %d fiches, %d passage(s) lu(s) par le modèle en %.1f s",
                 len(entries), *self.last_build)

    def _give_up(self) -> None:
        with self._cond:
            self.unavailable = True
            self._cond.notify_all()
