"""Township boundaries (data/townships.geojson) as plain geometry, and points on them.

Coordinates are (longitude, latitude) in decimal degrees. A county is small enough that
lines of longitude and latitude are straight for any purpose here (inside a polygon, its
centre), so the geometry is planar; only drawing (``present.maps``) scales longitude by the
cosine of the latitude.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

Position = tuple[float, float]  # (lon, lat)
Ring = tuple[Position, ...]  # closed: the last position repeats the first
Polygon = tuple[Ring, ...]  # the outer ring, then any holes


@dataclass(frozen=True)
class Shape:
    """One township's boundary: one or more polygons (a MultiPolygon for exclaves)."""

    code: str
    polygons: tuple[Polygon, ...]
    line: int | None = None  # where its feature starts in the file

    def contains(self, lon: float, lat: float) -> bool:
        """Inside the outer ring of a polygon and outside its holes (even-odd rule)."""
        return any(sum(_crossings(ring, lon, lat) for ring in polygon) % 2 == 1
                   for polygon in self.polygons)

    def centre(self) -> Position:
        """The area-weighted centroid of the outer rings (a label point for a convex-ish
        township; site.yaml's ``point`` overrides it where it falls badly)."""
        total = cx = cy = 0.0
        for polygon in self.polygons:
            area, x, y = _centroid(polygon[0])
            total += area
            cx += x * area
            cy += y * area
        if total == 0:
            ring = self.polygons[0][0]
            return ring[0]
        return cx / total, cy / total

    def bounds(self) -> tuple[float, float, float, float]:
        """(west, south, east, north)."""
        xs = [p[0] for polygon in self.polygons for p in polygon[0]]
        ys = [p[1] for polygon in self.polygons for p in polygon[0]]
        return min(xs), min(ys), max(xs), max(ys)


def _crossings(ring: Ring, x: float, y: float) -> int:
    count = 0
    for (x1, y1), (x2, y2) in itertools.pairwise(ring):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            count += 1
    return count


def _centroid(ring: Ring) -> tuple[float, float, float]:
    """(area, cx, cy) of a closed ring (area unsigned)."""
    a = cx = cy = 0.0
    for (x1, y1), (x2, y2) in itertools.pairwise(ring):
        cross = x1 * y2 - x2 * y1
        a += cross
        cx += (x1 + x2) * cross
        cy += (y1 + y2) * cross
    if a == 0:
        return 0.0, ring[0][0], ring[0][1]
    return abs(a) / 2, cx / (3 * a), cy / (3 * a)


def township_at(shapes: list[Shape], lon: float, lat: float) -> Shape | None:
    return next((s for s in shapes if s.contains(lon, lat)), None)
