"""Nothing marked internal reaches the public site: a property test with sentinels.

Hypothesis draws data sets from the sample county: which projects, how each meets the
disclosure rule (public mark, stage, government investment, fiscal money around the
threshold), and puts a unique sentinel string into every internal field and record and into
every fact of every project that must not be disclosed. The public site is rendered in
process and every public output is searched for any sentinel:

* every page's Markdown, and every generated file: CSV and JSON as text, XLSX and DOCX
  member by member (they are ZIP archives: their text is compressed);
* the nav (on every page of the site) and the page addresses (the sitemap and the search
  index hold nothing else of a page's);
* the search index as the build's hooks would write it for each generated page
  (``public_search``, equal to a real build's index: test_build.py). Hand-written pages and
  assets hold no data.

Two things keep this fast enough to run 200 data sets in every ``make test``:

* Region charts are not drawn (about a third of the time): ``SpecCharts`` puts a chart's
  Vega-Lite spec (its data inline) where the SVG would go. vl-convert draws only what the
  spec holds and adds no data text, so a sentinel is in the SVG only if it is in the spec.
  ``test_sentinels_do_reach_the_internal_site`` checks that claim on the charts of the
  internal site, where sentinels are drawn, and a few data sets go through the whole
  public check with the charts drawn for real.
* The 200 data sets are split between two tests of 100 (a data set goes to the one its
  hash names, and a repeat is not counted: 200 different data sets); ``conftest`` starts
  both first, so that each xdist worker takes one.

A full MkDocs build of one such data set (search index, sitemap, assets) is checked
separately in test_build.py.
"""

from __future__ import annotations

import dataclasses
import html
import io
import itertools
import json
import re
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from public_search import search_entries

from generator.model.dataset import Dataset
from generator.model.models import Funding, Photo, Plan, Problem, Project, Target, Task, TaskNote
from generator.present.charts import ChartCache
from generator.rules.check import check
from generator.rules.visibility import disclosure
from generator.site.render import SiteContent, render_site

DATA = Path(__file__).resolve().parent.parent / "data"
SENTINEL = re.compile(r"LEAK\d{6}")


@pytest.fixture(scope="module")
def sample() -> Dataset:
    dataset, findings = check(DATA)
    assert dataset is not None, findings
    return dataset


class Sentinels:
    def __init__(self) -> None:
        self._counter = itertools.count()
        self.planted: list[str] = []

    def __call__(self) -> str:
        value = f"LEAK{next(self._counter):06d}"
        self.planted.append(value)
        return value


project_knobs = st.fixed_dictionaries(
    {
        "public": st.sampled_from([None, None, True, False]),
        "government_invested": st.booleans(),
        "stage": st.sampled_from(["谋划", "储备", "前期", "新开工", "续建", "竣工", "投产"]),
        "fiscal": st.sampled_from([0.0, 500.0, 999.99, 1000.0, 1000.01, 25000.0]),
    }
)


def _plant_project(p: Project, knobs: dict, s: Sentinels) -> Project:
    funding = [
        {"source": "地方政府专项债券", "amount": knobs["fiscal"]},
        {"source": "企业自筹", "amount": 100.0},
    ]
    update = {
        "public": knobs["public"],
        "withhold_reason": s() if knobs["public"] is False else None,
        "government_invested": knobs["government_invested"],
        "stage": knobs["stage"],
        "funding": [Funding.model_validate(f) for f in funding],
        "total_investment": max(p.total_investment, knobs["fiscal"] + 100.0),
        "leader": s(),
        "task_force": s(),
        "notes": s(),
        "photos": [Photo(file="photos/x/internal.jpg", caption=s(), internal=True)],
    }
    return p.model_copy(update=update)


def _hide_everything(p: Project, s: Sentinels) -> Project:
    """A project that must stay internal: every fact of it becomes a sentinel."""
    return p.model_copy(
        update={
            "name": s(),
            "owner": s(),
            "scale": s(),
            "rationale": s(),
            "progress": s(),
        }
    )


