"""The Jinja2 environment every page is written with: escaping, filters and badges.

Every value passes ``finalize`` (``formatting.escape``), which makes it inert both as HTML
and as Markdown; numbers and dates reach words only through the registered filters.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import jinja2

from generator.present import formatting
from generator.present.badges import badge, status_badge

TEMPLATES = Path(__file__).resolve().parents[2] / "site_templates" / "pages"
# Where templates are looked up, in order (a test may add a folder of its own).
FOLDERS: list[Path] = [TEMPLATES]


def environment(folders: Sequence[Path] | None = None) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(f) for f in (folders or FOLDERS)]),
        autoescape=True,
        finalize=formatting.escape,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(formatting.FILTERS)
    env.filters["status_badge"] = status_badge
    env.globals["badge"] = badge
    return env
