"""Writing a data set: ``write_dataset`` draws everything, then writes every file.

The order of drawing is fixed (projects, late reports, documents, problems, tables, targets,
plans, 挂牌督办 cases), so the same arguments give the same bytes.
"""

from __future__ import annotations

import csv
import io
import random
from pathlib import Path
from typing import Any

import yaml

from generator.model.geo import Shape, township_at

from .county import County
from .geo import project_point, township_map
from .names import FISCAL_SOURCES, REGION, THRESHOLD
from .photos import photo_entries
from .plans import build_plans
from .problems import problem_rows
from .projects import build_projects
from .render import render_project
from .schedule import drop_late_reports, month_tables
from .supervision import build_cases
from .targets import build_targets

# libyaml when present: ~10x faster for benchmark sizes; both emit the same text for the
# plain maps, lists, strings and numbers written here (checked by the tests).
_DUMPER: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

RECORD_HEADER = [
    "项目编号",
    "本月完成投资(万元)",
    "开工以来累计完成投资(万元)",
    "是否开工",
    "形象进度",
    "本月资金到位(万元)",
    "本月资金拨付(万元)",
]
PROBLEM_HEADER = [
    "问题编号",
    "项目编号",
    "提出日期",
    "问题类别",
    "问题描述",
    "责任单位",
    "协调层级",
    "办理状态",
    "解决日期",
    "是否公开",
]
_TOP_FILES = ("site.yaml", "units.yaml", "targets.yaml", "problems.csv", "supervision.yaml",
              "townships.geojson")
PHOTO_PROJECTS = 3  # sample projects with site photos (the last one has an internal photo)
UNLOCATED = 0.15  # share of projects whose YAML gives no location (drawn at their township)


def _dump_yaml(data: Any) -> bytes:
    text = yaml.dump(
        data,
        Dumper=_DUMPER,
        allow_unicode=True,
        sort_keys=False,
        width=4096,
        default_flow_style=False,
    )
    return text.encode("utf-8")


