"""`guichet bench`, semantic part: the cost of re-ranking with the model on the real national fiches.

Reported beside the lexical table: the first build (passages the model had to read, seconds),
how long the ranker takes to be ready from a warm cache (model loaded and hash checked, vectors
read), the memory it adds, and the time per question with re-ranking, over all questions and
over those the model was asked about (the others keep the lexical decision, at lexical cost).
"""

from __future__ import annotations

import gc
import sys
import time

from .config import Settings
from .evaluate import percentile
from .kb import Entry, Knowledge
from .search import Matcher
from .semantic import ProgressBar, SemanticRanker, encoder as encoder_module
from .semantic.build import build_vectors
from .semantic.store import EmbeddingStore
from .semantic.vectors import entry_vectors


def run_semantic_bench(entries: list[Entry], queries: list[str], rss_mb) -> None:
    """Print the semantic table for `entries` (the real fiches), asked `queries`."""
    matcher = Matcher(Knowledge(entries={e.id: e for e in entries}))
    gc.collect()
    before = rss_mb()
    encoder = encoder_module.load_encoder()
    if encoder is None:
        print("\nclassement sémantique indisponible (la raison est dans le journal) : tableau non mesuré.")
        return
    cache = Settings.from_env().data_dir / "cache"
    start = time.perf_counter()
    vectors, embedded = build_vectors(matcher.index.entries, encoder, EmbeddingStore.in_cache(cache, encoder.model_id),
                                      ProgressBar())
    build = time.perf_counter() - start
    ready = _ready_from_cache(matcher, cache)
    ranker = SemanticRanker(matcher, vectors, encoder)
    for q in queries[:20]:
        ranker.ask(q)  # warm, as a running bot is
    all_times, reread = [], []
    for q in queries:
        asked = ranker.reranked
        t = time.perf_counter()
        ranker.ask(q)
        all_times.append((time.perf_counter() - t) * 1000)
        if ranker.reranked > asked:
            reread.append(all_times[-1])
    added = rss_mb() - before
    print("\n| classement sémantique | fiches | p50 (ms) | p99 (ms) | questions relues par le modèle | leur p50 / p99 (ms) "
          "| première lecture des fiches | prêt depuis le cache (s) | mémoire ajoutée (Mo) |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    print(f"| {encoder.model_id} | {len(matcher.index.entries)} | {percentile(all_times, 50):.2f} "
          f"| {percentile(all_times, 99):.2f} | {len(reread)}/{len(queries)} | {percentile(reread, 50):.1f} / "
          f"{percentile(reread, 99):.1f} | {embedded} passages en {build:.1f} s | {ready:.2f} | {added:.0f} |", flush=True)
    if embedded == 0:
        print("(les passages étaient déjà dans le cache : pour mesurer la première lecture, "
              "GUICHET_DATA_DIR vers un dossier vide)", file=sys.stderr)


def _ready_from_cache(matcher: Matcher, cache) -> float:
    """Seconds from nothing to a ranker, with every vector in the cache: what a restart costs."""
    encoder_module.forget_loaded()
    start = time.perf_counter()
    encoder = encoder_module.load_encoder()
    store = EmbeddingStore.in_cache(cache, encoder.model_id)
    entry_vectors(matcher.index.entries, store)
    return time.perf_counter() - start
