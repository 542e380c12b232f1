"""A fast path for generated pages that hold only raw HTML blocks and plain headings.

Project pages are written by our own templates as block-level HTML separated by blank
lines, with ``## 标题`` headings between them. Python-Markdown passes such HTML through
unchanged and turns each heading into ``<hN id="…">`` plus a table-of-contents token, but
it parses every HTML block twice to do so (md_in_html and MkDocs' anchor collector): most
of a page's build time. ``convert`` does the same for exactly this subset of Markdown and
returns None for anything else, so the caller falls back to Python-Markdown. The hooks can
also run both and compare (``verify``), which the tests do on every page of a build.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from markdown.extensions import toc as toc_ext
from markdown.util import BLOCK_LEVEL_ELEMENTS

# Headings whose text Python-Markdown would leave as it is: no inline syntax, no entity,
# no attribute list, no closing hashes.
_HEADING = re.compile(r"(#{1,6}) +([^\s#][^\n]*)")
_UNSAFE_HEADING = re.compile(r"[\\`*_{}\[\]<>&!#|~^\"']|\s$")
_START_TAG = re.compile(r"<([a-zA-Z][a-zA-Z0-9-]*)(?=[\s/>])")
_ID_ATTR = re.compile(r"<[a-zA-Z][^>]*?\s(?:id|name)=\"([^\"]*)\"")
# Raw-text elements, comments and processing instructions have their own parsing rules.
_SPECIAL = ("<!--", "<![", "<?", "<!", "markdown=", "<pre", "<script", "<style", "<textarea")
_VOID = frozenset({"hr", "br", "img", "input", "meta", "link", "area", "base", "col",
                   "embed", "source", "track", "wbr", "param"})
_BLOCK = frozenset(BLOCK_LEVEL_ELEMENTS) - {"pre", "script", "style", "textarea"}
# Blocks are found by line; these characters change how Python-Markdown reads lines.
_RAW_CHARS = re.compile(r"[\t\r\x02\x03\f\v]")


@dataclass
class Converted:
    html: str
    toc_tokens: list[dict[str, Any]]
    anchor_ids: set[str] = field(default_factory=set)
    title: str | None = None  # text of a leading h1, as MkDocs' title extractor finds it


Slugify = Callable[[str, str], str]


def supported_toc_config(config: dict[str, Any]) -> tuple[Slugify, str] | None:
    """The toc extension's slugify and separator when its other options are the defaults
    this converter reproduces; None otherwise."""
    allowed = {"permalink", "slugify", "separator", "toc_depth"}
    if set(config) - allowed:
        return None
    if config.get("permalink") not in (None, False):
        return None
    if config.get("toc_depth", 6) not in (6, "6", "1-6"):
        return None
    return config.get("slugify", toc_ext.slugify), config.get("separator", "-")


def _html_block(lines: list[str], start: int) -> int | None:
    """Index after the raw HTML element that starts at ``lines[start]``, or None.

    The element must close at the very end of a line and nowhere before: nesting of the
    same tag is counted, and anything else after the close makes the page unsupported.
    """
    match = _START_TAG.match(lines[start])
    if not match:
        return None
    tag = match.group(1).lower()
    if tag not in _BLOCK:
        return None
    if tag in _VOID:
        line = lines[start]
        return start + 1 if line.endswith(">") and line.count("<") == 1 else None
    tokens = re.compile(rf"<(/?){tag}(?=[\s/>])\s*>?", re.IGNORECASE)
    depth = 0
    for index in range(start, len(lines)):
        line = lines[index]
        for token in tokens.finditer(line):
            if depth == 0 and (index, token.start()) != (start, 0):
                return None  # closed before, and something follows on the same line
            depth += -1 if token.group(1) else 1
            if depth == 0 and not (token.end() == len(line) and line.endswith(f"</{tag}>")):
                return None
        if depth == 0:
            return index + 1
    return None


def convert(text: str, slugify: Slugify, separator: str) -> Converted | None:
    """Python-Markdown's output for ``text``, or None when ``text`` is outside the subset."""
    if _RAW_CHARS.search(text) or any(s in text for s in _SPECIAL):
        return None
    lines = text.split("\n")
    out: list[str] = []
    tokens: list[dict[str, Any]] = []
    used: set[str] = set()
    counters: dict[str, int] = {}
    anchors: set[str] = set()
    title: str | None = None
    i, n = 0, len(lines)
    previous_blank = True
    while i < n:
        line = lines[i]
        if not line.strip():
            previous_blank = True
            i += 1
            continue
        if not previous_blank:
            return None  # a block that follows another without a blank line
        if line.startswith("#"):
            match = _HEADING.fullmatch(line)
            if not match or _UNSAFE_HEADING.search(match.group(2)):
                return None
            level, name = len(match.group(1)), match.group(2)
            ident = toc_ext.unique(slugify(name, separator), used, counters)
            if not out and level == 1:
                title = name
            out.append(f'<h{level} id="{ident}">{name}</h{level}>\n')
            tokens.append({"level": level, "id": ident, "name": name, "html": name,
                           "data-toc-label": ""})
            anchors.add(ident)
            previous_blank = False
            i += 1
            continue
        if not line.startswith("<"):
            return None
        end = i
        while end < n and lines[end].strip():
            after = _html_block(lines, end)
            if after is None:
                return None
            end = after
        block = "\n".join(lines[i:end])
        out.append(block + "\n\n")  # Python-Markdown leaves a blank line after raw HTML
        anchors.update(html.unescape(v) for v in _ID_ATTR.findall(block))
        previous_blank = False
        i = end
    return Converted("".join(out).rstrip("\n"), toc_ext.nest_toc_tokens(tokens), anchors, title)
