"""名词解释: the glossary page, one entry per term, grouped (``present.glossary``)."""

from __future__ import annotations

from collections.abc import Iterator

from generator.pages.context import Page, RenderContext
from generator.present import glossary


def view(ctx: RenderContext) -> Iterator[Page]:
    values = ctx.glossary_values
    yield ctx.page("glossary", dict(
        title="名词解释",
        groups=[
            {"title": group,
             "terms": [{"slug": t.slug, "word": t.word, "also": "、".join(t.also),
                        "definition": glossary.definition(t, values)}
                       for t in glossary.TERMS if t.group == group]}
            for group in glossary.GROUPS
        ],
    ))
