"""Dates and money over time: starts, completions, annual plans and the monthly records.

Each started project gets one ``MonthRecord`` a month (投资完成, 形象进度, 资金到位/拨付); the
records become the monthly CSV tables in progress/.
"""

from __future__ import annotations

import math

from generator.model import vocab

from .basics import cell, day_text, month_index, month_of, month_text, year_of
from .county import County, MonthRecord, Spec
from .kinds import PHASES, SEASON, STOPPAGES


def fill_schedule(county: County, spec: Spec) -> None:
    """Planned and actual dates that fit the stage; started projects then spend."""
    rng = county.rng
    R, Y = county.R, county.Y
    stage = spec.stage
    duration = max(8, min(48, int(6 + math.log10(max(spec.total, 500)) * rng.uniform(3, 7))))
    if stage == "谋划":
        if rng.random() < 0.6:
            ps = R + rng.randint(8, 26)
            spec.planned_start = month_text(ps)
            spec.planned_completion = month_text(ps + duration)
        return
    if stage == "储备":
        ps = R + rng.randint(3, 15)
        spec.planned_start = month_text(ps)
        spec.planned_completion = month_text(ps + duration)
        spec.planned_start_index = ps
        return
    if stage == "前期":
        ps = R + rng.randint(-5, 8)
        spec.planned_start_index = ps
        spec.planned_start = (
            month_text(ps) if rng.random() < 0.6 else day_text(ps, rng.randint(1, 28))
        )
        spec.planned_completion = month_text(ps + duration)
        if year_of(ps) == Y:
            # Due to start this year: on the monthly return as 未开工 all year.
            spec.annual_plan[Y] = float(round(spec.total * rng.uniform(0.1, 0.3)))
            pre_start_months(county, spec, R + 1)
        return
    if stage == "新开工":
        s = month_index(Y, 1) + min(county.report.month - 1, int(rng.triangular(0, 9, 3)))
        pc = s + duration
    elif stage == "续建":
        # Started before this year, within one construction period of now.
        s = month_index(Y, 1) - rng.randint(1, max(2, min(33, duration - 3)))
        pc = s + duration
        if pc < R + 2:
            pc = R + rng.randint(2, 8)
        if rng.random() < 0.1:
            pc = R - rng.randint(1, 6)  # past its planned completion: 逾期未竣工
    else:
        lag = {"竣工": (0, 11), "投产": (2, 20), "达产达效": (8, 36)}[stage]
        c = R - rng.randint(*lag)
        s = c - rng.randint(10, 30)
        spec.completion = (c, rng.randint(1, 28))
        if spec.completion[0] == R:
            spec.completion = (c, min(spec.completion[1], county.report_day.day))
        pc = c + rng.randint(-3, 2)
    day = rng.randint(1, 28)
    if s == R:
        day = min(day, county.report_day.day)
    spec.start = (s, day)
    ps = s + rng.randint(-2, 1)
    spec.planned_start_index = ps
    spec.planned_start = month_text(ps) if rng.random() < 0.5 else day_text(ps, rng.randint(1, 28))
    spec.planned_completion_index = max(pc, ps + 3)
    spec.planned_completion = month_text(spec.planned_completion_index)
    if stage == "新开工":
        pre_start_months(county, spec, s)
    spend(county, spec)


def pre_start_months(county: County, spec: Spec, start: int) -> None:
    """Projects due to start this year report monthly as 未开工 until they start."""
    for index in range(max(county.first, month_index(county.Y, 1)), min(start, county.R + 1)):
        spec.months.append(MonthRecord(index, 0.0, 0.0, False, "前期手续办理中，尚未开工"))


