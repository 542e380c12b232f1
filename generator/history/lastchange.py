"""When each project's public view last changed (the public site's 数据最近更新 date), and
when each item of its 公开目录 first reached the public site.

The intranet dates a project by the last commit that touched its file. The public site
must not: a commit that changed only the leader, the notes or anything else internal
would move the public date, and tell readers when internal records were edited. So for
the public audience a project's last change is the date of the last commit in which its
public view changed: ``rules.visibility.public_project`` of it, or whether it is
disclosed at all (site.yaml's threshold and fiscal sources decide that too).

One ``git log --first-parent --raw`` lists the blobs that each of the last
``LAST_CHANGE_COMMITS`` commits touching projects/ or site.yaml changed; that bounds the
work however long the history grows. From the state before the oldest of them
(``git ls-tree``), the commits are replayed oldest first. A project's public view is a
function of its file's blob and site.yaml's blob alone, so its digest is cached by the
pair of blob ids and computed once, ever. A project whose public view did not change
within those commits gets no date rather than one that is not its own, and a version
that cannot be read (it never reached a site) changes nothing.

The same replay dates each item of a project's 公开目录 (``rules.catalogue``) by the first
commit whose public view held it: its publication date. An item already there before the
oldest commit looked at, or in the very first version of the data, has no date of its own
(``FirstSeen.initial``): it may have been published elsewhere before the data came into git.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from pydantic import ValidationError

from generator.history import git
from generator.inputs import yamlsource
from generator.inputs.load import MAX_FILE_BYTES
from generator.inputs.yamlsource import YamlDocument, parse_yaml_file
from generator.model import models
from generator.model.models import CODE_RE, Project, SiteConfig
from generator.rules import catalogue, visibility
from generator.rules.catalogue import present_keys
from generator.rules.visibility import disclosure, public_project

# Commits looked at, newest first: years of monthly updates for a county, and a few
# seconds of parsing the first time (after that the digests come from the cache).
LAST_CHANGE_COMMITS = 500
CACHE_FORMAT = 2
_NO_BLOB = "0" * 40
HIDDEN = ""  # the digest of a project that is not disclosed: not on the public site

State = dict[str, str]  # path in the repository → blob id
# A project's public view, reduced: its digest and the keys of its 公开目录 items; None when
# the version cannot be read.
View = tuple[str, list[str]] | None


@dataclass(frozen=True)
class FirstSeen:
    """When an item first reached the public site: the commit date, unless ``initial``
    (it was there in the first version looked at, so its own date is not known)."""

    day: str
    initial: bool = False


@dataclass
class PublicHistory:
    last_change: dict[str, str] = field(default_factory=dict)  # project code → date
    published: dict[str, dict[str, FirstSeen]] = field(default_factory=dict)  # code → key →


def public_last_change(repo: Path, rel: str, cache: Path | None = None,
                       limit: int = LAST_CHANGE_COMMITS) -> dict[str, str]:
    """Project code → date (YYYY-MM-DD) of the last commit that changed its public view."""
    return public_history(repo, rel, cache, limit).last_change


def public_history(repo: Path, rel: str, cache: Path | None = None,
                   limit: int = LAST_CHANGE_COMMITS) -> PublicHistory:
    """Each project's last public change, and when each of its items was first public."""
    projects, site = f"{rel}/projects", f"{rel}/site.yaml"
    commits = _commits(repo, projects, site, limit)
    if not commits:
        return PublicHistory()
    # Before the window: nothing when the window reaches the first commit of the data.
    base = _base_state(repo, commits[-1][0], projects, site) if len(commits) == limit else {}
    # First pass: after each commit, the blob of each project whose public view it may
    # have changed (every project when site.yaml changed; None: its file is gone).
    steps: list[tuple[str, dict[str, str | None], str | None]] = []
    state = dict(base)
    for _, day, changed in reversed(commits):
        for path, blob in changed.items():
            if blob == _NO_BLOB:
                state.pop(path, None)
            else:
                state[path] = blob
        paths = _codes(state)
        touched = set(paths) if site in changed else {c for c in map(_code_of, changed) if c}
        steps.append((day, {code: paths.get(code) for code in touched}, state.get(site)))
    digests = _Digests(repo, cache)
    needed = [(code, blob, base.get(site)) for code, blob in _codes(base).items()]
    needed += [(code, blob, config) for _, blobs, config in steps
               for code, blob in blobs.items() if blob is not None]
    digests.compute(needed)

    # Second pass: a touched project's digest against its last readable one.
    last: dict[str, str] = {}
    published: dict[str, dict[str, FirstSeen]] = {}
    for code, blob in _codes(base).items():
        view = digests.get(code, blob, base.get(site))
        if view is not None:
            last[code] = view[0]
            published[code] = {key: FirstSeen("", True) for key in view[1]}
    dates: dict[str, str] = {}
    for number, (day, blobs, config) in enumerate(steps):
        # The data's first version: what it holds was not published by this history.
        initial = number == 0 and not base
        for code, blob in sorted(blobs.items()):
            if blob is None:  # the file is gone: so is the project, from every site
                last[code] = HIDDEN
                continue
            view = digests.get(code, blob, config)
            if view is None:  # unreadable here: this version never reached a site
                continue
            digest, keys = view
            if digest != HIDDEN and digest != last.get(code, HIDDEN):
                dates[code] = day
            last[code] = digest
            seen = published.setdefault(code, {})
            for key in keys:
                seen.setdefault(key, FirstSeen(day, initial))
    digests.save()
    shown = {code for code, digest in last.items() if digest != HIDDEN}
    return PublicHistory(
        last_change={code: day for code, day in dates.items() if code in shown},
        published={code: items for code, items in sorted(published.items()) if code in shown},
    )


