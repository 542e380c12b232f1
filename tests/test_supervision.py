"""挂牌督办: a case's life from 挂牌 to 销号 across months, as each month's bulletin tells it,
candidates kept apart from decided cases, and the pages and downloads that show them."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from openpyxl import load_workbook
from test_metrics import dataset, project

from generator.figures.bulletin import bulletin
from generator.figures.compute import compute
from generator.figures.lights import RED
from generator.figures.supervision import CLOSED, OPEN, OVERDUE, history, state_at
from generator.model.dataset import Dataset
from generator.model.models import SupervisionCase
from generator.pages import registry, supervision
from generator.pages.context import File, Page, RenderContext
from generator.present.bulletin_blocks import Link, Table, text_of
from generator.present.bulletin_doc import document
from generator.present.docx import docx_bytes
from generator.present.templates import environment
from generator.rules.visibility import public_view


def case(cid: str, code: str, listed: str, deadline: str, closed: str | None = None,
         reason: str = "投资完成率低于序时进度30个百分点以上") -> SupervisionCase:
    return SupervisionCase.model_validate({
        "id": cid, "project": code, "listed": listed, "listed_by": "县重大办", "reason": reason,
        "unit": "县发展改革局", "deadline": deadline, "closed": closed,
        "resolution": f"{cid}已整改到位" if closed else None,
    })  # fmt: skip


# C1: listed in May, past its deadline at the end of June, closed in July.
# C2: listed in July, due at the end of September, still open then.
# C3: listed and closed in August.
CASES = [
    case("C1", "P1", "2025-05-10", "2025-06-15", closed="2025-07-20"),
    case("C2", "P2", "2025-07-05", "2025-09"),
    case("C3", "P3", "2025-08-01", "2025-08-31", closed="2025-08-25"),
]


@pytest.fixture
def ds(tmp_path: Path) -> Dataset:
    # Four started projects with no record this year: all red, whatever the month.
    data = dataset(tmp_path, [project(f"P{i}") for i in range(1, 5)])
    data.cases = list(CASES)
    return data


def test_states_at_days() -> None:
    c1 = CASES[0]
    assert state_at(c1, dt.date(2025, 5, 9)) is None
    assert state_at(c1, dt.date(2025, 5, 10)) == OPEN
    assert state_at(c1, dt.date(2025, 6, 15)) == OPEN  # the deadline's own day
    assert state_at(c1, dt.date(2025, 6, 16)) == OVERDUE
    assert state_at(c1, dt.date(2025, 7, 20)) == CLOSED
    assert state_at(CASES[1], dt.date(2025, 9, 30)) == OPEN  # a month deadline: its last day


# (month, new, open, closed, overdue, candidates)
MONTHS = [
    ("2025-05", ["C1"], ["C1"], [], [], ["P2", "P3", "P4"]),
    ("2025-06", [], ["C1"], [], ["C1"], ["P2", "P3", "P4"]),
    ("2025-07", ["C2"], ["C2"], ["C1"], [], ["P1", "P3", "P4"]),
    ("2025-08", ["C3"], ["C2"], ["C3"], [], ["P1", "P3", "P4"]),
    ("2025-09", [], ["C2"], [], [], ["P1", "P3", "P4"]),
]


@pytest.mark.parametrize(("month", "new", "open_", "closed", "overdue", "candidates"), MONTHS)
def test_each_months_bulletin_lists_new_open_and_closed_cases(
        ds: Dataset, month: str, new: list[str], open_: list[str], closed: list[str],
        overdue: list[str], candidates: list[str]) -> None:
    b = bulletin(ds, month)
    assert b.cases is not None
    assert [c.case.id for c in b.cases.new] == new
    assert [c.case.id for c in b.cases.open] == open_
    assert [c.case.id for c in b.cases.closed] == closed
    assert [c.case.id for c in b.cases.overdue] == overdue
    # A red project is a candidate only while no case of it is open; once closed, it is
    # proposed again as long as it stays red.
    assert [e.code for e in b.cases.candidates] == candidates
    assert all(e.light == RED for e in b.cases.candidates)


def _section(doc, title: str):
    return next(s for s in doc.sections if s.title == title)


def _text(section) -> str:
    out = []
    for block in section.blocks:
        if isinstance(block, Table):
            out += [" | ".join(c.text if isinstance(c, Link) else c for c in row)
                    for row in block.rows]
        else:
            out.append(text_of(block.segments))
    return "\n".join(out)


def test_the_words_of_each_month(ds: Dataset) -> None:
    june = _text(_section(document(bulletin(ds, "2025-06"), True, "全县重点项目"), "挂牌督办情况"))
    assert june.startswith("6月新挂牌督办项目0个，销号0个；截至6月底，在督项目1个，"
                           "其中超过整改时限未销号1个。")
    assert "C1 | 项目P1 | 县发展改革局 | 2025年5月10日 | 超期未销号（超过整改时限15天） | 红灯" in june
    july = _text(_section(document(bulletin(ds, "2025-07"), True, "全县重点项目"), "挂牌督办情况"))
    assert "7月新挂牌督办项目1个，销号1个；截至7月底，在督项目1个" in july
    assert "C1 | 项目P1 | 2025年5月10日 | 2025年7月20日 | 71 | C1已整改到位" in july
    assert "督办中（距整改时限还有" in july
    lights = _text(_section(document(bulletin(ds, "2025-07"), True, "全县重点项目"),
                            "红黄灯预警情况"))
    assert "尚未挂牌督办的红灯项目3个，列为督办候选" in lights
    assert "（另有1个红灯项目已在督办中）" in lights


def test_the_word_file_says_the_same(ds: Dataset) -> None:
    doc = document(bulletin(ds, "2025-06"), True, "全县重点项目")
    data = docx_bytes(doc, dt.datetime(2025, 6, 30), "示例县")
    import docx

    body = "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)
    tables = "\n".join(c.text for t in docx.Document(io.BytesIO(data)).tables
                       for row in t.rows for c in row.cells)
    assert "其中超过整改时限未销号1个" in body
    assert "超期未销号（超过整改时限15天）" in tables


def test_history_counts_month_by_month(ds: Dataset) -> None:
    rows = [(m.month, m.new, m.closed, m.open, m.overdue)
            for m in history(ds, ["2025-04", "2025-05", "2025-06", "2025-07", "2025-08",
                                  "2025-09"])]
    assert rows == [("2025-04", 0, 0, 0, 0), ("2025-05", 1, 0, 1, 0), ("2025-06", 0, 0, 1, 1),
                    ("2025-07", 1, 1, 1, 0), ("2025-08", 1, 1, 1, 0), ("2025-09", 0, 0, 1, 0)]


def test_the_public_view_has_no_cases(ds: Dataset) -> None:
    assert public_view(ds).cases == []
    public = document(bulletin(public_view(ds), "2025-06"), False, "全县")
    assert not any(s.title in ("挂牌督办情况", "红黄灯预警情况", "要素保障情况")
                   for s in public.sections)


def _context(ds: Dataset) -> RenderContext:
    return RenderContext(ds=ds, audience="internal", env=environment(), full=ds,
                         types=registry.BY_NAME, compute=lambda: compute(ds))


def test_the_supervision_page_keeps_candidates_apart_and_flags_overdue(ds: Dataset) -> None:
    ds.config = ds.config.model_copy(update={"report_date": ds.config.report_date.parse(
        "2025-06-30")})
    outputs = list(supervision.supervision_view(_context(ds)))
    (page,) = [o for o in outputs if isinstance(o, Page)]
    text = page.text
    open_part = text[text.index("## 在督项目"):text.index("## 督办候选")]
    candidates = text[text.index("## 督办候选"):text.index("## 已销号")]
    assert 'id="case-C1"' in open_part and "超期未销号" in open_part
    assert "超过整改时限15天" in open_part
    assert "项目P1" not in candidates and "项目P2" in candidates  # apart from decided cases
    (xlsx,) = [o for o in outputs if isinstance(o, File)]
    assert xlsx.path == "supervision/supervision.xlsx"
    book = load_workbook(io.BytesIO(xlsx.data or b""))
    assert book.sheetnames == ["挂牌督办", "督办候选", "逐月情况", "说明"]
    (row,) = list(book["挂牌督办"].iter_rows(min_row=2, values_only=True))
    assert row[:4] == ("C1", "P1", "项目P1", "县发展改革局") and row[9] == "超期未销号"
    assert row[4] == "2025-05-10" and book["挂牌督办"].cell(2, 5).data_type == "s"


def test_the_lagging_page_links_an_open_case_and_names_candidates(ds: Dataset) -> None:
    outputs = list(supervision.lagging_view(_context(ds)))
    (page,) = [o for o in outputs if isinstance(o, Page)]
    assert "../supervision/index.html#case-C2" in page.text  # P2 is under C2 in September
    assert page.text.count("□ 督办候选") == 3  # P1 (closed case), P3, P4
    assert [o.path for o in outputs if isinstance(o, File)] == ["lagging/lagging.xlsx"]
