"""Action plans as checklists: task states at report-date edges, and the pages built on them.

Counts on the overview are checked against figures computed here straight from the YAML
files, so a mistake in ``generator.tasks`` cannot hide behind itself.
"""

from __future__ import annotations

import calendar
import dataclasses
import re
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.figures.tasks import (
    DONE,
    IN_PROGRESS,
    NOT_STARTED,
    OVERDUE,
    assess,
    assess_plans,
    by_unit,
    count,
    cycle_of,
    is_overdue,
    state_of,
    task_anchor,
)
from generator.inputs.load import load_dataset
from generator.model.dataset import Dataset
from generator.model.models import Plan, Task, Unit
from generator.model.units import UnitRegister
from generator.pages.plans import source_markup
from generator.rules.check import check
from generator.site.render import SiteContent, render_site

DATA = Path(__file__).resolve().parents[1] / "data"


# --- helpers -----------------------------------------------------------------------------


def task(**fields: Any) -> Task:
    data: dict[str, Any] = {"number": "一(一)1", "text": "测试任务。", "lead": ["县发改局"]}
    data.update(fields)
    return Task.model_validate(data)


PLAN = Plan.model_validate(
    {
        "id": "test-plan",
        "title": "测试方案",
        "issuer": "示例县人民政府办公室",
        "date": "2025-01-01",
        "sections": [
            {
                "number": "一",
                "title": "任务",
                "tasks": [
                    {"number": "1", "text": "x", "lead": ["县发改局"], "deadline": "2025-12-31"}
                ],
            }
        ],
    }
)
REGISTER = UnitRegister(
    [
        Unit(code="fgj", name="县发展改革局", aliases=["县发改局", "县发改委"]),
        Unit(code="czj", name="县财政局"),
    ]
)


def state(t: Task, report: date, register: UnitRegister = REGISTER) -> Any:
    return assess(t, report, register, plan=PLAN, section=PLAN.sections[0])


def as_date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def deadline_end(value: Any) -> date:
    """Independent reading of a deadline: YYYY-MM means the last day of that month."""
    if isinstance(value, date):
        return value
    text = str(value)
    if re.fullmatch(r"\d{4}-\d{2}", text):
        year, month = int(text[:4]), int(text[5:])
        return date(year, month, calendar.monthrange(year, month)[1])
    return date.fromisoformat(text)


# --- overdue at the edges ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("deadline", "report", "overdue"),
    [
        ("2025-10-31", date(2025, 10, 31), False),  # due on the report date: not yet overdue
        ("2025-10-30", date(2025, 10, 31), True),
        ("2025-10", date(2025, 10, 31), False),  # a month means its last day
        ("2025-10", date(2025, 11, 1), True),
        ("2025-02", date(2025, 2, 28), False),
        ("2024-02", date(2024, 2, 29), False),  # leap year
        ("2024-02", date(2024, 3, 1), True),
    ],
)
def test_overdue_edges(deadline: str, report: date, overdue: bool) -> None:
    t = task(deadline=deadline, status="推进中")
    assert is_overdue(t, report) is overdue
    assert state_of(t, report) == (OVERDUE if overdue else IN_PROGRESS)


def test_done_is_never_overdue_and_overdue_beats_not_started() -> None:
    report = date(2025, 11, 1)
    assert state_of(task(deadline="2025-06", status="已完成", done="2025-07-03"), report) == DONE
    assert state_of(task(deadline="2025-06", status="未开始"), report) == OVERDUE
    assert state_of(task(deadline="2025-12", status="未开始"), report) == NOT_STARTED
    assert state_of(task(rhythm="每月", status="推进中"), report) == IN_PROGRESS  # no deadline


def test_days_overdue_and_days_left() -> None:
    s = state(task(deadline="2025-10", status="推进中"), date(2025, 11, 3))
    assert s.days_overdue == 3 and s.days_left is None
    s = state(task(deadline="2025-11-30", status="推进中"), date(2025, 10, 31))
    assert s.days_overdue is None and s.days_left == 30 and s.due_soon


