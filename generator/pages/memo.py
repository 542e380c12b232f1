"""Pages found by what they were rendered from, so that a rebuild renders only what changed.

A page's template is a pure function of the values the view hands it, the site config, the
page's address and the code (templates, filters, this package). ``RenderMemo`` fingerprints
exactly that before rendering; when the fingerprint equals the one recorded for the page at
the last build, the page's Markdown from that build (still in the docs folder) is the page.
A project page renders in about 10 ms and fingerprints in about 2.

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
    _Fingerprint(buffer, protocol=5).dump(value)
    return hashlib.blake2b(buffer.getvalue(), key=salt[:64], digest_size=20).hexdigest()


def code_digest(roots: Iterable[Path], versions: Iterable[str] = ()) -> bytes:
    """A digest of every file under ``roots`` (the package, the templates) and of the
    package versions given: a change to any of them renders every page again."""
    digest = hashlib.blake2b(digest_size=32)
    for root in roots:
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            if "__pycache__" in path.parts:
                continue
            digest.update(path.relative_to(root).as_posix().encode() + b"\0")
            digest.update(path.read_bytes() + b"\0")
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
        with contextlib.suppress(OSError, ValueError):
            self._before = json.loads(record.read_text("utf-8"))
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

    def save(self) -> None:
        """Record this build's fingerprints: call once every page is written."""
        self.record.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.record.with_name(self.record.name + f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(self._now, sort_keys=True), "utf-8")
        tmp.replace(self.record)
