"""Building the zone layers: a description (`zones/<id>.yaml`, `layer:`) and a map drawn by staff
(`zones/<id>.geojson`), checked with `path:line` problems: Polygon or MultiPolygon only, rings
closed, points inside the town (longitude and latitude swapped is told as such), values of the
fields readable, zones of a layer not overlapping (a warning).

The two files of a layer are paired by name when every file is read (`finish_zones`), since the
loader reads the YAML files of a folder before its maps.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..language.text import fold
from ..zones.days import FORMAT_HINT, parse_days
from ..zones.geometry import Box, Polygon, area, box_of, is_closed
from ..zones.model import FIELD_TYPES, Field, Layer, Zone, zone_box
from ..zones.overlap import parts_overlap
from .limits import MAX_LABEL_CHARS, MAX_TITLE_CHARS
from .model import LOCAL_ID, MAX_ID_LEN, Knowledge, Problem
from .quote import excerpt, suggest
from .schema import Validator
from .yamlio import LineDict, line_of

LAYER_FIELDS = {"title", "emoji", "zone_label", "words", "entry", "holidays", "fields"}
FIELD_FIELDS = {"key", "label", "type", "words"}
HOLIDAY_RULES = {"lendemain": True, "maintenue": False}
# Properties that drawing tools add on their own (geojson.io's styles, QGIS's feature ids).
TOOL_PROPERTIES = {"fid", "id", "stroke", "stroke-width", "stroke-opacity", "fill", "fill-opacity", "title",
                   "description", "marker-color", "marker-size", "marker-symbol", "objectid", "OBJECTID"}
TOWN_MARGIN = 0.1  # degrees (about 10 km) around the town's places: farther is not the town
GEOJSON_HINT = ("une carte de zones est une FeatureCollection : "
                "{\"type\": \"FeatureCollection\", \"features\": [...]}, comme l'enregistrent geojson.io ou QGIS.")


class ZoneBuilder(Validator):
    """The zones part of the builder (see `bot.kb.build.Builder`)."""

    k: Knowledge

    def __init__(self) -> None:
        super().__init__()
        self.layer_specs: dict[str, tuple[str, LineDict]] = {}   # "zones/collecte" → (path, layer:)
        self.zone_maps: dict[str, tuple[str, Any]] = {}           # "zones/collecte" → (path, parsed map)
        # What could not be built, so that the street index does not report it again (one mistake,
        # one problem): layers whose map is missing or broken, and zones refused by name.
        self.unbuilt_layers: set[str] = set()
        self.unbuilt_zones: set[tuple[str, str]] = set()

    def zone_layer(self, data: Any, line: int) -> None:
        """A `layer:` description; built with its map in `finish_zones`."""
        if not isinstance(data, dict):
            self.err(line, "« layer » décrit une carte de zones : title, words, entry, fields…")
            return
        self.layer_specs[str(Path(self.path).with_suffix(""))] = (self.path, data)

    def zone_map(self, path: str, data: Any) -> None:
        """A parsed `.geojson` file (None when it could not be parsed: its problem is already
        reported, and its layer is left out without a second one); built in `finish_zones`."""
        self.path = path
        self.k.files += 1
        self.zone_maps[str(Path(path).with_suffix(""))] = (path, data)

    def finish_zones(self) -> None:
        """Pair descriptions and maps, build each layer, then warn of overlapping zones."""
        town = self._town_box()
        for key, (path, spec) in self.layer_specs.items():
            self.path = path
            if key not in self.zone_maps:
                self.err(spec.line, f"la carte « {Path(key).name}.geojson » est introuvable à côté de ce fichier : "
                                    "dessinez les zones (geojson.io, QGIS) et enregistrez-les sous ce nom.")
                self.unbuilt_layers.add(Path(key).name)
                continue
            layer = self._layer(Path(key).name, spec)
            map_path, data = self.zone_maps[key]
            self.path = map_path
            if layer is not None and data is not None:
                layer.zones = self._zones(layer, data, town)
                self._warn_overlaps(layer)
                self.k.zones.layers[layer.id] = layer
            else:
                self.unbuilt_layers.add(Path(key).name)
        for key, (path, data) in self.zone_maps.items():
            if key not in self.layer_specs:
                self.path = path
                self.err(line_of(data), f"carte sans description : créez « {Path(key).name}.yaml » à côté "
                                        "(« layer: » avec title, words, entry, fields ; voir knowledge/README.md).")

    def _layer(self, lid: str, spec: LineDict) -> Layer | None:
        self.unknown_keys(spec, LAYER_FIELDS, "une couche de zones (layer)")
        if not LOCAL_ID.match(lid) or len(lid) > MAX_ID_LEN:
            self.err(spec.line, f"nom de fichier « {excerpt(lid)} » : minuscules sans accent, chiffres et tirets "
                                "(il sert d'identifiant de la couche dans rues.yaml).")
            return None
        layer = Layer(lid, self.text(spec, "title", required=True, what=" dans « layer »", max_len=MAX_TITLE_CHARS),
                      emoji=self.text(spec, "emoji", max_len=MAX_TITLE_CHARS) or "📍",
                      zone_label=self.text(spec, "zone_label", max_len=MAX_LABEL_CHARS),
                      words=tuple(fold(w) for w in self.texts(spec, "words")), path=self.path, line=spec.line)
        if not layer.words:
            self.err(spec.line, "« words » manquant : les mots des habitants pour cette question "
                                "(ex. [poubelle, collecte, ramassage]).")
        layer.entry = self.text(spec, "entry")
        if layer.entry:
            self.refs.append((self.path, line_of(spec, "entry"), "entry", layer.entry))
        rule = self.text(spec, "holidays") or "maintenue"
        if rule not in HOLIDAY_RULES:
            self.err(line_of(spec, "holidays"), f"« holidays » vaut « lendemain » (collecte d'un jour férié "
                                                f"décalée au lendemain) ou « maintenue ».{suggest(rule, HOLIDAY_RULES)}")
        layer.holidays_shift = HOLIDAY_RULES.get(rule, False)
        layer.fields = self._fields(spec)
        return layer

    def _fields(self, spec: LineDict) -> tuple[Field, ...]:
        out: list[Field] = []
        for item in self.mappings(spec, "fields", "de propriétés (« - key: … »)",
                                  "une propriété s'écrit « - key: tri » puis « label: … » et « type: days »."):
            self.unknown_keys(item, FIELD_FIELDS, "une propriété de couche")
            key = self.text(item, "key", required=True, what=" dans une propriété de couche")
            kind = self.text(item, "type") or "text"
            if kind not in FIELD_TYPES:
                self.err(line_of(item, "type"), f"type « {excerpt(kind)} » inconnu : days (jours de collecte), place "
                                                f"(un lieu de lieux.yaml) ou text.{suggest(kind, FIELD_TYPES)}")
                kind = "text"
            if key == "name" or any(f.key == key for f in out):
                self.err(line_of(item, "key"), f"propriété « {excerpt(key)} » déjà utilisée (« name » est le nom de la zone).")
                continue
            if key:
                out.append(Field(key, self.text(item, "label", max_len=MAX_LABEL_CHARS) or key, kind,
                                 tuple(fold(w) for w in self.texts(item, "words"))))
        return tuple(out)

    def _zones(self, layer: Layer, data: Any, town: Box | None) -> list[Zone]:
        features = data.get("features") if isinstance(data, dict) and data.get("type") == "FeatureCollection" else None
        if not isinstance(features, list):
            self.err(line_of(data), GEOJSON_HINT)
            return []
        zones: list[Zone] = []
        for i, feature in enumerate(features):
            line = line_of(features, i, features.line if isinstance(features, list) else 1)
            zone = self._zone(layer, feature, line, town)
            if zone is None:
                continue
            if layer.zone(zone.name) or any(z.name == zone.name for z in zones):
                self.err(line, f"zone « {excerpt(zone.name)} » définie deux fois dans cette carte.")
                continue
            zones.append(zone)
        return zones

    def _zone(self, layer: Layer, feature: Any, line: int, town: Box | None) -> Zone | None:
        if not isinstance(feature, dict) or feature.get("type") != "Feature":
            self.err(line, "chaque élément de « features » est un objet {\"type\": \"Feature\", \"properties\": …, "
                           "\"geometry\": …}.")
            return None
        props = feature.get("properties")
        if not isinstance(props, dict):
            self.err(line, "zone sans « properties » : donnez-lui au moins un nom (\"name\": \"Nord\").")
            return None
        name = props.get("name")
        if isinstance(name, (int, float)) and not isinstance(name, bool):
            name = str(name)
        if not isinstance(name, str) or not name.strip():
            self.err(line_of(props), "zone sans nom : ajoutez la propriété \"name\" (ex. \"name\": \"Nord\").")
            return None
        parts = self._geometry(feature.get("geometry"), line_of(feature, "geometry"), town)
        if parts is None:
            self.unbuilt_zones.add((layer.id, name.strip()))
            return None
        return Zone(name.strip(), self._values(layer, props), parts, zone_box(parts), self.path, line)

    def _values(self, layer: Layer, props: LineDict) -> dict[str, object]:
        keys = {f.key: f for f in layer.fields}
        values: dict[str, object] = {}
        for key, value in props.items():
            line = line_of(props, key)
            if key == "name" or key in TOOL_PROPERTIES or value is None:
                continue
            spec = keys.get(key)
            if spec is None:
                self.err(line, f"propriété « {excerpt(key)} » inconnue pour cette couche : elle est ignorée.{suggest(key, keys)}"
                               f" Propriétés prévues (fields de la description) : name, {', '.join(keys) or 'aucune'}.", "warning")
                continue
            text = " ".join(str(value).split()) if isinstance(value, (str, int, float)) else ""
            if not text:
                self.err(line, f"« {key} » doit être un texte.")
            elif spec.type == "days":
                schedule = parse_days(text)
                if schedule is None:
                    self.err(line, f"« {key} » : jours illisibles « {excerpt(text)} » : {FORMAT_HINT}")
                else:
                    values[key] = schedule
            else:
                if spec.type == "place":
                    self.refs.append((self.path, line, "place", text))
                values[key] = text
        return values

    def _geometry(self, geometry: Any, line: int, town: Box | None) -> tuple[Polygon, ...] | None:
        kind = geometry.get("type") if isinstance(geometry, dict) else None
        coords = geometry.get("coordinates") if isinstance(geometry, dict) else None
        if kind not in ("Polygon", "MultiPolygon"):
            found = f"« {excerpt(kind)} »" if isinstance(kind, str) else "aucune géométrie"
            self.err(line, f"{found} : une zone est une surface (Polygon ou MultiPolygon) ; dessinez un polygone, "
                           "pas un point ni une ligne.")
            return None
        polygons = [coords] if kind == "Polygon" else coords
        if not isinstance(polygons, list) or not polygons:
            self.err(line, f"« coordinates » d'un {kind} est une liste de contours.")
            return None
        parts = []
        for polygon in polygons:
            rings = self._rings(polygon, line, town)
            if rings is None:
                return None
            parts.append(rings)
        return tuple(parts)

    def _rings(self, polygon: Any, line: int, town: Box | None) -> Polygon | None:
        if not isinstance(polygon, list) or not polygon:
            self.err(line_of(polygon, default=line), "un polygone est une liste de contours (le tour extérieur, puis les trous).")
            return None
        rings = []
        for ring in polygon:
            at = line_of(ring, default=line)
            points = self._points(ring, at, town)
            if points is None:
                return None
            if not is_closed(points):
                self.err(at, f"contour non fermé : il part de {_shown(points[0])} et finit en {_shown(points[-1])} ; "
                             "répétez le premier point à la fin (les outils de dessin le font d'eux-mêmes).")
                return None
            if len(set(points)) < 3 or area(tuple(points)) == 0:
                self.err(at, "contour sans surface : il faut au moins trois points différents, pas tous alignés.")
                return None
            rings.append(tuple(points))
        return tuple(rings)

    def _points(self, ring: Any, line: int, town: Box | None) -> list[tuple[float, float]] | None:
        if not isinstance(ring, list) or len(ring) < 4:
            self.err(line, "un contour est une liste d'au moins 4 points [longitude, latitude], le dernier "
                           "répétant le premier.")
            return None
        points = []
        for i, point in enumerate(ring):
            at = line_of(ring, i, line)
            if (not isinstance(point, list) or len(point) not in (2, 3)
                    or not all(isinstance(c, (int, float)) and not isinstance(c, bool) for c in point)):
                self.err(at, f"point illisible « {excerpt(point)} » : un point s'écrit [longitude, latitude], "
                             "ex. [2.4567, 46.8123].")
                return None
            try:
                lon, lat = float(point[0]), float(point[1])
            except OverflowError:  # an integer of a thousand digits
                lon, lat = float("inf"), float("inf")
            if not self._in_town(lon, lat, at, town):
                return None
            points.append((lon, lat))
        return points

    def _in_town(self, lon: float, lat: float, line: int, town: Box | None) -> bool:
        """Whether the point can be in the town; a swapped longitude and latitude is told as such."""
        if town is not None and not town.holds(lon, lat) and town.holds(lat, lon):
            self.err(line, f"longitude et latitude inversées en {_shown((lon, lat))} : GeoJSON écrit la longitude "
                           f"d'abord, ici {_shown((lat, lon))}.")
            return False
        if not (-180 <= lon <= 180 and -90 <= lat <= 90):
            self.err(line, f"point {_shown((lon, lat))} hors limites (longitude entre -180 et 180, latitude entre -90 et 90).")
            return False
        if town is not None and not town.holds(lon, lat):
            self.err(line, f"point {_shown((lon, lat))} hors de la commune (à plus de 10 km des lieux de lieux.yaml) : "
                           "vérifiez le dessin, ou l'ordre [longitude, latitude].")
            return False
        return True

    def _town_box(self) -> Box | None:
        """Around the town's places (with their coordinates): where its zones can be."""
        points = [(p.geo["lon"], p.geo["lat"]) for p in self.k.places.values() if p.geo]
        if not points:
            return None
        box = box_of(points)
        return Box(box.west - TOWN_MARGIN, box.south - TOWN_MARGIN, box.east + TOWN_MARGIN, box.north + TOWN_MARGIN)

    def _warn_overlaps(self, layer: Layer) -> None:
        for i, zone in enumerate(layer.zones):
            for other in layer.zones[:i]:
                if zone.box.meets(other.box) and parts_overlap(zone.parts, other.parts):
                    self.problems.append(Problem(zone.path, zone.line, (
                        f"la zone « {zone.name} » chevauche la zone « {other.name} » (ligne {other.line}) : une "
                        f"adresse dans les deux recevrait « {other.name} ». Recollez les bords (QGIS : accrochage)."),
                        "warning"))


def _shown(point: tuple[float, float]) -> str:
    return f"[{point[0]:g}, {point[1]:g}]"
