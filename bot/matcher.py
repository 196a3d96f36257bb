"""Find the entry that answers a citizen's question, and decide: answer, choose, fallback, smalltalk.

How (GUIDE §3, measured in `guichet eval`):
1. Both the knowledge and the question go through `bot.language.text` (folding, elisions, SMS, stop words,
   stems) and the synonyms table (any expression of a group also counts as the group's first one).
2. Query words unknown to the index are corrected against the index vocabulary with rapidfuzz
   (only words of similar length are compared, so it stays cheap).
3. Candidates come from an inverted index scored with BM25 over weighted fields (title and staff
   questions above keywords, summary, then body).
4. The top candidates are re-ranked by coverage: how much of the question the entry explains, and
   how much of the entry's best phrasing (title or one question) the question covers.
5. The decision uses that confidence with calibrated thresholds and a margin between the first two.
"""

from __future__ import annotations

import bisect
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
from rapidfuzz import fuzz, process

from .language import text as T
from .language.background import BACKGROUND, BACKGROUND_DOCUMENTS
from .language.synonyms import Synonyms, load_base_language
from .kb import NATIONAL_ID, Entry, Knowledge
from .language.lexicon import lexicon

_SMS_PLU = re.compile(r"(?<![\w'’])plu(?!\w)")
BACKGROUND_ALPHA = 0.5


# Field weights (BM25F style): what staff wrote to be matched counts more than body text.
W_TITLE, W_QUESTION, W_KEYWORD, W_SUMMARY, W_LABEL, W_BODY = 3.0, 3.0, 2.0, 1.0, 0.8, 0.3
# How much a word found only in a field counts for coverage.
COVER_WEIGHT = {"title": 1.0, "keyword": 0.8, "summary": 0.6, "body": 0.3, "sections": 0.3}
BM25_K1, BM25_B = 1.2, 0.6
RERANK = 25
TITLE_CANDIDATES = 10  # entries whose whole title (or a staff question) the question covers
BODY_CHARS = 300
# Ranking = weighted sum of re-ranking signals (see Matcher.features), calibrated on tests/eval.
NARROW_PENALTY = 0.06
BROAD_WORDS, BROAD_PENALTY = 3, 0.05  # a life-event checklist answers a situation, not a precise question
# Marked audiences. Sibling fiches often differ by who they are for: "Carte d'identité d'un
# majeur" / "d'un mineur", "Congé maternité … secteur privé" / "… fonction publique". A clerk
# assumes the everyday case (an adult, an employee of the private sector, in mainland France)
# unless the question says otherwise; an entry whose title names a marked audience ranks lower
# when the question mentions none of that audience's words. (title words, question words)
MARKED_AUDIENCES = [  # (title phrases, comma-separated; words of a question that names the audience)
    ("mineur, mineure, mineurs, mineures",
     "mineur mineure enfant enfants fils fille bebe ado adolescent adolescente nourrisson "
     "collegien collegienne lyceen lyceenne eleve garcon petit petite jeune"),
    ("fonction publique, fonctionnaire, fonctionnaires, contractuel, contractuels, agent public, agents publics",
     "fonctionnaire fonction publique contractuel contractuelle titulaire enseignant enseignante agent "
     "militaire hopital"),
    ("militaire, militaires", "militaire armee soldat defense gendarme"),
    ("agricole, agricoles", "agricole agriculteur agricultrice exploitant exploitation ferme msa"),
    ("outre mer, mayotte, guyane, guadeloupe, martinique, polynesie, nouvelle caledonie",
     "outre mer mayotte guyane guadeloupe martinique reunion polynesie caledonie dom tom"),
    ("alsace, moselle", "alsace moselle"),
    ("non salarie, non salaries, non salariee, independant, independants, travailleur independant, "
     "micro entrepreneur, auto entrepreneur, profession liberale, artisan, commercant",
     "independant independante freelance entrepreneur autoentrepreneur microentrepreneur artisan "
     "commercant commercante liberal liberale entreprise societe siret"),
]
EVERYDAY_AUDIENCES = (" majeur ", " majeure ", " majeurs ", " salarie ", " salariee ", " salaries ", " prive ")
MARKED_PENALTY = 0.08
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


