"""Which ledger column holds what: header texts, their synonyms, and what they mean.

Counties name the same column many ways (项目名称 or 名称; 业主单位, 建设单位 or 项目单位;
1-10月完成投资 or 本年完成投资). A header is compared after NFKC (full-width to half-width),
without spaces, line breaks, ``*`` marks and its unit in brackets; the unit is kept apart
(``总投资（亿元）`` is 总投资 in 亿元). A county adds its own spellings in ``site.yaml``
under ``ledger_columns`` (field: [header, ...]) without touching code.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

from generator.model.vocab import LEDGER_FIELDS

# The spellings met in county ledgers, by field (LEDGER_FIELDS names the fields).
SYNONYMS: dict[str, tuple[str, ...]] = {
    "code": ("项目编号", "项目代码", "项目编码", "编号"),
    "name": ("项目名称", "名称", "项目名"),
    "level": ("项目级别", "级别", "项目层级"),
    "domain": ("所属领域", "项目领域", "领域", "行业类别", "项目类别", "产业类别", "行业"),
    "stage": ("建设性质", "建设阶段", "项目阶段", "项目性质"),
    "township": ("所在乡镇", "建设地点", "乡镇", "所在地", "项目地点", "乡镇(街道)",
                 "所在乡镇(街道)", "所属乡镇"),
    "owner": ("业主单位", "建设单位", "项目单位", "项目业主", "实施单位"),
    "department": ("责任单位", "牵头单位", "责任部门", "县直责任单位", "牵头责任单位",
                   "县直牵头单位"),
    "leader": ("分包领导", "县级分包领导", "联系领导", "包抓领导", "分管领导", "县级领导",
               "分包县级领导"),
    "scale": ("建设内容及规模", "建设规模及内容", "建设内容和规模", "主要建设内容",
              "建设内容", "建设规模", "主要建设内容及规模"),
    "period": ("建设起止年限", "建设年限", "起止年限", "建设期限", "建设起止年份", "建设周期"),
    "total": ("总投资", "计划总投资", "项目总投资"),
    "annual_plan": ("年度计划投资", "本年计划投资", "年度计划", "年度投资计划", "计划投资"),
    "month": ("本月完成投资", "当月完成投资", "本月完成"),
    "ytd": ("本年完成投资", "年度完成投资", "今年完成投资", "本年累计完成投资",
            "年度累计完成投资", "本年完成"),
    "cumulative": ("累计完成投资", "截至目前累计完成", "截至目前累计完成投资",
                   "开工以来累计完成投资", "自开工累计完成投资", "累计完成"),
    "progress": ("形象进度", "工程进展", "项目进展", "进展情况", "项目进展情况",
                 "工程形象进度", "目前进展"),
    "problems": ("存在问题", "存在的问题及建议", "存在问题及建议", "存在的问题",
                 "需协调解决的问题", "问题及建议", "存在困难和问题"),
    "started": ("是否开工",),
    "government_invested": ("政府投资项目", "是否政府投资", "是否政府投资项目"),
    # Read and left out: the row number, rates the site computes itself, remarks.
    "ignored": ("序号", "占年度计划", "占年度计划比例", "完成率", "投资完成率", "年度投资完成率",
                "完成年度计划", "备注"),
}
# Headers that name a year or month: 2025年计划投资, 1-10月完成投资, 10月完成投资.
_PLAN_YEAR = re.compile(r"^(?P<year>\d{4})年度?(?:计划投资|投资计划|计划完成投资|计划)$")
_YTD = re.compile(r"^(?:(?P<year>\d{4})年)?1[-—–~～至到](?P<month>\d{1,2})月(?:份)?(?:累计)?完成(?:投资)?$")
_MONTH = re.compile(r"^(?:(?P<year>\d{4})年)?(?P<month>\d{1,2})月(?:份)?完成(?:投资)?$")
_UNIT = re.compile(r"[(（]\s*([^()（）]*?)\s*[)）]$")
# Words of a lower header cell that only say "the amount of the cell above".
GENERIC = frozenset({"金额", "投资", "投资额", "数额", "万元", "亿元", "小计"})


@dataclass(frozen=True)
class Header:
    """What a header cell says: the field, its unit if written, a year or month if named."""

    field: str | None  # a key of LEDGER_FIELDS, "ignored", or None when not known
    unit: str | None = None
    year: int | None = None
    month: int | None = None


def norm(text: str) -> str:
    """NFKC, no whitespace, no ``*`` marks: how header texts are compared."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).strip("*")


def split_unit(text: str) -> tuple[str, str | None]:
    """``总投资(亿元)`` → (``总投资``, ``亿元``); a bracket that is not a unit stays."""
    match = _UNIT.search(text)
    if match and ("元" in match[1] or match[1] in {"%", "万", "亿"}):
        return text[: match.start()], match[1]
    return text, None


class ColumnTable:
    """The synonym table, with a county's own spellings from ``site.yaml`` added."""

    def __init__(self, extra: Mapping[str, list[str]] | None = None) -> None:
        self.by_text: dict[str, str] = {}
        for name, spellings in SYNONYMS.items():
            for text in spellings:
                self.by_text.setdefault(norm(text), name)
        for name, spellings in (extra or {}).items():
            for text in spellings:
                self.by_text[norm(split_unit(norm(text))[0])] = name

    def header(self, text: str) -> Header:
        """The meaning of one header text (one cell, or an upper and lower cell joined)."""
        bare, unit = split_unit(norm(text))
        name = self.by_text.get(bare)
        if name is not None:
            return Header(name, unit)
        if match := _PLAN_YEAR.match(bare):
            return Header("annual_plan", unit, year=int(match["year"]))
        if match := _YTD.match(bare):
            year = int(match["year"]) if match["year"] else None
            return Header("ytd", unit, year=year, month=int(match["month"]))
        if match := _MONTH.match(bare):
            year = int(match["year"]) if match["year"] else None
            return Header("month", unit, year=year, month=int(match["month"]))
        return Header(None, unit)

    def two_rows(self, upper: str, lower: str) -> Header:
        """A column under a merged upper header: 1-10月完成投资 over 金额 or over 占年度计划(%)."""
        if not upper:
            return self.header(lower)
        if not lower:
            return self.header(upper)
        bare_lower, _ = split_unit(norm(lower))
        if bare_lower in GENERIC:
            found = self.header(upper)
            unit = split_unit(norm(lower))[1] or found.unit
            if norm(lower) in {"万元", "亿元"}:
                unit = norm(lower)
            return Header(found.field, unit, found.year, found.month)
        for text in (lower, upper + lower, lower + upper):
            found = self.header(text)
            if found.field is not None:
                return found
        return Header(None, split_unit(norm(lower))[1])


def field_title(name: str) -> str:
    return LEDGER_FIELDS.get(name, name)
