"""Pages found by what they were rendered from, so that a rebuild renders only what changed.

A page's template is a pure function of the values the view hands it, the site config, the
page's address and the code (templates, filters, this package). ``RenderMemo`` fingerprints
exactly that before rendering; when the fingerprint equals the one recorded for the page at
the last build, the page's Markdown from that build (still in the docs folder) is the page.
A project page renders in about 10 ms and fingerprints in about 2.

A whole view (a page family: the bulletins, say) is found the same way by what it reads:
the data files, the hand-written pages and the git history, digested once per build. When
none of them changed, its pages and files come back from the docs folder without the view
running at all: a rebuild with nothing changed computes no figures.

The record is taken away when a build starts and written back only when its pages are all
written, so a build that stops half way leaves no record that could vouch for a page it did
not finish. The fingerprint reads pydantic models field by field in declared order: their
pickles carry a set, whose order changes with the hash seed, and a build must find the pages
of the last one, made in another process. (A set among the values themselves pickles in
the order of its process, which can only make a page render again, never wrongly recall.)
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import pickle
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pydantic import BaseModel


def _stands_for(*_: object) -> None:
    """Fingerprints are never unpickled."""
    raise TypeError("a page fingerprint cannot be read back")


class _Fingerprint(pickle.Pickler):
    def reducer_override(self, obj: object) -> Any:
        if isinstance(obj, BaseModel):
            fields = tuple(getattr(obj, name) for name in type(obj).model_fields)
            return _stands_for, (type(obj).__qualname__, fields, obj.__pydantic_private__)
        return NotImplemented


def fingerprint(value: object, salt: bytes = b"") -> str:
    """A digest of ``value`` that two processes agree on; raises if it cannot be pickled."""
    buffer = io.BytesIO()
    pickler = _Fingerprint(buffer, protocol=5)
    # No memo: with it, a value met twice is written once and referred to after, so equal
    # values pickled differently when one process shared an object (a cache hit) and another
    # made two equal ones (the cache had let it go). Cyclic values raise: never recalled.
    pickler.fast = True
    pickler.dump(value)
    return hashlib.blake2b(buffer.getvalue(), key=salt[:64], digest_size=20).hexdigest()


def files_digest(roots: Iterable[Path], skip: frozenset[str] = frozenset()) -> str:
    """A digest of every file under ``roots`` (data/ and content/; the package and the
    templates), names and bytes; folders named in ``skip`` are left out."""
    digest = hashlib.blake2b(digest_size=20)
    for root in roots:
        if not root.exists():
            digest.update(b"absent\0")
            continue
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            if skip.intersection(path.parts):
                continue
            digest.update(path.relative_to(root).as_posix().encode("utf-8", "surrogateescape")
                          + b"\0")
            digest.update(hashlib.blake2b(path.read_bytes(), digest_size=20).digest())
        digest.update(b"\1")
    return digest.hexdigest()


def code_digest(roots: Iterable[Path], versions: Iterable[str] = ()) -> bytes:
    """A digest of the files under ``roots`` (the package, the templates) and of the
    package versions given: a change to any of them renders every page again."""
    digest = hashlib.blake2b(files_digest(roots, frozenset({"__pycache__"})).encode(),
                             digest_size=32)
    for version in versions:
        digest.update(version.encode() + b"\0")
    return digest.digest()


class RenderMemo:
    """The fingerprint of each page rendered by one part of a site at its last build."""

    def __init__(self, record: Path, docs: Path, salt: bytes) -> None:
        self.record = record
        self.docs = docs
        self.salt = salt
        self.hits = 0
        self.misses = 0
        self._before: dict[str, str] = {}
        self._now: dict[str, str] = {}
        self._views_before: dict[str, dict[str, Any]] = {}
        self._views_now: dict[str, dict[str, Any]] = {}
        with contextlib.suppress(OSError, ValueError, TypeError, KeyError):
            saved = json.loads(record.read_text("utf-8"))
            self._before, self._views_before = dict(saved["pages"]), dict(saved["views"])
        record.unlink(missing_ok=True)  # vouches for nothing until this build has finished

    def key(self, value: object) -> str | None:
        try:
            return fingerprint(value, self.salt)
        except Exception:  # a value that does not pickle (a closure): render it every time
            return None

    def recall(self, path: str, key: str | None) -> str | None:
        """The page's Markdown from the last build, if it was rendered from the same
        inputs; None otherwise."""
        if key is None:
            self.misses += 1
            return None
        self._now[path] = key
        if self._before.get(path) == key:
            try:
                text = (self.docs / path).read_text("utf-8")
            except OSError:
                text = None
            if text is not None:
                self.hits += 1
                return text
        self.misses += 1
        return None

    def recall_view(self, name: str, key: str | None) -> list[tuple[str, str | None]] | None:
        """What view ``name`` gave at the last build, if it read the same inputs then:
        (docs path, the page's Markdown, or None for a file), each still in the docs
        folder. None when anything is missing."""
        saved = self._views_before.get(name)
        if key is None or saved is None or saved.get("key") != key:
            return None
        outputs: list[tuple[str, str | None]] = []
        for path, is_page in saved["outputs"]:
            target = self.docs / path
            try:
                outputs.append((path, target.read_text("utf-8") if is_page else None))
            except OSError:
                return None
            if not is_page and not target.is_file():
                return None
        self._views_now[name] = saved
        for path, is_page in saved["outputs"]:  # its pages stay known page by page too
            if is_page and path in self._before:
                self._now[path] = self._before[path]
        self.hits += sum(text is not None for _, text in outputs)
        return outputs

    def remember_view(self, name: str, key: str | None, outputs: list[tuple[str, bool]]) -> None:
        """View ``name`` ran and gave ``outputs`` (docs path, whether a page)."""
        if key is not None:
            self._views_now[name] = {"key": key, "outputs": outputs}

    def save(self) -> None:
        """Record this build's fingerprints: call once every page is written."""
        self.record.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.record.with_name(self.record.name + f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps({"pages": self._now, "views": self._views_now},
                                  sort_keys=True), "utf-8")
        tmp.replace(self.record)
