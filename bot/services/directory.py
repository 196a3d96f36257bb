"""The directory service: "club de foot", "numéro de la police municipale", "pharmacie de garde",
"médecin de garde ce soir", "asso de randonnée" answered with the contact's page (address, phone,
today's hours, link), from knowledge/annuaire.yaml.

A contact is found when the words of its name or of one of its keywords are in the question, in
order, give or take a typo each (bot/language/names.py). Conservative, as every service: the
question must also ask for a contact (a number, a club, an association, "de garde"…) or be
mostly the contact's own words ("club de foot", "cours de guitare"); a story that merely
mentions football or hiking, or a procedure ("une subvention pour notre club de foot", "créer
une association"), stays with the matcher and the town's entries, and whether a contact's place
is open now is left to the opening-hours service.
"""

from __future__ import annotations

from ..kb import DirectoryItem, Knowledge
from ..language.names import PARTICLES, close, near_words, tokens
from ..language.text import content_words
from ..render import render_entry
from ..replies import Reply
from . import Ask

# Words that ask for a contact: with one, a contact named anywhere in the question is claimed.
CONTACT_WORDS = frozenset({"numero", "num", "telephone", "tel", "coordonnees", "contact", "contacter", "joindre",
                           "appeler", "adresse", "club", "asso", "association", "garde"})
# Beginnings of words that ask whether a place is open, unless a contact's own keyword has them
# ("pharmacie ouverte"): those questions are the opening-hours service's.
OPENING_WORDS = ("ouvert", "ferme", "horaire")
# Beginnings of words that make the question a procedure about a club or an association.
PROCEDURE_WORDS = ("subvention", "financ", "argent", "sous", "creer", "creation", "monter", "lancer", "statut",
                   "declar", "dissol", "salle")


def _words(text: str) -> list[str]:
    """The question's words that count, in order: no particles, numbers or stop words ("pour", "ma")."""
    useful = set(content_words(text))
    return [t.word for t in tokens(text) if t.word not in PARTICLES and t.word in useful]


def _covered(item: DirectoryItem, words: list[str], reachable: set[str]) -> tuple[set[int], int]:
    """(the positions of the question's words the item's phrases cover, its longest phrase found);
    `reachable`: the phrase words some typed word may be, to skip the others at once."""
    covered: set[int] = set()
    longest = 0
    for phrase in item.phrases:
        if not reachable.issuperset(phrase):
            continue
        for start in range(len(words) - len(phrase) + 1):
            if all(close(words[start + i], w) for i, w in enumerate(phrase)):
                covered.update(range(start, start + len(phrase)))
                longest = max(longest, len(phrase))
    return covered, longest


def find_contact(text: str, knowledge: Knowledge) -> DirectoryItem | None:
    """The directory contact the question asks for, or None (see the module's rules)."""
    words = _words(text)
    if not words or any(w.startswith(PROCEDURE_WORDS) for w in words):
        return None
    vocabulary = sorted({w for item in knowledge.directory.values() for phrase in item.phrases for w in phrase})
    reachable = set().union(*near_words(set(words), vocabulary).values())
    best, best_covered, best_score = None, set(), (0, 0)
    for item in knowledge.directory.values():
        covered, longest = _covered(item, words, reachable)
        if (len(covered), longest) > best_score:
            best, best_covered, best_score = item, covered, (len(covered), longest)
    if best is None:
        return None
    if any(w.startswith(OPENING_WORDS) for i, w in enumerate(words) if i not in best_covered):
        return None  # "la police municipale est ouverte ?": the opening-hours service says it better
    asks_contact = not CONTACT_WORDS.isdisjoint(words)
    return best if asks_contact or 2 * len(best_covered) >= len(words) else None


def reply(ask: Ask) -> Reply | None:
    item = find_contact(ask.text, ask.knowledge)
    entry = ask.knowledge.entries.get(item.id) if item else None
    if entry is None:
        return None
    flavour = "html" if ask.fmt.html else "text"
    return Reply([render_entry(entry, ask.knowledge, flavour, today=ask.now.date())])
