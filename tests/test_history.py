"""The changelog from git history: what each version changed and its words, per audience, and
last-change dates."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import yaml
from conftest import make_minimal_data

from generator.history.lastchange import public_last_change
from generator.history.log import CACHE_FORMAT, read_history
from generator.present.changes import summary_lines


def _git(repo: Path, *args: str, day: str = "2025-11-03") -> None:
    env = {"GIT_AUTHOR_DATE": f"{day}T10:00:00", "GIT_COMMITTER_DATE": f"{day}T10:00:00",
           "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.invalid",
           "PATH": "/usr/bin:/bin"}
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, env=env)


def _repo_with_two_versions(tmp_path: Path) -> Path:
    data = make_minimal_data(tmp_path)
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", "data")
    _git(tmp_path, "commit", "-q", "-m", "十月数据")
    project = yaml.safe_load((data / "projects" / "XC-001.yaml").read_text("utf-8"))
    secret = dict(project, code="XC-003", name="保密项目甲", public=False,
                  withhold_reason="涉密", leader="王某")
    (data / "projects" / "XC-003.yaml").write_text(
        yaml.safe_dump(secret, allow_unicode=True), "utf-8")
    shutil.copy(data / "progress" / "2025-03.csv", data / "progress" / "2025-02.csv")
    _git(tmp_path, "add", "data")
    _git(tmp_path, "commit", "-q", "-m", "调整王某分包项目")
    return data


def test_each_version_is_summarised_in_words(tmp_path: Path) -> None:
    data = _repo_with_two_versions(tmp_path)
    history = read_history(data, "internal")
    assert [v.subject for v in history.versions] == ["调整王某分包项目", "十月数据"]
    changes = history.versions[0].changes
    assert changes.added == [("XC-003", "保密项目甲")]
    assert [(month, rows) for month, rows, _ in changes.months_added] == [("2025-02", 2)]
    latest = summary_lines(changes)
    assert latest[0] == "新增项目 1 个: 保密项目甲"
    assert latest[1].startswith("新增 2025-02 月度调度数据 2 条")
    assert summary_lines(history.versions[1].changes)[0].startswith("新增项目 2 个")
    assert history.last_change["XC-003"] == "2025-11-03"


def test_public_changelog_mentions_only_public_facts(tmp_path: Path) -> None:
    data = _repo_with_two_versions(tmp_path)
    history = read_history(data, "public")
    text = repr(history.versions)
    assert "保密项目甲" not in text
    assert "新增项目" not in summary_lines(history.versions[0].changes)[0]


def test_cache_is_used_for_known_commits(tmp_path: Path) -> None:
    data = _repo_with_two_versions(tmp_path)
    cache = tmp_path / "cache"
    first = read_history(data, "internal", cache=cache)
    # Beside the public views (which date the 公开目录 on the intranet too), one per version.
    files = sorted(cache.glob("changes-*"))
    assert len(files) == 2
    for path in files:  # a cached summary is read back, not recomputed
        cached = json.loads(path.read_text("utf-8"))
        assert set(cached) >= {"added", "months_added", "config"}  # values, not sentences
        path.write_text(json.dumps(dict(cached, added=[["XC-009", "缓存"]])), "utf-8")
    second = read_history(data, "internal", cache=cache)
    assert [summary_lines(v.changes)[0] for v in second.versions] == [
        "新增项目 1 个: 缓存", "新增项目 1 个: 缓存"
    ]
    assert first.versions[0].changes.added != [("XC-009", "缓存")]


def test_a_cache_of_another_format_is_not_read(tmp_path: Path) -> None:
    data = _repo_with_two_versions(tmp_path)
    cache = tmp_path / "cache"
    read_history(data, "internal", cache=cache)
    for path in list(cache.iterdir()):  # as the generator once cached summaries: sentences
        path.unlink()
        path.with_name(path.name.removeprefix(f"changes-v{CACHE_FORMAT}-")).write_text(
            '["旧"]', "utf-8")
    history = read_history(data, "internal", cache=cache)
    assert summary_lines(history.versions[0].changes)[0] == "新增项目 1 个: 保密项目甲"


def test_outside_git_there_is_no_history(tmp_path: Path) -> None:
    data = make_minimal_data(tmp_path)
    assert read_history(data, "public").available is False


# --- what the public learns from the history: public changes only -----------------------


def _edit_project(data: Path, code: str, **values: object) -> None:
    path = data / "projects" / f"{code}.yaml"
    project = yaml.safe_load(path.read_text("utf-8"))
    path.write_text(yaml.safe_dump(dict(project, **values), allow_unicode=True), "utf-8")


def _commit(data: Path, message: str, day: str) -> None:
    _git(data.parent, "add", "-A", "data", day=day)
    _git(data.parent, "commit", "-q", "-m", message, day=day)


def _repo_with_an_internal_edit(tmp_path: Path) -> Path:
    """XC-001 (disclosed) on 2025-11-03; on 2025-11-10 only its leader, task force and notes
    change, and XC-002 (not disclosed) gets a new name and total."""
    data = make_minimal_data(tmp_path)
    _git(tmp_path, "init", "-q")
    _commit(data, "十月数据", "2025-11-03")
    _edit_project(data, "XC-001", leader="李副县长", task_force="专班甲", notes="内部备注")
    _edit_project(data, "XC-002", name="改名的非公开项目", total_investment=31000)
    _commit(data, "调整包保领导", "2025-11-10")
    return data


def test_an_internal_edit_moves_no_public_date_and_adds_no_public_entry(tmp_path: Path) -> None:
    data = _repo_with_an_internal_edit(tmp_path)
    public, internal = read_history(data, "public"), read_history(data, "internal")
    assert public.last_change == {"XC-001": "2025-11-03"}  # XC-002 is not on the public site
    assert [v.date for v in public.versions] == ["2025-11-03"]
    assert internal.last_change == {"XC-001": "2025-11-10", "XC-002": "2025-11-10"}
    assert [v.date for v in internal.versions] == ["2025-11-10", "2025-11-03"]


def test_a_public_edit_moves_the_public_date_and_is_listed(tmp_path: Path) -> None:
    data = _repo_with_an_internal_edit(tmp_path)
    _edit_project(data, "XC-001", scale="改造供水管网 40 公里。")
    _commit(data, "更新建设规模", "2025-11-17")
    public = read_history(data, "public")
    assert public.last_change == {"XC-001": "2025-11-17"}
    assert [v.date for v in public.versions] == ["2025-11-17", "2025-11-03"]
    assert summary_lines(public.versions[0].changes) == [
        "更新项目信息 1 个: 示例县城区供水管网改造工程"]
    assert read_history(data, "internal").last_change["XC-001"] == "2025-11-17"


def test_a_project_dated_by_the_day_it_was_disclosed(tmp_path: Path) -> None:
    """Edited while withheld, then disclosed: its public date is the day it appeared."""
    data = _repo_with_an_internal_edit(tmp_path)
    _edit_project(data, "XC-001", public=False, withhold_reason="涉密")
    _commit(data, "暂不公开", "2025-11-12")
    _edit_project(data, "XC-001", total_investment=12500)
    _commit(data, "不公开期间调整总投资", "2025-11-14")
    assert read_history(data, "public").last_change == {}
    _edit_project(data, "XC-001", public=None, withhold_reason=None)
    _commit(data, "恢复公开", "2025-11-20")
    public = read_history(data, "public")
    assert public.last_change == {"XC-001": "2025-11-20"}
    assert [v.date for v in public.versions] == ["2025-11-20", "2025-11-12", "2025-11-03"]


def test_a_public_edit_in_a_merge_is_dated_by_the_merge(tmp_path: Path) -> None:
    data = _repo_with_an_internal_edit(tmp_path)
    _git(tmp_path, "checkout", "-q", "-b", "side")
    _edit_project(data, "XC-001", scale="改造供水管网 50 公里。")
    _commit(data, "分支上的修改", "2025-11-11")
    _git(tmp_path, "checkout", "-q", "-")
    _git(tmp_path, "merge", "-q", "--no-ff", "-m", "合并", "side", day="2025-11-25")
    assert read_history(data, "public").last_change == {"XC-001": "2025-11-25"}


def test_last_change_looks_back_a_bounded_number_of_commits(tmp_path: Path) -> None:
    data = _repo_with_an_internal_edit(tmp_path)
    repo = data.parent
    # The last commit alone: it changed nothing public, so no date is claimed.
    assert public_last_change(repo, "data", limit=1) == {}
    assert public_last_change(repo, "data", limit=2) == {"XC-001": "2025-11-03"}


def test_public_views_are_cached_by_blob(tmp_path: Path) -> None:
    data = _repo_with_an_internal_edit(tmp_path)
    cache = tmp_path / "cache"
    first = public_last_change(data.parent, "data", cache)
    [stored] = cache.glob("public-views-*.json")
    entries = json.loads(stored.read_text("utf-8"))
    assert len(entries) == 4  # two files in each of two versions
    stored.write_text(json.dumps({key: ["same", []] for key in entries}), "utf-8")
    assert public_last_change(data.parent, "data", cache) == {
        "XC-001": "2025-11-03", "XC-002": "2025-11-03"}  # read back, not recomputed
    assert first == {"XC-001": "2025-11-03"}


def _repo_with_a_merge(tmp_path: Path) -> Path:
    """After the internal edit: a branch changes XC-001's scale on 2025-11-12, the main line
    XC-002's total on 2025-11-15, and the branch is merged on 2025-11-25."""
    data = _repo_with_an_internal_edit(tmp_path)
    _git(tmp_path, "checkout", "-q", "-b", "side")
    _edit_project(data, "XC-001", scale="改造供水管网 50 公里。")
    _commit(data, "update scale on a branch", "2025-11-12")
    _git(tmp_path, "checkout", "-q", "-")
    _edit_project(data, "XC-002", total_investment=32000)
    _commit(data, "fix XC-002 total", "2025-11-15")
    _git(tmp_path, "merge", "-q", "--no-ff", "-m", "Merge branch 'side'", "side", day="2025-11-25")
    return data


