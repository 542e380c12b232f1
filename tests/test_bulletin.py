"""Monthly bulletins (月度通报) and rankings: the figures are the metrics module's for the same
month, the sentences compare with 序时 correctly, each audience reads what it may, and the
Word file is the same bytes every time."""

from __future__ import annotations

import datetime as dt
import io
import math
import re
import zipfile
from itertools import count
from pathlib import Path
from typing import Any

import pytest

from generator.figures.approvals import overdue_approvals
from generator.figures.bulletin import Tables, bulletin, bulletin_months
from generator.figures.groups import group_summary, summarise
from generator.figures.lagging import lagging_projects, late_reporters
from generator.figures.problems import problem_counts
from generator.figures.rankings import competition_ranks, rankings
from generator.figures.table import project_table
from generator.model.dataset import Dataset, Record
from generator.model.dates import month_end
from generator.model.models import MonthlyRecord, Project, SiteConfig
from generator.pages.entities import slug
from generator.present import docx as docx_writer
from generator.present.bulletin_blocks import Document, Link, Paragraph, Section, Table, text_of
from generator.present.bulletin_doc import document, document_moment, headline
from generator.present.docx import docx_bytes, fast_docx_bytes, reference_docx_bytes
from generator.present.formatting import money, pct
from generator.present.words import (
    compare_to_schedule,
    period_label,
    progress_sentence,
    region_word,
)
from generator.rules.check import check
from generator.rules.visibility import public_view

DATA = Path(__file__).resolve().parent.parent / "data"
_rows = count(2)


@pytest.fixture(scope="module")
def sample() -> Dataset:
    ds, _ = check(DATA)
    assert ds is not None
    return ds


def _same(a: object, b: object) -> bool:
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    return a == b


# ---------------------------------------------------------------- figures = metrics


@pytest.mark.parametrize("which", [0, -2, -1])
def test_figures_equal_the_metrics_module(sample: Dataset, which: int) -> None:
    month = bulletin_months(sample)[which]
    b = bulletin(sample, month)
    day = month_end(month)
    table = project_table(sample, day)
    summary = summarise(table)
    assert b.overall.keys() == summary.keys()
    for key, value in summary.items():
        assert _same(b.overall[key], value), key
    for lines, by in ((b.by_domain, "domain"), (b.by_township, "township")):
        groups = group_summary(table, by).set_index("group")
        assert {g.group for g in lines} == set(groups[groups["projects"] > 0].index)
        for g in lines:
            row = groups.loc[g.group]
            assert g.completed_ytd == row["completed_ytd"]
            assert g.annual_plan == row["annual_plan"]
            assert _same(g.lag_pp if g.lag_pp is not None else math.nan, row["lag_pp"])
        assert [g.completed_ytd for g in lines] == sorted((g.completed_ytd for g in lines),
                                                          reverse=True)  # fmt: skip
    received, resolved, open_ = problem_counts(sample.problems, day)
    before = problem_counts(sample.problems, day.replace(day=1) - dt.timedelta(days=1))
    assert b.problems is not None
    assert (b.problems.received_total, b.problems.resolved_total, b.problems.open_total) == (
        received, resolved, open_)  # fmt: skip
    assert b.problems.received_month == received - before[0]
    assert b.problems.resolved_month == resolved - before[1]
    assert b.lagging == lagging_projects(sample, table)
    assert b.late == late_reporters(sample, table)
    big = table[table["total_investment"] >= sample.config.big_project_threshold]
    assert {p.code for p in b.big_projects} == set(big.index)
    lead = headline(b, "全县重点项目")
    assert money(summary["completed_ytd"]) in lead
    assert pct(summary["completion_rate"]) in lead


def test_every_month_with_data_has_a_bulletin(sample: Dataset) -> None:
    assert bulletin_months(sample) == sample.months  # the sample ends at its report month
    tables = Tables(sample)
    for month in bulletin_months(sample):
        b = bulletin(sample, month, tables)
        lead = headline(b, "全县重点项目")
        assert lead.startswith(period_label(b.day) + "，全县重点项目累计完成投资")


