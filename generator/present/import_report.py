"""The report of a ledger import: what was read, what it would change, what was left out.

Printed by ``python -m generator import`` on a dry run and after ``--write`` alike, so the
officer reads the same report before and after. Problems themselves are findings, printed
by the command with their codes; this is the summary around them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from generator.inputs.ledger_columns import field_title
from generator.model.dates import PartialDate
from generator.rules.ledger import ImportPlan, ProjectChange

_TEXT_CUT = 24


def _value(value: Any) -> str:
    if value is None:
        return "(空)"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        return f"{value:.4f}".rstrip("0").rstrip(".")
    if isinstance(value, PartialDate):
        return value.iso()
    text = str(value)
    return text if len(text) <= _TEXT_CUT else text[: _TEXT_CUT - 1] + "…"


_PATH_TITLES = {
    "name": "项目名称", "level": "项目级别", "domain": "所属领域", "stage": "建设阶段",
    "township": "所在乡镇", "owner": "业主单位", "department": "责任单位", "leader": "分包领导",
    "government_invested": "政府投资项目", "total_investment": "总投资", "scale": "建设内容和规模",
    "progress": "形象进度", "annual_plan": "年度计划投资", "dates": "",
    "planned_start": "计划开工", "planned_completion": "计划竣工", "code": "项目编号",
}


def _path(path: tuple[str | int, ...]) -> str:
    parts = [_PATH_TITLES.get(str(p), str(p)) for p in path]
    if path[0] == "annual_plan":
        return f"{path[1]}年计划投资"
    return "".join(p for p in parts if p)


def _change_line(change: ProjectChange) -> str:
    where = f"{change.sheet} 第 {change.row} 行"
    if change.status == "new":
        line = f"  新增 {change.code} {change.name} ({where})"
        if change.placeholders:
            lacking = "、".join(_PATH_TITLES.get(k, k) for k in change.placeholders)
            line += f"; 待补充: {lacking}"
        return line
    diffs = "; ".join(f"{_path(p)} {_value(change.old.get(p))} → {_value(v)}"
                      for p, v in change.updates.items())
    return f"  更新 {change.code} {change.name} ({where}): {diffs}"


def report_lines(plan: ImportPlan, written: list[Path], write: bool) -> list[str]:
    ledger = plan.ledger
    lines = [f"台账: {ledger.file}"]
    if ledger.sheets_read:
        sheets = "、".join(ledger.sheets_read)
        lines.append(f"  读取的工作表: {sheets}")
    if ledger.sheets_skipped:
        lines.append(f"  未读取的工作表 (没有项目名称列): {'、'.join(ledger.sheets_skipped)}")
    if ledger.title:
        lines.append(f"  标题: {ledger.title}")
    date = ledger.report_date.chinese() if ledger.report_date else "(没有)"
    lines.append(f"  截止日期: {date} · 金额单位: {ledger.unit or '(表头未写, 见列名)'}")
    if ledger.headers:
        lines.append("  对应的列: " + "; ".join(f"{field_title(f)} ← {where}"
                                               for f, where in ledger.headers.items()))
    if ledger.unmapped:
        lines.append(f"  未对应的列 (未导入): {'、'.join(ledger.unmapped)}")
    if ledger.ignored:
        lines.append(f"  不导入的列: {'、'.join(ledger.ignored)}")
    lines.append(f"读取项目行 {len(ledger.rows)} 行")
    if plan.changes or plan.month:
        lines.append(
            f"项目: 新增 {plan.count('new')}, 更新 {plan.count('updated')}, "
            f"未变 {plan.count('unchanged')}, 跳过 {len(plan.skipped)} 行")
        lines += [_change_line(c) for c in plan.changes if c.status in {"new", "updated"}]
    if plan.month:
        lines.append(f"月度数据 progress/{plan.month}.csv: 写入 {len(plan.records)} 行, "
                     f"未变 {plan.records_unchanged} 行")
        new = sum("kind" in p for p in plan.problems)
        lines.append(f"问题清单 problems.csv: 新增 {new}, 更新 {len(plan.problems) - new}, "
                     f"未变 {plan.problems_unchanged}")
    if plan.report_date is not None:
        lines.append(f"报告日期 site.yaml report_date: {plan.report_date_before} → "
                     f"{plan.report_date}")
    if plan.skipped:
        lines.append("跳过的行:")
        lines += [f"  {sheet} 第 {row} 行: {why}" for sheet, row, why in plan.skipped]
    errors = len(plan.errors)
    warnings = len(plan.findings) - errors
    lines.append(f"问题: {errors} 个错误, {warnings} 个提示 (见上方, 每条注明工作表、行和列)")
    if plan.data_errors:
        lines.append(f"注意: data/ 本身已有 {plan.data_errors} 个错误 (make check 可见)")
    if errors:
        lines.append("有错误, 未写入任何文件 (no file written): 改正台账后重新导入")
    elif write:
        lines.append(f"已写入 {len(written)} 个文件 (files written):")
        lines += [f"  {path}" for path in written]
        lines.append("下一步: make check")
    else:
        lines.append("预览, 未写入 (dry run): 确认无误后加 --write 写入")
    return lines