def test_counts_add_up() -> None:
    report = date(2025, 10, 31)
    tasks = [
        task(deadline="2025-09", status="推进中"),  # overdue
        task(deadline="2025-09", status="未开始"),  # overdue
        task(deadline="2025-09", status="已完成", done="2025-09-01"),  # done
        task(deadline="2025-12", status="推进中"),  # in progress
        task(deadline="2025-12", status="未开始"),  # not started
        task(rhythm="每周", status="推进中"),  # in progress
    ]
    c = count(state(t, report) for t in tasks)
    assert (c.done, c.in_progress, c.overdue, c.not_started) == (1, 2, 2, 1)
    assert c.total == len(tasks)


# --- recurring cycles --------------------------------------------------------------------


def notes(*dates: str) -> list[dict[str, str]]:
    return [{"date": d, "text": "进展"} for d in dates]


def test_weekly_cycle_across_a_week_boundary() -> None:
    t = task(rhythm="每周", status="推进中", notes=notes("2025-11-02"))  # a Sunday
    sunday = state(t, date(2025, 11, 2))
    monday = state(t, date(2025, 11, 3))
    assert sunday.cycle.start == date(2025, 10, 27) and sunday.cycle.end == date(2025, 11, 2)
    assert sunday.cycle_done is True
    assert monday.cycle.start == date(2025, 11, 3)
    assert monday.cycle_done is False and monday.cycle_missing
    assert monday.last_done is not None and monday.last_done.start() == date(2025, 11, 2)


def test_weekly_cycle_across_a_year_boundary() -> None:
    cycle = cycle_of("每周", date(2026, 1, 1))  # ISO week 1 of 2026 starts on 29 Dec 2025
    assert (cycle.start, cycle.end) == (date(2025, 12, 29), date(2026, 1, 4))
    t = task(rhythm="每周", status="推进中", notes=notes("2025-12-29"))
    assert state(t, date(2026, 1, 1)).cycle_done is True


def test_quarterly_cycle_at_quarter_start() -> None:
    report = date(2025, 10, 1)
    assert cycle_of("每季度", report).start == date(2025, 10, 1)
    assert cycle_of("每季度", report).end == date(2025, 12, 31)
    before = state(task(rhythm="每季度", status="推进中", notes=notes("2025-09-30")), report)
    on_start = state(task(rhythm="每季度", status="推进中", notes=notes("2025-10-01")), report)
    assert before.cycle_done is False
    assert on_start.cycle_done is True  # a note dated exactly on the cycle start counts


@pytest.mark.parametrize(
    ("rhythm", "report", "start", "end"),
    [
        ("每月", date(2025, 2, 28), date(2025, 2, 1), date(2025, 2, 28)),
        ("每季度", date(2025, 3, 31), date(2025, 1, 1), date(2025, 3, 31)),
        ("每半年", date(2025, 6, 30), date(2025, 1, 1), date(2025, 6, 30)),
        ("每半年", date(2025, 7, 1), date(2025, 7, 1), date(2025, 12, 31)),
        ("每年", date(2025, 10, 31), date(2025, 1, 1), date(2025, 12, 31)),
    ],
)
def test_cycle_bounds(rhythm: str, report: date, start: date, end: date) -> None:
    cycle = cycle_of(rhythm, report)
    assert (cycle.start, cycle.end) == (start, end)


def test_notes_after_the_report_date_and_month_only_notes() -> None:
    report = date(2025, 10, 15)
    later = state(task(rhythm="每月", status="推进中", notes=notes("2025-10-20")), report)
    assert later.cycle_done is False and later.last_done is None and later.latest_note is None
    by_month = task(rhythm="每月", status="推进中", notes=notes("2025-10"))
    assert state(by_month, report).cycle_done is True
    weekly = task(rhythm="每周", status="推进中", notes=notes("2025-10"))
    assert state(weekly, report).cycle_done is False  # a month is not inside a week


