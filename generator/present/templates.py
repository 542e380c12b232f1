"""The Jinja2 environment every page is written with: escaping, filters and badges.

Every value passes ``finalize`` (``formatting.escape``), which makes it inert both as HTML
and as Markdown; numbers and dates reach words only through the registered filters.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from pathlib import Path

import jinja2

from generator.present import formatting
from generator.present.badges import badge, status_badge

TEMPLATES = Path(__file__).resolve().parents[2] / "site_templates" / "pages"
# Where templates are looked up, in order (a test may add a folder of its own).
FOLDERS: list[Path] = [TEMPLATES]


def environment(folders: Sequence[Path] | None = None) -> jinja2.Environment:
    """The environment for ``folders`` (default ``FOLDERS``), made once per process: Jinja
    then compiles each template once, not once per site rendered (the leak test renders
    hundreds of small sites, and compiling was several percent of its time). Jinja still
    reloads a template whose file changed."""
    return _environment(tuple(folders or FOLDERS))


@functools.lru_cache(maxsize=8)
def _environment(folders: tuple[Path, ...]) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(f) for f in folders]),
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
