"""Find the entry that answers a citizen's question, and decide: answer, choose, fallback, smalltalk.

How (README, « Comment le moteur décide »; measured with `guichet eval`):
1. The question goes through `bot.language.text` and the synonyms table, like the knowledge did
   when the index was built (`bot.search.index`).
2. Query words unknown to the index are corrected against its vocabulary (`bot.search.spelling`).
3. Candidates come from the inverted index, scored with BM25 over weighted fields, plus the
   entries whose whole title (or a staff question) the question covers.
4. The top candidates are re-ranked by coverage: how much of the question the entry explains, and
   how much of the entry's best phrasing (title or one question) the question covers.
5. The decision uses that confidence with calibrated thresholds and a margin between the first two.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache, partial

import numpy as np

from ..kb import NATIONAL_ID, Entry, Knowledge
from ..language import english
from ..language import text as T
from ..language.background import BACKGROUND
from ..language.synonyms import Synonyms
from .clarify import clarifying_question
from .index import Index, build_index
from .smalltalk import detect_smalltalk
from .spelling import correction

_SMS_PLU = re.compile(r"(?<![\w'’])plu(?!\w)")

RERANK = 25
TITLE_CANDIDATES = 10  # entries whose whole title (or a staff question) the question covers
# Ranking = weighted sum of re-ranking signals (see Matcher.features), calibrated on tests/eval.
NARROW_PENALTY = 0.06
BROAD_WORDS, BROAD_PENALTY = 3, 0.05  # a life-event checklist answers a situation, not a precise question
MARKED_PENALTY = 0.08  # an entry for an audience the question does not name (index.MARKED_AUDIENCES)
RANK_WEIGHTS = {"q_cov": 0.1, "q_title": 0.1, "phrase": 0.15, "dice": 0.2, "bm25": 0.3, "prior": 0.2}
# Confidence used to decide (absolute signals only: nothing relative to the other candidates).
# "How much of the question does the best entry explain?", mostly.
DECISION_WEIGHTS = {"q_cov": 1.0, "q_title": 0.25, "phrase": 0.25}

# Decision thresholds, calibrated on tests/eval (see README "Qualité des réponses").
# Minimum decision confidence to answer (or to choose, when the margin is too thin): half of a
# short question must be explained; every word beyond three lowers that by 0.13 (a long story
# holds incidental words no entry explains), never below 0.3. Below it: fallback.
MIN_CONFIDENCE, PER_EXTRA_WORD, MIN_CONFIDENCE_FLOOR = 0.5, 0.13, 0.3
STORY_WORDS, STORY_EVIDENCE = 8, 1.2
MARGIN = 0.11         # the first must lead the second (ranking score) by this much to answer
SURE_CONFIDENCE, SURE_MARGIN = 0.9, 0.02  # chosen on the dev sets: +19 right answers for 1 wrong
CHOOSE_BAND = 0.16    # candidates within this of the first are offered in a choice (at most MAX_CHOICES)
MAX_CHOICES = 5
TOWN_CROWD = 0.1  # a town entry this far below the best national coverage is not offered (_band)
# Context words (the time of day or week: "hier soir", "ce matin", "le week-end"; the town's own
# name) say when or where something happened, rarely what the need is. An entry that explains
# only them gets this share of their credit, for ranking, confidence and the BM25 shortlist
# (Index.context). They still weigh in the question, so a question made of little else
# ("un film ce soir ?") stays out of scope; a question made only of them keeps its order.
CONTEXT_WEIGHT = 0.3
CONTEXT_COVER = 0.8  # … unless it also has a question word in its title, questions or keywords


def _context_words(qset: list[str], context: frozenset[str]) -> frozenset[str]:
    """The question's context words, when it also has other words (else nothing to set apart)."""
    found = context.intersection(qset)
    return frozenset(found) if found and len(found) < len(qset) else frozenset()



