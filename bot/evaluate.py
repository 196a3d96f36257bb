"""`guichet eval`: measure answer quality on a YAML list of cases (docs/evaluation.md, a stable contract).

Definitions (over in-scope cases unless said): top1 best candidate expected; top3 an expected id
among the first three; direct decision `answer` with an expected id; resolved direct, or `choose`
offering an expected id; choose_rate decision `choose`; wrong decision `answer` with an unexpected
id; oos_rejected out-of-scope cases whose decision is `fallback` or `smalltalk`. Latencies are per
question, engine only, index already built. `ranking` says which ranker answered (lexical, or
semantic once its vectors are built), `semantic_share` how often the model was asked.
"""

from __future__ import annotations

import statistics
import time
from typing import Any, Protocol

from .kb import Case
from .search import Result


class Ranking(Protocol):
    """The lexical Matcher, or the semantic ranker wrapped around it."""

    def ask(self, question: str) -> Result: ...


def percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    values = sorted(values)
    k = min(len(values) - 1, max(0, round(q / 100 * (len(values) - 1))))
    return values[k]


def evaluate(matcher: Ranking, cases: list[Case], ranking: str = "lexical") -> dict[str, Any]:
    """Run every case through the matcher (or ranker) and compute the metrics of docs/evaluation.md."""
    reranked_before = getattr(matcher, "reranked", 0)
    ins = [c for c in cases if c.expect]
    oos = [c for c in cases if not c.expect]
    counts = dict.fromkeys(("top1", "top3", "direct", "resolved", "choose", "wrong", "oos_rejected"), 0)
    times: list[float] = []
    failures = []
    for case in cases:
        start = time.perf_counter()
        result = matcher.ask(case.q)
        times.append((time.perf_counter() - start) * 1000)
        ids = [c.entry.id for c in result.candidates]
        offered = [c.entry.id for c in result.choices]
        got = ids[0] if ids else None
        expect = set(case.expect)
        if not expect:
            ok = result.decision in ("fallback", "smalltalk")
            counts["oos_rejected"] += ok
        else:
            counts["top1"] += got in expect
            counts["top3"] += bool(expect & set(ids[:3]))
            direct = result.decision == "answer" and got in expect
            counts["direct"] += direct
            resolved = direct or (result.decision == "choose" and bool(expect & set(offered)))
            counts["resolved"] += resolved
            counts["choose"] += result.decision == "choose"
            counts["wrong"] += result.decision == "answer" and got not in expect
            ok = resolved
        if not ok:
            failures.append({"q": case.q, "expect": case.expect, "got": got, "decision": result.decision,
                             "candidates": ids[:3], "offered": offered,
                             "score": result.candidates[0].score if result.candidates else 0.0})
    n_in, n_out = len(ins) or 1, len(oos) or 1
    return {
        "ranking": ranking,
        "cases": len(cases),
        "in_scope": len(ins),
        "out_of_scope": len(oos),
        "top1": round(counts["top1"] / n_in, 4),
        "top3": round(counts["top3"] / n_in, 4),
        "direct": round(counts["direct"] / n_in, 4),
        "resolved": round(counts["resolved"] / n_in, 4),
        "choose_rate": round(counts["choose"] / n_in, 4),
        "wrong": round(counts["wrong"] / n_in, 4),
        "oos_rejected": round(counts["oos_rejected"] / n_out, 4) if oos else 1.0,
        "semantic_share": round((getattr(matcher, "reranked", 0) - reranked_before) / (len(cases) or 1), 4),
        "p50_ms": round(statistics.median(times), 3) if times else 0.0,
        "p99_ms": round(percentile(times, 99), 3),
        "failures": failures,
    }
