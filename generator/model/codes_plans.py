"""Finding codes of plans' rhythms and periods and of unit groups, kept beside the catalogue
(``codes``) so that it stays one readable module; ``codes`` lists them with the others."""

from __future__ import annotations

from generator.model.code_types import Code, ex

FIELDS = "字段的取值"
RECORDS = "记录之间的核对"
PLAN = "data/plans/kuoda-youxiao-touzi.yaml"

PLAN_AND_UNIT_CODES: tuple[Code, ...] = (
    Code("task-without-deadline", RECORDS, "任务缺少时限",
         "须填写完成时限 deadline 或周期 rhythm",
         "一次性任务填 deadline (如 2025-12-31), 经常性任务填 rhythm (每月等)。",
         ex(PLAN, 12, "deadline")),
    Code("duplicate-unit-code", RECORDS, "单位代码重复",
         "单位代码重复 (got {got!r}, also at {other})",
         "units.yaml 中每个单位的 code 不同; 同一单位只写一次, 其他叫法写进 aliases。",
         ex("data/units.yaml", 7, "code", got="fgj", other="data/units.yaml:1")),
    Code("unknown-rhythm", FIELDS, "周期写法不对",
         "不是可用的周期 (got {got!r}, expected {allowed}, 或加次数如 每月1—2次)",
         "周期写 每日、每周、每月、每季度、每半年 或 每年, 要求次数的写 每月1—2次、每周2次; "
         "几个周期写成列表 [每日, 每周, 每月] 或 每日、每周、每月。",
         ex(PLAN, 31, "sections[2].tasks[3].rhythm", got="每旬",
            allowed="每日、每周、每月、每季度、每半年、每年")),
    Code("period-end-before-start", FIELDS, "执行期止早于执行期起",
         "执行期止 {end} 早于执行期起 {start}",
         "核对执行期的起止年月, 如 start: 2021-01, end: 2023-12。",
         ex(PLAN, 6, "period", start="2023-01", end="2021-12")),
    Code("nested-unit-group", RECORDS, "统称套统称",
         "统称的成员 {got!r} 本身也是统称 (expected 具体单位)",
         "统称 (members 或 member_kinds 不为空的单位) 的成员写具体单位; 要包含另一个统称的"
         "成员, 把它们逐个列入, 或用 member_kinds 按类别包含。",
         ex("data/units.yaml", 12, "members[0]", got="各乡镇人民政府")),
)