def _band(best: "Candidate", rivals: list["Candidate"], candidates: list["Candidate"]) -> list["Candidate"]:
    """The candidates offered in a choice: those close to the first, one per title (two
    "Passeport" guides confuse), at most MAX_CHOICES, at least two.

    With the national catalogue loaded beside the town's entries, the town's prior lifts every
    town entry; one that explains clearly less of the question than the best national candidate
    ("carte grise perdue": the town's identity card) is not offered: it would take the place of a
    better national fiche.
    """
    national = [c.features["q_cov"] for c in candidates if NATIONAL_ID.match(c.entry.id)]
    weak = max(national) - TOWN_CROWD if national else -1.0
    band: list[Candidate] = []
    for c in [best] + rivals:
        if best.score - c.score > CHOOSE_BAND or T.fold(c.entry.title) in {T.fold(b.entry.title) for b in band}:
            continue
        if c.features["q_cov"] < weak and not NATIONAL_ID.match(c.entry.id):
            continue
        band.append(c)
    band = band[:MAX_CHOICES]
    return band if len(band) >= 2 else candidates[:2]



def _kinds(qset: list[str], best: "Candidate", rivals: list["Candidate"]) -> bool:
    """A one-word question whose two leading titles are that word with different qualifiers
    ("divorce": "Divorce pour faute", "Divorce par consentement mutuel"): kinds of one thing, so
    neither is the general answer, and a thin lead is no reason to pick one."""
    if len(qset) != 1 or not rivals:
        return False
    heads = [T.terms(c.entry.title) for c in (best, rivals[0])]
    return all(len(h) > 1 and h[0] == qset[0] for h in heads)



def _typed_acronyms(question: str, folded: list[str], synonyms: Synonyms) -> frozenset[str]:
    """The known acronyms that are also stop words ("BSR", "PAS", "CE") where the question types
    them as acronyms: in capitals (Synonyms.acronyms_in), or alone (but a greeting alone, "bsr",
    stays a greeting)."""
    if synonyms.stop_acronyms.keys().isdisjoint(folded):
        return frozenset()
    typed = set(synonyms.acronyms_in(question))
    if len(folded) == 1 and folded[0] in synonyms.stop_acronyms and not detect_smalltalk(folded):
        typed.add(folded[0])
    return frozenset(typed)


@dataclass
class Candidate:
    """An entry with its ranking score, and the signals behind it (for decisions and `--json`)."""

    entry: Entry
    score: float
    features: dict[str, float] = field(default_factory=dict, repr=False)


@dataclass
class Result:
    """What to do with a question; the engine turns it into a reply."""

    decision: str  # answer | choose | fallback | smalltalk
    candidates: list[Candidate] = field(default_factory=list)
    smalltalk: str = ""  # greeting | thanks | identity | insult | help | bye | empty
    question: str = ""  # the clarifying question for `choose`
    choices: list[Candidate] = field(default_factory=list)
    unknown_share: float = 0.0
    confidence: float = 0.0

    @property
    def best(self) -> Entry | None:
        return self.candidates[0].entry if self.candidates else None


