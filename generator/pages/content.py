"""Hand-written pages from content/ and static assets.

``content/*.md`` go to both sites; ``content/internal/*.md`` to the internal site only.
Each page's nav title is its front-matter ``title``; pages appear in file-name order, the
internal ones under 填报说明.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import yaml

from generator.pages.context import File, NavEntry, Output, Page, RenderContext

ROOT = Path(__file__).resolve().parents[2]
CONTENT = ROOT / "content"
ASSETS = ROOT / "site_templates" / "assets"
INTERNAL_SECTION = "填报说明"


def _title(text: str, path: Path) -> str:
    if text.startswith("---\n"):
        front = yaml.safe_load(text.split("---\n", 2)[1]) or {}
        if "title" in front:
            return str(front["title"])
    raise ValueError(f"{path}: hand-written pages need a front-matter title")


def _sources(ctx: RenderContext) -> Iterator[tuple[Path, str, str | None]]:
    """(file, docs path, nav section) of each hand-written page of ctx's site."""
    for path in sorted(CONTENT.glob("*.md")):
        yield path, path.name, None
    if ctx.internal:
        for path in sorted((CONTENT / "internal").glob("*.md")):
            yield path, f"internal/{path.name}", INTERNAL_SECTION


def nav(ctx: RenderContext) -> list[NavEntry]:
    return [NavEntry(_title(path.read_text(encoding="utf-8"), path), target, section)
            for path, target, section in _sources(ctx)]


def handwritten() -> list[str]:
    """Docs paths of every hand-written page (both sites): the MkDocs layer indexes them
    section by section."""
    return sorted([p.name for p in CONTENT.glob("*.md")]
                  + [f"internal/{p.name}" for p in (CONTENT / "internal").glob("*.md")])


def view(ctx: RenderContext) -> Iterator[Output]:
    for path, target, _ in _sources(ctx):
        yield Page(target, path.read_text(encoding="utf-8"))
    for path in sorted(ASSETS.rglob("*")):
        if path.is_file():
            yield File(f"assets/{path.relative_to(ASSETS).as_posix()}", source=path)
    for photo in ctx.ds.photos:  # re-encoded without metadata (present.photos), never as sent
        source = ctx.ds.root / photo
        for target, made in ((ctx.photo_path(photo), ctx.photos.clean(source)),
                             (ctx.photo_path(photo, thumb=True), ctx.photos.thumbnail(source))):
            if isinstance(made, bytes):
                yield File(target, data=made)
            else:
                yield File(target, source=made)
