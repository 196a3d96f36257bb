"""The search index over a knowledge base: built once, in named steps, into a frozen `Index`.

Both the knowledge and the questions go through `bot.language.text` and the synonyms table, so
they meet in the same units (canonical word stems). Each entry is read once (`_read_entry`);
every later step (BM25 postings, phrasings, title lookup, prior, audiences, typo vocabulary)
starts from that reading, and only what the matcher reads at question time is kept.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from ..kb import NATIONAL_ID, Entry, Knowledge
from ..language import text as T
from ..language.background import BACKGROUND_DOCUMENTS
from ..language.synonyms import Synonyms, load_base_language

# Field weights (BM25F style): what staff wrote to be matched counts more than body text.
W_TITLE, W_QUESTION, W_KEYWORD, W_SUMMARY, W_LABEL, W_BODY = 3.0, 3.0, 2.0, 1.0, 0.8, 0.3
# Questions en plus (`questions_en_plus:`, bot/kb/build_questions.py) are phrasings like the
# entry's own questions, but long and many, written by someone else than the entry's author:
# their words weigh like a summary's in BM25 and cover like keywords. As full staff questions
# (3.0, "title") they made national wrong answers grow (+0.016 to +0.036 on the dev sets).
W_EXTRA_QUESTION = 1.0
# How much a word found only in a field counts for coverage.
COVER_WEIGHT = {"title": 1.0, "keyword": 0.8, "summary": 0.6, "body": 0.3, "sections": 0.3}
BM25_K1, BM25_B = 1.2, 0.6
# Long bodies (imported fiches) count by their beginning: the first lines of each section say
# what it is about; the rest would only add noise and index size.
BODY_CHARS = 300
# How much a small knowledge base leans on the national background table (see `build_index`).
BACKGROUND_ALPHA = 0.5
# Marked audiences. Sibling fiches often differ by who they are for: "Carte d'identité d'un
# majeur" / "d'un mineur", "Congé maternité … secteur privé" / "… fonction publique". A clerk
# assumes the everyday case (an adult, an employee of the private sector, in mainland France)
# unless the question says otherwise; an entry whose title names a marked audience ranks lower
# when the question mentions none of that audience's words (the penalty is the matcher's).
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

# A phrasing (title or staff question) as (stem, idf) pairs, with its total weight.
PhraseWeights = tuple[tuple[tuple[str, float], ...], float]


@dataclass(frozen=True, slots=True)
class Index:
    """What the matcher reads at question time; per-entry lists follow the order of `entries`."""

    entries: list[Entry]                  # the visible entries
    synonyms: Synonyms                    # base table plus the town's own groups
    sms: dict[str, str]                   # SMS spellings → words
    idf: dict[str, float]                 # stem → BM25 inverse document frequency
    stem_vocab: frozenset[str]            # every indexed stem
    max_idf: float                        # the idf of a stem found in no entry
    unknown_idf: float                    # what a word unknown to the index weighs
    background_alpha: float               # how much word weights lean on the background table
    arrays: dict[str, tuple[np.ndarray, np.ndarray]]  # stem → (entry positions, BM25 part)
    title_arrays: dict[str, tuple[np.ndarray, float]]  # stem → (entries with it in a phrasing, idf)
    shortest_phrase: np.ndarray           # per entry: weight of its shortest phrasing
    phrase_weights: list[list[PhraseWeights]]  # per entry: its phrasings, weighted
    cover: list[dict[str, float]]         # per entry: stem → best coverage weight
    prior: list[float]                    # per entry: in [0, 1], from inbound links
    narrow: list[float]                   # per entry: 1.0 when titled as a question
    marks: list[tuple[int, ...]]          # per entry: the marked audiences its title names
    marked_triggers: list[frozenset[str]]  # per audience: the stems of a question naming it
    context: frozenset[str]               # stems saying when or where, not what (time words, town name)
    vocab_sorted: list[str]               # typo correction: vocabulary words, sorted
    vocab_by_key: dict[tuple[str, int], list[str]]  # … and by (first letter, length)


class _Reading(NamedTuple):
    """All entries read once through the language pipeline: what the later build steps start from."""

    postings: dict[str, list[tuple[int, float]]]  # stem → (entry position, weighted term frequency)
    lengths: list[float]                # per entry: sum of its weighted term frequencies (BM25 length)
    cover: list[dict[str, float]]       # per entry: stem → best coverage weight of the fields holding it
    phrases: list[list[frozenset[str]]]  # per entry: title and staff questions, as canonical stem sets
    vocabulary: set[str]                # folded words of the short fields (typo correction targets)


def build_index(knowledge: Knowledge) -> Index:
    """Read every entry the matcher searches once (`Knowledge.searched`), then derive each structure
    the matcher needs.

    The big intermediate tables (postings as Python lists, phrasings as sets) are dropped as
    soon as they are folded into their compact form: the process keeps the build's peak memory,
    and keeping them all to the end nearly doubled it on the 50,000-entry bench.
    """
    groups, sms = load_base_language()
    synonyms = Synonyms(groups + knowledge.synonyms, sms)
    entries = knowledge.searched()
    postings, lengths, cover, phrases, vocabulary = _read_entries(entries, synonyms, sms)
    n = max(len(entries), 1)
    idf = {s: math.log(1 + (n - len(p) + 0.5) / (len(p) + 0.5)) for s, p in postings.items()}
    max_idf = math.log(1 + (n + 0.5) / 0.5)
    arrays = _bm25_arrays(postings, lengths, idf)
    del postings, lengths
    phrase_weights = [_weigh_phrases(p, idf) for p in phrases]
    title_arrays = _title_arrays(phrases, idf)
    del phrases
    marks, triggers = _audiences(entries)
    vocab_sorted, vocab_by_key = _typo_vocabulary(vocabulary)
    return Index(
        entries=entries, synonyms=synonyms, sms=sms, idf=idf, stem_vocab=frozenset(idf), max_idf=max_idf,
        # An unknown word weighs like a rare one: it is what makes "météo demain" out of scope.
        unknown_idf=0.75 * max_idf,
        # A small knowledge base cannot tell everyday words from topical ones by itself: it leans
        # on the background table, the less the larger it is (none at the national catalogue's size).
        background_alpha=BACKGROUND_ALPHA * max(0.0, 1.0 - n / BACKGROUND_DOCUMENTS),
        arrays=arrays, title_arrays=title_arrays,
        shortest_phrase=np.asarray([min((pw for _, pw in pws), default=1.0) for pws in phrase_weights]
                                   or [1.0], dtype=np.float64),
        phrase_weights=phrase_weights, cover=cover, prior=_priors(entries), narrow=_narrow(entries),
        marks=marks, marked_triggers=triggers, context=_context(knowledge), vocab_sorted=vocab_sorted,
        vocab_by_key=vocab_by_key)


# --------------------------------------------------------------------------- reading entries


def _entry_fields(e: Entry) -> list[tuple[str, float, str, bool]]:
    """The texts of an entry as (text, BM25F weight, coverage level, is a phrasing)."""
    fields = [(e.title, W_TITLE, "title", True)]
    fields += [(q, W_QUESTION, "title", True) for q in e.questions]
    fields += [(q, W_EXTRA_QUESTION, "keyword", True) for q in e.extra_questions]
    fields += [(k, W_KEYWORD, "keyword", False) for k in e.keywords]
    fields += [(e.summary, W_SUMMARY, "summary", False)]
    fields += [(v.label, W_LABEL, "summary", False) for v in e.variants]
    fields += [(s.title, W_LABEL, "summary", False) for s in e.sections]
    fields += [(" ".join(e.steps + e.documents + e.notes), W_BODY, "body", False)]
    sections = e.sections + [x for v in e.variants for x in v.sections]
    # Situations often repeat a section word for word: each text counts once.
    fields += [(" ".join(dict.fromkeys(x.text[:BODY_CHARS] for x in sections)), W_BODY, "sections", False)]
    return fields


def _read_entries(entries: list[Entry], synonyms: Synonyms, sms: dict[str, str]) -> _Reading:
    """Read each entry, keeping its term frequencies only as postings (one entry's at a time)."""
    reading = _Reading(defaultdict(list), [], [], [], set())
    for idx, e in enumerate(entries):
        tf, cover, phrases = _read_entry(e, synonyms, sms, reading.vocabulary)
        for s, w in tf.items():
            reading.postings[s].append((idx, w))
        reading.lengths.append(sum(tf.values()))
        reading.cover.append(cover)
        reading.phrases.append(phrases)
    return reading


def _read_entry(e: Entry, synonyms: Synonyms, sms: dict[str, str],
                vocabulary: set[str]) -> tuple[dict[str, float], dict[str, float], list[frozenset[str]]]:
    """Term frequencies (BM25F), coverage weights and phrasings of one entry; adds its short
    fields' words to `vocabulary`."""
    tf: dict[str, float] = defaultdict(float)
    cover: dict[str, float] = {}
    phrases: list[frozenset[str]] = []
    for text, weight, level, is_phrase in _entry_fields(e):
        if not text:
            continue
        long_text = level in ("body", "sections")
        # SMS spellings are the citizens', not the long texts' (and cost index build time)
        cw = T.content_words(text, {} if long_text else sms)
        if not long_text:  # "Brevet de sécurité routière (BSR)": the acronym a question may type
            cw += synonyms.acronyms_in(text)
        if not long_text:
            vocabulary.update(w for w in cw if len(w) >= 3 and not w.isdigit())
        stems = [T.stem(w) for w in cw]
        # Questions are rewritten to canonical expressions; the entry keeps both forms
        # for lookup, but its phrasings are compared in canonical form, like questions.
        if level == "sections":  # long, never a phrasing: no synonym pass (index build time)
            rewritten, added = stems, []
        else:
            rewritten, added = synonyms.rewrite(cw, stems)
        level_weight = COVER_WEIGHT[level]
        for s, n in Counter(stems + added).items():
            tf[s] += weight * n
            if level_weight > cover.get(s, 0.0):
                cover[s] = level_weight
        if is_phrase and rewritten:
            phrases.append(frozenset(rewritten))
    return tf, cover, phrases


# --------------------------------------------------------------------------- BM25 and phrasings


def _bm25_arrays(postings: dict[str, list[tuple[int, float]]], lengths: list[float],
                 idf: dict[str, float]) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Postings as numpy arrays of (entry position, precomputed BM25 part).

    A question then costs a few vectorised additions per word, not a Python loop over every
    matching entry.
    """
    avg_len = (sum(lengths) / max(len(lengths), 1)) or 1.0
    norm = BM25_K1 * (1 - BM25_B + BM25_B * np.asarray(lengths or [1.0], dtype=np.float64) / avg_len)
    # All postings in two flat arrays, scored at once, then cut per word (views, no copies).
    words_ = list(postings)
    counts = np.fromiter((len(postings[w]) for w in words_), dtype=np.int64, count=len(words_))
    total_n = int(counts.sum())
    ids = np.fromiter((i for w in words_ for i, _ in postings[w]), dtype=np.int32, count=total_n)
    tfs = np.fromiter((t for w in words_ for _, t in postings[w]), dtype=np.float64, count=total_n)
    idfs = np.repeat(np.fromiter((idf[w] for w in words_), dtype=np.float64, count=len(words_)), counts)
    scores = idfs * tfs * (BM25_K1 + 1) / (tfs + norm[ids])
    cuts = np.cumsum(counts)[:-1]
    return dict(zip(words_, zip(np.split(ids, cuts), np.split(scores, cuts))))


def _weigh_phrases(phrases: list[frozenset[str]], idf: dict[str, float]) -> list[PhraseWeights]:
    """An entry's phrasings with their word weights, precomputed for the re-ranking."""
    return [(tuple((s, idf.get(s, 0.0)) for s in p), sum(idf.get(s, 0.0) for s in p) or 1.0) for p in phrases]


def _title_arrays(phrases: list[list[frozenset[str]]], idf: dict[str, float]) -> dict[str, tuple[np.ndarray, float]]:
    """For each stem, the entries with it in a phrasing (title or staff question), and its idf.

    A question that covers a whole title ("Passeport") must reach the re-ranking even when long
    bodies outscore it in BM25.
    """
    title_postings: dict[str, list[int]] = defaultdict(list)
    for idx, entry_phrases in enumerate(phrases):
        for s in set().union(*entry_phrases) if entry_phrases else ():
            title_postings[s].append(idx)
    return {s: (np.asarray(ids, dtype=np.int32), idf.get(s, 0.0)) for s, ids in title_postings.items()}


# --------------------------------------------------------------------------- per-entry priors


def _guide_targets(node: dict) -> list[str]:
    """The entry ids a guided search (or one of its branches) leads to."""
    out = []
    for opt in (node or {}).get("options", []):
        if "goto" in opt:
            out.append(opt["goto"])
        else:
            out.extend(_guide_targets(opt))
    return out


def _priors(entries: list[Entry]) -> list[float]:
    """How many other entries point to each one (related, guides, checklists), in [0, 1].

    The main fiche of a topic is linked from its satellites; it is the safer answer to a vague
    question.
    """
    inlinks: dict[str, int] = defaultdict(int)
    for e in entries:
        targets = set(e.related) | {c.get("id", "") for c in e.checklist} | set(_guide_targets(e.guide))
        for t in targets:
            inlinks[t] += 1
    # A guided search is a hub: it leads to every fiche of its topic, so it counts the fiches
    # it reaches as links (the 56-branch "Passeport" guide is the entry point for "passeport").
    for e in entries:
        if e.guide:
            inlinks[e.id] += len(set(_guide_targets(e.guide)))
    top_links = max(inlinks.values(), default=0)
    prior = [min(1.0, math.log1p(inlinks.get(e.id, 0)) / math.log1p(top_links)) if top_links else 0.0
             for e in entries]
    # With the national catalogue loaded beside the town's own entries, the town's answer
    # (its office, its hours) comes first on an equal match.
    if any(NATIONAL_ID.match(e.id) for e in entries):
        prior = [1.0 if not NATIONAL_ID.match(e.id) else p for e, p in zip(entries, prior)]
    return prior


def _narrow(entries: list[Entry]) -> list[float]:
    """1.0 for an entry titled as a question ("Peut-on avoir deux passeports ?").

    It answers that one narrow question; on an equal match, the general entry of the topic is
    the safer answer.
    """
    return [1.0 if e.title.rstrip().endswith("?") else 0.0 for e in entries]


def _audiences(entries: list[Entry]) -> tuple[list[tuple[int, ...]], list[frozenset[str]]]:
    """Per entry, the marked audiences its title names; per audience, the stems that name it."""
    triggers = [frozenset(T.stem(w) for w in T.words(q)) for _, q in MARKED_AUDIENCES]
    phrases = [[f" {p.strip()} " for p in t.split(",")] for t, _ in MARKED_AUDIENCES]
    marks: list[tuple[int, ...]] = []
    for e in entries:
        title = f" {' '.join(T.words(e.title))} "
        # A title that also names the everyday audience is for everyone ("salarié ou fonctionnaire").
        everyday = title.replace(" non salarie", " ")
        if any(p in everyday for p in EVERYDAY_AUDIENCES):
            marks.append(())
            continue
        marks.append(tuple(i for i, words in enumerate(phrases) if any(p in title for p in words)))
    return marks, triggers


def _context(knowledge: Knowledge) -> frozenset[str]:
    """The stems that say when or where a thing happened, not what the need is: the time words,
    and the town's own name (every town entry may name it: "Se marier à Bourg-Exemple")."""
    town = knowledge.town.name if knowledge.has_town else ""
    return T.TIME_STEMS | frozenset(T.terms(town))


# --------------------------------------------------------------------------- typo vocabulary


def _typo_vocabulary(words: set[str]) -> tuple[list[str], dict[tuple[str, int], list[str]]]:
    """The words typos are corrected to: sorted (prefix search) and by (first letter, length)."""
    vocab_sorted = sorted(words)
    by_key: dict[tuple[str, int], list[str]] = defaultdict(list)
    for w in vocab_sorted:
        by_key[(w[0], len(w))].append(w)
    return vocab_sorted, dict(by_key)