class Matcher:
    """Questions against the index of a Knowledge: build once (at load), query many times."""

    def __init__(self, knowledge: Knowledge) -> None:
        self.index: Index = build_index(knowledge)
        self._correct = lru_cache(maxsize=50_000)(partial(correction, self.index))

    # The index is what a cache stores; the typo cache is per process, rebuilt on load.
    def __getstate__(self) -> dict:
        return {"index": self.index}

    def __setstate__(self, state: dict) -> None:
        self.index = state["index"]
        self._correct = lru_cache(maxsize=50_000)(partial(correction, self.index))

    # -- query side
    def analyse(self, question: str) -> tuple[list[str], list[str], float]:
        """Folded words, query stems (corrected, synonyms applied), share of unknown words."""
        if len(question) > 12 and " plu" in question:
            # "j'y arrive plu": in lower case inside a sentence, "plu" is the SMS "plus", not the
            # PLU (plan local d'urbanisme), which citizens write alone or in capitals.
            question = _SMS_PLU.sub("plus", question)
        ix = self.index
        folded = T.words(question, ix.sms)
        acronyms = _typed_acronyms(question, folded, ix.synonyms)
        content = [w for w in folded if (w not in T.STOP_WORDS or w in acronyms) and not w.isdigit()]
        fixed_words: list[str] = []
        stems: list[str] = []
        unknown = 0
        for w in content:
            if w in acronyms:  # itself (as entries typing it have it), and its meaning's stems
                meaning = ix.synonyms.stop_acronyms[w]
                stems.extend((w,) + meaning)
                fixed_words.extend([w] + [""] * len(meaning))
                continue
            s = T.stem(w)
            if s not in ix.stem_vocab:
                # no real word is longer than 30 letters: do not try (nor cache) a 4,000-letter one
                fixed = self._correct(w) if len(w) <= 30 else None
                if fixed is not None:
                    w, s = fixed, T.stem(fixed)
                else:
                    unknown += 1
            fixed_words.append(w)
            stems.append(s)
        rewritten, _ = ix.synonyms.rewrite(fixed_words, stems)
        share = unknown / len(content) if content else 0.0
        return folded, rewritten, share

    def search(self, question: str, limit: int = 10) -> tuple[list[Candidate], list[str], float, list[str]]:
        """Ranked candidates (confidence in [0, 1]) for a question."""
        folded, stems, unknown_share = self.analyse(question)
        qset = list(dict.fromkeys(stems))
        ix = self.index
        if not qset or not ix.entries:
            return [], folded, unknown_share, qset
        timed = _context_words(qset, ix.context)
        top = self._shortlist(qset, timed)
        if not top:
            return [], folded, unknown_share, qset
        weights = {s: ix.idf.get(s, ix.unknown_idf) * BACKGROUND.get(s, 1.0) ** ix.background_alpha
                   for s in qset}
        total = sum(weights.values()) or 1.0
        plain_total = sum(ix.idf.get(s, ix.unknown_idf) for s in qset) or 1.0  # same scale as phrases
        best_bm25 = top[0][1] or 1.0
        qs = set(qset)
        said = qs | set(folded)
        unsaid = {i for i, trig in enumerate(ix.marked_triggers) if not trig & said}
        scored = []
        for idx, b in top:
            feats = self.features(idx, qset, qs, weights, total, plain_total, b / best_bm25, timed)
            rank = sum(w * feats[k] for k, w in RANK_WEIGHTS.items()) / sum(RANK_WEIGHTS.values())
            rank -= NARROW_PENALTY * ix.narrow[idx]
            if ix.entries[idx].kind == "checklist" and len(qset) > BROAD_WORDS:
                rank -= BROAD_PENALTY
            if unsaid and any(i in unsaid for i in ix.marks[idx]):
                rank -= MARKED_PENALTY
                feats["marked"] = 1.0
            scored.append(Candidate(ix.entries[idx], round(rank, 4), feats))
        scored.sort(key=lambda c: (-c.score, c.entry.id))
        return scored[:limit], folded, unknown_share, qset

    def _shortlist(self, qset: list[str], timed: frozenset[str]) -> list[tuple[int, float]]:
        """The entries worth re-ranking, as (position, BM25 score), best BM25 first.

        The BM25 leaders, plus the entries whose whole title (or a staff question) the question
        covers: "Passeport" must reach the re-ranking even when long bodies outscore it.
        Context words (`timed`) count a share of their score for an entry matching nothing else.
        Empty when no question word is in the index.
        """
        ix = self.index
        acc = np.zeros(len(ix.entries), dtype=np.float64)
        hit = False
        when = np.zeros(len(ix.entries), dtype=np.float64) if timed else acc
        for s in qset:
            arrays = ix.arrays.get(s)
            if arrays is not None:
                (when if s in timed else acc)[arrays[0]] += arrays[1]
                hit = True
        if timed:
            acc += np.where(acc > 0, when, when * CONTEXT_WEIGHT)
        if not hit:
            return []
        k = min(RERANK, len(acc))
        best = set(np.argpartition(-acc, k - 1)[:k].tolist())
        titled = np.zeros(len(ix.entries), dtype=np.float64)
        for s in qset:
            arrays = ix.title_arrays.get(s)
            if arrays is not None:
                titled[arrays[0]] += arrays[1]
        titled /= ix.shortest_phrase
        kt = min(TITLE_CANDIDATES, len(titled))
        best.update(int(i) for i in np.argpartition(-titled, kt - 1)[:kt] if titled[i] >= 0.99)
        top = [(i, float(acc[i])) for i in best if acc[i] > 0]
        top.sort(key=lambda kv: -kv[1])
        return top

    def features(self, idx: int, qset: list[str], qs: set[str], weights: dict[str, float],
                 total: float, plain_total: float, bm25_rel: float,
                 timed: frozenset[str] = frozenset()) -> dict[str, float]:
        """The re-ranking signals of one candidate, each in [0, 1]."""
        ix = self.index
        cover = ix.cover[idx]
        if timed and not any(cover.get(s, 0.0) >= CONTEXT_COVER for s in qset if s not in timed):
            # the entry explains only when or where, not what the question is about
            cover = {s: c * CONTEXT_WEIGHT if s in timed else c for s, c in cover.items()}
            qs = qs - timed
            bm25_rel *= CONTEXT_WEIGHT
        q_cov = sum(weights[s] * cover.get(s, 0.0) for s in qset) / total
        q_title = sum(weights[s] for s in qset if cover.get(s) == 1.0) / total
        phrase = dice = 0.0
        for p, pw in ix.phrase_weights[idx]:
            covered = sum(w for s, w in p if s in qs)
            if covered:
                phrase = max(phrase, covered / pw)
                dice = max(dice, 2 * covered / (pw + plain_total))
        # Evidence: the question's words that the entry has in its title, questions or keywords,
        # in units of the rarest word's weight (a long story's confidence share is diluted).
        evidence = sum(weights[s] for s in qset if cover.get(s, 0.0) >= 0.8 and s not in timed) / ix.max_idf
        return {"q_cov": q_cov, "q_title": q_title, "phrase": phrase, "dice": dice, "bm25": bm25_rel,
                "prior": ix.prior[idx], "evidence": evidence}

    # -- decision
    def ask(self, question: str) -> Result:
        """Decide what to do with a citizen's question (never raises on any text)."""
        question = T.clean_input(question)
        candidates, folded, unknown_share, qset = self.search(english.to_french(question))  # English: its French reading
        talk = detect_smalltalk(folded)
        if talk and not _typed_acronyms(question, folded, self.index.synonyms):  # "BSR ?" is no greeting

            return Result("smalltalk", candidates, smalltalk=talk)
        if not candidates:
            return Result("fallback", candidates, smalltalk="" if folded else "empty", unknown_share=unknown_share)
        confidence = self.confidence(candidates[0])
        needed = max(MIN_CONFIDENCE_FLOOR, MIN_CONFIDENCE - PER_EXTRA_WORD * max(0, len(qset) - 3))
        # A long story dilutes the share of the question any entry explains; when the best entry
        # still names its words strongly, the story is about it, not out of scope.
        story = len(qset) >= STORY_WORDS and candidates[0].features["evidence"] >= STORY_EVIDENCE
        if confidence < needed and not story:
            return Result("fallback", candidates, unknown_share=unknown_share, confidence=confidence)
        first = candidates[0].score
        # A sibling for an audience the question did not name (a minor, a civil servant) is not a
        # rival of the everyday one: the clerk's answer is the everyday one (index.MARKED_AUDIENCES).
        unmarked = "marked" not in candidates[0].features
        rivals = [c for c in candidates[1:] if not (unmarked and "marked" in c.features)]
        second = rivals[0].score if rivals else 0.0
        # When the best entry explains nearly all of the question, a thin lead is enough.
        # … unless a bare word leads to one kind of it among others ("divorce": _kinds).
        sure = confidence >= SURE_CONFIDENCE and not _kinds(qset, candidates[0], rivals)
        margin = SURE_MARGIN if sure else MARGIN
        if first - second >= margin:
            return Result("answer", candidates, unknown_share=unknown_share, confidence=confidence)
        band = _band(candidates[0], rivals, candidates)
        question_text = clarifying_question([c.entry for c in band])
        return Result("choose", candidates, question=question_text, choices=band, unknown_share=unknown_share,
                      confidence=confidence)

    @staticmethod
    def confidence(candidate: Candidate) -> float:
        """How sure we are that this candidate answers: absolute coverage signals, in [0, 1]."""
        f = candidate.features
        return sum(w * f[k] for k, w in DECISION_WEIGHTS.items()) / sum(DECISION_WEIGHTS.values())
