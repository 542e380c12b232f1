"""Charts as SVG made at build time: pages load no script and reach no outside host.

Altair describes the region and group charts; vl-convert renders them to SVG in-process
(``allowed_base_urls=[]``: data is inline, nothing is fetched). Rendering costs tens of
milliseconds a chart, so ``ChartCache`` keeps each SVG under the SHA-256 of its Vega-Lite
spec and an unchanged chart is never drawn twice. The per-project chart, needed thousands
of times, is drawn by ``project_progress_svg`` in plain Python (under 1 ms, 2–3 KB).

Every chart returns a ``ChartOutput``: the SVG plus a title, a one-sentence summary and
a small table of its numbers, which the page shows under the figure for readers who cannot
see it. Status is always written out in words; line styles (solid 累计, dashed 序时,
dotted 计划) tell the series apart without relying on colour.

Layout never depends on the fonts of the machine that builds: ``autosize: none`` with
paddings computed from the label text (CJK characters count one em), axis titles replaced
by text marks, and no legends. Text stays text in the SVG and the reader's browser picks
the font from ``FONT``.
"""

from __future__ import annotations

import dataclasses
import hashlib
import html
import json
import math
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import altair as alt
import pandas as pd
import vl_convert as vlc
from markupsafe import Markup

from generator.figures.rates import missing, points, rate
from generator.figures.table import plain_rows
from generator.figures.targets import TargetResult
from generator.model import vocab
from generator.present.formatting import pct, pp, target_amount, wan

FONT = "Noto Sans CJK SC, Source Han Sans SC, Microsoft YaHei, PingFang SC, sans-serif"
WIDTH = 360  # whole SVG, in CSS pixels: a phone's width; wider screens keep it crisp
FONT_SIZE = 11
INK = "#222222"
MUTED = "#666666"
BAR = "#2f6db5"
BAR_LIGHT = "#a9c4e6"
# Colours repeat what the label already says; they are never the only signal.
STATUS_COLOURS = {
    "滞后": "#c0392b",
    "未报送": "#c0392b",
    "落后序时": "#c0392b",
    "未完成": "#8e1b10",
    "缺最终数据": "#999999",
    "完成": "#1e7b3a",
    "进行中": BAR,
    "仅公开项目": "#999999",
    "暂无数据": "#999999",
    "无数据": "#999999",
    "正常": BAR,
    "按序时推进": BAR,
    "超前": "#1e7b3a",
    "已完成": "#1e7b3a",
    "无计划": "#999999",
    "未开工": "#999999",
}
ROW_STEP = 36  # a name line above a bar, per row of a rows chart
# The postprocess version is part of the key: a change to _postprocess must not reuse old SVGs.
RENDERER = f"vl-convert {getattr(vlc, '__version__', '?')} vega-lite {alt.SCHEMA_VERSION} post 2"
# Altair's debug mode validates every object against the schema as it is made: a fifth of
# the time of building a chart, for better tracebacks only. Specs are still validated whole
# where asked (ChartCache(validate=True), as the tests do) and vl-convert rejects bad ones.
# Only this module uses Altair.
alt.utils.schemapi.disable_debug_mode()


@dataclass(frozen=True)
class ChartOutput:
    """An SVG and its text alternative (caption sentence and a table of the numbers)."""

    svg: str
    title: str
    summary: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


# ---------------------------------------------------------------- rendering and cache


