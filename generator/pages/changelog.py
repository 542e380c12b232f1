"""数据更新记录: what each recent version of data/ changed, in words."""

from __future__ import annotations

from collections.abc import Iterator

from generator.history.log import History
from generator.pages.context import Page, RenderContext

CHANGELOG_INDEX = "changelog/index.md"


def pages(ctx: RenderContext, history: History | None) -> Iterator[Page]:
    versions = [] if history is None else history.versions
    yield ctx.render(
        "changelog.md", CHANGELOG_INDEX,
        title="数据更新记录",
        available=history is not None and history.available,
        versions=[
            {
                "date": v.date,
                "commit": v.commit[:10],
                # Commit messages are contributors' words: shown on the intranet only.
                "subject": v.subject if ctx.internal else "",
                "summary": v.summary,
            }
            for v in versions
        ],
    )
