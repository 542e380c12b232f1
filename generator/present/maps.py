"""County maps (一张图) drawn at build time as SVG: no tiles, no script, nothing fetched.

Two kinds, both from the township boundaries of townships.geojson:

* ``points_map`` — projects as points, each coloured AND shaped by its status (▲ 超前,
  ● 正常, ▼ 滞后, ◆ 未报送, ○ 未开工, □ 无计划: not colour alone), linked to its page, with
  its name and status as the tooltip; townships link to their pages. A project without a
  location of its own is drawn at its township's point, set slightly apart from the others
  there, and its tooltip says so. Above ``MAX_POINTS`` projects the map shows one marker per
  township with its count instead (ten thousand points would weigh megabytes and hide each
  other anyway).
* ``status_map`` — townships shaded by their status with their rate and symbol written on
  them (the bulletin's 分乡镇 section).

The caller passes only what its site may show: the public site's map is drawn from its own
view, so no internal project is in its SVG. Drawing is planar: longitude is scaled by the
cosine of the map's middle latitude, which is exact enough for a county. The legend is HTML
beside the SVG, so it stays readable when a phone scales the map down.
"""

from __future__ import annotations

import functools
import html
import itertools
import math
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from markupsafe import Markup

from generator.model.geo import Polygon, Position, Shape
from generator.present.charts import FONT, INK, ChartOutput

WIDTH = 640.0  # viewBox width; the SVG scales to its container
MAX_HEIGHT = 560.0
PAD = 12.0
MAX_POINTS = 600
# status → (marker, fill, stroke, the symbol the badges use)
MARKERS: dict[str, tuple[str, str, str, str]] = {
    "超前": ("up", "#1e7b3a", "#0f4d22", "▲"),
    "正常": ("circle", "#2f6db5", "#1b4a80", "●"),
    "滞后": ("down", "#c0392b", "#7d1f16", "▼"),
    "未报送": ("diamond", "#d35400", "#8a3700", "◆"),
    "未开工": ("ring", "#ffffff", "#555555", "○"),
    "无计划": ("square", "#ffffff", "#555555", "□"),
}
AREA_FILL = {"超前": "#d7eedc", "正常": "#dce6f4", "滞后": "#f6d5d1"}
AREA_PLAIN = "#eef0e8"
# Township names are written 13 units high: 13 px where the map shows 640 px wide. A phone
# shows it about 360 px wide, where they would be 7 px, so zd.css writes them PHONE_SIZE
# units high there (11 px); labels are placed apart at that larger size, so they stay apart
# at both.
PHONE_SIZE = 20.0
PHONE_NOTE_SIZE = 19.0
NAME_RISE = 10.0  # a name's baseline above its township's point (the projects sit there)
LABEL_STEP = 6.0  # spacing of the points a label may move to, in viewBox units
LABEL_TRIES = 400  # of which the nearest are tried
LABEL_BATCH = 64  # tried at once


@dataclass(frozen=True)
class MapArea:
    shape: Shape
    name: str
    point: Position  # where its name is written (site.yaml's point, else its centre)
    href: str | None = None
    status: str | None = None  # status_map: the township's status
    note: str = ""  # status_map: "83.9% ▼" under the name


@dataclass(frozen=True)
class MapPoint:
    lon: float
    lat: float
    name: str
    status: str
    href: str | None
    township: str
    exact: bool = True  # False: drawn at its township's point


class _Frame:
    """Degrees → viewBox pixels for the bounds of ``shapes`` (and points)."""

    def __init__(self, bounds: tuple[float, float, float, float]) -> None:
        west, south, east, north = bounds
        self.west, self.north = west, north
        self.kx = math.cos(math.radians((south + north) / 2))
        span_x = max((east - west) * self.kx, 1e-6)
        span_y = max(north - south, 1e-6)
        self.k = min((WIDTH - 2 * PAD) / span_x, (MAX_HEIGHT - 2 * PAD) / span_y)
        self.width = WIDTH
        self.height = round(span_y * self.k + 2 * PAD, 1)
        self.dx = (WIDTH - 2 * PAD - span_x * self.k) / 2  # centred when height-bound

    def xy(self, lon: float, lat: float) -> tuple[float, float]:
        return (round(PAD + self.dx + (lon - self.west) * self.kx * self.k, 1),
                round(PAD + (self.north - lat) * self.k, 1))