def test_completed_recurring_task_is_not_missing_a_cycle() -> None:
    s = state(task(rhythm="每月", status="已完成", done="2025-09-01"), date(2025, 10, 31))
    assert not s.cycle_missing


# --- units -------------------------------------------------------------------------------


def test_aliases_are_one_unit_and_lead_wins_over_support() -> None:
    t = task(lead=["县发改局", "县财政局"], support=["县发展改革局", "县发改委", "县文旅局"])
    s = state(t, date(2025, 10, 31))
    assert [u.key for u in s.lead] == ["fgj", "czj"]
    assert [u.key for u in s.support] == ["?县文旅局"]  # unregistered names stand for themselves
    plan = PLAN.model_copy(
        update={"sections": [PLAN.sections[0].model_copy(update={"tasks": [t]})]}
    )
    work = by_unit(assess_plans([plan], date(2025, 10, 31), REGISTER))
    assert len(work["fgj"].lead) == 1 and work["fgj"].support == []


def test_source_is_clickable_only_for_http() -> None:
    assert str(source_markup("https://www.example.gov.cn/a?b=1")).startswith('<a href="https')
    assert "<a" not in str(source_markup("javascript:alert(1)"))
    assert "<a" not in str(source_markup("示政办发〔2025〕12号"))
    assert "<b>" not in str(source_markup("http://x.cn/<b>"))


# --- the pages, on the sample county's data -----------------------------------------------


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    ds, findings = check(DATA)
    assert ds is not None, findings
    return ds


@pytest.fixture(scope="module")
def sites(dataset: Dataset) -> dict[str, SiteContent]:
    return {audience: render_site(dataset, audience) for audience in ("public", "internal")}


def raw_yaml() -> tuple[date, list[dict[str, Any]], dict[str, str]]:
    site = yaml.safe_load((DATA / "site.yaml").read_text(encoding="utf-8"))
    plans = [
        yaml.safe_load(p.read_text(encoding="utf-8"))
        for p in sorted((DATA / "plans").glob("*.yaml"))
    ]
    names: dict[str, str] = {}
    for unit in yaml.safe_load((DATA / "units.yaml").read_text(encoding="utf-8")):
        for name in (unit["name"], *unit.get("aliases", [])):
            names.setdefault(name, unit["code"])
    return deadline_end(site["report_date"]), plans, names


def expected_counts(plan: dict[str, Any], report: date, public: bool) -> tuple[int, ...]:
    tally: Counter[str] = Counter()
    for section in plan["sections"]:
        for t in section["tasks"]:
            if public and t.get("internal"):
                continue
            status = t.get("status", "未开始")
            late = "deadline" in t and deadline_end(t["deadline"]) < report
            if status == "已完成":
                tally["done"] += 1
            elif late:
                tally["overdue"] += 1
            elif status == "推进中":
                tally["progress"] += 1
            else:
                tally["not_started"] += 1
    total = sum(tally.values())
    return (total, tally["done"], tally["progress"], tally["overdue"], tally["not_started"])


def plan_ended(plan: dict[str, Any], report: date) -> bool:
    """Independent reading of a plan's period: YYYY-MM ends on that month's last day."""
    return "period" in plan and deadline_end(plan["period"]["end"]) < report


def overview_rows(page: str) -> dict[str, tuple[int, ...]]:
    table = page.split('aria-label="执行中的方案"', 1)[1].split("</table>", 1)[0]
    body = table.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    rows = {}
    for row in re.findall(r"<tr>(.*?)</tr>", body):
        plan_id = re.search(r'href="([^"/]+)/index\.html"', row)[1]  # type: ignore[index]
        numbers = re.findall(r'<td class="zd-num">(\d+)</td>', row)
        rows[plan_id] = tuple(int(n) for n in numbers)
    return rows


