"""The codes of the lights' rule (site.yaml ``lights``) and of 挂牌督办 cases (supervision.yaml).

Part of the catalogue in ``generator.model.codes``, kept apart for its size; each sits in the
group of its kind (字段的取值, 记录之间的核对) on the codes page.
"""

from __future__ import annotations

from generator.model.code_types import Code, ex

FIELDS = "字段的取值"
RECORDS = "记录之间的核对"
CASES = "data/supervision.yaml"

SUPERVISION_CODES: tuple[Code, ...] = (
    Code("light-thresholds-order", FIELDS, "黄灯线与红灯线顺序不对",
         "红灯线 {red} 与黄灯线 {yellow} 顺序不对 (basis {basis}: points 时红灯线不小于黄灯线, "
         "share 时红灯线不大于黄灯线)",
         "points 按低于序时进度的百分点比较, 差得越多越严重, 红灯线应大于黄灯线 (如 10 和 30); "
         "share 按完成率占序时进度的百分比比较, 占比越低越严重, 红灯线应小于黄灯线 (如 80 和 60)。",
         ex("data/site.yaml", 9, "lights", basis="points", yellow=30, red=10)),
    Code("case-deadline-before-listed", FIELDS, "整改时限早于挂牌日期",
         "整改时限 {deadline} 早于挂牌日期 {listed}",
         "核对两个日期: 整改时限在挂牌之后。",
         ex(CASES, 2, "", deadline="2025-05-31", listed="2025-06-10")),
    Code("case-closed-before-listed", FIELDS, "销号日期早于挂牌日期",
         "销号日期 {closed} 早于挂牌日期 {listed}",
         "核对两个日期: 销号在挂牌之后。",
         ex(CASES, 2, "", closed="2025-05-20", listed="2025-06-10")),
    Code("case-resolution-missing", FIELDS, "销号须写明整改情况",
         "填写了销号日期, 但未填写销号情况 resolution",
         "写明整改到位的情况 (如 已复工, 完成率回到序时进度以内), 或删除销号日期。",
         ex(CASES, 2)),
    Code("duplicate-case-id", RECORDS, "督办编号重复",
         "督办编号重复 (got {got!r})",
         "supervision.yaml 中每个督办事项一个编号; 同一项目再次挂牌时另编新号。",
         ex(CASES, 12, "id", got="DB-2025-01")),
    Code("case-date-after-report-date", RECORDS, "督办日期晚于报告日期",
         "晚于报告日期 (got {got}, report date {report_date})",
         "挂牌、销号日期只填已发生的; 报告日期以后的决定下月再录入。",
         ex(CASES, 4, "listed", got="2025-11-05", report_date="2025-10-31")),
)