def test_approvals_are_judged_at_the_month_end(sample: Dataset) -> None:
    month = bulletin_months(sample)[-1]
    b = bulletin(sample, month)
    day = month_end(month)
    expected = sum(len(overdue_approvals(p, day)) for p in sample.projects.values())
    assert len(b.approvals_overdue) == expected  # at the report date both rules agree
    for line in b.approvals_done:
        assert line.approval.done is not None and line.approval.done.iso()[:7] == month


# ---------------------------------------------------------------- sentences


@pytest.mark.parametrize(
    ("completion", "schedule", "words"),
    [
        (0.857, 0.833, "高于序时进度2.4个百分点"),
        (0.800, 0.833, "低于序时进度3.3个百分点"),
        (0.833, 0.833, "与序时进度持平"),
        (0.5, 0.25, "高于序时进度25个百分点"),
        (0.1, 0.5, "低于序时进度40个百分点"),
        (0.8335, 0.833, "高于序时进度0.1个百分点"),  # 0.05 points rounds half-up to 0.1
        (0.8334, 0.833, "与序时进度持平"),  # 0.04 points is 0.0 as shown
    ],
)
def test_sentence_says_above_below_or_level(completion: float, schedule: float, words: str) -> None:
    text = progress_sentence("1—10月", "全县重点项目", 437600, 510000, completion, schedule)
    assert (
        text
        == f"1—10月，全县重点项目累计完成投资43.76亿元，占年度计划的{pct(completion)}，{words}。"
    )


def test_sentence_without_a_plan() -> None:
    text = progress_sentence("1月", "全县重点项目", 500, 0, None, 0.083)
    assert text == "1月，全县重点项目累计完成投资500万元（未安排年度计划投资）。"
    assert "序时" not in text


def test_compare_and_labels() -> None:
    assert compare_to_schedule(-0.04) == compare_to_schedule(0.0) == "与序时进度持平"
    assert compare_to_schedule(3.0) == "高于序时进度3个百分点"
    assert compare_to_schedule(-12.5) == "低于序时进度12.5个百分点"
    assert period_label(dt.date(2025, 10, 31)) == "1—10月"
    assert period_label(dt.date(2025, 1, 31)) == "1月"
    assert region_word("示例县") == "全县" and region_word("示例市") == "全市"


def _project(code: str, **fields: Any) -> Project:
    data: dict[str, Any] = {
        "code": code, "name": f"项目{code}", "level": "县重点", "domain": "工业",
        "stage": "续建", "township": "城关镇", "owner": "业主公司", "department": "县发展改革局",
        "leader": "李四", "government_invested": True, "total_investment": 100000,
        "annual_plan": {2025: 1200},
        "dates": {"planned_start": "2024-03", "actual_start": "2024-03-10"},
    }  # fmt: skip
    data.update(fields)
    return Project.model_validate(data)


def _rec(month: str, code: str, completed: float, **fields: Any) -> Record:
    data = MonthlyRecord.model_validate({"project": code, "completed": completed, **fields})
    return Record(month, f"data/progress/{month}.csv", next(_rows), data)


def _dataset(projects: list[Project], records: list[Record], report_date: str) -> Dataset:
    config = SiteConfig.model_validate({
        "region": "示例县", "title": "示例县重点项目", "report_date": report_date,
        "townships": [{"code": "CG", "name": "城关镇"}, {"code": "XZ", "name": "新镇"}],
    })  # fmt: skip
    months = sorted({r.month for r in records})
    return Dataset(root=Path("."), config=config, projects={p.code: p for p in projects},
                   project_files={}, records=records, months=months)  # fmt: skip


@pytest.mark.parametrize(
    ("monthly", "words"),
    [
        (150, "占年度计划的37.5%，高于序时进度12.5个百分点"),  # 450 / 1200 against 3/12
        (50, "占年度计划的12.5%，低于序时进度12.5个百分点"),  # 150 / 1200
        (100, "占年度计划的25.0%，与序时进度持平"),  # 300 / 1200 = 3/12
    ],
)
def test_constructed_bulletin_sentence(monthly: float, words: str) -> None:
    records = [_rec(f"2025-{m:02d}", "A-1", monthly) for m in (1, 2, 3)]
    ds = _dataset([_project("A-1")], records, "2025-03-31")
    b = bulletin(ds, "2025-03")
    assert headline(b, "全县重点项目") == (
        f"1—3月，全县重点项目累计完成投资{money(monthly * 3)}，{words}。")
    assert b.overall["completed_month"] == monthly


