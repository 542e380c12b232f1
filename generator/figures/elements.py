"""要素保障: land (用地), energy (用能) and money (资金) for a bulletin, as seed 002 reports
them (土地方面…；能耗方面…；资金方面…).

Each element gathers the problems of its kind (``Problem.kind``) received, resolved and
open at the month-end, and the approvals that gate it (用地预审与选址, 节能审查) done in the
month or overdue at its end. Money adds the funding figures of the project table:
资金到位率 over every project with a funding plan, and the disbursement (资金拨付率) of
中央预算内投资 and 专项债券 money, overall and over the projects that have 专项债券 money,
naming those whose disbursement is behind the calendar's 序时进度.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd

from generator.figures.problems import ProblemKind, open_problems, problem_counts
from generator.figures.rates import rate, schedule_rate
from generator.figures.table import report_date, table_rows
from generator.model.dataset import Dataset
from generator.model.models import Problem

# The element, the problem kind it reads and the approval kind that gates it.
ELEMENTS: tuple[tuple[str, str, str | None], ...] = (
    ("用地", "用地", "用地预审与选址"),
    ("用能", "用能", "节能审查"),
    ("资金", "资金", None),
)


@dataclass(frozen=True)
class ApprovalCount:
    kind: str
    done_month: int
    overdue: int  # at the month-end


@dataclass(frozen=True)
class Element:
    name: str  # 用地, 用能, 资金
    problems: ProblemKind  # this month and to date
    open: list[Problem]  # open at the month-end, oldest first
    approvals: ApprovalCount | None


@dataclass(frozen=True)
class BondLine:
    """A project with 专项债券 money whose disbursement is behind 序时."""

    code: str
    name: str
    department: str
    allocated: float  # 中央预算内投资 and 专项债券 money, 万元
    disbursed: float  # to date
    disbursement_rate: float | None


@dataclass(frozen=True)
class Funds:
    planned: float  # funding plans (or total investment where none is listed)
    arrived: float
    arrival_rate: float | None
    allocated: float  # 中央预算内投资 and 专项债券 money
    disbursed: float
    disbursement_rate: float | None
    bond_projects: int  # projects with 专项债券 money
    bond_allocated: float
    bond_disbursed: float
    bond_rate: float | None
    schedule_rate: float  # the calendar's 序时进度 the bond projects are held to
    behind: list[BondLine] = field(default_factory=list)  # lowest rate first


@dataclass(frozen=True)
class Elements:
    elements: list[Element]
    funds: Funds


def element_figures(ds: Dataset, table: pd.DataFrame, previous: dt.date,
                    approvals_done: list[tuple[str, str]],
                    approvals_overdue: list[tuple[str, str]]) -> Elements:
    """要素保障 at the table's day. ``approvals_done`` and ``approvals_overdue`` are (project
    code, approval kind) pairs of the month (``bulletin.approvals_as_of``)."""
    day = report_date(table)
    elements = []
    for name, kind, approval in ELEMENTS:
        of_kind = [p for p in ds.problems if p.kind == kind]
        r, s, o = problem_counts(of_kind, day)
        rb, sb, _ = problem_counts(of_kind, previous)
        counts = None
        if approval is not None:
            counts = ApprovalCount(approval, sum(k == approval for _, k in approvals_done),
                                   sum(k == approval for _, k in approvals_overdue))
        elements.append(Element(name, ProblemKind(kind, r - rb, s - sb, r, s, o),
                                open_problems(of_kind, day), counts))
    return Elements(elements, _funds(table, day))


def _funds(table: pd.DataFrame, day: dt.date) -> Funds:
    bonds = table.loc[table["has_special_bond"].astype(bool)]  # .loc: an empty table too
    schedule = schedule_rate(day)
    behind = []
    for code, row in table_rows(bonds):
        allocated = float(row["disbursement_allocated"])
        share = rate(float(row["funds_disbursed_total"]), allocated)
        if share is not None and share < schedule:
            behind.append(BondLine(str(code), str(row["name"]), str(row["department"]),
                                   allocated, float(row["funds_disbursed_total"]), share))
    behind.sort(key=lambda b: (b.disbursement_rate or 0.0, b.code))
    planned, arrived = float(table["funds_planned"].sum()), float(table["funds_arrived_total"].sum())
    allocated = float(table["disbursement_allocated"].sum())
    disbursed = float(table["funds_disbursed_total"].sum())
    bond_allocated = float(bonds["disbursement_allocated"].sum())
    bond_disbursed = float(bonds["funds_disbursed_total"].sum())
    return Funds(planned, arrived, rate(arrived, planned), allocated, disbursed,
                 rate(disbursed, allocated), len(bonds), bond_allocated, bond_disbursed,
                 rate(bond_disbursed, bond_allocated), schedule, behind)
