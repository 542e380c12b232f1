"""The map against the rest of the data: township codes, and where projects say they are.

A boundary must belong to a township of site.yaml, once. A project's location must fall
inside the county (a point outside every boundary usually has longitude and latitude
swapped) and inside its own township: both are warnings, as a surveyor's point near a border
may be right and the map a simplified one.
"""

from __future__ import annotations

from generator.model.dataset import Dataset
from generator.model.findings import Finding
from generator.model.geo import township_at


def check_map(ds: Dataset) -> list[Finding]:
    out: list[Finding] = []
    file = ds.map_file
    if file is None:
        return out
    known = {t.code: t.name for t in ds.config.townships}
    first: dict[str, int | None] = {}
    good = []
    for shape in ds.shapes:
        if shape.code not in known:
            out.append(Finding.of("map-township-code", file, shape.line, "properties.code",
                                  got=shape.code))
        elif shape.code in first:
            out.append(Finding.of("map-duplicate-township", file, shape.line, "properties.code",
                                  got=shape.code, other=first[shape.code]))
        else:
            first[shape.code] = shape.line
            good.append(shape)
    by_name = {t.name: t.code for t in ds.config.townships}
    for code, project in ds.projects.items():
        where = project.location
        if where is None or not good:
            continue
        found = township_at(good, where.lon, where.lat)
        project_file = ds.project_files[code]
        line = ds.line(project_file, "location")
        if found is None:
            out.append(Finding.of("location-outside-map", project_file, line, "location",
                                  lon=where.lon, lat=where.lat))
        elif by_name.get(project.township) in first and found.code != by_name[project.township]:
            out.append(Finding.of("location-other-township", project_file, line, "location",
                                  lon=where.lon, lat=where.lat, found=known[found.code],
                                  got=project.township))
    return out
