"""公开目录 and its clock: items by 国办发〔2017〕94号's eight categories, formed on a day the data
gives, published on the day git history first shows them on the public site, and judged
against 20 working days (政府信息公开条例 art. 26) on China's calendar, holidays and 调休
make-up working days included."""

from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path

import pytest
import yaml
from conftest import make_minimal_data

from generator.figures.timeliness import Clock, clock, tally
from generator.history.lastchange import FirstSeen
from generator.history.log import read_history
from generator.inputs.load import load_dataset
from generator.model import vocab
from generator.model.dates import PartialDate
from generator.model.models import Project
from generator.model.workdays import UnknownYear, add_workdays, known_years, workdays_between
from generator.rules import catalogue
from generator.rules.check import check

# --- the calendar ---------------------------------------------------------------------------


def test_national_day_2025_and_its_make_up_weekend_days() -> None:
    # 国庆、中秋: 10月1日至8日放假; 9月28日 (周日) 和 10月11日 (周六) 上班.
    assert add_workdays(date(2025, 9, 26), 1) == date(2025, 9, 28)  # a Sunday that is worked
    assert add_workdays(date(2025, 9, 30), 1) == date(2025, 10, 9)  # eight days off
    assert add_workdays(date(2025, 10, 10), 1) == date(2025, 10, 11)  # a Saturday worked
    # Counted by hand: 9/28, 29, 30, 10/9, 10, 11, 13–17, 20–24, 27–30.
    assert add_workdays(date(2025, 9, 26), 20) == date(2025, 10, 30)
    # Weekdays alone would say 10/24: the holiday moves the deadline by four working days.
    assert workdays_between(date(2025, 9, 26), date(2025, 10, 24)) == 16


def test_spring_festival_2025_and_its_make_up_weekend_days() -> None:
    # 春节: 1月28日至2月4日放假; 1月26日 (周日) 和 2月8日 (周六) 上班.
    assert add_workdays(date(2025, 1, 24), 1) == date(2025, 1, 26)
    assert add_workdays(date(2025, 1, 27), 1) == date(2025, 2, 5)
    # 1/26, 27, 2/5–8, 10–14, 17–21, 24–27.
    assert add_workdays(date(2025, 1, 24), 20) == date(2025, 2, 27)
    assert workdays_between(date(2025, 1, 24), date(2025, 2, 27)) == 20
    assert workdays_between(date(2025, 2, 27), date(2025, 2, 27)) == 0


def test_a_year_the_calendar_does_not_hold_is_named_not_guessed() -> None:
    last = known_years()[1]
    with pytest.raises(UnknownYear) as raised:
        add_workdays(date(last, 12, 20), 20)
    assert raised.value.year == last + 1
    assert str(last + 1) in str(raised.value)


# --- the clock ------------------------------------------------------------------------------


def _item(formed: str | None, present: bool = True) -> catalogue.Item:
    return catalogue.Item("招标投标", "tender", "tender/施工总承包", "施工总承包", (),
                          PartialDate.parse(formed) if formed else None, "定标日期", "业主",
                          ("tenders", 0, "award_date"), present)


AS_OF = date(2025, 12, 31)


def _clock(formed: str | None, published: str | None, *, present: bool = True,
           initial: bool = False, as_of: date = AS_OF) -> Clock:
    seen = FirstSeen(published, initial) if published is not None else None
    return clock(_item(formed, present), seen, as_of)


def test_published_on_the_deadline_across_national_day_is_in_time() -> None:
    c = _clock("2025-09-26", "2025-10-30")
    assert (c.status, c.deadline, c.late_by) == ("on-time", date(2025, 10, 30), 0)


def test_published_a_working_day_late() -> None:
    c = _clock("2025-09-26", "2025-10-31")
    assert (c.status, c.late_by) == ("late", 1)
    # Over the 调休 weekend after Spring Festival: 2/28 is a day late, 3/3 two.
    assert _clock("2025-01-24", "2025-02-28").late_by == 1
    assert _clock("2025-01-24", "2025-03-03").late_by == 2