@dataclass
class Candidate:
    entry: Entry
    score: float
    features: dict[str, float] = field(default_factory=dict, repr=False)


@dataclass
class Result:
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


# --------------------------------------------------------------------------- small talk

_SMALLTALK = {
    "greeting": "bonjour bonsoir salut coucou hello hey yo bjr bsr slt hi cc wesh allo",
    "thanks": "merci mercii remercie remerciements thanks thx parfait super genial top nickel cool ok okay daccord entendu",
    "bye": "revoir bye ciao tchao adieu bonne journee soiree",
    "identity": "es etes t'es bot robot humain ia intelligence artificielle guichet chatbot appelle appelles appelez nom",
    "help": "aide aider aidez help menu quoi peux sais fonctionne utiliser exemple blague raconte poeme chanson",
    "insult": "con conne connard connasse nul nulle nuls debile idiot idiote stupide merde putain pute salope "
              "enfoire encule fdp ta gueule abruti cretin bouffon inutile naze pourri",
}
_SMALLTALK_WORDS = {k: set(T.words(v, {})) for k, v in _SMALLTALK.items()}
_FILLER = set(T.words("tu vous es etes t il elle est c ce que qui quoi tes ton ta je suis me moi j "
                      "a as au le la les un une de du des et trop vraiment tres bien bon bonne "
                      "vraiment toi vous votre ton tout tous beaucoup grand grande journee soir "
                      "matin oui non peu encore fais faire faites peux pouvez sert sers servez comment "
                      "ca va vas allez comme moi une un des besoin d s il plait ai jai", {}))


def detect_smalltalk(folded_words: list[str]) -> str:
    """The kind of small talk when the message is ONLY small talk, else ""."""
    if not folded_words:
        return "empty"
    found: list[str] = []
    for kind, vocab in _SMALLTALK_WORDS.items():
        if any(w in vocab for w in folded_words):
            found.append(kind)
    if not found:
        return ""
    allowed = set().union(*(_SMALLTALK_WORDS[k] for k in found)) | _FILLER
    if all(w in allowed for w in folded_words):
        for kind in ("insult", "identity", "help", "thanks", "bye", "greeting"):
            if kind in found:
                return kind
    return ""


# --------------------------------------------------------------------------- index