@pytest.mark.parametrize("audience", ["public", "internal"])
def test_overview_counts_reconcile_with_the_yaml(
    sites: dict[str, SiteContent], audience: str
) -> None:
    report, plans, _ = raw_yaml()
    public = audience == "public"
    expected = {
        p["id"]: expected_counts(p, report, public)
        for p in plans
        if not (public and p.get("internal"))
    }
    page = sites[audience].pages["plans/index.md"]
    ended = {k for k, p in ((p["id"], p) for p in plans) if k in expected and plan_ended(p, report)}
    assert ended, "the sample should hold a plan whose period has ended"
    assert overview_rows(page) == {k: v for k, v in expected.items() if k not in ended}
    expected = {k: v for k, v in expected.items() if k not in ended}
    totals = tuple(sum(v[i] for v in expected.values()) for i in range(5))
    foot = page.split("<tfoot>", 1)[1].split("</tfoot>", 1)[0]
    assert tuple(int(n) for n in re.findall(r'<td class="zd-num">(\d+)</td>', foot)) == totals
    assert totals[0] == totals[1] + totals[2] + totals[3] + totals[4]
    overdue_section = page.split("## 逾期任务", 1)[1].split("## 周期性任务", 1)[0]
    assert overdue_section.count("<tr><td") == totals[3]


def task_links(text: str, plan_id: str) -> list[str]:
    return re.findall(rf'plans/{re.escape(plan_id)}/index\.html#(task-[0-9a-f]+)"', text)


def group_members(units: list[dict[str, Any]]) -> dict[str, set[str]]:
    """Independent reading of units.yaml's groups: code → member codes (by kind or name)."""
    by_name = {n: u["code"] for u in units for n in (u["name"], *u.get("aliases", []))}
    groups = {u["code"] for u in units if u.get("members") or u.get("member_kinds")}
    out = {}
    for u in units:
        if u["code"] in groups:
            kinds = set(u.get("member_kinds", []))
            out[u["code"]] = ({v["code"] for v in units if v["kind"] in kinds} - groups) | {
                by_name[n] for n in u.get("members", [])}
    return out


@pytest.mark.parametrize("audience", ["public", "internal"])
def test_each_task_once_on_its_plan_page_and_once_per_unit(
    sites: dict[str, SiteContent], dataset: Dataset, audience: str
) -> None:
    _, plans, _ = raw_yaml()
    register = UnitRegister(dataset.units)
    units = yaml.safe_load((DATA / "units.yaml").read_text(encoding="utf-8"))
    members = group_members(units)
    pages = sites[audience].pages
    expected: dict[str, dict[str, set[str]]] = {}  # unit code → role → task links
    via: dict[str, set[str]] = {}  # unit code → task links it has through a group
    for plan in plans:
        page = pages[f"plans/{plan['id']}/index.md"]
        tasks = [t for s in plan["sections"] for t in s["tasks"]]
        assert page.count('<li class="task-list-item zd-task') == len(tasks)
        for t in tasks:
            anchor = task_anchor(Task.model_validate(t))
            assert page.count(f'id="{anchor}"') == 1, t["number"]
            key = f"{plan['id']}#{anchor}"
            lead = {register.resolve(n).code for n in t["lead"]}  # type: ignore[union-attr]
            support = {register.resolve(n).code for n in t.get("support", [])} - lead  # type: ignore[union-attr]
            lead_via = {m for g in lead for m in members.get(g, ())} - lead
            support_via = {m for g in support for m in members.get(g, ())} - lead - lead_via - support
            for role, codes in (("lead", lead | lead_via), ("support", support | support_via)):
                for code in codes:
                    expected.setdefault(code, {"lead": set(), "support": set()})[role].add(key)
            for code in lead_via | support_via:
                via.setdefault(code, set()).add(key)
    assert via, "the sample should assign tasks to groups"
    for code, roles in expected.items():
        page = pages[f"units/{code}/index.md"]
        lead_part, support_part = page.split("## 配合的任务", 1)
        for role, part in (("lead", lead_part), ("support", support_part)):
            found = Counter(f"{p['id']}#{a}" for p in plans for a in task_links(part, p["id"]))
            assert set(found) == roles[role], (code, role)
            assert all(n == 1 for n in found.values()), (code, role, found)
        rows = re.findall(r"<tr>(.*?)</tr>", page)
        marked = {f"{p['id']}#{a}" for row in rows if "经统称" in row
                  for p in plans for a in task_links(row, p["id"])}
        assert marked == via.get(code, set()), code
    unit_pages = {
        p.split("/")[1] for p in pages if p.startswith("units/") and p != "units/index.md"
    }
    assert set(expected) <= unit_pages


