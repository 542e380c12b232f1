"""The 公开目录 as readers see it: the public project page lists items by the eight categories
with the day each reached the public site; the internal 信息公开情况 page flags items
published late or not at all, across National Day 2025 and its 调休 Saturday, and says so
when a deadline falls in a year the holiday calendar does not hold."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import make_minimal_data
from test_timeliness import APPROVALS, TENDERS, VARIATION, _commit, _git

from generator.history.log import read_history
from generator.inputs.load import load_dataset
from generator.model import vocab
from generator.model.workdays import known_years
from generator.site.render import render_site

PROJECT = "projects/XC-001/index.md"
DISCLOSURE = "disclosure/index.md"


def _pages(data: Path) -> tuple[dict[str, str], dict[str, str]]:
    ds, _ = load_dataset(data)
    assert ds is not None
    git = (data.parent / ".git").exists()
    return tuple(  # type: ignore[return-value]
        render_site(ds, audience, history=read_history(data, audience) if git else None).pages
        for audience in ("public", "internal"))


def _row(page: str, *needles: str) -> str:
    """The one table row of ``page`` that holds every needle."""
    rows = [r for r in re.findall(r"<tr>.*?</tr>", page, re.S) if all(n in r for n in needles)]
    assert len(rows) == 1, (needles, rows)
    return rows[0]


def _history(tmp_path: Path) -> Path:
    data = make_minimal_data(tmp_path)
    _git(tmp_path, "init", "-q", day="2025-09-01")
    _commit(data, "2025-09-01", approvals=APPROVALS[:1])
    # Awarded Friday 2025-09-26: 20 working days run past National Day (10/1–10/8) to 10/30.
    _commit(data, "2025-10-31", tenders=[dict(TENDERS[0], award_date="2025-09-26")])
    # Approved Thursday 10/9: the 调休 Saturday 10/11 is a working day, so the 20th is 11/5.
    _commit(data, "2025-11-06", variations=[dict(VARIATION, date="2025-10-09")])
    return data


def test_public_page_lists_the_catalogue_by_the_eight_categories(tmp_path: Path) -> None:
    public, internal = _pages(_history(tmp_path))
    page = public[PROJECT]
    assert "## 公开目录" in page
    headings = re.findall(r"^### \d\. (\S+)信息$", page, re.M)
    assert headings == list(vocab.DISCLOSURE_CATEGORIES)
    tender = _row(page, "施工总承包", "(定标日期)")  # the 形成日期 cell, not a card label
    assert "2025-10-31" in tender and "2025年9月26日" in tender
    assert "2025-09-01 (首版数据)" in _row(page, "立项/可研批复<br>")
    assert "立项/可研批复批复" not in page
    # The judgement is the intranet's: the public page gives dates, not verdicts.
    assert "超时公开" not in page and "及时性" not in page
    assert "超时公开" in internal[PROJECT]


def test_internal_page_flags_late_and_missing_items_across_holidays(tmp_path: Path) -> None:
    _, internal = _pages(_history(tmp_path))
    page = internal[DISCLOSURE]
    tender = _row(page, "招标投标", "施工总承包", "超时公开")
    assert "期限 2025-10-30, 超过 1 个工作日" in tender
    variation = _row(page, "重大设计变更", "超时公开")
    assert "期限 2025-11-05, 超过 1 个工作日" in variation
    # Started 2024-05-20 (续建) with no 施工单位 in any version: overdue, not published.
    builder = _row(page, "施工单位", "逾期未公开")
    assert "未公开" in builder
    # The minimal project has no 建设必要性和依据 either, due since its approval.
    assert "期限 2024-04-08" in _row(page, "建设必要性和依据", "逾期未公开")
    # Per unit: 判定 4 (two late, two overdue); the three first-version items apart.
    by_unit = page[page.index("### 按责任单位"):page.index("### 需要处理的事项")]
    cells = [re.sub(r"<[^>]+>", "", c)  # the unit's name may be a link, cells card-labelled
             for c in re.findall(r"<td[^>]*>(.*?)</td>", _row(by_unit, "示例县水利局"))]
    assert cells == ["示例县水利局", "1", "4", "0", "2", "2", "0", "0", "3", "0"], cells
    assert "无法判定的期限" not in page


def test_a_deadline_the_calendar_cannot_give_is_named_not_judged(tmp_path: Path) -> None:
    last = known_years()[1]
    data = make_minimal_data(tmp_path)
    _git(tmp_path, "init", "-q", day=f"{last}-11-01")
    _commit(data, f"{last}-11-01", approvals=APPROVALS[:1])
    _commit(data, f"{last + 1}-02-15",
            tenders=[dict(TENDERS[0], notice_date=f"{last}-11-20", date=f"{last}-12-15",
                          award_date=f"{last}-12-20")])
    _, internal = _pages(data)
    page = internal[DISCLOSURE]
    assert f"尚未收录 {last + 1}年的法定节假日和调休安排" in page
    assert f"未收录 {last + 1} 年节假日安排" in _row(page, "施工总承包", "无法判定")


def test_without_history_dates_are_not_guessed(tmp_path: Path) -> None:
    data = make_minimal_data(tmp_path)
    public, internal = _pages(data)
    assert "## 公开目录" in public[PROJECT]
    assert "本次生成没有数据的版本记录" in public[PROJECT]
    assert "不作及时性判断" in internal[DISCLOSURE]
    assert "超时公开" not in internal[DISCLOSURE]
