"""校验提示代码: every finding code ``check`` can report, with what to write and an example.

The page is made from the catalogue (``generator.model.codes``), so it lists exactly the
codes the checks use, in the catalogue's order, under its group headings.
"""

from __future__ import annotations

from collections.abc import Iterator

from generator.model.codes import CODES, GROUPS, Code
from generator.model.findings import example_finding
from generator.pages.context import Page, RenderContext

# The words and badge kinds of the two severities (a symbol too: not colour alone).
SEVERITY = {"error": ("✖ 错误", "bad"), "warning": ("⚠ 警告", "warn")}


def code_entry(code: Code) -> dict[str, str]:
    word, kind = SEVERITY[code.severity]
    return {
        "name": code.name,
        "severity": word,
        "kind": kind,
        "title": code.title,
        "expected": code.expected,
        "example": str(example_finding(code)),
    }


def code_groups() -> list[dict[str, object]]:
    return [
        {"title": group, "codes": [code_entry(c) for c in CODES.values() if c.group == group]}
        for group in GROUPS
    ]


def view(ctx: RenderContext) -> Iterator[Page]:
    yield ctx.page("codes", dict(title="校验提示代码", groups=code_groups(), count=len(CODES)))
