"""The data's own history from git: what each recent version changed, and each project's
last change date.

Each version of data/ in the recent history of the main line (first parents: a merged
branch is one version) is compared with the one before it by ``changes.compare``, after both are reduced to the audience's view, so the public changelog
can only mention what the public site shows. What a version changed is kept as values
(``VersionChanges``); ``present.changes.summary_lines`` words it. Results are cached per
commit: a commit never changes, so neither does its summary. Outside a git repository there
is no history, and the pages say so.

The intranet lists every version and dates a project by the last commit touching its file.
The public site learns nothing from changes it does not show: a version whose public view
is the same as the one before (only internal fields, non-disclosed projects or problems
changed) is left out of its changelog, and its project dates are those of the last
change to each public view (``lastchange``).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from generator.history import git
from generator.history.changes import Item, KeyPath, compare
from generator.history.lastchange import FirstSeen, public_history
from generator.inputs.load import load_dataset
from generator.model.dataset import Dataset
from generator.rules.visibility import Audience, view

HISTORY_LIMIT = 12  # versions shown on the changelog page
# Bump when VersionChanges changes shape: the cache file names carry it, so a cache written
# by another version of the generator is never read.
CACHE_FORMAT = 3


@dataclass(frozen=True)
class VersionChanges:
    """What one version changed: the parts of a ``ChangeReport`` the changelog tells.

    ``readable`` is False when the version's data could not be loaded: nothing is known.
    ``visible`` is False when the audience's view is the same before and after it.
    """

    readable: bool = True
    visible: bool = True
    added: list[tuple[str, str]] = field(default_factory=list)  # (code, name)
    removed: list[tuple[str, str]] = field(default_factory=list)
    changed: list[tuple[str, str]] = field(default_factory=list)
    months_added: list[tuple[str, int, float]] = field(default_factory=list)  # month order
    revisions: list[tuple[str, str, str]] = field(default_factory=list)  # month, project, kind
    config: list[KeyPath] = field(default_factory=list)  # site.yaml fields changed


@dataclass(frozen=True)
class DataVersion:
    commit: str
    date: str  # YYYY-MM-DD, the commit date
    subject: str
    changes: VersionChanges


@dataclass
class History:
    versions: list[DataVersion] = field(default_factory=list)
    last_change: dict[str, str] = field(default_factory=dict)  # project code → date
    available: bool = True
    # When each item of each public project's 公开目录 first reached the public site.
    published: dict[str, dict[str, FirstSeen]] = field(default_factory=dict)
    latest: str = ""  # the date of the newest version of the data: what "not yet" is as of


def version_changes(before: Dataset | None, after: Dataset) -> VersionChanges:
    """What changed from ``before`` (None: nothing before) to ``after``."""
    report = compare(before, after)
    return VersionChanges(
        added=[(p.code, p.name) for p in report.added],
        removed=[(p.code, p.name) for p in report.removed],
        changed=[(c.code, c.name) for c in report.changed],
        months_added=[(m, t.records, t.completed) for m, t in sorted(report.months_added.items())],
        revisions=[(r.month, r.project, r.kind) for r in report.revisions],
        config=[c.path for c in report.config],
    )


def read_history(data: Path, audience: Audience, cache: Path | None = None,
                 limit: int = HISTORY_LIMIT) -> History:
    """The last ``limit`` versions of ``data`` in git, compared for ``audience``; for the
    public, only those of them that changed what the public site shows."""
    try:
        repo = git.repo_root(data)
        rel = git.data_path_in_repo(repo, data)
        # First parents only: a merged branch is one version, compared with the version of
        # the main line before it, not its own commits interleaved by date with the main's.
        log = git.lines(repo, "log", "--first-parent", "--format=%H%x09%cs%x09%s",
                        f"-n{limit + 1}", "--", rel)
        public = public_history(repo, rel, cache)
        last_change = (public.last_change if audience == "public"
                       else _file_last_change(repo, rel))
    except (git.GitError, OSError, ValueError):
        return History(available=False)
    history = History(last_change=last_change, published=public.published,
                      latest=log[0].split("\t", 2)[1] if log else "")
    commits = [line.split("\t", 2) for line in log]
    for index, (commit, day, subject) in enumerate(commits[:limit]):
        parent = commits[index + 1][0] if index + 1 < len(commits) else None
        changes = _cached_changes(repo, rel, commit, parent, audience, cache)
        if audience == "public" and not (changes.readable and changes.visible):
            continue  # nothing the public site shows changed (or is known to have changed)
        history.versions.append(DataVersion(commit, day, subject, changes))
    return history


def _file_last_change(repo: Path, rel: str) -> dict[str, str]:
    """Project code → date of the last commit touching its file: for the intranet, which
    shows every change."""
    files = git.lines(repo, "log", "--format=%x00%cs", "--name-only", "--", f"{rel}/projects")
    last_change: dict[str, str] = {}
    date = ""
    for line in files:
        if line.startswith("\0"):
            date = line[1:]
        elif line.endswith((".yaml", ".yml")):
            last_change.setdefault(Path(line).stem, date)
    return last_change


def _cached_changes(repo: Path, rel: str, commit: str, parent: str | None,
                    audience: Audience, cache: Path | None) -> VersionChanges:
    name = f"changes-v{CACHE_FORMAT}-{commit}-{parent or 'root'}-{audience}.json"
    path = cache / name if cache else None
    if path is not None and path.is_file():
        return changes_from_json(json.loads(path.read_text("utf-8")))
    after = _dataset_at(repo, rel, commit)
    before = _dataset_at(repo, rel, parent) if parent else None
    if after is None:
        changes = VersionChanges(readable=False)
    else:
        shown_before = view(before, audience) if before else None
        shown_after = view(after, audience)
        changes = version_changes(shown_before, shown_after)
        # Only the public changelog leaves versions out; the intranet shows every one.
        if (audience == "public" and shown_before is not None
                and view_digest(shown_before) == view_digest(shown_after)):
            changes = dataclasses.replace(changes, visible=False)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(changes_to_json(changes), ensure_ascii=False), "utf-8")
    return changes


def view_digest(ds: Dataset) -> str:
    """A digest of what a site is built from: equal digests, equal data on the site.

    Where records came from (file, row, line) is left out: the sites do not show it.
    """
    def dump(items: list[Any]) -> list[Any]:
        return [item.model_dump(mode="json") for item in items]

    content = {
        "config": ds.config.model_dump(mode="json"),
        "projects": {code: p.model_dump(mode="json") for code, p in ds.projects.items()},
        "records": [[r.month, r.data.model_dump(mode="json")] for r in ds.records],
        "problems": dump(ds.problems),
        "targets": dump(ds.targets),
        "plans": dump(ds.plans),
        "units": dump(ds.units),
        "cases": dump(ds.cases),
        "photos": ds.photos,
        "months": ds.months,
    }
    text = json.dumps(content, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def _dataset_at(repo: Path, rel: str, commit: str) -> Dataset | None:
    with tempfile.TemporaryDirectory() as tmp:
        # The changelog needs the names of photos, not their pixels.
        root, _ = git.export_data(repo, commit, rel, Path(tmp), photos=False)
        if root is None:
            return None
        dataset, _ = load_dataset(root, inspect_photos=False)
        return dataset


def changes_to_json(changes: VersionChanges) -> dict[str, Any]:
    """Plain JSON values; a list item in a config path becomes {"item": key}."""
    out = asdict(changes)
    out["config"] = [
        [{"item": p.key} if isinstance(p, Item) else p for p in path] for path in changes.config
    ]
    return out


def changes_from_json(data: dict[str, Any]) -> VersionChanges:
    return VersionChanges(
        readable=bool(data["readable"]),
        visible=bool(data["visible"]),
        added=[(code, name) for code, name in data["added"]],
        removed=[(code, name) for code, name in data["removed"]],
        changed=[(code, name) for code, name in data["changed"]],
        months_added=[(m, int(n), float(total)) for m, n, total in data["months_added"]],
        revisions=[(m, code, kind) for m, code, kind in data["revisions"]],
        config=[
            tuple(Item(p["item"]) if isinstance(p, dict) else p for p in path)
            for path in data["config"]
        ],
    )
