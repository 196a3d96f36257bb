"""French text normalisation: what makes "Cmt refaire ma CNI ?", "comment refaire ma carte
d’identité" and "carte didentite" land on the same words.

Pipeline (the same for questions and for knowledge, so both sides meet): Unicode NFKC (full-width
and compatibility forms), lower case, ligatures œ/æ, both apostrophes, accents folded, control and
zero-width characters dropped, elisions split (l', d', j', qu'…), numbers glued to words split,
SMS spellings expanded, stop words dropped, then each word's lemma (bot.language.lexicon) where it changes
the stem, Snowball French stemming, and nouns joined to the verbs they come from (DERIVATIONS).
"""

from __future__ import annotations

import functools
import re
import unicodedata

import snowballstemmer

from .lexicon import lexicon

# snowballstemmer hands back PyStemmer's C implementation of the same algorithm when it is
# installed (a dependency): identical stems, ~10x faster index builds.
_STEMMER = snowballstemmer.stemmer("french")
_WORD = re.compile(r"[a-z0-9]+")
_APOSTROPHES = re.compile("[’‘`´ʼʹ′＇]")
_LIGATURES = {"œ": "oe", "æ": "ae", "ß": "ss", "ﬁ": "fi", "ﬂ": "fl"}

# Words that carry no need: how citizens wrap a question ("bonjour, je voudrais savoir comment…").
# Kept deliberately to grammar and politeness; nouns such as "demande" or "carte" stay meaningful.
STOP_WORDS = frozenset("""
a ai aie aient aies ait alors as au aucun aucune aupres auquel aura aurai auraient aurais aurait
auras aurez auriez aurions aurons auront aussi autre autres aux avaient avais avait avant avec avez
aviez avions avoir avons ayant ayez ayons b bah ben bien bonjour bonsoir bref c ca car ce ceci cela
celle celles celui cependant certain certaine certaines certains ces cet cette ceux chacun chaque
chez ci combien comme comment concernant d dans de depuis des desquelles desquels dessus deux dois
doit doivent donc dont du duquel e eh elle elles en encore ensuite entre es est et etaient etais
etait etant ete etes etre eu eue eues eurent eus eusse eut eux f faire faites fais fait faut g
h hein hello i ici il ils j je jusqu jusque l la laquelle le lequel les lesquelles lesquels leur
leurs lors lorsqu lorsque lui m ma madame mais me meme memes merci mes moi mon monsieur n ne ni
non nos notre nous o ok on ont ou par parce pas peu peut peuvent peux plait plus pour pourquoi
pourrais pourrait pouvez pouvons puis puisqu puisque puis qu quand que quel quelle quelles quels
qui quoi s sa sais sait sans savez savoir se sera serai seraient serais serait seras serez seriez
serions serons seront ses si sil sinon slt soi soient sois soit sommes son sont souhaite souhaiterais
sous stp suis sur svp t ta te tes toi ton tous tout toute toutes tres tu u un une unes uns v vais
veuille veuillez veulent veut veux voici voila voudrais voudrait voulez voulons vos votre vous vs
w x y z va vont aller allons an ans bjr bsr cordialement salut coucou please help aider aidez besoin dire dites
hier aujourd hui maintenant deja bientot jamais
contre via notamment egalement dela loin pres vraiment actuellement recemment eme m2 m3 cm mm kg km
""".split())

# The days of the week, Monday first (datetime's weekday() indexes them): hours, collection
# days and date words all read them from here.
DAY_NAMES = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")

# Words of the time of day or week: kept (a question may be about the evening childcare), but
# weak evidence of a need (bot.search.matcher.CONTEXT_WEIGHT); TIME_STEMS, at the end, are their stems.
TIME_WORDS = frozenset("""
matin matinee soir soiree nuit demain midi aprem week end weekend veille lendemain
""".split()) | frozenset(DAY_NAMES)

# Every form of the wrapper verbs ("voulait", "pourrions", "avaient") is a stop word of the index
# too (bot.language.lexicon lists them; the question side keeps the plain list, see Matcher.analyse).
_INDEX_STOP = STOP_WORDS | lexicon()[2]

