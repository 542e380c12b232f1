"""Seed 004's plan (忻城县扩大有效投资三年攻坚行动方案 2021—2023) in the plan and unit formats.

``tests/seed004/plan.yaml`` is the document converted task by task, its units written as
the document writes them; ``units.yaml`` a register for the county as an office keeps one.
Converted the first time, it validated only after 58 fixes to unit names and its collective
units vanished from the members' pages; two years after its period it showed every task
"⚠ 逾期 670 天". Now: two names need a fix, each reported with the nearest register name
where there is one; the groups expand; the tasks have final verdicts.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from generator.rules.check import check
from generator.site.render import render_site

SEED = Path(__file__).resolve().parent / "seed004"
PLAN_ID = "xincheng-kuoda-touzi-2021"
TOWNS = "各乡(镇)人民政府"


def data_dir(tmp_path: Path) -> Path:
    root = tmp_path / "data"
    (root / "plans").mkdir(parents=True)
    shutil.copy(SEED / "site.yaml", root / "site.yaml")
    shutil.copy(SEED / "units.yaml", root / "units.yaml")
    shutil.copy(SEED / "plan.yaml", root / "plans" / f"{PLAN_ID}.yaml")
    return root


def fixed(root: Path) -> Path:
    """The two fixes check asks for: the bank's short name as the register spells it, and
    the 联席会议's members registered as a group."""
    plan = root / "plans" / f"{PLAN_ID}.yaml"
    plan.write_text(plan.read_text("utf-8").replace("人民银行忻城支行", "人民银行忻城县支行"),
                    "utf-8")
    with (root / "units.yaml").open("a", encoding="utf-8") as units:
        units.write("- {code: fwylxh, name: 县服务业发展部门联席会议各成员单位, kind: 其他,\n"
                    "   members: [县发改局, 县经贸局, 县文化广电和旅游局, 县交通运输局]}\n")
    return root


def raw_tasks() -> list[dict]:
    plan = yaml.safe_load((SEED / "plan.yaml").read_text("utf-8"))
    return [t for s in plan["sections"] for t in s["tasks"]]


def test_the_conversion_holds_every_task_and_unit_as_written() -> None:
    tasks = raw_tasks()
    assert len(tasks) == 37
    named = [n for t in tasks for n in t["lead"] + t.get("support", [])]
    assert len(named) == 248  # the unit links the issue counted
    assert sum(TOWNS in t["lead"] + t.get("support", []) for t in tasks) == 30


def test_it_validates_after_two_unit_name_fixes(tmp_path: Path) -> None:
    root = data_dir(tmp_path)
    _, findings = check(root)
    assert [(f.code, f.field) for f in findings] == [("unknown-unit", "support")] * 2
    bank, council = (f.message for f in findings)
    assert "'人民银行忻城支行'" in bank and "是否为: 中国人民银行忻城县支行" in bank
    assert "'县服务业发展部门联席会议各成员单位'" in council
    dataset, findings = check(fixed(root))
    assert dataset is not None and findings == []


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    dataset, findings = check(fixed(data_dir(tmp_path_factory.mktemp("seed004"))))
    assert dataset is not None, findings
    return render_site(dataset, "internal").pages


def task_links(text: str) -> set[str]:
    return set(re.findall(rf'plans/{PLAN_ID}/index\.html#(task-[0-9a-f]+)"', text))


def test_every_named_unit_is_a_register_unit_with_a_page(pages: dict[str, str]) -> None:
    page = pages[f"plans/{PLAN_ID}/index.md"]
    units = page.split("## 二(一)", 1)[1]
    plain = re.findall(r'<span class="zd-task-label">(?:牵头|配合)单位</span> (.*?)(?:<br>|</div>)',
                       units)
    for cell in plain:
        for name in cell.split("、"):
            assert name.startswith("<a href="), name  # linked: a register unit


def test_the_township_group_reaches_every_township_government(pages: dict[str, str]) -> None:
    tasks = raw_tasks()
    expected = sum(TOWNS in t["lead"] + t.get("support", []) for t in tasks)
    for code in ("cgz", "bgx"):  # 城关镇, 北更乡
        page = pages[f"units/{code}/index.md"]
        assert len(task_links(page)) == expected, code
        assert page.count("经统称") >= expected
        assert "所属统称" in page and "各乡（镇）人民政府" in page


def test_the_departments_group_reaches_each_department(pages: dict[str, str]) -> None:
    # 二(二)2: 县直各有关部门配合. The audit office is named by no task of its own there.
    audit = pages["units/sjj/index.md"]
    support = audit.split("## 配合的任务", 1)[1].split("## 负责的项目", 1)[0]
    assert "二(二)2 高效用好地方政府债券" in support and "经统称" in support
    liaison = pages["units/gwh/index.md"]  # 县工管委, one of 各重大项目联系单位
    assert "三(一)4" in liaison


def test_two_years_later_the_tasks_have_final_verdicts(pages: dict[str, str]) -> None:
    page = pages[f"plans/{PLAN_ID}/index.md"]
    assert "已到期" in page and "执行期已于2023年12月31日届满" in page
    assert "已逾期" not in page and "逾期 " not in page
    assert page.count('aria-label="未完成"') == 37  # the document records no progress
    assert "每日、每周、每月推进" in page and "每月1—2次推进" in page
    assert "当日尚无进展" not in page
    index = pages["plans/index.md"]
    assert "无逾期任务" in index
