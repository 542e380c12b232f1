"""Hand-written pages from content/ and static assets.

``content/*.md`` go to both sites; ``content/internal/*.md`` to the internal site only.
Each page's nav title is its front-matter ``title``; pages appear in file-name order.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from generator.pages.context import NavItem, Page, RenderContext

ROOT = Path(__file__).resolve().parents[2]
CONTENT = ROOT / "content"
ASSETS = ROOT / "site_templates" / "assets"


@dataclass
class Handwritten:
    pages: list[Page] = field(default_factory=list)
    nav: list[NavItem] = field(default_factory=list)


def _title(text: str, path: Path) -> str:
    if text.startswith("---\n"):
        front = yaml.safe_load(text.split("---\n", 2)[1]) or {}
        if "title" in front:
            return str(front["title"])
    raise ValueError(f"{path}: hand-written pages need a front-matter title")


def pages(ctx: RenderContext) -> Handwritten:
    out = Handwritten()
    folders = [(CONTENT, "")]
    if ctx.internal:
        folders.append((CONTENT / "internal", "internal/"))
    internal_nav: list[NavItem] = []
    for folder, prefix in folders:
        for path in sorted(folder.glob("*.md")):
            text = path.read_text(encoding="utf-8")
            target = f"{prefix}{path.name}"
            out.pages.append(Page(target, text))
            entry = {_title(text, path): target}
            (internal_nav if prefix else out.nav).append(entry)
    if internal_nav:
        out.nav.append({"填报说明": internal_nav})
    return out


def assets(ctx: RenderContext) -> dict[str, Path]:
    files = {f"assets/{p.relative_to(ASSETS).as_posix()}": p
             for p in sorted(ASSETS.rglob("*")) if p.is_file()}
    for photo in ctx.ds.photos:
        files[f"assets/{photo}"] = ctx.ds.root / photo
    return files
