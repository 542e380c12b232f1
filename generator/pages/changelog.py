"""数据更新记录: what each recent version of data/ changed, in words."""

from __future__ import annotations

from collections.abc import Iterator

from generator.pages.context import Page, RenderContext
from generator.present.changes import headline, summary_lines


def view(ctx: RenderContext) -> Iterator[Page]:
    history = ctx.history
    versions = [] if history is None else history.versions
    yield ctx.page("changelog", dict(
        title="数据更新记录",
        available=history is not None and history.available,
        versions=[
            {
                "date": v.date,
                # What changed in the data heads the entry, in the site's words; the commit
                # is a secondary line for whoever needs to find the version in git.
                "headline": headline(v.changes),
                "commit": v.commit[:10],
                # Commit messages are contributors' words: shown on the intranet only.
                "subject": v.subject if ctx.internal else "",
                "summary": summary_lines(v.changes),
            }
            for v in versions
        ],
    ))