class Matcher:
    """The search index over a Knowledge; build once (at load), query many times."""

    def __init__(self, knowledge: Knowledge) -> None:
        groups, sms = load_base_language()
        self.synonyms = Synonyms(groups + knowledge.synonyms, sms)
        self.sms = sms
        self.knowledge = knowledge
        self.entries: list[Entry] = knowledge.visible()
        self.postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
        self.cover: list[dict[str, float]] = []     # per entry: stem -> best coverage weight
        self.phrases: list[list[frozenset[str]]] = []  # per entry: title and questions as stem sets
        self.lengths: list[float] = []
        df: dict[str, int] = defaultdict(int)
        vocab_words: set[str] = set()
        for idx, e in enumerate(self.entries):
            tf: dict[str, float] = defaultdict(float)
            cover: dict[str, float] = {}
            phrases: list[frozenset[str]] = []
            fields = [(e.title, W_TITLE, "title", True)]
            fields += [(q, W_QUESTION, "title", True) for q in e.questions]
            fields += [(k, W_KEYWORD, "keyword", False) for k in e.keywords]
            fields += [(e.summary, W_SUMMARY, "summary", False)]
            fields += [(v.label, W_LABEL, "summary", False) for v in e.variants]
            fields += [(s.title, W_LABEL, "summary", False) for s in e.sections]
            fields += [(" ".join(e.steps + e.documents + e.notes), W_BODY, "body", False)]
            # Long bodies (imported fiches) count by their beginning: the first lines of each
            # section say what it is about; the rest would only add noise and index size.
            sections = e.sections + [x for v in e.variants for x in v.sections]
            # Situations often repeat a section word for word: each text counts once.
            fields += [(" ".join(dict.fromkeys(x.text[:BODY_CHARS] for x in sections)), W_BODY, "sections", False)]
            for text, weight, level, is_phrase in fields:
                if not text:
                    continue
                # SMS spellings are the citizens', not the long texts' (and cost index build time)
                cw = T.content_words(text, {} if level in ("body", "sections") else sms)
                if level not in ("body", "sections"):
                    vocab_words.update(w for w in cw if len(w) >= 3 and not w.isdigit())
                stems = [T.stem(w) for w in cw]
                # Questions are rewritten to canonical expressions; the entry keeps both forms
                # for lookup, but its phrasings are compared in canonical form, like questions.
                if level == "sections":  # long, never a phrasing: no synonym pass (index build time)
                    rewritten, added = stems, []
                else:
                    rewritten, added = self.synonyms.rewrite(cw, stems)
                level_weight = COVER_WEIGHT[level]
                for s, n in Counter(stems + added).items():
                    tf[s] += weight * n
                    if level_weight > cover.get(s, 0.0):
                        cover[s] = level_weight
                if is_phrase and rewritten:
                    phrases.append(frozenset(rewritten))
            for s, w in tf.items():
                self.postings[s].append((idx, w))
                df[s] += 1
            self.cover.append(cover)
            self.phrases.append(phrases)
            self.lengths.append(sum(tf.values()))
        # Prior: how many other entries point to this one (related, guides, checklists). The main
        # fiche of a topic is linked from its satellites; it is the safer answer to a vague question.
        inlinks: dict[str, int] = defaultdict(int)
        for e in self.entries:
            targets = set(e.related) | {c.get("id", "") for c in e.checklist} | set(_guide_targets(e.guide))
            for t in targets:
                inlinks[t] += 1
        # A guided search is a hub: it leads to every fiche of its topic, so it counts the fiches
        # it reaches as links (the 56-branch "Passeport" guide is the entry point for "passeport").
        for e in self.entries:
            if e.guide:
                inlinks[e.id] += len(set(_guide_targets(e.guide)))
        top_links = max(inlinks.values(), default=0)
        self.prior = [min(1.0, math.log1p(inlinks.get(e.id, 0)) / math.log1p(top_links)) if top_links else 0.0
                      for e in self.entries]
        # With the national catalogue loaded beside the town's own entries, the town's answer
        # (its office, its hours) comes first on an equal match.
        if any(NATIONAL_ID.match(e.id) for e in self.entries):
            self.prior = [1.0 if not NATIONAL_ID.match(e.id) else p for e, p in zip(self.entries, self.prior)]
        n = max(len(self.entries), 1)
        self.avg_len = (sum(self.lengths) / n) or 1.0
        self.idf = {s: math.log(1 + (n - d + 0.5) / (d + 0.5)) for s, d in df.items()}
        self.max_idf = math.log(1 + (n + 0.5) / 0.5)
        # An unknown word weighs like a rare one: it is what makes "météo demain" out of scope.
        self.unknown_idf = 0.75 * self.max_idf
        self.stem_vocab = set(self.idf)
        # An entry titled as a question ("Peut-on avoir deux passeports ?") answers that one
        # narrow question; on an equal match, the general entry of the topic is the safer answer.
        self.narrow = [1.0 if e.title.rstrip().endswith("?") else 0.0 for e in self.entries]
        self.marked_triggers = [frozenset(T.stem(w) for w in T.words(q)) for _, q in MARKED_AUDIENCES]
        marks = [[f" {p.strip()} " for p in t.split(",")] for t, _ in MARKED_AUDIENCES]
        self.marks: list[tuple[int, ...]] = []
        for e in self.entries:
            title = f" {' '.join(T.words(e.title))} "
            # A title that also names the everyday audience is for everyone ("salarié ou fonctionnaire").
            everyday = title.replace(" non salarie", " ")
            if any(p in everyday for p in EVERYDAY_AUDIENCES):
                self.marks.append(())
                continue
            self.marks.append(tuple(i for i, phrases in enumerate(marks) if any(p in title for p in phrases)))
        # A small knowledge base cannot tell everyday words from topical ones by itself: it leans
        # on the background table, the less the larger it is (none at the national catalogue's size).
        self.background_alpha = BACKGROUND_ALPHA * max(0.0, 1.0 - n / BACKGROUND_DOCUMENTS)
        # Postings as numpy arrays of (entry index, precomputed BM25 part): a question then costs
        # a few vectorised additions per word, not a Python loop over every matching entry.
        lengths = np.asarray(self.lengths or [1.0], dtype=np.float64)
        norm = BM25_K1 * (1 - BM25_B + BM25_B * lengths / self.avg_len)
        # All postings in two flat arrays, scored at once, then cut per word (views, no copies).
        words_ = list(self.postings)
        counts = np.fromiter((len(self.postings[w]) for w in words_), dtype=np.int64, count=len(words_))
        total_n = int(counts.sum())
        ids = np.fromiter((i for w in words_ for i, _ in self.postings[w]), dtype=np.int32, count=total_n)
        tfs = np.fromiter((t for w in words_ for _, t in self.postings[w]), dtype=np.float64, count=total_n)
        idfs = np.repeat(np.fromiter((self.idf[w] for w in words_), dtype=np.float64, count=len(words_)), counts)
        scores = idfs * tfs * (BM25_K1 + 1) / (tfs + norm[ids])
        cuts = np.cumsum(counts)[:-1]
        self.arrays: dict[str, tuple[np.ndarray, np.ndarray]] = dict(
            zip(words_, zip(np.split(ids, cuts), np.split(scores, cuts))))
        del self.postings
        # Phrasings with their word weights, precomputed for the re-ranking.
        self.phrase_weights = [[(tuple((s_, self.idf.get(s_, 0.0)) for s_ in p), sum(self.idf.get(s_, 0.0) for s_ in p) or 1.0)
                                for p in phrases] for phrases in self.phrases]
        # Title lookup: for each word, the entries with it in a phrasing (title or staff question),
        # and each entry's shortest phrasing weight. A question that covers a whole title ("Passeport")
        # must reach the re-ranking even when long bodies outscore it in BM25.
        title_postings: dict[str, list[int]] = defaultdict(list)
        for idx, phrases in enumerate(self.phrases):
            for s_ in set().union(*phrases) if phrases else ():
                title_postings[s_].append(idx)
        self.title_arrays = {s_: (np.asarray(ids_, dtype=np.int32), self.idf.get(s_, 0.0))
                             for s_, ids_ in title_postings.items()}
        self.shortest_phrase = np.asarray([min((pw for _, pw in pws), default=1.0) for pws in self.phrase_weights]
                                          or [1.0], dtype=np.float64)
        del self.phrases, self.lengths  # folded into phrase_weights, title_arrays and the postings
        # Typo correction: vocabulary words bucketed by length.
        self.vocab_sorted = sorted(vocab_words)
        self.vocab_by_key: dict[tuple[str, int], list[str]] = defaultdict(list)
        for w in sorted(vocab_words):
            self.vocab_by_key[(w[0], len(w))].append(w)
        self._correct = lru_cache(maxsize=50_000)(self._correct_uncached)

    def __getstate__(self) -> dict:
        state = self.__dict__.copy()
        state.pop("_correct", None)  # a per-process cache, rebuilt on load
        return state

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self._correct = lru_cache(maxsize=50_000)(self._correct_uncached)

    # -- query side
    def _correct_uncached(self, word: str) -> str | None:
        """The vocabulary word closest to an unknown `word`, or None (rapidfuzz, length-bucketed)."""
        if len(word) < 4 or word.isdigit():
            return None
        # A lost apostrophe: "didentite" is "d'identité", "lacte" is "l'acte".
        if word[0] in "dljmnst" and T.stem(word[1:]) in self.stem_vocab:
            return word[1:]
        if word.startswith("qu") and T.stem(word[2:]) in self.stem_vocab:
            return word[2:]
        # A real French word is neither a truncation nor a typo: "banque" is not "banquet",
        # "autiste" not "artiste", "orage" not "orange". Left unknown, it weighs as a rare word
        # (the question is then likely out of scope). Colloquial truncations that are words
        # ("appart", "proprio") are synonyms (bot/language/synonyms.yaml), handled before this.
        if word in lexicon()[1]:
            return None
        # A truncated word ("asso", "dispo"): the most common vocabulary word it starts.
        i = bisect.bisect_left(self.vocab_sorted, word)
        longer = []
        while i < len(self.vocab_sorted) and self.vocab_sorted[i].startswith(word) and len(longer) < 50:
            longer.append(self.vocab_sorted[i])
            i += 1
        if longer and len(word) >= 4:
            return min(longer, key=lambda w: (self.idf.get(T.stem(w), 99.0), w))
        cutoff = 85 if len(word) <= 5 else 82
        # Typos keep the first letter (measured: searching all words as well found nothing more
        # on tests/eval, and tripled the p99): compare with words of that letter and similar length.
        pool: list[str] = []
        for ln in range(len(word) - 2, len(word) + 3):
            pool.extend(self.vocab_by_key.get((word[0], ln), ()))
        hit = process.extractOne(word, pool, scorer=fuzz.ratio, processor=None, score_cutoff=cutoff)
        return hit[0] if hit else None

    def analyse(self, question: str) -> tuple[list[str], list[str], float]:
        """Folded words, query stems (corrected, synonyms applied), share of unknown words."""
        if len(question) > 12 and " plu" in question:
            # "j'y arrive plu": in lower case inside a sentence, "plu" is the SMS "plus", not the
            # PLU (plan local d'urbanisme), which citizens write alone or in capitals.
            question = _SMS_PLU.sub("plus", question)
        folded = T.words(question, self.sms)
        content = [w for w in folded if w not in T.STOP_WORDS and not w.isdigit()]
        fixed_words: list[str] = []
        stems: list[str] = []
        unknown = 0
        for w in content:
            s = T.stem(w)
            if s not in self.stem_vocab:
                # no real word is longer than 30 letters: do not try (nor cache) a 4,000-letter one
                fixed = self._correct(w) if len(w) <= 30 else None
                if fixed is not None:
                    w, s = fixed, T.stem(fixed)
                else:
                    unknown += 1
            fixed_words.append(w)
            stems.append(s)
        rewritten, _ = self.synonyms.rewrite(fixed_words, stems)
        share = unknown / len(content) if content else 0.0
        return folded, rewritten, share

    def search(self, question: str, limit: int = 10) -> tuple[list[Candidate], list[str], float, list[str]]:
        """Ranked candidates (confidence in [0, 1]) for a question."""
        folded, stems, unknown_share = self.analyse(question)
        qset = list(dict.fromkeys(stems))
        if not qset or not self.entries:
            return [], folded, unknown_share, qset
        weights = {s: self.idf.get(s, self.unknown_idf) * BACKGROUND.get(s, 1.0) ** self.background_alpha
                   for s in qset}
        total = sum(weights.values()) or 1.0
        plain_total = sum(self.idf.get(s, self.unknown_idf) for s in qset) or 1.0  # same scale as phrases
        acc = np.zeros(len(self.entries), dtype=np.float64)
        hit = False
        for s in qset:
            arrays = self.arrays.get(s)
            if arrays is not None:
                acc[arrays[0]] += arrays[1]
                hit = True
        if not hit:
            return [], folded, unknown_share, qset
        k = min(RERANK, len(acc))
        best = set(np.argpartition(-acc, k - 1)[:k].tolist())
        titled = np.zeros(len(self.entries), dtype=np.float64)
        for s in qset:
            arrays = self.title_arrays.get(s)
            if arrays is not None:
                titled[arrays[0]] += arrays[1]
        titled /= self.shortest_phrase
        kt = min(TITLE_CANDIDATES, len(titled))
        best.update(int(i) for i in np.argpartition(-titled, kt - 1)[:kt] if titled[i] >= 0.99)
        top = [(i, float(acc[i])) for i in best if acc[i] > 0]
        top.sort(key=lambda kv: -kv[1])
        best_bm25 = top[0][1] or 1.0
        qs = set(qset)
        said = qs | set(folded)
        unsaid = {i for i, trig in enumerate(self.marked_triggers) if not trig & said}
        scored = []
        for idx, b in top:
            feats = self.features(idx, qset, qs, weights, total, plain_total, b / best_bm25)
            rank = sum(w * feats[k] for k, w in RANK_WEIGHTS.items()) / sum(RANK_WEIGHTS.values())
            rank -= NARROW_PENALTY * self.narrow[idx]
            if self.entries[idx].kind == "checklist" and len(qset) > BROAD_WORDS:
                rank -= BROAD_PENALTY
            if unsaid and any(i in unsaid for i in self.marks[idx]):
                rank -= MARKED_PENALTY
                feats["marked"] = 1.0
            scored.append(Candidate(self.entries[idx], round(rank, 4), feats))
        scored.sort(key=lambda c: (-c.score, c.entry.id))
        return scored[:limit], folded, unknown_share, qset

    def features(self, idx: int, qset: list[str], qs: set[str], weights: dict[str, float],
                 total: float, plain_total: float, bm25_rel: float) -> dict[str, float]:
        """The re-ranking signals of one candidate, each in [0, 1]."""
        cover = self.cover[idx]
        q_cov = sum(weights[s] * cover.get(s, 0.0) for s in qset) / total
        q_title = sum(weights[s] for s in qset if cover.get(s) == 1.0) / total
        phrase = dice = 0.0
        for p, pw in self.phrase_weights[idx]:
            covered = sum(w for s, w in p if s in qs)
            if covered:
                phrase = max(phrase, covered / pw)
                dice = max(dice, 2 * covered / (pw + plain_total))
        # Evidence: the question's words that the entry has in its title, questions or keywords,
        # in units of the rarest word's weight (a long story's confidence share is diluted).
        evidence = sum(weights[s] for s in qset if cover.get(s, 0.0) >= 0.8) / self.max_idf
        return {"q_cov": q_cov, "q_title": q_title, "phrase": phrase, "dice": dice, "bm25": bm25_rel,
                "prior": self.prior[idx], "evidence": evidence}

    # -- decision
    def ask(self, question: str) -> Result:
        """Decide what to do with a citizen's question (never raises on any text)."""
        question = T.clean_input(question)
        candidates, folded, unknown_share, qset = self.search(question)
        talk = detect_smalltalk(folded)
        if talk:
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
        # rival of the everyday one: the clerk's answer is the everyday one (MARKED_AUDIENCES).
        unmarked = "marked" not in candidates[0].features
        rivals = [c for c in candidates[1:] if not (unmarked and "marked" in c.features)]
        second = rivals[0].score if rivals else 0.0
        # When the best entry explains nearly all of the question, a thin lead is enough.
        margin = SURE_MARGIN if confidence >= SURE_CONFIDENCE else MARGIN
        if first - second >= margin:
            return Result("answer", candidates, unknown_share=unknown_share, confidence=confidence)
        band = []
        for c in [candidates[0]] + rivals:  # close candidates, one per title (two "Passeport" guides confuse)
            if first - c.score <= CHOOSE_BAND and T.fold(c.entry.title) not in {T.fold(b.entry.title) for b in band}:
                band.append(c)
        band = band[:MAX_CHOICES]
        if len(band) < 2:
            band = candidates[:2]
        question_text = clarifying_question([c.entry for c in band])
        return Result("choose", candidates, question=question_text, choices=band, unknown_share=unknown_share,
                      confidence=confidence)

    @staticmethod
    def confidence(candidate: Candidate) -> float:
        """How sure we are that this candidate answers: absolute coverage signals, in [0, 1]."""
        f = candidate.features
        return sum(w * f[k] for k, w in DECISION_WEIGHTS.items()) / sum(DECISION_WEIGHTS.values())