def test_a_merged_branch_is_one_version_of_the_main_line(tmp_path: Path) -> None:
    """Each version is compared with the one before it on the main line: the branch's own
    commit, dated between the main line's, is not compared with them."""
    history = read_history(_repo_with_a_merge(tmp_path), "internal")
    assert [v.date for v in history.versions] == [
        "2025-11-25", "2025-11-15", "2025-11-10", "2025-11-03"]
    merge, main_edit = history.versions[0].changes, history.versions[1].changes
    assert [code for code, _ in merge.changed] == ["XC-001"]
    assert [code for code, _ in main_edit.changed] == ["XC-002"]


def _changelog(data: Path, audience: str) -> str:
    from generator.figures.compute import compute
    from generator.pages import changelog, registry
    from generator.pages.context import RenderContext
    from generator.present.templates import environment
    from generator.rules.check import check
    from generator.rules.visibility import view

    full, _ = check(data)
    assert full is not None
    ds = view(full, audience)  # type: ignore[arg-type]
    ctx = RenderContext(ds=ds, audience=audience, env=environment(), full=full,  # type: ignore[arg-type]
                        types=registry.BY_NAME, compute=lambda: compute(ds),
                        history=read_history(data, audience))  # type: ignore[arg-type]
    (page,) = changelog.view(ctx)
    return page.text