def spend(county: County, spec: Spec) -> None:
    """Money done before and in the report year, month by month, against the annual plan."""
    rng = county.rng
    assert spec.start is not None
    R, Y = county.R, county.Y
    s = spec.start[0]
    end = spec.completion[0] if spec.completion else R
    active = list(range(s, end + 1))
    year_months = [m for m in active if year_of(m) == Y and m <= R]
    prior_months = [m for m in active if year_of(m) < Y]
    total = spec.total
    planned_span = max(1, (spec.planned_completion_index or end) - s + 1)
    if spec.completed:
        done = total * rng.uniform(0.93, 0.99)
        if year_months:
            prior = done * len(prior_months) / len(active) * rng.uniform(0.8, 1.0)
        else:
            prior = done
        year_done = done - prior
        plan_y = year_done * rng.uniform(1.0, 1.08) if year_months else 0.0
        spec.pace = "completed"
    else:
        prior = 0.0
        if prior_months:
            prior = total * min(
                0.7, max(0.05, len(prior_months) / planned_span * rng.uniform(0.8, 1.1))
            )
        remaining = total - prior
        if spec.stage == "新开工":
            plan_y = total * rng.uniform(0.2, 0.5)
        elif (
            spec.planned_completion_index is not None
            and year_of(spec.planned_completion_index) <= Y
        ):
            plan_y = remaining * rng.uniform(0.85, 1.0)
        else:
            plan_y = remaining * rng.uniform(0.35, 0.75)
        factor = {
            "ahead": rng.uniform(1.12, 1.22),
            "normal": rng.uniform(0.97, 1.03),
            "lagging": rng.uniform(0.5, 0.85),
        }[spec.pace]
        year_done = min(plan_y * county.elapsed * factor, total * 0.98 - prior)
    # Spread money over months: slow around the Spring Festival, a push in December.
    amounts: dict[int, float] = {}
    for group, amount in ((prior_months, prior), (year_months, year_done)):
        if not group or amount <= 0:
            continue
        weights = [SEASON[month_of(m) - 1] * rng.uniform(0.7, 1.3) for m in group]
        if spec.pace == "lagging" and len(group) > 3 and group is year_months:
            weights[rng.randrange(len(group))] = 0.0  # a month of stoppage
        scale = amount / sum(weights)
        for m, w in zip(group, weights, strict=True):
            amounts[m] = round(w * scale, 2)
    # Annual plans: planned money for earlier years was roughly what got done.
    for year in sorted({year_of(m) for m in prior_months}):
        done_y = sum(amounts.get(m, 0.0) for m in prior_months if year_of(m) == year)
        if done_y > 0:
            spec.annual_plan[year] = min(total, float(round(done_y * rng.uniform(0.97, 1.12))))
    if year_months and plan_y > 0:
        spec.annual_plan[Y] = min(total, float(round(plan_y)))
    fiscal_disb = sum(a for src, a, _ in spec.funding if src in vocab.DISBURSEMENT_SOURCES)
    funded = sum(a for _, a, _ in spec.funding)
    running = 0.0
    arrived = disbursed = 0.0
    group = spec.tpl.group
    for m in active:
        if m > R:
            break
        amount = amounts.get(m, 0.0)
        running = round(running + amount, 2)
        if m < county.first:
            continue
        frac = running / total
        if spec.completion and m == spec.completion[0]:
            text = "项目完工，正在组织竣工验收"
        elif amount == 0:
            text = f"因{rng.choice(STOPPAGES)}，本月暂停施工"
        else:
            text = phase_text(group, frac, spec)
        arr = min(max(0.0, funded - arrived), round(amount * rng.uniform(0.5, 1.4), 2))
        arrived += arr
        disb: float | None = None
        if fiscal_disb > 0:
            share = fiscal_disb / total
            disb = min(
                max(0.0, fiscal_disb - disbursed),
                round(amount * share * rng.uniform(0.6, 1.5), 2),
            )
            disbursed += disb
        spec.months.append(
            MonthRecord(
                m,
                amount,
                running,
                True,
                text,
                round(arr, 2),
                None if disb is None else round(disb, 2),
            )
        )
    spec.done_total = running


def phase_text(group: str, frac: float, spec: Spec) -> str:
    phases = PHASES[group]
    text = phases[min(len(phases) - 1, int(frac * len(phases)))]
    return text.format(
        p=max(5, min(95, int(frac * 100))),
        floor=spec.ctx["floor"],
        km_done=round(spec.ctx["km"] * frac, 1),
    )


def drop_late_reports(county: County) -> list[str]:
    """A couple of ongoing projects miss the latest month: the late reporters."""
    rng = county.rng
    ongoing = [
        s
        for s in county.specs
        if s.stage in ("新开工", "续建")
        and s.months
        and s.months[-1].index == county.R
        and s.months[-1].started
    ]
    k = 2 if county.n < 200 else max(2, county.n // 50)
    late = rng.sample(ongoing, min(k, len(ongoing)))
    for spec in late:
        spec.months.pop()  # the latest month was never reported
    return [s.code for s in late]


def month_tables(county: County) -> dict[str, list[list[str]]]:
    """The rows of each progress/YYYY-MM.csv, by month, sorted by project code."""
    tables: dict[str, list[list[str]]] = {
        month_text(m): [] for m in range(county.first, county.R + 1)
    }
    for spec in county.specs:
        for rec in spec.months:
            if rec.index < county.first:
                continue
            tables[month_text(rec.index)].append(
                [
                    spec.code,
                    cell(rec.completed),
                    cell(rec.cumulative),
                    "是" if rec.started else "否",
                    rec.progress,
                    cell(rec.arrived),
                    cell(rec.disbursed),
                ]
            )
    for rows in tables.values():
        rows.sort(key=lambda row: row[0])
    return tables
