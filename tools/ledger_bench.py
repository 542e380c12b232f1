"""Time the ledger import: ``python -m tools.ledger_bench --rows 300,3000``.

For each size, a ledger of that many new projects (ten sections with subtotals, a totals
row, a two-row header, text numbers) is written as .xlsx and imported into a copy of
``data/``: reading the ledger, the dry run (load data/, match, plan) and ``--write``,
each timed on its own, and ``check`` after the write. Each step gives its wall time and
its CPU time: on a shared, loaded machine the CPU time is the steadier measure.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

HEADER = ["序号", "项目名称", "项目级别", "建设性质", "建设起止年限", "总投资", "2025年计划投资",
          "1-10月完成投资", "累计完成投资", "形象进度", "存在问题", "所在乡镇", "业主单位", "责任单位",
          "政府投资项目"]
SUMMED = (5, 6, 7, 8)


def write_ledger(path: Path, n: int) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "项目表"
    sheet.append(["示例县2025年重点项目建设进展情况表"])
    sheet.append(["填报单位：示例县发展和改革局　截止日期：2025年10月31日　单位：万元"])
    sheet.append(HEADER)
    per = n // 10
    sections = []
    for s in range(10):
        rows = []
        for i in range(per):
            k = s * per + i + 1
            rows.append([k, f"示例县第{k}号重点建设项目", "县重点", "续建", "2024-2026",
                         f"{100000 + k:,}", 5000 + k, 1000 + k, 2000 + k, "主体施工",
                         "资金缺口待协调" if k % 3 == 0 else "—", "城关镇",
                         "示例县城市建设投资有限公司", "县水利局", "是"])
        sections.append((f"{'一二三四五六七八九十'[s]}、工业项目（{per}个）", rows))
    total = [f"合计（{per * 10}个）"] + [None] * (len(HEADER) - 1)
    for index in SUMMED:
        total[index] = sum(float(str(r[index]).replace(",", "")) for _, rows in sections
                           for r in rows)
    sheet.append(total)
    for label, rows in sections:
        line = [label] + [None] * (len(HEADER) - 1)
        for index in SUMMED:
            line[index] = sum(float(str(r[index]).replace(",", "")) for r in rows)
        sheet.append(line)
        for row in rows:
            sheet.append(row)
    sheet.append(["注：金额单位为万元。"])
    book.save(path)


def run(n: int, data: Path) -> dict[str, tuple[float, float]]:
    from generator.inputs.ledger import read_ledger
    from generator.inputs.ledger_columns import ColumnTable
    from generator.rules.check import check
    from generator.rules.ledger import apply_plan, plan_import

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "data"
        shutil.copytree(data, root)
        path = Path(tmp) / "ledger.xlsx"
        write_ledger(path, n)
        times: dict[str, tuple[float, float]] = {}

        def timed(step: str, work: Callable[[], T]) -> T:
            wall, cpu = time.perf_counter(), time.process_time()
            result = work()
            times[step] = (time.perf_counter() - wall, time.process_time() - cpu)
            return result

        ledger = timed("read", lambda: read_ledger(path.read_bytes(), ".xlsx", path.name,
                                                   ColumnTable()))
        assert not ledger.errors, ledger.errors[:3]
        plan = timed("plan (dry run)", lambda: plan_import(ledger, root))
        assert not plan.errors, plan.errors[:3]
        written = timed("write", lambda: apply_plan(plan))
        timed("check after", lambda: check(root))
        print(f"{n} rows ({len(written)} files written): " + ", ".join(
            f"{step} {wall:.2f} s wall / {cpu:.2f} s CPU" for step, (wall, cpu) in times.items()))
        return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", default="300,3000")
    parser.add_argument("--data", default="data")
    args = parser.parse_args()
    for n in (int(x) for x in args.rows.split(",")):
        run(n, Path(args.data))


if __name__ == "__main__":
    main()
