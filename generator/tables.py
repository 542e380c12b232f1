"""Read the CSV tables departments export from Excel.

Headers may be the English column names or their Chinese titles. Cells are read as text
(pandas, ``dtype=str``) and normalised only where the meaning is certain: full-width
digits, thousands separators, and an amount written with its unit (``1.2亿元`` is 12000
万元). Anything else is left for validation to reject with the row and column.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

import pandas as pd

_FULLWIDTH = str.maketrans(
    "０１２３４５６７８９．，－＋％　：／（）", "0123456789.,-+% :/()"
)
_AMOUNT = re.compile(r"^([-+]?\d+(?:\.\d+)?)\s*(亿元|亿|万元|万|元)?$")
_UNIT_FACTOR = {None: 1.0, "万元": 1.0, "万": 1.0, "亿元": 10000.0, "亿": 10000.0}

ENCODINGS = ("utf-8-sig", "gb18030")


class TableError(ValueError):
    def __init__(self, message: str, row: int | None = None) -> None:
        self.row = row
        self.message = message
        super().__init__(message)


@dataclass
class Table:
    """Rows as dicts of canonical column name to cleaned text, with spreadsheet row numbers."""

    rows: list[tuple[int, dict[str, str]]]
    encoding: str


def decode(raw: bytes) -> tuple[str, str]:
    """Decode UTF-8 (with or without BOM) or GB18030, the encodings Excel writes here.

    UTF-8 is tried first: GBK text is almost never valid UTF-8, so a file that decodes as
    UTF-8 is UTF-8. A file that is neither is refused rather than guessed.
    """
    for encoding in ENCODINGS:
        try:
            return raw.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise TableError("无法识别文件编码 (expected UTF-8 or GBK/GB18030)")


def read_table(raw: bytes, columns: dict[str, str]) -> Table:
    """Parse CSV bytes; ``columns`` maps each canonical name to its Chinese title."""
    text, encoding = decode(raw)
    if not text.strip():
        raise TableError("文件为空 (expected a header row and data rows)")
    by_title = {title: name for name, title in columns.items()}
    by_title.update({_bare(title): name for name, title in columns.items()})
    try:
        frame = pd.read_csv(
            io.StringIO(text), dtype=str, keep_default_na=False, skip_blank_lines=False
        )
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise TableError(f"CSV 格式错误: {exc}") from None
    header: list[str] = []
    for raw_name in frame.columns:
        name = str(raw_name).strip()
        if name.startswith("Unnamed:") or not name:
            header.append("")  # blank trailing column from Excel
            continue
        canonical = name if name in columns else by_title.get(name) or by_title.get(_bare(name))
        if canonical is None:
            known = "、".join(f"{n}/{t}" for n, t in columns.items())
            raise TableError(f"未知列名 {name!r} (expected one of {known})", row=1)
        if canonical in header:
            raise TableError(f"列 {name!r} 重复", row=1)
        header.append(canonical)
    rows: list[tuple[int, dict[str, str]]] = []
    for index, values in enumerate(frame.itertuples(index=False, name=None)):
        cells = {
            name: value.strip().translate(_FULLWIDTH) if name not in {"progress", "description"}
            else value.strip()
            for name, value in zip(header, values, strict=True)
            if name
        }
        extra = [v for n, v in zip(header, values, strict=True) if not n and v.strip()]
        row_number = index + 2  # the header is spreadsheet row 1
        if extra:
            raise TableError(f"无列名的列中有数据 {extra[0]!r}", row=row_number)
        if not any(cells.values()):
            continue  # blank trailing rows from Excel
        rows.append((row_number, {k: v for k, v in cells.items() if v != ""}))
    return Table(rows, encoding)


def _bare(title: str) -> str:
    """A header without its unit: 本月完成投资(万元) → 本月完成投资."""
    return re.sub(r"[(（][^)）]*[)）]$", "", title).strip()


def parse_amount(text: str) -> float | str:
    """An amount in 万元 from ``12,345.6``, ``1.2亿元`` or ``3000万``; else the text unchanged."""
    cleaned = text.replace(",", "").replace(" ", "")
    match = _AMOUNT.match(cleaned)
    if not match:
        return text
    if match[2] == "元":
        return text  # plain 元 is almost always a unit slip; let validation refuse it
    return round(float(match[1]) * _UNIT_FACTOR[match[2]], 4)
