"""The changelog from git history: what each version changed and its words, per audience, and
last-change dates."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import yaml
from conftest import make_minimal_data

from generator.history.log import read_history
from generator.present.changes import summary_lines


def _git(repo: Path, *args: str) -> None:
    env = {"GIT_AUTHOR_DATE": "2025-11-03T10:00:00", "GIT_COMMITTER_DATE": "2025-11-03T10:00:00",
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
    files = sorted(cache.iterdir())
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
        path.with_name(path.name.removeprefix("changes-v2-")).write_text('["旧"]', "utf-8")
    history = read_history(data, "internal", cache=cache)
    assert summary_lines(history.versions[0].changes)[0] == "新增项目 1 个: 保密项目甲"


def test_outside_git_there_is_no_history(tmp_path: Path) -> None:
    data = make_minimal_data(tmp_path)
    assert read_history(data, "public").available is False