def test_task_lights_on_the_intranet_plan_pages_only(sites: dict[str, SiteContent]) -> None:
    """Every overdue task is red on its internal plan page (the same day rule as 逾期), the
    rule in force is there to read, and the public plan page has no lights."""
    _, plans, _ = raw_yaml()
    reds = 0
    for plan in plans:
        address = f"plans/{plan['id']}/index.md"
        internal = sites["internal"].pages[address]
        items = internal.split('<li class="task-list-item zd-task')[1:]
        for item in items:
            overdue = item.startswith(" zd-task--overdue")
            assert ("■ 红灯" in item.split("</div>")[0]) == overdue
            reds += overdue
        assert "红黄绿灯规则" in internal
        public = sites["public"].pages.get(address, "")
        assert "红灯" not in public and "黄灯" not in public and "红黄绿灯规则" not in public
    assert reds  # the sample has overdue tasks


def test_aliases_share_one_unit_page(sites: dict[str, SiteContent], dataset: Dataset) -> None:
    pages = sites["internal"].pages
    assert "units/fgj/index.md" in pages
    assert not any("发改" in path for path in pages)  # names never choose a path
    fgj = pages["units/fgj/index.md"]
    # 三(五) names the unit as 县发改委 (support); 二(一)1 as 县发展改革局 (lead).
    wen = next(p for p in dataset.plans if p.id == "wenjingji-gongjian")
    kuo = next(p for p in dataset.plans if p.id == "kuoda-youxiao-touzi")
    assert task_anchor(wen.sections[0].tasks[4]) in fgj.split("## 配合的任务", 1)[1]
    assert task_anchor(kuo.sections[0].tasks[0]) in fgj.split("## 配合的任务", 1)[0]
    # Projects whose department is written 县发改局, 县发改委 or 县发展改革局 are all listed.
    register = UnitRegister(dataset.units)
    codes = [
        c
        for c, p in dataset.projects.items()
        if (u := register.resolve(p.department)) is not None and u.code == "fgj"
    ]
    written = {dataset.projects[c].department for c in codes}
    assert {"县发改局", "县发展改革局"} <= written
    projects_part = fgj.split("## 负责的项目", 1)[1].split("## 问题清单", 1)[0]
    for c in codes:
        assert f"projects/{c}/index.html" in projects_part


def internal_only_note_texts(dataset: Dataset) -> set[str]:
    texts = {
        n.text
        for p in dataset.plans
        for s in p.sections
        for t in s.tasks
        for n in t.notes
        if n.internal
    }
    public = {
        n.text
        for p in dataset.plans
        for s in p.sections
        for t in s.tasks
        for n in t.notes
        if not n.internal
    }
    return texts - public


def test_internal_notes_only_on_the_internal_site(
    sites: dict[str, SiteContent], dataset: Dataset
) -> None:
    hidden = internal_only_note_texts(dataset)
    assert hidden, "the sample data should hold internal notes"
    for path, text in sites["public"].pages.items():
        for note in hidden:
            assert note not in text, (path, note)
        assert 'zd-status--muted">内部<' not in text
    internal_text = "".join(sites["internal"].pages.values())
    for note in hidden:
        assert note in internal_text


