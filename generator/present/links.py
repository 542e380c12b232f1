"""Relative links between the pages and files of one site."""

from __future__ import annotations

import posixpath


def link(from_page: str, to_page: str) -> str:
    """A relative URL from one docs page to another page or file, for raw HTML.

    Sites are built with ``use_directory_urls: false``, so ``a/index.md`` is served as
    ``a/index.html``: the same link works from a web server and from disk (file://).
    """
    target, anchor = to_page, ""
    if "#" in target:
        target, anchor = target.split("#", 1)
        anchor = "#" + anchor
    if target.endswith(".md"):
        target = target[:-3] + ".html"
    return _relative(target, posixpath.dirname(from_page)) + anchor


def _plain(path: str) -> bool:
    """A normalised relative path: no empty, "." or ".." parts."""
    return not (path.startswith(("/", "./", "../")) or path.endswith(("/", "/.", "/..", "."))
                or "//" in path or "/./" in path or "/../" in path)


def _relative(target: str, folder: str) -> str:
    """``posixpath.relpath(target, folder or ".")`` for the normalised relative paths of
    docs/, without its calls to the working directory (a tenth of a bulletin's rendering)."""
    first = folder.split("/", 1)[0]
    if (folder and target != first and not target.startswith(first + "/") and _plain(target)
            and _plain(folder)):
        return "../" * (folder.count("/") + 1) + target  # the usual case: nothing in common
    to = [part for part in target.split("/") if part not in ("", ".")]
    base = [part for part in folder.split("/") if part not in ("", ".")]
    if ".." in to or ".." in base:
        return posixpath.relpath(target, folder or ".")
    common = 0
    for a, b in zip(to, base, strict=False):
        if a != b:
            break
        common += 1
    return "/".join([".."] * (len(base) - common) + to[common:]) or "."
