"""Semantic re-ranking of the lexical candidates, and the decision taken after it (its own thresholds).

The lexical matcher finds and scores candidates; when its decision is not already sure, the
first ten are re-scored as `lexical score / first lexical score + COSINE_WEIGHT · cosine`, the
cosine between the question and the entry's passage (`passages.py`), and the decision is taken
again on that order. Calibrated on the dev sets of tests/eval (README, « Classement sémantique »,
gives the numbers; the never-seen sets were not looked at).
"""

from __future__ import annotations

import logging
from dataclasses import replace

from ..language import text as T
from ..safelog import describe_exception
from ..search import Candidate, Matcher, Result, clarifying_question
from .encoder import Encoder
from .vectors import EntryVectors

TOP = 10                # lexical candidates re-scored
COSINE_WEIGHT = 8.0     # e5's cosines of related texts lie within about 0.75–0.95: a 0.05 lead is 0.4
# A lexical answer this sure is kept without asking the model (measured on the dev sets: 255 of
# 258 answers at confidence ≥ 0.9 were right, and the model changed none of those for the better).
SURE_CONFIDENCE, SURE_MARGIN = 0.9, 0.2
MARGIN = 0.3            # the re-ranked first must lead the second by this much (score units above) to answer
CHOOSE_BAND = 0.7       # candidates within this of the first are offered in a choice
MAX_CHOICES = 5
QUERY_CHARS = 1000      # the model reads a question's first 1,000 characters (a long story's cost is bounded)
# A question the lexical matcher found too weakly explained (it would fall back): out of scope
# unless the model finds it close to the first entry; answered directly only when very close.
RESCUE, RESCUE_ANSWER = 0.86, 0.88
FLOOR = 0.82            # below this cosine, even a lexical match is not an answer (out of scope)

log = logging.getLogger("guichet.semantic")


class SemanticRanker:
    """A matcher's decisions, re-ranked with the vectors of its knowledge (same `ask` as `Matcher`)."""

    def __init__(self, matcher: Matcher, vectors: EntryVectors, encoder: Encoder) -> None:
        self.matcher = matcher
        self.vectors = vectors
        self.encoder = encoder
        self.asked = self.reranked = 0  # how often the model was needed (guichet eval and bench report it)

    def ask(self, question: str) -> Result:
        """The lexical decision when it is sure, else the decision on the re-ranked candidates."""
        lexical = self.matcher.ask(question)
        self.asked += 1
        if is_sure(lexical):
            return lexical
        try:
            query = self.encoder.encode([T.clean_input(question, QUERY_CHARS)], "query")[0]
        except Exception as exc:  # the model failing on one question: the lexical answer, not an apology
            log.error("classement sémantique en échec sur une question : %s", describe_exception(exc))
            return lexical
        self.reranked += 1
        top = lexical.candidates[:TOP]
        cosines = self.vectors.best_cosines([c.entry.id for c in top], query)
        first = top[0].score or 1e-9
        ranked = [_rescored(c, cos, c.score / first + COSINE_WEIGHT * cos) for c, cos in zip(top, cosines)]
        ranked.sort(key=lambda c: (-c.features["semantic"], c.entry.id))
        return decide(lexical, ranked + lexical.candidates[TOP:])


def is_sure(lexical: Result) -> bool:
    """Whether the lexical decision stands without the model: small talk, nothing found, or a sure answer."""
    if lexical.decision == "smalltalk" or not lexical.candidates:
        return True
    if lexical.decision != "answer":
        return False
    rest = lexical.candidates[1:]
    margin = lexical.candidates[0].score - (rest[0].score if rest else 0.0)
    return lexical.confidence >= SURE_CONFIDENCE or margin >= SURE_MARGIN


def decide(lexical: Result, ranked: list[Candidate]) -> Result:
    """Answer, choose or fall back on the re-ranked candidates (`features["semantic"]`, `["cosine"]`)."""
    best = ranked[0]
    cosine = best.features["cosine"]
    unexplained = lexical.decision == "fallback"  # the lexical matcher found the question too weakly explained
    common = {"unknown_share": lexical.unknown_share, "confidence": lexical.confidence}
    if cosine < FLOOR or (unexplained and cosine < RESCUE):
        return Result("fallback", ranked, **common)
    scored = [c for c in ranked if "semantic" in c.features]
    lead = best.features["semantic"] - (scored[1].features["semantic"] if len(scored) > 1 else 0.0)
    agrees = lexical.decision == "answer" and best.entry is lexical.candidates[0].entry
    if agrees or (lead >= MARGIN and (not unexplained or cosine >= RESCUE_ANSWER)):
        return Result("answer", ranked, **common)
    band = _band(scored)
    return Result("choose", ranked, question=clarifying_question([c.entry for c in band]), choices=band, **common)


def _band(scored: list[Candidate]) -> list[Candidate]:
    """The close candidates offered in a choice: one per title, at most MAX_CHOICES, at least two."""
    first = scored[0].features["semantic"]
    band: list[Candidate] = []
    titles: set[str] = set()
    for c in scored:
        title = T.fold(c.entry.title)
        if first - c.features["semantic"] <= CHOOSE_BAND and title not in titles:
            band.append(c)
            titles.add(title)
    return band[:MAX_CHOICES] if len(band) >= 2 else scored[:2]


def _rescored(candidate: Candidate, cosine: float, semantic: float) -> Candidate:
    """The candidate with its lexical score kept (the engine's thresholds read it) and the new signals."""
    return replace(candidate, features={**candidate.features, "cosine": round(cosine, 4),
                                        "semantic": round(semantic, 4)})
