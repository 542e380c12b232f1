"""data/townships.geojson: township boundaries, read and checked before anything draws them.

The file comes from a GIS program (QGIS, mapshaper …) or, in the sample, from
``tools.sample.geo``. It must be a FeatureCollection with one feature per township, its
``properties.code`` the township's code in site.yaml and its geometry a Polygon or
MultiPolygon of [longitude, latitude] rings. Every problem is reported with the line where
its feature starts (a scan of the text's strings and brackets, in C through ``re``), the
field, a code and what was expected; a feature with a problem is left off the map.

``read_geojson`` is a pure function of the bytes, so the loader's parse cache keeps it.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from typing import Any

from generator.model.geo import Polygon, Ring, Shape

MAX_VERTICES = 500_000  # a county's townships simplified for a web map need far fewer


@dataclass(frozen=True)
class MapProblem:
    code: str
    line: int | None
    field: str
    values: dict[str, Any]


@dataclass
class MapFile:
    shapes: list[Shape] = field(default_factory=list)
    problems: list[MapProblem] = field(default_factory=list)


class _Bad(ValueError):
    def __init__(self, what: str, where: str = "geometry") -> None:
        super().__init__(what)
        self.what = what
        self.where = where


_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"|[{}\[\]]')


def feature_lines(text: str) -> list[int]:
    """The line on which each element of the top-level "features" array starts."""
    lines: list[int] = []
    stack: list[str] = []
    features_next = False
    in_features = False
    line, last = 1, 0
    for match in _TOKENS.finditer(text):
        token = match.group()
        if token[0] == '"':
            if len(stack) == 1 and token == '"features"':
                features_next = True
            continue
        if token in "{[":
            if in_features and len(stack) == 2 and token == "{":
                line += text.count("\n", last, match.start())
                last = match.start()
                lines.append(line)
            stack.append(token)
            if token == "[" and features_next and len(stack) == 2:
                in_features = True
            features_next = False
        else:
            if stack:
                stack.pop()
            if in_features and len(stack) == 1:
                in_features = False
    return lines


def _position(value: Any) -> tuple[float, float]:
    if not (isinstance(value, list) and len(value) >= 2
            and all(isinstance(v, int | float) and not isinstance(v, bool) for v in value[:2])):
        raise _Bad(f"坐标应为 [经度, 纬度] 两个数 (got {json.dumps(value, ensure_ascii=False)[:60]})")
    lon, lat = float(value[0]), float(value[1])
    if not (math.isfinite(lon) and math.isfinite(lat)):
        raise _Bad(f"坐标 {value[:2]} 不是有限的数")
    if not -90 <= lat <= 90:
        raise _Bad(f"坐标 {value[:2]} 的纬度超出 -90~90 (经纬度写反?)")
    if not -180 <= lon <= 180:
        raise _Bad(f"坐标 {value[:2]} 的经度超出 -180~180")
    return lon, lat


def _ring(value: Any) -> Ring:
    if not isinstance(value, list) or len(value) < 4:
        raise _Bad("每个环至少 4 个坐标 (首尾相同)")
    ring = tuple(_position(p) for p in value)
    if ring[0] != ring[-1]:
        raise _Bad(f"环没有闭合: 首个坐标 {list(ring[0])} 与末个 {list(ring[-1])} 不同")
    return ring


def _polygon(value: Any) -> Polygon:
    if not isinstance(value, list) or not value:
        raise _Bad("Polygon 的 coordinates 应为环的列表")
    return tuple(_ring(r) for r in value)


def _geometry(value: Any) -> tuple[Polygon, ...]:
    if not isinstance(value, dict):
        raise _Bad("缺少 geometry")
    kind = value.get("type")
    coordinates = value.get("coordinates")
    if kind == "Polygon":
        return (_polygon(coordinates),)
    if kind == "MultiPolygon":
        if not isinstance(coordinates, list) or not coordinates:
            raise _Bad("MultiPolygon 的 coordinates 应为多边形的列表")
        return tuple(_polygon(p) for p in coordinates)
    raise _Bad(f"geometry 的 type 为 {kind!r}, 不是 Polygon 或 MultiPolygon")


def read_geojson(raw: bytes) -> MapFile:
    out = MapFile()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        out.problems.append(MapProblem("map-json", None, "", {
            "reason": f"不是 UTF-8 编码 (第 {exc.start + 1} 字节)", "column": 1}))
        return out
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        out.problems.append(MapProblem("map-json", exc.lineno, "",
                                       {"reason": exc.msg, "column": exc.colno}))
        return out
    except RecursionError:
        out.problems.append(MapProblem("map-json", None, "",
                                       {"reason": "嵌套过深", "column": 1}))
        return out
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection" or not isinstance(
            data.get("features"), list):
        got = data.get("type") if isinstance(data, dict) else type(data).__name__
        out.problems.append(MapProblem("map-not-geojson", 1, "", {"what": f"type 为 {got!r}"}))
        return out
    starts = feature_lines(text)
    vertices = 0
    for index, feature in enumerate(data["features"]):
        def line(index: int = index) -> int | None:
            return starts[index] if index < len(starts) else None

        if not isinstance(feature, dict) or feature.get("type") != "Feature":
            out.problems.append(MapProblem("map-not-geojson", line(), f"features[{index}]",
                                           {"what": f"第 {index + 1} 个要素不是 Feature"}))
            continue
        properties = feature.get("properties")
        code = properties.get("code") if isinstance(properties, dict) else None
        if not isinstance(code, str) or not code.strip():
            out.problems.append(MapProblem("map-township-code", line(), "properties.code",
                                           {"got": code}))
            continue
        try:
            polygons = _geometry(feature.get("geometry"))
        except _Bad as bad:
            out.problems.append(MapProblem("map-bad-geometry", line(), bad.where,
                                           {"what": f"{code}: {bad.what}"}))
            continue
        vertices += sum(len(r) for p in polygons for r in p)
        if vertices > MAX_VERTICES:
            out.problems.append(MapProblem("map-bad-geometry", line(), "geometry", {
                "what": f"顶点超过 {MAX_VERTICES} 个, 请先简化边界 (如 mapshaper -simplify)"}))
            return out
        out.shapes.append(Shape(code.strip(), polygons, line()))
    return out