def _guide_targets(node: dict) -> list[str]:
    out = []
    for opt in (node or {}).get("options", []):
        if "goto" in opt:
            out.append(opt["goto"])
        else:
            out.extend(_guide_targets(opt))
    return out


# --------------------------------------------------------------------------- clarifying questions

_FACET_QUESTIONS = {
    "pour": "C'est pour qui ?",
    "situation": "Quelle est votre situation ?",
    "age": "Quel âge a la personne concernée ?",
    "lieu": "Où êtes-vous ?",
}
# Facets read in imported titles ("Carte d'identité d'un majeur : en cas de perte"): the value
# shown on a button, the title words that carry it, and how to ask.
_TITLE_FACETS = [
    ({"Majeur": ("majeur", "majeure"), "Mineur": ("mineur", "mineure")},
     "C'est pour un majeur ou un mineur ?"),
    ({"Première demande": ("premiere demande",), "Renouvellement": ("renouvellement",),
      "Perte": ("perte", "perdu", "perdue"), "Vol": ("vol", "vole", "volee")},
     "Quelle est votre situation : {} ?"),
    ({"Français": ("francais", "francaise"), "Étranger": ("etranger", "etrangere")},
     "La personne est-elle française ou étrangère ?"),
    ({"Salarié du privé": ("salarie", "secteur prive"), "Fonction publique": ("fonction publique", "fonctionnaire"),
      "Indépendant": ("independant", "non salarie")},
     "Quel est votre statut : {} ?"),
]


