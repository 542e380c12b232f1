"""挂牌督办 decisions (supervision.yaml): a few cases at lagging projects, in every state.

Drawn last, after everything else, so the cases change nothing that was drawn before them.
The four patterns, dated from the report month R, give every state a bulletin shows: closed
(listed R-5, closed R-3 before its deadline), overdue (listed R-4, deadline R-1, still open),
closed this month (listed R-3, closed R) and new this month (listed R, deadline R+2).
"""

from __future__ import annotations

from typing import Any

from generator.model.dates import PartialDate

from .basics import day_text, month_of, year_of
from .county import County

OFFICE = "示例县重点项目建设工作领导小组办公室"
# Months before R when listed, when due, when closed (None: open); reason; resolution.
PATTERNS: tuple[tuple[int, int, int | None, str, str | None], ...] = (
    (5, 2, 3, "投资完成率低于序时进度30个百分点以上，亮红灯",
     "已增加施工班组、实行两班倒作业，投资完成率回升至序时进度以内，经现场核查予以销号"),
    (4, 1, None, "投资完成率连续两月低于序时进度30个百分点以上，亮红灯", None),
    (3, 0, 0, "主要前期手续超过办理时限未办结，影响开工建设，亮红灯",
     "施工许可已办结，主体工程已全面开工，经核查予以销号"),
    (0, -2, None, "投资完成率低于序时进度30个百分点以上，亮红灯", None),
)


def build_cases(county: County) -> list[dict[str, Any]]:
    """The cases, by date listed. Sample size: one of each pattern; larger counties one
    case per 40 projects, the patterns in turn."""
    rng = county.rng
    lagging = sorted((s for s in county.specs if s.pace == "lagging" and s.started
                      and not s.completed), key=lambda s: s.code)
    count = min(len(lagging), len(PATTERNS) if county.sample else max(4, county.n // 40))
    chosen = rng.sample(lagging, count) if count else []
    cases = []
    for i, spec in enumerate(chosen):
        back, due_back, closed, reason, resolution = PATTERNS[i % len(PATTERNS)]
        listed = county.R - back
        if listed < county.first:
            continue
        due = PartialDate(year_of(county.R - due_back), month_of(county.R - due_back)).end()
        case: dict[str, Any] = {
            "id": f"DB-{year_of(listed)}-{i + 1:03d}",
            "project": spec.code,
            "listed": day_text(listed, rng.randint(5, 20)),
            "listed_by": OFFICE,
            "reason": reason,
            "unit": spec.department,
            "deadline": due.isoformat(),
            "document": f"示重项办督〔{year_of(listed)}〕{i + 1}号",
        }
        if closed is not None:
            case["closed"] = day_text(county.R - closed, rng.randint(10, 25))
            case["resolution"] = resolution
        cases.append(case)
    cases.sort(key=lambda c: (c["listed"], c["id"]))
    return cases
