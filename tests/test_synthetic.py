"""The synthetic data generator: deterministic bytes, valid data, and the sample's shape."""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import pytest
import yaml

from generator.model import vocab
from generator.model.dataset import Dataset
from generator.rules.check import check
from tools.sample import write_dataset

DATA = Path(__file__).resolve().parent.parent / "data"
SAMPLE = {"n_projects": 64, "sample": True}


def _tree(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def sample_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("sample") / "data"
    write_dataset(out, **SAMPLE)
    return out


@pytest.fixture(scope="module")
def sample(sample_dir: Path) -> Dataset:
    dataset, findings = check(sample_dir)
    errors = [str(f) for f in findings if f.severity == "error"]
    assert dataset is not None, errors
    return dataset


def test_same_seed_gives_same_bytes(tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    counts = write_dataset(first, **SAMPLE)
    assert write_dataset(second, **SAMPLE) == counts
    assert _tree(first) == _tree(second)


def test_other_seed_gives_other_data(tmp_path: Path, sample_dir: Path) -> None:
    write_dataset(tmp_path / "c", n_projects=64, sample=True, seed=7)
    assert _tree(tmp_path / "c") != _tree(sample_dir)


def test_rewrite_leaves_no_stale_files(tmp_path: Path) -> None:
    write_dataset(tmp_path, n_projects=40, months=14)
    write_dataset(tmp_path, n_projects=20, months=12)
    dataset, _ = check(tmp_path)
    assert dataset is not None
    assert len(dataset.projects) == 20
    assert len(dataset.months) == 12


def test_yaml_is_what_pure_python_safe_dump_writes(sample_dir: Path) -> None:
    # libyaml is used for speed; the bytes must not depend on whether it is installed.
    for path in sorted(sample_dir.rglob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        text = yaml.dump(
            data,
            Dumper=yaml.SafeDumper,
            allow_unicode=True,
            sort_keys=False,
            width=4096,
            default_flow_style=False,
        )
        assert text.encode("utf-8") == path.read_bytes(), path.name


def test_sample_validates_without_errors(sample_dir: Path) -> None:
    dataset, findings = check(sample_dir)
    assert dataset is not None
    assert [str(f) for f in findings if f.severity == "error"] == []


def test_shipped_sample_is_the_generated_one(sample_dir: Path) -> None:
    """data/ (photos and map included) is regenerated with:
    python -m tools.sample data --n 64 --sample."""
    shipped = {k: v for k, v in _tree(DATA).items() if not k.startswith("README")}
    assert shipped == _tree(sample_dir)


def test_large_set_validates(tmp_path: Path) -> None:
    counts = write_dataset(tmp_path, n_projects=400, months=36)
    dataset, findings = check(tmp_path)
    assert [str(f) for f in findings if f.severity == "error"] == []
    assert dataset is not None
    assert len(dataset.projects) == counts["projects"] == 400
    assert len(dataset.months) == 36


def test_sample_covers_every_category(sample: Dataset) -> None:
    projects = list(sample.projects.values())
    assert len(projects) >= 60
    assert {p.level for p in projects} == set(vocab.LEVELS)
    assert {p.domain for p in projects} == set(vocab.DOMAINS)
    assert {p.stage for p in projects} == set(vocab.STAGES)
    assert {p.batch for p in projects} - {None} == set(vocab.BATCHES)
    assert len(sample.months) >= 12
    assert sample.months[-1] == sample.config.report_date.iso()[:7]


def test_sample_money_is_county_sized(sample: Dataset) -> None:
    projects = list(sample.projects.values())
    year = sample.config.report_date.year
    plan = sum(p.annual_plan.get(year, 0) for p in projects)
    assert 100000 <= plan <= 1000000  # tens of 亿元 in the annual plan
    assert min(p.total_investment for p in projects) >= 500
    assert max(p.total_investment for p in projects) <= 300000
    assert sum(p.total_investment >= 100000 for p in projects) >= 3


def test_sample_straddles_the_disclosure_threshold(sample: Dataset) -> None:
    fiscal_sources = sample.config.fiscal
    gov = [p for p in sample.projects.values() if p.government_invested]
    fiscal = {p.code: p.fiscal_money(fiscal_sources) for p in gov}
    assert sum(0 < v < 1000 for v in fiscal.values()) >= 3
    assert sum(v == 1000 for v in fiscal.values()) >= 2
    assert any(abs(v - 999.99) < 1e-9 for v in fiscal.values())
    split = [
        p
        for p in gov
        if fiscal[p.code] >= 1000
        and sum(f.source in fiscal_sources for f in p.funding) >= 2
        and all(f.amount < 1000 for f in p.funding if f.source in fiscal_sources)
    ]
    assert split
    assert any(
        not p.government_invested and not p.fiscal_money(fiscal_sources)
        for p in sample.projects.values()
    )
    withheld = [p for p in sample.projects.values() if p.public is False]
    assert 1 <= len(withheld) <= 2 and all(p.withhold_reason for p in withheld)
    assert [p for p in sample.projects.values() if p.public is True]


def test_sample_stages_and_dates_agree(sample: Dataset) -> None:
    reported = {r.data.project for r in sample.records}
    for p in sample.projects.values():
        if p.stage in vocab.PIPELINE_STAGES:
            assert p.dates.actual_start is None and p.code not in reported, p.code
        if p.stage in vocab.COMPLETED_STAGES:
            assert p.dates.actual_completion is not None, p.code
    assert any(p.final_accounts for p in sample.projects.values())
    assert any(
        p.dates.planned_start and p.dates.planned_start.day is None
        for p in sample.projects.values()
    )


def test_sample_progress_is_mixed(sample: Dataset) -> None:
    report = sample.config.report_date
    elapsed = report.month / 12 * 100
    tolerance = sample.config.lag_tolerance
    done: dict[str, float] = defaultdict(float)
    last: dict[str, str] = {}
    cumulative: dict[str, list[float]] = defaultdict(list)
    for record in sorted(sample.records, key=lambda r: r.month):
        if record.month.startswith(str(report.year)):
            done[record.data.project] += record.data.completed
        last[record.data.project] = record.month
        if record.data.cumulative is not None:
            cumulative[record.data.project].append(record.data.cumulative)
        if record.data.funds_disbursed is not None:
            project = sample.projects[record.data.project]
            assert {f.source for f in project.funding} & vocab.DISBURSEMENT_SOURCES
    ahead = normal = lagging = 0
    for p in sample.projects.values():
        if p.stage not in ("新开工", "续建") or not p.annual_plan.get(report.year):
            continue
        rate = done[p.code] / p.annual_plan[report.year] * 100
        if rate > elapsed + tolerance:
            ahead += 1
        elif rate < elapsed - tolerance:
            lagging += 1
        else:
            normal += 1
    assert min(ahead, normal, lagging) >= 3, (ahead, normal, lagging)
    late = [
        c
        for c, p in sample.projects.items()
        if p.stage in ("新开工", "续建") and last.get(c) != sample.months[-1]
    ]
    assert len(late) >= 2
    for values in cumulative.values():
        assert values == sorted(values)


def test_sample_problems_targets_and_plans(sample: Dataset) -> None:
    problems = sample.problems
    assert len(problems) >= 30
    assert {p.kind for p in problems} == set(vocab.PROBLEM_KINDS)
    assert {p.level for p in problems} == set(vocab.PROBLEM_LEVELS)
    assert {p.status for p in problems} == set(vocab.PROBLEM_STATUSES)
    assert all(p.resolved for p in problems if p.status == "已解决")

    report_day = sample.config.report_date.end()
    overdue_approvals = [
        a
        for p in sample.projects.values()
        for a in p.approvals
        if a.deadline and a.deadline.end() < report_day and a.status != "已办结"
    ]
    assert overdue_approvals

    assert 3 <= sum(t.headline for t in sample.targets) <= 4
    assert sum(t.internal for t in sample.targets) == 1
    metrics = {t.metric for t in sample.targets}
    assert {
        "investment_completed",
        "completion_rate",
        "start_rate",
        "disbursement_rate",
        "project_count",
    } <= metrics

    plans = {p.id: p for p in sample.plans}
    kuoda = plans["kuoda-youxiao-touzi"]
    tasks = [t for s in kuoda.sections for t in s.tasks]
    assert len(tasks) >= 30
    assert tasks[0].number == "二(一)1"
    assert {t.status for t in tasks} == set(vocab.TASK_STATUSES)
    assert any(t.deadline and t.deadline.end() < report_day and t.status != "已完成" for t in tasks)
    assert any(t.rhythm for t in tasks)
    assert any(n.internal for t in tasks for n in t.notes)
    assert any(t.targets for t in tasks) and any(t.projects for t in tasks)
    wen = [t for s in plans["wenjingji-gongjian"].sections for t in s.tasks]
    assert 10 <= len(wen) <= 14


def test_product_does_not_import_tools() -> None:
    # tools/ depends on generator, never the other way: the product ships without its tools.
    package = Path(__file__).resolve().parent.parent / "generator"
    for path in sorted(package.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module or ""]
            else:
                continue
            assert not any(n == "tools" or n.startswith("tools.") for n in names), path.name