def _planted_dataset(base: Dataset, codes: list[str], knobs: list[dict], s: Sentinels) -> Dataset:
    projects: dict[str, Project] = {}
    for code, k in zip(codes, knobs, strict=True):
        p = _plant_project(base.projects[code], k, s)
        if not disclosure(p, base.config).public:
            p = _hide_everything(p, s)
        projects[code] = p
    hidden = {c for c, p in projects.items() if not disclosure(p, base.config).public}
    # A month's 存在问题 (issues, from a unit's form) is internal for every project.
    records = [
        dataclasses.replace(r, data=r.data.model_copy(update={"progress": s(), "issues": s()}))
        if r.data.project in hidden
        else dataclasses.replace(r, data=r.data.model_copy(update={"issues": s()}))
        for r in base.records
        if r.data.project in projects
    ]
    problems = [
        Problem(
            id=f"P{i}",
            project=code,
            raised="2025-03-01",
            kind="用地",
            description=s(),
            unit=s(),
            level="县",
            status="协调中",
            public=True,
        )
        for i, code in enumerate(codes)
    ]
    public_plan = base.plans[0]
    first = public_plan.sections[0]
    secret_task = Task(
        number="内1", text=s(), lead=[first.tasks[0].lead[0]], deadline="2025-12", internal=True
    )
    noted_task = first.tasks[0].model_copy(
        update={
            "notes": [*first.tasks[0].notes, TaskNote(date="2025-10-01", text=s(), internal=True)],
            "projects": list(hidden)[:2],
        }
    )
    sections = [
        first.model_copy(update={"tasks": [noted_task, secret_task, *first.tasks[1:]]}),
        *public_plan.sections[1:],
    ]
    internal_plan = Plan(
        id="neibu",
        title=s(),
        issuer=s(),
        date="2025-01-01",
        internal=True,
        sections=[first.model_copy(update={"title": s()})],
    )
    targets = [
        *base.targets,
        Target(
            id="neibu-mubiao",
            title=s(),
            metric="project_count",
            value=1,
            deadline="2025-12-31",
            internal=True,
            headline=True,
        ),
    ]
    return dataclasses.replace(
        base,
        projects=dict(sorted(projects.items())),
        project_files={c: base.project_files[c] for c in projects},
        records=records,
        problems=problems,
        problem_rows=[],
        targets=targets,
        plans=[public_plan.model_copy(update={"sections": sections}), internal_plan],
        plan_files={"neibu": "data/plans/neibu.yaml", **base.plan_files},
        photos=[],
    )


class SpecCharts(ChartCache):
    """Each chart as its Vega-Lite spec, data inline, where the page would have its SVG."""

    def render(self, chart: Any) -> str:
        spec = chart if isinstance(chart, dict) else chart.to_dict(validate=self.validate)
        self.renders += 1
        return f'<svg data-spec="{html.escape(json.dumps(spec, ensure_ascii=False))}"></svg>'


# Text an axis makes from numbers: 1,000  62.5%  12月
AXIS_LABEL = re.compile(r"-?[\d,.]+(?:%|月)?")


class BothCharts(ChartCache):
    """Charts drawn for real (SVG), each kept beside its spec for comparison."""

    def __init__(self) -> None:
        super().__init__()
        self.drawn: list[tuple[Any, str]] = []  # (spec, SVG)

    def render(self, chart: Any) -> str:
        spec = chart if isinstance(chart, dict) else chart.to_dict(validate=self.validate)
        svg = super().render(spec)
        self.drawn.append((spec, svg))
        return svg

    def unexplained(self) -> list[str]:
        """Text drawn in an SVG that is neither a string of its spec nor an axis number:
        none, if a spec holds every word its SVG shows (what SpecCharts relies on)."""
        out = []
        for spec, svg in self.drawn:
            strings = set(_strings(spec))
            for node in re.findall(r">([^<]+)<", svg):
                text = html.unescape(node).strip()
                if text and text not in strings and not AXIS_LABEL.fullmatch(text):
                    out.append(text)
        return out

    def sentinels_differ(self) -> list[tuple[list[str], list[str]]]:
        """Charts whose SVG and spec hold different sentinels."""
        pairs = [
            (SENTINEL.findall(json.dumps(spec)), SENTINEL.findall(svg)) for spec, svg in self.drawn
        ]
        return [(a, b) for a, b in pairs if set(a) != set(b)]


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _file_text(data: bytes) -> str:
    """A generated file as text; an XLSX or DOCX (a ZIP) member by member, XML unescaped."""
    if not data.startswith(b"PK\x03\x04"):
        return data.decode("utf-8", "replace")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return "\n".join(
            html.unescape(archive.read(name).decode("utf-8", "replace"))
            for name in archive.namelist()
        )


