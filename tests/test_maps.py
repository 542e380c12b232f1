"""The county map (一张图): township boundaries read from townships.geojson, projects drawn as
linked points at build time (SVG, nothing fetched), the public map holding public projects
only, and the location in the OC4IDS export. Bad map files are in tests/bad_inputs (map-*,
location-off-map)."""

from __future__ import annotations

import itertools
import json
import math
import re
import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import yaml
from conftest import make_minimal_data

from generator.inputs.geojson import feature_lines, read_geojson
from generator.model.geo import Shape, township_at
from generator.present.maps import (
    LABEL_STEP,
    LABEL_TRIES,
    NAME_RISE,
    PAD,
    PHONE_NOTE_SIZE,
    PHONE_SIZE,
    WIDTH,
    MapArea,
    _bounds,
    _Frame,
    _Outline,
    _pixel_area,
    label_box,
    place_labels,
)
from generator.rules.check import check
from generator.site.render import render_site

ROOT = Path(__file__).resolve().parents[1]
SQUARES = ROOT / "tests" / "bad_inputs" / "location-off-map" / "data" / "townships.geojson"


def _square(code: str, west: float) -> Shape:
    ring = ((west, 34.0), (west + 1, 34.0), (west + 1, 35.0), (west, 35.0), (west, 34.0))
    return Shape(code, ((ring,),))


def test_the_sample_map_has_every_township_but_the_whole_county() -> None:
    read = read_geojson((ROOT / "data" / "townships.geojson").read_bytes())
    assert read.problems == []
    site = yaml.safe_load((ROOT / "data" / "site.yaml").read_text("utf-8"))
    codes = {t["code"] for t in site["townships"]} - {"quanxian"}
    assert sorted(s.code for s in read.shapes) == sorted(codes)


def test_every_sample_location_is_inside_its_own_township() -> None:
    dataset, findings = check(ROOT / "data")
    assert dataset is not None
    assert not [f for f in findings if f.code.startswith(("location-", "map-"))]
    assert sum(p.location is not None for p in dataset.projects.values()) > 0


def test_inside_and_centre_are_planar_and_exact_for_a_square() -> None:
    a, b = _square("a", 114.0), _square("b", 115.0)
    assert township_at([a, b], 115.5, 34.5) is b
    assert township_at([a, b], 113.5, 34.5) is None
    assert a.centre() == (114.5, 34.5)
    assert a.bounds() == (114.0, 34.0, 115.0, 35.0)


def test_a_hole_is_outside() -> None:
    outer = ((0.0, 0.0), (4.0, 0.0), (4.0, 4.0), (0.0, 4.0), (0.0, 0.0))
    hole = ((1.0, 1.0), (3.0, 1.0), (3.0, 3.0), (1.0, 3.0), (1.0, 1.0))
    shape = Shape("x", ((outer, hole),))
    assert shape.contains(0.5, 0.5) and not shape.contains(2.0, 2.0)


def test_feature_lines_follow_the_text_not_json_formatting() -> None:
    text = '{"type": "FeatureCollection",\n "features": [\n {"a": "[{"},\n\n {"b": [1, {}]}\n]}'
    assert feature_lines(text) == [3, 5]


def _data_with_map(tmp_path: Path) -> Path:
    """The minimal data with two square townships; XC-001 located, XC-002 withheld."""
    root = make_minimal_data(tmp_path)
    shutil.copy(SQUARES, root / "townships.geojson")
    one = root / "projects" / "XC-001.yaml"
    one.write_text(one.read_text("utf-8").replace(
        "township: 城关镇\n", "township: 城关镇\nlocation: {lon: 114.61, lat: 34.77}\n"), "utf-8")
    two = root / "projects" / "XC-002.yaml"
    two.write_text(two.read_text("utf-8") + "public: false\nwithhold_reason: 涉密\n"
                   "location: {lon: 114.65, lat: 34.79}\n", "utf-8")
    return root


def _svgs(text: str) -> list[str]:
    return re.findall(r"<svg[^>]*role=\"group\".*?</svg>", text, flags=re.S)


