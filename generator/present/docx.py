"""A bulletin document as a Word (.docx) file on A4, byte-identical for the same input.

``docx_bytes`` is what the pages call. It writes the body as XML text (``fast_docx_bytes``)
when python-docx and lxml are the versions that writer was verified against
(``generator.model.verified``), and otherwise through python-docx's object model
(``reference_docx_bytes``), the stock path that the tests hold the fast one to, byte for byte.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import math
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

from generator.model.verified import use_fast_path
from generator.present.bulletin_blocks import Document, Link, Paragraph, Table, text_of
from generator.present.ooxml import (
    CORE_XML,
    NOT_XML,
    stable_office_file,
    w3cdtf,
    xml_text,
    zip_entries,
)

BODY_FONT = "仿宋_GB2312"
TITLE_FONT = "方正小标宋简体"
HEADING_FONT = "黑体"
ISSUE_FONT = "楷体_GB2312"
TABLE_FONT = "宋体"
SUBHEAD_FONT = "楷体_GB2312"  # second-level headings, （一）…
BODY_PT = 16.0  # 3号: the body, and the size the document grid counts characters in
LINES_PER_PAGE = 22  # GB/T 9704-2012: 22 lines of 28 characters a page
CHARS_PER_LINE = 28
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


def _add_styles(word: Any) -> dict[str, str]:
    """The bulletin's styles, by name → id.

    Every paragraph style opts out of the document grid (``_document_grid``) and 3号 text is
    set 28 to the line by condensing it instead: LibreOffice gives a character larger than
    the grid's pitch (16 pt text, 15.8 pt pitch) two cells, 14 characters to the line,
    where Word and WPS squeeze it into one; condensed text is 28 to the line in all three.
    """
    from docx.enum.style import WD_STYLE_TYPE
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    styles = word.styles
    # What each 3号 character gives up, in twentieths of a point: rounded down so that 28
    # fit, and one more, as LibreOffice still broke at 27 with 28 × 15.75 pt in 442.25 pt.
    condense = math.floor((_grid_pitch(word.sections[0]) - BODY_PT) * 20) - 1
    # The document grid counts characters in the Normal style's size (``_document_grid``):
    # Normal is the body's 3号 仿宋, as in the standard 公文 template.
    normal = styles["Normal"]
    normal.font.size = Pt(BODY_PT)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)
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
        if name in ("ZD Title", "ZD Heading", "ZD Table Head"):
            # a heading (四、…) or a table's header row is never left alone at a page's foot
            fmt.keep_with_next = True
        off = OxmlElement("w:snapToGrid")
        off.set(qn("w:val"), "0")
        style.element.pPr.find(qn("w:spacing")).addprevious(off)  # the schema's order
        if size == BODY_PT:
            spacing = OxmlElement("w:spacing")
            spacing.set(qn("w:val"), str(condense))
            style.element.rPr.find(qn("w:sz")).addprevious(spacing)
        out[name] = style.style_id
    # （一）-headings are run into their paragraph, so 楷体 is a character style on that run.
    subhead = styles.add_style("ZD Subhead", WD_STYLE_TYPE.CHARACTER)
    subhead.font.name = "Times New Roman"
    subhead.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), SUBHEAD_FONT)
    out["ZD Subhead"] = subhead.style_id
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


def _a4_document() -> Any:
    """A new python-docx document on A4 with the bulletin's margins."""
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.shared import Cm

    word = docx.Document()
    section = word.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    _document_grid(section)
    _page_numbers(word, section)
    return word