class ChartCache:
    """Render Vega-Lite specs to SVG once: the SVG is stored under the spec's SHA-256.

    ``directory`` None keeps the cache in memory only. ``renders`` and ``hits`` count what
    happened, for build reports and tests. A corrupt or missing file is simply re-rendered.
    ``validate`` checks each spec against the Vega-Lite schema: half the cost of building a
    spec, so tests turn it on and builds leave it off (vl-convert still rejects bad specs).
    """

    def __init__(self, directory: Path | None = None, *, validate: bool = False) -> None:
        self.directory = directory
        self.validate = validate
        self.memory: dict[str, str] = {}
        self.renders = 0
        self.hits = 0

    @staticmethod
    def key(spec: dict[str, Any]) -> str:
        canonical = json.dumps(spec, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(f"{RENDERER}\n{canonical}".encode()).hexdigest()

    def render(self, chart: alt.TopLevelMixin | dict[str, Any]) -> str:
        spec = chart if isinstance(chart, dict) else chart.to_dict(validate=self.validate)
        key = self.key(spec)
        if key in self.memory:
            self.hits += 1
            return self.memory[key]
        path = self.directory / f"{key}.svg" if self.directory else None
        if path is not None and path.is_file():
            svg = path.read_text(encoding="utf-8")
            if svg.startswith("<svg") and svg.rstrip().endswith("</svg>"):
                self.hits += 1
                self.memory[key] = svg
                return svg
        svg = _postprocess(vlc.vegalite_to_svg(spec, allowed_base_urls=[]), key)
        self.renders += 1
        self.memory[key] = svg
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
            tmp.write_text(svg, encoding="utf-8")
            tmp.replace(path)  # atomic: a parallel build never reads half a file
        return svg


_ID = re.compile(r'\bid="([^"]+)"')


def _postprocess(svg: str, key: str) -> str:
    """Scale with the page and keep ids unique when several charts share one page."""
    prefix = f"c{key[:8]}-"
    for name in sorted(set(_ID.findall(svg)), key=len, reverse=True):
        svg = svg.replace(f'id="{name}"', f'id="{prefix}{name}"')
        svg = svg.replace(f"url(#{name})", f"url(#{prefix}{name})")
        svg = svg.replace(f'href="#{name}"', f'href="#{prefix}{name}"')
    # The root <svg role="img" aria-label=…> names the whole chart; Vega's per-mark roles
    # would each need a name of their own (axe: svg-img-alt), so they are dropped.
    svg = _MARK_ARIA.sub("", svg)
    return svg.replace("<svg ", '<svg style="max-width:100%;height:auto" ', 1)


_MARK_ARIA = re.compile(r' (?:role="graphics-[a-z]+"|aria-roledescription="[^"]*")')


def _labelled(svg: str, title: str, summary: str) -> str:
    """One accessible name for the whole figure: the title and the summary sentence."""
    label = html.escape(f"{title}：{summary}", quote=True)
    return svg.replace("<svg ", f'<svg role="img" aria-label="{label}" ', 1)


def _config(
    chart: alt.TopLevelMixin,
    *,
    left: float,
    right: float,
    top: float,
    bottom: float,
    width: float,
    height: float,
) -> alt.TopLevelMixin:
    return chart.properties(
        width=width,
        height=height,
        autosize=alt.AutoSizeParams(type="none"),
        padding={"left": left, "right": right, "top": top, "bottom": bottom},
    ).configure(
        font=FONT,
        background="white",
        aria=False,  # the page gives the figure one name and a table; marks need none
        view=alt.ViewConfig(stroke=None),
        axis=alt.AxisConfig(
            labelFontSize=FONT_SIZE,
            labelColor=INK,
            labelOverlap=False,
            labelFlush=False,
            domainColor="#888888",
            tickColor="#888888",
            gridColor="#e6e6e6",
            title=None,
        ),
        text=alt.MarkConfig(fontSize=FONT_SIZE, color=INK),
    )  # fmt: skip


def text_width(text: str, size: float = FONT_SIZE) -> float:
    """Estimated width in pixels: CJK and full-width characters one em, others 0.6 em."""
    return sum(size if ord(ch) >= 0x2E80 else size * 0.6 for ch in text)


def money_unit(largest: float) -> tuple[str, float]:
    """亿元 from 1亿 (10000万元) upwards, else 万元: (unit, divisor from 万元)."""
    return ("亿元", 10000.0) if largest >= 10000 else ("万元", 1.0)


def _amount(value: float, divisor: float) -> str:
    if missing(value):
        return "—"
    return f"{value / divisor:,.2f}".rstrip("0").rstrip(".")


def _shorten(text: str, limit: float) -> str:
    """Cut ``text`` to ``limit`` pixels (estimated) with an ellipsis; the table keeps it whole."""
    if text_width(text) <= limit:
        return text
    out = ""
    for ch in text:
        if text_width(out + ch + "…") > limit:
            break
        out += ch
    return out + "…"


LINE_HEIGHT = 14


def _wrap(text: str, limit: float) -> list[str]:
    """``text`` in at most two lines of ``limit`` pixels (estimated), the second cut with …"""
    if text_width(text) <= limit:
        return [text]
    first = ""
    for ch in text:
        if text_width(first + ch) > limit:
            break
        first += ch
    whole = first.rstrip("0123456789.%")  # a number such as 100% is not split
    if whole and len(first) < len(text) and text[len(first)] in "0123456789.%":
        first = whole
    return [first, _shorten(text[len(first):], limit)]


def _nice_max(value: float) -> float:
    """A round axis maximum at or above ``value`` (1, 2, 2.5, 5 × 10^n)."""
    if value <= 0 or missing(value):
        return 1.0
    exp = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if step * exp >= value - 1e-9:
            return step * exp
    return 10 * exp


# ---------------------------------------------------------------- (a) cumulative progress


Month = dict[str, Any]  # one row of metrics.monthly_series, as plain values


def _months(series: pd.DataFrame | list[Month]) -> list[Month]:
    """Rows as dicts once: pandas per-row access costs more than drawing the chart."""
    return series if isinstance(series, list) else plain_rows(series)


def _first_report(months: list[Month]) -> int:
    """Month of the first report: a month without one before it is "—", after it 未报送."""
    return min((int(r["month_no"]) for r in months if not missing(r["completed"])), default=13)


def progress_rows(series: pd.DataFrame) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]:
    """The text table under a progress chart: months up to the report, amounts in 万元."""
    return _progress_rows(_months(series))


