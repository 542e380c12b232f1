"""What a data update changes, as values: ``compare(base, head)`` → ``ChangeReport``.

The report holds raw values only: field changes keep their key path and the values
``model_dump(mode="json")`` gives, flags and notes carry a kind and the numbers they are
about. ``present.changes`` words it, for the pull request and for the changelog.
``compare`` is pure; ``report_between`` reads two revisions from git and compares them.

Anomalies flagged for the reviewer (they are not errors; ``check`` decides validity):

* ``cumulative-decrease``: a project's investment completed to date is lower than before;
* ``stage-back``: the stage moves back in ``vocab.STAGE_ORDER``;
* ``over-total``: completed to date is above the total investment;
* ``month-jump``: one month's completed is above ``jump_share`` of the total investment,
  for a record the change adds or revises;
* ``emptied``: a field that had a value is now empty.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar, NamedTuple

from pydantic import BaseModel

from generator.figures.records import counted_records
from generator.history.git import GitError, data_path_in_repo, export_data, repo_root, resolve
from generator.inputs.load import load_dataset
from generator.model import vocab
from generator.model.dataset import Dataset, Record
from generator.model.findings import Finding
from generator.model.models import Project
from generator.rules.validate import check_dataset

JUMP_SHARE = 0.30
MONEY_SLACK = 0.01  # 万元: differences below this are rounding, not changes
# Items of these lists are matched by this key, so inserting one does not renumber the rest.
LIST_KEYS = {
    "funding": "source",
    "approvals": "kind",
    "tenders": "item",
    "photos": "file",
    "townships": "code",
}


@dataclass(frozen=True)
class Item:
    """A list item in a key path: the value of its key field (``LIST_KEYS``) when every
    item has a distinct one, else its position (from 0)."""

    key: str | int


KeyPath = tuple[str | Item, ...]  # field names and mapping keys, and list items


@dataclass(frozen=True)
class FieldChange:
    path: KeyPath  # from the model down, e.g. ("funding", Item("地方政府专项债券"), "amount")
    before: Any  # as model_dump(mode="json") gives it; None when absent
    after: Any
    # "value"; "item": a whole list item added or removed (the other side is None);
    # "list": a list emptied (before is the old list)
    scope: str = "value"

    @property
    def emptied(self) -> bool:
        # Removing one item is an edit; emptying a value or a whole list is flagged.
        return self.scope != "item" and not is_empty(self.before) and is_empty(self.after)


@dataclass(frozen=True)
class ProjectChange:
    code: str
    name: str
    fields: list[FieldChange]


@dataclass(frozen=True)
class RecordChange:
    month: str
    project: str
    kind: str  # added / removed / changed
    fields: list[FieldChange] = field(default_factory=list)


class MonthTotal(NamedTuple):
    records: int  # rows in the month's file
    completed: float  # their completed investment, 万元


@dataclass(frozen=True)
class Total:
    key: str  # total_investment; annual_plan or completed (of ``year``)
    before: float
    after: float
    year: int | None = None


@dataclass(frozen=True)
class Count:
    key: str  # a key of Dataset.count_summary
    before: int
    after: int


@dataclass(frozen=True)
class Flag:
    """Something about one project for the reviewer to check; ``kind`` says what."""

    kind: ClassVar[str]
    code: str
    name: str


@dataclass(frozen=True)
class CumulativeDecrease(Flag):
    """Completed to date fell: the reported 开工以来累计 figures when both versions have one
    (``reported``), else the sums of the monthly figures."""

    kind: ClassVar[str] = "cumulative-decrease"
    reported: bool
    before: float
    after: float


@dataclass(frozen=True)
class StageBack(Flag):
    kind: ClassVar[str] = "stage-back"
    before: str
    after: str


@dataclass(frozen=True)
class OverTotal(Flag):
    kind: ClassVar[str] = "over-total"
    done: float  # completed to date, the larger of the reported and the summed figure
    total: float
    already: bool  # it was so before the change too


@dataclass(frozen=True)
class MonthJump(Flag):
    kind: ClassVar[str] = "month-jump"
    month: str
    completed: float
    share: float  # of the total investment
    limit: float  # the jump_share it is above


@dataclass(frozen=True)
class Emptied(Flag):
    kind: ClassVar[str] = "emptied"
    change: FieldChange
    month: str | None = None  # a monthly record's field; None for the project's own


@dataclass(frozen=True)
class Revision:
    """A version compared: a git revision as given (``name``) and its commit, or the working
    tree (``name`` None)."""

    name: str | None
    commit: str | None = None


@dataclass(frozen=True)
class Note:
    """Something about the comparison itself, by ``kind``: ``skipped`` (a file at ``rev``
    that is not a regular file, ``path``), ``no-data`` (``rev`` has no ``path``: everything
    counts as added), ``errors`` (the ``side``, base or head, has ``count`` validation
    errors)."""

    kind: str
    rev: str | None = None
    path: str | None = None
    side: str | None = None
    count: int = 0


@dataclass
class ChangeReport:
    base: Revision
    head: Revision
    added: list[Project] = field(default_factory=list)
    removed: list[Project] = field(default_factory=list)
    changed: list[ProjectChange] = field(default_factory=list)
    config: list[FieldChange] = field(default_factory=list)
    months_added: dict[str, MonthTotal] = field(default_factory=dict)
    months_removed: list[str] = field(default_factory=list)
    revisions: list[RecordChange] = field(default_factory=list)
    totals: list[Total] = field(default_factory=list)
    counts: list[Count] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (
            self.added
            or self.removed
            or self.changed
            or self.config
            or self.months_added
            or self.months_removed
            or self.revisions
        )


# --- comparing ------------------------------------------------------------------------


def compare(
    base: Dataset | None,
    head: Dataset,
    *,
    jump_share: float = JUMP_SHARE,
    base_rev: Revision = Revision("base"),
    head_rev: Revision = Revision("head"),
) -> ChangeReport:
    """What changed from ``base`` to ``head``; ``base`` None means no data before."""
    report = ChangeReport(base_rev, head_rev)
    before = base.projects if base else {}
    after = head.projects
    report.added = [after[c] for c in sorted(after.keys() - before.keys())]
    report.removed = [before[c] for c in sorted(before.keys() - after.keys())]
    for code in sorted(before.keys() & after.keys()):
        changes = diff_models(before[code], after[code])
        if changes:
            report.changed.append(ProjectChange(code, after[code].name, changes))
    if base is not None:
        report.config = diff_models(base.config, head.config)

    base_months = set(base.months) if base else set()
    base_records = _records_by_key(base.records) if base else {}
    head_records = _records_by_key(head.records)
    for month in sorted(set(head.months) - base_months):
        # the month's file as it stands: every row, counted or not
        rows = [r for r in head.records if r.month == month]
        report.months_added[month] = MonthTotal(len(rows), sum(r.data.completed for r in rows))
    report.months_removed = sorted(base_months - set(head.months))
    for key in sorted(base_records.keys() | head_records.keys()):
        month = key[0]
        if month not in base_months or month not in head.months:
            continue  # whole months added or removed are listed above
        old, new = base_records.get(key), head_records.get(key)
        if old is None:
            report.revisions.append(RecordChange(month, key[1], "added"))
        elif new is None:
            report.revisions.append(RecordChange(month, key[1], "removed"))
        else:
            changes = diff_models(old.data, new.data)
            if changes:
                report.revisions.append(RecordChange(month, key[1], "changed", changes))

    year = head.config.report_date.year
    report.totals = [
        Total("total_investment", _sum_total(base), _sum_total(head)),
        Total("annual_plan", _sum_plan(base, year), _sum_plan(head, year), year),
        Total("completed", _sum_completed(base, year), _sum_completed(head, year), year),
    ]
    base_counts = base.count_summary() if base else {}
    head_counts = head.count_summary()
    for key in ("projects", "monthly_records", "problems", "targets", "plans", "cases", "photos"):
        report.counts.append(Count(key, base_counts.get(key, 0), head_counts[key]))
    report.flags = _flags(base, head, report, base_records, jump_share)
    return report


def diff_models(before: BaseModel, after: BaseModel) -> list[FieldChange]:
    """Field-level changes between two models of one type, in field order."""
    out: list[FieldChange] = []
    _walk(type(before), before.model_dump(mode="json"), after.model_dump(mode="json"), (), out)
    return out


def _walk(
    model: type[BaseModel], before: Any, after: Any, path: KeyPath, out: list[FieldChange]
) -> None:
    if before == after:
        return
    if isinstance(before, dict) or isinstance(after, dict):
        old, new = before or {}, after or {}
        if model_at(model, path) is not None:
            keys = list(old) + [k for k in new if k not in old]
        else:  # a mapping such as annual_plan: year → amount
            keys = sorted(set(old) | set(new), key=str)
        for key in keys:
            _walk(model, old.get(key), new.get(key), (*path, key), out)
        return
    if _is_item_list(before) or _is_item_list(after):
        old_items = _keyed(path, before or [])
        new_items = _keyed(path, after or [])
        for key in list(old_items) + [k for k in new_items if k not in old_items]:
            a, b = old_items.get(key), new_items.get(key)
            if a is None or b is None:
                out.append(FieldChange((*path, Item(key)), a, b, scope="item"))
            else:
                _walk(model, a, b, (*path, Item(key)), out)
        if before and not after:  # the whole list emptied: one line says so
            out.append(FieldChange(path, before, after, scope="list"))
        return
    out.append(FieldChange(path, before, after))


def model_at(model: type[BaseModel], path: KeyPath) -> type[BaseModel] | None:
    """The model whose fields sit at ``path`` under ``model``, or None (e.g. in a mapping)."""
    current: type[BaseModel] | None = model
    for part in path:
        if isinstance(part, Item):
            continue
        info = current.model_fields.get(part) if current is not None else None
        if info is None:
            return None
        current = _nested_model(info.annotation)
    return current


def _nested_model(annotation: Any) -> type[BaseModel] | None:
    """The model in ``Dates``, ``FinalAccounts | None`` or ``list[Funding]``, if any."""
    queue = [annotation]
    while queue:
        current = queue.pop(0)
        if isinstance(current, type) and issubclass(current, BaseModel):
            return current
        queue.extend(getattr(current, "__args__", ()))
    return None


def _is_item_list(value: Any) -> bool:
    return isinstance(value, list) and any(isinstance(v, dict) for v in value)


def _keyed(path: KeyPath, items: list[Any]) -> dict[str | int, Any]:
    name = path[-1] if path else None
    key = LIST_KEYS.get(name) if isinstance(name, str) else None
    if key is not None:
        keys = [str(item.get(key)) for item in items if isinstance(item, dict)]
        if len(keys) == len(items) and len(set(keys)) == len(keys):
            return dict(zip(keys, items, strict=True))
    return dict(enumerate(items))


def is_empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def _records_by_key(records: Iterable[Record]) -> dict[tuple[str, str], Record]:
    """Every (month, project) row, the first one by month and row winning as in validation,
    but unlike ``counted_records`` also for projects the dataset lacks (a project file that
    failed to load or was removed): a change to their rows is still a change to review."""
    out: dict[tuple[str, str], Record] = {}
    for record in sorted(records, key=lambda r: (r.month, r.row)):
        out.setdefault((record.month, record.data.project), record)
    return out


def _sum_total(ds: Dataset | None) -> float:
    return sum(p.total_investment for p in ds.projects.values()) if ds else 0.0


def _sum_plan(ds: Dataset | None, year: int) -> float:
    return sum(p.annual_plan.get(year, 0.0) for p in ds.projects.values()) if ds else 0.0


def _sum_completed(ds: Dataset | None, year: int) -> float:
    if ds is None:
        return 0.0
    return sum(r.data.completed for r in counted_records(ds) if r.month.startswith(f"{year}-"))


def completed_to_date(ds: Dataset | None, code: str) -> tuple[float, float | None]:
    """The sum of a project's monthly completed figures, and its last reported cumulative
    figure (开工以来累计完成投资, None when never reported)."""
    if ds is None:
        return 0.0, None
    total = 0.0
    reported = None
    for record in counted_records(ds):  # in month order
        if record.data.project == code:
            total += record.data.completed
            if record.data.cumulative is not None:
                reported = record.data.cumulative
    return total, reported


def _done(ds: Dataset | None, code: str) -> float:
    """Completed to date: the larger of the two figures (the rule ``validate`` uses)."""
    total, reported = completed_to_date(ds, code)
    return max(total, reported or 0.0)


def _flags(
    base: Dataset | None,
    head: Dataset,
    report: ChangeReport,
    base_records: dict[tuple[str, str], Record],
    jump_share: float,
) -> list[Flag]:
    flags: list[Flag] = []
    for code, project in head.projects.items():
        old = base.projects.get(code) if base else None
        done = _done(head, code)
        if old is not None:
            (sum_before, reported_before), (sum_after, reported_after) = (
                completed_to_date(base, code),
                completed_to_date(head, code),
            )
            if (
                reported_before is not None
                and reported_after is not None
                and reported_after + MONEY_SLACK < reported_before
            ):
                flags.append(
                    CumulativeDecrease(code, project.name, True, reported_before, reported_after)
                )
            elif sum_after + MONEY_SLACK < sum_before:
                flags.append(CumulativeDecrease(code, project.name, False, sum_before, sum_after))
            if vocab.STAGE_ORDER[project.stage] < vocab.STAGE_ORDER[old.stage]:
                flags.append(StageBack(code, project.name, old.stage, project.stage))
        if done > project.total_investment + MONEY_SLACK:
            was = old is not None and _done(base, code) > old.total_investment + MONEY_SLACK
            flags.append(OverTotal(code, project.name, done, project.total_investment, was))
    counted = sorted(counted_records(head), key=lambda r: (r.month, r.data.project))
    for record in counted:
        project = head.projects[record.data.project]
        old = base_records.get((record.month, record.data.project))
        if old is not None and old.data == record.data:
            continue
        if (
            project.total_investment > 0
            and record.data.completed > jump_share * project.total_investment + MONEY_SLACK
        ):
            share = record.data.completed / project.total_investment
            flags.append(
                MonthJump(
                    project.code,
                    project.name,
                    record.month,
                    record.data.completed,
                    share,
                    jump_share,
                )
            )
    names = {c: p.name for c, p in head.projects.items()}
    for change in report.changed:
        flags += [Emptied(change.code, change.name, fc) for fc in change.fields if fc.emptied]
    for revision in report.revisions:
        flags += [
            Emptied(revision.project, names.get(revision.project, ""), fc, revision.month)
            for fc in revision.fields
            if fc.emptied
        ]
    return flags


# --- reading two revisions ------------------------------------------------------------


def _load(root: Path) -> tuple[Dataset | None, list[Finding]]:
    """Load like ``check`` but keep the dataset when it has errors: the report shows what it can."""
    dataset, findings = load_dataset(root)
    if dataset is not None:
        findings = findings + check_dataset(dataset)
    return dataset, findings


def report_between(
    data: Path, base: str, head: str | None = None, *, jump_share: float = JUMP_SHARE
) -> ChangeReport:
    """Compare ``data`` at ``base`` with ``head`` (default: the working tree)."""
    repo = repo_root(data if data.is_dir() else data.parent)
    rel = data_path_in_repo(repo, data)
    with tempfile.TemporaryDirectory(prefix="zdxm-diff-") as tmp:
        notes: list[Note] = []
        base_root, skipped = export_data(repo, base, rel, Path(tmp) / "base")
        notes += [Note("skipped", rev=base, path=p) for p in skipped]
        base_ds, base_findings = _load(base_root) if base_root else (None, [])
        if base_root is None:
            notes.append(Note("no-data", rev=base, path=rel))
        if head is None:
            head_ds, head_findings = _load(data)
            head_rev = Revision(None)
        else:
            head_root, skipped = export_data(repo, head, rel, Path(tmp) / "head")
            notes += [Note("skipped", rev=head, path=p) for p in skipped]
            if head_root is None:
                raise GitError("no-data", rev=head, path=rel)
            head_ds, head_findings = _load(head_root)
            head_rev = Revision(head, resolve(repo, head))
        if head_ds is None:
            raise GitError("unreadable", findings=[str(f) for f in head_findings[:3]])
        for side, findings in (("base", base_findings), ("head", head_findings)):
            errors = sum(f.severity == "error" for f in findings)
            if errors:
                notes.append(Note("errors", side=side, count=errors))
        report = compare(
            base_ds,
            head_ds,
            jump_share=jump_share,
            base_rev=Revision(base, resolve(repo, base)),
            head_rev=head_rev,
        )
        report.notes = notes
        return report
