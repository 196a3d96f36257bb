"""Zones as polygons in longitude/latitude: point in polygon (holes and multi-part zones), bounds.

Why no GIS library: a town's zones are a few dozen polygons of at most a few thousand points,
asked one point at a time; ray casting answers in microseconds in plain Python, where shapely
would add a compiled GEOS dependency for nothing we need. Coordinates are degrees as GeoJSON
writes them ([longitude, latitude]); a few metres of error from treating them as a plane do not
matter at the scale of a street.
"""

from __future__ import annotations

from dataclasses import dataclass

Point = tuple[float, float]          # (lon, lat)
Ring = tuple[Point, ...]             # closed: first point == last point
Polygon = tuple[Ring, ...]           # the outer ring, then its holes


@dataclass(frozen=True)
class Box:
    """A bounding box: what a quick "certainly not inside" test needs."""

    west: float
    south: float
    east: float
    north: float

    def holds(self, lon: float, lat: float) -> bool:
        return self.west <= lon <= self.east and self.south <= lat <= self.north

    def meets(self, other: "Box") -> bool:
        return not (other.west > self.east or other.east < self.west
                    or other.south > self.north or other.north < self.south)


def box_of(points) -> Box:
    """The bounding box of (lon, lat) points (at least one)."""
    lons = [p[0] for p in points]
    lats = [p[1] for p in points]
    return Box(min(lons), min(lats), max(lons), max(lats))


def in_ring(ring: Ring, lon: float, lat: float) -> bool:
    """Ray casting (even-odd): whether (lon, lat) is inside `ring`. A point exactly on an edge may
    go either way, which is harmless for an address and why overlaps are checked elsewhere."""
    inside = False
    x, y = lon, lat
    for (x1, y1), (x2, y2) in zip(ring, ring[1:]):
        if (y1 > y) != (y2 > y) and x < (x2 - x1) * (y - y1) / (y2 - y1) + x1:
            inside = not inside
    return inside


def in_polygon(polygon: Polygon, lon: float, lat: float) -> bool:
    """Inside the outer ring and in none of its holes."""
    return in_ring(polygon[0], lon, lat) and not any(in_ring(hole, lon, lat) for hole in polygon[1:])


def in_parts(parts: tuple[Polygon, ...], lon: float, lat: float) -> bool:
    """Inside any part of a multi-part zone (a GeoJSON MultiPolygon, or a Polygon as one part)."""
    return any(in_polygon(p, lon, lat) for p in parts)


def is_closed(ring) -> bool:
    """GeoJSON's rule: a ring ends on the point it starts from."""
    return len(ring) >= 2 and tuple(ring[0][:2]) == tuple(ring[-1][:2])


def area(ring: Ring) -> float:
    """Signed area (shoelace, square degrees): zero for a ring whose points are all on a line."""
    return sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:])) / 2
