"""`guichet bench`: how the matcher scales (latency p50/p99, index build time, memory), and the semantic ranker's cost.

Sizes: 1,000 and 2,976 entries come from the real national corpus (imported on the fly from
`../shared/service-public/` when no `--knowledge` is given); 10,000 and 50,000 are synthetic,
made by recombining real titles and summaries with a fixed seed, so the vocabulary and the
posting-list lengths grow as they would with more real fiches. Queries are real titles with one
word dropped and one typo, so typo correction and re-ranking are part of what is measured.
"""

from __future__ import annotations

import gc
import os
import random
import sys
import tempfile
import time
from pathlib import Path

from .config import PROJECT_ROOT
from .evaluate import percentile
from .kb import Entry, Knowledge, load_knowledge
from .search import Matcher

SHARED_ZIP = PROJECT_ROOT.parent / "shared" / "service-public" / "vosdroits-particuliers.zip"


def rss_mb() -> float:
    """Resident memory of this process in MB (Linux /proc; 0 elsewhere)."""
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6
    except (OSError, ValueError):
        return 0.0


def national_entries(args) -> list[Entry]:
    """The real fiches: from --knowledge folders, else imported from the zip into a temporary
    folder that is removed once loaded (the entries stay in memory)."""
    dirs = getattr(args, "knowledge", None)
    if dirs:
        return load_knowledge(dirs)[0].visible()
    source = Path(args.source) if args.source else SHARED_ZIP
    if not source.exists():
        return []
    from .importers.service_public import import_service_public

    with tempfile.TemporaryDirectory(prefix="guichet-bench-") as out:
        print(f"import de {source.name} dans un dossier temporaire …", file=sys.stderr)
        import_service_public(source, Path(out))
        return load_knowledge([out])[0].visible()


def synthetic(base: list[Entry], n: int, rng: random.Random) -> list[Entry]:
    """`n` entries: the real ones first, then recombinations of their titles and summaries."""
    out = list(base[:n])
    titles = [e.title.split() for e in base]
    summaries = [e.summary.split() for e in base if e.summary]
    i = 0
    while len(out) < n:
        a, b = rng.choice(titles), rng.choice(titles)
        title = " ".join(a[: max(1, len(a) // 2)] + b[len(b) // 2:])
        s1, s2 = rng.choice(summaries), rng.choice(summaries)
        summary = " ".join(s1[: len(s1) // 2] + s2[len(s2) // 2:])
        out.append(Entry(id=f"s{i}", title=title, category="synthetique", summary=summary))
        i += 1
    return out


def make_queries(entries: list[Entry], count: int, rng: random.Random) -> list[str]:
    queries = []
    for e in rng.sample(entries, min(count, len(entries))):
        words = e.title.split()
        if len(words) > 2:
            words.pop(rng.randrange(len(words)))
        w = rng.randrange(len(words))
        if len(words[w]) > 4:
            j = rng.randrange(1, len(words[w]) - 1)
            words[w] = words[w][:j] + words[w][j + 1:]
        queries.append("comment " + " ".join(words).lower())
    return queries


def run_bench(args) -> int:
    rng = random.Random(42)
    base = national_entries(args)
    if not base:
        print("corpus national introuvable : donnez un catalogue importé (--knowledge DOSSIER) ou le zip "
              f"officiel (--source ZIP) ; sans eux, la copie {SHARED_ZIP} est lue.", file=sys.stderr)
        return 1
    sizes = [int(s) for s in str(args.sizes).split(",") if s.strip()]
    rows = []
    print(f"{len(base)} fiches réelles ; tailles {sizes}", file=sys.stderr)
    print("| entrées | construction (s) | p50 (ms) | p99 (ms) | mémoire ajoutée (Mo) | mémoire du processus (Mo) |")
    print("| --- | --- | --- | --- | --- | --- |")
    for n in sizes:
        entries = synthetic(base, n, rng)
        gc.collect()
        before = rss_mb()
        start = time.perf_counter()
        matcher = Matcher(Knowledge(entries={e.id: e for e in entries}))
        build = time.perf_counter() - start
        mem = rss_mb() - before
        queries = make_queries(entries, args.queries, rng)
        for q in queries[:20]:  # warm the caches once, as a running bot has
            matcher.ask(q)
        times = []
        for q in queries:
            t = time.perf_counter()
            matcher.ask(q)
            times.append((time.perf_counter() - t) * 1000)
        row = (n, build, percentile(times, 50), percentile(times, 99), mem)
        rows.append(row)
        print(f"| {n} | {build:.2f} | {row[2]:.3f} | {row[3]:.3f} | {mem:.0f} | {rss_mb():.0f} |", flush=True)
        del matcher
    if getattr(args, "semantic", None) is not False:  # --no-semantic: the lexical table only
        from .bench_semantic import run_semantic_bench

        run_semantic_bench(base, make_queries(base, args.queries, rng), rss_mb)
    if args.chart:
        write_chart(rows, Path(args.chart))
        print(f"graphique : {args.chart}", file=sys.stderr)
    return 0


def write_chart(rows, path: Path) -> None:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("matplotlib absent : pip install guichet[bench] pour le graphique", file=sys.stderr)
        return
    sizes = [r[0] for r in rows]
    fig, ax = plt.subplots(figsize=(7, 4))
    ax.plot(sizes, [r[2] for r in rows], marker="o", label="p50 par question (ms)")
    ax.plot(sizes, [r[3] for r in rows], marker="o", label="p99 par question (ms)")
    ax.set_xscale("log")
    ax.set_xlabel("nombre de fiches")
    ax.set_ylabel("ms")
    ax.set_title("Guichet : temps de réponse du moteur selon la taille du corpus")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.tight_layout()
    fig.savefig(path, dpi=100)
