"""Clarifying questions and button labels for close candidates: what tells them apart, in French.

The questions are the matcher's, in French; the fixed ones are marked for translation (`N_`), and
the renderer shows another language's reader the translation, or the generic question when the
French one names values (bot/render/screens.py `render_choose`).
"""

from __future__ import annotations

from ..i18n import N_
from ..kb import Entry
from ..language import text as T

_FACET_QUESTIONS = {
    "pour": N_("C'est pour qui ?"),
    "situation": N_("Quelle est votre situation ?"),
    "age": N_("Quel âge a la personne concernée ?"),
    "lieu": N_("Où êtes-vous ?"),
}
GENERIC_QUESTION = N_("Je vois plusieurs réponses possibles. Laquelle correspond à votre demande ?")
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
    """How to ask for a facet: a known wording, else one agreed with the (guessed) gender of the key."""
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
    return GENERIC_QUESTION


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
