"""The one rule for a pre-construction approval (前期手续) that is overdue.

An approval is overdue at a day when its deadline has passed (a month-only deadline after
the month's last day) and it was not done by that day. One done later still counts as
overdue for an earlier day, so a past month's 挂牌督办 list stays what it was then. Every
page, table and bulletin asks this module; ``approval_dates`` is where "done" is decided.
"""

from __future__ import annotations

import datetime as dt

from generator.model.models import Approval, Project

# (deadline's last day, done day): worked out once per approval, compared many times.
ApprovalDates = tuple[dt.date | None, dt.date | None]


def approval_dates(approval: Approval) -> ApprovalDates:
    """The deadline's last day and the day it was done (None while not done).

    Validation makes 已办结 and a done date go together, so the date alone says "done".
    """
    deadline = approval.deadline.end() if approval.deadline is not None else None
    done = approval.done.start() if approval.done is not None else None
    return deadline, done


def done_by(dates: ApprovalDates, day: dt.date) -> bool:
    done = dates[1]
    return done is not None and done <= day


def overdue_at(dates: ApprovalDates, day: dt.date) -> bool:
    """Deadline before ``day`` and not done by ``day``."""
    deadline = dates[0]
    return deadline is not None and deadline < day and not done_by(dates, day)


def is_overdue(approval: Approval, day: dt.date) -> bool:
    return overdue_at(approval_dates(approval), day)


def overdue_approvals(project: Project, day: dt.date) -> list[Approval]:
    """The project's approvals overdue at ``day``, in file order."""
    return [a for a in project.approvals if is_overdue(a, day)]
