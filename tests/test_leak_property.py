"""Nothing marked internal reaches the public site: a property test with sentinels.

Hypothesis draws data sets from the sample county: which projects, how each meets the
disclosure rule (public mark, stage, government investment, fiscal money around the
threshold), and puts a unique sentinel string into every internal field and record and into
every fact of every project that must not be disclosed. The public site is rendered in
process (every page and generated file that MkDocs would publish) and searched for any
sentinel. A full MkDocs build of one such data set (search index, sitemap, assets) is
checked separately in test_build.py.
"""

from __future__ import annotations

import dataclasses
import itertools
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.model.dataset import Dataset
from generator.model.models import (
    Funding,
    Photo,
    Plan,
    Problem,
    Project,
    SupervisionCase,
    Target,
    Task,
    TaskNote,
)
from generator.rules.check import check
from generator.rules.visibility import disclosure
from generator.site.render import render_site

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
    records = [
        dataclasses.replace(r, data=r.data.model_copy(update={"progress": s()}))
        if r.data.project in hidden
        else r
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
    cases = [  # 挂牌督办 decisions: the intranet's alone, open and closed
        SupervisionCase(
            id=f"C{i}", project=code, listed="2025-03-01", listed_by=s(), reason=s(),
            unit=s(), deadline="2025-12-31", document=s(),
            closed="2025-09-01" if i % 2 else None, resolution=s() if i % 2 else None,
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
        cases=cases,
        case_indexes=[],
        targets=targets,
        plans=[public_plan.model_copy(update={"sections": sections}), internal_plan],
        plan_files={"neibu": "data/plans/neibu.yaml", **base.plan_files},
        photos=[],
    )


def _public_output(ds: Dataset) -> str:
    site = render_site(ds, "public")
    chunks = [
        *site.pages.values(),
        *(f.data.decode("utf-8", "replace") for f in site.files.values() if f.data is not None),
    ]
    chunks.append(repr(site.nav))
    return "\n".join(chunks)


@settings(
    max_examples=200,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_no_internal_value_reaches_the_public_site(sample: Dataset, data: st.DataObject) -> None:
    codes = data.draw(
        st.lists(st.sampled_from(sorted(sample.projects)), min_size=2, max_size=6, unique=True),
        label="projects",
    )
    knobs = data.draw(
        st.lists(project_knobs, min_size=len(codes), max_size=len(codes)), label="knobs"
    )
    sentinels = Sentinels()
    ds = _planted_dataset(sample, codes, knobs, sentinels)
    leaked = sorted(set(SENTINEL.findall(_public_output(ds))))
    assert leaked == [], f"internal values on the public site: {leaked}"


def test_sentinels_do_reach_the_internal_site(sample: Dataset) -> None:
    """The planting works: the same values are all visible internally (else the proof is void)."""
    sentinels = Sentinels()
    codes = sorted(sample.projects)[:4]
    knobs = [{"public": False, "government_invested": True, "stage": "续建", "fiscal": 5000.0}] * 4
    ds = _planted_dataset(sample, codes, knobs, sentinels)
    site = render_site(ds, "internal")
    text = "\n".join(site.pages.values())
    shown = set(SENTINEL.findall(text))
    # Internal photo captions are planted but photo files are absent here; all else shows.
    assert len(shown) >= len(sentinels.planted) * 0.8, (len(shown), len(sentinels.planted))
