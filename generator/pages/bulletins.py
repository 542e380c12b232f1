"""月度通报 pages: one per month with data, an index, and each bulletin as a Word file.

* ``bulletins/index.md`` — every bulletin, newest first, with its headline figures;
* ``bulletins/<YYYY-MM>/index.md`` — the bulletin, laid out to print on A4;
* ``bulletins/<YYYY-MM>/bulletin-<YYYY-MM>.docx`` — the same text as a Word file.

Both sites get all three, each from its own data view: the intranet the full 通报 (leaders,
problems, approvals, 挂牌督办, late reporters), the public site a summary of the disclosed
projects (``bulletin_doc.document`` decides which sections each audience reads).
"""

from __future__ import annotations

from collections.abc import Iterator

from markupsafe import Markup

from generator.figures.bulletin import Tables, bulletin, bulletin_months
from generator.pages import entities, maps
from generator.pages.context import File, Output, RenderContext
from generator.present.bulletin_blocks import Document, Link, Paragraph, Segment
from generator.present.bulletin_doc import TOWNSHIPS_SECTION, document_moment, title_month
from generator.present.bulletin_doc import document as bulletin_document
from generator.present.charts import ChartOutput
from generator.present.docx import docx_bytes
from generator.present.formatting import escape, money, pct, pp
from generator.present.words import period_label, region_word


def docx_path(month: str) -> str:
    return f"bulletins/{month}/bulletin-{month}.docx"


def html(ctx: RenderContext, page: str, segments: list[Segment],
         seen: set[str] | None = None) -> Markup:
    """Segments as HTML: text escaped, links through ``ctx.anchor``; with ``seen``, the
    first use on the page of each glossary term is linked to its entry."""
    # Each part is already Markup, so a plain join is safe.
    return Markup("".join(
        ctx.terms(page, s, seen) if seen is not None and isinstance(s, str)
        else segment_html(ctx, page, s) for s in segments))


def segment_html(ctx: RenderContext, page: str, segment: Segment) -> Markup:
    if not isinstance(segment, Link):
        return escape(segment)
    if segment.kind == "project":
        return ctx.anchor(page, ctx.address("project", code=segment.key), segment.text)
    links = entities.of(ctx)
    if segment.kind == "unit":
        return links.unit(page, segment.key)
    if segment.kind == "leader":
        return links.leader(page, segment.key)
    return links.group(page, segment.kind, segment.key)


def cards(headers: list[str], numeric: tuple[int, ...]) -> bool:
    """A table of records (mostly words) reads as cards on a phone; one of figures stays a
    table to compare, scrolling in its box (as ``_macros.md`` decides for other tables)."""
    return len(headers) > 3 and 2 * len(numeric) < len(headers)


def table_body(ctx: RenderContext, page: str, rows: list[list[Segment]],
               numeric: tuple[int, ...], headers: list[str] | None = None) -> Markup:
    """A table's ``<tr>`` lines; with ``headers``, each cell labelled for the phone's cards.
    Written here, not in the template: a bulletin of 10⁴ projects has 10⁵ cells, and a
    Jinja loop per cell took most of its rendering."""
    labels = [f' data-label="{escape(h)}"' for h in headers] if headers else None
    lines = []
    for row in rows:
        cells = "".join(
            f'<td class="zd-num"{labels[i] if labels else ""}>{segment_html(ctx, page, cell)}</td>'
            if i in numeric
            else f'<td{labels[i] if labels else ""}>{segment_html(ctx, page, cell)}</td>'
            for i, cell in enumerate(row)
        )
        lines.append(f"<tr>{cells}</tr>\n")
    return Markup("".join(lines))


def layout(ctx: RenderContext, page: str, doc: Document,
           township_map: ChartOutput | None = None) -> list[dict[str, object]]:
    """Sections with their blocks ready for the template; the map (web page only) goes at
    the end of the townships' section."""
    out = []
    seen: set[str] = set()  # glossary terms linked so far on this page
    for number, section in doc.numbered():
        blocks: list[dict[str, object]] = []
        for block in section.blocks:
            if isinstance(block, Paragraph) and block.kind == "subhead":
                # the run-in （一）heading set apart, as the Word file sets it in 楷体
                head = Markup('<span class="zd-bulletin-subhead">{}</span>').format(
                    html(ctx, page, block.segments[:1]))
                blocks.append({"kind": "text",
                               "html": head + html(ctx, page, block.segments[1:], seen)})
            elif isinstance(block, Paragraph):
                blocks.append(
                    {"kind": block.kind or "text",
                     "html": html(ctx, page, block.segments, seen)}
                )
            else:
                as_cards = cards(block.headers, block.numeric)
                blocks.append({
                    "kind": "table",
                    "headers": block.headers,
                    "numeric": block.numeric,
                    "cls": " ".join(c for c in (block.cls, "zd-cards" if as_cards else "zd-scroll")
                                    if c),
                    "body": table_body(ctx, page, block.rows, block.numeric,
                                       block.headers if as_cards else None),
                })  # fmt: skip
        if township_map is not None and section.title == TOWNSHIPS_SECTION:
            blocks.append({"kind": "figure", "chart": township_map})
        out.append({"number": number, "title": section.title, "blocks": blocks})
    return out


def subject(ctx: RenderContext) -> str:
    word = region_word(ctx.ds.config.region)
    return f"{word}重点项目" if ctx.internal else f"{word}纳入信息公开的重点项目"


def view(ctx: RenderContext) -> Iterator[Output]:
    index = ctx.address("bulletins")
    tables = Tables(ctx.ds)
    author = ctx.ds.config.region + ("重点项目调度平台" if ctx.internal else "重点项目信息公开")
    rows = []
    for month in reversed(bulletin_months(ctx.ds)):
        b = bulletin(ctx.ds, month, tables)
        doc = bulletin_document(b, ctx.internal, subject(ctx))
        path = ctx.address("bulletin", month=month)
        yield File(docx_path(month), docx_bytes(doc, document_moment(b.day), author))
        yield ctx.page("bulletin", dict(
            doc=doc,
            page_title=f"{title_month(b)}{'通报' if ctx.internal else '通报(公开摘要)'}",
            sections=layout(ctx, path, doc, maps.bulletin_map(ctx, path, b)),
            back=ctx.anchor(path, index, "全部月度通报"),
            download=ctx.anchor(path, docx_path(month), f"下载 Word 版 (bulletin-{month}.docx)"),
        ), month=month)  # fmt: skip
        overall = b.overall
        rows.append([
            ctx.anchor(index, path, f"{title_month(b)}通报"),
            period_label(b.day),
            money(float(overall["completed_ytd"])),  # type: ignore[arg-type]
            pct(overall["completion_rate"]),  # type: ignore[arg-type]
            pct(overall["schedule_rate"]),  # type: ignore[arg-type]
            pp(overall["lag_pp"]),  # type: ignore[arg-type]
            ctx.anchor(index, docx_path(month), "Word"),
        ])  # fmt: skip
    yield ctx.page("bulletins", dict(
        title="月度通报",
        rows=rows,
        headers=["通报", "统计期", "累计完成投资", "投资完成率", "序时进度", "较序时", "下载"],
    ))  # fmt: skip