def test_the_public_map_draws_public_projects_only(tmp_path: Path) -> None:
    dataset, findings = check(_data_with_map(tmp_path))
    assert dataset is not None and not [f for f in findings if f.severity == "error"]
    public = render_site(dataset, "public")
    internal = render_site(dataset, "internal")
    home_public, home_internal = public.pages["index.md"], internal.pages["index.md"]
    (map_public,), (map_internal,) = _svgs(home_public), _svgs(home_internal)
    assert "XC-001" in map_public and "XC-002" not in map_public
    assert "XC-001" in map_internal and "XC-002" in map_internal
    assert dataset.projects["XC-002"].name not in map_public
    # drawn at build time: nothing to fetch, and townships link to their pages
    assert "http" not in map_public.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "城关镇" in map_public and "新镇" in map_public


def test_a_township_page_zooms_to_its_township(tmp_path: Path) -> None:
    dataset, _ = check(_data_with_map(tmp_path))
    assert dataset is not None
    pages = render_site(dataset, "internal").pages
    page = next(text for path, text in pages.items()
                if "城关镇项目" in text and "项目分布图" in text)
    (svg,) = _svgs(page)
    assert "XC-001" in svg and "XC-002" not in svg  # only this township's projects


def test_no_map_file_means_no_map(tmp_path: Path) -> None:
    dataset, findings = check(make_minimal_data(tmp_path))
    assert dataset is not None and findings == []
    assert "项目分布图" not in render_site(dataset, "public").pages["index.md"]


def test_oc4ids_carries_the_location_as_a_geojson_point(tmp_path: Path) -> None:
    dataset, _ = check(_data_with_map(tmp_path))
    assert dataset is not None
    site = render_site(dataset, "public")
    name = next(k for k in site.files if k.endswith(".json") and "oc4ids" in k)
    file = site.files[name]
    raw = file.data if file.data is not None else file.source.read_bytes()  # type: ignore[union-attr]
    projects = json.loads(raw)["projects"]
    (project,) = [p for p in projects if p["id"].endswith("XC-001")]
    assert project["locations"][0]["geometry"] == {"type": "Point",
                                                   "coordinates": [114.61, 34.77]}


# --- labels: apart from each other, readable on a phone -------------------------------


def _sample_maps() -> list[tuple[list[MapArea], str]]:
    """The sample's county map (home page) and the last bulletin's map: their areas and
    SVG, drawn as the pages draw them."""
    from generator.figures.bulletin import bulletin, bulletin_months
    from generator.figures.compute import compute
    from generator.pages import maps, registry
    from generator.pages.context import RenderContext
    from generator.present.templates import environment

    ds, _ = check(ROOT / "data")
    assert ds is not None
    ctx = RenderContext(ds=ds, audience="internal", env=environment(), full=ds,
                        types=registry.BY_NAME, compute=lambda: compute(ds))
    county = maps.county_map(ctx, "index.md", "项目分布图")
    month = bulletin_months(ds)[-1]
    shaded = maps.bulletin_map(ctx, f"bulletins/{month}/index.md", bulletin(ds, month))
    assert county is not None and shaded is not None
    base = maps.areas(ctx, "index.md")
    # the bulletin's areas carry their notes (83.9% ▼), read back from its table
    notes = {name: note for name, note, _ in shaded.rows}  # type: ignore[misc]
    noted = [MapArea(a.shape, a.name, a.point, a.href, None, notes[a.name]) for a in base]
    return [(base, str(county.svg)), (noted, str(shaded.svg))]


LABEL = re.compile(r'<text class="zd-map-label" x="([\d.]+)" y="([\d.]+)"[^>]*>([^<]*)')


