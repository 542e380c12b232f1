"""Change report: what a data update changes, as Chinese Markdown for the pull request.

``compare(base, head)`` takes two loaded ``Dataset`` values and returns a ``ChangeReport``;
``render_markdown`` turns it into text. Both are pure. Reading a revision is separate:
``git.export_data`` copies the files under ``data/`` at a revision, and the normal loader
reads them.

Anomalies flagged for the reviewer (they are not errors; ``check`` decides validity):

* 累计完成投资减少: a project's investment completed to date is lower than before;
* 阶段倒退: the stage moves back in ``vocab.STAGE_ORDER``;
* 完成超总投资: completed to date is above the total investment;
* 单月完成过大: one month's completed is above ``jump_share`` of the total investment, for
  a record the change adds or revises;
* 已填内容被清空: a field that had a value is now empty.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from generator.history.git import GitError, data_path_in_repo, export_data, repo_root, resolve
from generator.inputs.explain import model_title
from generator.inputs.load import load_dataset
from generator.model import vocab
from generator.model.dataset import Dataset, Record
from generator.model.findings import Finding
from generator.model.models import Project
from generator.rules.validate import check_dataset

JUMP_SHARE = 0.30
MONEY_SLACK = 0.01
MARKER = "<!-- zdxm-data-diff -->"
# Items of these lists are matched by this key, so inserting one does not renumber the rest.
LIST_KEYS = {
    "funding": "source",
    "approvals": "kind",
    "tenders": "item",
    "photos": "file",
    "townships": "code",
}


@dataclass(frozen=True)
class FieldChange:
    path: str  # YAML path, e.g. funding[地方政府专项债券].amount
    label: str  # Chinese, e.g. 资金来源 › 地方政府专项债券 › 金额(万元)
    before: str | None  # display text; None when empty
    after: str | None
    item: bool = False  # a whole list item added or removed (removing one is an edit)

    @property
    def emptied(self) -> bool:
        return self.before is not None and self.after is None and not self.item


@dataclass(frozen=True)
class ProjectChange:
    code: str
    name: str
    fields: list[FieldChange]


@dataclass(frozen=True)
class RecordChange:
    month: str
    project: str
    kind: str  # 新增 / 删除 / 修改
    fields: list[FieldChange] = field(default_factory=list)


@dataclass(frozen=True)
class Total:
    label: str
    before: float
    after: float


@dataclass(frozen=True)
class Flag:
    kind: str
    code: str
    name: str
    message: str


@dataclass
class ChangeReport:
    base_label: str
    head_label: str
    added: list[Project] = field(default_factory=list)
    removed: list[Project] = field(default_factory=list)
    changed: list[ProjectChange] = field(default_factory=list)
    config: list[FieldChange] = field(default_factory=list)
    months_added: dict[str, tuple[int, float]] = field(default_factory=dict)
    months_removed: list[str] = field(default_factory=list)
    revisions: list[RecordChange] = field(default_factory=list)
    totals: list[Total] = field(default_factory=list)
    counts: list[tuple[str, int, int]] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

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
    base_label: str = "base",
    head_label: str = "head",
) -> ChangeReport:
    """What changed from ``base`` to ``head``; ``base`` None means no data before."""
    report = ChangeReport(base_label, head_label)
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
        rows = [r for r in head.records if r.month == month]
        report.months_added[month] = (len(rows), sum(r.data.completed for r in rows))
    report.months_removed = sorted(base_months - set(head.months))
    for key in sorted(base_records.keys() | head_records.keys()):
        month = key[0]
        if month not in base_months or month not in head.months:
            continue  # whole months added or removed are listed above
        old, new = base_records.get(key), head_records.get(key)
        if old is None:
            report.revisions.append(RecordChange(month, key[1], "新增"))
        elif new is None:
            report.revisions.append(RecordChange(month, key[1], "删除"))
        else:
            changes = diff_models(old.data, new.data)
            if changes:
                report.revisions.append(RecordChange(month, key[1], "修改", changes))

    year = head.config.report_date.year
    report.totals = [
        Total("总投资合计(万元)", _sum_total(base), _sum_total(head)),
        Total(f"{year}年计划投资合计(万元)", _sum_plan(base, year), _sum_plan(head, year)),
        Total(
            f"{year}年完成投资合计(万元)", _sum_completed(base, year), _sum_completed(head, year)
        ),
    ]
    base_counts = base.count_summary() if base else {}
    for key, label in (
        ("projects", "项目"),
        ("monthly_records", "月度记录"),
        ("problems", "问题诉求"),
        ("targets", "攻坚目标"),
        ("plans", "行动方案"),
        ("photos", "照片"),
    ):
        report.counts.append((label, base_counts.get(key, 0), head.count_summary()[key]))
    report.flags = _flags(base, head, report, base_records, jump_share)
    return report


def diff_models(before: BaseModel, after: BaseModel) -> list[FieldChange]:
    """Field-level changes between two models of one type, in field order."""
    out: list[FieldChange] = []
    _walk(type(before), before.model_dump(mode="json"), after.model_dump(mode="json"), (), (), out)
    return out


def _walk(
    model: type[BaseModel],
    before: Any,
    after: Any,
    path: tuple[Any, ...],
    struct: tuple[Any, ...],
    out: list[FieldChange],
) -> None:
    if before == after:
        return
    if isinstance(before, dict) or isinstance(after, dict):
        old, new = before or {}, after or {}
        if _model_at(model, struct) is not None:
            keys = list(old) + [k for k in new if k not in old]
        else:  # a mapping such as annual_plan: year → amount
            keys = sorted(set(old) | set(new), key=str)
        for key in keys:
            _walk(model, old.get(key), new.get(key), (*path, key), (*struct, key), out)
        return
    if _is_item_list(before) or _is_item_list(after):
        old_items = _keyed(path, before or [])
        new_items = _keyed(path, after or [])
        for key in list(old_items) + [k for k in new_items if k not in old_items]:
            a, b = old_items.get(key), new_items.get(key)
            if a is None or b is None:
                out.append(
                    FieldChange(
                        _path_text((*path, key)),
                        _label(model, (*path, key), (*struct, 0)),
                        _summary(a),
                        _summary(b),
                        item=True,
                    )
                )
            else:
                _walk(model, a, b, (*path, key), (*struct, 0), out)
        if before and not after:  # the whole list emptied: one line says so
            out.append(
                FieldChange(
                    _path_text(path), _label(model, path, struct), f"{len(before)} 项", None
                )
            )
        return
    out.append(
        FieldChange(
            _path_text(path), _label(model, path, struct), _display(before), _display(after)
        )
    )


def _model_at(model: type[BaseModel], struct: tuple[Any, ...]) -> type[BaseModel] | None:
    """The model whose fields sit at ``struct`` (list positions are ints), or None."""
    current: type[BaseModel] | None = model
    for part in struct:
        if isinstance(part, int):
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


def _keyed(path: tuple[Any, ...], items: list[Any]) -> dict[str, Any]:
    name = path[-1] if path else None
    key = LIST_KEYS.get(name) if isinstance(name, str) else None
    if key is not None:
        keys = [str(item.get(key)) for item in items if isinstance(item, dict)]
        if len(keys) == len(items) and len(set(keys)) == len(keys):
            return dict(zip(keys, items, strict=True))
    return {f"第{i + 1}项": item for i, item in enumerate(items)}


def _path_text(path: tuple[Any, ...]) -> str:
    out = ""
    for part in path:
        if isinstance(part, str) and re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", part):
            out += f".{part}" if out else part
        else:
            out += f"[{part}]"
    return out


def _label(model: type[BaseModel], path: tuple[Any, ...], struct: tuple[Any, ...]) -> str:
    """Titles of each level joined: 资金来源 › 地方政府专项债券 › 金额(万元)."""
    parts: list[str] = []
    for i, part in enumerate(path):
        title = model_title(model, struct[: i + 1]) if i < len(struct) else None
        if isinstance(part, str) and _is_field(model, struct[: i + 1]) and title:
            parts.append(title)
        elif isinstance(part, str) and re.fullmatch(r"\d{4}", part):
            parts.append(f"{part}年")
        else:
            parts.append(str(part))
    return " › ".join(parts)


def _is_field(model: type[BaseModel], struct: tuple[Any, ...]) -> bool:
    if not struct or not isinstance(struct[-1], str):
        return False
    parent = _model_at(model, struct[:-1])
    return parent is not None and struct[-1] in parent.model_fields


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def _display(value: Any) -> str | None:
    if _empty(value):
        return None
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, int | float):
        return money(value)
    if isinstance(value, list):
        return "、".join(str(_display(v)) for v in value)
    return str(value)


def _summary(item: Any) -> str | None:
    if item is None:
        return None
    if isinstance(item, dict):
        parts = [_display(v) for v in item.values() if not _empty(v)]
        return " ".join(p for p in parts if p)
    return _display(item)


def money(value: float) -> str:
    """12000.0 → 12,000; 1234.5 → 1,234.5; at most two decimals."""
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    return "0" if text in {"-0", ""} else text


def _records_by_key(records: Iterable[Record]) -> dict[tuple[str, str], Record]:
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
    return sum(
        r.data.completed
        for r in _records_by_key(ds.records).values()
        if r.month.startswith(f"{year}-") and r.data.project in ds.projects
    )


def completed_to_date(ds: Dataset | None, code: str) -> tuple[float, float | None]:
    """The sum of a project's monthly completed figures, and its last reported cumulative
    figure (开工以来累计完成投资, None when never reported)."""
    if ds is None:
        return 0.0, None
    total = 0.0
    reported = None
    for record in sorted(_records_by_key(ds.records).values(), key=lambda r: r.month):
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
                    Flag(
                        "累计完成投资减少",
                        code,
                        project.name,
                        f"开工以来累计 {money(reported_before)} → {money(reported_after)} 万元",
                    )
                )
            elif sum_after + MONEY_SLACK < sum_before:
                flags.append(
                    Flag(
                        "累计完成投资减少",
                        code,
                        project.name,
                        f"各月完成合计 {money(sum_before)} → {money(sum_after)} 万元",
                    )
                )
            if vocab.STAGE_ORDER[project.stage] < vocab.STAGE_ORDER[old.stage]:
                flags.append(Flag("阶段倒退", code, project.name, f"{old.stage} → {project.stage}"))
        if done > project.total_investment + MONEY_SLACK:
            was = old is not None and _done(base, code) > old.total_investment + MONEY_SLACK
            flags.append(
                Flag(
                    "完成超总投资",
                    code,
                    project.name,
                    f"累计完成 {money(done)} 万元, 总投资 {money(project.total_investment)} "
                    f"万元{'(变更前已如此)' if was else ''}",
                )
            )
    for key, record in sorted(_records_by_key(head.records).items()):
        project = head.projects.get(record.data.project)
        old = base_records.get(key)
        if project is None or (old is not None and old.data == record.data):
            continue
        if (
            project.total_investment > 0
            and record.data.completed > jump_share * project.total_investment + MONEY_SLACK
        ):
            share = record.data.completed / project.total_investment
            flags.append(
                Flag(
                    "单月完成过大",
                    project.code,
                    project.name,
                    f"{record.month} 完成 {money(record.data.completed)} 万元, 占总投资 "
                    f"{share:.0%} (超过 {jump_share:.0%})",
                )
            )
    names = {c: p.name for c, p in head.projects.items()}
    for change in report.changed:
        for fc in change.fields:
            if fc.emptied:
                flags.append(
                    Flag("已填内容被清空", change.code, change.name, f"{fc.label} (`{fc.path}`)")
                )
    for revision in report.revisions:
        for fc in revision.fields:
            if fc.emptied:
                flags.append(
                    Flag(
                        "已填内容被清空",
                        revision.project,
                        names.get(revision.project, ""),
                        f"{revision.month} 月度数据 {fc.label}",
                    )
                )
    return flags


# --- rendering ------------------------------------------------------------------------


def render_markdown(report: ChangeReport) -> str:
    """The report as GitHub-flavoured Markdown; data text is escaped, never markup."""
    lines = [
        MARKER,
        "## 数据变更报告 (data change report)",
        "",
        f"对比 {_code(report.base_label)} → {_code(report.head_label)}",
        "",
    ]
    for note in report.notes:
        lines += [f"> {note}", ""]
    if report.empty:
        lines += ["数据没有变化。", ""]
        return "\n".join(lines)

    if report.flags:
        lines += [f"### ⚠️ 需要核实 ({len(report.flags)})", ""]
        for flag in report.flags:
            lines.append(
                f"- **{flag.kind}** {_code(flag.code)} {_text(flag.name)}: "
                f"{_flag_text(flag.message)}"
            )
        lines.append("")

    lines += ["### 汇总", "", "| 指标 | 变更前 | 变更后 | 变化 |", "| --- | ---: | ---: | ---: |"]
    for label, old, new in report.counts:
        if old != new or label == "项目":
            lines.append(f"| {label}数 | {old} | {new} | {_delta(new - old)} |")
    for total in report.totals:
        lines.append(
            f"| {total.label} | {money(total.before)} | {money(total.after)} | "
            f"{_delta(total.after - total.before)} |"
        )
    lines.append("")

    if report.added:
        lines += [f"### 新增项目 ({len(report.added)})", ""]
        for p in report.added:
            lines.append(
                f"- {_code(p.code)} {_text(p.name)} — {p.level} · {p.domain} · {p.stage} · "
                f"总投资 {money(p.total_investment)} 万元"
            )
        lines.append("")
    if report.removed:
        lines += [f"### 删除项目 ({len(report.removed)})", ""]
        for p in report.removed:
            lines.append(
                f"- {_code(p.code)} {_text(p.name)} — 总投资 {money(p.total_investment)} 万元"
            )
        lines.append("")
    if report.changed:
        lines += [f"### 修改项目 ({len(report.changed)})", ""]
        for change in report.changed:
            lines += [f"#### {_code(change.code)} {_text(change.name)}", ""]
            lines += [_change_line(fc) for fc in change.fields]
            lines.append("")
    if report.config:
        lines += ["### 站点配置 (site.yaml)", ""]
        lines += [_change_line(fc) for fc in report.config]
        lines.append("")
    if report.months_added or report.months_removed or report.revisions:
        lines += ["### 月度数据", ""]
        for month, (rows, completed) in report.months_added.items():
            lines.append(
                f"- 新增月份 {month}: {rows} 个项目, 本月完成投资合计 {money(completed)} 万元"
            )
        for month in report.months_removed:
            lines.append(f"- 删除月份 {month}")
        for revision in report.revisions:
            head = f"- 修订 {revision.month} {_code(revision.project)} {revision.kind}"
            if not revision.fields:
                lines.append(head)
            for fc in revision.fields:
                lines.append(f"{head}: {fc.label} {_value(fc.before)} → {_value(fc.after)}")
        lines.append("")
    return "\n".join(lines)


def _change_line(fc: FieldChange) -> str:
    return f"- {_text(fc.label)} ({_code(fc.path)}): {_value(fc.before)} → {_value(fc.after)}"


def _value(text: str | None) -> str:
    return "（空）" if text is None else _code(text)


def _delta(value: float) -> str:
    if abs(value) < MONEY_SLACK:
        return "—"
    return ("+" if value > 0 else "-") + money(abs(value))


def _flag_text(message: str) -> str:
    # Flag messages are built here from numbers, stages and labels; a label's path is the
    # one part in backticks, and labels come from model titles, not from the data.
    parts = message.split("`")
    return "".join(_code(p) if i % 2 else _text(p) for i, p in enumerate(parts))


def _code(text: str, limit: int = 120) -> str:
    """Inline code: shows data as typed, with no markup, links or @mentions."""
    text = " ⏎ ".join(str(text).splitlines()) or " "
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    text = text.replace("|", "\\|")
    fence = "`" * (max((len(m) for m in re.findall(r"`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _text(text: str, limit: int = 80) -> str:
    """Plain text in Markdown: markup characters escaped, @mentions and #refs defused."""
    text = " ".join(str(text).split())
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = re.sub(r"([\\`*_\[\]#|~])", r"\\\1", text)
    return text.replace("@", "@\u200b")


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
        notes: list[str] = []
        base_root, skipped = export_data(repo, base, rel, Path(tmp) / "base")
        notes += [f"{base} 中跳过非普通文件 {p}" for p in skipped]
        base_ds, base_findings = _load(base_root) if base_root else (None, [])
        if base_root is None:
            notes.append(f"{base} 中没有 {rel}/, 全部数据按新增处理")
        if head is None:
            head_ds, head_findings = _load(data)
            head_label = "工作区 (working tree)"
        else:
            head_root, skipped = export_data(repo, head, rel, Path(tmp) / "head")
            notes += [f"{head} 中跳过非普通文件 {p}" for p in skipped]
            if head_root is None:
                raise GitError(f"{head} 中没有数据目录 {rel}/")
            head_ds, head_findings = _load(head_root)
            head_label = f"{head} ({resolve(repo, head)[:10]})"
        if head_ds is None:
            raise GitError(
                f"变更后的数据无法读取 (site.yaml 有误); 先运行 check: "
                f"{'; '.join(str(f) for f in head_findings[:3])}"
            )
        for label, findings in (("变更前", base_findings), ("变更后", head_findings)):
            errors = sum(f.severity == "error" for f in findings)
            if errors:
                notes.append(
                    f"{label}的数据有 {errors} 个校验错误 (详见 make check); "
                    "无法读取的文件未计入本报告"
                )
        report = compare(
            base_ds,
            head_ds,
            jump_share=jump_share,
            base_label=f"{base} ({resolve(repo, base)[:10]})",
            head_label=head_label,
        )
        report.notes = notes
        return report