def _title_facet(entries: list[Entry]) -> tuple[str, list[str | None]] | None:
    """The title facet that tells close candidates apart: (question, value or None per entry).

    Usable when at least two candidates carry a value and no two share one; the others keep
    their title on their button.
    """
    titles = [f" {' '.join(T.words(e.title))} " for e in entries]
    for values, question in _TITLE_FACETS:
        found: list[str | None] = []
        for t in titles:
            hit = [v for v, words_ in values.items() if any(f" {w} " in t for w in words_)]
            found.append(hit[0] if len(hit) == 1 else None)
        named = [v for v in found if v]
        if len(named) >= 2 and len(set(named)) == len(named):
            listed = [v.lower() for v in dict.fromkeys(named)]
            return question.format(", ".join(listed[:-1]) + " ou " + listed[-1]), found
    return None


def separating_facet(entries: list[Entry]) -> str | None:
    """The facet that all close candidates have, with a different value each (else None)."""
    keys = [set(e.facets) for e in entries]
    if not keys or not all(keys):
        return None
    for key in sorted(set.intersection(*keys)):
        if len({T.fold(e.facets[key]) for e in entries}) == len(entries):
            return key
    return None


def _facet_question(key: str) -> str:
    if key in _FACET_QUESTIONS:
        return _FACET_QUESTIONS[key]
    feminine = T.fold(key).endswith(("tion", "sion", "ure", "ie", "ee", "ite", "ence", "ance", "aison"))
    return f"De quel{'le' if feminine else ''} {key} s'agit-il ?"


