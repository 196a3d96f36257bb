"""Whether two zones of the same layer overlap: `guichet check` warns, since an address inside both
would get whichever zone comes first in the file.

Zones drawn side by side share their borders (QGIS snaps them); sharing a border is not an
overlap. So two polygons overlap when an edge of one properly crosses an edge of the other, or
when a probe point of one (a vertex, the middle of an edge, a point inside it) lies inside the
other and away from its border. Edges are bucketed in a coarse grid so that polygons of a few
thousand points stay fast to compare.
"""

from __future__ import annotations

from collections import defaultdict

from .geometry import Box, Point, Polygon, box_of, in_polygon

EDGE = tuple[Point, Point]
BORDER = 1e-7        # degrees (about a centimetre): closer than this to a border is on it
FLAT = 1e-13         # a cross product this small means three points on a line


def parts_overlap(a: tuple[Polygon, ...], b: tuple[Polygon, ...]) -> bool:
    """Whether any part of zone `a` overlaps any part of zone `b` (more than a shared border)."""
    return any(box_of(pa[0]).meets(box_of(pb[0])) and polygons_overlap(pa, pb) for pa in a for pb in b)


def polygons_overlap(a: Polygon, b: Polygon) -> bool:
    grid_b = _Grid(_edges(b))
    if any(_cross(e, f) for e in _edges(a) for f in grid_b.near(box_of(e))):
        return True
    grid_a = _Grid(_edges(a))
    return any(_strictly_in(p, b, grid_b) for p in _probes(a)) or any(_strictly_in(p, a, grid_a) for p in _probes(b))


def _edges(polygon: Polygon) -> list[EDGE]:
    return [(p, q) for ring in polygon for p, q in zip(ring, ring[1:]) if p != q]


def _orient(p: Point, q: Point, r: Point) -> float:
    return (q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0])


def _cross(e: EDGE, f: EDGE) -> bool:
    """A proper crossing: each edge has the other's ends strictly on both sides (touching and
    running along each other do not count)."""
    o1, o2 = _orient(e[0], e[1], f[0]), _orient(e[0], e[1], f[1])
    o3, o4 = _orient(f[0], f[1], e[0]), _orient(f[0], f[1], e[1])
    return ((o1 > FLAT and o2 < -FLAT) or (o1 < -FLAT and o2 > FLAT)) and \
           ((o3 > FLAT and o4 < -FLAT) or (o3 < -FLAT and o4 > FLAT))


def _probes(polygon: Polygon) -> list[Point]:
    """Vertices, middles of edges and one point inside: what a containment must show through."""
    points = [p for ring in polygon for p in ring[:-1]]
    points += [((p[0] + q[0]) / 2, (p[1] + q[1]) / 2) for p, q in _edges(polygon)]
    inner = _inside_point(polygon)
    return points + ([inner] if inner else [])


def _inside_point(polygon: Polygon) -> Point | None:
    """A point inside `polygon`: the middle of the first span of a horizontal line across it."""
    box = box_of(polygon[0])
    y = box.south + (box.north - box.south) * 0.5031  # off the round middle, where vertices sit
    xs = sorted(p[0] + (y - p[1]) * (q[0] - p[0]) / (q[1] - p[1])
                for p, q in _edges(polygon) if (p[1] > y) != (q[1] > y))
    return ((xs[0] + xs[1]) / 2, y) if len(xs) >= 2 else None


def _strictly_in(point: Point, polygon: Polygon, grid: "_Grid") -> bool:
    if not in_polygon(polygon, *point):
        return False
    near = Box(point[0] - BORDER, point[1] - BORDER, point[0] + BORDER, point[1] + BORDER)
    return all(_distance(point, e) > BORDER for e in grid.near(near))


def _distance(p: Point, e: EDGE) -> float:
    (x1, y1), (x2, y2) = e
    dx, dy = x2 - x1, y2 - y1
    t = max(0.0, min(1.0, ((p[0] - x1) * dx + (p[1] - y1) * dy) / (dx * dx + dy * dy)))
    return ((p[0] - x1 - t * dx) ** 2 + (p[1] - y1 - t * dy) ** 2) ** 0.5


class _Grid:
    """Edges bucketed by the cells of a grid over their bounds (each edge widened by BORDER)."""

    def __init__(self, edges: list[EDGE]) -> None:
        self.edges = edges
        self.box = box_of([p for e in edges for p in e]) if edges else Box(0, 0, 0, 0)
        self.n = max(1, min(64, int(len(edges) ** 0.5)))
        self.cells: dict[tuple[int, int], list[int]] = defaultdict(list)
        for i, e in enumerate(edges):
            for cell in self._cells(box_of(e)):
                self.cells[cell].append(i)

    def _span(self, lo: float, hi: float, start: float, end: float) -> range:
        width = (end - start) or 1.0
        first = int((lo - BORDER - start) / width * self.n)
        last = int((hi + BORDER - start) / width * self.n)
        return range(max(0, first), min(self.n - 1, last) + 1)

    def _cells(self, box: Box):
        for i in self._span(box.west, box.east, self.box.west, self.box.east):
            for j in self._span(box.south, box.north, self.box.south, self.box.north):
                yield i, j

    def near(self, box: Box) -> list[EDGE]:
        """The edges whose cells meet `box` (a superset of those within BORDER of it)."""
        if not self.box.meets(Box(box.west - BORDER, box.south - BORDER, box.east + BORDER, box.north + BORDER)):
            return []
        found = {i for cell in self._cells(box) for i in self.cells.get(cell, ())}
        return [self.edges[i] for i in sorted(found)]
