"""Shared test helpers.

``make_minimal_data`` builds the smallest data directory that passes ``check``; tests copy
it and break one thing at a time. Keep each helper a plain, self-contained function so that
other test modules can add their own fixtures beside it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

MINIMAL_SITE = """\
region: 示例县
title: 示例县重点项目建设情况
report_date: 2025-03-31
townships:
  - code: CG
    name: 城关镇
  - code: XZ
    name: 新镇
"""

MINIMAL_PROJECT_1 = """\
code: XC-001
name: 示例县城区供水管网改造工程
level: 县重点
domain: 水利
batch: 开工一批
stage: 续建
township: 城关镇
owner: 示例县水务投资有限公司
department: 示例县水利局
government_invested: true
total_investment: 12000
funding:
  - source: 地方政府专项债券
    amount: 8000
  - source: 企业自筹
    amount: 4000
annual_plan:
  2025: 5000
dates:
  planned_start: 2024-05
  actual_start: 2024-05-20
  planned_completion: 2025-12
scale: 改造供水管网 35 公里。
"""

MINIMAL_PROJECT_2 = """\
code: XC-002
name: 新镇农产品冷链物流中心
level: 市重点
domain: 农业农村
stage: 前期
township: 新镇
owner: 示例县农业发展有限公司
department: 示例县农业农村局
government_invested: false
total_investment: 30000
annual_plan:
  2025: 6000
"""

MINIMAL_PROGRESS = """\
项目编号,本月完成投资(万元),开工以来累计完成投资(万元),是否开工,形象进度
XC-001,600,5600,是,主管网铺设完成六成
XC-002,0,,否,可研报告编制中
"""


def make_minimal_data(tmp_path: Path) -> Path:
    """Write a small valid data directory at ``tmp_path / "data"`` and return its path."""
    root = tmp_path / "data"
    (root / "projects").mkdir(parents=True)
    (root / "progress").mkdir()
    (root / "site.yaml").write_text(MINIMAL_SITE, encoding="utf-8")
    (root / "projects" / "XC-001.yaml").write_text(MINIMAL_PROJECT_1, encoding="utf-8")
    (root / "projects" / "XC-002.yaml").write_text(MINIMAL_PROJECT_2, encoding="utf-8")
    (root / "progress" / "2025-03.csv").write_text(MINIMAL_PROGRESS, encoding="utf-8")
    return root


@pytest.fixture
def minimal_data(tmp_path: Path) -> Path:
    return make_minimal_data(tmp_path)


# --- Browser and link tests: one build, one server, one browser a session (browser_support) ---


@pytest.fixture(scope="session")
def built_sites(tmp_path_factory: pytest.TempPathFactory):
    """Both sites built once from data/ (shared by xdist workers); internal.zip unpacked."""
    from browser_support import build_once

    return build_once(tmp_path_factory)


@pytest.fixture(scope="session")
def site_urls(built_sites):
    """Base URLs: the public site over http on 127.0.0.1, the intranet site over file://."""
    from browser_support import SiteUrls, serve

    with serve(built_sites.public) as public:
        yield SiteUrls(public, built_sites.internal.as_uri() + "/")


@pytest.fixture(scope="session")
def browser():
    """One Debian Chromium for the whole session; fails (never skips) when it is missing."""
    from browser_support import launch_browser

    with launch_browser() as chromium:
        yield chromium


SHIPPED_DATA = Path(__file__).resolve().parent.parent / "data"


@pytest.fixture(scope="session")
def datasets():
    """The shipped sample data, checked, and its public view: (full, public)."""
    from generator.rules.check import check
    from generator.rules.visibility import public_view

    ds, _ = check(SHIPPED_DATA)
    assert ds is not None
    return ds, public_view(ds)


@pytest.fixture
def fake_versions(monkeypatch: pytest.MonkeyPatch) -> dict[str, str | None]:
    """Package versions to pretend are installed, by distribution name (None: not installed).

    Every fast path is decided afresh for the test (``generator.model.verified``), and as
    before once it ends.
    """
    from generator.model import verified

    real = verified.installed_version
    fake: dict[str, str | None] = {}
    monkeypatch.setattr(verified, "_decided", {})
    monkeypatch.setattr(verified, "installed_version",
                        lambda name: fake[name] if name in fake else real(name))
    return fake


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests marked ``long`` first. xdist hands the first tests of the list out one to each
    worker, so the two halves of the leak property run side by side from the start and the
    short tests fill in around them; queued behind short tests, both could land on one."""
    items.sort(key=lambda item: item.get_closest_marker("long") is None)  # stable
