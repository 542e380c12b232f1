"""The maps of a site, from its own view of the data (``present.maps`` draws them).

A project is placed at its own location, else at its township's point (site.yaml's point,
else the centre of its boundary); a project whose township has neither (全县) is counted as
not on the map. Only the projects of this site's view are drawn, so the public map holds
public projects only. A site without townships.geojson has no maps.
"""

from __future__ import annotations

from collections.abc import Iterable

from generator.figures.bulletin import Bulletin
from generator.figures.rates import progress_status
from generator.figures.table import table_rows
from generator.model.geo import Position
from generator.pages import entities
from generator.pages.context import RenderContext
from generator.present.charts import ChartOutput
from generator.present.formatting import pct
from generator.present.maps import MARKERS, MapArea, MapPoint, points_map, status_map


def township_points(ctx: RenderContext) -> dict[str, Position]:
    """Each township's point by name: site.yaml's, else its boundary's centre."""
    def build() -> dict[str, Position]:
        shapes = {s.code: s for s in ctx.ds.shapes}
        out: dict[str, Position] = {}
        for t in ctx.ds.config.townships:
            if t.point is not None:
                out[t.name] = (t.point.lon, t.point.lat)
            elif t.code in shapes:
                out[t.name] = shapes[t.code].centre()
        return out

    return ctx.once("township-points", build)


def areas(ctx: RenderContext, page: str) -> list[MapArea]:
    """The townships with a boundary, each linked to its page where the site has one."""
    links = entities.of(ctx)
    known = {t.code: t.name for t in ctx.ds.config.townships}
    points = township_points(ctx)
    out = []
    seen: set[str] = set()
    for shape in ctx.ds.shapes:
        name = known.get(shape.code)
        if name is None or shape.code in seen:
            continue  # reported by check
        seen.add(shape.code)
        target = links.group_address("township", name)
        out.append(MapArea(shape, name, points.get(name, shape.centre()),
                           None if target is None else ctx.link(page, target)))
    return out


def project_points(ctx: RenderContext, page: str, codes: Iterable[str] | None = None
                   ) -> tuple[list[MapPoint], int]:
    """The projects (all of this site's, or ``codes``) as points; and how many have none."""
    table = ctx.computed.table
    places = township_points(ctx)
    wanted = None if codes is None else set(codes)
    points, unplaced = [], 0
    for code, row in table_rows(table):
        if wanted is not None and code not in wanted:
            continue
        project = ctx.ds.projects[code]
        status = str(row["status"]) if row["status"] in MARKERS else "无计划"
        href = ctx.link(page, ctx.address("project", code=code))
        if project.location is not None:
            points.append(MapPoint(project.location.lon, project.location.lat, project.name,
                                   status, href, project.township))
        elif project.township in places:
            lon, lat = places[project.township]
            points.append(MapPoint(lon, lat, project.name, status, href, project.township,
                                   exact=False))
        else:
            unplaced += 1
    return points, unplaced


def county_map(ctx: RenderContext, page: str, title: str) -> ChartOutput | None:
    if not ctx.ds.shapes:
        return None
    points, unplaced = project_points(ctx, page)
    return points_map(areas(ctx, page), points, title, unplaced=unplaced)


def township_map(ctx: RenderContext, page: str, name: str, codes: Iterable[str]
                 ) -> ChartOutput | None:
    code = next((t.code for t in ctx.ds.config.townships if t.name == name), None)
    if code is None or not any(s.code == code for s in ctx.ds.shapes):
        return None
    points, unplaced = project_points(ctx, page, codes)
    return points_map(areas(ctx, page), points, f"{name}项目分布图", focus=code,
                      unplaced=unplaced)


def bulletin_map(ctx: RenderContext, page: str, b: Bulletin) -> ChartOutput | None:
    """The bulletin's townships shaded by status at its month, rates written on them."""
    if not ctx.ds.shapes:
        return None
    lines = {line.group: line for line in b.by_township}
    schedule = float(b.overall["schedule_rate"])  # type: ignore[arg-type]
    tolerance = ctx.ds.config.lag_tolerance
    shaded = []
    for area in areas(ctx, page):
        line = lines.get(area.name)
        if line is None:
            shaded.append(area)
            continue
        status = progress_status(line.completion_rate, schedule, tolerance)
        symbol = MARKERS[status][3] if status in ("超前", "正常", "滞后") else ""
        shaded.append(MapArea(area.shape, area.name, area.point, area.href, status,
                              f"{pct(line.completion_rate)} {symbol}".strip()))
    return status_map(shaded, f"{b.day.year}年{b.day.month}月各乡镇投资完成情况")