def _bounds(shapes: Sequence[Shape], margin: float = 0.0) -> tuple[float, float, float, float]:
    boxes = [s.bounds() for s in shapes]
    west, south = min(b[0] for b in boxes), min(b[1] for b in boxes)
    east, north = max(b[2] for b in boxes), max(b[3] for b in boxes)
    mx, my = (east - west) * margin, (north - south) * margin
    return west - mx, south - my, east + mx, north + my


def _path(frame: _Frame, polygons: Sequence[Polygon]) -> str:
    """SVG path data, with points that round to the same pixel dropped."""
    parts = []
    for polygon in polygons:
        for ring in polygon:
            points: list[tuple[float, float]] = []
            for lon, lat in ring[:-1]:
                p = frame.xy(lon, lat)
                if not points or p != points[-1]:
                    points.append(p)
            if len(points) >= 3:
                parts.append("M" + "L".join(f"{x:g} {y:g}" for x, y in points) + "Z")
    return "".join(parts)


def _attr(text: object) -> str:
    return html.escape(str(text), quote=True)


def marker(status: str, x: float, y: float, r: float = 6.0) -> str:
    """The SVG of a status marker centred at (x, y)."""
    shape, fill, stroke, _ = MARKERS.get(status, MARKERS["无计划"])
    style = f'fill="{fill}" stroke="{stroke}" stroke-width="1.5"'
    if shape == "circle" or shape == "ring":
        return f'<circle cx="{x:g}" cy="{y:g}" r="{r:g}" {style}/>'
    if shape == "square":
        s = r * 0.85
        return f'<rect x="{x - s:g}" y="{y - s:g}" width="{2 * s:g}" height="{2 * s:g}" {style}/>'
    if shape == "diamond":
        return (f'<path d="M{x:g} {y - r * 1.2:g}L{x + r:g} {y:g}L{x:g} {y + r * 1.2:g}'
                f'L{x - r:g} {y:g}Z" {style}/>')
    up = shape == "up"
    tip, foot = (y - r * 1.2, y + r * 0.8) if up else (y + r * 1.2, y - r * 0.8)
    return (f'<path d="M{x:g} {round(tip, 1):g}L{round(x + r * 1.1, 1):g} {round(foot, 1):g}'
            f'L{round(x - r * 1.1, 1):g} {round(foot, 1):g}Z" {style}/>')


def legend(counts: Counter[str]) -> str:
    """The legend as HTML: each status's marker, word and count."""
    items = []
    for status in MARKERS:
        if counts.get(status):
            items.append(
                f'<li><svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true">'
                f'{marker(status, 8, 8, 5)}</svg> {html.escape(status)} {counts[status]}</li>')
    return f'<ul class="zd-map-legend">{"".join(items)}</ul>' if items else ""


def _open(frame: _Frame, label: str) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {frame.width:g} {frame.height:g}"'
        f' width="{frame.width:g}" height="{frame.height:g}" style="max-width:100%;height:auto"'
        f' role="group" aria-label="{_attr(label)}" font-family="{FONT}" font-size="13"'
        f' fill="{INK}">',
        f'<rect width="{frame.width:g}" height="{frame.height:g}" fill="#f7f9fb"/>',
    ]


