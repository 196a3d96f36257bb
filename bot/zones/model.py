"""The zones as the bot sees them: layers (collection sectors, polling stations, school catchment),
their zones with geometry and values, and the street index that maps an address to a zone.

Plain data built by bot/kb/build_zones.py from knowledge/zones/ (docs/format.md, "Zones");
nothing here reads a file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .days import Schedule
from .geometry import Box, Polygon, box_of, in_parts

FIELD_TYPES = ("days", "place", "text")


@dataclass(frozen=True)
class Field:
    """One property of a layer's zones: what it is called in answers, and how to read it."""

    key: str
    label: str
    type: str = "text"   # "days": collection days; "place": a place id of lieux.yaml; "text"
    words: tuple[str, ...] = ()  # folded words that ask for this field alone ("tri", "jaune")


@dataclass
class Zone:
    """One zone of a layer: its name, its values (a Schedule for a days field, else text) and its parts."""

    name: str
    values: dict[str, object]
    parts: tuple[Polygon, ...]
    box: Box
    path: str = ""
    line: int = 1

    def holds(self, lon: float, lat: float) -> bool:
        return self.box.holds(lon, lat) and in_parts(self.parts, lon, lat)


@dataclass
class Layer:
    """A map of zones staff drew (knowledge/zones/<id>.geojson) and how to answer from it (<id>.yaml)."""

    id: str
    title: str
    emoji: str = "📍"
    zone_label: str = ""            # "Secteur", "Bureau": shown before a zone's name
    words: tuple[str, ...] = ()     # folded words of a question about this layer
    entry: str = ""                 # the entry that says more (a button under the answer)
    holidays_shift: bool = False    # a collection on a public holiday moves to the next day
    fields: tuple[Field, ...] = ()
    zones: list[Zone] = field(default_factory=list)
    path: str = ""
    line: int = 1

    def zone(self, name: str) -> Zone | None:
        return next((z for z in self.zones if z.name == name), None)

    def at(self, lon: float, lat: float) -> Zone | None:
        """The zone holding the point (the first one, should two overlap: `guichet check` warns)."""
        return next((z for z in self.zones if z.holds(lon, lat)), None)

    def zone_title(self, zone: Zone) -> str:
        return f"{self.zone_label} {zone.name}".strip()


_RANGE = re.compile(r"^(\d+)\s*(?:-|–|à|a)\s*(\d+)$")
_FROM = re.compile(r"^(\d+)\s*(?:\+|et plus|et au-dela|et au-delà|et suivants)$")
NUMBERS_HINT = ("écrivez « 1-39 », « 40+ », « pairs », « impairs » ou « 1-39 impairs » "
                "(numéros de la rue concernés).")


@dataclass(frozen=True)
class Numbers:
    """House numbers of one part of a street: a range, open-ended or not, maybe one side only."""

    low: int = 0
    high: int | None = None
    parity: int | None = None   # 0 even side, 1 odd side
    text: str = ""

    def holds(self, number: int) -> bool:
        return (self.low <= number and (self.high is None or number <= self.high)
                and (self.parity is None or number % 2 == self.parity))

    def meets(self, other: "Numbers") -> bool:
        """Whether some number is in both (overlapping parts of a street are a mistake)."""
        if self.parity is not None and other.parity is not None and self.parity != other.parity:
            return False
        top = min(x for x in (self.high, other.high, 10**9) if x is not None)
        return max(self.low, other.low) <= top


def parse_numbers(text: str) -> Numbers | None:
    """"1-39", "40+", "pairs", "impairs", "1-39 impairs" → Numbers; None when unreadable."""
    words = " ".join(str(text).lower().replace("n°", "").split())
    parity = None
    for side, value in (("impairs", 1), ("impair", 1), ("pairs", 0), ("pair", 0)):
        if words.endswith(side):
            parity, words = value, words[: -len(side)].strip()
            break
    if not words:
        return Numbers(0, None, parity, str(text)) if parity is not None else None
    found = _RANGE.match(words)
    if found and int(found.group(1)) <= int(found.group(2)):
        return Numbers(int(found.group(1)), int(found.group(2)), parity, str(text))
    found = _FROM.match(words)
    if found:
        return Numbers(int(found.group(1)), None, parity, str(text))
    if words.isdigit():
        return Numbers(int(words), int(words), parity, str(text))
    return None


@dataclass(frozen=True)
class Span:
    """A part of a street (None: the whole street) and the zone it belongs to in one layer."""

    numbers: Numbers | None
    zone: str


@dataclass
class Street:
    """A street of the index: its name (and other names people use), its zone in each layer."""

    name: str
    aliases: tuple[str, ...] = ()
    zones: dict[str, tuple[Span, ...]] = field(default_factory=dict)  # layer id → its parts
    geo: tuple[float, float] | None = None  # (lon, lat) of a point of the street, to check the index
    path: str = ""
    line: int = 1

    def spans(self, layer: str, number: int | None) -> tuple[Span, ...]:
        """The parts of the street in `layer` that hold `number` (all of them when it is None)."""
        spans = self.zones.get(layer, ())
        if number is None:
            return spans
        return tuple(s for s in spans if s.numbers is None or s.numbers.holds(number))


@dataclass
class Zones:
    """Every layer and the street index."""

    layers: dict[str, Layer] = field(default_factory=dict)
    streets: list[Street] = field(default_factory=list)
    index: object = None  # the streets prepared for matching (bot.zones.streets.StreetIndex), built with them

    def at(self, lon: float, lat: float) -> list[tuple[Layer, Zone]]:
        """The zone of each layer that holds the point (layers without one left out)."""
        out = []
        for layer in self.layers.values():
            zone = layer.at(lon, lat)
            if zone is not None:
                out.append((layer, zone))
        return out


def zone_box(parts: tuple[Polygon, ...]) -> Box:
    return box_of([p for part in parts for p in part[0]])


__all__ = ["FIELD_TYPES", "NUMBERS_HINT", "Field", "Layer", "Numbers", "Schedule", "Span", "Street", "Zone",
           "Zones", "parse_numbers", "zone_box"]