def test_starts_completions_and_problems_this_month() -> None:
    projects = [
        _project("A-1", dates={"planned_start": "2025-02", "actual_start": "2025-02-10"}),
        _project("A-2", dates={"planned_start": "2025-01"}),  # started by record in March
        _project("A-3", dates={"planned_start": "2024-01", "actual_start": "2024-02-01",
                                "actual_completion": "2025-03-20"}, stage="竣工"),
    ]  # fmt: skip
    records = [
        _rec("2025-02", "A-1", 10, started=True),
        _rec("2025-02", "A-2", 0, started=False),
        _rec("2025-03", "A-2", 5, started=True),
        _rec("2025-03", "A-1", 10),
    ]
    ds = _dataset(projects, records, "2025-03-31")
    feb, mar = bulletin(ds, "2025-02"), bulletin(ds, "2025-03")
    assert [e.code for e in feb.starts] == ["A-1"]
    assert [e.code for e in mar.starts] == ["A-2"]
    assert [e.code for e in mar.completions] == ["A-3"] and not feb.completions


# ---------------------------------------------------------------- audiences and the Word file


def _text(doc: Any) -> str:
    out = [doc.title]
    for section in doc.sections:
        out.append(section.title)
        for block in section.blocks:
            if isinstance(block, Table):
                out += block.headers
                out += [c.text if isinstance(c, Link) else c for row in block.rows for c in row]
            else:
                out.append(text_of(block.segments))
    return "\n".join(out)


def test_public_summary_has_no_internal_content(sample: Dataset) -> None:
    month = bulletin_months(sample)[-1]
    full = document(bulletin(sample, month), True, "全县重点项目")
    public_ds = public_view(sample)
    public = document(bulletin(public_ds, month), False, "全县纳入信息公开的重点项目")
    full_text, public_text = _text(full), _text(public)
    leaders = {p.leader for p in sample.projects.values() if p.leader}
    assert any(leader in full_text for leader in leaders)
    for leader in leaders:
        assert leader not in public_text
    for problem in sample.problems:
        assert problem.description not in public_text
    for title in ("挂牌督办", "问题协调", "未按时报送", "前期手续", "要素保障", "红黄灯", "督办候选"):
        assert title in full_text and title not in public_text
    withheld = set(sample.projects) - set(public_ds.projects)
    for code in withheld:
        assert sample.projects[code].name not in public_text


def test_docx_is_byte_identical_and_dated_from_the_data(sample: Dataset) -> None:
    month = bulletin_months(sample)[-1]
    moment = document_moment(month_end(month))
    first = docx_bytes(document(bulletin(sample, month), True, "全县重点项目"), moment, "示例县")
    second = docx_bytes(document(bulletin(sample, month), True, "全县重点项目"), moment, "示例县")
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert {info.date_time for info in archive.infolist()} == {moment.timetuple()[:6]}
        core = archive.read("docProps/core.xml").decode()
    assert "2025-10-31T00:00:00Z" in core
    import docx

    word = docx.Document(io.BytesIO(first))
    text = "\n".join(p.text for p in word.paragraphs)
    assert "示例县重点项目建设情况通报" in text
    assert headline(bulletin(sample, month), "全县重点项目") in text
    assert round(word.sections[0].page_width.cm, 1) == 21.0  # A4


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
HOSTILE = "<w:p>&\"'\x01</w:t>]]><script>alert(1)</script>\x0b\ufffe"