def _areas(frame: _Frame, areas: Sequence[MapArea], focus: str | None,
           fills: dict[str, str] | None = None) -> list[str]:
    out = []
    for area in areas:
        fill = (fills or {}).get(area.shape.code, AREA_PLAIN)
        if focus is not None and area.shape.code != focus:
            fill = "#f3f3f3"
        d = _path(frame, area.shape.polygons)
        shape = (f'<path d="{d}" fill="{fill}" stroke="#8a8f84" stroke-width="1"'
                 f' stroke-linejoin="round"/>')
        if area.href and area.shape.code != focus:
            shape = (f'<a href="{_attr(area.href)}" aria-label="{_attr(area.name)}">'
                     f"<title>{html.escape(area.name)}</title>{shape}</a>")
        out.append(shape)
    if focus is not None:
        current = next((a for a in areas if a.shape.code == focus), None)
        if current is not None:
            out.append(f'<path d="{_path(frame, current.shape.polygons)}" fill="none"'
                       f' stroke="#3949ab" stroke-width="2.5"/>')
    return out


Box = tuple[float, float, float, float]  # (left, top, right, bottom) in viewBox units


def _text_width(text: str, size: float) -> float:
    """About how wide ``text`` is written: a Chinese or full-width character (or a ▲) 1em,
    any other 0.62em (digits, %, a space are narrower in a sans-serif font)."""
    return size * sum(1.0 if unicodedata.east_asian_width(c) in "WFA" else 0.62 for c in text)


def label_box(area: MapArea, x: float, y: float) -> Box:
    """The box a township's label covers at the phone's size when its point is at (x, y):
    the name centred NAME_RISE above it, the note (83.9% ▼) on the line below, and the
    white halo around both."""
    return _box(_label_width(area), bool(area.note), x, y)


def _label_width(area: MapArea) -> float:
    return max(_text_width(area.name, PHONE_SIZE), _text_width(area.note, PHONE_NOTE_SIZE))


def _box(width: float, note: bool, x: Any, y: Any) -> tuple[Any, Any, Any, Any]:
    """label_box for one point, or (the same sums) for arrays of them."""
    baseline = y - NAME_RISE
    bottom = (baseline + 1.25 * PHONE_NOTE_SIZE + 0.25 * PHONE_NOTE_SIZE if note
              else baseline + 0.25 * PHONE_SIZE)
    return (x - width / 2 - 2, baseline - 0.9 * PHONE_SIZE - 2, x + width / 2 + 2, bottom + 2)