def _commits(repo: Path, projects: str, site: str, limit: int
             ) -> list[tuple[str, str, dict[str, str]]]:
    """(commit, date, path → new blob id) of the last ``limit`` commits on the first-parent
    line that changed ``projects`` or ``site``, newest first; a merge, as it changed its
    first parent (the date the change reached this branch)."""
    out = git.lines(repo, "log", "--first-parent", f"-n{limit}", "--root", "--raw",
                    "--no-abbrev", "--no-renames", "--format=%x00%H %cs", "--", projects, site)
    commits: list[tuple[str, str, dict[str, str]]] = []
    for line in out:
        if line.startswith("\0"):
            commit, day = line[1:].split(" ", 1)
            commits.append((commit, day, {}))
        elif line.startswith(":") and "\t" in line and commits:
            meta, path = line.split("\t", 1)
            commits[-1][2][path] = meta.split()[3]
    return commits


def _base_state(repo: Path, oldest: str, projects: str, site: str) -> State:
    """The blobs of ``projects`` and ``site`` just before ``oldest`` (none at the root)."""
    try:
        parent = git.resolve(repo, f"{oldest}^1")
    except git.GitError:
        return {}
    state: State = {}
    for line in git.lines(repo, "ls-tree", "-r", "--full-tree", parent, "--", projects, site):
        meta, _, path = line.partition("\t")
        parts = meta.split()
        if len(parts) == 3 and parts[1] == "blob":
            state[path] = parts[2]
    return state


def _code_of(path: str) -> str:
    """The project code a file under projects/ is read as, or "" for any other file."""
    pure = PurePosixPath(path)
    if pure.parent.name != "projects" or pure.suffix not in (".yaml", ".yml"):
        return ""
    return pure.stem if CODE_RE.match(pure.stem) else ""


def _codes(state: State) -> dict[str, str]:
    """Project code → blob id; of a code in two files (an error), the first path's."""
    found: dict[str, str] = {}
    for path in sorted(state):
        code = _code_of(path)
        if code:
            found.setdefault(code, state[path])
    return found


def _code_version() -> str:
    """What a digest depends on besides the two blobs: the code that reads and reduces them."""
    digest = hashlib.sha256(str(CACHE_FORMAT).encode())
    for module in (models, visibility, catalogue, yamlsource):
        digest.update(Path(module.__file__ or "").read_bytes())
    return digest.hexdigest()[:16]