def _progress_rows(months: list[Month]) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]:
    headers = ("月份", "当月完成(万元)", "累计完成(万元)", "序时计划(万元)")
    first = _first_report(months)
    rows = []
    for r in months:
        if missing(r["cumulative"]):
            continue
        if missing(r["completed"]):
            completed = "未报送" if r["month_no"] > first else "—"
        else:
            completed = wan(r["completed"], unit=False)
        rows.append(
            (
                f"{int(r['month_no'])}月",
                completed,
                wan(r["cumulative"], unit=False),
                wan(r["schedule"], unit=False),
            )
        )
    return headers, tuple(rows)


def progress_summary(series: pd.DataFrame) -> str:
    """截至9月累计完成投资…, 为年度计划…的…%, 序时进度…%, 滞后/超前…个百分点."""
    return _progress_summary(_months(series))


def _progress_summary(months: list[Month]) -> str:
    shown = [r for r in months if not missing(r["cumulative"])]
    plan = float(months[0]["plan"]) if months else 0.0
    if not shown or _first_report(months) == 13:
        unit, divisor = money_unit(plan)
        planned = f"，年度计划{_amount(plan, divisor)}{unit}" if plan > 0 else ""
        return f"本年尚无月度报送数据{planned}。"
    last = shown[-1]
    month, done = int(last["month_no"]), float(last["cumulative"])
    unit, divisor = money_unit(max(plan, done))
    text = f"截至{month}月累计完成投资{_amount(done, divisor)}{unit}"
    if plan <= 0:
        return text + "，本年无投资计划。"
    # The same rounding as metrics.project_table, so the sentence matches the tables.
    completion = rate(done, plan) or 0.0
    schedule = rate(float(last["schedule"]), plan) or 0.0
    lag = points((completion - schedule) * 100)
    text += (
        f"，为年度计划{_amount(plan, divisor)}{unit}的{pct(completion)}，序时进度{pct(schedule)}"
    )
    if lag == 0:
        return text + "，与序时持平。"
    return text + f"，{'超前' if lag > 0 else '滞后'}{abs(lag):.1f}个百分点。"


