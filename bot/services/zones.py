"""The zones service: "quel jour passent les poubelles rue des Lilas ?", "je vote où ? j'habite 12 rue
des Lilas", "quelle école pour le 5 impasse des Roses" answered from the zone of the address, and
the zones of a shared position (`zone_section`, one of the location reply's NEAR_SECTIONS).

Conservative, as every service: it claims a question only when it names a layer's subject (the
layer's `words`) AND an address (a street of the index, several, or a typed address that is in
none), and the question is not about a procedure (registering, a broken bin, a proxy vote…),
which the entries answer. "quel jour passent les poubelles ?" without an address stays with the
entry, which explains the sectors.
"""

from __future__ import annotations

import datetime as dt

from ..kb import Knowledge
from ..language.names import tokens
from ..render import Fmt
from ..render.zones import ambiguous_message, here_message, street_message, unknown_message
from ..replies import Message, Reply
from ..zones.model import Layer
from ..zones.streets import Address, Ambiguous, StreetIndex, Unknown, find_address
from . import Ask
from .nearby import NEAR_SECTIONS, Spot

# Beginnings of words that make a question a procedure, not a look-up ("inscription", "cassé",
# "procuration", "déménagement", "remplacer", "signaler"…): the entries answer those.
PROCEDURE_WORDS = ("inscri", "procuration", "derogation", "demenag", "emmenag", "cass", "remplac", "perdu",
                   "signal", "plainte", "tarif", "prix", "cout", "paye", "taxe", "commande", "obten", "demande")


def _words(text: str) -> str:
    return " " + " ".join(t.word for t in tokens(text)) + " "


def _has(padded: str, words: tuple[str, ...]) -> int:
    """How many of `words` (folded, maybe several words long) the padded question holds."""
    return sum(f" {w} " in padded for w in words)


def asked_layer(text: str, knowledge: Knowledge) -> Layer | None:
    """The layer whose subject the question names most (the first one on a tie), or None."""
    padded = _words(text)
    best, hits = None, 0
    for layer in knowledge.zones.layers.values():
        n = _has(padded, layer.words)
        if n > hits:
            best, hits = layer, n
    return best


def _procedure(padded: str) -> bool:
    return any(f" {p}" in padded for p in PROCEDURE_WORDS)


def _avoid(knowledge: Knowledge) -> frozenset[str]:
    """The words of every layer's subject: alone, they never name a street ("quelle école ?")."""
    return frozenset(w for layer in knowledge.zones.layers.values()
                     for words in (layer.words, *(f.words for f in layer.fields)) for w in words)


def reply(ask: Ask) -> Reply | None:
    zones = ask.knowledge.zones
    if not zones.layers or not isinstance(zones.index, StreetIndex):
        return None
    layer = asked_layer(ask.text, ask.knowledge)
    if layer is None or _procedure(_words(ask.text)):
        return None
    found = find_address(ask.text, zones.index, _avoid(ask.knowledge))
    if found is None:
        return None
    padded = _words(ask.text)
    asked = tuple(f.key for f in layer.fields if f.words and _has(padded, f.words))
    today = ask.now.date()
    match found:
        case Address(street, number, _):
            message = street_message(layer, street, number, ask.knowledge, ask.fmt, today, asked)
        case Ambiguous(streets, number):
            message = ambiguous_message(layer, streets, number, ask.knowledge, ask.fmt, today, asked)
        case Unknown(said, near):
            message = unknown_message(layer, said, near, ask.knowledge, ask.fmt)
    return Reply([message])


def zones_here(knowledge: Knowledge, lat: float, lon: float, now: dt.datetime, fmt: Fmt) -> Message | None:
    """The zones of every layer at a shared position (collection days, polling station, schools),
    or None when the position is in none (outside the town, or no zones drawn)."""
    found = knowledge.zones.at(lon, lat)
    return here_message(found, knowledge, fmt, now.date()) if found else None


def zone_section(spot: Spot) -> Message | None:
    """The zones of a shared position, a message under what is near it (bot/services/nearby.py)."""
    return zones_here(spot.knowledge, spot.lat, spot.lon, spot.now, spot.fmt)


NEAR_SECTIONS.append(zone_section)