def _document_grid(section: Any) -> None:
    """The page's grid of 22 lines of 28 characters (GB/T 9704-2012), as Word's "指定行和
    字符网格" over the 156 × 225 mm text block (the margins in twips: 8,845 × 12,756).

    ``linePitch`` is a line's height in twips: 12,756 over 22 lines is 579.8, rounded down
    to 579 so that 22 lines fit. ``charSpace`` is what the grid adds to each character's
    pitch over the Normal style's size (3号, 16 pt), in 1/4096 pt: 8,845 twips = 442.25 pt
    over 28 characters is a pitch of 15.795 pt, and 4096 × (15.795 − 16) = −841.1, rounded
    down to −842 so that 28 characters fit.
    """
    from docx.oxml.ns import qn

    height = section.page_height - section.top_margin - section.bottom_margin  # EMU
    grid = section._sectPr.find(qn("w:docGrid"))  # python-docx's template has one
    grid.set(qn("w:type"), "linesAndChars")
    grid.set(qn("w:linePitch"), str(height // 635 // LINES_PER_PAGE))  # 635 EMU a twip
    grid.set(qn("w:charSpace"), str(math.floor((_grid_pitch(section) - BODY_PT) * 4096)))


def _grid_pitch(section: Any) -> float:
    """The width in points a character may take for 28 to fit across the text block."""
    width = section.page_width - section.left_margin - section.right_margin  # EMU
    return float(width / 12700 / CHARS_PER_LINE)  # 12,700 EMU a point


def _page_numbers(word: Any, section: Any) -> None:
    """Page numbers as GB/T 9704-2012 sets them: "— 1 —" in 4号 (14 pt) 宋体 on the outer
    side a character in from the edge, right on odd pages and left on even ones (so a
    bound, double-sided copy shows them at the outside)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    word.settings.odd_and_even_pages_header_footer = True
    for footer, align in ((section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
                          (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)):
        footer.is_linked_to_previous = False
        paragraph = footer.paragraphs[0]
        paragraph.alignment = align
        fmt = paragraph.paragraph_format
        if align == WD_ALIGN_PARAGRAPH.RIGHT:
            fmt.right_indent = Pt(14)
        else:
            fmt.left_indent = Pt(14)
        field = OxmlElement("w:fldSimple")
        field.set(qn("w:instr"), "PAGE")
        field.append(_footer_run("1"))  # shown until the reader's program updates fields
        paragraph._p.extend([_footer_run("— "), field, _footer_run(" —")])


def _footer_run(text: str) -> Any:
    """A run of the page number in 4号 (14 pt) 宋体."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    run, r_pr, fonts, size, t = (OxmlElement(tag) for tag in
                                 ("w:r", "w:rPr", "w:rFonts", "w:sz", "w:t"))
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia"):
        fonts.set(qn(attr), "宋体")
    size.set(qn("w:val"), "28")  # half-points
    t.set(qn("xml:space"), "preserve")
    t.text = text
    r_pr.extend([fonts, size])
    run.extend([r_pr, t])
    return run


@functools.cache
def _skeleton() -> _Skeleton:
    word = _a4_document()
    section = word.sections[0]
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


_BREAKS = re.compile(r"([\t\r\n])")
_BREAK_XML = {"\t": "<w:tab/>", "\r": "<w:br/>", "\n": "<w:br/>"}


def _t(text: str) -> str:
    # As python-docx's Run.add_t: keep leading/trailing spaces, which XML would collapse.
    space = ' xml:space="preserve"' if len(text.strip()) < len(text) else ""
    return f"<w:t{space}>{escape(text)}</w:t>"


@functools.lru_cache(maxsize=65536)
def _run(text: str, style_id: str = "") -> str:
    """A ``w:r`` holding ``text`` as python-docx's ``Run.text`` writes it (tab and line
    breaks as elements), in the character style ``style_id`` if given, or "" when nothing
    is left. Cached: table cells repeat a lot."""
    text = NOT_XML.sub("", text)
    if not text:
        return ""
    r = f'<w:r><w:rPr><w:rStyle w:val="{style_id}"/></w:rPr>' if style_id else "<w:r>"
    if "\t" not in text and "\r" not in text and "\n" not in text:
        return f"{r}{_t(text)}</w:r>"
    inner = "".join(
        _BREAK_XML[piece] if piece in _BREAK_XML else _t(piece)
        for piece in _BREAKS.split(text)
        if piece
    )
    return f"{r}{inner}</w:r>"


def _p_pr(style_id: str, align: str = "") -> str:
    jc = f'<w:jc w:val="{align}"/>' if align else ""
    return f'<w:pPr><w:pStyle w:val="{style_id}"/>{jc}</w:pPr>'


# Table cells in 10.5 pt: a half-width character is about 105 twips, a Chinese one 210; a
# cell's left and right margins take 216 (Table Grid's 0.08 inch each) and a little slack.
HALF_WIDTH_TWIPS = 105
CELL_PAD_TWIPS = 240
HEADING_UNITS = 8  # a heading may wrap onto a second line (年度计划 / (万元))
TEXT_UNITS = 28  # a longer text wraps within its column


def _units(text: str) -> int:
    """Width in half-width characters: a Chinese or full-width character counts two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def column_twips(table: Table, total: int) -> list[int]:
    """Each column's width in twips, summing to ``total``: a column of figures gets what its
    longest figure needs (114,757.51 must not wrap), columns of words share the rest in
    proportion to what they hold, and a table that fits is widened in proportion."""
    cols = len(table.headers)
    if not cols:
        return []
    need = []
    for i, head in enumerate(table.headers):
        body = max((_units(c.text if isinstance(c, Link) else c) for c in
                    (row[i] for row in table.rows)), default=0)
        units = max(body, min(_units(head), HEADING_UNITS), 2)
        if i not in table.numeric:
            units = min(units, TEXT_UNITS)
        need.append(units * HALF_WIDTH_TWIPS + CELL_PAD_TWIPS)
    fixed = [i for i in range(cols) if i in table.numeric]
    fixed_need = sum(need[i] for i in fixed)
    text_need = sum(need) - fixed_need
    if sum(need) <= total or not text_need or fixed_need >= total:
        widths = [n * total / sum(need) for n in need]
    else:
        share = (total - fixed_need) / text_need
        widths = [need[i] if i in fixed else need[i] * share for i in range(cols)]
    out = [int(w) for w in widths]
    out[out.index(max(out))] += total - sum(out)  # the rounding, to the widest column
    return out


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
            if isinstance(block, Paragraph) and block.kind == "subhead":
                head = _run(text_of(block.segments[:1]), sk.style["ZD Subhead"])
                add(f"<w:p>{pr['ZD Body']}{head}{_run(text_of(block.segments[1:]))}</w:p>")
                continue
            if isinstance(block, Paragraph):
                paragraph(text_of(block.segments), "ZD Note" if block.kind == "note" else "ZD Body")
                continue
            cols = len(block.headers)
            widths = column_twips(block, round(sk.width / 635))  # 635 EMU a twip
            tc = [f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{w}"/></w:tcPr><w:p>' for w in widths]
            add(
                f'<w:tbl><w:tblPr><w:tblStyle w:val="{sk.table_style}"/>'
                '<w:tblW w:type="auto" w:w="0"/><w:jc w:val="center"/>'
                '<w:tblLook w:firstColumn="1" w:firstRow="1" w:lastColumn="0" w:lastRow="0"'
                ' w:noHBand="0" w:noVBand="1" w:val="04A0"/></w:tblPr><w:tblGrid>'
                + "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
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
                    add(f"{tc[i]}{p_pr}{_run(text) or '<w:r/>'}</w:p></w:tc>")
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

    The fast writer with the python-docx and lxml it was verified against; otherwise
    python-docx's own object model, which gives the same bytes, only slower.
    """
    if use_fast_path("docx"):
        return fast_docx_bytes(doc, moment, author)
    return reference_docx_bytes(doc, moment, author)


def fast_docx_bytes(doc: Document, moment: dt.datetime, author: str) -> bytes:
    """``reference_docx_bytes``, 45 times faster.

    The styles, page setup and other parts come from a package python-docx makes once per
    process; the body is written here as text, since building ~100k paragraphs and cells
    through python-docx's object model was the slowest step of the whole build.
    """
    sk = _skeleton()
    body = sk.head + _body(doc, sk).encode() + sk.tail
    replace = {DOCUMENT_XML: body, CORE_XML: _core_xml(doc, moment, author)}
    return zip_entries([(name, replace.get(name, data)) for name, data in sk.parts], moment)


def reference_docx_bytes(doc: Document, moment: dt.datetime, author: str) -> bytes:
    """The document written through python-docx's object model: the stock path, and the
    reference the fast writer is tested against.

    Characters XML 1.0 cannot carry are dropped first (lxml refuses them), as the fast
    writer drops them. python-docx refuses document properties over 255 characters; the
    bulletin's title, issue, date line and author are far shorter (a region name has at
    most 200).
    """
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Twips

    def clean(text: str) -> str:
        return NOT_XML.sub("", text)

    word = _a4_document()
    style = _add_styles(word)
    props = word.core_properties  # set in this order: new elements go to the end
    props.title = clean(doc.title)
    props.subject = clean(doc.issue)
    props.author = clean(author)
    props.last_modified_by = clean(author)
    props.language = "zh-CN"
    props.created = moment
    props.modified = moment
    props.last_printed = moment
    props.revision = 1
    props.comments = clean(doc.dated)

    def paragraph(text: str, name: str, align: object = None) -> None:
        p = word.add_paragraph(clean(text))
        p._p.style = style[name]  # by id: python-docx's lookup by name scans every style
        if align is not None:
            p.alignment = align

    paragraph(doc.title, "ZD Title", WD_ALIGN_PARAGRAPH.CENTER)
    paragraph(doc.issue, "ZD Issue", WD_ALIGN_PARAGRAPH.CENTER)
    paragraph(doc.dated, "ZD Dated", WD_ALIGN_PARAGRAPH.RIGHT)
    for number, sec in doc.numbered():
        paragraph(number + sec.title, "ZD Heading")
        for block in sec.blocks:
            if isinstance(block, Paragraph) and block.kind == "subhead":
                p = word.add_paragraph()
                p._p.style = style["ZD Body"]
                head, rest = (clean(text_of(part)) for part in (block.segments[:1],
                                                                  block.segments[1:]))
                if head:
                    p.add_run(head)._r.style = style["ZD Subhead"]
                if rest:
                    p.add_run(rest)
                continue
            if isinstance(block, Paragraph):
                paragraph(text_of(block.segments), "ZD Note" if block.kind == "note" else "ZD Body")
                continue
            table = word.add_table(rows=1 + len(block.rows), cols=len(block.headers))
            table.style = "Table Grid"
            table.alignment = WD_TABLE_ALIGNMENT.CENTER
            text_width = word.sections[0].page_width - word.sections[0].left_margin - (
                word.sections[0].right_margin)
            widths = column_twips(block, round(text_width / 635))
            for column, w in zip(table.columns, widths, strict=True):
                column.width = Twips(w)
                for cell in column.cells:
                    cell.width = Twips(w)
            for r, (cells, row) in enumerate(
                zip(table.rows, [block.headers, *block.rows], strict=True)
            ):
                for i, (cell, value) in enumerate(zip(cells.cells, row, strict=True)):
                    p = cell.paragraphs[0]
                    p._p.style = style["ZD Table Head" if r == 0 else "ZD Table"]
                    p.add_run(clean(value.text if isinstance(value, Link) else value))
                    if i in block.numeric and r:
                        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    buffer = io.BytesIO()
    word.save(buffer)
    return stable_office_file(buffer.getvalue(), moment)