# A few SMS spellings are common enough to ship here; bot/language/synonyms.yaml (`sms:`) adds more.
BASE_SMS = {
    "cmt": "comment", "cmnt": "comment", "jveux": "je veux", "jvoudrais": "je voudrais",
    "stp": "s'il te plait", "svp": "s'il vous plait", "pr": "pour", "ds": "dans", "qd": "quand",
    "pq": "pourquoi", "pk": "pourquoi", "koi": "quoi", "kel": "quel", "kelle": "quelle",
    "jsuis": "je suis", "chui": "je suis", "jai": "j'ai", "ya": "il y a",
    "dmd": "demande", "tjs": "toujours", "bcp": "beaucoup", "mm": "meme", "c": "c'est",
}


@functools.lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The Snowball French stem of an already folded word, after its lemma where the lemma
    changes it ("inscriptions" → "inscript"; "perdue" → "perdre" → "perdr", like "perdu").

    Snowball alone leaves "perdue" and "perdu", "née" and "naître" apart; the lemmas come from
    `bot.language.lexicon` (simplemma's French dictionary). In order: words kept whole (KEPT_WHOLE), the
    lemma (with _LEMMA_FIXES first), its sense (_SENSES), Snowball, then DERIVATIONS.
    """
    if word.isdigit() or len(word) <= 2:
        return word
    if word in _WHOLE:
        return _WHOLE[word]
    lemma = _LEMMA_FIXES.get(word) or lexicon()[0].get(word, word)
    root = _STEMMER.stemWord(_SENSES.get(lemma, lemma))
    return _DERIVED.get(root, root)


# Words that accent folding and Snowball would merge with another word keep their whole form
# (the group's first word): found by listing the national titles' words that share a stem.
KEPT_WHOLE = [
    "mere meres", "pere peres",  # not the sea ("outre-mer"), not the PER (plan d'épargne retraite)
    "retraite retraites retraitee retraitees",  # not a withdrawal ("retrait de points", "retirer")
    "loyer loyers", "delai delais", "delit delits",  # rent is not law, a deadline not an offence
    "pays", "taxi taxis", "visa visas", "devis",  # not "payés", a tax, "viser", "devant"
    "departement departements", "armee armees", "mars",  # not a departure, a weapon, a husband
    "isolation", "affection affections", "organe organes",  # not "isolé", a posting, an organism
    "alternance", "communication communications",  # not "garde alternée", not the commune
    "maire maires",  # the mayor is not the town hall ("mairie")
]
_WHOLE = {w: group.split()[0] for group in KEPT_WHOLE for w in group.split()}
# Forms the lexicon reads as another word: "primes" as "prîmes" (prendre), "payée" as an adjective.
_LEMMA_FIXES = {"primes": "prime", "payee": "payer", "payees": "payer", "payes": "payer"}

# Verbs that fold onto a noun of another meaning: "les lampes marchent plus" is about lamps that
# work, not about the market ("marché", folded "marche").
_SENSES = {"marcher": "fonctionner"}

# Nouns and the verbs they come from, which neither lemmas nor stems join ("inscription" and
# "inscrire", "perte" and "perdre"): every stem of a group counts as the first one's.
DERIVATIONS = [
    "inscription inscrire inscrit", "vente vendre vendeur", "achat acheter acheteur", "naissance naitre", "deces deceder",
    "location louer", "perte perdre", "construction construire", "reconnaissance reconnaitre",
    "demission demissionner", "retrait retirer", "depot deposer", "plainte plaindre", "rupture rompre",
    "souscription souscrire", "transmission transmettre", "obtention obtenir", "modification modifier",
    "suppression supprimer", "adhesion adherer", "dissolution dissoudre", "decision decider",
    "travail travailler", "conduite conduire conducteur conductrice", "paiement payer",
    "protection proteger", "verification verifier", "justification justifier", "reduction reduire",
    "intervention intervenir", "imposition imposer", "connaissance connaitre", "prevention prevenir",
    "indemnite indemniser", "fourniture fournir", "livraison livrer livree", "traduction traduire",
    "reception recevoir", "detention detenir", "creation creer", "fermeture fermer", "ouverture ouvrir",
    "exclusion exclure", "admission admettre", "permission permettre", "redaction rediger",
    "election elire electeur electrice", "suspension suspendre", "destruction detruire", "nomination nommer",
    "opposition opposer", "signature signer", "proposition proposer", "execution executer",
    "description decrire", "soumission soumettre", "recherche chercher",
    # Snowball leaves "-age" on nouns ("cambriolage") and off their verbs ("cambrioler"); reviewed
    # one by one: "garage" (garer), "élevage" (élever), "passage" (passer), "ramassage" (picking up
    # a lost bag is no waste collection) stay apart, and so do "démarchage" and "démarcher", whose
    # stem is the one of "démarches".
    "cambriolage cambrioler", "heritage heriter heritier heritiere", "tatouage tatouer",
    "depistage depister", "debroussaillage debroussailler", "bornage borner", "parrainage parrainer",
    "chauffage chauffer", "depannage depanner", "elagage elaguer", "abattage abattre",
    "nettoyage nettoyer", "temoignage temoigner temoin",
    "residence resider", "escroquerie escroquer", "concubinage concubin", "apprentissage apprenti",
    "stage stagiaire", "voisinage voisin",
    # A person and what they do or are: "je suis veuve" asks about widowhood, "un chasseur" about
    # hunting (more in the groups above: vendeur, acheteur, conducteur, électeur, héritier, témoin).
    "veuvage veuf veuve", "chomage chomeur chomeuse", "tutelle tuteur tutrice", "curatelle curateur curatrice",
    "benevolat benevole", "voyage voyageur", "donation donateur", "succession successeur",
    "etudes etudiant etudiante", "chasse chasseur", "peche pecheur", "police policier", "gendarmerie gendarme",
]
_DERIVED: dict[str, str] = {}
for _group in DERIVATIONS:
    _first, *_others = [stem(w) for w in _group.split()]
    for _other in _others:
        _DERIVED.setdefault(_other, _first)
stem.cache_clear()


def fold(text: str) -> str:
    """Lower-case, accent-free, apostrophe-unified text with control characters removed.

    Short texts (titles, facet words, folded again for every clarifying question) are cached;
    long ones are not, so a flood of 4,000-character messages cannot grow the cache's memory.
    """
    return _fold_short(text) if len(text) <= 120 else _fold(text)


@functools.lru_cache(maxsize=50_000)
def _fold_short(text: str) -> str:
    return _fold(text)


# Dropped after decomposition: combining diacritics (the accents of "é" once it is "e" + "´"),
# control characters, soft hyphen, zero-width and bidirectional marks. One C-speed regex: the
# 3,000 national fiches are folded at every index build.
_STRIP = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
                    "\x00-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")


def _fold(text: str) -> str:
    text = _APOSTROPHES.sub("'", unicodedata.normalize("NFKC", text).lower())
    for lig, rep in _LIGATURES.items():
        if lig in text:
            text = text.replace(lig, rep)
    return _STRIP.sub("", unicodedata.normalize("NFD", text))


# Numbers glued to words: "1ere demande" is a first application, "2eme" a second one; "16ans",
# "3h", "5eme", "30m2" are a number and a unit (the number then goes, like any bare number).
_FIRST = re.compile(r"(?<![a-z0-9])1(?:ere|er|re)(?![a-z0-9])")
_SECOND = re.compile(r"(?<![a-z0-9])2(?:eme|nde|nd|e)(?![a-z0-9])")
_GLUED = re.compile(r"(?<![a-z0-9])(\d+)(?:eme|ere|er|nde|nd|e|m2|m3|cm|mm|kg|m|g|l|(ans?|h|mois|jours?|semaines?|min|euros?|km))(?![a-z0-9])")
_GLUED_QUICK = re.compile(r"\d[a-z]")


def _numbers(text: str) -> str:
    if not _GLUED_QUICK.search(text):  # C speed: numbers are mostly apart from words ("10 ans")
        return text
    text = _SECOND.sub("deuxieme", _FIRST.sub("premiere", text))
    return _GLUED.sub(lambda m: f"{m.group(1)} {m.group(2) or ''}", text)


# "né" and "née" fold to "ne", the negation (a stop word): read them as the birth they mean first.
_BORN = re.compile(r"\b[nN][éÉ]e?s?\b")


def words(text: str, sms: dict[str, str] | None = None) -> list[str]:
    """Folded words, elisions split ("l'acte" → "l", "acte"), SMS spellings expanded."""
    if "né" in text or "Né" in text or "NÉ" in text:
        text = _BORN.sub("naissance", text)
    found = _WORD.findall(_numbers(fold(text)))
    table = sms if sms is not None else BASE_SMS
    if table and not table.keys().isdisjoint(found):  # checked at C speed: usually no SMS at all
        out: list[str] = []
        for w in found:
            rep = table.get(w)
            if rep is None:
                out.append(w)
            else:
                out.extend(_WORD.findall(fold(rep)))
        found = out
    if table and not _SENSE_AFTER.keys().isdisjoint(found):  # citizens' texts, not long bodies
        found = _read_after(found)
    return _works(found) if "marche" in found else found


# Words that slang or a dropped letter give another sense, told by the word before (and after):
# "ma caisse" is a car ("ma caisse de retraite" is not), "j'voie mes enfants" is to see them, not
# a road. (word: (the words before that give the sense, the words after that cancel it, the word
# meant))
_SENSE_AFTER = {
    "caisse": (frozenset("ma ta sa notre votre leur".split()),
               frozenset("de d des du primaire nationale centrale complementaire".split()), "voiture"),
    "voie": (frozenset("j je tu il elle on".split()), frozenset(), "voir"),
    "voies": (frozenset("j je tu".split()), frozenset(), "voir"),
}


def _read_after(found: list[str]) -> list[str]:
    out = list(found)
    for i, w in enumerate(found):
        sense = _SENSE_AFTER.get(w)
        if sense and i and found[i - 1] in sense[0] and (i + 1 == len(found) or found[i + 1] not in sense[1]):
            out[i] = sense[2]
    return out


# "marche" folds like "marché": after "ça", "ne", "qui"… or before "pas", "plus", "bien"… it is the
# verb (it works, see _SENSES); "comment ça marche" only asks how, like "comment".
_BEFORE_VERB = frozenset("ca ne n qui il elle ils elles cela rien tout".split())
_AFTER_VERB = frozenset("pas plus bien mal jamais".split())


def _works(found: list[str]) -> list[str]:
    out: list[str] = []
    for i, w in enumerate(found):
        if w == "marche":
            before = found[i - 1] if i else ""
            if before == "ca" and i >= 2 and found[i - 2] == "comment":
                continue
            if before in _BEFORE_VERB or (i + 1 < len(found) and found[i + 1] in _AFTER_VERB):
                w = "fonctionne"
        out.append(w)
    return out


def content_words(text: str, sms: dict[str, str] | None = None) -> list[str]:
    """Folded words without stop words and bare numbers: what the citizen actually needs.

    Numbers go because "mon fils de 10 ans" must not match "carte de plus de 10 ans".
    """
    return [w for w in words(text, sms) if w not in _INDEX_STOP and not w.isdigit()]


def terms(text: str, sms: dict[str, str] | None = None) -> list[str]:
    """Stems of the content words, in order (the matcher's unit)."""
    return [stem(w) for w in content_words(text, sms)]


def clean_input(text: str, limit: int = 4000) -> str:
    """A citizen's message made safe to process: no control characters, trimmed, bounded."""
    text = "".join(ch if ch in "\n\t" or unicodedata.category(ch) != "Cc" else " " for ch in text or "")
    return text.strip()[:limit]


TIME_STEMS = frozenset(stem(w) for w in TIME_WORDS)  # after DERIVATIONS: the stems a question has