def clarifying_question(entries: list[Entry]) -> str:
    """Word the question that separates close candidates (by facet), else a generic one."""
    key = separating_facet(entries)
    if key:
        values = [e.facets[key] for e in entries]
        if len(values) <= 3:  # "C'est pour qui : majeur ou mineur ?"
            listed = ", ".join(values[:-1]) + " ou " + values[-1]
            return _facet_question(key).rstrip(" ?") + f" : {listed} ?"
        return _facet_question(key)
    facet = _title_facet(entries)
    if facet:
        return facet[0]
    return "Je vois plusieurs réponses possibles. Laquelle correspond à votre demande ?"


def choice_label(entry: Entry, others: list[Entry]) -> str:
    """A short button label: the facet value the question asks about ("Naissance", "Mariage"),
    else the title, made distinct by its facets when titles collide."""
    key = separating_facet(others)
    if key and entry.facets.get(key):
        value = entry.facets[key]
        return (value[:1].upper() + value[1:])[:60]
    facet = _title_facet(others) if entry in others else None
    if facet and facet[1][others.index(entry)]:
        return facet[1][others.index(entry)]
    title = entry.title
    if sum(1 for o in others if T.fold(o.title) == T.fold(title)) > 1:
        detail = ", ".join(entry.facets.values()) or ("parcours guidé" if entry.kind == "guide" else entry.id)
        title = f"{title} ({detail})"
    return title if len(title) <= 60 else title[:57].rstrip() + "…"
