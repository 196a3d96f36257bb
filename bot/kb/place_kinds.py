"""The usual kinds of town places (`kind:` in lieux.yaml): how a sentence names one ("la
déchetterie", "du CCAS") and the words citizens call it by ("biblio", "hôtel de ville").

Why a table: a reply must say whose hours it shows ("Horaires de l'office de tourisme") and agree
with it ("la mairie est ouverte", "les services techniques sont fermés"), and "déchetterie ouverte ?"
must find the place whose kind is `decheterie`. A kind missing here still works: the place is then
found by its own name and called "ce lieu". The town's synonyms (synonyms.yaml) add nicknames.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..language.text import fold
from .model import Place


@dataclass(frozen=True)
class PlaceKind:
    """How French names one kind of place."""

    label: str              # with its article: "la mairie", "l'office de tourisme", "les services techniques"
    agree: str = ""         # the ending of an adjective about it: "" (masculine), "e", "s", "es"
    words: tuple[str, ...] = ()  # what citizens type for it (any accents), besides the label

    @property
    def of(self) -> str:
        """"de la mairie", "du CCAS", "de l'école", "des services techniques"."""
        if self.label.startswith("le "):
            return "du " + self.label[3:]
        if self.label.startswith("les "):
            return "des " + self.label[4:]
        return "de " + self.label

    @property
    def plural(self) -> bool:
        return self.agree.endswith("s")

    @property
    def pronoun(self) -> str:
        """"il", "elle", "ils", "elles": the place in a second clause."""
        return {"": "il", "e": "elle", "s": "ils", "es": "elles"}.get(self.agree, "il")


UNKNOWN = PlaceKind("ce lieu")

# Keys are folded kinds (accents off): "déchèterie" and "decheterie" are the same kind.
KINDS: dict[str, PlaceKind] = {
    "mairie": PlaceKind("la mairie", "e", ("mairie", "hôtel de ville")),
    "mairie-annexe": PlaceKind("la mairie annexe", "e", ("mairie annexe", "annexe")),
    "ccas": PlaceKind("le CCAS", "", ("ccas", "centre communal d'action sociale", "action sociale")),
    "bibliotheque": PlaceKind("la médiathèque", "e", ("médiathèque", "bibliothèque", "biblio")),
    "mediatheque": PlaceKind("la médiathèque", "e", ("médiathèque", "bibliothèque", "biblio")),
    "piscine": PlaceKind("la piscine", "e", ("piscine", "centre aquatique")),
    "decheterie": PlaceKind("la déchetterie", "e", ("déchetterie", "déchèterie", "décheterie")),
    "dechetterie": PlaceKind("la déchetterie", "e", ("déchetterie", "déchèterie", "décheterie")),
    "police-municipale": PlaceKind("la police municipale", "e", ("police municipale",)),
    "services-techniques": PlaceKind("les services techniques", "s", ("services techniques", "centre technique")),
    "ecole": PlaceKind("l'école", "e", ("école",)),
    "espace-famille": PlaceKind("l'Espace Famille", "", ("espace famille",)),
    "creche": PlaceKind("la crèche", "e", ("crèche", "multi-accueil")),
    "association": PlaceKind("la Maison des associations", "e", ("maison des associations",)),
    "office-tourisme": PlaceKind("l'office de tourisme", "", ("office de tourisme", "office du tourisme")),
    "cimetiere": PlaceKind("le cimetière", "", ("cimetière",)),
    "poste": PlaceKind("la poste", "e", ("poste", "bureau de poste")),
    "gymnase": PlaceKind("le gymnase", "", ("gymnase",)),
    "salle": PlaceKind("la salle", "e", ()),
}


def kind_of(place: Place) -> PlaceKind:
    """How to name `place` in a sentence ("ce lieu" for a kind the table does not know)."""
    return KINDS.get(fold(place.kind).strip(), UNKNOWN)
