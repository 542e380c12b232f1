"""The data's own history from git: a changelog page and each project's last change date.

Each version of data/ in the recent history is compared with the one before it by
``changes.compare``, after both are reduced to the audience's view, so the public changelog
can only mention what the public site shows. Results are cached per commit: a commit never
changes, so neither does its summary. Outside a git repository there is no history, and
the pages say so.
"""

from __future__ import annotations

import json
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

from generator.history import git
from generator.history.changes import compare
from generator.inputs.load import load_dataset
from generator.model.dataset import Dataset
from generator.model.models import SiteConfig
from generator.present.changes import field_label
from generator.present.formatting import money
from generator.rules.visibility import Audience, view

HISTORY_LIMIT = 12  # versions shown on the changelog page


@dataclass(frozen=True)
class DataVersion:
    commit: str
    date: str  # YYYY-MM-DD, the commit date
    subject: str
    summary: list[str]


@dataclass
class History:
    versions: list[DataVersion] = field(default_factory=list)
    last_change: dict[str, str] = field(default_factory=dict)  # project code → date
    available: bool = True


def summarise(before: Dataset | None, after: Dataset) -> list[str]:
    """One version's change in words, e.g. 新增项目 2 个: …; 新增 2025-10 月度数据 37 条."""
    report = compare(before, after)
    lines = []
    if report.added:
        names = "、".join(p.name for p in report.added[:5])
        more = " 等" if len(report.added) > 5 else ""
        lines.append(f"新增项目 {len(report.added)} 个: {names}{more}")
    if report.removed:
        lines.append(f"移除项目 {len(report.removed)} 个")
    if report.changed:
        names = "、".join(c.name for c in report.changed[:5])
        more = " 等" if len(report.changed) > 5 else ""
        lines.append(f"更新项目信息 {len(report.changed)} 个: {names}{more}")
    for month, (rows, completed) in sorted(report.months_added.items()):
        lines.append(f"新增 {month} 月度调度数据 {rows} 条, 本月完成投资 {money(completed)}")
    if report.revisions:
        lines.append(f"修订月度数据 {len(report.revisions)} 条")
    if report.config:
        labels = (field_label(SiteConfig, c.path) for c in report.config)
        lines.append("调整站点配置: " + "、".join(labels))
    return lines or ["数据格式或说明调整, 不影响项目数据"]


def read_history(data: Path, audience: Audience, cache: Path | None = None,
                 limit: int = HISTORY_LIMIT) -> History:
    """The last ``limit`` versions of ``data`` in git, summarised for ``audience``."""
    try:
        repo = git.repo_root(data)
        rel = git.data_path_in_repo(repo, data)
        log = git.lines(repo, "log", "--format=%H%x09%cs%x09%s", f"-n{limit + 1}", "--", rel)
        files = git.lines(repo, "log", "--format=%x00%cs", "--name-only", "--",
                          f"{rel}/projects")
    except (git.GitError, OSError, ValueError):
        return History(available=False)
    history = History()
    date = ""
    for line in files:
        if line.startswith("\0"):
            date = line[1:]
        elif line.endswith((".yaml", ".yml")):
            history.last_change.setdefault(Path(line).stem, date)
    commits = [line.split("\t", 2) for line in log]
    for index, (commit, day, subject) in enumerate(commits[:limit]):
        parent = commits[index + 1][0] if index + 1 < len(commits) else None
        summary = _cached_summary(repo, rel, commit, parent, audience, cache)
        history.versions.append(DataVersion(commit, day, subject, summary))
    return history


def _cached_summary(repo: Path, rel: str, commit: str, parent: str | None,
                    audience: Audience, cache: Path | None) -> list[str]:
    path = cache / f"{commit}-{parent or 'root'}-{audience}.json" if cache else None
    if path is not None and path.is_file():
        return list(json.loads(path.read_text("utf-8")))
    after = _dataset_at(repo, rel, commit)
    before = _dataset_at(repo, rel, parent) if parent else None
    if after is None:
        summary = ["该版本数据未通过读取, 无法比较"]
    else:
        summary = summarise(view(before, audience) if before else None, view(after, audience))
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(summary, ensure_ascii=False), "utf-8")
    return summary


def _dataset_at(repo: Path, rel: str, commit: str) -> Dataset | None:
    with tempfile.TemporaryDirectory() as tmp:
        root, _ = git.export_data(repo, commit, rel, Path(tmp))
        if root is None:
            return None
        dataset, _ = load_dataset(root)
        return dataset


def as_json(history: History) -> str:
    return json.dumps(asdict(history), ensure_ascii=False, sort_keys=True)
