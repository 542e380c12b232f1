"""County ledgers of our own making, with every trait counties' ledgers have.

``full_ledger`` matches the minimal data directory (``conftest.make_minimal_data``): one
row is its XC-001 by name, one its XC-002 by code, two are new projects. The sheet has a
title row, a report-date and unit row, a two-row header with merged cells (1-4月完成投资
over 金额 and 占年度计划(%)), a totals row and two sections with subtotals, numbers typed
as text with thousands separators, percentages written both ways, "—" and "/" for
nothing, four ways of writing 建设起止年限, footnotes, and a second sheet of instructions.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

HEADER = ["序号", "项目编号", "项目名称", "项目级别", "建设性质", "建设内容及规模", "建设起止年限",
          "总投资", "2025年计划投资", "1-4月完成投资", None, "累计完成投资", "形象进度", "存在问题",
          "建设地点", "业主单位", "责任单位", "县级分包领导", "是否政府投资"]
LOWER = [None] * 9 + ["金额", "占年度计划(%)"] + [None] * 8
TITLE = "示例县2025年重点项目建设进展情况表"
META = "填报单位：示例县发展和改革局　截止日期：2025年4月30日　单位：万元"

# Data rows, each a full row of cells; the sections' sums are computed from them.
ROW_XC001 = [1, None, "示例县城区供水管网改造工程", "县重点", "续建", "改造供水管网 35 公里。",
             "2024.5-2025.12", "12,000", "5000", "1,100", "22%", 6100, "主管网铺设完成七成", "—",
             "城关镇", "示例县水务投资有限公司", "示例县水利局", "张三", "是"]
ROW_NEW_WATER = [2, None, "示例县城乡供水二期工程", "县重点", "新开工", "新建水厂1座。",
                 "2025年3月—2027年12月", "8000", 3000, "400", 13.3, "400", "场地平整",
                 "用地指标尚未落实", "城关镇东关村", "示例县水务投资有限公司", "示例县水利局",
                 "张三", "是"]
ROW_XC002 = [3, "XC-002", "新镇农产品冷链物流中心", "市重点", "前期", None, "2025-2027", "30000",
             "6000", "—", "/", "/", "可研报告已批复", None, "新镇", "示例县农业发展有限公司",
             "示例县农业农村局", None, "否"]
ROW_NEW_FARM = [4, None, "新镇高标准农田建设项目", "县重点", "续建", "建设高标准农田1万亩。",
                "2023年-2025年", "2,500.5", "1000", "200", "20%", "200", "田间道路施工",
                None, "新镇", "示例县农业发展有限公司", "示例县农业农村局", "李四", "是"]
SECTIONS = [("一、水利项目（2个）", [ROW_XC001, ROW_NEW_WATER]),
            ("二、农业农村项目（2个）", [ROW_XC002, ROW_NEW_FARM])]
SUMMED = {7: "总投资", 8: "计划", 9: "本年", 11: "累计"}  # column index → what it sums
FOOTNOTES = ["注：1.本表金额单位为万元；2.项目按领域分类排列。", "填报人：王五　联系电话：0000-1234567"]


def _number(value: Any) -> float:
    try:
        return float(str(value).replace(",", ""))
    except ValueError:  # None, "—", "/" and cells a test made unreadable
        return 0.0


def _sums(rows: list[list[Any]]) -> dict[int, float]:
    return {i: sum(_number(r[i]) for r in rows) for i in SUMMED}


def ledger_rows(*, meta: str | None = META,
                sections: list[tuple[str, list[list[Any]]]] | None = None) -> list[list[Any]]:
    """The sheet as rows of cells, from the title to the footnotes."""
    sections = SECTIONS if sections is None else sections
    width = len(HEADER)
    rows: list[list[Any]] = [[TITLE] + [None] * (width - 1)]
    if meta is not None:
        rows.append([meta] + [None] * (width - 1))
    rows += [list(HEADER), list(LOWER)]
    everything = [r for _, section in sections for r in section]
    total = [f"合计（{len(everything)}个）"] + [None] * (width - 1)
    for i, value in _sums(everything).items():
        total[i] = value
    rows.append(total)
    for label, section in sections:
        row = [label] + [None] * (width - 1)
        for i, value in _sums(section).items():
            row[i] = value
        rows.append(row)
        rows += [list(r) for r in section]
    rows += [[note] + [None] * (width - 1) for note in FOOTNOTES]
    return rows


def write_xlsx(path: Path, rows: list[list[Any]] | None = None, *,
               merge_data: str | None = None, instructions: bool = True) -> Path:
    """The ledger as Excel keeps it: merged title, header, totals, sections and footnotes."""
    import openpyxl

    rows = ledger_rows() if rows is None else rows
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "项目表"
    for row in rows:
        sheet.append(row)
    last = openpyxl.utils.get_column_letter(len(HEADER))
    for number, row in enumerate(rows, start=1):
        first = row[0]
        if number <= 2 and isinstance(first, str) and first in {TITLE, META}:
            sheet.merge_cells(f"A{number}:{last}{number}")
        elif isinstance(first, str) and (first.startswith(("合计", "一、", "二、", "注", "填报人"))):
            sheet.merge_cells(f"A{number}:G{number}" if not first.startswith(("注", "填报人"))
                              else f"A{number}:{last}{number}")
        elif row[0] == "序号":
            for index, text in enumerate(HEADER):
                letter = openpyxl.utils.get_column_letter(index + 1)
                if text is not None and LOWER[index] is None:
                    sheet.merge_cells(f"{letter}{number}:{letter}{number + 1}")
            sheet.merge_cells(f"J{number}:K{number}")
    if merge_data:
        sheet.merge_cells(merge_data)
    if instructions:
        guide = book.create_sheet("填报说明")
        for line in ("填报说明", "1. 金额单位为万元。", "2. 每月5日前报送。"):
            guide.append([line])
    book.save(path)
    return path


def write_csv(path: Path, rows: list[list[Any]] | None = None, encoding: str = "gb18030") -> Path:
    """The ledger saved by Excel as CSV: no merged cells left, one line per row."""
    rows = ledger_rows() if rows is None else rows
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(
        [["" if v is None else v for v in row] for row in rows])
    path.write_bytes(out.getvalue().encode(encoding))
    return path


def big_ledger(n: int) -> list[list[Any]]:
    """A ledger of ``n`` new projects in ten sections, for timing the import."""
    sections = []
    per = max(1, n // 10)
    for s in range(10):
        rows = []
        for i in range(per):
            k = s * per + i + 1
            rows.append([k, None, f"示例县第{k}号重点建设项目", "县重点", "续建", f"建设内容{k}。",
                         "2024-2026", f"{1000 + k:,}", 500 + k, 100 + k, "20%", 200 + k,
                         "主体施工", "—" if k % 3 else "资金缺口待协调", "城关镇",
                         "示例县城市建设投资有限公司", "示例县水利局", "张三", "是"])
        sections.append((f"{'一二三四五六七八九十'[s]}、第{s + 1}类项目（{len(rows)}个）", rows))
    return ledger_rows(sections=sections)