def _csv_bytes(header: list[str], rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")  # UTF-8 with BOM, as Excel saves


def _clear(out: Path) -> None:
    """Remove what an earlier run wrote, so a smaller set leaves no stale files behind."""
    for name in _TOP_FILES:
        (out / name).unlink(missing_ok=True)
    photos = out / "photos"
    if photos.is_dir():
        for path in sorted(photos.rglob("*.jpg"), reverse=True):
            path.unlink()
        for folder in sorted((p for p in photos.rglob("*") if p.is_dir()), reverse=True):
            folder.rmdir()
    for sub, suffix in (("projects", ".yaml"), ("progress", ".csv"), ("plans", ".yaml")):
        folder = out / sub
        if folder.is_dir():
            for path in folder.iterdir():
                if path.is_file() and path.suffix == suffix:
                    path.unlink()


def write_dataset(
    out: Path,
    n_projects: int,
    seed: int = 2025,
    months: int = 12,
    report_date: str = "2025-10-31",
    sample: bool = False,
) -> dict[str, int]:
    """Write a complete data directory to ``out``; return the counts written."""
    out = Path(out)
    county = County(n_projects, seed, months, report_date, sample)
    # Every value comes from county.rng: this order of drawing is part of the output.
    build_projects(county)
    drop_late_reports(county)
    projects = {spec.code: render_project(county, spec) for spec in county.specs}
    problems = problem_rows(county)
    tables = month_tables(county)
    targets = build_targets(county)
    plans = build_plans(county, targets)
    cases = build_cases(county)  # last: drawing cases changes nothing drawn before

    mapped = [row for row in county.township_rows if row[0] != "quanxian"]  # 全县: no border
    geojson, points = township_map(seed, mapped)
    shapes = _shapes(geojson)
    places = random.Random(f"{seed}:locations")
    photo_files: dict[str, bytes] = {}
    with_photos = 0
    town_codes = {name: code for code, name in county.township_rows}
    for spec in county.specs:  # the drawing order: projects by code
        data = projects[spec.code]
        code = town_codes.get(spec.township)
        if code not in points or places.random() < UNLOCATED:
            continue
        lon, lat = _inside(places, points[code], shapes.get(code))
        projects[spec.code] = _with_location(data, lon, lat)
        if sample and with_photos < PHOTO_PROJECTS and spec.public is not False and spec.gov \
                and spec.fiscal() >= THRESHOLD \
                and spec.stage in ("续建", "竣工", "投产"):
            with_photos += 1
            entries, files = photo_entries(spec.code, spec.stage, places, lon, lat,
                                           internal_last=with_photos == PHOTO_PROJECTS)
            projects[spec.code]["photos"] = entries
            photo_files.update(files)

    out.mkdir(parents=True, exist_ok=True)
    _clear(out)
    for sub in ("projects", "progress", "plans"):
        (out / sub).mkdir(exist_ok=True)
    site = {
        "region": REGION,
        "title": f"{REGION}重点项目建设信息公开",
        "report_date": county.report.iso(),
        "disclosure_threshold": int(THRESHOLD),
        "fiscal_sources": list(FISCAL_SOURCES),
        "lag_tolerance": 5,
        # The defaults, written out so that the sample shows where the rule is set.
        "lights": {"basis": "points", "yellow": 5, "red": 30, "warning_days": 15,
                   "task_warning_days": 30},
        "big_project_threshold": 100000,
        # Six letters that say "placeholder": a real site registers its own prefix.
        "oc4ids_prefix": "oc4ids-sample",
        "townships": [
            {"code": code, "name": name,
             **({"point": {"lon": points[code][0], "lat": points[code][1]}} if code in points
                else {})}
            for code, name in county.township_rows
        ],
    }
    (out / "site.yaml").write_bytes(_dump_yaml(site))
    units = county.units()
    (out / "units.yaml").write_bytes(_dump_yaml(units))
    (out / "targets.yaml").write_bytes(_dump_yaml(targets))
    for code, data in projects.items():
        (out / "projects" / f"{code}.yaml").write_bytes(_dump_yaml(data))
    for month, rows in tables.items():
        (out / "progress" / f"{month}.csv").write_bytes(_csv_bytes(RECORD_HEADER, rows))
    (out / "problems.csv").write_bytes(_csv_bytes(PROBLEM_HEADER, problems))
    for plan_id, plan in plans.items():
        (out / "plans" / f"{plan_id}.yaml").write_bytes(_dump_yaml(plan))
    if cases:
        (out / "supervision.yaml").write_bytes(_dump_yaml(cases))
    (out / "townships.geojson").write_text(geojson, encoding="utf-8")
    for file, data in photo_files.items():
        (out / file).parent.mkdir(parents=True, exist_ok=True)
        (out / file).write_bytes(data)
    return {
        "projects": len(projects),
        "monthly_files": len(tables),
        "monthly_records": sum(len(rows) for rows in tables.values()),
        "problems": len(problems),
        "targets": len(targets),
        "plans": len(plans),
        "tasks": sum(len(s["tasks"]) for p in plans.values() for s in p["sections"]),
        "units": len(units),
        "cases": len(cases),
        "photos": len(photo_files),
    }


def _shapes(geojson: str) -> dict[str, Shape]:
    from generator.inputs.geojson import read_geojson

    return {shape.code: shape for shape in read_geojson(geojson.encode()).shapes}


def _inside(rng: random.Random, centre: tuple[float, float], shape: Shape | None
            ) -> tuple[float, float]:
    """A point near a township's centre and inside its border (the checks warn otherwise)."""
    for spread in (2.5, 1.5, 0.8, 0.4):
        point = project_point(rng, centre, spread)
        if shape is None or township_at([shape], *point) is shape:
            return point
    return centre


def _with_location(data: dict[str, Any], lon: float, lat: float) -> dict[str, Any]:
    """The project's mapping with ``location`` after ``township``, as a person would write it."""
    out: dict[str, Any] = {}
    for key, value in data.items():
        out[key] = value
        if key == "township":
            out["location"] = {"lon": lon, "lat": lat}
    return out
