"""The invented county's map: township boundaries as GeoJSON and a point for each project.

Everything is made up. The county is a convex outline around an invented centre; each
township is the part of it nearer its own seed point than any other (a Voronoi cell, cut
from the outline by half-planes), and every shared border is then bent the same way from
both sides (a midpoint displaced by a hash of the border's ends), so the shapes look drawn
rather than ruled. The urban townships (城关镇, 东城街道, 西城街道) and the park sit close to
the centre and come out small, as they are on real county maps.

Values come from their own ``random.Random`` (seeded from the data set's seed), so adding
the map changed no other value of the sample.
"""

from __future__ import annotations

import hashlib
import json
import math
import random
from typing import Any

Point = tuple[float, float]  # (lon, lat)

CENTRE: Point = (114.62, 34.78)  # invented; degrees
RADIUS_KM = (30.0, 22.0)  # the outline's half-width and half-height
KM_PER_DEGREE_LAT = 111.0
DECIMALS = 5  # about a metre: more would only make the file longer


def _km_to_degrees(dx: float, dy: float) -> Point:
    lat = CENTRE[1] + dy / KM_PER_DEGREE_LAT
    lon = CENTRE[0] + dx / (KM_PER_DEGREE_LAT * math.cos(math.radians(CENTRE[1])))
    return lon, lat


def _outline(rng: random.Random) -> list[Point]:
    """A convex polygon in km around the centre, counter-clockwise."""
    points = []
    for i in range(14):
        angle = 2 * math.pi * i / 14 + rng.uniform(-0.12, 0.12)
        scale = rng.uniform(0.9, 1.05)
        points.append((RADIUS_KM[0] * scale * math.cos(angle), RADIUS_KM[1] * scale * math.sin(angle)))
    return points


def _clip(polygon: list[Point], a: Point, b: Point) -> list[Point]:
    """The part of a convex polygon nearer ``a`` than ``b`` (Sutherland–Hodgman)."""
    mx, my = (a[0] + b[0]) / 2, (a[1] + b[1]) / 2
    nx, ny = b[0] - a[0], b[1] - a[1]

    def side(p: Point) -> float:
        return (p[0] - mx) * nx + (p[1] - my) * ny  # < 0: a's side

    out: list[Point] = []
    for i, p in enumerate(polygon):
        q = polygon[(i + 1) % len(polygon)]
        sp, sq = side(p), side(q)
        if sp <= 0:
            out.append(p)
        if (sp < 0 < sq) or (sq < 0 < sp):
            t = sp / (sp - sq)
            out.append((p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])))
    return out


def _seeds(rng: random.Random, n: int) -> list[Point]:
    """Seed points in km: the first four (城关镇, 东城街道, 西城街道 and the park, placed by the
    caller's order) near the centre, the others on rings around them."""
    seeds: list[Point] = [(0.0, 0.0), (4.5, 0.8), (-4.5, -0.6), (3.0, -5.0)]
    rest = n - len(seeds)
    for i in range(max(rest, 0)):
        ring = 0.55 if i < min(rest, 8) else 0.85
        count = min(rest, 8) if ring < 0.7 else rest - min(rest, 8)
        k = i if ring < 0.7 else i - min(rest, 8)
        angle = 2 * math.pi * k / max(count, 1) + rng.uniform(-0.2, 0.2) + (0.3 if ring > 0.7 else 0)
        seeds.append((RADIUS_KM[0] * ring * math.cos(angle) * rng.uniform(0.9, 1.1),
                      RADIUS_KM[1] * ring * math.sin(angle) * rng.uniform(0.9, 1.1)))
    return seeds[:n]


def _key(p: Point) -> tuple[int, int]:
    return round(p[0] * 1000), round(p[1] * 1000)


def _bent(p: Point, q: Point) -> list[Point]:
    """Points between p and q along a border bent by a hash of its ends: worked out from the
    ends in a fixed order, so the cells on both sides bend their shared border alike."""
    first, second = sorted([p, q], key=_key)
    digest = hashlib.sha256(f"{_key(first)}{_key(second)}".encode()).digest()
    length = math.dist(first, second)
    nx, ny = -(second[1] - first[1]) / length, (second[0] - first[0]) / length
    out = []
    for i, t in enumerate((0.25, 0.5, 0.75)):
        offset = (digest[i] / 255 - 0.5) * 0.16 * length
        out.append((first[0] + t * (second[0] - first[0]) + nx * offset,
                    first[1] + t * (second[1] - first[1]) + ny * offset))
    return out if first is p else out[::-1]


def township_map(seed: int, townships: list[tuple[str, str]]) -> tuple[str, dict[str, Point]]:
    """The GeoJSON text of ``townships`` (code, name; 全县 excluded by the caller), and a
    label point (lon, lat) for each."""
    rng = random.Random(f"{seed}:map")
    outline = _outline(rng)
    seeds = _seeds(rng, len(townships))
    features = []
    points: dict[str, Point] = {}
    for i, (code, name) in enumerate(townships):
        cell = outline
        for j, other in enumerate(seeds):
            if j != i:
                cell = _clip(cell, seeds[i], other)
        ring: list[Point] = []
        for k, p in enumerate(cell):
            q = cell[(k + 1) % len(cell)]
            on_outline = _on_outline(p, outline) and _on_outline(q, outline)
            ring.append(p)
            if not on_outline:
                ring.extend(_bent(p, q))
        coords = [_rounded(_km_to_degrees(*p)) for p in ring]
        coords.append(coords[0])
        features.append({"type": "Feature", "properties": {"code": code, "name": name},
                         "geometry": {"type": "Polygon", "coordinates": [coords]}})
        points[code] = _rounded(_km_to_degrees(*seeds[i]))
    return _dump(features), points


def _on_outline(p: Point, outline: list[Point]) -> bool:
    for k, a in enumerate(outline):
        b = outline[(k + 1) % len(outline)]
        cross = (b[0] - a[0]) * (p[1] - a[1]) - (b[1] - a[1]) * (p[0] - a[0])
        if abs(cross) < 1e-6 * max(math.dist(a, b), 1.0) and min(a[0], b[0]) - 1e-9 <= p[0] <= \
                max(a[0], b[0]) + 1e-9 and min(a[1], b[1]) - 1e-9 <= p[1] <= max(a[1], b[1]) + 1e-9:
            return True
    return False


def _rounded(p: Point) -> Point:
    return round(p[0], DECIMALS), round(p[1], DECIMALS)


def _dump(features: list[dict[str, Any]]) -> str:
    """A FeatureCollection with one feature a line, so that a finding's line names it."""
    lines = [json.dumps(f, ensure_ascii=False, separators=(",", ":")) for f in features]
    return ('{"type":"FeatureCollection","features":[\n' + ",\n".join(lines) + "\n]}\n")


def project_point(rng: random.Random, centre: Point, spread_km: float = 2.5) -> Point:
    """A point a few km from a township's label point."""
    dx, dy = rng.gauss(0, spread_km / 2), rng.gauss(0, spread_km / 2)
    lon = centre[0] + dx / (KM_PER_DEGREE_LAT * math.cos(math.radians(centre[1])))
    lat = centre[1] + dy / KM_PER_DEGREE_LAT
    return _rounded((lon, lat))