def progress_chart(series: pd.DataFrame, title: str, cache: ChartCache) -> ChartOutput:
    """Cumulative completed investment by month against the 序时 line and the annual plan.

    ``series`` is ``metrics.monthly_series`` (a region, a group or one project).
    """
    plan = float(series["plan"].iloc[0])
    top_value = max(plan, float(series["cumulative"].max(skipna=True) or 0.0), 1.0)
    unit, divisor = money_unit(top_value)
    y_max = _nice_max(top_value / divisor * 1.08)
    frame = pd.DataFrame(
        {
            "月": series["month_no"].astype(int),
            "当月": series["completed"] / divisor,
            "累计": series["cumulative"] / divisor,
            "序时": series["schedule"] / divisor,
        }
    )
    shown = frame[frame["累计"].notna()]
    x_scale = alt.Scale(domain=[0.5, 12.5], nice=False)
    x = alt.X(
        "月:Q",
        scale=x_scale,
        axis=alt.Axis(values=[1, 3, 6, 9, 12], labelExpr="datum.value + '月'", grid=False),
    )
    y_scale = alt.Scale(domain=[0, y_max], nice=False)
    y = alt.Y("value:Q", scale=y_scale, axis=alt.Axis(tickCount=4, format=",~f"))
    monthly = (
        alt.Chart(shown)
        .mark_bar(color=BAR_LIGHT, size=12)
        .encode(x=x, y=alt.Y("当月:Q", scale=y_scale, axis=alt.Axis(tickCount=4, format=",~f")))
    )
    schedule = (
        alt.Chart(frame)
        .transform_calculate(value="datum['序时']")
        .mark_line(color=MUTED, strokeDash=[6, 4], strokeWidth=1.5)
        .encode(x=x, y=y)
    )
    cumulative = (
        alt.Chart(shown)
        .transform_calculate(value="datum['累计']")
        .mark_line(color=BAR, strokeWidth=2.5, point=alt.OverlayMarkDef(color=BAR, size=30))
        .encode(x=x, y=y)
    )
    layers = [monthly, schedule, cumulative]

    def label(month: float, value: float, text: str, dy: float, align: str = "right") -> alt.Chart:
        return (
            alt.Chart(pd.DataFrame({"月": [month], "value": [value], "text": [text]}))
            .mark_text(align=align, dy=dy, fontSize=10, color=INK if align == "right" else MUTED)
            .encode(x=alt.X("月:Q", scale=x_scale), y=alt.Y("value:Q", scale=y_scale),
                    text=alt.Text("text:N"))
        )  # fmt: skip

    # Plan above its line, 序时 below its end: the two meet at December.
    layers.append(label(12.4, float(frame["序时"].iloc[-1]), "序时", 12))
    layers.append(label(0.5, y_max, f"单位：{unit}", -12, align="left"))
    if plan > 0:
        layers.append(
            alt.Chart(pd.DataFrame({"value": [plan / divisor]}))
            .mark_rule(color=INK, strokeDash=[2, 3], strokeWidth=1.2)
            .encode(y=alt.Y("value:Q", scale=y_scale))
        )
        layers.append(label(12.4, plan / divisor, "年度计划", -6))
    if not shown.empty:
        last = shown.iloc[-1]
        layers.append(label(float(last["月"]), float(last["累计"]), "累计完成", -10))
    chart = alt.layer(*layers)
    left = max(text_width(f"{y_max:,.0f}"), 24) + 10
    chart = _config(chart, left=left, right=14, top=20, bottom=24, width=WIDTH - left - 14,
                    height=170)  # fmt: skip
    summary = progress_summary(series)
    headers, rows = progress_rows(series)
    svg = _labelled(cache.render(chart), title, summary)
    return ChartOutput(svg, title, summary, headers, rows)


# ---------------------------------------------------------------- (b) rates by group


def rate_by_group_chart(
    groups: pd.DataFrame, label: str, title: str, cache: ChartCache
) -> ChartOutput:
    """投资完成率 per group (``metrics.group_summary`` rows) as bars against a 序时 rule.

    Each row has the group's name and "62.3% 滞后" written above its bar, so the status is
    read, not inferred from the bar's colour.
    """
    groups = groups.reset_index(drop=True)
    schedule = float(groups["schedule_rate"].iloc[0]) * 100 if len(groups) else 0.0
    values = groups["completion_rate"].astype(float) * 100
    x_max = max(100.0, float(values.max(skipna=True) or 0.0), schedule)
    frame = pd.DataFrame(
        {
            "row": range(len(groups)),
            "name": [str(g) for g in groups["group"]],
            "rate": values.fillna(0.0).clip(upper=x_max),
            "note": [
                f"{'—' if missing(v) else f'{v:.1f}%'} {s}"
                for v, s in zip(values, groups["status"], strict=True)
            ],
            "status": groups["status"],
            "x_max": x_max,
        }
    )
    chart = _rows_chart(frame, x_max, [(schedule, f"序时 {schedule:.1f}%")])
    headers = (label, "年度计划(万元)", "本年完成(万元)", "完成率", "序时进度", "较序时", "状态")
    rows = tuple(
        (
            str(r.group),
            wan(r.annual_plan, unit=False),
            wan(r.completed_ytd, unit=False),
            pct(r.completion_rate),
            pct(r.schedule_rate),
            pp(r.lag_pp),
            str(r.status),
        )
        for r in groups.itertuples()
    )
    lagging = [str(r.group) for r in groups.itertuples() if r.status == "滞后"]
    summary = (
        "暂无数据。"
        if groups.empty
        else (
            f"{len(groups)}个{label}中，{len(lagging)}个投资完成率低于序时进度{schedule:.1f}%超过容差"
            + (f"：{'、'.join(lagging)}。" if lagging else "。")
        )
    )
    svg = _labelled(cache.render(chart), title, summary)
    return ChartOutput(svg, title, summary, headers, rows)