def _public_outputs(site: SiteContent) -> Iterator[tuple[str, str]]:
    """(where, text) for everything of ``site`` that the public could read."""
    yield from site.pages.items()
    for path, file in site.files.items():
        if file.data is not None:  # the others are assets and photos, copied as they are
            yield path, _file_text(file.data)
    yield "nav", repr(site.nav)
    yield "page addresses", "\n".join(site.paths)
    for entry in search_entries(site):
        yield f"search index: {entry['location']}", f"{entry['title']}\n{entry['text']}"


def _leaks(site: SiteContent) -> list[tuple[str, str]]:
    return sorted(
        {(leak, where) for where, text in _public_outputs(site) for leak in SENTINEL.findall(text)}
    )


def _draw(sample: Dataset, data: st.DataObject) -> tuple[list[str], list[dict]]:
    """Which projects to plant, and how each meets the disclosure rule."""
    codes = data.draw(
        st.lists(st.sampled_from(sorted(sample.projects)), min_size=2, max_size=6, unique=True),
        label="projects",
    )
    knobs = data.draw(
        st.lists(project_knobs, min_size=len(codes), max_size=len(codes)), label="knobs"
    )
    return codes, knobs


HALVES = 2
# Data sets that passed. Hypothesis draws some data sets more than once (by different
# choices); such a repeat would pass again and is not counted, so that every example is a
# data set of its own. A failing data set is never here: Hypothesis can replay it.
PASSED: set[bytes] = set()
PROPERTY = settings(
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


@pytest.mark.long
@pytest.mark.parametrize("half", range(HALVES))
@settings(PROPERTY, max_examples=200 // HALVES)
@given(data=st.data())
def test_no_internal_value_reaches_the_public_site(
    sample: Dataset, half: int, data: st.DataObject
) -> None:
    codes, knobs = _draw(sample, data)
    key = json.dumps([codes, knobs], sort_keys=True).encode()
    # Each half takes the data sets whose key hashes to it: the halves never share one.
    assume(zlib.crc32(key) % HALVES == half and key not in PASSED)
    ds = _planted_dataset(sample, codes, knobs, Sentinels())
    site = render_site(ds, "public", chart_cache=SpecCharts())
    leaked = _leaks(site)
    assert leaked == [], f"internal values on the public site: {leaked}"
    PASSED.add(key)


@settings(PROPERTY, max_examples=3)
@given(data=st.data())
def test_no_internal_value_reaches_the_public_charts_as_drawn(
    sample: Dataset, data: st.DataObject
) -> None:
    """A few data sets with every chart drawn, as the build draws it."""
    charts = BothCharts()
    ds = _planted_dataset(sample, *_draw(sample, data), Sentinels())
    site = render_site(ds, "public", chart_cache=charts)
    leaked = _leaks(site)
    assert leaked == [], f"internal values on the public site: {leaked}"
    assert charts.drawn and charts.unexplained() == []


def test_sentinels_do_reach_the_internal_site(sample: Dataset) -> None:
    """The planting works: the same values are all visible internally (else the proof is void).
    The charts are drawn: their SVGs are compared with their specs on the way."""
    sentinels = Sentinels()
    codes = sorted(sample.projects)[:4]
    knobs = [{"public": False, "government_invested": True, "stage": "续建", "fiscal": 5000.0}] * 4
    ds = _planted_dataset(sample, codes, knobs, sentinels)
    charts = BothCharts()
    site = render_site(ds, "internal", chart_cache=charts)
    text = "\n".join(site.pages.values())
    shown = set(SENTINEL.findall(text))
    # Internal photo captions are planted but photo files are absent here; all else shows.
    assert len(shown) >= len(sentinels.planted) * 0.8, (len(shown), len(sentinels.planted))
    # SpecCharts stands in for the SVG: every word drawn is a string of the spec, and the
    # sentinels drawn are the spec's (some are, else the comparison is void).
    assert charts.drawn and charts.unexplained() == []
    assert charts.sentinels_differ() == []
    assert any(SENTINEL.search(svg) for _, svg in charts.drawn)
