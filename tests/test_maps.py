"""The county map (一张图): township boundaries read from townships.geojson, projects drawn as
linked points at build time (SVG, nothing fetched), the public map holding public projects
only, and the location in the OC4IDS export. Bad map files are in tests/bad_inputs (map-*,
location-off-map)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import yaml
from conftest import make_minimal_data

from generator.inputs.geojson import feature_lines, read_geojson
from generator.model.geo import Shape, township_at
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