def test_formed_but_not_published() -> None:
    overdue = _clock("2025-09-26", None, as_of=date(2025, 10, 31))
    assert (overdue.status, overdue.deadline) == ("overdue", date(2025, 10, 30))
    pending = _clock("2025-09-26", None, as_of=date(2025, 10, 30))
    assert pending.status == "pending"
    # Not in the data although the project's state says it exists, on a day not given.
    assert _clock(None, None, present=False).status == "missing"


def test_what_is_not_judged() -> None:
    assert _clock("2025-09-26", "2025-12-01", initial=True).status == "initial"
    assert _clock(None, "2025-12-01").status == "untimed"
    assert _clock("2025-09", "2025-10-30").status == "on-time"  # a month: its last day


def test_a_deadline_in_an_unknown_year_is_not_judged_unless_the_days_decide() -> None:
    last = known_years()[1]
    late_or_not = _clock(f"{last}-12-20", f"{last + 1}-02-15")
    assert (late_or_not.status, late_or_not.year) == ("unknown-year", last + 1)
    # Within 20 calendar days: in time, whatever the holidays.
    assert _clock(f"{last}-12-20", f"{last + 1}-01-05").status == "on-time"


def test_tally_counts_statuses() -> None:
    counts = tally([_clock("2025-09-26", "2025-10-31"), _clock("2025-09-26", "2025-10-30"),
                    _clock(None, None, present=False), _clock(None, "2025-12-01")])
    assert (counts.judged, counts.flagged, counts["late"], counts["untimed"]) == (3, 2, 1, 1)


# --- the 公开目录 ------------------------------------------------------------------------------


def _project(tmp_path: Path, **values: object) -> tuple[Path, Project]:
    data = make_minimal_data(tmp_path)
    path = data / "projects" / "XC-001.yaml"
    doc = dict(yaml.safe_load(path.read_text("utf-8")), **values)
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), "utf-8")
    ds, findings = load_dataset(data)
    assert ds is not None and not [f for f in findings if f.severity == "error"], findings
    return data, ds.projects["XC-001"]


APPROVALS = [
    {"kind": "立项/可研批复", "authority": "示例县发展改革局", "status": "已办结",
     "done": "2024-03-10", "document": "示县发改〔2024〕5号"},
    {"kind": "施工许可", "authority": "示例县住房和城乡建设局", "status": "办理中",
     "deadline": "2024-05-30"},
]
TENDERS = [{"item": "施工总承包", "method": "公开招标", "notice_date": "2024-03-20",
            "date": "2024-04-15", "award_date": "2024-04-22", "bidders": 6, "estimate": 9000,
            "winner": "示例建设集团有限公司", "amount": 8600, "status": "履约中",
            "contract_start": "2024-05-20", "contract_days": 540}]
VARIATION = {"date": "2024-10-08", "contract": "施工总承包", "content": "增设检查井 12 座",
             "reason": "管线迁改与原设计冲突", "amount_before": 8600, "amount_after": 8900,
             "scope": True}


def test_items_fall_in_the_eight_categories_with_their_formation_dates(tmp_path) -> None:
    _, project = _project(tmp_path, approvals=APPROVALS, tenders=TENDERS, variations=[VARIATION],
                          rationale="解决老城区供水管网漏损。",
                          five_clear={"farmland_balance": "不占用耕地。"})
    items = {i.key: i for i in catalogue.items(project)}
    assert [i.category for i in catalogue.items(project)] == sorted(
        (i.category for i in items.values()), key=list(vocab.DISCLOSURE_CATEGORIES).index)
    result = items["approval-result/立项/可研批复/"]
    assert (result.category, result.formed, result.subject) == (
        "批准结果", PartialDate(2024, 3, 10), "示例县发展改革局")
    assert items["approval-process/施工许可/"].category == "批准服务"
    assert not items["approval-process/施工许可/"].timed  # 及时公开: no day to count from
    # Seed 004's facts are fixed by the feasibility approval.
    assert items["scale"].formed == items["funding"].formed == PartialDate(2024, 3, 10)
    tender = items["tender/施工总承包"]
    assert (tender.formed, tender.formed_by) == (PartialDate(2024, 4, 22), "定标日期")
    assert items["variation/施工总承包/2024-10-08"].category == "重大设计变更"
    assert items["farmland"].category == "征收土地"
    # Started (续建) without a builder: formed by the start at the latest, and not published.
    builder = items["builder"]
    assert (builder.present, builder.formed, builder.category) == (
        False, PartialDate(2024, 5, 20), "施工有关")