def _rows_chart(
    frame: pd.DataFrame,
    x_max: float,
    rules: Sequence[tuple[float, str]],
    ticks: Iterable[float] | None = None,
) -> alt.TopLevelMixin:
    """Bars in rows: name at the left above each bar, its note at the right, shared rules.

    A name too long for the room its note leaves goes on two lines (every row then gets the
    room for two), and only past that is it cut with …; the text table keeps it whole.
    """
    plot_width = WIDTH - 28
    lines = [_wrap(name, plot_width - text_width(note) - 10)
             for name, note in zip(frame["name"], frame["note"], strict=True)]
    two = any(len(line) > 1 for line in lines)
    height = (ROW_STEP + (LINE_HEIGHT if two else 0)) * max(len(frame), 1)
    frame = frame.assign(name=[line[-1] for line in lines],
                         name_above=[line[0] if len(line) > 1 else "" for line in lines])
    x_scale = alt.Scale(domain=[0, x_max], nice=False)
    y = alt.Y("row:O", axis=None, scale=alt.Scale(paddingInner=0.6, paddingOuter=0.3))
    base = alt.Chart(frame)
    bars = base.mark_bar(size=12).encode(
        x=alt.X("rate:Q", scale=x_scale, axis=alt.Axis(format="~f", labelExpr="datum.label + '%'",
                                                        tickCount=5, grid=True)),
        y=y,
        color=alt.Color("status:N", scale=alt.Scale(domain=list(STATUS_COLOURS),
                                                    range=list(STATUS_COLOURS.values())),
                        legend=None),
    )  # fmt: skip
    # the last line just above the bar, a first line (of two) above it in the room kept
    names = alt.layer(*(
        base.mark_text(align="left", baseline="bottom", dy=-9 - LINE_HEIGHT * up).encode(
            x=alt.XDatum(0), y=y, text=alt.Text(f"{column}:N"))
        for column, up in (("name", 0), ("name_above", 1))))
    notes = base.mark_text(align="right", dy=-13).encode(
        x=alt.X("x_max:Q", scale=x_scale), y=y, text=alt.Text("note:N")
    )
    layers: list[alt.Chart] = [bars, names, notes]
    for value, text in rules:
        rule_frame = pd.DataFrame({"x": [value], "text": [text]})
        # Drawn across each bar's band only, not the whole height: a full rule ran through
        # the names and notes written above the bars.
        layers.append(
            alt.Chart(frame.assign(rule=value))
            .mark_tick(color=INK, thickness=1.2, size=20, opacity=0.8)
            .encode(x=alt.X("rule:Q", scale=x_scale), y=y)
        )
        layers.append(
            alt.Chart(rule_frame)
            .mark_text(
                align="right" if value > 0.85 * x_max else "center",
                baseline="bottom",
                dy=-4,
                fontSize=10,
            )
            .encode(x=alt.X("x:Q", scale=x_scale), y=alt.YValue(0), text=alt.Text("text:N"))
        )
    if ticks is not None:
        tick_frame = frame.assign(expected=list(ticks))
        tick_frame = tick_frame[tick_frame["expected"].notna()]  # no 序时 rule: no tick
        layers.append(
            alt.Chart(tick_frame)
            .mark_tick(color=INK, thickness=2, size=18)
            .encode(x=alt.X("expected:Q", scale=x_scale), y=y)
        )
    return _config(alt.layer(*layers), left=12, right=16, top=22, bottom=24,
                   width=plot_width, height=height)  # fmt: skip


# ---------------------------------------------------------------- (c) projects by stage


