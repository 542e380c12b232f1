"""The codes of the county map: townships.geojson, and where projects say they are.

Part of the catalogue in ``generator.model.codes``, kept apart for its size; they are listed
after the others, before the ledger's.
"""

from __future__ import annotations

from generator.model.code_types import Code, ex

MAP = "地图 (townships.geojson) 和项目位置"
RECORDS = "记录之间的核对"  # = codes.RECORDS: a location is checked against the records
GEO = "data/townships.geojson"
P1 = "data/projects/XC-001.yaml"

MAP_CODES: tuple[Code, ...] = (
    Code("map-json", MAP, "地图文件不是有效的 JSON",
         "不是有效的 JSON: {reason} (第 {column} 列; expected a GeoJSON FeatureCollection)",
         "用 GIS 软件 (如 QGIS、mapshaper) 导出为 GeoJSON, 不要手工编辑坐标。",
         ex(GEO, 3, reason="Expecting ',' delimiter", column=118)),
    Code("map-not-geojson", MAP, "地图文件不是要素集合",
         "{what} (expected {{\"type\": \"FeatureCollection\", \"features\": [...]}}, 每个乡镇一个 Feature)",
         "导出为 GeoJSON 要素集合 (FeatureCollection), 每个乡镇 (街道) 一个要素。",
         ex(GEO, 1, what="type 为 'Feature'")),
    Code("map-township-code", MAP, "地图要素的乡镇代码不对",
         "要素的 properties.code 应为 site.yaml 乡镇名单中的代码 (got {got!r})",
         "每个要素的属性中写 code: 与 site.yaml townships 中该乡镇的 code 相同 (如 chengguan)。",
         ex(GEO, 4, "properties.code", got="城关")),
    Code("map-duplicate-township", MAP, "地图中乡镇重复",
         "乡镇 {got!r} 的边界出现了两次 (also at line {other})",
         "每个乡镇只画一个要素; 飞地等多块区域用一个 MultiPolygon 要素。",
         ex(GEO, 9, "properties.code", got="chengguan", other=2)),
    Code("map-bad-geometry", MAP, "地图要素的几何不对",
         "{what} (expected a Polygon or MultiPolygon of [经度, 纬度] rings, each closed, "
         "at least 4 positions)",
         "边界用多边形 (Polygon 或 MultiPolygon), 坐标为 [经度, 纬度] 十进制度数 (WGS84/CGCS2000), "
         "每个环首尾相同。",
         ex(GEO, 5, "geometry", what="坐标 [34.78, 114.62] 的纬度超出 -90~90 (经纬度写反?)")),
    Code("location-outside-map", RECORDS, "项目位置不在县域内",
         "位置 ({lon}, {lat}) 不在任何乡镇的边界内 (经纬度写反或有笔误?)",
         "location 写项目所在地的经度 lon 和纬度 lat (十进制度数), 可在地图软件中取点后核对。",
         ex(P1, 12, "location", lon=34.78, lat=114.62), severity="warning"),
    Code("location-other-township", RECORDS, "项目位置在另一个乡镇",
         "位置 ({lon}, {lat}) 在 {found} 境内, 项目所在乡镇填的是 {got!r}",
         "核对 location 的经纬度和 township: 二者应指同一个乡镇。",
         ex(P1, 12, "location", lon=114.66, lat=34.79, found="东城街道", got="城关镇"),
         severity="warning"),
)