def test_internal_task_and_plan_are_not_public(dataset: Dataset) -> None:
    plan = dataset.plans[1]
    section = plan.sections[0]
    secret = section.tasks[0].model_copy(update={"internal": True, "text": "<b>内部任务</b>"})
    plans = [
        dataset.plans[0].model_copy(update={"internal": True}),
        plan.model_copy(
            update={
                "sections": [
                    section.model_copy(update={"tasks": [secret, *section.tasks[1:]]}),
                    *plan.sections[1:],
                ]
            }
        ),
    ]
    ds = dataclasses.replace(dataset, plans=plans)
    public = render_site(ds, "public").pages
    internal = render_site(ds, "internal").pages
    anchor = task_anchor(secret)
    assert f"plans/{dataset.plans[0].id}/index.md" not in public
    assert not any(anchor in text for text in public.values())
    assert f'id="{anchor}"' in internal[f"plans/{plan.id}/index.md"]
    assert "<b>内部任务</b>" not in internal[f"plans/{plan.id}/index.md"]  # escaped, not markup
    assert "&lt;b&gt;内部任务&lt;/b&gt;" in internal[f"plans/{plan.id}/index.md"]


def test_task_links_point_at_existing_pages(sites: dict[str, SiteContent]) -> None:
    for audience, site in sites.items():
        for path, text in site.pages.items():
            if not path.startswith(("plans/", "units/")):
                continue
            base = path.rsplit("/", 1)[0]
            for href, fragment in re.findall(r'href="([^"#]+\.html)(?:#([^"]*))?"', text):
                if href.startswith("http"):
                    continue
                target = Path(base, href).as_posix()
                parts: list[str] = []
                for piece in target.split("/"):
                    if piece == "..":
                        parts.pop()
                    elif piece != ".":
                        parts.append(piece)
                md = "/".join(parts)[:-5] + ".md"
                assert md in site.pages, (audience, path, href)
                if fragment:  # task anchors on plan pages, target anchors on the targets page
                    assert f'id="{fragment}"' in site.pages[md], (audience, path, href)


MINIMAL_PLAN = """\
id: mini
title: 新镇项目攻坚方案
issuer: 示例县人民政府办公室
date: 2025-01-10
source: javascript:alert(1)
sections:
  - number: 一
    title: 任务
    tasks:
      - number: 一(一)
        text: 推进供水管网改造。
        lead: [示例县水利局]
        deadline: 2025-03
        projects: [XC-001, XC-404]
        targets: [no-such-target]
      - number: 一(二)
        text: 每月调度。
        lead: [示例县水利局]
        rhythm: 每月
        status: 推进中
        notes:
          - date: 2025-03-01
            text: 已调度。
"""


def test_plans_without_a_unit_register(minimal_data: Path) -> None:
    """No units.yaml: names stay text, no unit pages, and the plan page still renders."""
    (minimal_data / "plans").mkdir()
    (minimal_data / "plans" / "mini.yaml").write_text(MINIMAL_PLAN, encoding="utf-8")
    # check() rejects the unknown project and target; the pages must still cope with them.
    ds, _ = load_dataset(minimal_data)
    assert ds is not None
    site = render_site(ds, "internal")
    page = site.pages["plans/mini/index.md"]
    assert "示例县水利局" in page and "units/" not in page.split("## 一 任务", 1)[1]
    assert '<a href="javascript' not in page and "原文" in page
    assert 'href="../../projects/XC-001/index.html"' in page and "XC-404" not in page
    assert not any(p.startswith("units/") and p != "units/index.md" for p in site.pages)
    counts = overview_rows(site.pages["plans/index.md"])
    # Report date 2025-03-31 and deadline 2025-03 (= 31 March): 一(一) is due, not overdue.
    assert counts == {"mini": (2, 0, 1, 0, 1)}
