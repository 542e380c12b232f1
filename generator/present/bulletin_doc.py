"""A bulletin as a document: numbered sections of paragraphs and tables, for one audience.

``document(bulletin, internal)`` decides what each audience reads (the intranet gets the full
通报; the public site a summary without leaders, problems or the names of lagging projects);
``pages.bulletins`` renders the result as HTML and ``docx_bytes`` as a Word file, so the page
and the download always say the same thing.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import re
import zipfile
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from generator.figures.bulletin import Bulletin, GroupLine, compare_to_schedule
from generator.pages.context import project_page_path
from generator.present.formatting import day as day_text
from generator.present.formatting import money, pct, pp, wan
from generator.present.ooxml import CORE_XML, w3cdtf, zip_entries

CHINESE_NUMBERS = "一二三四五六七八九十"


@dataclass(frozen=True)
class Link:
    text: str
    target: str  # a docs path (projects/<code>/index.md)


Segment = str | Link


@dataclass(frozen=True)
class Paragraph:
    segments: list[Segment]
    kind: str = ""  # "", "item" (a numbered line), "note"


@dataclass(frozen=True)
class Table:
    headers: list[str]
    rows: list[list[Segment]]
    caption: str = ""
    numeric: tuple[int, ...] = ()  # columns aligned right
    cls: str = ""  # an extra class for the page (column widths)


Block = Paragraph | Table


@dataclass
class Section:
    title: str
    blocks: list[Block] = field(default_factory=list)

    def say(self, *segments: Segment, kind: str = "") -> None:
        if any(segments):
            self.blocks.append(Paragraph(list(segments), kind))


@dataclass(frozen=True)
class Document:
    title: str
    issue: str  # （2025年第10期）
    dated: str  # 数据截至2025年10月31日
    lead: str  # a one-line description for the page's meta description
    sections: list[Section]
    internal: bool

    def numbered(self) -> list[tuple[str, Section]]:
        return [(f"{CHINESE_NUMBERS[i]}、", s) for i, s in enumerate(self.sections)]


def text_of(segments: list[Segment]) -> str:
    return "".join(s.text if isinstance(s, Link) else s for s in segments)


def _project(code: str, name: str) -> Link:
    return Link(name, project_page_path(code))


def _joined(links: list[Link]) -> list[Segment]:
    out: list[Segment] = []
    for i, link in enumerate(links):
        if i:
            out.append("、")
        out.append(link)
    return out


def _group_table(label: str, lines: list[GroupLine]) -> Table:
    rows: list[list[Segment]] = [
        [
            str(g.rank),
            g.group,
            str(g.projects),
            wan(g.annual_plan, unit=False),
            wan(g.completed_month, unit=False),
            wan(g.completed_ytd, unit=False),
            pct(g.completion_rate),
            pp(g.lag_pp),
        ]
        for g in lines
    ]
    headers = ["名次", label, "项目数", "年度计划(万元)", "本月完成(万元)", "累计完成(万元)",
               "完成率", "较序时"]  # fmt: skip
    return Table(headers, rows, numeric=(0, 2, 3, 4, 5, 6, 7))


def threshold_text(value: float) -> str:
    return f"{value / 10000:g}亿元" if value >= 10000 else f"{value:g}万元"


def document(b: Bulletin, internal: bool) -> Document:
    """The bulletin's text for one audience (``b`` is computed from that audience's view)."""
    overall = b.overall
    sections: list[Section] = []

    general = Section("总体情况")
    general.say(b.headline + b.month_sentence)
    general.say(b.start_sentence + b.completion_sentence)
    if internal:
        general.say(b.funds_sentence)
    counts = b.table["status"].value_counts()
    general.say(
        f"按项目看，{int(overall['projects'])}个项目中，超前序时{int(counts.get('超前', 0))}个、"
        f"正常推进{int(counts.get('正常', 0))}个、滞后{int(counts.get('滞后', 0))}个，"
        f"本月未报送{int(counts.get('未报送', 0))}个，未开工{int(counts.get('未开工', 0))}个，"
        f"本年无投资计划{int(counts.get('无计划', 0))}个。"
    )
    sections.append(general)

    domains = Section("分领域完成情况")
    domains.say(b.domain_sentence)
    domains.blocks.append(_group_table("领域", b.by_domain))
    sections.append(domains)

    townships = Section("分乡镇完成情况")
    townships.say(b.township_sentence)
    townships.blocks.append(_group_table("乡镇(街道)", b.by_township))
    sections.append(townships)

    if internal:
        big = Section(f"{threshold_text(b.big_threshold)}以上重大项目进展")
        if b.big_projects:
            big.say(
                f"总投资{threshold_text(b.big_threshold)}及以上的重大项目{len(b.big_projects)}个，"
                "逐个通报如下："
            )
            for i, p in enumerate(b.big_projects, start=1):
                rate = (
                    f"占年度计划的{pct(p.completion_rate)}，"
                    f"{compare_to_schedule(p.lag_pp) if p.lag_pp is not None else ''}"
                    if p.completion_rate is not None
                    else "本年未安排投资计划"
                )
                month = (
                    f"本月完成{money(p.completed_month)}，" if p.completed_month is not None
                    else "本月未报送，"
                )  # fmt: skip
                big.say(
                    f"（{i}）",
                    _project(p.code, p.name),
                    f"（{p.township}，总投资{money(p.total_investment)}）：{month}"
                    f"{b.period}累计完成{money(p.completed_ytd)}，{rate.rstrip('，')}；"
                    f"形象进度：{(p.progress or '未填报').rstrip('。')}。",
                    kind="item",
                )
        else:
            big.say(f"暂无总投资{threshold_text(b.big_threshold)}及以上的项目。")
        sections.append(big)

    events = Section("项目开工和竣工情况")
    if b.starts:
        events.say(
            f"{b.day.month}月新开工项目{len(b.starts)}个：",
            *_joined([_project(e.code, e.name) for e in b.starts]),
            "。",
        )
    else:
        events.say(f"{b.day.month}月无新开工项目。")
    if b.completions:
        events.say(
            f"{b.day.month}月竣工项目{len(b.completions)}个：",
            *_joined([_project(e.code, e.name) for e in b.completions]),
            "。",
        )
    else:
        events.say(f"{b.day.month}月无竣工项目。")
    sections.append(events)

    if internal and b.problems is not None:
        pr = b.problems
        problems = Section("问题协调解决情况")
        problems.say(
            f"{b.day.month}月新受理项目问题诉求{pr.received_month}条，协调解决{pr.resolved_month}条；"
            f"累计受理{pr.received_total}条，已协调解决{pr.resolved_total}条，"
            f"问题解决率{pct(pr.resolution_rate)}，尚有{pr.open_total}条待解决。"
        )
        problems.blocks.append(Table(
            ["问题类别", "本月受理", "本月解决", "累计受理", "累计解决", "待解决"],
            [[k.kind, str(k.received_month), str(k.resolved_month), str(k.received_total),
              str(k.resolved_total), str(k.open_total)] for k in pr.by_kind],
            numeric=(1, 2, 3, 4, 5),
        ))  # fmt: skip
        sections.append(problems)

        approvals = Section("前期手续办理情况")
        approvals.say(
            f"{b.day.month}月办结前期手续{len(b.approvals_done)}项"
            + ("：" if b.approvals_done else "。")
        )
        if b.approvals_done:
            approvals.blocks.append(Table(
                ["项目", "手续", "审批部门", "办结日期", "备注"],
                [[_project(a.code, a.name), a.approval, a.authority, day_text(a.done), a.note]
                 for a in b.approvals_done],
            ))  # fmt: skip
        approvals.say(
            f"截至{b.day.month}月底，超过办理时限仍未办结的前期手续"
            f"{len(b.approvals_overdue)}项" + ("：" if b.approvals_overdue else "。")
        )
        if b.approvals_overdue:
            approvals.blocks.append(Table(
                ["项目", "手续", "审批部门", "办理时限", "逾期"],
                [[_project(a.code, a.name), a.approval, a.authority, day_text(a.deadline), a.note]
                 for a in b.approvals_overdue],
            ))  # fmt: skip
        sections.append(approvals)

        supervised = Section("挂牌督办项目")
        if b.supervised:
            supervised.say(
                f"对投资完成率低于序时进度超过容差、逾期未开工或前期手续逾期的"
                f"{len(b.supervised)}个项目挂牌督办，请责任单位和分包领导限期整改："
            )
            supervised.blocks.append(Table(
                ["序号", "项目", "责任单位", "分包领导", "较序时", "督办原因"],
                [[str(i), _project(e.code, e.name), e.department, e.leader or "—",
                  pp(e.lag_pp), "；".join(e.reasons)]
                 for i, e in enumerate(b.supervised, start=1)],
                numeric=(0, 4),
                cls="zd-bulletin-reasons",
            ))  # fmt: skip
        else:
            supervised.say("本月无挂牌督办项目。")
        sections.append(supervised)

        late = Section("未按时报送调度数据项目")
        if b.late:
            late.say(
                f"以下{len(b.late)}个在建项目{b.day.month}月未报送调度数据（不按零计算），"
                "请责任单位及时补报："
            )
            late.blocks.append(Table(
                ["项目", "责任单位", "分包领导", "最近报送月份"],
                [[_project(e.code, e.name), e.department, e.leader or "—",
                  e.last_reported or "从未报送"] for e in b.late],
            ))  # fmt: skip
        else:
            late.say(f"{b.day.month}月在建项目均已按时报送调度数据。")
        sections.append(late)

    note = Section("说明")
    note.say(
        f"1. 序时进度按月计算：{b.day.month}月末为{b.day.month}/12，即"
        f"{pct(float(overall['schedule_rate']))}；投资完成率＝{b.period}完成投资÷年度计划投资。",
        kind="note",
    )
    if internal:
        note.say("2. 本通报为内部资料，含分包领导、问题诉求和督办信息，请勿对外公开。", kind="note")
    else:
        note.say("2. 本摘要仅统计已公开的项目，金额单位为万元或亿元。", kind="note")
    sections.append(note)

    kind = "通报" if internal else "通报(公开摘要)"
    title = f"{b.region}重点项目建设情况{kind}"
    return Document(
        title=title,
        issue=f"（{b.year}年第{b.day.month}期）",
        dated=f"数据截至{b.day.year}年{b.day.month}月{b.day.day}日",
        lead=b.headline,
        sections=sections,
        internal=internal,
    )


# ---------------------------------------------------------------- Word (.docx)

BODY_FONT = "仿宋_GB2312"
TITLE_FONT = "方正小标宋简体"
HEADING_FONT = "黑体"
ISSUE_FONT = "楷体_GB2312"
TABLE_FONT = "宋体"
# Paragraph styles: (name, East Asian font, size in points, bold). Fonts are set once on a
# style rather than on every run, which keeps a long bulletin fast to write.
STYLES = (
    ("ZD Title", TITLE_FONT, 22.0),
    ("ZD Issue", ISSUE_FONT, 16.0),
    ("ZD Dated", BODY_FONT, 14.0),
    ("ZD Heading", HEADING_FONT, 16.0),
    ("ZD Body", BODY_FONT, 16.0),
    ("ZD Note", BODY_FONT, 12.0),
    ("ZD Table Head", HEADING_FONT, 10.5),
    ("ZD Table", TABLE_FONT, 10.5),
)


def _add_styles(word: object) -> dict[str, str]:
    from docx.enum.style import WD_STYLE_TYPE
    from docx.oxml.ns import qn
    from docx.shared import Pt

    styles = word.styles  # type: ignore[attr-defined]
    out = {}
    for name, east_asia, size in STYLES:
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = styles["Normal"]
        style.font.size = Pt(size)
        style.font.name = "Times New Roman"
        fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
        fonts.set(qn("w:eastAsia"), east_asia)
        fmt = style.paragraph_format
        fmt.space_before = Pt(0)
        fmt.space_after = Pt(0)
        fmt.line_spacing = Pt(28) if size >= 14 else Pt(16)
        if name in ("ZD Heading", "ZD Body", "ZD Note"):
            fmt.first_line_indent = Pt(size * 2)
        out[name] = style.style_id
    return out


DOCUMENT_XML = "word/document.xml"


@dataclass(frozen=True)
class _Skeleton:
    """The parts of an empty bulletin .docx, made once by python-docx (styles, A4 page)."""

    parts: list[tuple[str, bytes]]  # zip entries in python-docx's order
    head: bytes  # word/document.xml up to and including <w:body>
    tail: bytes  # from the body's <w:sectPr> (page size and margins) to the end
    style: dict[str, str]  # style name -> id
    table_style: str  # the id of "Table Grid"
    width: int  # text block width in EMU, shared evenly by a table's columns


@functools.cache
def _skeleton() -> _Skeleton:
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.shared import Cm

    word = docx.Document()
    section = word.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    style = _add_styles(word)
    width = section.page_width - section.left_margin - section.right_margin
    buffer = io.BytesIO()
    word.save(buffer)
    with zipfile.ZipFile(buffer) as archive:
        parts = [(name, archive.read(name)) for name in archive.namelist()]
    xml = dict(parts)[DOCUMENT_XML]
    head, rest = xml.split(b"<w:body>", 1)
    sect = rest.index(b"<w:sectPr")
    if rest[:sect].strip():  # the template's body must be empty, else we would drop content
        raise ValueError("python-docx template has body content")
    return _Skeleton(
        parts=parts,
        head=head + b"<w:body>",
        tail=rest[sect:],
        style=style,
        table_style=word.styles["Table Grid"].style_id,
        width=int(width),
    )


# Characters XML 1.0 cannot carry at all (C0 controls but tab/CR/LF, surrogates, U+FFFE/F):
# the data is untrusted, and one of them would make the whole file unreadable.
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_BREAKS = re.compile(r"([\t\r\n])")
_BREAK_XML = {"\t": "<w:tab/>", "\r": "<w:br/>", "\n": "<w:br/>"}


def xml_text(text: str) -> str:
    """``text`` safe as XML character data: illegal characters dropped, ``&<>`` escaped and
    CR as a reference (a parser would read a bare CR as LF)."""
    return escape(_NOT_XML.sub("", text), {"\r": "&#13;"})


def _t(text: str) -> str:
    # As python-docx's Run.add_t: keep leading/trailing spaces, which XML would collapse.
    space = ' xml:space="preserve"' if len(text.strip()) < len(text) else ""
    return f"<w:t{space}>{escape(text)}</w:t>"


@functools.lru_cache(maxsize=65536)
def _run(text: str) -> str:
    """A ``w:r`` holding ``text`` as python-docx's ``Run.text`` writes it (tab and line
    breaks as elements), or "" when nothing is left. Cached: table cells repeat a lot."""
    text = _NOT_XML.sub("", text)
    if not text:
        return ""
    if "\t" not in text and "\r" not in text and "\n" not in text:
        return f"<w:r>{_t(text)}</w:r>"
    inner = "".join(
        _BREAK_XML[piece] if piece in _BREAK_XML else _t(piece)
        for piece in _BREAKS.split(text)
        if piece
    )
    return f"<w:r>{inner}</w:r>"


def _p_pr(style_id: str, align: str = "") -> str:
    jc = f'<w:jc w:val="{align}"/>' if align else ""
    return f'<w:pPr><w:pStyle w:val="{style_id}"/>{jc}</w:pPr>'


def _body(doc: Document, sk: _Skeleton) -> str:
    """The ``w:body`` content: the same elements python-docx wrote for this document."""
    out: list[str] = []
    add = out.append
    pr = {name: _p_pr(style_id) for name, style_id in sk.style.items()}
    numeric_pr = _p_pr(sk.style["ZD Table"], "right")

    def paragraph(text: str, name: str, align: str = "") -> None:
        add(f"<w:p>{_p_pr(sk.style[name], align) if align else pr[name]}{_run(text)}</w:p>")

    paragraph(doc.title, "ZD Title", "center")
    paragraph(doc.issue, "ZD Issue", "center")
    paragraph(doc.dated, "ZD Dated", "right")
    for number, sec in doc.numbered():
        paragraph(number + sec.title, "ZD Heading")
        for block in sec.blocks:
            if isinstance(block, Paragraph):
                paragraph(text_of(block.segments), "ZD Note" if block.kind == "note" else "ZD Body")
                continue
            cols = len(block.headers)
            # python-docx's add_table: the text width shared evenly, in twips (635 EMU each)
            twips = round((sk.width // cols if cols else 0) / 635)
            tc = f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{twips}"/></w:tcPr><w:p>'
            add(
                f'<w:tbl><w:tblPr><w:tblStyle w:val="{sk.table_style}"/>'
                '<w:tblW w:type="auto" w:w="0"/><w:jc w:val="center"/>'
                '<w:tblLook w:firstColumn="1" w:firstRow="1" w:lastColumn="0" w:lastRow="0"'
                ' w:noHBand="0" w:noVBand="1" w:val="04A0"/></w:tblPr><w:tblGrid>'
                + f'<w:gridCol w:w="{twips}"/>' * cols
                + "</w:tblGrid>"
            )
            for r, row in enumerate([block.headers, *block.rows]):
                if len(row) != cols:
                    raise ValueError(f"table row {r} has {len(row)} cells for {cols} columns")
                add("<w:tr>")
                for i, value in enumerate(row):
                    text = value.text if isinstance(value, Link) else value
                    p_pr = (
                        pr["ZD Table Head"] if r == 0
                        else numeric_pr if i in block.numeric
                        else pr["ZD Table"]
                    )  # fmt: skip
                    add(f"{tc}{p_pr}{_run(text) or '<w:r/>'}</w:p></w:tc>")
                add("</w:tr>")
            add("</w:tbl>")
    return "".join(out)


def _core_xml(doc: Document, moment: dt.datetime, author: str) -> bytes:
    """docProps/core.xml with the bulletin's title, issue, author and ``moment`` as dates."""
    stamp = w3cdtf(moment)
    date = 'xsi:type="dcterms:W3CDTF"'
    return (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
        'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"'
        ' xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/"'
        ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{xml_text(doc.title)}</dc:title>"
        f"<dc:subject>{xml_text(doc.issue)}</dc:subject>"
        f"<dc:creator>{xml_text(author)}</dc:creator><cp:keywords/>"
        f"<dc:description>{xml_text(doc.dated)}</dc:description>"
        f"<cp:lastModifiedBy>{xml_text(author)}</cp:lastModifiedBy><cp:revision>1</cp:revision>"
        f"<dcterms:created {date}>{stamp}</dcterms:created>"
        f"<dcterms:modified {date}>{stamp}</dcterms:modified><cp:category/>"
        f"<dc:language>zh-CN</dc:language><cp:lastPrinted>{stamp}</cp:lastPrinted>"
        "</cp:coreProperties>"
    ).encode()


def docx_bytes(doc: Document, moment: dt.datetime, author: str) -> bytes:
    """The document as a Word file on A4, byte-identical for the same input.

    The styles, page setup and other parts come from a package python-docx makes once per
    process; the body is written here as text, since building ~100k paragraphs and cells
    through python-docx's object model was the slowest step of the whole build.
    """
    sk = _skeleton()
    body = sk.head + _body(doc, sk).encode() + sk.tail
    replace = {DOCUMENT_XML: body, CORE_XML: _core_xml(doc, moment, author)}
    return zip_entries([(name, replace.get(name, data)) for name, data in sk.parts], moment)


def document_moment(day: dt.date) -> dt.datetime:
    """The fixed time written into a bulletin's files: its month-end, midnight."""
    return dt.datetime(day.year, day.month, day.day)