def stage_chart(table: pd.DataFrame, title: str, cache: ChartCache) -> ChartOutput:
    """Project counts by lifecycle stage, every stage in order (zeros included)."""
    counts = table["stage"].value_counts()
    frame = pd.DataFrame(
        {"stage": list(vocab.STAGES), "count": [int(counts.get(s, 0)) for s in vocab.STAGES]}
    )
    left = max(text_width(s) for s in vocab.STAGES) + 12
    x_max = _nice_max(max(frame["count"].max(), 1) * 1.15)
    y = alt.Y("stage:N", sort=list(vocab.STAGES), axis=alt.Axis(ticks=False, domain=False),
              scale=alt.Scale(paddingInner=0.35))  # fmt: skip
    x = alt.X("count:Q", scale=alt.Scale(domain=[0, x_max], nice=False),
              axis=alt.Axis(tickCount=4, tickMinStep=1, format="d", grid=True))  # fmt: skip
    bars = alt.Chart(frame).mark_bar(color=BAR).encode(x=x, y=y)
    labels = alt.Chart(frame).mark_text(align="left", dx=4).encode(
        x=x, y=y, text=alt.Text("count:Q")
    )
    chart = _config(alt.layer(bars, labels), left=left, right=16, top=8, bottom=24,
                    width=WIDTH - left - 16, height=8 * 26)  # fmt: skip
    total = int(frame["count"].sum())
    building = int(frame[frame["stage"].isin(["新开工", "续建"])]["count"].sum())
    done = int(frame[frame["stage"].isin(vocab.COMPLETED_STAGES)]["count"].sum())
    summary = f"共{total}个项目，在建{building}个，已竣工或投产{done}个。"
    rows = tuple((r.stage, str(r.count)) for r in frame.itertuples())
    svg = _labelled(cache.render(chart), title, summary)
    return ChartOutput(svg, title, summary, ("建设阶段", "项目数"), rows)


# ---------------------------------------------------------------- (d) targets


def targets_chart(results: list[TargetResult], title: str, cache: ChartCache) -> ChartOutput:
    """Each target's share achieved (actual / target), with a tick at the share its 序时
    rule requires by now and a rule at 100%. A figure that is not judged against its target
    (the public site's total of disclosed projects) has no bar; its note says why."""
    shares = [None if r.share_achieved is None else r.share_achieved * 100 for r in results]
    x_max = max([100.0, *(s for s in shares if s is not None)])
    x_max = min(x_max, 150.0)  # beyond 150% the bar is capped; the note keeps the figure
    frame = pd.DataFrame(
        {
            "row": range(len(results)),
            "name": [r.target.title for r in results],
            "rate": [min(s or 0.0, x_max) for s in shares],
            "note": [
                f"{'—' if s is None else f'{s:.1f}%'} {r.status}"
                for s, r in zip(shares, results, strict=True)
            ],
            "status": [r.status for r in results],
            "x_max": x_max,
        }
    )
    expected = [math.nan if r.expected_share is None or r.ended else r.expected_share * 100
                for r in results]
    chart = _rows_chart(frame, x_max, [(100.0, "目标 100%")], ticks=expected)
    headers = ("目标", "目标值", "实际", "完成比例", "序时要求", "状态", "期限")
    rows = tuple(
        (
            r.target.title,
            target_amount(r.value, r.unit),
            target_amount(r.actual, r.unit),
            pct(r.share_achieved),
            "—" if r.ended else pct(r.expected_share),
            r.status,
            "已到期" if r.ended else f"剩余{r.days_left}天",
        )
        for r in results
    )
    counts = {
        s: sum(r.status == s for r in results) for s in dict.fromkeys(r.status for r in results)
    }
    summary = (
        f"{len(results)}项目标中，" + "，".join(f"{s}{n}项" for s, n in counts.items()) + "。"
        if results
        else "暂无攻坚目标。"
    )
    svg = _labelled(cache.render(chart), title, summary)
    return ChartOutput(svg, title, summary, headers, rows)


# ---------------------------------------------------------------- per-project inline SVG


