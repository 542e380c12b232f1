"""Small pieces of markup shared by page modules: status badges that never rely on colour."""

from __future__ import annotations

import dataclasses

from markupsafe import Markup

from generator.present.charts import ChartOutput
from generator.present.formatting import escape

# Each status has a symbol and a word as well as a colour (GB/T 37668: not colour alone).
STATUS_STYLE: dict[str, tuple[str, str]] = {
    "超前": ("▲", "ahead"),
    "正常": ("●", "ok"),
    "滞后": ("▼", "bad"),
    "未报送": ("?", "warn"),
    "无计划": ("–", "muted"),
    "未开工": ("○", "muted"),
    "已完成": ("✔", "ok"),
    "按序时推进": ("●", "ok"),
    "落后序时": ("▼", "bad"),
    "未完成(已到期)": ("✖", "bad"),
    "逾期": ("⚠", "bad"),
    "推进中": ("●", "ok"),
    "未开始": ("○", "muted"),
}


def status_badge(status: object) -> Markup:
    if status is None or status != status:  # None or NaN
        return Markup("")
    text = str(status)
    symbol, kind = STATUS_STYLE.get(text, ("", "muted"))
    return Markup('<span class="zd-status zd-status--{}">{} {}</span>').format(
        kind, symbol, text
    )


def anchor(href: str, text: object) -> Markup:
    return Markup('<a href="{}">{}</a>').format(href, escape(text))


def trusted(chart: ChartOutput) -> ChartOutput:
    """Mark a chart's SVG as markup: our renderers wrote it and escaped its text."""
    return dataclasses.replace(chart, svg=Markup(chart.svg))