def test_a_builder_named_is_formed_by_its_award(tmp_path) -> None:
    _, project = _project(tmp_path, tenders=TENDERS,
                          contractors={"builder": "示例建设集团有限公司"})
    builder = next(i for i in catalogue.items(project) if i.key == "builder")
    assert (builder.present, builder.formed) == (True, PartialDate(2024, 4, 22))


def test_check_warns_of_a_deadline_the_calendar_cannot_give(tmp_path) -> None:
    last = known_years()[1]
    done = [dict(APPROVALS[0], done=f"{last}-12-20")]
    data, _ = _project(tmp_path, approvals=done)
    findings = [f for f in check(data)[1] if f.code == "holiday-year-unknown"]
    assert findings and all(f.severity == "warning" for f in findings)
    assert findings[0].field == "approvals[0].done"
    assert f"{last + 1}年" in findings[0].message


# --- publication dates from git ------------------------------------------------------------


def _git(repo: Path, *args: str, day: str) -> None:
    env = {"GIT_AUTHOR_DATE": f"{day}T10:00:00", "GIT_COMMITTER_DATE": f"{day}T10:00:00",
           "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.invalid",
           "PATH": "/usr/bin:/bin"}
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, env=env)


def _commit(data: Path, day: str, **values: object) -> None:
    path = data / "projects" / "XC-001.yaml"
    doc = dict(yaml.safe_load(path.read_text("utf-8")), **values)
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), "utf-8")
    _git(data.parent, "add", "-A", "data", day=day)
    _git(data.parent, "commit", "-q", "-m", "更新", day=day)


def test_publication_is_the_first_version_that_shows_an_item(tmp_path) -> None:
    data = make_minimal_data(tmp_path)
    _git(tmp_path, "init", "-q", day="2025-09-01")
    _commit(data, "2025-09-01", approvals=APPROVALS[:1])
    _commit(data, "2025-10-31", tenders=[dict(TENDERS[0], award_date="2025-09-26")])
    _commit(data, "2025-11-05", leader="王某")  # internal only: publishes nothing
    history = read_history(data, "internal")
    seen = history.published["XC-001"]
    assert seen["approval-result/立项/可研批复/"] == FirstSeen("2025-09-01", True)
    assert seen["tender/施工总承包"] == FirstSeen("2025-10-31", False)
    assert history.latest == "2025-11-05"
    ds, _ = load_dataset(data)
    assert ds is not None
    items = catalogue.items(ds.projects["XC-001"])
    clocks = {i.key: clock(i, seen.get(i.key), date(2025, 11, 5)) for i in items}
    assert clocks["tender/施工总承包"].status == "late"  # formed 9/26, due 10/30
    assert clocks["tender/施工总承包"].late_by == 1
    assert clocks["approval-result/立项/可研批复/"].status == "initial"
    assert clocks["builder"].status == "overdue"  # started 2024-05-20, no builder given
    assert read_history(data, "public").published == history.published


def test_a_withheld_project_publishes_nothing(tmp_path) -> None:
    data = make_minimal_data(tmp_path)
    _git(tmp_path, "init", "-q", day="2025-09-01")
    _commit(data, "2025-09-01", public=False, withhold_reason="涉密")
    _commit(data, "2025-10-01", tenders=TENDERS)
    assert "XC-001" not in read_history(data, "public").published
    _commit(data, "2025-11-03", public=None, withhold_reason=None)
    seen = read_history(data, "public").published["XC-001"]
    assert seen["tender/施工总承包"] == FirstSeen("2025-11-03", False)