class _Outline:
    """A township's rings in pixels, with its edges as arrays: the even-odd test for many
    points at once, each sum in the order of the one-point rule (so a point on an edge is
    inside or not exactly as there), and the places its label may move to."""

    def __init__(self, rings: tuple[tuple[tuple[float, float], ...], ...]) -> None:
        self.rings = rings
        self.area = _pixel_area(rings)
        # A level edge is never crossed: (y1 > y) == (y2 > y) for every y.
        edges = [(x1, y1, x2, y2) for ring in rings
                 for (x1, y1), (x2, y2) in itertools.pairwise(ring) if y1 != y2]
        x1, y1, x2, y2 = np.array(edges, dtype=float).reshape(-1, 4).T
        self.x1, self.y1, self.y2 = x1, y1, y2
        self.dx, self.dy = x2 - x1, y2 - y1
        self._candidates: dict[tuple[float, float], list[tuple[float, float]]] = {}

    def inside(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        x, y = x.reshape(-1, 1), y.reshape(-1, 1)
        crosses = (self.y1 > y) != (self.y2 > y)
        with np.errstate(divide="ignore", invalid="ignore"):
            left = x < self.x1 + (y - self.y1) * self.dx / self.dy
        return ((crosses & left).sum(axis=1) % 2) == 1

    def candidates(self, x0: float, y0: float) -> list[tuple[float, float]]:
        """Points inside on a LABEL_STEP grid through (x0, y0), the nearest LABEL_TRIES."""
        if (x0, y0) not in self._candidates:
            xs = [x for ring in self.rings for x, _ in ring]
            ys = [y for ring in self.rings for _, y in ring]
            grid = [(round(x0 + nx * LABEL_STEP, 1), round(y0 + ny * LABEL_STEP, 1))
                    for nx in range(math.floor((min(xs) - x0) / LABEL_STEP),
                                    math.ceil((max(xs) - x0) / LABEL_STEP) + 1)
                    for ny in range(math.floor((min(ys) - y0) / LABEL_STEP),
                                    math.ceil((max(ys) - y0) / LABEL_STEP) + 1)
                    if nx or ny]
            at = np.array(grid, dtype=float).reshape(-1, 2)
            inside = self.inside(at[:, 0], at[:, 1]).tolist()
            found = [p for p, yes in zip(grid, inside, strict=True) if yes]
            found.sort(key=lambda p: (math.hypot(p[0] - x0, p[1] - y0), p))
            self._candidates[(x0, y0)] = found[:LABEL_TRIES]
        return self._candidates[(x0, y0)]


@functools.lru_cache(maxsize=1024)
def _outline(rings: tuple[tuple[tuple[float, float], ...], ...]) -> _Outline:
    """One outline for a township drawn in the same frame again: a bulletin's month maps
    and the home map share them, and with them the label places already found."""
    return _Outline(rings)


def place_labels(frame: _Frame, areas: Sequence[MapArea],
                 marks: Sequence[tuple[float, float]] = ()) -> list[tuple[float, float] | None]:
    """Where each township's label goes: its point, unless there the label would cover
    another's (城关镇 and 东城街道 share a border near the middle), leave the map, cross its
    township's border or cover project markers (``marks``); then the point inside its
    township, nearest first, where it covers no other label, stays on the map, and crosses
    the border and covers markers the least. None: a point off the map.

    Labels are placed smallest township first, as a small one has the fewest places to go.
    """
    outlines = [_outline(tuple(tuple(frame.xy(lon, lat) for lon, lat in ring)
                               for polygon in a.shape.polygons for ring in polygon))
                for a in areas]
    # What placement reads of each label: its outline, width, note line and point. Months
    # of one bulletin differ in their notes' words, seldom in their widths.
    labels = tuple((own, _label_width(a), bool(a.note), frame.xy(*a.point))
                   for own, a in zip(outlines, areas, strict=True))
    return list(_placed(frame.width, frame.height, labels, tuple(marks)))


Label = tuple["_Outline", float, bool, tuple[float, float]]


@functools.lru_cache(maxsize=256)
def _placed(width: float, height: float, labels: tuple[Label, ...],
            marks: tuple[tuple[float, float], ...]) -> tuple[tuple[float, float] | None, ...]:
    order = sorted(range(len(labels)), key=lambda i: (labels[i][0].area, i))
    marked = np.array(marks, dtype=float).reshape(-1, 2)
    placed: list[Box] = []
    out: list[tuple[float, float] | None] = [None] * len(labels)
    for i in order:
        own, size, note, (x0, y0) = labels[i]
        if not (0 <= x0 <= width and 0 <= y0 <= height):
            continue
        best = (x0, y0)
        best_cost = _label_costs(width, height, size, note, own, placed, marked, [best], best)[0]
        if best_cost[:2] != (0, 0):
            tries = own.candidates(x0, y0)
            # In batches, nearest first: most labels find a clear place among the first.
            for start in range(0, len(tries), LABEL_BATCH):
                batch = tries[start:start + LABEL_BATCH]
                costs = _label_costs(width, height, size, note, own, placed, marked, batch,
                                     (x0, y0))
                clear = False
                for at, c in zip(batch, costs, strict=True):
                    if c < best_cost:
                        best, best_cost = at, c
                        if c[:2] == (0, 0):
                            clear = True  # the nearest place that is clear on every count
                            break
                if clear:
                    break
        out[i] = best
        placed.append(_box(size, note, *best))
    return tuple(out)


def _label_costs(width: float, height: float, size: float, note: bool, own: _Outline,
                 placed: Sequence[Box], marks: np.ndarray, points: Sequence[tuple[float, float]],
                 home: tuple[float, float]) -> list[tuple[float, ...]]:
    """How bad a label at each of ``points`` is, compared in order: the area it shares with
    labels placed already or sticks out of the map; then how many of its corners (and the
    middles of its top and bottom) are outside its township plus how many markers it
    covers, either being as bad; then how far it moved. Each sum is made in the order the
    one-label rule made it, plainly left to right (not compensated, as sum() is from Python
    3.12), so that ties and roundings fall the same way on every Python."""
    at = np.array(points, dtype=float).reshape(-1, 2)
    x, y = at[:, 0], at[:, 1]
    left, top, right, bottom = _box(size, note, x, y)
    cx = np.concatenate([left, x, right] * 2)
    cy = np.concatenate([top] * 3 + [bottom] * 3)
    outside = (~own.inside(cx, cy)).reshape(6, -1).sum(axis=0)
    crowded = np.zeros(len(points))
    for l2, t2, r2, b2 in placed:
        crowded = crowded + (np.maximum(0.0, np.minimum(right, r2) - np.maximum(left, l2))
                             * np.maximum(0.0, np.minimum(bottom, b2) - np.maximum(top, t2)))
    off_map = (np.maximum(0.0, -left) + np.maximum(0.0, right - width)
               + np.maximum(0.0, -top) + np.maximum(0.0, bottom - height))
    mx, my = marks[:, 0], marks[:, 1]
    covered = ((left[:, None] - 4 <= mx) & (mx <= right[:, None] + 4)
               & (top[:, None] - 4 <= my) & (my <= bottom[:, None] + 4)).sum(axis=1)
    return [(round(bad), n, math.hypot(px - home[0], py - home[1]))
            for bad, n, (px, py) in zip((crowded + off_map).tolist(),
                                        (outside + covered).tolist(), points, strict=True)]


def _pixel_area(rings: Sequence[Sequence[tuple[float, float]]]) -> float:
    return abs(sum(x1 * y2 - x2 * y1 for ring in rings
                   for (x1, y1), (x2, y2) in itertools.pairwise(ring))) / 2


def _labels(frame: _Frame, areas: Sequence[MapArea], size: float = 13,
            marks: Sequence[tuple[float, float]] = ()) -> list[str]:
    out = []
    for area, at in zip(areas, place_labels(frame, areas, marks), strict=True):
        if at is None:
            continue
        x, y = at
        text = html.escape(area.name)
        note = (f'<tspan class="zd-map-note" x="{x:g}" dy="1.25em" font-size="{size - 1:g}">'
                f"{html.escape(area.note)}</tspan>") if area.note else ""
        out.append(f'<text class="zd-map-label" x="{x:g}" y="{round(y - NAME_RISE, 1):g}"'
                   f' text-anchor="middle" font-size="{size:g}"'
                   f' stroke="#ffffff" stroke-width="3" stroke-linejoin="round"'
                   f' paint-order="stroke" pointer-events="none">{text}{note}</text>')
    return out


def _spread(points: Sequence[MapPoint], frame: _Frame) -> list[tuple[MapPoint, float, float]]:
    """Pixel positions; points drawn at their township's point are set apart on a spiral."""
    placed = []
    at_point: Counter[tuple[float, float]] = Counter()
    for p in points:
        x, y = frame.xy(p.lon, p.lat)
        if not p.exact:
            n = at_point[(x, y)]
            at_point[(x, y)] += 1
            if n:
                angle, radius = n * 2.4, 9 * math.sqrt(n)
                x, y = round(x + radius * math.cos(angle), 1), round(y + radius * math.sin(angle), 1)
        placed.append((p, x, y))
    return placed


def points_map(areas: Sequence[MapArea], points: Sequence[MapPoint], title: str, *,
               focus: str | None = None, unplaced: int = 0) -> ChartOutput:
    """Projects as points over the townships (``focus``: one township, zoomed in)."""
    shown = [a for a in areas if focus is None or a.shape.code == focus]
    frame = _Frame(_bounds([a.shape for a in shown] or [a.shape for a in areas],
                           0.12 if focus else 0.0))
    counts: Counter[str] = Counter(p.status for p in points)
    towns = sorted({p.township for p in points})
    summary = (f"共{len(points)}个项目标在图上" + (f"，分布在{len(towns)}个乡镇(街道)" if not focus
                                                  else "")
               + "；" + "、".join(f"{s}{counts[s]}个" for s in MARKERS if counts.get(s))
               + "。" if points else "图上暂无项目。")
    if unplaced:
        summary += f"另有{unplaced}个项目未标注位置 (如全县范围的项目)，不在图上。"
    out = _open(frame, f"{title}：{summary}")
    out += _areas(frame, areas, focus)
    marks: list[tuple[float, float]] = []
    if len(points) > MAX_POINTS:
        out += _township_totals(frame, areas, points)
    else:
        for p, x, y in _spread(points, frame):
            marks.append((x, y))
            where = "" if p.exact else " (位置按所在乡镇)"
            tip = html.escape(f"{p.name} · {p.status}{where}")
            mark = marker(p.status, x, y)
            if p.href:
                out.append(f'<a href="{_attr(p.href)}" aria-label="{_attr(p.name + "，" + p.status)}">'
                           f"<title>{tip}</title>{mark}</a>")
            else:
                out.append(f"<g><title>{tip}</title>{mark}</g>")
    out += _labels(frame, shown if focus else areas, 14 if focus else 13, marks)
    out.append("</svg>")
    headers = ("状态", "项目数")
    rows = tuple((s, str(counts[s])) for s in MARKERS if counts.get(s))
    svg = "".join(out) + legend(counts)
    return ChartOutput(Markup(svg), title, summary, headers, rows)


def _township_totals(frame: _Frame, areas: Sequence[MapArea],
                     points: Sequence[MapPoint]) -> list[str]:
    """One marker per township (too many points): a circle by count, lagging in words."""
    by_town: dict[str, list[MapPoint]] = {}
    for p in points:
        by_town.setdefault(p.township, []).append(p)
    out = []
    largest = max(len(v) for v in by_town.values())
    for area in areas:
        members = by_town.get(area.name, [])
        if not members:
            continue
        x, y = frame.xy(*area.point)
        r = 6 + 14 * math.sqrt(len(members) / largest)
        lagging = sum(p.status == "滞后" for p in members)
        tip = html.escape(f"{area.name}: {len(members)}个项目，滞后{lagging}个")
        out.append(f'<g><title>{tip}</title><circle cx="{x:g}" cy="{y + 12:g}" r="{r:.1f}"'
                   f' fill="#2f6db5" fill-opacity=".35" stroke="#1b4a80"/>'
                   f'<text x="{x:g}" y="{y + 16:g}" text-anchor="middle" font-size="11">'
                   f"{len(members)}</text></g>")
    return out


def status_map(areas: Sequence[MapArea], title: str) -> ChartOutput:
    """Townships shaded by status, each with its name and "83.9% ▼" written on it."""
    frame = _Frame(_bounds([a.shape for a in areas]))
    fills = {a.shape.code: AREA_FILL.get(a.status or "", AREA_PLAIN) for a in areas}
    counts = Counter(a.status for a in areas if a.status)
    summary = ("、".join(f"{s}{counts[s]}个" for s in ("超前", "正常", "滞后") if counts.get(s))
               or "暂无数据") + "（按投资完成率较序时进度）。"
    out = _open(frame, f"{title}：{summary}")
    out += _areas(frame, areas, None, fills)
    out += _labels(frame, areas, 12)
    out.append("</svg>")
    items = "".join(
        f'<li><span class="zd-map-swatch" style="background:{AREA_FILL[s]}"></span> '
        f"{html.escape(MARKERS[s][3])} {s} {counts[s]}</li>"
        for s in ("超前", "正常", "滞后") if counts.get(s))
    rows = tuple((a.name, a.note, a.status or "—") for a in areas)
    svg = "".join(out) + (f'<ul class="zd-map-legend">{items}</ul>' if items else "")
    return ChartOutput(Markup(svg), title, summary, ("乡镇(街道)", "完成率", "状态"), rows)