def test_township_labels_do_not_touch_at_the_phone_size() -> None:
    """城关镇 and 东城街道 share a border near the middle of the map, and their labels met
    there: each label now covers no other, even at the size a phone writes them, stays on
    the map, and is written at a point inside its own township."""
    for areas, svg in _sample_maps():
        frame_w, frame_h = map(float, re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', svg).groups())  # type: ignore[union-attr]
        by_name = {a.name: a for a in areas}
        labels = LABEL.findall(svg)
        assert sorted(name for _, _, name in labels) == sorted(by_name)
        to_degrees = _degrees(areas, frame_w, frame_h)
        boxes = []
        for x, y, name in labels:
            area = by_name[name]
            at = (float(x), float(y) + NAME_RISE)
            box = label_box(area, *at)
            assert box[0] >= 0 and box[1] >= 0 and box[2] <= frame_w and box[3] <= frame_h
            assert area.shape.contains(*to_degrees(*at)), name  # its point, in its township
            boxes.append((name, box))
        for (a, box_a), (b, box_b) in itertools.combinations(boxes, 2):
            apart = (box_a[2] <= box_b[0] or box_b[2] <= box_a[0]
                     or box_a[3] <= box_b[1] or box_b[3] <= box_a[1])
            assert apart, (a, b)


def _degrees(areas: list[MapArea], width: float, height: float):  # type: ignore[no-untyped-def]
    """viewBox units → (lon, lat) for a map of ``areas`` (the inverse of its frame)."""
    frame = _Frame(_bounds([a.shape for a in areas]))
    assert (frame.width, frame.height) == (width, height)

    def back(x: float, y: float) -> tuple[float, float]:
        return (frame.west + (x - PAD - frame.dx) / (frame.kx * frame.k),
                frame.north - (y - PAD) / frame.k)
    return back


def test_a_label_that_would_cover_another_moves_within_its_township() -> None:
    """Two squares whose label points sit either side of their shared border, where the
    labels would cover each other and cross the border: each moves, no further than it
    must, to where it lies inside its own square."""
    west = Shape("w", ((((0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 1.0), (0.0, 0.0)),),))
    east = Shape("e", ((((1.0, 0.0), (2.0, 0.0), (2.0, 1.0), (1.0, 1.0), (1.0, 0.0)),),))
    areas = [MapArea(west, "城关镇", (0.98, 0.5)), MapArea(east, "东城街道", (1.02, 0.5))]
    frame = _Frame(_bounds([a.shape for a in areas]))
    border = frame.xy(1.0, 0.5)[0]
    placed = place_labels(frame, areas)
    assert all(p is not None for p in placed)
    (wx, wy), (ex, ey) = placed  # type: ignore[misc]
    first, second = label_box(areas[0], wx, wy), label_box(areas[1], ex, ey)
    assert first[2] <= border <= second[0]  # apart, each on its own side
    assert (wy, ey) == (frame.xy(0.98, 0.5)[1], frame.xy(1.02, 0.5)[1])  # moved sideways
    assert border - first[2] < 6 and second[0] - border < 6  # by no more than a step


def test_phone_label_size_is_the_one_the_stylesheet_writes() -> None:
    """Labels are placed apart at the size zd.css writes them on a phone: the two agree."""
    css = (ROOT / "site_templates" / "assets" / "zd.css").read_text("utf-8")
    assert f"svg .zd-map-label {{ font-size: {PHONE_SIZE:g}px; }}" in css
    assert f"svg .zd-map-note {{ font-size: {PHONE_NOTE_SIZE:g}px; }}" in css
    # readable where a phone shows the 640-unit map about 358 px wide
    assert PHONE_SIZE * 358 / WIDTH >= 11 and PHONE_NOTE_SIZE * 358 / WIDTH >= 10.5


# The one-label rule the placement was first written as: each cost for one point, in plain
# Python. The placement works on arrays, in batches; it must choose exactly what this does.
def _inside_one(rings: Sequence[Sequence[tuple[float, float]]], x: float, y: float) -> bool:
    crossings = 0
    for ring in rings:
        for (x1, y1), (x2, y2) in itertools.pairwise(ring):
            if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
                crossings += 1
    return crossings % 2 == 1


def _place_one_by_one(frame: _Frame, areas: Sequence[MapArea],
                      marks: Sequence[tuple[float, float]]) -> list[tuple[float, float] | None]:
    def cost(area: MapArea, own: Any, placed: list[Any], at: tuple[float, float],
             home: tuple[float, float]) -> tuple[float, ...]:
        x, y = at
        box = label_box(area, x, y)
        crowded = 0.0  # added left to right: Python 3.12's sum() compensates, the rule does not
        for b in placed:
            crowded += (max(0.0, min(box[2], b[2]) - max(box[0], b[0]))
                        * max(0.0, min(box[3], b[3]) - max(box[1], b[1])))
        off_map = (max(0.0, -box[0]) + max(0.0, box[2] - frame.width)
                   + max(0.0, -box[1]) + max(0.0, box[3] - frame.height))
        corners = [(bx, by) for bx in (box[0], x, box[2]) for by in (box[1], box[3])]
        outside = sum(not _inside_one(own, bx, by) for bx, by in corners)
        covered = sum(box[0] - 4 <= mx <= box[2] + 4 and box[1] - 4 <= my <= box[3] + 4
                      for mx, my in marks)
        return (round(crowded + off_map), outside + covered, math.hypot(x - home[0], y - home[1]))

    rings = [[[frame.xy(lon, lat) for lon, lat in ring] for polygon in a.shape.polygons
              for ring in polygon] for a in areas]
    order = sorted(range(len(areas)), key=lambda i: (_pixel_area(rings[i]), i))
    placed: list[Any] = []
    out: list[tuple[float, float] | None] = [None] * len(areas)
    for i in order:
        x0, y0 = frame.xy(*areas[i].point)
        if not (0 <= x0 <= frame.width and 0 <= y0 <= frame.height):
            continue
        best = (x0, y0)
        best_cost = cost(areas[i], rings[i], placed, best, best)
        if best_cost[:2] != (0, 0):
            xs = [x for ring in rings[i] for x, _ in ring]
            ys = [y for ring in rings[i] for _, y in ring]
            grid = []
            for nx in range(math.floor((min(xs) - x0) / LABEL_STEP),
                            math.ceil((max(xs) - x0) / LABEL_STEP) + 1):
                for ny in range(math.floor((min(ys) - y0) / LABEL_STEP),
                                math.ceil((max(ys) - y0) / LABEL_STEP) + 1):
                    x, y = round(x0 + nx * LABEL_STEP, 1), round(y0 + ny * LABEL_STEP, 1)
                    if (nx or ny) and _inside_one(rings[i], x, y):
                        grid.append((x, y))
            grid.sort(key=lambda p: (math.hypot(p[0] - x0, p[1] - y0), p))
            for at in grid[:LABEL_TRIES]:
                c = cost(areas[i], rings[i], placed, at, (x0, y0))
                if c < best_cost:
                    best, best_cost = at, c
                    if c[:2] == (0, 0):
                        break
        out[i] = best
        placed.append(label_box(areas[i], *best))
    return out


def _sample_areas(notes: bool) -> list[MapArea]:
    read = read_geojson((ROOT / "data" / "townships.geojson").read_bytes())
    marks = ["83.9% ▼", "100.0% ▲", "", "7.5% ●"]
    return [MapArea(s, f"乡镇{s.code}", s.centre(), note=marks[i % 4] if notes else "")
            for i, s in enumerate(read.shapes)]


def test_the_outline_test_is_the_one_point_rule_at_every_vertex_and_between() -> None:
    """The array test counts crossings exactly as the one-point rule: on the sample's
    townships, at a grid through the map, at every vertex and the middle of every edge."""
    areas = _sample_areas(False)
    frame = _Frame(_bounds([a.shape for a in areas]))
    for area in areas:
        rings = tuple(tuple(frame.xy(lon, lat) for lon, lat in ring)
                      for polygon in area.shape.polygons for ring in polygon)
        points = [(x, y) for x in range(0, 641, 7) for y in range(0, int(frame.height), 7)]
        points += [p for ring in rings for p in ring]
        points += [((x1 + x2) / 2, (y1 + y2) / 2) for ring in rings
                   for (x1, y1), (x2, y2) in itertools.pairwise(ring)]
        at = np.array(points, dtype=float)
        got = _Outline(rings).inside(at[:, 0], at[:, 1]).tolist()
        assert got == [_inside_one(rings, x, y) for x, y in points]
        assert any(got) and not all(got)


@pytest.mark.parametrize("notes", [False, True])
def test_labels_are_placed_as_the_one_label_rule_places_them(notes: bool) -> None:
    """On the sample's townships, with and without the note line, with the sample's project
    markers and with markers on every township's point (which moves every label)."""
    areas = _sample_areas(notes)
    frame = _Frame(_bounds([a.shape for a in areas]))
    dataset, _ = check(ROOT / "data")
    assert dataset is not None
    marks = [frame.xy(p.location.lon, p.location.lat) for p in dataset.projects.values()
             if p.location]
    crowded = [frame.xy(*a.point) for a in areas]
    moved = 0
    for chosen in ([], marks, crowded):
        placed = place_labels(frame, areas, chosen)
        assert placed == _place_one_by_one(frame, areas, chosen)
        moved += sum(p != frame.xy(*a.point) for p, a in zip(placed, areas, strict=True))
    assert moved >= len(areas)  # the markers at the points moved every label at least
