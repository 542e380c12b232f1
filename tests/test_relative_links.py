"""``links.link`` computes relative URLs itself; it must agree with ``posixpath.relpath``."""

from __future__ import annotations

import posixpath

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.present.links import _relative, link

PART = st.sampled_from(["projects", "by", "a", "b", "index.html", "x.docx", "", "."])


@settings(max_examples=2000)
@given(st.lists(PART, min_size=1, max_size=4), st.lists(PART, max_size=4))
def test_relative_agrees_with_relpath(target: list[str], folder: list[str]) -> None:
    to, base = "/".join(target), "/".join(folder)
    if to.startswith("/") or base.startswith("/") or not to.strip("/."):
        return
    assert _relative(to, base) == posixpath.relpath(to, base or ".")


def test_links_between_pages() -> None:
    assert link("projects/A-1/index.md", "projects/B-2/index.md") == "../B-2/index.html"
    assert link("index.md", "by/domain/index.md#x") == "by/domain/index.html#x"
    assert link("bulletins/2025-10/index.md", "bulletins/2025-10/b.docx") == "b.docx"