def _xml_chars(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot hold."""
    return "".join(c for c in text if c in "\t\r\n" or (c >= " " and c not in "\ufffe\uffff"))


def _read_back(text: str) -> str:
    """What a paragraph shows for ``text``: what XML can hold, each CR a line break."""
    return _xml_chars(text).replace("\r", "\n")


def _expected(doc: Document) -> list[object]:
    """The document model as a list of paragraph texts and tables (rows of cell texts)."""
    out: list[object] = [doc.title, doc.issue, doc.dated]
    for number, section in doc.numbered():
        out.append(number + section.title)
        for block in section.blocks:
            if isinstance(block, Table):
                rows = [block.headers, *block.rows]
                out.append([[text_of([cell]) for cell in row] for row in rows])
            else:
                out.append(text_of(block.segments))
    return out


def _word_blocks(data: bytes) -> tuple[list[object], Any]:
    """The .docx body as python-docx reads it, in the same shape as ``_expected``."""
    import docx
    from docx.table import Table as WordTable

    word = docx.Document(io.BytesIO(data))
    out: list[object] = []
    for item in word.iter_inner_content():
        if isinstance(item, WordTable):
            out.append([[cell.text for cell in row.cells] for row in item.rows])
        else:
            out.append(item.text)
    return out, word


def _check_styles_and_alignment(data: bytes, doc: Document) -> None:
    from xml.etree import ElementTree

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None
        body = ElementTree.fromstring(archive.read("word/document.xml"))
        styles = ElementTree.fromstring(archive.read("word/styles.xml"))
    defined = {s.get(f"{W}styleId") for s in styles.iter(f"{W}style")}
    used = {e.get(f"{W}val") for tag in ("pStyle", "tblStyle") for e in body.iter(f"{W}{tag}")}
    assert used and used <= defined
    assert {"ZDTitle", "ZDHeading", "ZDBody", "ZDTable", "ZDTableHead", "TableGrid"} <= used
    _, word = _word_blocks(data)
    assert word.paragraphs[0].style.name == "ZD Title"
    assert round(word.sections[0].page_width.cm, 1) == 21.0
    assert round(word.sections[0].page_height.cm, 1) == 29.7
    tables = [b for s in doc.sections for b in s.blocks if isinstance(b, Table)]
    assert len(word.tables) == len(tables)
    for table, model in zip(word.tables, tables, strict=True):
        head, *rows = table.rows
        assert {c.paragraphs[0].style.name for c in head.cells} == {"ZD Table Head"}
        for row in rows:
            for i, cell in enumerate(row.cells):
                p = cell.paragraphs[0]
                assert p.style.name == "ZD Table"
                assert (p.alignment is not None) == (i in model.numeric)
                assert p.alignment is None or p.alignment.name == "RIGHT"


@pytest.mark.parametrize("internal", [True, False])
def test_docx_holds_the_documents_text(sample: Dataset, internal: bool) -> None:
    month = bulletin_months(sample)[-1]
    view = sample if internal else public_view(sample)
    doc = document(bulletin(view, month), internal, "全县重点项目")
    data = docx_bytes(doc, document_moment(month_end(month)), "示例县")
    blocks, word = _word_blocks(data)
    assert blocks == _expected(doc)
    assert any(isinstance(b, list) for b in blocks)
    _check_styles_and_alignment(data, doc)
    props = word.core_properties
    assert (props.title, props.subject, props.comments) == (doc.title, doc.issue, doc.dated)
    assert props.author == props.last_modified_by == "示例县"
    assert props.created == props.modified == dt.datetime(2025, 10, 31, tzinfo=dt.UTC)


def _hostile_document() -> Document:
    name = HOSTILE
    spaced = f" \t{HOSTILE}\r\n  next line\n　"
    return Document(
        title=name,
        issue=spaced,
        dated="数据截至2025年1月31日",
        lead=name,
        sections=[
            Section(name, [
                Paragraph(["新开工项目：", Link(name, "x"), "、", Link("", "p")]),
                Paragraph([spaced], "item"),
                Table([name, "金额"], [[Link(name, "p"), " 1,000 "], ["", spaced]], numeric=(1,)),
                Paragraph([spaced], "note"),
                Paragraph([Link("", "p")]),
            ]),
        ],
        internal=True,
    )  # fmt: skip


def test_docx_keeps_hostile_values_as_text() -> None:
    name = HOSTILE
    spaced = f" \t{HOSTILE}\r\n  next line\n　"
    doc = _hostile_document()
    moment = dt.datetime(2025, 1, 31)
    data = docx_bytes(doc, moment, name)
    assert data == docx_bytes(doc, moment, name)
    blocks, word = _word_blocks(data)
    expected = _expected(doc)
    assert blocks == [
        [[_read_back(c) for c in row] for row in b] if isinstance(b, list) else _read_back(b)
        for b in expected
    ]
    assert blocks[0] == "<w:p>&\"'</w:t>]]><script>alert(1)</script>"
    _check_styles_and_alignment(data, doc)
    props = word.core_properties
    assert props.title == props.author == _read_back(name)
    assert props.subject == _xml_chars(spaced)  # CR kept (as &#13;) in a property


@pytest.mark.parametrize("internal", [True, False])
def test_fast_docx_is_the_python_docx_reference(sample: Dataset, internal: bool) -> None:
    """Every bulletin of the sample, for each audience as the pages write it: the fast
    writer gives python-docx's bytes."""
    view = sample if internal else public_view(sample)
    word = region_word(view.config.region)
    subject = f"{word}重点项目" if internal else f"{word}纳入信息公开的重点项目"
    author = view.config.region + ("重点项目调度平台" if internal else "重点项目信息公开")
    tables = Tables(view)
    months = bulletin_months(view)
    assert len(months) >= 12
    for month in months:
        b = bulletin(view, month, tables)
        doc = document(b, internal, subject)
        moment = document_moment(b.day)
        fast = fast_docx_bytes(doc, moment, author)
        assert fast == reference_docx_bytes(doc, moment, author), month


def test_fast_docx_is_the_reference_for_hostile_text() -> None:
    doc, moment = _hostile_document(), dt.datetime(2025, 1, 31)
    assert fast_docx_bytes(doc, moment, HOSTILE) == reference_docx_bytes(doc, moment, HOSTILE)


def test_unverified_python_docx_writes_through_python_docx(
    sample: Dataset, fake_versions: dict[str, str | None], monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    month = bulletin_months(sample)[-1]
    doc = document(bulletin(sample, month), True, "全县重点项目")
    moment = document_moment(month_end(month))
    fast = fast_docx_bytes(doc, moment, "示例县")
    fake_versions["python-docx"] = "1.3.0"
    monkeypatch.setattr(docx_writer, "fast_docx_bytes", _never)
    assert docx_bytes(doc, moment, "示例县") == fast
    assert docx_bytes(doc, moment, "示例县") == fast
    assert capsys.readouterr().err == (
        "提示: 已安装 python-docx 1.3.0, Word 通报写入的快速路径按 python-docx 1.2.0 验证; "
        "本次使用标准路径 (Word bulletin writer: fast path verified against python-docx "
        "1.2.0; using the stock path)\n")


def _never(*args: object) -> bytes:
    raise AssertionError("the fast path was taken")


# ---------------------------------------------------------------- rankings


def test_rank_changes_since_last_month(sample: Dataset) -> None:
    day = month_end(bulletin_months(sample)[-1])
    before = day.replace(day=1) - dt.timedelta(days=1)
    table, previous = project_table(sample, day), project_table(sample, before)
    for by in ("township", "department"):
        rows = rankings(table, previous, by)
        now = group_summary(table, by).set_index("group")
        then = group_summary(previous, by).set_index("group")
        then = then[then["projects"] > 0]
        lag_before = dict(zip(then.index, competition_ranks(
            [None if math.isnan(v) else v for v in then["lag_pp"]]), strict=True))  # fmt: skip
        for row in rows:
            assert _same(row.lag.value if row.lag.value is not None else math.nan,
                         now.loc[row.group, "lag_pp"])  # fmt: skip
            was = lag_before.get(row.group)
            if row.lag.rank is not None and was is not None:
                assert row.lag.change == was - row.lag.rank
        ranked = [r.lag.rank for r in rows if r.lag.rank is not None]
        assert ranked == sorted(ranked) and ranked[0] == 1


def test_competition_ranks_and_slugs() -> None:
    assert competition_ranks([5.0, 3.0, 3.0, 1.0, None]) == [1, 2, 2, 4, None]
    assert competition_ranks([None, 2.0, 9.0]) == [None, 2, 1]
    assert slug("周国庆") == slug("周国庆") != slug("周国强")
    assert len(slug("周国庆")) == 10 and slug("周国庆").isascii()


def test_docx_headings_stay_with_what_follows() -> None:
    """A printed bulletin never leaves a heading (四、…) or a table's header row alone at the
    foot of a page: their styles keep them with the next paragraph."""
    import docx as python_docx

    doc = _hostile_document()
    data = docx_bytes(doc, dt.datetime(2025, 1, 31, tzinfo=dt.UTC), "示例县")
    styles = python_docx.Document(io.BytesIO(data)).styles
    assert styles["ZD Heading"].paragraph_format.keep_with_next is True
    assert styles["ZD Table Head"].paragraph_format.keep_with_next is True
    assert not styles["ZD Body"].paragraph_format.keep_with_next


def test_docx_pages_are_numbered_on_the_outer_side() -> None:
    """GB/T 9704: "— 1 —" in 4号 宋体, right on odd pages and left on even ones."""
    import docx as python_docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    data = docx_bytes(_hostile_document(), dt.datetime(2025, 1, 31, tzinfo=dt.UTC), "示例县")
    word = python_docx.Document(io.BytesIO(data))
    assert word.settings.odd_and_even_pages_header_footer
    section = word.sections[0]
    for footer, align in ((section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
                          (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)):
        (paragraph,) = footer.paragraphs
        assert paragraph.alignment == align
        xml = paragraph._p.xml
        assert 'w:instr="PAGE"' in xml and "— " in xml and " —" in xml
        assert 'w:sz w:val="28"' in xml and 'w:eastAsia="宋体"' in xml


def test_docx_columns_fit_their_figures() -> None:
    """A column of figures is as wide as its longest figure needs (114,757.51 on one line, as
    the printed bulletin showed it wrapped), words share the rest, and the widths fill the
    text block: in the file both python-docx and the fast writer give the same widths."""
    import docx as python_docx

    from generator.present.bulletin_blocks import Document as BulletinDocument
    from generator.present.bulletin_blocks import Section, Table
    from generator.present.docx import CELL_PAD_TWIPS, HALF_WIDTH_TWIPS, column_twips

    figures = ["114,757.51", "+10.8个百分点"]
    table = Table(["名次", "领域", "累计完成(万元)", "较序时"],
                  [["1", "现代服务业和其他需要较长说明的领域" * 3, *figures],
                   ["2", "交通", "9.5", "-0.7个百分点"]], numeric=(0, 2, 3))
    widths = column_twips(table, 8787)
    assert sum(widths) == 8787
    assert widths[2] >= len(figures[0]) * HALF_WIDTH_TWIPS + CELL_PAD_TWIPS
    assert widths[3] >= (5 + 2 * 5) * HALF_WIDTH_TWIPS + CELL_PAD_TWIPS  # +10.8 and 个百分点
    assert widths[1] == max(widths)  # the words take what is left
    doc = BulletinDocument("通报", "（第1期）", "数据截至", "", [Section("一", [table])], False)
    data = docx_bytes(doc, dt.datetime(2025, 1, 31, tzinfo=dt.UTC), "示例县")
    word = python_docx.Document(io.BytesIO(data))
    section = word.sections[0]
    text_width = (section.page_width - section.left_margin - section.right_margin) / 635
    (written,) = word.tables
    assert [c.width.twips for c in written.columns] == column_twips(table, round(text_width))


def _docx_xml(data: bytes) -> tuple[Any, Any]:
    """word/document.xml and word/styles.xml of a .docx, parsed."""
    from xml.etree import ElementTree

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return (ElementTree.fromstring(archive.read("word/document.xml")),
                ElementTree.fromstring(archive.read("word/styles.xml")))


def _style(styles: Any, style_id: str) -> Any:
    (style,) = [s for s in styles.iter(f"{W}style") if s.get(f"{W}styleId") == style_id]
    return style


def test_docx_page_holds_22_lines_of_28_characters() -> None:
    """GB/T 9704: 22 lines of 28 characters in the 156 × 225 mm text block. The section's
    document grid says so (Word's page setup shows 28 × 22), and 3号 text, which opts out
    of the grid, is condensed so that 28 characters fit a line in any reader."""
    body, styles = _docx_xml(docx_bytes(_hostile_document(), dt.datetime(2025, 1, 31), "示例县"))
    (sect,) = body.iter(f"{W}sectPr")
    size, margin = sect.find(f"{W}pgSz"), sect.find(f"{W}pgMar")
    width = int(size.get(f"{W}w")) - int(margin.get(f"{W}left")) - int(margin.get(f"{W}right"))
    height = int(size.get(f"{W}h")) - int(margin.get(f"{W}top")) - int(margin.get(f"{W}bottom"))
    assert (round(width / 56.7), round(height / 56.7)) == (156, 225)  # mm: 56.7 twips a mm
    grid = sect.find(f"{W}docGrid")
    assert grid.get(f"{W}type") == "linesAndChars"
    line = int(grid.get(f"{W}linePitch"))
    assert 22 * line <= height < 23 * line
    # the character pitch is the Normal style's size plus charSpace (in 1/4096 pt), in twips
    normal = int(_style(styles, "Normal").find(f"{W}rPr/{W}sz").get(f"{W}val")) * 10
    assert normal == 320  # 3号, 16 pt
    pitch = normal + int(grid.get(f"{W}charSpace")) * 20 / 4096
    assert 28 * pitch <= width < 29 * pitch
    for style_id in ("ZDBody", "ZDHeading", "ZDIssue"):
        style = _style(styles, style_id)
        assert style.find(f"{W}pPr/{W}snapToGrid").get(f"{W}val") == "0"
        size_twips = int(style.find(f"{W}rPr/{W}sz").get(f"{W}val")) * 10
        condensed = size_twips + int(style.find(f"{W}rPr/{W}spacing").get(f"{W}val"))
        assert size_twips == normal and 28 * condensed <= width < 29 * condensed
    for style_id in ("ZDTitle", "ZDDated", "ZDNote", "ZDTable", "ZDTableHead"):
        style = _style(styles, style_id)
        assert style.find(f"{W}pPr/{W}snapToGrid").get(f"{W}val") == "0"
        assert style.find(f"{W}rPr/{W}spacing") is None  # only 3号 text is condensed


def _subhead_runs(data: bytes) -> list[tuple[str, list[tuple[str, str | None]]]]:
    """Each body paragraph starting with （一）, （二）…: its style and (text, East Asian
    font of its character style) for each run."""
    body, styles = _docx_xml(data)
    out = []
    for p in body.iter(f"{W}p"):
        runs = []
        for r in p.findall(f"{W}r"):
            rstyle = r.find(f"{W}rPr/{W}rStyle")
            font = None
            if rstyle is not None:
                fonts = _style(styles, rstyle.get(f"{W}val")).find(f"{W}rPr/{W}rFonts")
                font = fonts.get(f"{W}eastAsia")
            runs.append(("".join(t.text or "" for t in r.iter(f"{W}t")), font))
        if runs and re.match("（[一二三四五六七八九十]+）", runs[0][0]):
            out.append((p.find(f"{W}pPr/{W}pStyle").get(f"{W}val"), runs))
    return out


def test_docx_sets_second_level_headings_in_kaiti(sample: Dataset) -> None:
    """（一）用地方面。… : the run-in heading is in 楷体_GB2312 (GB/T 9704's second level), the
    rest of the paragraph in the body's 仿宋."""
    month = bulletin_months(sample)[-1]
    doc = document(bulletin(sample, month), True, "全县重点项目")
    found = _subhead_runs(docx_bytes(doc, document_moment(month_end(month)), "示例县"))
    assert [runs[0][0] for _, runs in found] == ["（一）用地方面。", "（二）用能方面。",
                                                "（三）资金方面。"]
    for style_id, runs in found:
        assert style_id == "ZDBody"
        (_, head_font), (rest, rest_font) = runs
        assert head_font == "楷体_GB2312" and rest and rest_font is None


def test_docx_subheadings_from_the_model() -> None:
    """Section.subhead numbers its headings （一）（二）…; an empty heading or body writes no
    run, the same in the fast writer and through python-docx."""
    section = Section("要素保障情况")
    section.subhead(1, "用地方面。", "本月无新增问题。")
    section.subhead(2, HOSTILE, HOSTILE)
    section.subhead(3, "资金方面。")
    doc = Document("通报", "（第1期）", "数据截至", "", [section], True)
    moment = dt.datetime(2025, 1, 31)
    data = docx_bytes(doc, moment, "示例县")
    assert fast_docx_bytes(doc, moment, "示例县") == reference_docx_bytes(doc, moment, "示例县")
    found = [runs for _, runs in _subhead_runs(data)]
    assert found == [
        [("（一）用地方面。", "楷体_GB2312"), ("本月无新增问题。", None)],
        [("（二）" + _xml_chars(HOSTILE), "楷体_GB2312"), (_xml_chars(HOSTILE), None)],
        [("（三）资金方面。", "楷体_GB2312")],
    ]