class _Digests:
    """Public views (``View``) by (project blob, site.yaml blob), cached in one JSON file.

    The digest is ``HIDDEN`` (and the items none) for a project that is not disclosed; the
    view is None when either file cannot be read as it would be by ``check``.
    """

    def __init__(self, repo: Path, cache: Path | None) -> None:
        self.repo = repo
        self.path = cache / f"public-views-{_code_version()}.json" if cache else None
        self.stored: dict[str, Any] = {}
        if self.path is not None and self.path.is_file():
            try:
                loaded = json.loads(self.path.read_text("utf-8"))
                self.stored = {k: v for k, v in loaded.items() if _is_view(v)} if isinstance(
                    loaded, dict) else {}
            except (OSError, ValueError):
                pass
        self.known = dict(self.stored)
        self.used: dict[str, Any] = {}

    @staticmethod
    def _key(code: str, blob: str, config: str | None) -> str:
        return f"{code}:{blob}:{config or ''}"

    def get(self, code: str, blob: str, config: str | None) -> View:
        key = self._key(code, blob, config)
        value = self.known[key]
        self.used[key] = value
        return (value[0], list(value[1])) if value is not None else None

    def compute(self, needed: Iterable[tuple[str, str, str | None]]) -> None:
        """Work out the digests of (code, project blob, site.yaml blob) not known yet."""
        missing = sorted({n for n in needed if self._key(*n) not in self.known},
                         key=lambda n: self._key(*n))
        if not missing:
            return
        blobs = _read_small(self.repo, {b for _, b, _ in missing} | {c for *_, c in missing if c})
        configs = {c: _site_config(blobs.get(c)) for *_, c in missing if c}
        for code, blob, config in missing:
            site = configs.get(config) if config else None
            view = _public_view(code, blobs.get(blob), site)
            # Kept as JSON has it (a list), so that a cache read back compares equal.
            self.known[self._key(code, blob, config)] = None if view is None else list(view)

    def save(self) -> None:
        """Keep the digests this run used (a bounded file), written atomically."""
        if self.path is None or self.used == self.stored:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_name(f"{self.path.name}.{os.getpid()}.tmp")
            tmp.write_text(json.dumps(self.used, sort_keys=True), "utf-8")
            tmp.replace(self.path)
        except OSError:
            pass  # a cache not written costs time next run, nothing else


def _is_view(value: Any) -> bool:
    """A cached view as ``_Digests`` writes it; anything else is worked out again."""
    return value is None or (
        isinstance(value, list) and len(value) == 2 and isinstance(value[0], str)
        and isinstance(value[1], list) and all(isinstance(k, str) for k in value[1]))


def _read_small(repo: Path, oids: set[str]) -> dict[str, bytes]:
    """The blobs of ``oids`` that the loader would read (at most MAX_FILE_BYTES)."""
    ordered = sorted(oids)
    if not ordered:
        return {}
    listing = git.run(repo, "cat-file", "--batch-check",
                      stdin="".join(o + "\n" for o in ordered).encode()).decode().splitlines()
    fields = [line.split() for line in listing]
    small = [f[0] for f in fields if len(f) == 3 and f[1] == "blob" and int(f[2]) <= MAX_FILE_BYTES]
    return git.read_blobs(repo, small)


def _document(raw: bytes | None) -> object:
    if raw is None:
        return None
    doc = parse_yaml_file(raw)
    return doc.data if isinstance(doc, YamlDocument) and not doc.duplicate_keys else None


def _site_config(raw: bytes | None) -> SiteConfig | None:
    data = _document(raw)
    try:
        return SiteConfig.model_validate(data) if data is not None else None
    except ValidationError:
        return None


def _public_view(code: str, raw: bytes | None, config: SiteConfig | None) -> View:
    """The digest of the project's public view and its items' keys; HIDDEN when it is not
    disclosed; None when the file or site.yaml would not pass ``check``'s reading of them."""
    data = _document(raw)
    if data is None or config is None:
        return None
    try:
        project = Project.model_validate(data)
    except ValidationError:
        return None
    if project.code != code:
        return None
    if not disclosure(project, config).public:
        return HIDDEN, []
    shown = public_project(project)
    return hashlib.sha256(shown.model_dump_json().encode()).hexdigest(), present_keys(shown)
