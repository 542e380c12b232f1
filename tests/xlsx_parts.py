"""Workbooks written part by part, for the hostile shapes openpyxl would never save.

``workbook()`` zips the XML parts of an ``.xlsx``: each sheet's ``<sheetData>`` content (or
a whole sheet XML) and state, the shared strings and the cell formats, so a test can put a
cell at XFD1048576, hide the first sheet, or fill a part with a million empty elements.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from xml.sax.saxutils import escape

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
CT = "http://schemas.openxmlformats.org/package/2006/content-types"
SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"


@dataclass
class Sheet:
    name: str
    rows: str | bytes  # the content of <sheetData>, or a whole worksheet when it starts with <?xml
    state: str = "visible"
    dimension: str = ""
    merged: str = ""  # e.g. "A2:A3"


def cells(*rows: list[object], start: int = 1) -> str:
    """<row> elements for plain rows: numbers as numbers, text inline, None left out."""
    out = []
    for number, row in enumerate(rows, start=start):
        parts = []
        for index, value in enumerate(row):
            ref = f"{column(index)}{number}"
            if value is None:
                continue
            if isinstance(value, int | float):
                parts.append(f'<c r="{ref}"><v>{value}</v></c>')
            else:
                parts.append(f'<c r="{ref}" t="inlineStr"><is><t>{escape(str(value))}</t></is></c>')
        out.append(f'<row r="{number}">{"".join(parts)}</row>')
    return "".join(out)


def column(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _sheet_xml(sheet: Sheet) -> bytes:
    rows = sheet.rows.encode() if isinstance(sheet.rows, str) else sheet.rows
    if rows.startswith(b"<?xml"):
        return rows
    dimension = f'<dimension ref="{sheet.dimension}"/>' if sheet.dimension else ""
    merged = (f'<mergeCells count="1"><mergeCell ref="{sheet.merged}"/></mergeCells>'
              if sheet.merged else "")
    return (f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}">{dimension}'
            f"<sheetData>").encode() + rows + f"</sheetData>{merged}</worksheet>".encode()


def workbook(sheets: list[Sheet], *, shared: list[str] | bytes | None = None,
             formats: dict[int, str] | None = None, styles: bytes | None = None) -> bytes:
    """An .xlsx of ``sheets``; ``formats`` maps a style id (s="1") to its number format."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        overrides = "".join(
            f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="{SHEET_TYPE}"/>'
            for i in range(1, len(sheets) + 1)
        )
        if shared is not None:
            overrides += ('<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                          'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>')
        z.writestr("[Content_Types].xml", (
            f'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="{CT}">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-'
            f'officedocument.spreadsheetml.styles+xml"/>{overrides}</Types>'))
        z.writestr("_rels/.rels", (
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG}">'
            f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>"))
        entries = "".join(
            f'<sheet name="{escape(s.name)}" sheetId="{i}" state="{s.state}" r:id="rId{i}"/>'
            for i, s in enumerate(sheets, start=1)
        )
        z.writestr("xl/workbook.xml", (
            f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" xmlns:r="{REL}">'
            f"<sheets>{entries}</sheets></workbook>"))
        rels = "".join(
            f'<Relationship Id="rId{i}" Type="{REL}/worksheet" Target="worksheets/sheet{i}.xml"/>'
            for i in range(1, len(sheets) + 1)
        )
        rels += f'<Relationship Id="rIdS" Type="{REL}/styles" Target="styles.xml"/>'
        if shared is not None:
            rels += (f'<Relationship Id="rIdT" Type="{REL}/sharedStrings" '
                     'Target="sharedStrings.xml"/>')
        z.writestr("xl/_rels/workbook.xml.rels", (
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG}">{rels}'
            "</Relationships>"))
        z.writestr("xl/styles.xml", styles if styles is not None else _styles(formats or {}))
        if shared is not None:
            body = shared if isinstance(shared, bytes) else "".join(
                f"<si><t>{escape(s)}</t></si>" for s in shared).encode()
            z.writestr("xl/sharedStrings.xml", f'<?xml version="1.0" encoding="UTF-8"?><sst '
                       f'xmlns="{MAIN}">'.encode() + body + b"</sst>")
        for i, sheet in enumerate(sheets, start=1):
            z.writestr(f"xl/worksheets/sheet{i}.xml", _sheet_xml(sheet))
    return out.getvalue()


def _styles(formats: dict[int, str]) -> bytes:
    """Cell formats 0..max(formats): style id i shows numbers with formats[i] (General else)."""
    count = max(formats, default=0) + 1
    custom = {fmt: 164 + i for i, fmt in enumerate(dict.fromkeys(formats.values()))}
    num_fmts = "".join(f'<numFmt numFmtId="{i}" formatCode="{escape(f, {chr(34): "&quot;"})}"/>'
                       for f, i in custom.items())
    xfs = "".join(
        f'<xf numFmtId="{custom[formats[i]] if i in formats else 0}" fontId="0" fillId="0" '
        f'borderId="0" applyNumberFormat="1"/>'
        for i in range(count)
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="{MAIN}">'
        f'<numFmts count="{len(custom)}">{num_fmts}</numFmts>'
        '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
        '<fills count="1"><fill><patternFill patternType="none"/></fill></fills>'
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
        f'</cellStyleXfs><cellXfs count="{count}">{xfs}</cellXfs></styleSheet>'
    ).encode()
