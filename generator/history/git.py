"""Reading git: the one place that runs it.

A revision's data is read without a checkout: ``export_data`` lists the blobs under
``data/`` with ``git ls-tree`` and copies them out with ``git cat-file``, so no filter, hook
or anything else from the data is run, and the normal loader reads the copies.

Errors are ``GitError`` values with a stable ``kind`` and the values they are about;
``present.changes.error_text`` words them.
"""

from __future__ import annotations

import subprocess
from pathlib import Path, PurePosixPath
from typing import Any

from generator.inputs.images import MAX_PHOTO_BYTES
from generator.inputs.load import MAX_FILE_BYTES


class GitError(RuntimeError):
    """A revision, or the data in it, cannot be read.

    ``kind`` is one of: ``no-git`` (git is not installed), ``git-failed`` (``command``,
    ``stderr``), ``bad-revision`` (``rev``), ``outside-repo`` (``data``, ``repo``),
    ``no-data`` (``rev``, ``path``), ``unreadable`` (``findings``: the first few, as
    text).
    """

    def __init__(self, kind: str, **details: Any) -> None:
        super().__init__(kind, details)
        self.kind = kind
        self.details = details


def run(repo: Path, *args: str, stdin: bytes | None = None) -> bytes:
    """``git -C repo args...``'s output; GitError when it fails or git is missing."""
    try:
        result = subprocess.run(
            ["git", "-C", str(repo), *args], input=stdin, capture_output=True, check=False
        )
    except FileNotFoundError:
        raise GitError("no-git") from None
    if result.returncode != 0:
        message = result.stderr.decode("utf-8", "replace").strip()
        raise GitError("git-failed", command=args[0], stderr=message)
    return result.stdout


def lines(repo: Path, *args: str) -> list[str]:
    """``run``'s output as text lines (undecodable bytes replaced: only shown, never parsed)."""
    return run(repo, *args).decode("utf-8", "replace").splitlines()


def repo_root(path: Path) -> Path:
    return Path(run(path, "rev-parse", "--show-toplevel").decode().strip())


def resolve(repo: Path, rev: str) -> str:
    """The commit id of ``rev``; refuses anything git could read as an option."""
    if not rev or rev.startswith("-"):
        raise GitError("bad-revision", rev=rev)
    return (
        run(repo, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}")
        .decode()
        .strip()
    )


def data_path_in_repo(repo: Path, data: Path) -> str:
    """``data`` as a path inside the repository, for ``git ls-tree``."""
    try:
        return data.resolve().relative_to(repo.resolve()).as_posix()
    except ValueError:
        raise GitError("outside-repo", data=str(data), repo=str(repo)) from None


def export_data(repo: Path, rev: str, data: str, dest: Path, *, photos: bool = True
                ) -> tuple[Path | None, list[str]]:
    """Write the files under ``data`` at ``rev`` into ``dest``; return the data root there.

    The root is None when ``data`` does not exist at that revision. Only regular files are
    written (symlinks and submodules are skipped and returned); a file above the loader's
    size limit (photos have their own) is written as an empty sparse file of its size, so
    the loader refuses it by size as it would in the working tree. ``photos`` False writes
    every photo so, for readers that need the list of photos but never their pixels.
    """
    commit = resolve(repo, rev)
    listing = run(repo, "ls-tree", "-r", "-z", "-l", "--full-tree", commit, "--", data).split(b"\0")
    wanted: list[tuple[str, str, int]] = []
    skipped: list[str] = []
    for entry in filter(None, listing):
        meta, _, raw_path = entry.partition(b"\t")
        mode, kind, oid, size = meta.decode().split()
        path = raw_path.decode("utf-8", "surrogateescape")
        parts = PurePosixPath(path).parts
        if (
            kind != "blob"
            or mode not in {"100644", "100755"}
            or ".." in parts
            or PurePosixPath(path).is_absolute()
        ):
            skipped.append(path)
            continue
        wanted.append((path, oid, int(size)))
    if not wanted:
        return None, skipped
    photo_folder = PurePosixPath(data, "photos")

    def copied(path: str, size: int) -> bool:
        if PurePosixPath(path).is_relative_to(photo_folder):
            return photos and size <= MAX_PHOTO_BYTES
        return size <= MAX_FILE_BYTES

    blobs = read_blobs(repo, [oid for p, oid, size in wanted if copied(p, size)])
    for path, oid, size in wanted:
        target = dest / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if not copied(path, size):
            with target.open("wb") as handle:
                handle.truncate(size)
        else:
            target.write_bytes(blobs[oid])
    return dest / data, skipped


def read_blobs(repo: Path, oids: list[str]) -> dict[str, bytes]:
    """The contents of blobs by id, in one ``git cat-file --batch``."""
    if not oids:
        return {}
    out = run(repo, "cat-file", "--batch", stdin="".join(o + "\n" for o in oids).encode())
    blobs: dict[str, bytes] = {}
    pos = 0
    while pos < len(out):
        end = out.index(b"\n", pos)
        oid, _kind, size = out[pos:end].decode().split()
        start = end + 1
        blobs[oid] = out[start : start + int(size)]
        pos = start + int(size) + 1
    return blobs
