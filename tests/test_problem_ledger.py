"""问题清单 and 要素保障: the ledger's counts against the data, its download, and the
bulletin's section on 用地, 用能 and 资金."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections import Counter
from pathlib import Path

import pytest
from openpyxl import load_workbook
from test_metrics import dataset, project, rec

from generator.figures.bulletin import bulletin
from generator.figures.compute import compute
from generator.figures.problems import is_resolved, monthly_tallies, problem_counts, tallies
from generator.figures.tasks import resolve_units
from generator.model.dataset import Dataset
from generator.model.models import Problem
from generator.model.units import UnitRegister
from generator.pages import ledger, registry
from generator.pages.context import File, Page, RenderContext
from generator.present.bulletin_blocks import Link, Table, text_of
from generator.present.bulletin_doc import document
from generator.present.templates import environment
from generator.rules.check import check
from generator.rules.visibility import public_view

DATA = Path(__file__).resolve().parent.parent / "data"


@pytest.fixture(scope="module")
def sample() -> Dataset:
    ds, _ = check(DATA)
    assert ds is not None
    return ds


def _context(ds: Dataset) -> RenderContext:
    return RenderContext(ds=ds, audience="internal", env=environment(), full=ds,
                         types=registry.BY_NAME, compute=lambda: compute(ds))


def _render(ds: Dataset) -> tuple[str, bytes]:
    outputs = list(ledger.view(_context(ds)))
    (page,) = [o for o in outputs if isinstance(o, Page)]
    (xlsx,) = [o for o in outputs if isinstance(o, File)]
    assert xlsx.path == "ledger/problems.xlsx" and xlsx.data is not None
    return page.text, xlsx.data


def test_ledger_counts_agree_with_the_data(sample: Dataset) -> None:
    day = sample.config.report_date.end()
    received, resolved, open_ = problem_counts(sample.problems, day)
    text, data = _render(sample)
    rows = re.findall(r'<tr data-status="([^"]*)" data-kind="([^"]*)" data-unit="([^"]*)" '
                      r'data-level="([^"]*)">', text)
    assert len(rows) == received == len(sample.problems)  # every problem, once
    assert Counter(r[0] for r in rows)["已解决"] == resolved
    assert Counter(r[1] for r in rows) == Counter(p.kind for p in sample.problems)
    assert Counter(r[3] for r in rows) == Counter(p.level for p in sample.problems)
    assert f"累计受理问题诉求 {received} 条, 已协调解决 {resolved} 条" in text
    waiting = sum(p.status == "待协调" for p in sample.problems)
    assert f"待协调 {waiting} 条, 协调中 {open_ - waiting} 条" in text
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["问题清单", "按责任单位", "按问题类别", "按协调层级", "逐月受理解决",
                               "说明"]
    assert book["问题清单"].max_row == received + 1
    for sheet in ("按责任单位", "按问题类别", "按协调层级"):
        body = list(book[sheet].iter_rows(min_row=2, values_only=True))
        assert sum(r[1] for r in body) == received and sum(r[2] for r in body) == resolved
        assert all(r[1] == r[2] + r[3] + r[4] for r in body)  # 受理 = 已解决 + 待协调 + 协调中
    months = list(book["逐月受理解决"].iter_rows(min_row=2, values_only=True))
    assert months[-1][:5] == (sample.months[-1], *months[-1][1:3], received, resolved)
    before = months[0][3] - months[0][1]  # raised before the first month with data
    assert before + sum(m[1] for m in months) == received


def test_units_are_counted_by_the_register(sample: Dataset) -> None:
    """县发改委 and 县发展改革局 are one unit: one row, one filter value."""
    register = UnitRegister(list(sample.units))
    by_unit = tallies(sample.problems, sample.config.report_date.end(),
                      lambda p: resolve_units([p.unit], register)[0].name)
    assert len(by_unit) < len({p.unit for p in sample.problems})  # the sample spells some twice
    text, _ = _render(sample)
    for t in by_unit:
        assert f'data-unit="{t.group}"' in text
    assert len({t.group for t in by_unit}) == len(by_unit)


def test_ledger_is_sortable_and_filterable_without_a_server(sample: Dataset) -> None:
    text, _ = _render(sample)
    assert '<form class="zd-filter" data-zd-filter="zd-ledger" hidden>' in text  # shown by script
    assert '<table id="zd-ledger" data-zd-sort>' in text
    for column in ("status", "kind", "unit", "level"):
        assert f'<select data-column="{column}">' in text
    assert '<th scope="col" data-type="number" class="zd-num">已历时(天)</th>' in text
    assert 'href="problems.xlsx"' in text  # the download, linked from its page
    script = (Path(__file__).resolve().parent.parent / "site_templates" / "assets"
              / "zd-tables.js").read_text("utf-8")
    assert "http" not in script  # nothing loaded from anywhere


def test_ledger_text_cells_stay_text(tmp_path: Path) -> None:
    hostile = Problem.model_validate({
        "id": "W1", "project": "P1", "raised": "2025-09-01", "kind": "用能",
        "description": '=HYPERLINK("http://x","点击")', "unit": "县发展改革局", "level": "市",
        "status": "协调中"})  # fmt: skip
    ds = dataset(tmp_path, [project("P1")], problems=[hostile])
    text, data = _render(ds)
    assert "=HYPERLINK" not in text  # escaped on the page
    cell = load_workbook(io.BytesIO(data))["问题清单"]["E2"]
    assert cell.value.startswith("=HYPERLINK") and cell.data_type == "s" and cell.quotePrefix


def test_months_count_received_and_resolved_in_their_month(tmp_path: Path) -> None:
    problems = [
        Problem.model_validate({"id": i, "project": "P1", "raised": raised, "kind": "用地",
                                "description": "d", "unit": "u", "level": "县",
                                "status": "已解决" if resolved else "协调中",
                                "resolved": resolved})
        for i, raised, resolved in (("A", "2025-07-03", "2025-08-10"), ("B", "2025-08-20", None),
                                    ("C", "2025-08-21", "2025-08-30"))
    ]  # fmt: skip
    rows = [(m.month, m.received, m.resolved, m.received_total, m.resolved_total,
             m.resolution_rate) for m in monthly_tallies(problems, ["2025-07", "2025-08"])]
    assert rows == [("2025-07", 1, 0, 1, 0, 0.0), ("2025-08", 2, 2, 3, 2, 0.667)]
    assert not is_resolved(problems[0], dt.date(2025, 7, 31))


# ---------------------------------------------------------------- 要素保障 in the bulletin


def _element_dataset(tmp_path: Path) -> Dataset:
    def problem(pid: str, kind: str, raised: str, resolved: str | None = None) -> Problem:
        return Problem.model_validate({
            "id": pid, "project": "B1", "raised": raised, "kind": kind,
            "description": f"{kind}问题{pid}", "unit": "县自然资源局", "level": "县",
            "status": "已解决" if resolved else "待协调", "resolved": resolved})  # fmt: skip

    approvals = [
        {"kind": "用地预审与选址", "authority": "县自然资源局", "deadline": "2025-09-10",
         "status": "已办结", "done": "2025-09-05"},
        {"kind": "节能审查", "authority": "县发展改革局", "deadline": "2025-08-31",
         "status": "办理中"},
    ]  # fmt: skip
    bond = [{"source": "地方政府专项债券", "amount": 4000}, {"source": "企业自筹", "amount": 6000}]
    projects = [
        project("B1", funding=bond, total_investment=10000, approvals=approvals),
        project("B2", funding=[{"source": "地方政府专项债券", "amount": 1000}],
                total_investment=1000),
        project("F1", funding=[{"source": "企业自筹", "amount": 2000}], total_investment=2000),
    ]
    records = [
        rec("2025-08", "B1", 100, funds_arrived=3000, funds_disbursed=1000),
        rec("2025-09", "B1", 100, funds_arrived=1000, funds_disbursed=1200),
        rec("2025-09", "B2", 100, funds_arrived=1000, funds_disbursed=900),
        rec("2025-09", "F1", 100, funds_arrived=500),
    ]
    problems = [
        problem("L1", "用地", "2025-08-05", "2025-09-12"),
        problem("L2", "用地", "2025-09-03"),
        problem("M1", "资金", "2025-09-20"),
    ]
    return dataset(tmp_path, projects, records, problems=problems)


def _section_text(doc, title: str) -> list[str]:
    section = next(s for s in doc.sections if s.title == title)
    out = []
    for block in section.blocks:
        if isinstance(block, Table):
            out += [" | ".join(c.text if isinstance(c, Link) else c for c in row)
                    for row in block.rows]
        else:
            out.append(text_of(block.segments))
    return out


def test_the_bulletin_reports_land_energy_and_money(tmp_path: Path) -> None:
    ds = _element_dataset(tmp_path)
    lines = _section_text(document(bulletin(ds, "2025-09"), True, "全县重点项目"), "要素保障情况")
    assert lines[0] == ("（一）用地方面。9月新受理用地问题1条，协调解决1条；累计受理2条，已解决1条，"
                        "尚有1条待解决。用地预审与选址手续本月办结1项，超过办理时限未办结0项。")
    assert lines[1] == ("（二）用能方面。暂无用能方面的问题诉求。"
                        "节能审查手续本月办结0项，超过办理时限未办结1项。")
    # 到位: 5,500 of the funding plans' 13,000; 拨付: 3,100 of the 5,000 of 专项债券, of which
    # B1's 2,200 of 4,000 (55 %) is behind the 75 % of 序时 and B2's 900 of 1,000 is not.
    assert lines[2] == ("（三）资金方面。累计到位资金5,500万元，资金到位率42.3%；中央预算内投资和专项"
                        "债券资金累计拨付3,100万元，拨付率62.0%；其中安排专项债券的2个项目拨付"
                        "3,100万元，拨付率62.0%（序时进度75.0%）。9月新受理资金问题1条，协调解决0条；"
                        "累计受理1条，已解决0条，尚有1条待解决。")
    assert lines[3] == "以下1个专项债券项目资金拨付率低于序时进度75.0%，请责任单位加快拨付使用："
    assert lines[4] == "1 | 项目B1 | 县发展改革局 | 4,000 | 2,200 | 55.0%"
    assert lines[5] == "截至9月底，用地、用能、资金方面待解决的问题2条："
    assert lines[6] == "用地 | 项目B1 | 用地问题L2 | 县自然资源局 | 县 | 2025年9月3日 | 27"
    assert lines[7].startswith("资金 | 项目B1 | 资金问题M1")


def test_the_public_summary_has_no_element_section(tmp_path: Path) -> None:
    ds = _element_dataset(tmp_path)
    public = document(bulletin(public_view(ds), "2025-09"), False, "全县")
    assert "要素保障情况" not in [s.title for s in public.sections]