def test_changelog_entries_are_headed_by_what_changed(tmp_path: Path) -> None:
    """An officer reads each entry's heading as what changed in the data, in Chinese; the
    contributor's commit message is a secondary line on the intranet only."""
    data = _repo_with_a_merge(tmp_path)
    internal, public = _changelog(data, "internal"), _changelog(data, "public")
    headings = re.findall(r'<h2 class="zd-version-title">([^<]*)</h2>', internal)
    assert headings == ["2025-11-25 更新项目信息 1 个", "2025-11-15 更新项目信息 1 个",
                        "2025-11-10 更新项目信息 2 个",
                        "2025-11-03 新增 2025-03 月度调度数据，新增项目 2 个"]
    commits = re.findall(r'<p class="zd-muted zd-version-commit">([^<]*)</p>', internal)
    assert [line.split(" · ", 1)[1] for line in commits] == [
        "提交说明: Merge branch &#39;side&#39;", "提交说明: fix XC-002 total",
        "提交说明: 调整包保领导", "提交说明: 十月数据"]
    assert re.findall(r'<h2 class="zd-version-title">([^<]*)</h2>', public) == [
        "2025-11-25 更新项目信息 1 个", "2025-11-03 新增 2025-03 月度调度数据，新增项目 1 个"]
    assert "提交说明" not in public and "Merge branch" not in public
    assert all(" · " not in line for line in
               re.findall(r'<p class="zd-muted zd-version-commit">([^<]*)</p>', public))


def test_headline_names_each_kind_of_change() -> None:
    from generator.history.log import VersionChanges
    from generator.present.changes import headline

    assert headline(VersionChanges(readable=False)) == "该版本数据无法读取"
    assert headline(VersionChanges()) == "数据格式或说明调整"
    assert headline(VersionChanges(
        months_added=[("2025-10", 37, 46300.0)], changed=[("XC-001", "甲")],
        revisions=[("2025-09", "XC-001", "changed")], config=[("region",)],
    )) == "新增 2025-10 月度调度数据，更新项目信息 1 个，修订月度数据 1 条，调整站点配置"
    months = [(f"2025-{m:02d}", 1, 1.0) for m in range(1, 11)]
    assert headline(VersionChanges(months_added=months, added=[("A", "甲")],
                                   removed=[("B", "乙")])) == (
        "新增 2025-01 至 2025-10 共 10 个月的月度调度数据，新增项目 1 个，移除项目 1 个")


def test_a_setting_of_many_items_is_named_once() -> None:
    """Moving every township's point is one setting changed for 2 townships, not a label
    per township; a setting outside a list keeps its own label."""
    from generator.history.changes import Item
    from generator.history.log import VersionChanges
    from generator.present.changes import summary_lines

    changes = VersionChanges(config=[
        ("townships", Item("chengguan"), "point", "lon"),
        ("townships", Item("chengguan"), "point", "lat"),
        ("townships", Item("dongcheng"), "point", "lon"),
        ("townships", Item("dongcheng"), "point", "lat"),
        ("lights", "red"),
    ])
    assert summary_lines(changes) == [
        "调整站点配置: 乡镇(街道) › 乡镇位置 › 经度 (2 项)、乡镇(街道) › 乡镇位置 › 纬度 (2 项)、"
        "红黄绿灯规则 › 红灯线"]
