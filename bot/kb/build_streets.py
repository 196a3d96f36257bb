"""Building the street index (`zones/rues.yaml`, `streets:`): each street's zone in each layer, the
whole street or by house numbers ("1-39: Nord", "40+: Sud", "pairs: …"), checked against the
layers' zones, and against the map when the street has a point (`geo`).
"""

from __future__ import annotations

from typing import Any

from ..language.text import fold
from ..zones.model import NUMBERS_HINT, Layer, Span, Street, parse_numbers
from ..zones.streets import StreetIndex, name_key
from .limits import MAX_TITLE_CHARS
from .model import Knowledge, Problem
from .quote import excerpt, suggest
from .schema import Validator
from .yamlio import LineDict, line_of

STREET_KEYS = {"name", "aliases", "geo"}


class StreetBuilder(Validator):
    """The street index part of the builder (see `bot.kb.build.Builder`); built once the layers are."""

    k: Knowledge
    unbuilt_layers: set[str]              # see bot.kb.build_zones.ZoneBuilder
    unbuilt_zones: set[tuple[str, str]]

    def __init__(self) -> None:
        super().__init__()
        self.street_items: list[tuple[str, LineDict]] = []

    def street(self, data: LineDict) -> None:
        self.street_items.append((self.path, data))

    def finish_streets(self) -> None:
        layers = self.k.zones.layers
        seen: dict[tuple[str, tuple[str, ...]], str] = {}
        for path, data in self.street_items:
            self.path = path
            self.unknown_keys(data, STREET_KEYS | set(layers) | self.unbuilt_layers, "une rue (les couches sont nommées comme leurs "
                                                               "fichiers dans zones/)")
            name = self.text(data, "name", required=True, what=" dans une rue", max_len=MAX_TITLE_CHARS)
            if not name:
                continue
            key = name_key(name)
            if not key[1]:
                self.err(line_of(data, "name"), f"nom de rue « {excerpt(name)} » sans nom propre (ex. « rue des Lilas »).")
                continue
            if key in seen:
                self.err(line_of(data, "name"), f"rue « {excerpt(name)} » déjà dans l'index ({seen[key]}).")
                continue
            seen[key] = f"{path}:{line_of(data, 'name')}"
            street = Street(name, tuple(self.texts(data, "aliases")), path=path, line=data.line)
            if "geo" in data:
                geo = self.geo(data["geo"], line_of(data, "geo"))
                street.geo = (geo["lon"], geo["lat"]) if geo else None
            for lid, layer in layers.items():
                if lid in data:
                    spans = self._spans(layer, data[lid], line_of(data, lid))
                    if spans:
                        street.zones[lid] = spans
            self._check_point(street)
            self.k.zones.streets.append(street)
        self.k.zones.index = StreetIndex.of(self.k.zones.streets)

    def _spans(self, layer: Layer, value: Any, line: int) -> tuple[Span, ...]:
        """"Nord" (the whole street) or {"1-39": "Nord", "40+": "Sud"} (by house numbers)."""
        if isinstance(value, (str, int)) and not isinstance(value, bool):
            zone = self._zone_name(layer, value, line)
            return (Span(None, zone),) if zone else ()
        if not isinstance(value, dict) or not value:
            self.err(line, f"« {layer.id} » : le nom d'une zone (ex. « {layer.zones[0].name if layer.zones else 'Nord'} »), "
                           "ou des numéros et leur zone (« 1-39: Nord » puis « 40+: Sud » en dessous).")
            return ()
        spans: list[Span] = []
        for numbers_text, zone_value in value.items():
            at = line_of(value, numbers_text, line)
            numbers = parse_numbers(str(numbers_text))
            if numbers is None:
                self.err(at, f"numéros illisibles « {excerpt(numbers_text)} » : {NUMBERS_HINT}")
                continue
            clash = next((s for s in spans if s.numbers and s.numbers.meets(numbers)), None)
            if clash is not None:
                self.err(at, f"les numéros « {excerpt(numbers_text)} » recoupent « {clash.numbers.text} » : chaque "
                             "numéro n'a qu'une zone.")
                continue
            zone = self._zone_name(layer, zone_value, at)
            if zone:
                spans.append(Span(numbers, zone))
        return tuple(spans)

    def _zone_name(self, layer: Layer, value: Any, line: int) -> str:
        name = " ".join(str(value).split()) if isinstance(value, (str, int)) and not isinstance(value, bool) else ""
        if layer.zone(name) is not None:
            return name
        if (layer.id, name) in self.unbuilt_zones:  # its own problem is reported on the map
            return ""
        names = [z.name for z in layer.zones]
        close = next((z for z in names if fold(z) == fold(name)), None)
        self.err(line, f"zone « {excerpt(value)} » introuvable dans la carte « {layer.id} »."
                       + (f" Vouliez-vous dire « {close} » ?" if close else suggest(name, names))
                       + (f" Zones de la carte : {', '.join(names)}." if names and len(names) <= 12 else ""))
        return ""

    def _check_point(self, street: Street) -> None:
        """A street with one zone per layer and a point: the point must be in that zone on the map."""
        if street.geo is None:
            return
        for lid, spans in street.zones.items():
            layer = self.k.zones.layers[lid]
            if len(spans) != 1 or spans[0].numbers is not None:
                continue
            found = layer.at(*street.geo)
            if found is None or found.name != spans[0].zone:
                where = f"dans la zone « {found.name} »" if found else "hors de toutes les zones"
                self.problems.append(Problem(street.path, street.line, (
                    f"« {street.name} » : l'index dit « {spans[0].zone} » pour « {lid} », mais son point (geo) est "
                    f"{where} sur la carte : corrigez l'index, le point ou la carte."), "warning"))