def project_progress_svg(series: pd.DataFrame | list[Month], title: str = "本年投资进度") -> ChartOutput:
    """``progress_chart`` for one project, drawn directly: no renderer, under 1 ms, ~2.5 KB.

    The same vocabulary as the region chart: light bars for each month's amount, a solid
    line with dots for the cumulative total, a dashed 序时 line and a dotted annual plan; a
    month without a report (after the first one) is marked with a small ×, not drawn as 0.
    """
    months = _months(series)
    width, height = 320.0, 150.0
    left, right, top, bottom = 44.0, 50.0, 18.0, 20.0
    plot_w, plot_h = width - left - right, height - top - bottom
    plan = float(months[0]["plan"])
    shown = [r for r in months if not missing(r["cumulative"])]
    top_value = max([plan, 1.0, *(float(r["cumulative"]) for r in shown)])
    unit, divisor = money_unit(top_value)
    y_max = _nice_max(top_value / divisor * 1.05)

    def sx(month: float) -> float:
        return round(left + (month - 0.5) * plot_w / 12, 1)

    def sy(value: float) -> float:
        return round(top + plot_h - value / divisor / y_max * plot_h, 1)

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:g} {height:g}" '
        f'width="{width:g}" height="{height:g}" style="max-width:100%;height:auto" '
        f'font-family="{FONT}" font-size="10" fill="{INK}">',
        f'<rect width="{width:g}" height="{height:g}" fill="white"/>',
        f'<text x="4" y="11" fill="{MUTED}">单位：{unit}</text>',
    ]
    for value in (0.0, y_max / 2, y_max):
        y = sy(value * divisor)
        out.append(f'<line x1="{left:g}" x2="{left + plot_w:g}" y1="{y:g}" y2="{y:g}" '
                   f'stroke="#e6e6e6"/>')  # fmt: skip
        out.append(f'<text x="{left - 4:g}" y="{y + 3:g}" text-anchor="end">{value:,.6g}</text>')
    for month in (1, 3, 6, 9, 12):
        out.append(f'<text x="{sx(month):g}" y="{height - 6:g}" text-anchor="middle">'
                   f"{month}月</text>")  # fmt: skip
    bar_w = round(plot_w / 12 * 0.55, 1)
    base = sy(0)
    first = _first_report(months)
    for r in shown:
        if r["month_no"] < first:
            continue
        x = sx(r["month_no"])
        if missing(r["completed"]):
            out.append(f'<path d="M{x - 3:g} {base - 7:g}l6 6m0 -6l-6 6" stroke="{MUTED}"/>')
        elif r["completed"] > 0:
            y = sy(r["completed"])
            out.append(f'<rect x="{x - bar_w / 2:g}" y="{y:g}" width="{bar_w:g}" '
                       f'height="{round(base - y, 1):g}" fill="{BAR_LIGHT}"/>')  # fmt: skip
    line = " ".join(f"{sx(r['month_no']):g},{sy(r['schedule']):g}" for r in months)
    out.append(f'<polyline points="{line}" fill="none" stroke="{MUTED}" '
               f'stroke-width="1.5" stroke-dasharray="6 4"/>')  # fmt: skip
    out.append(f'<text x="{left + plot_w + 4:g}" y="{sy(months[-1]["schedule"]) + 12:g}">'
               f"序时</text>")  # fmt: skip
    if plan > 0:
        y = sy(plan)
        out.append(f'<line x1="{left:g}" x2="{left + plot_w:g}" y1="{y:g}" y2="{y:g}" '
                   f'stroke="{INK}" stroke-dasharray="2 3"/>')  # fmt: skip
        out.append(f'<text x="{left + plot_w + 4:g}" y="{y - 3:g}">年度计划</text>')
    if shown:
        dots = [(sx(r["month_no"]), sy(r["cumulative"])) for r in shown]
        out.append(
            f'<polyline points="{" ".join(f"{x:g},{y:g}" for x, y in dots)}" fill="none" '
            f'stroke="{BAR}" stroke-width="2.5"/>'
        )
        out.extend(f'<circle cx="{x:g}" cy="{y:g}" r="2.5" fill="{BAR}"/>' for x, y in dots)
        x, y = dots[-1]
        out.append(f'<text x="{x:g}" y="{y - 6:g}" text-anchor="end">累计完成</text>')
    out.append("</svg>")
    summary = _progress_summary(months)
    headers, rows = _progress_rows(months)
    svg = _labelled("".join(out), title, summary)
    return ChartOutput(svg, title, summary, headers, rows)


def trusted(chart: ChartOutput) -> ChartOutput:
    """Mark a chart's SVG as markup for templates: these renderers wrote it and escaped its
    text."""
    return dataclasses.replace(chart, svg=Markup(chart.svg))
